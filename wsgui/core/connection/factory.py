"""What the window's controller needs from a connection, WebSocket or Socket.IO, and the one
place that picks which kind to make."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeGuard
from typing import Protocol as Interface

from wsgui.core.connection.reconnect import Retry
from wsgui.core.connection.sink import LocalServer, SessionSink
from wsgui.core.connection.websocket.session import Session
from wsgui.core.model.entries import Kind, ReadyState
from wsgui.core.model.options import ConnectOptions, Protocol

if TYPE_CHECKING:  # imported when one is made: python-socketio and aiohttp are slow to load
    from wsgui.core.connection.socketio.session import SocketIOSession

__all__ = ["AnySession", "is_socketio", "make_session"]


class AnySession(Interface):
    options: ConnectOptions
    state: ReadyState
    closed_by_user: bool
    retry: Retry  # how the last attempt ended: worth another? (why not, for the log)
    raise_limit_to: int | None  # after a 1009 on the size limit: a limit that takes it
    open_seconds: float

    @property
    def retryable(self) -> bool: ...

    async def run(self) -> None: ...

    async def send(self, payload: str | bytes, note: str = "") -> bool: ...

    async def send_file(
        self, path: Path, on_progress: Callable[[int, int], None] | None = None
    ) -> bool: ...

    def cancel_send(self) -> bool: ...

    async def ping(self, payload: bytes = b"") -> float | None: ...

    async def close(self, code: int = 1000, reason: str = "") -> None: ...

    def abort(self) -> None: ...

    def expect(self, pattern: re.Pattern[str]) -> asyncio.Future[str]: ...

    def log_event(self, kind: Kind, text: str) -> None: ...


def make_session(
    options: ConnectOptions,
    sink: SessionSink,
    local_server: LocalServer | None,
    capture_frames: bool,
) -> AnySession:
    if options.protocol is Protocol.SOCKETIO:
        # imported here: python-socketio and aiohttp add a third of a second to startup
        from wsgui.core.connection.socketio.session import SocketIOSession

        return SocketIOSession(options, sink, capture_frames=capture_frames)
    return Session(options, sink, local_server=local_server, capture_frames=capture_frames)


def is_socketio(session: AnySession | None) -> TypeGuard[SocketIOSession]:
    """A Socket.IO session (it can emit events), told by its options."""
    return session is not None and session.options.protocol is Protocol.SOCKETIO
