"""'Copy as' output parses back to exactly the arguments and keyword values intended."""

from __future__ import annotations

import ast
import base64
import shlex
from pathlib import Path

import pytest

from wsgui.core.model.options import (
    Auth,
    ConnectOptions,
    Header,
    ProxyMode,
    UserAgentMode,
)
from wsgui.core.model.urls import UrlError
from wsgui.core.profiles.copy_as import COPY_AS_FORMATS, as_curl, as_python, as_websocat, as_wscat

HEADERS = (
    Header("X-Plain", "two words here"),
    Header("X-Quotes", """it's "quoted" `tick`"""),
    Header("X-Disabled", "never-sent-value", enabled=False),
    Header("X-Shell", "$HOME; rm -rf / && echo $(id)"),
    Header("X-Unicode", "café é"),
)
SENT = [
    "X-Plain: two words here",
    """X-Quotes: it's "quoted" `tick`""",
    "X-Shell: $HOME; rm -rf / && echo $(id)",
    "X-Unicode: café é",
    "Authorization: Bearer t0k$en 'x'",
]

FULL = ConnectOptions(
    url="wss://example.com:8443/chat?room=1",
    subprotocols=("chat.v2", "json"),
    origin="https://app.example.com",
    headers=HEADERS,
    auth=Auth.BEARER,
    auth_secret="t0k$en 'x'",
    verify_tls=False,
    ca_file="/etc/ssl/my ca.pem",
    client_cert="/home/me/client.crt",
    client_key="/home/me/client.key",
    proxy_mode=ProxyMode.URL,
    proxy_url="http://proxy.local:3128",
)


def _pairs(args: list[str], flag: str) -> list[str]:
    """Every value following ``flag`` in an argument list, in order."""
    return [args[i + 1] for i, arg in enumerate(args[:-1]) if arg == flag]


def test_wscat_exact_arguments() -> None:
    args = shlex.split(as_wscat(FULL))
    expected = ["wscat", "-c", "wss://example.com:8443/chat?room=1"]
    expected += ["-s", "chat.v2", "-s", "json", "-o", "https://app.example.com"]
    for line in SENT:
        expected += ["-H", line]
    expected += ["-n", "--ca", "/etc/ssl/my ca.pem"]
    expected += ["--cert", "/home/me/client.crt", "--key", "/home/me/client.key"]
    expected += ["--proxy", "http://proxy.local:3128"]
    assert args == expected


def test_websocat_exact_arguments_url_last() -> None:
    args = shlex.split(as_websocat(FULL))
    expected = ["websocat", "--protocol", "chat.v2, json", "--origin", "https://app.example.com"]
    for line in SENT:
        expected += ["-H", line]
    expected += ["-k", "wss://example.com:8443/chat?room=1"]
    assert args == expected


def test_curl_exact_arguments() -> None:
    args = shlex.split(as_curl(FULL))
    key = _pairs(args, "-H")[3].removeprefix("Sec-WebSocket-Key: ")
    expected = ["curl", "--include", "--no-buffer", "--http1.1", "--globoff"]
    for line in [
        "Connection: Upgrade",
        "Upgrade: websocket",
        "Sec-WebSocket-Version: 13",
        f"Sec-WebSocket-Key: {key}",
        "Sec-WebSocket-Protocol: chat.v2, json",
        "Origin: https://app.example.com",
        *SENT,
    ]:
        expected += ["-H", line]
    expected += ["--insecure", "--cacert", "/etc/ssl/my ca.pem"]
    expected += ["--cert", "/home/me/client.crt", "--key", "/home/me/client.key"]
    expected += ["--proxy", "http://proxy.local:3128", "https://example.com:8443/chat?room=1"]
    assert args == expected


def _curl_key(options: ConnectOptions) -> str:
    lines = _pairs(shlex.split(as_curl(options)), "-H")
    [line] = [h for h in lines if h.startswith("Sec-WebSocket-Key: ")]
    return line.removeprefix("Sec-WebSocket-Key: ")


def test_curl_key_is_fresh_base64_of_16_bytes() -> None:
    first, second = _curl_key(FULL), _curl_key(FULL)
    for key in (first, second):
        assert len(base64.b64decode(key, validate=True)) == 16
        assert len(key) == 24
    assert first != second


def test_curl_user_agent_modes_and_direct_proxy() -> None:
    plain = ConnectOptions(url="localhost:1740")
    args = shlex.split(as_curl(plain))
    assert args[-1] == "http://localhost:1740/"
    assert args[-3:-1] == ["--noproxy", "*"]
    assert not any(a.startswith("User-Agent") for a in args)
    none = shlex.split(as_curl(ConnectOptions(url="ws://h/", user_agent_mode=UserAgentMode.NONE)))
    assert _pairs(none, "-H")[-1] == "User-Agent:"
    custom = ConnectOptions(
        url="ws://h/", user_agent_mode=UserAgentMode.CUSTOM, user_agent_value="probe/1 (x)"
    )
    assert _pairs(shlex.split(as_curl(custom)), "-H")[-1] == "User-Agent: probe/1 (x)"
    empty = ConnectOptions(url="ws://h/", headers=(Header("X-Empty", ""),))
    assert "X-Empty;" in _pairs(shlex.split(as_curl(empty)), "-H")
    env = ConnectOptions(url="ws://h/", proxy_mode=ProxyMode.ENVIRONMENT)
    assert "--noproxy" not in shlex.split(as_curl(env))


