"""Checking every connection option before connecting, with a message per field.

The panel shows each message next to its field, and Session refuses to connect with the
first one: a connection with an invalid option is never attempted. No message quotes a
header value or a password, since they may be secrets.
"""

from __future__ import annotations

import math
import os
import string
from urllib.parse import urlsplit

from wsgui.core.model.options import (
    Auth,
    ConnectOptions,
    Header,
    OptionsError,
    ProxyMode,
    UserAgentMode,
)
from wsgui.core.model.tls import tls_context

__all__ = [
    "PROXY_SCHEMES",
    "RESERVED_HEADERS",
    "check_header",
    "check_options",
    "field_errors",
    "parse_header_line",
    "parse_seconds",
    "parse_size",
]

PROXY_SCHEMES = ("http", "https", "socks5h", "socks5", "socks4a", "socks4")
_SIZE_UNITS = {"": 1, "b": 1, "kb": 1000, "kib": 1024, "mb": 1000**2, "mib": 1024**2}
_SIZE_UNITS |= {"gb": 1000**3, "gib": 1024**3, "k": 1024, "m": 1024**2, "g": 1024**3}
_OFF_WORDS = ("off", "none", "no", "never", "")
MAX_SECONDS = 86_400
MAX_SIZE = 4 * 1024**3


def parse_header_line(line: str) -> Header:
    """Parse ``Name: value`` as typed on the command line (``-H``), naming what is wrong."""
    name, sep, value = line.partition(":")
    name = name.strip()
    if not sep or not name:
        raise OptionsError(f"Header {line!r} must look like 'Name: value'")
    header = Header(name, value.strip())
    check_header(header)
    return header


# RFC 9110 token characters: what header names and subprotocols may contain.
_TOKEN_CHARS = frozenset(string.ascii_letters + string.digits + "!#$%&'*+-.^_`|~")


def _bad_token_char(text: str) -> str | None:
    return next((c for c in text if c not in _TOKEN_CHARS), None)


# Headers the handshake sets from other fields; a row with one of these names is refused.
RESERVED_HEADERS = {
    "host": "it comes from the URL",
    "upgrade": "the WebSocket handshake sets it",
    "connection": "the WebSocket handshake sets it",
    "sec-websocket-key": "the WebSocket handshake sets it",
    "sec-websocket-version": "the WebSocket handshake sets it",
    "sec-websocket-extensions": "it comes from the compression setting",
    "sec-websocket-protocol": "use the Subprotocols field",
    "origin": "use the Origin field",
}


def _is_header_value_char(char: str) -> bool:
    """What HTTP allows in a header value: tab, visible ASCII and space, Latin-1 (obs-text)."""
    code = ord(char)
    return code == 0x09 or 0x20 <= code <= 0x7E or 0x80 <= code <= 0xFF


def check_header(header: Header) -> None:
    """Raise OptionsError naming the header and what HTTP does not allow in it.

    The message never quotes the value: it may be a secret.
    """
    bad = _bad_token_char(header.name)
    if bad is not None:
        raise OptionsError(f"Header name {header.name!r}: {bad!r} is not allowed in a header name")
    reserved = RESERVED_HEADERS.get(header.name.lower())
    if reserved:
        raise OptionsError(f"Header {header.name} cannot be set here: {reserved}")
    for position, char in enumerate(header.value, 1):
        if not _is_header_value_char(char):
            raise OptionsError(
                f"Header {header.name}: character U+{ord(char):04X} at position {position} of "
                "the value is not allowed in HTTP (tabs, ASCII and Latin-1 only)"
            )


def field_errors(options: ConnectOptions) -> dict[str, str]:
    """Every problem with ``options``, keyed by field name (``headers``, ``ca_file``...)."""
    errors: dict[str, str] = {}
    checks = (
        ("headers", _check_headers),
        ("subprotocols", _check_subprotocols),
        ("auth", _check_auth),
        ("user_agent", _check_user_agent),
        ("timeouts", _check_timeouts),
        ("max_size", _check_max_size),
        ("tls", _check_tls_files),
        ("server_name", _check_server_name),
        ("proxy_url", _check_proxy),
    )
    for name, check in checks:
        try:
            check(options)
        except OptionsError as exc:
            errors[name] = str(exc)
    return errors


