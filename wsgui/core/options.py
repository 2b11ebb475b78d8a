"""Everything needed to open one connection, as plain data."""

from __future__ import annotations

import string
from dataclasses import dataclass

__all__ = [
    "SECRET_HEADER_WORDS",
    "ConnectOptions",
    "Header",
    "OptionsError",
    "check_header",
    "check_options",
    "is_secret_header",
    "mask",
    "parse_header_line",
]

# Header names containing one of these words carry credentials: shown masked on screen.
SECRET_HEADER_WORDS = (
    "authorization",
    "cookie",
    "token",
    "secret",
    "api-key",
    "apikey",
    "password",
)


class OptionsError(ValueError):
    """A header or subprotocol HTTP does not allow; the text names it."""


@dataclass(frozen=True)
class Header:
    """One request header row; disabled rows are kept but not sent."""

    name: str
    value: str
    enabled: bool = True


@dataclass(frozen=True)
class ConnectOptions:
    """What the connection panel describes. Defaults are the websockets library's own.

    ``proxy`` is None (a direct connection) rather than the library's default of silently
    following the ``*_proxy`` environment variables: a debugger must say where it connects.
    """

    url: str
    subprotocols: tuple[str, ...] = ()
    origin: str = ""
    headers: tuple[Header, ...] = ()
    open_timeout: float = 10.0
    close_timeout: float = 10.0
    ping_interval: float | None = 20.0
    ping_timeout: float | None = 20.0
    max_size: int | None = 2**20
    compression: bool = True
    verify_tls: bool = True
    ca_file: str = ""

    def enabled_headers(self) -> list[tuple[str, str]]:
        """Header rows to send, except User-Agent, which replaces the library's own."""
        return [
            (h.name, h.value)
            for h in self.headers
            if h.enabled and h.name.strip() and h.name.lower() != "user-agent"
        ]

    def user_agent(self) -> str | None:
        """The value of an enabled User-Agent row, if the user set one."""
        rows = [h.value for h in self.headers if h.enabled and h.name.lower() == "user-agent"]
        return rows[-1] if rows else None

    def summary(self) -> str:
        """The limits in force, said in the open entry so that library defaults are visible."""
        size = "unlimited" if self.max_size is None else f"{self.max_size:,} bytes"
        ping = "off" if self.ping_interval is None else f"every {self.ping_interval:g} s"
        return (
            f"compression {'on' if self.compression else 'off'}, max message {size}, "
            f"ping {ping}, open timeout {self.open_timeout:g} s, "
            f"close timeout {self.close_timeout:g} s"
        )


def is_secret_header(name: str) -> bool:
    """True when a header's value is a credential that must not be shown in clear."""
    lowered = name.lower()
    return any(word in lowered for word in SECRET_HEADER_WORDS)


def mask(name: str, value: str) -> str:
    """The value as shown on screen: secrets become dots, keeping a scheme like ``Bearer``."""
    if not is_secret_header(name) or not value:
        return value
    scheme, _, rest = value.partition(" ")
    if rest and scheme.isalpha() and len(scheme) <= 10:
        return f"{scheme} ••••••"
    return "••••••"


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


def check_options(options: ConnectOptions) -> None:
    """Check headers and subprotocols before connecting; OptionsError says which one is wrong."""
    for header in options.headers:
        if header.enabled and header.name.strip():
            check_header(header)
    for subprotocol in options.subprotocols:
        bad = _bad_token_char(subprotocol)
        if bad is not None:
            raise OptionsError(
                f"Subprotocol {subprotocol!r}: {bad!r} is not allowed (letters, digits and "
                "!#$%&'*+-.^_`|~ only)"
            )
