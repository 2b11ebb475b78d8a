"""Importing wscat, websocat and curl commands and HAR files: round trips with copy_as,
commands as users paste them, what becomes a note, and every error message."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import trustme

from wsgui.core.model.checks import field_errors
from wsgui.core.model.options import Auth, ConnectOptions, Header, ProxyMode, UserAgentMode
from wsgui.core.profiles.copy_as import as_curl, as_websocat, as_wscat
from wsgui.core.profiles.importers import (
    ImportedMessage,
    ImportedProfile,
    ImportFailure,
    import_command_line,
    import_har,
)

ROWS = (
    Header("X-Plain", "two words here"),
    Header("X-Quotes", """it's "quoted" `tick` \\ back"""),
    Header("X-Shell", "$HOME; rm -rf / && echo $(id)"),
    Header("X-Unicode", "café é"),
    Header("X-Empty", ""),
    Header("Authorization", "Bearer t0k$en 'x'"),
)


def _imported(text: str) -> ImportedProfile:
    """Import a command line; whatever it gives must be usable as it is."""
    profile = import_command_line(text)
    assert field_errors(profile.options) == {}
    return profile


@pytest.fixture
def full(tmp_path: Path) -> ConnectOptions:
    """Every field some tool can express, with TLS files that exist (field_errors checks)."""
    ca = trustme.CA()
    client = ca.issue_cert("client@example.com")
    files = [str(tmp_path / name) for name in ("my ca.pem", "client.crt", "client.key")]
    ca.cert_pem.write_to_path(files[0])
    client.cert_chain_pems[0].write_to_path(files[1])
    client.private_key_pem.write_to_path(files[2])
    return ConnectOptions(
        url="wss://example.com:8443/chat?room=1",
        subprotocols=("chat.v2", "json"),
        origin="https://app.example.com",
        headers=ROWS,
        user_agent_mode=UserAgentMode.CUSTOM,
        user_agent_value='my-agent/1.0 (test; "x")',
        verify_tls=False,
        ca_file=files[0],
        client_cert=files[1],
        client_key=files[2],
        proxy_mode=ProxyMode.URL,
        proxy_url="http://proxy.local:3128",
    )


def test_wscat_round_trip_keeps_every_field(full: ConnectOptions) -> None:
    profile = _imported(as_wscat(full))
    assert profile.options == full
    assert (profile.name, profile.notes, profile.messages) == ("example.com:8443/chat", (), ())


def test_websocat_round_trip_loses_only_tls_files_and_proxy(full: ConnectOptions) -> None:
    profile = _imported(as_websocat(full))
    lost = {"ca_file": "", "client_cert": "", "client_key": "", "proxy_url": ""}
    assert profile.options == replace(full, proxy_mode=ProxyMode.NONE, **lost)
    assert profile.notes == ()


def test_curl_round_trip_keeps_every_field_but_says_compression_off(
    full: ConnectOptions,
) -> None:
    # as_curl offers no permessage-deflate: the request it makes has no compression.
    profile = _imported(as_curl(full))
    assert profile.options == replace(full, compression=False)
    assert profile.notes == ()


@pytest.mark.parametrize(
    ("mode", "proxy_url"),
    [
        (ProxyMode.NONE, ""),
        (ProxyMode.ENVIRONMENT, ""),
        (ProxyMode.URL, "socks5h://127.0.0.1:1080"),
    ],
)
def test_curl_round_trip_of_each_proxy_mode(mode: ProxyMode, proxy_url: str) -> None:
    options = ConnectOptions("ws://127.0.0.1:9/", proxy_mode=mode, proxy_url=proxy_url)
    assert _imported(as_curl(options)).options == replace(options, compression=False)


@pytest.mark.parametrize(
    ("mode", "value", "survives_in"),
    [
        (UserAgentMode.LIBRARY, "", {"wscat", "websocat", "curl"}),
        (UserAgentMode.NONE, "", {"curl"}),  # wscat and websocat cannot say "none"
        (UserAgentMode.CUSTOM, "agent é/1", {"wscat", "websocat", "curl"}),
    ],
)
def test_user_agent_modes(mode: UserAgentMode, value: str, survives_in: set[str]) -> None:
    options = ConnectOptions("ws://h:1/", user_agent_mode=mode, user_agent_value=value)
    for tool, copy in (("wscat", as_wscat), ("websocat", as_websocat), ("curl", as_curl)):
        imported = _imported(copy(options)).options
        expected = options if tool in survives_in else ConnectOptions("ws://h:1/")
        if tool == "curl":
            expected = replace(expected, compression=False)
        assert imported == expected, tool