def check_options(options: ConnectOptions) -> None:
    """Raise OptionsError with the first problem ``field_errors`` finds."""
    errors = field_errors(options)
    if errors:
        raise OptionsError(next(iter(errors.values())))


def parse_seconds(text: str, field: str, *, allow_off: bool = False) -> float | None:
    """``10``, ``2.5`` or ``500ms`` -> seconds; ``off`` -> None where allowed."""
    value = text.strip().lower()
    if allow_off and value in _OFF_WORDS:
        return None
    scale = 1.0
    if value.endswith("ms"):
        value, scale = value[:-2].strip(), 0.001
    elif value.endswith("s"):
        value = value[:-1].strip()
    try:
        seconds = float(value) * scale
    except ValueError:
        off = " or 'off'" if allow_off else ""
        raise OptionsError(f"{field}: {text.strip()!r} is not a number of seconds{off}") from None
    _check_seconds(field, seconds)
    return seconds


def _check_seconds(field: str, seconds: float) -> None:
    """More than 0 and at most a day: the event loop's timers cannot wait longer."""
    if not math.isfinite(seconds) or seconds <= 0:
        raise OptionsError(f"{field}: must be more than 0 seconds")
    if seconds > MAX_SECONDS:
        raise OptionsError(f"{field}: at most {MAX_SECONDS:,} seconds (one day)")


def parse_size(text: str, field: str = "Max message size") -> int | None:
    """``1 MiB``, ``1048576``, ``64k`` -> bytes; ``unlimited`` -> None."""
    value = text.strip().lower().replace(",", "").replace("_", "")
    if value in ("unlimited", "none", "off", "0"):
        return None
    number = value.rstrip(string.ascii_letters).strip()
    unit = value[len(number) :].strip()
    if unit not in _SIZE_UNITS:
        raise OptionsError(f"{field}: unknown unit {unit!r} (use B, KiB, MiB, GiB)")
    try:
        size = int(float(number) * _SIZE_UNITS[unit])
    except (ValueError, OverflowError):
        raise OptionsError(f"{field}: {text.strip()!r} is not a size like 1 MiB") from None
    if size <= 0:
        raise OptionsError(f"{field}: must be at least 1 byte, or 'unlimited'")
    if size > MAX_SIZE:
        raise OptionsError(f"{field}: at most 4 GiB, or 'unlimited'")
    return size


def _check_headers(options: ConnectOptions) -> None:
    for header in options.headers:
        if header.enabled and header.name.strip():
            check_header(header)
    rows = {h.name.lower() for h in options.headers if h.enabled}
    sources = [
        source
        for source, present in (
            ("the Auth helper", options.auth is not Auth.NONE),
            ("a header row", "authorization" in rows),
            ("the user:password in the URL", _url_has_userinfo(options.url)),
        )
        if present
    ]
    if len(sources) > 1:
        raise OptionsError(
            f"Authorization is set twice: by {' and by '.join(sources)}; keep only one"
        )
    if options.origin:
        _check_value_chars("Origin", options.origin)


def _url_has_userinfo(url: str) -> bool:
    try:
        parts = urlsplit(url if "://" in url else "ws://" + url)
    except ValueError:
        return False
    return parts.username is not None


def _check_subprotocols(options: ConnectOptions) -> None:
    for subprotocol in options.subprotocols:
        bad = _bad_token_char(subprotocol)
        if bad is not None:
            raise OptionsError(
                f"Subprotocol {subprotocol!r}: {bad!r} is not allowed (letters, digits and "
                "!#$%&'*+-.^_`|~ only)"
            )


def _check_auth(options: ConnectOptions) -> None:
    if options.auth is Auth.BASIC:
        if ":" in options.auth_user:
            raise OptionsError("Basic auth: the user name may not contain ':'")
        _check_value_chars("Basic auth user", options.auth_user)
        _check_value_chars("Basic auth password", options.auth_secret, secret=True)
    elif options.auth is Auth.BEARER:
        if not options.auth_secret.strip():
            raise OptionsError("Bearer auth: the token is empty")
        _check_value_chars("Bearer token", options.auth_secret, secret=True)


def _check_user_agent(options: ConnectOptions) -> None:
    if options.user_agent_mode is UserAgentMode.CUSTOM:
        if not options.user_agent_value.strip():
            raise OptionsError("User-Agent: empty; choose 'none' to send no User-Agent")
        _check_value_chars("User-Agent", options.user_agent_value)


