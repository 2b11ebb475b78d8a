"""Failures to connect that websockets' own exceptions do not tell apart, as exceptions that
carry the facts: what the server sent, which phase the attempt was in, what it chose.

The connector raises them (it saw the bytes and the phases); errors.py words them and
reconnect.py decides whether another attempt could work.
"""

from __future__ import annotations

import os

from websockets.exceptions import InvalidMessage, NegotiationError

__all__ = [
    "ProxyUnreachableError",
    "TlsClosedError",
    "TlsTimeoutError",
    "UnfinishedResponseError",
    "UnofferedChoiceError",
    "UnreadableResponseError",
]


class ProxyUnreachableError(ConnectionError):
    """The proxy itself could not be reached (not the WebSocket server behind it)."""

    def __init__(self, proxy: str, cause: OSError) -> None:
        known = os.strerror(cause.errno) if cause.errno else ""
        reason = known or cause.strerror or str(cause) or type(cause).__name__
        super().__init__(f"Cannot reach the proxy {proxy}: {reason}")


class UnreadableResponseError(InvalidMessage):
    """websockets' InvalidMessage with the first bytes the server sent: they tell a TLS
    server or another protocol on the port from HTTP that is merely broken."""

    def __init__(self, message: str, head: bytes) -> None:
        super().__init__(message)
        self.head = head


class UnfinishedResponseError(TimeoutError):
    """The open timeout came while the server's answer was still arriving: a non-101 status
    with no Content-Length on a connection kept open, or a server sending byte by byte."""

    def __init__(self, status_line: str, received: int = 0) -> None:
        super().__init__(status_line)
        self.status_line = status_line
        self.received = received  # bytes of the answer that came

    @property
    def status(self) -> int | None:
        """The status code, once the status line is complete enough to have one."""
        parts = self.status_line.split(" ", 2)
        if len(parts) >= 2 and parts[0].startswith("HTTP/") and parts[1].isdigit():
            return int(parts[1])
        return None


class TlsClosedError(ConnectionResetError):
    """The server closed the TCP connection during the TLS handshake: a plain ws:// server
    that does not speak TLS, or one that refuses this client."""


class TlsTimeoutError(TimeoutError):
    """The open timeout came during the TLS handshake: the server never answered the TLS
    hello (a plain ws:// server waits for an HTTP request that never ends)."""


class UnofferedChoiceError(NegotiationError):
    """The server chose a subprotocol or extension the client did not offer."""

    def __init__(self, what: str, chosen: str, offered: list[str]) -> None:
        super().__init__(f"the server chose {what} {chosen!r}, which was not offered")
        self.what = what  # "subprotocol" or "extension"
        self.chosen = chosen
        self.offered = offered
