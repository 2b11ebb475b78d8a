"""What a session reports to and what it may be given: the sink interface every kind of
session (WebSocket, Socket.IO) calls, what opening negotiated, the built-in server's shape
and how a session starts it.
The window's controller, the tests and the benchmarks implement the sink."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from typing import Protocol

from wsgui.core.model.entries import LogEntry, ReadyState, Row
from wsgui.core.model.frames import RawFrame
from wsgui.core.model.handshake import HandshakeRecord

__all__ = ["LocalServer", "OpenInfo", "SessionSink", "start_local_server"]


@dataclass(frozen=True)
class OpenInfo:
    """What was negotiated when the connection opened."""

    url: str
    subprotocol: str | None
    extensions: str


class SessionSink(Protocol):
    """Receives what a session observes. Called on the event loop; must return quickly."""

    def on_state(self, state: ReadyState) -> None: ...

    def on_entry(self, entry: LogEntry) -> None: ...

    # A received message as a Row (model/entries.py): the per-message hot path (no LogEntry built).
    def on_row(self, row: Row) -> None: ...

    def on_open(self, info: OpenInfo) -> None: ...

    def on_handshake(self, record: HandshakeRecord) -> None: ...

    def on_frame(self, record: RawFrame) -> None: ...

    def on_rtt(self, seconds: float) -> None: ...  # a round-trip time: our ping or a keep-alive

    # A library that reconnects by itself (Socket.IO) says so: attempt n (0: over), delay s.
    def on_reconnecting(self, attempt: int, delay: float) -> None: ...


class LocalServer(Protocol):
    """A server the app runs itself (the built-in echo server), started on first use."""

    @property
    def url(self) -> str: ...

    def serves(self, host: str, port: int) -> bool: ...

    async def ensure_running(self) -> bool: ...


async def start_local_server(server: LocalServer | None, host: str, port: int) -> str:
    """Start the built-in server behind host:port if it is meant and not running yet; what
    the log should say about it ("" for nothing)."""
    if server is None or not server.serves(host, port):
        return ""
    try:
        started = await server.ensure_running()
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        return (
            f"Built-in echo server not started: port {port} is in use by another "
            "program; connecting to whatever listens there"
        )
    return f"Built-in echo server started on {server.url}" if started else ""
