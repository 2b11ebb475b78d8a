"""What was sent and received during the HTTP Upgrade, checked step by step.

A HandshakeRecord is made for every connection attempt, including failed ones: a debugger
must show the request that was sent and whatever came back, not only an error sentence.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field

from websockets.headers import parse_extension_list

from wsgui.core.model.options import mask
from wsgui.core.model.urls import mask_query

__all__ = [
    "GUID",
    "AcceptCheck",
    "Extension",
    "HandshakeRecord",
    "HttpMessage",
    "Timings",
    "TlsInfo",
    "check_accept",
    "parse_extensions",
]

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


@dataclass(frozen=True)
class AcceptCheck:
    """Sec-WebSocket-Accept recomputed from the key we sent (RFC 6455 §4.2.2), step by step."""

    key: str
    sha1_hex: str
    expected: str
    received: str | None

    @property
    def concatenated(self) -> str:
        return self.key + GUID

    @property
    def matches(self) -> bool:
        return self.received == self.expected


def check_accept(key: str, received: str | None) -> AcceptCheck:
    """base64(SHA-1(key + GUID)) compared with what the server answered."""
    digest = hashlib.sha1((key + GUID).encode("ascii")).digest()
    expected = base64.b64encode(digest).decode("ascii")
    return AcceptCheck(key, digest.hex(), expected, received)


@dataclass(frozen=True)
class HttpMessage:
    """A request or response of the Upgrade: start line, headers in order, body."""

    start_line: str
    headers: tuple[tuple[str, str], ...]
    body: bytes = b""

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((v for n, v in self.headers if n.lower() == lowered), None)

    def header_values(self, name: str) -> list[str]:
        lowered = name.lower()
        return [v for n, v in self.headers if n.lower() == lowered]

    @property
    def shown_start_line(self) -> str:
        """The start line with credential-like query values masked (``GET /?token=••••••``)."""
        method, space, rest = self.start_line.partition(" ")
        target, space2, version = rest.partition(" ")
        path, question, query = target.partition("?")
        if not question or not space:
            return self.start_line
        return f"{method} {path}?{mask_query(query)}{space2}{version}"

    def raw(self, *, reveal_secrets: bool = False) -> str:
        """The message as text, as on the wire; secret header values and credential-like
        query values masked unless asked."""
        lines = [self.start_line if reveal_secrets else self.shown_start_line]
        for name, value in self.headers:
            lines.append(f"{name}: {value if reveal_secrets else mask(name, value)}")
        text = "\r\n".join(lines) + "\r\n\r\n"
        if self.body:
            text += body_text(self.body)
        return text


def body_text(body: bytes, limit: int = 64 * 1024) -> str:
    """A body as UTF-8 text, or as hex when it is binary; at most ``limit`` bytes."""
    head = body[:limit]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.hex(" ")
    if len(body) > limit:
        text += f"\n… {len(body) - limit:,} more bytes"
    return text


@dataclass(frozen=True)
class Extension:
    name: str
    params: tuple[tuple[str, str | None], ...]

    def __str__(self) -> str:
        parts = [self.name]
        parts += [k if v is None else f"{k}={v}" for k, v in self.params]
        return "; ".join(parts)


def parse_extensions(values: list[str]) -> list[Extension]:
    """Parse Sec-WebSocket-Extensions header values; unparsable text is kept as a name."""
    extensions = []
    for value in values:
        try:
            parsed = parse_extension_list(value)
        except ValueError:
            extensions.append(Extension(value, ()))
            continue
        extensions += [Extension(str(name), tuple(params)) for name, params in parsed]
    return extensions


@dataclass
class Timings:
    """Milliseconds per phase; None when a phase did not happen (or was not observable)."""

    dns_ms: float | None = None
    tcp_ms: float | None = None
    tls_ms: float | None = None
    upgrade_ms: float | None = None
    total_ms: float | None = None


@dataclass(frozen=True)
class TlsInfo:
    """The TLS session and the server's certificate, as far as they could be read."""

    version: str
    cipher: str
    alpn: str | None
    verified: bool
    subject: str = ""
    issuer: str = ""
    sans: tuple[str, ...] = ()
    not_before: str = ""
    not_after: str = ""
    sha256: str = ""


@dataclass
class HandshakeRecord:
    """One connection attempt's Upgrade, filled in as far as it got."""

    url: str
    requested_subprotocols: tuple[str, ...] = ()
    proxy: str = "none (direct connection)"
    address: str = ""  # the IP address and port the TCP connection went to
    request: HttpMessage | None = None
    response: HttpMessage | None = None
    accept: AcceptCheck | None = None
    subprotocol: str | None = None
    extensions: list[Extension] = field(default_factory=list)
    timings: Timings = field(default_factory=Timings)
    tls: TlsInfo | None = None
    error: str = ""
    # Socket.IO: the Engine.IO handshake (sid, pingInterval, pingTimeout, upgrades, transport)
    engineio: tuple[tuple[str, str], ...] = ()
    started_at: float | None = None  # wall clock (epoch s) when the attempt began: HAR's start

    @property
    def upgraded(self) -> bool:
        return self.response is not None and self.response.start_line.split(" ")[1:2] == ["101"]

    def warnings(self) -> list[str]:
        """What a user should notice even when the connection opened."""
        found = []
        if self.requested_subprotocols and self.upgraded and not self.subprotocol:
            found.append(
                "Subprotocols were requested ("
                + ", ".join(self.requested_subprotocols)
                + ") but the server chose none"
            )
        if self.accept is not None and self.accept.received is not None and not self.accept.matches:
            found.append("Sec-WebSocket-Accept does not match the key that was sent")
        if self.tls is not None and not self.tls.verified:
            found.append("TLS certificate verification is off: the server's identity is unchecked")
        return found