def test_what_no_tool_expresses_comes_back_as_defaults(tmp_path: Path) -> None:
    (tmp_path / "ca.pem").write_text("x")
    options = ConnectOptions(
        url="ws://example.com/feed",  # ws://: TLS options are not written at all
        headers=(Header("X-On", "1"), Header("X-Off", "2", enabled=False)),
        auth=Auth.BASIC,
        auth_user="alice",
        auth_secret="pa ss",
        open_timeout=3.0,
        close_timeout=4.0,
        ping_interval=None,
        ping_timeout=None,
        max_size=None,
        verify_tls=False,
        ca_file=str(tmp_path / "ca.pem"),
        server_name="other.example",
        proxy_mode=ProxyMode.ENVIRONMENT,
    )
    basic = "Basic " + base64.b64encode(b"alice:pa ss").decode()
    expected = ConnectOptions(
        "ws://example.com/feed", headers=(Header("X-On", "1"), Header("Authorization", basic))
    )
    assert _imported(as_wscat(options)).options == expected
    assert _imported(as_websocat(options)).options == expected
    curl = replace(expected, compression=False, proxy_mode=ProxyMode.ENVIRONMENT)
    assert _imported(as_curl(options)).options == curl
    # Basic auth comes back as the header it makes: the same request.
    assert curl.request_headers() == options.request_headers()


def test_wscat_readme_example() -> None:
    profile = _imported('wscat -c ws://echo.websocket.events -H "Authorization: Bearer x" -s chat')
    assert profile == ImportedProfile(
        name="echo.websocket.events",
        options=ConnectOptions(
            "ws://echo.websocket.events/",
            subprotocols=("chat",),
            headers=(Header("Authorization", "Bearer x"),),
        ),
    )


def test_multi_line_curl_as_pasted() -> None:
    text = """curl -i -N \\
      -H "Connection: Upgrade" \\
      -H "Upgrade: websocket" \\
      -H "Sec-WebSocket-Version: 13" \\
      -H "Sec-WebSocket-Key: SGVsbG8sIHdvcmxkIQ==" \\
      -H "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits" \\
      -H 'Sec-WebSocket-Protocol: graphql-ws, json' \\
      -H "Origin: http://localhost:3000" \\
      -H "Host: 127.0.0.1:9" \\
      -A 'Mozilla/5.0 (X11)' \\
      -u alice:s3cret \\
      --noproxy '*' \\
      http://127.0.0.1:9/chat
    """
    profile = _imported(text)
    assert profile == ImportedProfile(
        name="127.0.0.1:9/chat",
        options=ConnectOptions(
            "ws://127.0.0.1:9/chat",
            subprotocols=("graphql-ws", "json"),
            origin="http://localhost:3000",
            auth=Auth.BASIC,
            auth_user="alice",
            auth_secret="s3cret",
            user_agent_mode=UserAgentMode.CUSTOM,
            user_agent_value="Mozilla/5.0 (X11)",
            compression=True,
        ),
    )


def test_chrome_copy_as_curl() -> None:
    text = (
        "curl 'wss://example.com/socket' -H 'Upgrade: websocket' "
        "-H 'Origin: https://example.com' -H 'Cache-Control: no-cache' "
        "-H 'Accept-Language: en' -H 'Connection: Upgrade' "
        "-H 'Sec-WebSocket-Key: abc==' -H 'User-Agent: Mozilla/5.0' "
        "-H 'Sec-WebSocket-Version: 13' "
        "-H 'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits' "
        "-b 'session=abc; theme=dark' --compressed"
    )
    options = _imported(text).options
    assert options == ConnectOptions(
        "wss://example.com/socket",
        origin="https://example.com",
        headers=(
            Header("Cache-Control", "no-cache"),
            Header("Accept-Language", "en"),
            Header("Cookie", "session=abc; theme=dark"),
        ),
        user_agent_mode=UserAgentMode.CUSTOM,
        user_agent_value="Mozilla/5.0",
        proxy_mode=ProxyMode.ENVIRONMENT,  # no --noproxy: curl follows *_proxy
    )


