"""The bridge between one core Session and the widgets.

It owns the session task (one at a time), forwards log entries straight into the log
model's buffer (no signal per message: at 200k msg/s a signal each would freeze the UI)
and turns state changes into Qt signals.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

from wsgui.core.connection.errors import not_open
from wsgui.core.connection.factory import AnySession, is_socketio, make_session
from wsgui.core.connection.reconnect import delays
from wsgui.core.connection.sink import LocalServer, OpenInfo
from wsgui.core.log.store import Recorder
from wsgui.core.model.close import validate_close
from wsgui.core.model.entries import Kind, LogEntry, ReadyState, Row, event_entry
from wsgui.core.model.frames import RawFrame
from wsgui.core.model.handshake import HandshakeRecord
from wsgui.core.model.masking import Mask, masked_entry, masked_record
from wsgui.core.model.options import ConnectOptions
from wsgui.core.model.urls import display_url

log = logging.getLogger(__name__)

# On quit, how long to wait for the server to answer our close frame.
SHUTDOWN_CLOSE_SECONDS = 2.0
# A connection that stayed open this long was a good one: the attempts count starts again.
STABLE_SECONDS = 10.0


class SessionRecorder(Recorder, Protocol):
    """Where one connection's entries and captured frames are journaled (core.history's
    SessionJournal)."""

    @property
    def extend_frames(self) -> Callable[[list[RawFrame]], None]: ...

    def end(self, close_code: int | None = None) -> None: ...


class LogBuffer(Protocol):
    """Where entries and received rows go (the log model's batch buffer), and what
    journals them (the rows the log keeps are the rows journaled, in the same order)."""

    def append(self, entry: LogEntry) -> None: ...

    def append_row(self, row: Row) -> None: ...

    def record_into(self, recorder: Recorder | None) -> None: ...


class Recorders(Protocol):
    """What starts a journal per connection (core.history's Journal)."""

    def start_session(self, url: str, profile: str = "") -> SessionRecorder: ...


class FrameBuffer(Protocol):
    """Where captured frames go (the Frames model's batch buffer), and what journals them."""

    def append(self, record: RawFrame) -> None: ...

    def record_into(self, journal: Callable[[list[RawFrame]], None] | None) -> None: ...


def _nowhere(_item: object) -> None:
    """Before attach(): nothing runs a session yet."""


class SessionController(QObject):
    """Runs sessions for the window. ``append_entry`` must be cheap (a buffer append)."""

    state_changed = Signal(int)
    opened = Signal(str, str)  # subprotocol ("" for none), extensions
    handshake_recorded = Signal(object)  # HandshakeRecord, once per connection attempt
    rtt_measured = Signal(float)  # seconds: our ping's pong, or a keep-alive's
    send_progress = Signal(int, int)  # bytes of a file send gone to the network, total
    send_finished = Signal()  # the file send ended, sent or not (the log says which)
    reconnecting = Signal(int, float)  # attempt number, seconds to wait; (0, 0) when over
    limit_offered = Signal(int)  # a 1009 on the size limit: this limit would take the message

    def __init__(
        self,
        local_server: LocalServer | None = None,
        parent: QObject | None = None,
        journal: Recorders | None = None,
    ) -> None:
        super().__init__(parent)
        self.journal = journal  # every connection's entries on disk too (None: memory only)
        self.private = False  # Connection > Private tab: this tab's connections not journaled
        self.profile_name: Callable[[], str] = str  # the tab's profile, for the journal
        self._recorder: SessionRecorder | None = None
        self._last_close: int | None = None
        # The SessionSink's per-message hooks: set by attach(), to the models' buffers.
        self.on_entry: Callable[[LogEntry], None] = _nowhere
        self.on_row: Callable[[Row], None] = _nowhere
        self.on_frame: Callable[[RawFrame], None] = _nowhere
        self.capture_frames = False  # set from the Frames tab; applies to the next connection
        self._log_append: Callable[[LogEntry], None] = _nowhere
        self._log_append_row: Callable[[Row], None] = _nowhere
        self._log_record: Callable[[Recorder | None], None] = _nowhere
        self._frames_record: Callable[[Callable[[list[RawFrame]], None] | None], None] = _nowhere
        self._mask: Mask | None = None
        self._local_server = local_server
        self._session: AnySession | None = None
        self._run_task: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self.state = ReadyState.CLOSED
        self.reconnect_pending = False  # waiting before the next attempt (readyState CLOSED)
        self.reconnect_attempts = 0  # the running connection's limit of attempts (0: none)

    def attach(self, log: LogBuffer, frames: FrameBuffer) -> None:
        """Wire the hot path, in this one place: every session's entries and received rows
        go straight into the log model's buffer and its frames into the Frames model's
        (bound methods, no call in between: at 200k messages a second each call counts)."""
        self._log_append, self._log_append_row = log.append, log.append_row
        self._log_record = log.record_into
        self.on_frame = frames.append
        self._frames_record = frames.record_into
        self._wire()

    def set_secret_mask(self, mask: Mask | None) -> None:
        """Secret variables' values, masked in the sent messages, events and handshakes this
        tab logs (and journals) from now on (received messages go untouched, on the hot path)."""
        self._mask = mask
        self._wire()

    def _wire(self) -> None:
        """The hot path, in this one place: entries to the log model's buffer (masked when
        there are secrets), received rows straight to it (no call in between). The log
        journals what it keeps, a batch at a time (record_into), so nothing here per row."""
        append, mask = self._log_append, self._mask
        self.on_row = self._log_append_row
        if mask is None and self._recorder is None:
            self.on_entry = append
            return

        def on_entry(entry: LogEntry) -> None:
            if mask is not None:
                entry = masked_entry(entry, mask)
            if entry.close_code is not None:
                self._last_close = entry.close_code
            append(entry)

        self.on_entry = on_entry

    @property
    def session(self) -> AnySession | None:
        """The current (or last) session: what sends go through."""
        return self._session

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run ``coro`` as one of this window's tasks (cancelled and awaited at shutdown)."""
        return self._spawn(coro)

    @property
    def busy(self) -> bool:
        """True while CONNECTING, OPEN, CLOSING or waiting to reconnect: Connect is then
        Disconnect."""
        return self.state is not ReadyState.CLOSED or self.reconnect_pending

    def connect_to(self, options: ConnectOptions) -> None:
        """Start a connection; ignored while another one is alive or about to start."""
        if self.busy or (self._run_task is not None and not self._run_task.done()):
            return
        self.reconnect_attempts = options.reconnect_attempts
        self._run_task = self._spawn(self._connect_loop(options))

    async def _connect_loop(self, options: ConnectOptions) -> None:
        """Run a session; with auto-reconnect on, run another after a drop or a close the
        user did not ask for, waiting as websockets' backoff says (see core.reconnect)."""
        waits, attempt = delays(options), 0
        while True:
            session = make_session(options, self, self._local_server, self.capture_frames)
            self._session = session
            await self._run_recorded(session, options)
            if session.raise_limit_to is not None:
                self.limit_offered.emit(session.raise_limit_to)
            if not options.reconnect or session.closed_by_user:
                return
            if not session.retry.retry:
                if session.retry.why:  # a Socket.IO session reconnects by itself: no why
                    self.on_entry(event_entry(Kind.INFO, session.retry.why))
                return
            if session.open_seconds >= STABLE_SECONDS:  # a new series after a good connection
                waits, attempt = delays(options), 0
            attempt += 1
            limit = options.reconnect_attempts
            if limit and attempt > limit:
                self.on_entry(
                    event_entry(Kind.ERROR, f"Reconnect: gave up after {limit} attempt(s)")
                )
                return
            delay, asked = next(waits), session.retry.delay
            if asked is not None and asked > delay:  # the server said when (Retry-After)
                delay = asked
            of = f" of {limit}" if limit else ""
            why = ", as the server's Retry-After asks" if delay == asked else ""
            self.on_entry(
                event_entry(
                    Kind.INFO, f"Reconnecting in {delay:.1f} s (attempt {attempt}{of}{why})"
                )
            )
            self.reconnect_pending = True
            self.reconnecting.emit(attempt, delay)
            try:
                await asyncio.sleep(delay)
            except asyncio.CancelledError:
                self.on_entry(event_entry(Kind.INFO, "Reconnecting stopped"))
                raise
            finally:
                self.reconnect_pending = False
                self.reconnecting.emit(0, 0.0)

    async def _run_recorded(self, session: AnySession, options: ConnectOptions) -> None:
        """Run one session, journaled from its first entry to its close when there is a
        journal (the URL as the log shows it: a password in it masked), unless the tab is
        private or the options say not to (Settings > Keep in history unchecked)."""
        if self.journal is None or self.private or not options.journal:
            await session.run()
            return
        self._recorder = self.journal.start_session(display_url(options.url), self.profile_name())
        self._last_close = None
        self._log_record(self._recorder)
        self._frames_record(self._recorder.extend_frames)  # captured frames: journaled too
        self._wire()
        try:
            await session.run()
        finally:
            self._log_record(None)  # the session's last rows go to its journal first
            self._frames_record(None)  # and its last frames
            self._recorder.end(self._last_close)
            self._recorder = None
            self._wire()

    def request_disconnect(self) -> None:
        """Cancel a connection attempt, close an open connection with 1000, or abort a close."""
        if (self.state is ReadyState.CONNECTING or self.reconnect_pending) and self._run_task:
            self._run_task.cancel()
        elif self.state is ReadyState.OPEN:
            self.close_with(1000, "")
        elif self.state is ReadyState.CLOSING and self._session is not None:
            self._session.abort()

    def close_with(self, code: int, reason: str) -> None:
        """Close with a code and reason; raises CloseArgsError for ones a client may not send."""
        validate_close(code, reason)
        if self._session is not None:
            self._spawn(self._session.close(code, reason))

    def send(self, payload: str | bytes) -> None:
        if self._session is None:
            self.on_entry(event_entry(Kind.ERROR, not_open("3 CLOSED")))
            return
        self._spawn(self._session.send(payload))

    def send_many(self, payloads: list[str | bytes]) -> None:
        """Send in order, one after the other (Send again from an opened log)."""
        if self._session is None:
            self.on_entry(event_entry(Kind.ERROR, not_open("3 CLOSED")))
            return
        session = self._session

        async def in_order() -> None:
            for payload in payloads:
                await session.send(payload)

        self._spawn(in_order())

    def send_file(self, path: Path) -> None:
        if self._session is None:
            self.on_entry(event_entry(Kind.ERROR, not_open("3 CLOSED")))
            return
        session = self._session

        async def send() -> None:
            try:
                await session.send_file(path, self.send_progress.emit)
            finally:
                self.send_finished.emit()

        self._spawn(send())

    def emit_event(self, event: str, args: list[Any], expect_ack: bool) -> None:
        """Socket.IO's emit (with an ack when asked) on the current connection."""
        session = self._session
        if session is None or not is_socketio(session):
            self.on_entry(event_entry(Kind.ERROR, "Not emitted: Emit needs a Socket.IO connection"))
            return
        self._spawn(session.emit(event, args, expect_ack=expect_ack))

    def cancel_send(self) -> None:
        if self._session is not None:
            self._session.cancel_send()

    async def shutdown(self) -> None:
        """Close the connection cleanly (giving up after a moment) and end every task."""
        session = self._session
        if self.state is ReadyState.OPEN and session is not None:
            try:
                async with asyncio.timeout(SHUTDOWN_CLOSE_SECONDS):
                    await session.close()
            except TimeoutError:
                session.abort()  # e.g. a file still going out to a server that stopped reading
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    # SessionSink
    def on_state(self, state: ReadyState) -> None:
        self.state = state
        self.state_changed.emit(int(state))

    def on_open(self, info: OpenInfo) -> None:
        self.opened.emit(info.subprotocol or "", info.extensions)

    def on_handshake(self, record: HandshakeRecord) -> None:
        mask = self._mask
        self.handshake_recorded.emit(record if mask is None else masked_record(record, mask))

    def on_rtt(self, seconds: float) -> None:
        self.rtt_measured.emit(seconds)

    def on_reconnecting(self, attempt: int, delay: float) -> None:
        """Socket.IO reconnects by its own rules: show it as our own reconnecting is shown."""
        self.reconnect_pending = attempt > 0
        self.reconnecting.emit(attempt, delay)

    def ping(self, payload: bytes = b"") -> None:
        if self._session is None:
            self.on_entry(event_entry(Kind.ERROR, "Ping " + not_open("3 CLOSED")))
            return
        self._spawn(self._session.ping(payload))

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            log.error("session task failed", exc_info=exc)
            self.on_entry(event_entry(Kind.ERROR, f"Internal error: {type(exc).__name__}: {exc}"))
