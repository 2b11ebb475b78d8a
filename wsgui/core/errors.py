"""The one place that turns an exception into the message a user reads.

Each message names what failed and, where we know it, why and what to try. The raw facts
(HTTP status, headers, body, close code and reason) go in the text too, because a debugging
tool must show them rather than hide them behind a friendly sentence. Secret header values
are masked here, since these texts are shown on screen.
"""

from __future__ import annotations

import os
import re
import socket
import ssl
from collections.abc import Iterable

from websockets.datastructures import Headers, MultipleValuesError
from websockets.exceptions import (
    ConnectionClosed,
    InvalidHandshake,
    InvalidHeaderValue,
    InvalidMessage,
    InvalidProxy,
    InvalidProxyStatus,
    InvalidStatus,
    InvalidUpgrade,
    InvalidURI,
    NegotiationError,
    ProxyError,
)

from wsgui.core.close import describe_close
from wsgui.core.handshake import body_text
from wsgui.core.limits import FRAGMENTS_VARIABLE, fragment_limit
from wsgui.core.options import ConnectOptions, OptionsError, mask
from wsgui.core.payload import escape_control, format_size
from wsgui.core.urls import UrlError, display_url, host_and_port, host_of

__all__ = [
    "BODY_PREVIEW_BYTES",
    "ProxyUnreachableError",
    "UnreadableResponseError",
    "describe_error",
    "describe_too_big",
    "not_open",
]


class ProxyUnreachableError(ConnectionError):
    """The proxy itself could not be reached (not the WebSocket server behind it)."""

    def __init__(self, proxy: str, cause: OSError) -> None:
        known = os.strerror(cause.errno) if cause.errno else ""
        reason = known or cause.strerror or str(cause) or type(cause).__name__
        super().__init__(f"Cannot reach the proxy {proxy}: {reason}")


BODY_PREVIEW_BYTES = 1024
_FRAME_LENGTH = re.compile(r"frame with (\d+) bytes")
_REDIRECTS = (300, 301, 302, 303, 307, 308)


class UnreadableResponseError(InvalidMessage):
    """websockets' InvalidMessage with the first bytes the server sent: they tell a TLS
    server or another protocol on the port from HTTP that is merely broken."""

    def __init__(self, message: str, head: bytes) -> None:
        super().__init__(message)
        self.head = head


class UnfinishedResponseError(TimeoutError):
    """The open timeout came while the server's answer was still arriving: a non-101 status
    with no Content-Length on a connection kept open, or a server sending byte by byte."""

    def __init__(self, status_line: str) -> None:
        super().__init__(status_line)
        self.status_line = status_line


def describe_error(exc: BaseException, options: ConnectOptions | None = None) -> str:
    """A specific, multi-line message for a failure to connect or a broken connection.

    The first line is the summary shown in the log row; the rest are details.
    """
    url = options.url if options is not None else ""
    open_timeout = options.open_timeout if options is not None else 0.0
    host = host_of(url) if url else "the server"
    secure = url.startswith("wss:")
    if isinstance(exc, UrlError):
        return f"Invalid URL: {exc}"
    if isinstance(exc, ProxyUnreachableError):
        return str(exc)
    if isinstance(exc, OptionsError):
        return f"Not connected: {exc}"
    if isinstance(exc, InvalidStatus):
        return _describe_refused_upgrade(exc)
    if isinstance(exc, InvalidProxyStatus):
        response = exc.response
        return (
            f"Proxy refused the connection: HTTP {response.status_code} {response.reason_phrase}"
            "\n" + "\n".join(_header_lines(response.headers))
        )
    if isinstance(exc, ProxyError):
        cause = f": {exc.__cause__}" if exc.__cause__ else ""
        return f"Proxy error: {exc}{cause}"
    if type(exc).__module__.startswith("python_socks"):
        return f"Cannot reach the SOCKS proxy: {exc}"
    if isinstance(exc, InvalidProxy):
        return f"Invalid proxy: {display_url(exc.proxy)}: {exc.msg}"
    if isinstance(exc, InvalidURI):
        return f"Invalid URL: {exc.msg}: {display_url(exc.uri)}"
    if isinstance(exc, InvalidHeaderValue):
        return _describe_bad_header(exc)
    if isinstance(exc, InvalidUpgrade):
        return f"Handshake failed: the server did not upgrade to WebSocket ({exc})"
    if isinstance(exc, NegotiationError):
        return f"Handshake failed: negotiation error ({exc})"
    if isinstance(exc, InvalidMessage):
        return _describe_bad_response(exc, options, secure)
    if isinstance(exc, InvalidHandshake):
        return f"Handshake failed: {exc}"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (
            f"TLS certificate verification failed for {host}: {exc.verify_message}\n"
            "Trust the server's CA, or turn TLS verification off for this connection."
        )
    if isinstance(exc, ssl.SSLError):
        return f"TLS handshake with {host} failed: {exc.reason or exc}"
    if secure and isinstance(exc, ConnectionResetError | ssl.SSLEOFError | EOFError):
        return (
            f"TLS handshake with {host} failed: the server closed the connection. "
            "Is it a plain ws:// server? Then use a ws:// URL."
        )
    if isinstance(exc, MultipleValuesError):
        return (
            f"Handshake failed: the server sent the {exc.args[0] if exc.args else ''} header "
            "more than once, which a WebSocket handshake forbids"
        )
    if isinstance(exc, UnfinishedResponseError):
        shown = exc.status_line[:80] or "(an empty line)"
        return (
            f"Timed out: {host} began to answer '{shown}' but did not finish within "
            f"{open_timeout:g} s (open timeout). A non-101 answer without Content-Length "
            "ends only when the server closes; what came is in the Handshake tab."
        )
    if isinstance(exc, TimeoutError):
        return (
            f"Timed out: no completed handshake from {host} within {open_timeout:g} s "
            "(open timeout)"
        )
    if isinstance(exc, socket.gaierror):
        return f"DNS lookup failed for host '{host}': {exc.strerror}"
    if isinstance(exc, ConnectionRefusedError):
        return f"Connection refused by {host_and_port(url)}: is a server listening on that port?"
    if isinstance(exc, ConnectionClosed):
        return describe_close(exc.rcvd, exc.sent, exc.rcvd_then_sent)
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc) or _spaced_name(exc)
        return f"Network error talking to {host}: {reason}"
    return f"Unexpected error: {type(exc).__name__}: {exc}"


