"""The one place that turns an exception into the message a user reads.

Each message names what failed and, where we know it, why and what to try. The raw facts
(HTTP status, headers, body, close code and reason) go in the text too, because a debugging
tool must show them rather than hide them behind a friendly sentence. Secret header values
are masked here, since these texts are shown on screen.
"""

from __future__ import annotations

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
from websockets.frames import Close

from wsgui.core.connection.failures import (
    ProxyUnreachableError,
    TlsClosedError,
    TlsTimeoutError,
    UnfinishedResponseError,
    UnofferedChoiceError,
    UnreadableResponseError,
)
from wsgui.core.connection.refusals import refusal_hints, refusal_reason
from wsgui.core.model.close import close_code_name, describe_close
from wsgui.core.model.handshake import body_text
from wsgui.core.model.limits import FRAGMENTS_VARIABLE, UNLIMITED_INFLATE_BYTES, fragment_limit
from wsgui.core.model.options import ConnectOptions, OptionsError, mask
from wsgui.core.model.payload import escape_control, format_size
from wsgui.core.model.urls import UrlError, display_url, host_and_port, host_of

__all__ = [
    "BODY_PREVIEW_BYTES",
    "ProxyUnreachableError",
    "UnreadableResponseError",
    "describe_error",
    "describe_failure",
    "describe_too_big",
    "not_open",
    "raised_limit",
]


BODY_PREVIEW_BYTES = 1024
_FRAME_LENGTH = re.compile(r"frame with (\d+) bytes")
_LINE_TOO_LONG = re.compile(r"read (\d+) bytes, expected no more than (\d+) bytes")
# OpenSSL's words when what came back is not a TLS record (an HTTP answer, say).
_NOT_TLS_REASONS = frozenset(
    {"WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE", "PACKET_LENGTH_TOO_LONG", "UNKNOWN_PROTOCOL"}
)
_REDIRECTS = (300, 301, 302, 303, 307, 308)


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
        return _describe_refused_upgrade(exc, options)
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
    if isinstance(exc, UnofferedChoiceError):
        return _describe_unoffered(exc)
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
    if isinstance(exc, ssl.SSLError) and exc.reason in _NOT_TLS_REASONS:
        return (
            f"TLS handshake with {host} failed: the server answered in plain text, not TLS "
            f"({exc.reason}). This server speaks plain HTTP: use a ws:// URL."
        )
    if isinstance(exc, ssl.SSLError):
        return f"TLS handshake with {host} failed: {exc.reason or exc}"
    if isinstance(exc, TlsTimeoutError):
        return (
            f"Timed out: the TLS handshake with {host} did not finish within "
            f"{open_timeout:g} s (open timeout): the server never answered the TLS hello. "
            f"Is it a plain ws:// server? Then use a ws:// URL."
        )
    if secure and isinstance(exc, TlsClosedError | ConnectionResetError | EOFError):
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
        return _describe_unfinished(exc, host, open_timeout)
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


# What we say when we had to fail the connection, by the code we closed it with.
_FAILURE_MEANINGS = {
    1002: "the server broke the WebSocket protocol",
    1003: "the server sent a kind of data this client refuses",
    1007: "the server sent text that is not valid UTF-8",
    1011: "an error in this client",
}
_KEEPALIVE_TIMEOUT = "keepalive ping timeout"  # websockets' reason when no pong came


def describe_failure(sent: Close, options: ConnectOptions) -> str:
    """Why wsgui failed the connection (the close frame it sent says), and what it does
    then: wait for the server to close, up to the close timeout."""
    if sent.code == 1009:
        what = describe_too_big(options.max_size, sent.reason)
    elif sent.code == 1011 and sent.reason == _KEEPALIVE_TIMEOUT:
        what = (
            "Connection failed: no pong to the keep-alive ping within "
            f"{options.ping_timeout or 0:g} s (ping timeout)"
        )
    else:
        meaning = _FAILURE_MEANINGS.get(sent.code, f"closed with {sent.code}")
        what = f"Connection failed: {meaning} ({sent.reason or sent.code})"
    return (
        f"{what}; wsgui closed with {sent.code} ({close_code_name(sent.code)}), waiting up "
        f"to {options.close_timeout:g} s (close timeout) for the server to close"
    )


def describe_too_big(max_size: int | None, reason: str = "") -> str:
    """Why we closed with 1009: the size limit, the cap on inflated messages when there is
    none, the library's fragment limit, or a frame length that no frame may have (the top
    bit of a 64-bit length set)."""
    length = _FRAME_LENGTH.match(reason)  # websockets: "frame with N bytes exceeds limit..."
    if length is not None and int(length[1]) >= 2**63:
        return (
            "Connection failed: the server sent a frame length with the most significant bit "
            "set (RFC 6455 §5.2 forbids it)"
        )
    if "fragments" in reason:  # websockets says "too many fragments"
        return (
            f"Message too big: the server sent a message in more than {fragment_limit():,} "
            f"fragments ({FRAGMENTS_VARIABLE})"
        )
    if max_size is None:  # only a compressed connection has a limit then
        return (
            "Message too big: the server sent a message over "
            f"{format_size(UNLIMITED_INFLATE_BYTES)}, the most wsgui takes when compression "
            "is on and the size limit is off (a guard against decompression bombs); set a "
            "size limit to take more"
        )
    what = (
        f"Message too big: the server sent a message over {format_size(max_size)} ({SIZE_SETTING})"
    )
    if length is not None:
        return f"{what}: a frame header announcing {int(length[1]):,} bytes"
    if reason.startswith(("frame exceeds", "frame after reading")):  # no length: inflating
        return f"{what} once inflated (permessage-deflate)"
    return what