@pytest.mark.parametrize(
    "text",
    [
        "npx wscat -c wss://h/ws -n",
        "npx -y wscat@6 --connect=wss://h/ws --no-check",
        "$ /usr/local/bin/wscat -nc wss://h/ws",
        "C:\\\\tools\\\\wscat.exe -c wss://h/ws -n",
    ],
)
def test_wscat_spellings(text: str) -> None:
    profile = _imported(text)
    assert profile.options == ConnectOptions("wss://h/ws", verify_tls=False)
    assert profile.name == "h/ws"


@pytest.mark.parametrize(
    "text",
    [
        "/usr/bin/curl -sSk -HX-A:1 --header='X-B: 2' wss://h/",
        "curl --url wss://h/ --insecure -H 'X-A: 1' -H 'X-B: 2' -s",
    ],
)
def test_curl_option_forms(text: str) -> None:
    options = _imported(text).options
    expected_rows = (Header("X-A", "1"), Header("X-B", "2"))
    assert options == ConnectOptions(
        "wss://h/", headers=expected_rows, verify_tls=False, proxy_mode=ProxyMode.ENVIRONMENT
    )


def test_websocat_options() -> None:
    profile = _imported(
        "websocat -t --protocol 'a, b' --origin http://o -k -H 'X-A: 1' "
        "--basic-auth bob:pw --ping-interval 5 wss://h:9/x"
    )
    assert profile.options == ConnectOptions(
        "wss://h:9/x",
        subprotocols=("a", "b"),
        origin="http://o",
        headers=(Header("X-A", "1"),),
        auth=Auth.BASIC,
        auth_user="bob",
        auth_secret="pw",
        ping_interval=5.0,
        verify_tls=False,
    )
    assert profile.notes == ()


def test_wscat_notes_and_messages() -> None:
    profile = _imported(
        "NODE_TLS_REJECT_UNAUTHORIZED=0 wscat -c ws://h/ -L -w 5 --frobnicate stray "
        "-x '{\"op\": 1}' -x ping -P"
    )
    assert profile.notes == (
        "Environment variable NODE_TLS_REJECT_UNAUTHORIZED: not imported",
        "-L: not imported",
        "-w 5: not imported",
        "Option --frobnicate: not imported (unknown)",
        "Argument 'stray': not imported",
    )
    assert profile.messages == (
        ImportedMessage("sent", "text", '{"op": 1}', None),
        ImportedMessage("sent", "text", "ping", None),
    )


def test_curl_notes_never_quote_secrets() -> None:
    profile = _imported(
        "curl -X POST -d 'a=1' --noproxy example.com -H 'Accept:' -H 'Host: other:1' "
        "-U proxyuser:proxysecret -b cookies.txt -zq ws://h:1/ ws://second/"
    )
    assert profile.notes == (
        "-X POST: not imported",
        "-d a=1: not imported",
        "--noproxy example.com: not imported",
        "-U …: not imported",
        "-b cookies.txt: not imported",
        "Option -zq: not imported (unknown)",
        "URL ws://second/: not imported (only the first is used)",
        "-H 'Accept:' (removes a curl header): not imported",
        "Host header other:1: not imported; wsgui sends the URL's host",
    )
    assert not any("proxysecret" in note for note in profile.notes)
    assert profile.options.proxy_mode is ProxyMode.ENVIRONMENT


def test_refused_rows_are_kept_disabled_with_a_note() -> None:
    profile = _imported("wscat -c ws://h/ -H 'X-Emoji: ok 🙂' -H 'Bad Name: x' -H 'X-Ok: 1'")
    assert profile.options.headers == (
        Header("X-Emoji", "ok 🙂", enabled=False),
        Header("Bad Name", "x", enabled=False),
        Header("X-Ok", "1"),
    )
    assert profile.notes == (
        "Header X-Emoji: character U+1F642 at position 4 of the value is not allowed in HTTP "
        "(tabs, ASCII and Latin-1 only): imported as a disabled row",
        "Header name 'Bad Name': ' ' is not allowed in a header name: imported as a disabled row",
    )


