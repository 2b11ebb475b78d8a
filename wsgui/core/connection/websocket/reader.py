"""The hot loop of a WebSocket session: every received message to the sink as a log row, in
batches with turns of the event loop between them, and the moment closing began said after
the messages that came before it.

This is the one place where received messages are wired to the log: socket -> websockets'
Assembler -> ``recv`` -> a Row -> ``sink.on_row`` (the log model's buffer). It runs up to
~280k times a second, so the loop does no more than build the row.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from time import time as now

from websockets.exceptions import ConnectionClosed

from wsgui.core.connection.replies import Replies
from wsgui.core.connection.sink import SessionSink
from wsgui.core.connection.websocket.guarded_connection import GuardedConnection, queued_frames
from wsgui.core.model.entries import BINARY, RECEIVED, TEXT, text_size

__all__ = ["YIELD_EVERY_BYTES", "YIELD_EVERY_MESSAGES", "MessageReader"]

# The reader yields to the event loop (the Qt loop) after this many messages or bytes read
# without waiting: a flood already in the buffers is otherwise read in one go. 4,096 tiny
# messages take about 10 ms to read and log here (bench/ingest.py --shape tiny).
YIELD_EVERY_MESSAGES = 4096
YIELD_EVERY_BYTES = 2**22


class MessageReader:
    """Reads one connection until it closes. ``on_closing`` is called once, when the
    connection has left OPEN and every message received before that is in the log."""

    def __init__(
        self,
        ws: GuardedConnection,
        sink: SessionSink,
        replies: Replies,
        on_closing: Callable[[], None],
    ) -> None:
        self._ws = ws
        self._sink = sink
        self._replies = replies
        self._on_closing = on_closing
        self._task: asyncio.Task[None] | None = None
        self._closing_said = False
        self._closing_waits = False  # closing began while messages before it were queued
        self.yields = 0  # times it gave the loop a turn in a flood (tests, benchmarks)
        ws.on_closing = self.closing_started
        if ws.closing_seen:  # it failed in the read that brought the 101
            self.closing_started()

    def closing_started(self) -> None:
        """The connection left OPEN (a close frame came or went): say so now, unless the
        reader is still behind with messages that came before."""
        if self._closing_said:
            return
        if queued_frames(self._ws) and asyncio.current_task() is not self._task:
            self._closing_waits = True  # said when the reader has caught up
        else:
            self._say_closing()

    def _say_closing(self) -> None:
        self._closing_waits = False
        if not self._closing_said:
            self._closing_said = True
            self._on_closing()

    async def run(self) -> None:
        """Read until the connection is closed (close frames, or TCP gone)."""
        self._task = asyncio.current_task()
        ws = self._ws
        on_row = self._sink.on_row
        waiters, wake = self._replies.pending, self._replies.wake  # usually empty: one test
        recv, frames = ws.recv, ws.recv_messages.frames
        count = volume = 0
        try:
            while True:
                message = await recv()
                if message.__class__ is str:
                    size = len(message) if message.isascii() else text_size(message)
                    on_row((RECEIVED, TEXT, message, size, now(), "", None, None))
                else:
                    size = len(message)
                    on_row((RECEIVED, BINARY, message, size, now(), "", None, None))
                if waiters:
                    wake(message)
                count += 1
                volume += size
                if count >= YIELD_EVERY_MESSAGES or volume >= YIELD_EVERY_BYTES:
                    count = volume = 0
                    self.yields += 1
                    await asyncio.sleep(0)
                if self._closing_waits and not frames:
                    self._say_closing()
        except ConnectionClosed:
            pass  # the session reports it from the protocol's close frames
        await ws.wait_closed()
