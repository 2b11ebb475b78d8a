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
        return [(h.name, h.value) for h in self.headers if h.enabled and h.name.strip()]


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


def check_header(header: Header) -> None:
    """Raise OptionsError naming the header and what HTTP does not allow in it."""
    bad = _bad_token_char(header.name)
    if bad is not None:
        raise OptionsError(f"Header name {header.name!r}: {bad!r} is not allowed in a header name")
    if any(c in header.value for c in "\r\n\x00"):
        raise OptionsError(
            f"Header {header.name}: the value contains a line break or NUL, which HTTP forbids"
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