def test_conflicts_resolved_like_the_tools_do() -> None:
    profile = _imported(
        "curl -u a:b -H 'Authorization: Bearer x' -H 'Sec-WebSocket-Extensions: x-webkit-deflate'"
        " -H 'Sec-WebSocket-Protocol: ok, bad/one' -x http://p:1 --noproxy '*' ws://h/"
    )
    # curl: the Authorization header wins over -u, and --noproxy '*' over -x.
    assert profile.options == ConnectOptions(
        "ws://h/",
        subprotocols=("ok",),
        headers=(Header("Authorization", "Bearer x"),),
        compression=False,
    )
    assert profile.notes == (
        "WebSocket extension x-webkit-deflate: not supported, not imported",
        "Subprotocol 'bad/one': not a valid token, not imported",
        "-u: not imported; the Authorization header replaces it",
        "Proxy http://p:1: not imported; --noproxy '*' wins",
    )
    origin = _imported("wscat -c ws://h/ -o http://a -H 'Origin: http://b'")
    assert origin.options.origin == "http://a"
    assert origin.notes == ("Origin header: not imported; the origin option is used",)


def test_curl_empty_user_agent_and_empty_header() -> None:
    options = _imported("curl -H 'User-Agent:' -H 'X-Empty;' ws://h/").options
    assert options.user_agent_mode is UserAgentMode.NONE
    assert options.headers == (Header("X-Empty", ""),)
    assert _imported("curl -A '' ws://h/").options.user_agent_mode is UserAgentMode.NONE


def test_name_never_shows_a_password() -> None:
    assert _imported("wscat -c ws://alice:pw@h:9/a/b/").name == "h:9/a/b"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("wscat -c", "wscat: -c needs a URL"),
        ("wscat -c -n", "wscat: -c needs a URL"),
        ("curl -H", "curl: -H needs a header"),
        ("wscat -s chat", "wscat: no -c/--connect URL found"),
        ("websocat -t tcp:127.0.0.1:1", "websocat: no ws:// or wss:// URL found"),
        ("curl -i -N", "curl: no URL found"),
        ("wscat -l 8080", "wscat: -l starts a server; import a client command"),
        ("websocat -s 8080", "websocat: -s starts a server; import a client command"),
        ("wscat -c ftp://h/", "wscat: Unsupported scheme 'ftp://': use ws:// or wss://"),
        ("curl 'ws://h/#x'", "curl: URL has a #fragment, which WebSocket URLs may not have"),
        ('wscat -c "ws://h/', "Cannot read the command line: No closing quotation"),
        ("  \n", "Nothing to import: paste a wscat, websocat or curl command line"),
        ("npx", "Nothing to import: paste a wscat, websocat or curl command line"),
        ("ssh -c ws://h/", "Not a wscat, websocat or curl command: it starts with 'ssh'"),
    ],
)
def test_command_line_errors(text: str, message: str) -> None:
    with pytest.raises(ImportFailure) as caught:
        import_command_line(text)
    assert str(caught.value) == message
    assert isinstance(caught.value, ValueError)


TEXT_SENT = {"type": "send", "time": 1700000000.5, "opcode": 1, "data": "hello"}
TEXT_RECEIVED = {"type": "receive", "time": 1700000000.75, "opcode": 1, "data": "héllo"}
BINARY = base64.b64encode(b"\x00\x01\xff").decode()
BINARY_RECEIVED = {"type": "receive", "time": 1700000001, "opcode": 2, "data": BINARY}


def _headers(**pairs: str) -> list[dict[str, str]]:
    return [{"name": name.replace("_", "-"), "value": value} for name, value in pairs.items()]


HAR: dict[str, Any] = {
    "log": {
        "version": "1.2",
        "creator": {"name": "WebInspector", "version": "537.36"},
        "entries": [
            {
                "_resourceType": "websocket",
                "request": {
                    "method": "GET",
                    "url": "wss://example.com/socket?v=1",
                    "headers": _headers(
                        Host="example.com",
                        Connection="Upgrade",
                        Pragma="no-cache",
                        User_Agent="Mozilla/5.0 (X11; Linux x86_64)",
                        Upgrade="websocket",
                        Origin="https://example.com",
                        Sec_WebSocket_Version="13",
                        Cookie="session=abc",
                        Sec_WebSocket_Key="dGhlIHNhbXBsZSBub25jZQ==",
                        Sec_WebSocket_Extensions="permessage-deflate; client_max_window_bits",
                        Sec_WebSocket_Protocol="v2.chat, json",
                    ),
                },
                "response": {"status": 101, "headers": []},
                "_webSocketMessages": [
                    TEXT_SENT,
                    TEXT_RECEIVED,
                    BINARY_RECEIVED,
                    {"type": "receive", "time": 1700000002, "opcode": 9, "data": ""},
                ],
            },
            {
                "_resourceType": "xhr",
                "request": {"method": "GET", "url": "https://example.com/socket", "headers": []},
                "response": {"status": 200, "headers": []},
            },
            {
                "request": {
                    "method": "CONNECT",
                    "url": "wss://example.com/socket",
                    "httpVersion": "h2",
                    "headers": [
                        {"name": ":authority", "value": "example.com"},
                        {"name": ":method", "value": "CONNECT"},
                        {"name": ":protocol", "value": "websocket"},
                        {"name": "sec-websocket-version", "value": "13"},
                        {"name": "accept-language", "value": "fr"},
                    ],
                },
                "response": {"status": 101, "headers": []},
            },
        ],
    }
}


