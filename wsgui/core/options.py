"""Everything needed to open one connection, as plain data."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "SECRET_HEADER_WORDS",
    "ConnectOptions",
    "Header",
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
        raise ValueError(f"Header {line!r} must look like 'Name: value'")
    if any(c.isspace() or ord(c) < 0x21 or c in '()<>@,;:\\"/[]?={}' for c in name):
        raise ValueError(f"Header name {name!r} contains a character HTTP does not allow")
    return Header(name, value.strip())
