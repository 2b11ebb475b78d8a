"""websockets' client connection with the guards a debugger needs: every close ends on time,
the start of a close is reported at once, and one large socket read never stalls the loop.

websockets 17 enforces its close timeout only where it awaits something (send, ping,
close). When the library fails the connection while parsing received data (a protocol
error, an oversized frame) or answers a close the server started, it sets a close
deadline but arms no timer: a server that then holds TCP keeps ``recv()`` waiting until
the next keep-alive ping, or forever with pings off. Here a timer aborts the transport at
that deadline (``close_overdue`` tells the session it happened).

The library also parses a whole socket read (up to 256 KiB: ~87,000 tiny frames) in one
``data_received`` call, on the event loop that is the Qt loop. A read longer than a slice
is fed in slices while a turn's time budget lasts (8 ms); the rest waits for the next turn,
with reading paused so that the order of bytes is kept.

The hooks are websockets internals (``data_received``, ``send_data``, the Assembler's
``resume``): tests/core/connection/websocket/test_guarded_connection.py fails if they change.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from time import perf_counter
from time import time as now

from websockets.asyncio.client import ClientConnection
from websockets.protocol import State

__all__ = ["SLICE_BYTES", "TURN_BUDGET_SECONDS", "GuardedConnection"]

# Bytes fed to the parser at a time from a long read: 16 KiB hold at most 8,192 frames
# (2-byte empty ones), 15-25 ms of parsing here (bench/ingest.py --shape fragments).
SLICE_BYTES = 16384
# Longest single feed once the rate of a read is known (big frames parse fast).
MAX_STEP_BYTES = 4 * SLICE_BYTES
# Parsing time one loop turn may take before the rest of a read waits for the next turn
# (bench/ingest.py: 8 ms kept the heartbeat's worst lateness at 21-34 ms with the 1 B and
# fragment floods, and the ingest ratio where it was; 5 ms cost 5-7 % of it).
TURN_BUDGET_SECONDS = 0.008


class GuardedConnection(ClientConnection):
    """A ClientConnection whose closes end by ``close_timeout`` and whose reads are paced.

    ``on_closing`` (set by whoever runs the connection) is called once, when the
    connection leaves OPEN: a close frame came or one was sent (failing the connection
    included). ``turn_budget`` is a class setting; tests set 0 to feed one slice a turn.
    """

    turn_budget = TURN_BUDGET_SECONDS

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.on_closing: Callable[[], None] | None = None
        self.closing_seen = False
        self.close_overdue = False  # the close deadline passed and the transport was aborted
        self._watchdog: asyncio.TimerHandle | None = None
        self._backlog: deque[tuple[bytes, float]] = deque()
        self._in_feed = False
        # What the pacing did, for tests and benchmarks: loop turns a read was spread over,
        # and the most bytes parsed in one turn.
        self.deferred_turns = 0
        self.largest_turn = 0

    # Reading, paced -----------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        # The Assembler resumes reading when its queue drains; not while a read still waits.
        self.recv_messages.resume = self._resume_reading

    def data_received(self, data: bytes) -> None:
        if self._backlog:  # behind bytes that wait: keep the order
            self._backlog.append((data, now()))
        elif len(data) <= SLICE_BYTES:
            self.feed(data, now())
            self.largest_turn = max(self.largest_turn, len(data))
        else:
            fed = self._feed_for_a_turn(data, now(), perf_counter())
            self.largest_turn = max(self.largest_turn, fed)
            if self._backlog:
                self.transport.pause_reading()
                self.loop.call_soon(self._feed_backlog)

    def feed(self, data: bytes, arrived: float) -> None:
        """Hand bytes to websockets (``arrived``: time() they came); subclasses watch here."""
        self._in_feed = True
        try:
            super().data_received(data)
        finally:
            self._in_feed = False
        state = self.protocol.state
        if state is not State.OPEN and state is not State.CONNECTING:
            self._closing_started()

    def _feed_for_a_turn(self, data: bytes, arrived: float, started: float) -> int:
        """Feed ``data`` while the turn's budget lasts; queue what is left. Returns the bytes
        fed. The step grows with the rate seen so far (a big frame parses fast)."""
        size, fed, step = len(data), 0, SLICE_BYTES
        budget = self.turn_budget
        while fed < size:
            self.feed(data[fed : fed + step], arrived)
            fed += step
            elapsed = perf_counter() - started
            if fed < size and elapsed >= budget:
                self._backlog.appendleft((data[fed:], arrived))
                return fed
            affordable = fed * (budget - elapsed) / elapsed if elapsed > 0 else MAX_STEP_BYTES
            step = max(SLICE_BYTES, min(MAX_STEP_BYTES, int(affordable)))
        return size

    def _feed_backlog(self) -> None:
        """One loop turn of waiting bytes; reading resumes when none are left."""
        backlog, started, fed = self._backlog, perf_counter(), 0
        self.deferred_turns += 1
        while backlog and (fed == 0 or perf_counter() - started < self.turn_budget):
            data, arrived = backlog.popleft()
            fed += self._feed_for_a_turn(data, arrived, started)
        self.largest_turn = max(self.largest_turn, fed)
        if backlog:
            self.loop.call_soon(self._feed_backlog)
        elif not self.recv_messages.paused:
            self._resume_reading()

    def _resume_reading(self) -> None:
        if not self._backlog and not self.transport.is_closing():
            self.transport.resume_reading()

    def _feed_all(self) -> None:
        """The connection ends: nothing that arrived is dropped, whatever the budget."""
        while self._backlog:
            data, arrived = self._backlog.popleft()
            self.feed(data, arrived)

    def eof_received(self) -> None:
        self._feed_all()
        super().eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        self._feed_all()
        if self._watchdog is not None:
            self._watchdog.cancel()
        super().connection_lost(exc)

    # Closing, bounded ---------------------------------------------------------------------
    def send_data(self) -> None:
        super().send_data()
        if not self._in_feed and not self.closing_seen:  # a close sent by send/ping/close
            state = self.protocol.state
            if state is not State.OPEN and state is not State.CONNECTING:
                self._closing_started()

    def _closing_started(self) -> None:
        if self.closing_seen:
            return
        self.closing_seen = True
        if self.close_timeout is not None and not self.connection_lost_waiter.done():
            deadline = self.close_deadline or self.loop.time() + self.close_timeout
            self._watchdog = self.loop.call_at(deadline, self._close_is_overdue)
        if self.on_closing is not None:
            self.on_closing()

    def _close_is_overdue(self) -> None:
        """The peer neither finished the closing handshake nor closed TCP in time."""
        if self.connection_lost_waiter.done():
            return
        self.close_overdue = True
        self.set_connection_exc(TimeoutError("timed out while closing connection"))
        self.transport.abort()


def queued_frames(connection: ClientConnection) -> int:
    """Frames received and not yet read (websockets' Assembler queue)."""
    return len(connection.recv_messages.frames)