def test_har_two_sockets_same_path_xhr_ignored(tmp_path: Path) -> None:
    path = tmp_path / "session.har"
    path.write_text(json.dumps(HAR, indent=2), encoding="utf-8")
    first, second = import_har(path.read_bytes())
    assert first == ImportedProfile(
        name="example.com/socket",
        options=ConnectOptions(
            "wss://example.com/socket?v=1",
            subprotocols=("v2.chat", "json"),
            origin="https://example.com",
            headers=(Header("Pragma", "no-cache"), Header("Cookie", "session=abc")),
            user_agent_mode=UserAgentMode.CUSTOM,
            user_agent_value="Mozilla/5.0 (X11; Linux x86_64)",
        ),
        messages=(
            ImportedMessage("sent", "text", "hello", 1700000000.5),
            ImportedMessage("received", "text", "héllo", 1700000000.75),
            ImportedMessage("received", "binary", BINARY, 1700000001.0),
        ),
        notes=("1 recorded frame(s) other than text or binary: not imported",),
    )
    assert second == ImportedProfile(
        name="example.com/socket (2)",
        options=ConnectOptions(
            "wss://example.com/socket",
            headers=(Header("accept-language", "fr"),),
            compression=False,  # the whole handshake is there and offers no extension
        ),
    )
    assert base64.b64decode(first.messages[2].data) == b"\x00\x01\xff"
    for profile in (first, second):
        assert field_errors(profile.options) == {}


def test_har_as_text_with_bom_and_a_third_name() -> None:
    har = json.loads(json.dumps(HAR))
    har["log"]["entries"].append(
        {"_resourceType": "websocket", "request": {"url": "wss://example.com/socket/"}}
    )
    names = [p.name for p in import_har("\ufeff" + json.dumps(har))]
    assert names == ["example.com/socket", "example.com/socket (2)", "example.com/socket (3)"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ('{\n  "log": {\n    oops\n', "HAR: not JSON (line 3, column 5)"),
        (b"\xff\xfe{}", "HAR: not UTF-8 text (byte 0)"),
        ("[]", "HAR: no log.entries list; is this a HAR file?"),
        (
            json.dumps({"log": {"entries": [HAR["log"]["entries"][1]]}}),
            "HAR: no WebSocket entries (entries with _resourceType 'websocket' or a 101 response)",
        ),
        (
            json.dumps({"log": {"entries": [{"response": {"status": 101}}]}}),
            "HAR: WebSocket entry 1 has no request.url",
        ),
        (
            json.dumps(
                {
                    "log": {
                        "entries": [{"_resourceType": "websocket", "request": {"url": "ftp://x"}}]
                    }
                }
            ),
            "HAR: WebSocket entry 1: Unsupported scheme 'ftp://': use ws:// or wss://",
        ),
    ],
)
def test_har_errors(data: str | bytes, message: str) -> None:
    with pytest.raises(ImportFailure) as caught:
        import_har(data)
    assert str(caught.value) == message


def test_one_bad_har_entry_does_not_lose_the_others() -> None:
    har = {
        "log": {
            "entries": [
                {"_resourceType": "websocket", "request": {"headers": []}},
                {
                    "_resourceType": "websocket",
                    "request": {"url": "wss://ok.test/a", "headers": []},
                },
            ]
        }
    }
    (profile,) = import_har(json.dumps(har))
    assert profile.options.url == "wss://ok.test/a"
    assert "HAR: WebSocket entry 1 has no request.url (entry skipped)" in profile.notes
