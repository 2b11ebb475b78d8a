"""Connection settings read back from wscat, websocat and curl commands and from HAR files.

The reverse of ``copy_as``: a command pasted from a README or a terminal, or a HAR a browser
saved, becomes ConnectOptions (plus the recorded messages). Header rows wsgui refuses become
the fields they stand for, so the options pass ``field_errors``; whatever is understood but
has no place in wsgui goes into ``notes`` for the UI to show: nothing is dropped silently.
Notes never quote a header value or an option's secret.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from wsgui.core.checks import check_header
from wsgui.core.options import Auth, ConnectOptions, Header, OptionsError, ProxyMode, UserAgentMode
from wsgui.core.urls import UrlError, check_url, display_url

__all__ = [
    "ImportFailure",
    "ImportedMessage",
    "ImportedProfile",
    "import_command_line",
    "import_har",
]


class ImportFailure(ValueError):  # noqa: N818 - the name the UI code uses
    """Nothing could be imported; the text names the source and what is wrong."""


@dataclass(frozen=True)
class ImportedMessage:
    """One recorded message; ``data`` is the text, or base64 for binary (as HAR stores it)."""

    direction: str  # "sent" | "received"
    kind: str  # "text" | "binary"
    data: str
    time: float | None


@dataclass(frozen=True)
class ImportedProfile:
    """A connection to save as a profile, and what the source said that wsgui cannot use."""

    name: str
    options: ConnectOptions
    messages: tuple[ImportedMessage, ...] = ()
    notes: tuple[str, ...] = ()


def _table(spec: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """``{"-c --connect": (key, what its value is, "" for a flag)}`` -> one row per spelling."""
    return {spelling: row for names, row in spec.items() for spelling in names.split()}


_WSCAT = _table(
    {
        "-c --connect": ("url", "a URL"),
        "-s --subprotocol": ("subprotocols", "a subprotocol"),
        "-o --origin": ("origin", "an origin"),
        "-H --header": ("header", "a 'Name: value' header"),
        "-n --no-check": ("insecure", ""),
        "--ca": ("ca_file", "a file"),
        "--cert": ("client_cert", "a file"),
        "--key": ("client_key", "a file"),
        "--proxy": ("proxy", "a proxy URL"),
        "--auth": ("basic", "user:password"),
        "-x --execute": ("send", "a message"),
        "-l --listen": ("server", "a port"),
        "-P --show-ping-pong --no-color": ("ignore", ""),
        "-L --location --slash": ("note", ""),
        "-w --wait -p --protocol --max-redirects": ("note", "a value"),
    }
)
_WEBSOCAT = _table(
    {
        "--protocol": ("subprotocols", "a subprotocol"),
        "--origin": ("origin", "an origin"),
        "-H --header": ("header", "a 'Name: value' header"),
        "-k --insecure": ("insecure", ""),
        "--basic-auth": ("basic", "user:password"),
        "--ping-interval": ("ping_interval", "seconds"),
        "--ping-timeout": ("ping_timeout", "seconds"),
        "-s --server-mode": ("server", "a port"),
        "-t --text -b --binary -q -v -E --exit-on-eof -n --no-close": ("ignore", ""),
        "-1 --one-message -u --unidirectional --no-line --jsonrpc": ("note", ""),
        "--socks5 --max-messages -B --buffer-size": ("note", "a value"),
        "--ws-c-uri --client-pkcs12-der": ("note", "a value"),
    }
)
_CURL = _table(
    {
        "--url": ("url", "a URL"),
        "-H --header": ("header", "a header"),
        "-A --user-agent": ("user_agent", "a User-Agent"),
        "-u --user": ("basic", "user:password"),
        "--oauth2-bearer": ("bearer", "a token"),
        "-k --insecure": ("insecure", ""),
        "--cacert": ("ca_file", "a file"),
        "-E --cert": ("client_cert", "a file"),
        "--key": ("client_key", "a file"),
        "-x --proxy": ("proxy", "a proxy URL"),
        "--socks5 --socks5-hostname": ("socks", "host:port"),
        "--noproxy": ("noproxy", "a host list"),
        "--connect-timeout": ("open_timeout", "seconds"),
        "-b --cookie": ("cookie", "cookies"),
        "-X --request": ("method", "a method"),
        "-i --include -N --no-buffer --http1.1 -s --silent -S --show-error": ("ignore", ""),
        "-v --verbose --compressed -L --location -f --fail --basic -g --globoff": ("ignore", ""),
        "-I --head --http2 --http2-prior-knowledge --digest --ntlm --negotiate": ("note", ""),
        "-d --data --data-raw --data-binary -F --form": ("note", "a value"),
        "-o --output -m --max-time": ("note", "a value"),
        "-e --referer -U --proxy-user -w --write-out --resolve --connect-to": ("note", "a value"),
    }
)
_TABLES = {"wscat": _WSCAT, "websocat": _WEBSOCAT, "curl": _CURL}
_NO_URL = {
    "wscat": "wscat: no -c/--connect URL found",
    "websocat": "websocat: no ws:// or wss:// URL found",
    "curl": "curl: no URL found",
}
_SECRET_OPTIONS = {"-U", "--proxy-user"}
_HANDSHAKE = {"connection", "upgrade", "sec-websocket-key", "sec-websocket-version"}
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_ENV_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=.*", re.DOTALL)


@dataclass
class _Draft:
    """What one command or HAR entry said, gathered before it is turned into options."""

    source: str  # names the source in error messages: "curl", "HAR: WebSocket entry 2"
    urls: list[str] = field(default_factory=list)
    headers: list[tuple[str, str | None]] = field(default_factory=list)  # None: curl removes it
    fields: dict[str, Any] = field(default_factory=dict)
    subprotocols: list[str] = field(default_factory=list)
    auth: tuple[Auth, str, str, str] | None = None  # mode, user, secret, the option given
    proxy: str | None = None
    direct: bool = False
    messages: list[ImportedMessage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def import_command_line(text: str) -> ImportedProfile:
    """A wscat, websocat or curl command as pasted (``\\`` line continuations, ``npx`` too)."""
    try:
        words = shlex.split(re.sub(r"\\\r?\n", " ", text))
    except ValueError as exc:
        raise ImportFailure(f"Cannot read the command line: {exc}") from None
    notes: list[str] = []
    tool = _tool(words, notes)
    draft = _Draft(tool, notes=notes)
    if tool == "curl":  # curl follows the *_proxy variables unless told otherwise
        draft.fields["proxy_mode"] = ProxyMode.ENVIRONMENT
    for arg in _parse(draft, words, _TABLES[tool]):
        if tool == "curl" or (tool == "websocat" and arg.lower().startswith(("ws://", "wss://"))):
            draft.urls.append(arg)
        else:
            draft.notes.append(f"Argument {display_url(arg)!r}: not imported")
    return _finish(draft)


def _tool(words: list[str], notes: list[str]) -> str:
    """Drop what precedes the tool (a ``$`` prompt, ``VAR=value``, ``npx -y``); name the tool."""
    if words and words[0] in ("$", "%"):
        words.pop(0)
    if words and words[0] == "npx":
        words.pop(0)
        while words and words[0].startswith("-"):
            words.pop(0)
    while words and _ENV_ASSIGNMENT.fullmatch(words[0]):
        name = words.pop(0).split("=", 1)[0]
        notes.append(f"Environment variable {name}: not imported")
    if not words:
        raise ImportFailure("Nothing to import: paste a wscat, websocat or curl command line")
    word = words.pop(0)
    name = re.split(r"[\\/]", word)[-1].lower().removesuffix(".exe").split("@")[0]
    if name in ("wscat", "curl"):
        return name
    if name.startswith("websocat"):
        return "websocat"
    raise ImportFailure(f"Not a wscat, websocat or curl command: it starts with {word!r}")


def _parse(draft: _Draft, words: list[str], table: dict[str, tuple[str, str]]) -> list[str]:
    """Apply every option (``-Hv``, ``-H v``, ``--header=v``, ``-sSk``); return the rest."""
    positionals: list[str] = []
    i = 0
    while i < len(words):
        word, i = words[i], i + 1
        if word == "--":
            return positionals + words[i:]
        if word.startswith("--"):
            spelling, equals, after = word.partition("=")
            candidates: list[tuple[str, str | None]] = [(spelling, after if equals else None)]
        elif word.startswith("-") and len(word) > 1:
            candidates = [("-" + letter, None) for letter in word[1:]]
        else:
            positionals.append(word)
            continue
        for position, (spelling, attached) in enumerate(candidates):
            if spelling not in table:
                draft.notes.append(f"Option {word.split('=', 1)[0]}: not imported (unknown)")
                break
            key, what = table[spelling]
            if not what:
                _apply(draft, key, spelling, None)
                continue
            if attached is None and word[1] != "-":
                attached = word[position + 2 :] or None
            if attached is None:
                if i == len(words) or words[i] in table:
                    raise ImportFailure(f"{draft.source}: {spelling} needs {what}")
                attached, i = words[i], i + 1
            _apply(draft, key, spelling, attached)
            break
    return positionals


def _apply(draft: _Draft, key: str, spelling: str, given: str | None) -> None:
    """Record one option; ``given`` is None for a flag."""
    value = given or ""
    if key == "url":
        draft.urls.append(value)
    elif key == "subprotocols":
        draft.subprotocols += [p.strip() for p in value.split(",") if p.strip()]
    elif key == "origin":
        draft.fields["origin"] = value
    elif key == "header":
        _header_option(draft, value)
    elif key == "user_agent":
        draft.headers.append(("User-Agent", value))
    elif key == "cookie" and "=" in value:
        draft.headers.append(("Cookie", value))
    elif key == "insecure":
        draft.fields["verify_tls"] = False
    elif key in ("ca_file", "client_cert", "client_key"):
        draft.fields[key] = value
    elif key in ("ping_interval", "ping_timeout", "open_timeout"):
        try:
            draft.fields[key] = float(value)
        except ValueError:
            draft.notes.append(f"{spelling} {value!r}: not a number of seconds, not imported")
    elif key == "basic":
        user, colon, password = value.partition(":")
        draft.auth = (Auth.BASIC, user, password, spelling)
        if not colon:
            draft.notes.append(f"{spelling}: no password given; an empty one is imported")
    elif key == "bearer":
        draft.auth = (Auth.BEARER, "", value, spelling)
    elif key == "proxy":
        draft.proxy = value if "://" in value or not value else "http://" + value
    elif key == "socks":
        draft.proxy = ("socks5h://" if "hostname" in spelling else "socks5://") + value
    elif key == "noproxy" and value.strip() == "*":
        draft.direct = True
    elif key == "send":
        draft.messages.append(ImportedMessage("sent", "text", value, None))
    elif key == "server":
        raise ImportFailure(f"{draft.source}: {spelling} starts a server; import a client command")
    elif key == "method" and value.upper() == "GET":
        pass
    elif key != "ignore":
        shown = "…" if spelling in _SECRET_OPTIONS else shlex.quote(value) if value else ""
        draft.notes.append(f"{spelling} {shown}".rstrip() + ": not imported")


def _header_option(draft: _Draft, line: str) -> None:
    """``Name: value``; curl also has ``Name:`` (remove its own) and ``Name;`` (empty value)."""
    name, colon, value = line.partition(":")
    if draft.source == "curl" and not colon:
        name, semicolon, rest = line.partition(";")
        if semicolon and not rest.strip():
            draft.headers.append((name.strip(), ""))
            return
    if not colon or not name.strip():
        draft.notes.append("A header that is not 'Name: value': not imported")
        return
    removal = draft.source == "curl" and not value.strip()
    draft.headers.append((name.strip(), None if removal else value.strip()))


def _finish(draft: _Draft) -> ImportedProfile:
    """Turn what was gathered into options that pass ``field_errors``, noting the rest."""
    if not draft.urls:
        raise ImportFailure(_NO_URL.get(draft.source, f"{draft.source}: no URL found"))
    for extra in draft.urls[1:]:
        draft.notes.append(f"URL {display_url(extra)}: not imported (only the first is used)")
    try:
        url = check_url(draft.urls[0]).url
    except UrlError as exc:
        raise ImportFailure(f"{draft.source}: {exc}") from None
    fields, notes = draft.fields, draft.notes
    rows: list[Header] = []
    extensions: str | None = None
    handshake = False
    parts = urlsplit(url)
    for name, value in draft.headers:
        lowered = name.lower()
        if lowered in _HANDSHAKE or lowered.startswith(":"):  # HTTP/2 pseudo-headers: the URL
            handshake = handshake or lowered in _HANDSHAKE
        elif value is None:
            if lowered == "user-agent":
                fields["user_agent_mode"] = UserAgentMode.NONE
            else:
                notes.append(f"-H '{name}:' (removes a curl header): not imported")
        elif lowered == "host":
            if value.lower() not in (parts.netloc.rpartition("@")[2].lower(), parts.hostname):
                notes.append(f"Host header {value}: not imported; wsgui sends the URL's host")
        elif lowered == "origin":
            if fields.setdefault("origin", value) != value:
                notes.append("Origin header: not imported; the origin option is used")
        elif lowered == "sec-websocket-protocol":
            draft.subprotocols += [p.strip() for p in value.split(",") if p.strip()]
        elif lowered == "sec-websocket-extensions":
            extensions = value
        elif lowered == "user-agent":
            _user_agent(fields, notes, value)
        else:
            rows.append(_row(name, value, notes))
    if extensions is not None:
        offered = {part.split(";")[0].strip().lower() for part in extensions.split(",")}
        fields["compression"] = "permessage-deflate" in offered
        for other in sorted(offered - {"permessage-deflate", ""}):
            notes.append(f"WebSocket extension {other}: not supported, not imported")
    elif handshake:  # the whole handshake request is there, and it offers no compression
        fields["compression"] = False
    protocols: list[str] = []
    for protocol in dict.fromkeys(draft.subprotocols):
        if _TOKEN.fullmatch(protocol):
            protocols.append(protocol)
        else:
            notes.append(f"Subprotocol {protocol!r}: not a valid token, not imported")
    if draft.auth is not None:
        mode, user, secret, spelling = draft.auth
        if any(row.enabled and row.name.lower() == "authorization" for row in rows):
            notes.append(f"{spelling}: not imported; the Authorization header replaces it")
        else:
            fields.update(auth=mode, auth_user=user, auth_secret=secret)
    if draft.direct:
        fields["proxy_mode"] = ProxyMode.NONE
        if draft.proxy:
            notes.append(f"Proxy {display_url(draft.proxy)}: not imported; --noproxy '*' wins")
    elif draft.proxy is not None:
        fields["proxy_mode"] = ProxyMode.URL if draft.proxy else ProxyMode.NONE
        fields["proxy_url"] = draft.proxy
    options = ConnectOptions(url, tuple(protocols), headers=tuple(rows), **fields)
    name = parts.netloc.rpartition("@")[2] + parts.path.rstrip("/")
    return ImportedProfile(name, options, tuple(draft.messages), tuple(notes))


def _user_agent(fields: dict[str, Any], notes: list[str], value: str) -> None:
    """A User-Agent header becomes the custom User-Agent; an empty one means none at all."""
    try:
        check_header(Header("User-Agent", value))
    except OptionsError as exc:
        notes.append(f"{exc}: not imported")
        return
    fields["user_agent_mode"] = UserAgentMode.CUSTOM if value else UserAgentMode.NONE
    fields["user_agent_value"] = value


def _row(name: str, value: str, notes: list[str]) -> Header:
    """A header row as given; one HTTP does not allow is kept, disabled, with a note."""
    try:
        check_header(Header(name, value))
    except OptionsError as exc:
        notes.append(f"{exc}: imported as a disabled row")
        return Header(name, value, enabled=False)
    return Header(name, value)


def import_har(data: bytes | str) -> list[ImportedProfile]:
    """Every WebSocket in a browser's HAR: its handshake request and recorded messages."""
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.lstrip("\ufeff")
        root = json.loads(text)
    except UnicodeDecodeError as exc:
        raise ImportFailure(f"HAR: not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ImportFailure(f"HAR: not JSON (line {exc.lineno}, column {exc.colno})") from None
    except (ValueError, RecursionError) as exc:
        raise ImportFailure(f"HAR: not usable JSON ({type(exc).__name__})") from None
    entries = _obj(_obj(root).get("log")).get("entries")
    if not isinstance(entries, list):
        raise ImportFailure("HAR: no log.entries list; is this a HAR file?")
    sockets = [
        _obj(e)
        for e in entries
        if _obj(e).get("_resourceType") == "websocket"
        or _obj(_obj(e).get("response")).get("status") == 101
    ]
    if not sockets:
        raise ImportFailure(
            "HAR: no WebSocket entries (entries with _resourceType 'websocket' or a 101 response)"
        )
    profiles: list[ImportedProfile] = []
    seen: dict[str, int] = {}
    skipped: list[str] = []
    for number, entry in enumerate(sockets, 1):
        try:
            profile = _har_entry(number, entry)
        except ImportFailure as exc:
            skipped.append(str(exc))
            continue
        count = seen[profile.name] = seen.get(profile.name, 0) + 1
        profiles.append(
            replace(profile, name=f"{profile.name} ({count})") if count > 1 else profile
        )
    if not profiles:
        raise ImportFailure("; ".join(skipped))
    if skipped:  # one bad entry must not lose the others: say it on the first profile
        first = profiles[0]
        notes = tuple(f"{reason} (entry skipped)" for reason in skipped)
        profiles[0] = replace(first, notes=(*first.notes, *notes))
    return profiles


def _har_entry(number: int, entry: dict[str, Any]) -> ImportedProfile:
    request = _obj(entry.get("request"))
    draft = _Draft(f"HAR: WebSocket entry {number}")
    url = request.get("url")
    if not isinstance(url, str) or not url:
        raise ImportFailure(f"{draft.source} has no request.url")
    draft.urls.append(url)
    for header in request.get("headers") or []:
        name, value = _obj(header).get("name"), _obj(header).get("value")
        if isinstance(name, str) and isinstance(value, str):
            draft.headers.append((name, value))
    _har_messages(draft, entry.get("_webSocketMessages"))
    return _finish(draft)


def _har_messages(draft: _Draft, recorded: object) -> None:
    """Chrome's ``_webSocketMessages``: text and binary frames (binary data is base64)."""
    skipped = 0
    for item in recorded if isinstance(recorded, list) else []:
        message = _obj(item)
        direction = {"send": "sent", "receive": "received"}.get(str(message.get("type")))
        opcode, data, time = message.get("opcode"), message.get("data"), message.get("time")
        if direction is None or opcode not in (1, 2) or not isinstance(data, str):
            skipped += 1
            continue
        valid = isinstance(time, int | float) and not isinstance(time, bool)
        seconds = float(time) if valid and time is not None else None
        draft.messages.append(
            ImportedMessage(direction, "binary" if opcode == 2 else "text", data, seconds)
        )
    if skipped:
        draft.notes.append(f"{skipped} recorded frame(s) other than text or binary: not imported")


def _obj(value: object) -> dict[str, Any]:
    """A JSON object, or an empty one for anything else, so that lookups need no checks."""
    return value if isinstance(value, dict) else {}