def test_plain_ws_has_no_tls_flags_and_custom_agent_is_a_header() -> None:
    options = ConnectOptions(
        url="ws://h:1/",
        verify_tls=False,
        ca_file="/ca.pem",
        user_agent_mode=UserAgentMode.CUSTOM,
        user_agent_value="me 1.0",
    )
    assert shlex.split(as_wscat(options)) == [
        "wscat",
        "-c",
        "ws://h:1/",
        "-H",
        "User-Agent: me 1.0",
    ]
    assert shlex.split(as_websocat(options)) == [
        "websocat",
        "-H",
        "User-Agent: me 1.0",
        "ws://h:1/",
    ]


def _connect_call(snippet: str) -> ast.Call:
    calls = [
        node
        for node in ast.walk(ast.parse(snippet))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "connect"
    ]
    assert len(calls) == 1
    return calls[0]


def test_python_connect_arguments() -> None:
    snippet = as_python(FULL)
    compile(snippet, "<copy>", "exec")
    call = _connect_call(snippet)
    assert [ast.literal_eval(a) for a in call.args] == ["wss://example.com:8443/chat?room=1"]
    literal = {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg != "ssl"}
    assert literal == {
        "additional_headers": [
            ("X-Plain", "two words here"),
            ("X-Quotes", """it's "quoted" `tick`"""),
            ("X-Shell", "$HOME; rm -rf / && echo $(id)"),
            ("X-Unicode", "café é"),
            ("Authorization", "Bearer t0k$en 'x'"),
        ],
        "subprotocols": ["chat.v2", "json"],
        "origin": "https://app.example.com",
        "user_agent_header": FULL.user_agent(),
        "compression": "deflate",
        "open_timeout": 10.0,
        "ping_interval": 20.0,
        "ping_timeout": 20.0,
        "close_timeout": 10.0,
        "max_size": 16 * 2**20,
        "proxy": "http://proxy.local:3128",
    }
    [ssl_kw] = [k for k in call.keywords if k.arg == "ssl"]
    assert isinstance(ssl_kw.value, ast.Name) and ssl_kw.value.id == "context"
    assert "ssl.create_default_context(cafile='/etc/ssl/my ca.pem')" in snippet
    assert "context.check_hostname = False" in snippet
    assert "context.verify_mode = ssl.CERT_NONE" in snippet
    assert "context.load_cert_chain('/home/me/client.crt', '/home/me/client.key')" in snippet
    assert "async for message in ws:" in snippet


def test_python_defaults_direct_and_no_ssl_context() -> None:
    options = ConnectOptions(
        url="localhost:1740",
        compression=False,
        ping_interval=None,
        max_size=None,
        user_agent_mode=UserAgentMode.NONE,
    )
    snippet = as_python(options)
    compile(snippet, "<copy>", "exec")
    call = _connect_call(snippet)
    values = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    assert ast.literal_eval(call.args[0]) == "ws://localhost:1740/"
    assert values["proxy"] is None
    assert values["compression"] is None
    assert values["ping_interval"] is None
    assert values["max_size"] is None
    assert values["user_agent_header"] is None
    assert values["origin"] is None
    assert "ssl" not in values
    assert "import ssl" not in snippet
    env = as_python(ConnectOptions(url="ws://h/", proxy_mode=ProxyMode.ENVIRONMENT))
    env_values = {k.arg: ast.literal_eval(k.value) for k in _connect_call(env).keywords}
    assert env_values["proxy"] is True


@pytest.mark.parametrize("name", list(COPY_AS_FORMATS))
def test_disabled_header_never_appears(name: str) -> None:
    output = COPY_AS_FORMATS[name](FULL)
    assert "X-Disabled" not in output
    assert "never-sent-value" not in output


def test_format_names() -> None:
    assert list(COPY_AS_FORMATS.items()) == [
        ("wscat", as_wscat),
        ("websocat", as_websocat),
        ("curl (upgrade request)", as_curl),
        ("Python websockets", as_python),
    ]


@pytest.mark.parametrize("name", list(COPY_AS_FORMATS))
def test_invalid_url_raises(name: str) -> None:
    with pytest.raises(UrlError, match="Unsupported scheme"):
        COPY_AS_FORMATS[name](ConnectOptions(url="ftp://example.com/"))


def test_python_snippet_runs_against_a_real_server(tmp_path: Path) -> None:
    """The generated snippet connects, prints what the server sends and exits cleanly."""
    import asyncio
    import subprocess
    import sys

    from websockets.asyncio.server import ServerConnection, serve

    async def hello(ws: ServerConnection) -> None:
        await ws.send("hello from the server")
        await ws.close()

    async def scenario() -> subprocess.CompletedProcess[str]:
        async with serve(hello, "127.0.0.1", 0) as server:
            port = server.sockets[0].getsockname()[1]
            snippet = as_python(ConnectOptions(url=f"ws://127.0.0.1:{port}/"))
            script = tmp_path / "snippet.py"
            script.write_text(snippet)
            return await asyncio.to_thread(
                subprocess.run,
                [sys.executable, str(script)],
                capture_output=True,
                text=True,
                timeout=20,
                check=False,
            )

    result = asyncio.run(scenario())
    assert result.returncode == 0, result.stderr
    assert result.stdout == "hello from the server\n"