SIZE_SETTING = "Settings › Max message size"
_NEEDED = re.compile(r"frame with (\d+) bytes(?: after reading (\d+) bytes)?")
RAISED_LIMIT_MAX = 2**30  # beyond, "Raise limit" is not offered: set it by hand


def raised_limit(max_size: int | None, reason: str) -> int | None:
    """A size limit that takes the message refused with 1009 (``reason``: the close frame
    we sent), at least 4 times the old one; None when raising it cannot help (a fragment
    count, a length no frame may have, no limit set) or would pass 1 GiB."""
    if max_size is None or "fragments" in reason:
        return None
    found = _NEEDED.match(reason)
    needed = int(found[1]) + int(found[2] or 0) if found else 0
    if needed >= 2**63:
        return None
    limit = max(max_size * 4, 1 << max(needed - 1, 1).bit_length())
    return limit if limit <= RAISED_LIMIT_MAX else None


def not_open(state_name: str) -> str:
    """Why a message was not sent; the same words wherever sending is refused."""
    return f"Not sent: the connection is not open (readyState {state_name})"


def _describe_bad_response(
    exc: InvalidMessage, options: ConnectOptions | None, secure: bool
) -> str:
    cause = exc.__cause__
    summary = "Handshake failed: the server did not send a valid HTTP response"
    head = exc.head if isinstance(exc, UnreadableResponseError) else None
    too_long = _LINE_TOO_LONG.search(str(cause)) if cause is not None else None
    if too_long is not None:
        return _describe_long_line(int(too_long[2]), head or b"")
    if not secure:
        hint = _plain_text_hint(head)
        return f"{summary} ({cause})" + (f"\n{hint}" if hint else "")
    if isinstance(cause, EOFError) and not (options is not None and options.client_cert):
        return (
            "Handshake failed: the server closed the connection before answering the Upgrade\n"
            "Over TLS, this is how a server refuses a connection without a client certificate "
            "(mutual TLS): set one in the TLS options."
        )
    return f"{summary} ({cause})" if cause else summary


def _describe_unoffered(exc: UnofferedChoiceError) -> str:
    offered = ", ".join(f"'{o}'" for o in exc.offered) or "none"
    chosen_name = exc.chosen.split(";", 1)[0].strip()
    if exc.what == "extension" and chosen_name in exc.offered:
        return (
            f"Handshake failed: the server accepted the extension '{exc.chosen}' with "
            "parameters wsgui did not offer or cannot use"
        )
    hint = (
        f" Add '{exc.chosen}' to Subprotocols if you want it, or fix the server."
        if exc.what == "subprotocol"
        else ""
    )
    return (
        f"Handshake failed: the server chose the {exc.what} '{exc.chosen}', which wsgui did "
        f"not offer (offered: {offered}); a client must refuse it.{hint}"
    )


def _describe_unfinished(exc: UnfinishedResponseError, host: str, open_timeout: float) -> str:
    shown = escape_control(exc.status_line[:80]) or "(an empty line)"
    status = exc.status
    if status is None or status == 101:  # a handshake answer, too slow to finish
        return (
            f"Timed out: {host} did not finish its handshake answer within {open_timeout:g} s "
            f"(open timeout): {exc.received:,} bytes had come, beginning '{shown}'. A server "
            "this slow is stuck or overloaded; what came is in the Handshake tab."
        )
    return (
        f"Timed out: {host} began to answer '{shown}' but did not finish within "
        f"{open_timeout:g} s (open timeout). A non-101 answer without Content-Length "
        "ends only when the server closes; what came is in the Handshake tab."
    )


def _describe_long_line(limit: int, head: bytes) -> str:
    """websockets refuses a line of the answer over 8,192 bytes; say which line it was."""
    lines = head.split(b"\r\n")
    index = next((i for i, line in enumerate(lines) if len(line) > limit), None)
    if index == 0:
        which = "its status line"
    elif index is not None and b":" in lines[index][:200]:
        name = lines[index].split(b":", 1)[0].decode("latin-1").strip()
        which = f"its {escape_control(name)} header line"
    else:
        which = "a header line"
    return (
        f"Handshake failed: the server's answer has a line over {limit:,} bytes ({which}), "
        f"more than websockets reads in one line (WEBSOCKETS_MAX_LINE_LENGTH)"
    )


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


def _describe_refused_upgrade(exc: InvalidStatus, options: ConnectOptions | None) -> str:
    response = exc.response
    reason = refusal_reason(response)
    said = f" — {reason}" if reason else ""
    lines = [
        f"Server refused the WebSocket upgrade: HTTP {response.status_code} "
        f"{response.reason_phrase}{said}",
    ]
    location = response.headers.get("Location")
    if response.status_code in _REDIRECTS and location:
        lines.append(f"Redirect to {display_url(location)} not followed (browsers do not either)")
    lines += refusal_hints(response, options)
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