def _check_timeouts(options: ConnectOptions) -> None:
    for name, value in (
        ("Open timeout", options.open_timeout),
        ("Close timeout", options.close_timeout),
        ("Ping interval", options.ping_interval),
        ("Ping timeout", options.ping_timeout),
    ):
        if value is not None:
            _check_seconds(name, value)


def _check_max_size(options: ConnectOptions) -> None:
    if options.max_size is not None and options.max_size <= 0:
        raise OptionsError("Max message size: must be at least 1 byte, or unlimited")


def _check_tls_files(options: ConnectOptions) -> None:
    for label, path in (
        ("CA bundle", options.ca_file),
        ("Client certificate", options.client_cert),
        ("Client key", options.client_key),
    ):
        if path and not os.access(path, os.R_OK):
            why = "does not exist" if not os.path.exists(path) else "cannot be read"
            raise OptionsError(f"{label}: {path} {why}")
        if path and os.path.isdir(path):
            raise OptionsError(f"{label}: {path} is a folder, not a PEM file")
    if options.client_key and not options.client_cert:
        raise OptionsError("Client key: set the client certificate too")
    if options.url.strip().lower().startswith(("wss:", "https:")):
        _check_tls_material(options)


_TLS_VERDICTS: dict[tuple[object, ...], str] = {}  # files (and their mtimes) -> "" or problem


def _check_tls_material(options: ConnectOptions) -> None:
    """Load the TLS files the way connecting will; remembered per file version, since this
    runs on every keystroke and loading the system's CA store takes tens of milliseconds."""
    paths = (options.ca_file, options.client_cert, options.client_key)
    mtimes = tuple(os.stat(p).st_mtime_ns if p else 0 for p in paths)
    key = (*paths, *mtimes, options.verify_tls)
    if key not in _TLS_VERDICTS:
        if len(_TLS_VERDICTS) > 64:
            _TLS_VERDICTS.clear()
        try:
            tls_context(options)
            _TLS_VERDICTS[key] = ""
        except OptionsError as exc:
            _TLS_VERDICTS[key] = str(exc)
    if _TLS_VERDICTS[key]:
        raise OptionsError(_TLS_VERDICTS[key])


def _check_server_name(options: ConnectOptions) -> None:
    name = options.server_name.strip()
    if not name:
        return
    if any(c.isspace() or c in "/:@" for c in name):
        raise OptionsError(f"Server name (SNI): {name!r} is not a host name")
    try:
        name.encode("idna")
    except UnicodeError as exc:
        raise OptionsError(f"Server name (SNI): {name!r} is not valid: {exc}") from None


def _check_proxy(options: ConnectOptions) -> None:
    if options.proxy_mode is not ProxyMode.URL:
        return
    from websockets.exceptions import InvalidProxy
    from websockets.proxy import parse_proxy

    url = options.proxy_url.strip()
    if not url:
        raise OptionsError("Proxy: type a proxy URL such as http://127.0.0.1:3128")
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme not in PROXY_SCHEMES:
        raise OptionsError(
            f"Proxy: scheme {scheme or 'missing'!r}: use http://, https:// or socks5://"
        )
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        raise OptionsError(f"Proxy: {exc}") from None
    if not parts.hostname:
        raise OptionsError("Proxy: the URL has no host")
    if parts.port == 0:
        raise OptionsError("Proxy: port 0 is not a valid port")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise OptionsError("Proxy: the URL may not have a path or query (scheme://host:port)")
    try:
        parse_proxy(url)
    except InvalidProxy as exc:
        raise OptionsError(f"Proxy: not a valid proxy URL ({exc.msg})") from None
    except UnicodeError:  # the host name cannot be encoded (IDNA)
        raise OptionsError(
            f"Proxy: the host name {parts.hostname!r} is not a valid host name"
        ) from None


def _check_value_chars(label: str, value: str, *, secret: bool = False) -> None:
    """Name the position of a character HTTP refuses (and, unless secret, the character)."""
    for position, char in enumerate(value, 1):
        if not _is_header_value_char(char):
            what = "a character" if secret else f"character U+{ord(char):04X}"
            raise OptionsError(
                f"{label}: {what} at position {position} is not allowed in HTTP "
                "(tabs, ASCII and Latin-1 only)"
            )
