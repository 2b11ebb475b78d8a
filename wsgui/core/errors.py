"""The one place that turns an exception into the message a user reads.

Each message names what failed and, where we know it, why and what to try. The raw facts
(HTTP status, headers, body, close code and reason) go in the text too, because a debugging
tool must show them rather than hide them behind a friendly sentence.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterable
from urllib.parse import urlsplit

from websockets.datastructures import Headers
from websockets.exceptions import (
    ConnectionClosed,
    InvalidHandshake,
    InvalidHeaderValue,
    InvalidMessage,
    InvalidStatus,
    InvalidUpgrade,
    InvalidURI,
    NegotiationError,
)

from wsgui.core.close import describe_close
from wsgui.core.options import mask
from wsgui.core.payload import format_size

__all__ = [
    "BODY_PREVIEW_BYTES",
    "describe_error",
    "describe_too_big",
]

BODY_PREVIEW_BYTES = 1024


def describe_error(exc: BaseException, *, url: str = "", open_timeout: float = 0.0) -> str:
    """A specific, multi-line message for a failure to connect or a broken connection.

    The first line is the summary shown in the log row; the rest are details.
    """
    host = _host_of(url)
    if isinstance(exc, InvalidStatus):
        return _describe_refused_upgrade(exc)
    if isinstance(exc, InvalidURI):
        return f"Invalid URL: {exc.msg}: {exc.uri}"
    if isinstance(exc, InvalidHeaderValue) and exc.name.lower() == "sec-websocket-accept":
        return (
            "Handshake failed: the server's Sec-WebSocket-Accept does not match the key we sent\n"
            f"received: {exc.value}"
        )
    if isinstance(exc, InvalidUpgrade):
        return f"Handshake failed: the server did not upgrade to WebSocket ({exc})"
    if isinstance(exc, NegotiationError):
        return f"Handshake failed: negotiation error ({exc})"
    if isinstance(exc, InvalidMessage):
        cause = f" ({exc.__cause__})" if exc.__cause__ else ""
        return f"Handshake failed: the server did not send a valid HTTP response{cause}"
    if isinstance(exc, InvalidHandshake):
        return f"Handshake failed: {exc}"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (
            f"TLS certificate verification failed for {host}: {exc.verify_message}\n"
            "Trust the server's CA, or turn TLS verification off for this connection."
        )
    if isinstance(exc, ssl.SSLError):
        return f"TLS handshake with {host} failed: {exc.reason or exc}"
    if isinstance(exc, TimeoutError):
        return (
            f"Timed out: no completed handshake from {host} within {open_timeout:g} s "
            "(open timeout)"
        )
    if isinstance(exc, socket.gaierror):
        return f"DNS lookup failed for host '{host}': {exc.strerror}"
    if isinstance(exc, ConnectionRefusedError):
        return f"Connection refused by {_netloc_of(url)}: is a server listening on that port?"
    if isinstance(exc, ConnectionClosed):
        return describe_close(exc.rcvd, exc.sent, exc.rcvd_then_sent)
    if isinstance(exc, OSError):
        return f"Network error talking to {host}: {exc.strerror or exc}"
    return f"Unexpected error: {type(exc).__name__}: {exc}"


def describe_too_big(max_size: int | None) -> str:
    limit = format_size(max_size) if max_size else "the limit"
    return (
        f"Message too big: the server sent a message over {limit} (max_size); "
        "the connection was closed with 1009"
    )


def _describe_refused_upgrade(exc: InvalidStatus) -> str:
    response = exc.response
    lines = [
        f"Server refused the WebSocket upgrade: HTTP {response.status_code} "
        f"{response.reason_phrase}",
        "",
        *_header_lines(response.headers),
    ]
    body = bytes(response.body or b"")
    if body:
        lines += ["", f"Body ({format_size(len(body))}):", _body_preview(body)]
    return "\n".join(lines)


def _header_lines(headers: Headers | Iterable[tuple[str, str]]) -> list[str]:
    items = headers.raw_items() if isinstance(headers, Headers) else headers
    return [f"{name}: {mask(name, value)}" for name, value in items]


def _body_preview(body: bytes) -> str:
    head = body[:BODY_PREVIEW_BYTES]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.hex(" ")
    if len(body) > BODY_PREVIEW_BYTES:
        text += f"\n… {len(body) - BODY_PREVIEW_BYTES:,} more bytes"
    return text


def _host_of(url: str) -> str:
    try:
        return urlsplit(url).hostname or url
    except ValueError:
        return url


def _netloc_of(url: str) -> str:
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "wss" else 80)
    except ValueError:
        return url
    return f"{parts.hostname}:{port}"