def file_reason(exc: OSError) -> str:
    """Why a file could not be read or written, in the system's words ("Permission denied")."""
    return exc.strerror or str(exc) or _spaced_name(exc)


def describe_too_big(max_size: int | None, reason: str = "") -> str:
    """Why we closed with 1009: the size limit, the library's fragment limit, or a frame
    length that no frame may have (the top bit of a 64-bit length set)."""
    length = _FRAME_LENGTH.match(reason)  # websockets: "frame with N bytes exceeds limit..."
    if length is not None and int(length[1]) >= 2**63:
        return (
            "Connection failed: the server sent a frame length with the most significant bit "
            "set (RFC 6455 §5.2 forbids it); the connection was closed with 1009"
        )
    if "fragments" in reason:  # websockets says "too many fragments"
        return (
            f"Message too big: the server sent a message in more than {fragment_limit():,} "
            f"fragments ({FRAGMENTS_VARIABLE}); the connection was closed with 1009"
        )
    limit = format_size(max_size) if max_size else "the limit"
    return (
        f"Message too big: the server sent a message over {limit} (max_size); "
        "the connection was closed with 1009"
    )


def not_open(state_name: str) -> str:
    """Why a message was not sent; the same words wherever sending is refused."""
    return f"Not sent: the connection is not open (readyState {state_name})"


def _describe_bad_response(
    exc: InvalidMessage, options: ConnectOptions | None, secure: bool
) -> str:
    cause = exc.__cause__
    summary = "Handshake failed: the server did not send a valid HTTP response"
    if not secure:
        head = exc.head if isinstance(exc, UnreadableResponseError) else None
        hint = _plain_text_hint(head)
        return f"{summary} ({cause})" + (f"\n{hint}" if hint else "")
    if isinstance(cause, EOFError) and not (options is not None and options.client_cert):
        return (
            "Handshake failed: the server closed the connection before answering the Upgrade\n"
            "Over TLS, this is how a server refuses a connection without a client certificate "
            "(mutual TLS): set one in the TLS options."
        )
    return f"{summary} ({cause})" if cause else summary


_TLS_RECORDS = {0x15: "alert", 0x16: "handshake"}


def _plain_text_hint(head: bytes | None) -> str:
    """What to try when a ws:// server's answer is not HTTP, judged by its first bytes: a
    TLS record or something else than HTTP suggests wss://; broken HTTP (HTTP/1.0, too many
    headers, a cut answer) does not."""
    if head and head[0] in _TLS_RECORDS:
        return (
            f"It answered with TLS (a TLS {_TLS_RECORDS[head[0]]} record, first byte "
            f"0x{head[0]:02x}): use a wss:// URL."
        )
    if head and (head.startswith(b"HTTP/") or b"HTTP/".startswith(head)):
        return ""  # HTTP, broken: the message says how
    if head:
        shown = escape_control(head[:40].decode("latin-1"))
        return f"What came is not HTTP: '{shown}'. If the server speaks TLS, use a wss:// URL."
    return "If the server speaks TLS, use a wss:// URL."  # closed, or nothing known


def _describe_bad_header(exc: InvalidHeaderValue) -> str:
    if exc.name.lower() == "sec-websocket-accept":
        return (
            "Handshake failed: the server's Sec-WebSocket-Accept does not match the key we sent\n"
            f"received: {exc.value}"
        )
    return f"Handshake failed: invalid {exc.name} header: {mask(exc.name, exc.value or '')}"


def _describe_refused_upgrade(exc: InvalidStatus) -> str:
    response = exc.response
    lines = [
        f"Server refused the WebSocket upgrade: HTTP {response.status_code} "
        f"{response.reason_phrase}",
    ]
    location = response.headers.get("Location")
    if response.status_code in _REDIRECTS and location:
        lines.append(f"Redirect to {display_url(location)} not followed (browsers do not either)")
    lines += ["", *_header_lines(response.headers)]
    body = bytes(response.body or b"")
    if body:
        lines += ["", f"Body ({format_size(len(body))}):", body_text(body, BODY_PREVIEW_BYTES)]
    return "\n".join(lines)


def _header_lines(headers: Headers | Iterable[tuple[str, str]]) -> list[str]:
    items = headers.raw_items() if isinstance(headers, Headers) else headers
    return [f"{name}: {mask(name, value)}" for name, value in items]


def _spaced_name(exc: BaseException) -> str:
    """``ConnectionResetError`` -> ``connection reset``, for exceptions with no message."""
    name = type(exc).__name__.removesuffix("Error")
    return "".join(f" {c.lower()}" if c.isupper() else c for c in name).strip()
