"""One WebSocket connection: open it from ConnectOptions, read every message, send, close.

A Session reports everything to a sink (state changes, log entries, the open details), so
the same code drives the window, the tests and the benchmarks. It never raises for a
network failure: every failure becomes an error entry and the state returns to CLOSED.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from pathlib import Path
from time import monotonic
from time import time as now

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed
from websockets.frames import Close

from wsgui.core.connection.errors import (
    describe_error,
    describe_failure,
    file_reason,
    not_open,
    raised_limit,
)
from wsgui.core.connection.pinging import PingError, ping_once
from wsgui.core.connection.progress_send import FRAME_BYTES, describe_frames, send_with_progress
from wsgui.core.connection.reconnect import RETRY, Retry, retry_after_close, retry_after_failure
from wsgui.core.connection.replies import Replies
from wsgui.core.connection.sink import LocalServer, OpenInfo, SessionSink, start_local_server
from wsgui.core.connection.websocket.connector import open_connection
from wsgui.core.connection.websocket.guarded_connection import GuardedConnection
from wsgui.core.connection.websocket.reader import MessageReader
from wsgui.core.model.checks import check_options
from wsgui.core.model.close import describe_close, effective_close_code, validate_close
from wsgui.core.model.entries import (
    Direction,
    Kind,
    LogEntry,
    ReadyState,
    event_entry,
    message_entry,
)
from wsgui.core.model.handshake import HandshakeRecord
from wsgui.core.model.options import ConnectOptions
from wsgui.core.model.payload import format_size, text_problem
from wsgui.core.model.secrets import expand_references
from wsgui.core.model.urls import CheckedUrl, check_url

__all__ = ["Session"]


DEFAULT_PONG_WAIT = 20.0  # seconds to wait for a pong when no ping timeout is set
LATENCY_POLL_SECONDS = 0.5


class Session:
    """One connection attempt and its lifetime, from CONNECTING to CLOSED.

    ``run`` is meant to be the body of one task owned by the caller; ``send``, ``close`` and
    ``abort`` are called from other tasks while it runs.
    """

    def __init__(
        self,
        options: ConnectOptions,
        sink: SessionSink,
        *,
        local_server: LocalServer | None = None,
        capture_frames: bool = True,
    ) -> None:
        self.options = options
        self._sink = sink
        self._local_server = local_server
        self._capture_frames = capture_frames  # each frame recorded costs throughput
        self._last_latency = 0.0
        self._pings_waiting = 0  # our own pings awaiting their pong (they report their RTT)
        # How it ended, for reconnecting: only after what the user did not ask for, and only
        # when trying again may work.
        self.closed_by_user = False
        self.was_open = False
        self.retry: Retry = RETRY  # how it ended: worth another attempt? (why not, if not)
        self.open_seconds = 0.0  # how long the connection stayed open
        self._opened_at = 0.0
        self._aborted = False
        self._sending: ClientConnection | None = None  # while a file goes out
        self.replies = Replies()
        self._send_cancelled = False
        self._ws: GuardedConnection | None = None
        self.state = ReadyState.CLOSED
        self.handshake: HandshakeRecord | None = None
        self._closing_noted = False  # CLOSING reported (and a failure of ours logged)
        self._reader: MessageReader | None = None
        self.last_connection: GuardedConnection | None = None  # kept after CLOSED: its counts
        self.raise_limit_to: int | None = None  # a 1009 on our size limit: a limit that fits

    @property
    def reader_yields(self) -> int:
        """Times the reader gave the loop a turn in a flood (tests, benchmarks)."""
        return self._reader.yields if self._reader is not None else 0

    @property
    def retryable(self) -> bool:
        """Would another attempt with the same settings possibly work?"""
        return self.retry.retry

    @retryable.setter
    def retryable(self, value: bool) -> None:
        self.retry = RETRY if value else Retry(False)

    async def run(self) -> None:
        """Connect, read until the connection closes, and report the close."""
        self._set_state(ReadyState.CONNECTING)
        try:
            target = check_url(self.options.url)
            check_options(self.options)
            ws = await self._open(target, expand_references(self.options))
        except asyncio.CancelledError:
            if self.handshake is not None:
                self.handshake.error = "cancelled by the user"
                self._sink.on_handshake(self.handshake)
            self._event(Kind.INFO, "Connection attempt cancelled")
            self._set_state(ReadyState.CLOSED)
            raise
        except Exception as exc:  # noqa: BLE001 - every failure becomes a log entry
            self.retry = retry_after_failure(exc)
            message = describe_error(exc, self.options)
            record = self.handshake
            if record is not None:
                record.error = message.split("\n", 1)[0]
                self._sink.on_handshake(record)
            self._sink.on_entry(event_entry(Kind.ERROR, message, handshake=record))
            self._set_state(ReadyState.CLOSED)
            return
        if self.handshake is not None:
            self._sink.on_handshake(self.handshake)
        self._ws = self.last_connection = ws
        self.was_open = True
        self._opened_at = monotonic()
        watcher = asyncio.ensure_future(self._watch_latency(ws))
        try:
            self._report_open(ws, target)
            self._reader = MessageReader(ws, self._sink, self.replies, self._note_closing)
            await self._reader.run()
        finally:
            watcher.cancel()
            self.replies.fail_all()
            self._ws = None
            self._report_close(ws)
            self._set_state(ReadyState.CLOSED)

    async def send(self, payload: str | bytes, note: str = "") -> bool:
        """Send one message; log it once it is written, or log why it was not sent."""
        ws = self._open_ws()
        if ws is None:
            return False
        problem = text_problem(payload)
        if problem:
            self._event(Kind.ERROR, problem)
            return False
        try:
            await ws.send(payload)
        except ConnectionClosed:
            self._event(Kind.ERROR, "Not sent: the connection closed before the message went out")
            return False
        if self._aborted:  # an abort lets a pending write end quietly: it did not all leave
            self._event(Kind.ERROR, "Not sent: the connection was aborted while it went out")
            return False
        self._sink.on_entry(message_entry(Direction.SENT, payload, note))
        return True

    async def ping(self, payload: bytes = b"") -> float | None:
        """Send a ping; log it, then its pong with the round-trip time (seconds, returned)."""
        ws = self._open_ws("Ping ")
        if ws is None:
            return None

        def logged(data: bytes) -> None:
            self._sink.on_entry(LogEntry(Direction.SENT, Kind.PING, data, len(data), now()))

        self._pings_waiting += 1
        try:
            timeout = self.options.ping_timeout or DEFAULT_PONG_WAIT
            sent, latency = await ping_once(ws, payload, timeout, logged)
        except PingError as exc:
            self._event(Kind.ERROR, str(exc))
            return None
        finally:
            self._pings_waiting -= 1
        note = f"RTT {latency * 1000:.1f} ms"
        self._sink.on_entry(LogEntry(Direction.RECEIVED, Kind.PONG, sent, len(sent), now(), note))
        self._last_latency = latency
        self._sink.on_rtt(latency)
        return latency

    def _open_ws(self, action: str = "") -> ClientConnection | None:
        """The connection if it is OPEN; else None, after logging why ``action`` cannot run."""
        ws = self._ws
        if ws is None or self.state is not ReadyState.OPEN:
            self._event(Kind.ERROR, action + not_open(f"{self.state.value} {self.state.name}"))
            return None
        return ws

    def expect(self, pattern: re.Pattern[str]) -> asyncio.Future[str]:
        """A future set to the next received message matching ``pattern`` (binary ones are
        read as UTF-8). Register it before sending what should cause the reply."""
        return self.replies.expect(pattern)

    def log_event(self, kind: Kind, text: str) -> None:
        """Add an event to the log (for what runs on top of the session: the sequence)."""
        self._event(kind, text)

    async def _watch_latency(self, ws: ClientConnection) -> None:
        """Report the keep-alive pings' round-trip times (websockets measures them)."""
        while True:
            await asyncio.sleep(LATENCY_POLL_SECONDS)
            # websockets sets ws.latency from our own ping's pong too: that one is reported
            # by ping(), once (the pong may land just before this poll).
            if self._pings_waiting:
                continue
            if ws.latency and ws.latency != self._last_latency:
                self._last_latency = ws.latency
                self._sink.on_rtt(ws.latency)

    async def send_file(
        self, path: Path, on_progress: Callable[[int, int], None] | None = None
    ) -> bool:
        """Send a whole file as one binary message (the browser's Blob), in frames of 1 MiB
        when it is larger (see progress_send); nothing on a read error.
        ``on_progress(written, total)`` follows the bytes leaving for the network."""
        try:
            data = await asyncio.to_thread(path.read_bytes)
        except OSError as exc:
            self._event(Kind.ERROR, f"Not sent: cannot read file '{path}': {file_reason(exc)}")
            return False
        frames = "" if len(data) <= FRAME_BYTES else f", {describe_frames(len(data))}"
        note = f"file {path.name} ({format_size(len(data))}{frames})"
        return await self._send_tracked(data, note, on_progress or _ignore_progress)

    async def _send_tracked(
        self, data: bytes, note: str, on_progress: Callable[[int, int], None]
    ) -> bool:
        """Send while reporting how much of it the OS has taken (the transport's buffer
        drains as the peer reads); ``cancel_send`` can stop it."""
        ws = self._open_ws()
        if ws is None:
            return False
        if self._sending is not None:
            self._event(Kind.ERROR, "Not sent: another file is still going out (wait or Cancel)")
            return False
        self._sending, self._send_cancelled = ws, False
        try:
            written, failed = await send_with_progress(ws, data, on_progress)
        finally:
            self._sending = None
        failed = failed or self._send_cancelled  # an abort ends the send without an error
        total = len(data)
        if failed:
            self._event(
                Kind.ERROR,
                f"Send cancelled: {format_size(written)} of {format_size(total)} had left; "
                "a message cannot be cut short, so the connection was dropped"
                if self._send_cancelled
                else "Not sent: the connection closed before the message went out",
            )
            return False
        on_progress(total, total)
        self._sink.on_entry(message_entry(Direction.SENT, data, note))
        return True

    def cancel_send(self) -> bool:
        """Stop a tracked send in progress by dropping the connection (the only way to stop
        a frame half-way); False when nothing is being sent."""
        ws = self._ws
        if ws is None or self._sending is None:
            return False
        self._send_cancelled = self.closed_by_user = True
        ws.transport.abort()
        return True

    async def close(self, code: int = 1000, reason: str = "") -> None:
        """Start the closing handshake; the reader reports the close when it completes.

        Raises CloseArgsError for a code or reason a client may not send.
        """
        validate_close(code, reason)
        ws = self._ws
        if ws is None or self.state is not ReadyState.OPEN:
            self._event(Kind.ERROR, f"Not closed: the connection is {self.state.name}")
            return
        self.closed_by_user = True
        self._set_state(ReadyState.CLOSING)
        await ws.close(code, reason)

    def abort(self) -> None:
        """Drop the TCP connection without waiting for the server (a stuck close handshake)."""
        ws = self._ws
        if ws is not None:
            self.closed_by_user = self._aborted = True
            self._send_cancelled = self._sending is not None
            self._event(Kind.INFO, "Aborted: TCP connection dropped without waiting for the server")
            ws.transport.abort()

    async def _open(self, target: CheckedUrl, options: ConnectOptions) -> GuardedConnection:
        """Connect with ``options`` (references to environment variables already expanded)."""
        if target.note:
            self._event(Kind.INFO, f"URL {target.shown}: {target.note}")
        said = await start_local_server(self._local_server, target.host, target.port)
        if said:
            self._event(Kind.INFO, said)
        self.handshake = HandshakeRecord(
            target.shown, self.options.subprotocols, started_at=time.time()
        )
        on_frame = self._sink.on_frame if self._capture_frames else None
        return await open_connection(options, target, self.handshake, on_frame)

    def _note_closing(self) -> None:
        """CLOSING, and when we failed the connection, why: at once, not at the end."""
        ws = self._ws
        if ws is None or self._closing_noted:
            return
        self._closing_noted = True
        self._set_state(ReadyState.CLOSING)
        protocol = ws.protocol
        sent = protocol.close_sent
        if sent is not None and protocol.close_rcvd is None and not self.closed_by_user:
            self._failed_with(sent)

    def _report_open(self, ws: ClientConnection, target: CheckedUrl) -> None:
        extensions = ""
        if ws.response is not None:
            extensions = ws.response.headers.get("Sec-WebSocket-Extensions", "")
        info = OpenInfo(target.url, ws.subprotocol, extensions)
        self._sink.on_open(info)
        text = (
            f"Open: {target.shown}, subprotocol {info.subprotocol or 'none'}, "
            f"extensions {info.extensions or 'none'}\n"
            f"Settings: {self.options.summary()}"
        )
        self._sink.on_entry(event_entry(Kind.OPEN, text, handshake=self.handshake))
        self._set_state(ReadyState.OPEN)

    def _failed_with(self, sent: Close) -> None:
        """We failed the connection: say why, and what size limit would have taken it."""
        if sent.code == 1009:
            self.raise_limit_to = raised_limit(self.options.max_size, sent.reason)
        self._event(Kind.ERROR, describe_failure(sent, self.options))

    def _report_close(self, ws: GuardedConnection) -> None:
        protocol = ws.protocol
        rcvd, sent = protocol.close_rcvd, protocol.close_sent
        failed_by_us = sent is not None and rcvd is None and not self.closed_by_user
        if not self._closing_noted:  # the reader ended before it could be said
            self._closing_noted = True
            if rcvd is not None and self.state is ReadyState.OPEN:
                self._set_state(ReadyState.CLOSING)  # the server started a closing handshake
            if failed_by_us and sent is not None:
                self._failed_with(sent)
        code = effective_close_code(rcvd)
        self.retry = retry_after_close(rcvd, sent, failed_by_us)
        self.open_seconds = monotonic() - self._opened_at
        overdue = ws.close_overdue or isinstance(ws.connection_exc, TimeoutError)
        self._event(
            Kind.CLOSE,
            describe_close(
                rcvd,
                sent,
                protocol.close_rcvd_then_sent,
                gave_up_after=self.options.close_timeout if overdue else None,
            ),
            close_code=code,
        )

    def _event(self, kind: Kind, text: str, *, close_code: int | None = None) -> None:
        self._sink.on_entry(event_entry(kind, text, close_code=close_code))

    def _set_state(self, state: ReadyState) -> None:
        if state is not self.state:
            self.state = state
            self._sink.on_state(state)


def _ignore_progress(_written: int, _total: int) -> None:
    """A file sent with nobody watching its progress."""
