"""The client agent: wsgui's own Session, frame capture on, echoing every message back.

It is the window's code path without the window: ConnectOptions as the Settings tab makes
them (library defaults, but for the size limit), a Session, and a sink receiving log entries
and captured frames as the controller does. Every message received goes into a queue, and
one task sends each back in order: text as text, binary as binary.
"""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import quote

from wsgui.core.connection.sink import OpenInfo
from wsgui.core.connection.websocket.session import Session
from wsgui.core.model.entries import Direction, Kind, LogEntry, ReadyState, Row, as_entry
from wsgui.core.model.frames import RawFrame
from wsgui.core.model.handshake import HandshakeRecord
from wsgui.core.model.options import ConnectOptions

__all__ = ["AGENT_MAX_SIZE", "run_agent"]

# The largest message the suite sends (cases 9.1.6 and 9.2.6: 16 MiB): typed in the
# Settings tab as "16 MiB". The library's default of 1 MiB would fail most of group 9.
AGENT_MAX_SIZE = 16 * 2**20
# What is kept of a case for the frames check (2.x, 5.x, 7.x are far smaller): 9.x cases
# have up to 65,536 frames or 16 MiB messages, 12.x and 13.x 1,000 messages.
KEEP_FRAMES = 1000
KEEP_BYTES = 2**20


class EchoingSink:
    """A SessionSink that queues each received message and keeps the captured frames."""

    def __init__(self) -> None:
        self.outbox: asyncio.Queue[str | bytes] = asyncio.Queue()
        self.frames: list[RawFrame] = []
        self.texts: list[str] = []

    def on_entry(self, entry: LogEntry) -> None:
        if entry.direction is Direction.RECEIVED and entry.kind in (Kind.TEXT, Kind.BINARY):
            self.outbox.put_nowait(entry.payload)
            if isinstance(entry.payload, str):
                self.texts.append(entry.payload)

    def on_row(self, row: Row) -> None:
        self.on_entry(as_entry(row))

    def on_frame(self, record: RawFrame) -> None:
        self.frames.append(record)

    def on_state(self, state: ReadyState) -> None:
        pass

    def on_open(self, info: OpenInfo) -> None:
        pass

    def on_handshake(self, record: HandshakeRecord) -> None:
        pass

    def on_rtt(self, seconds: float) -> None:
        pass

    def on_reconnecting(self, attempt: int, delay: float) -> None:
        pass


async def _echo(session: Session, outbox: asyncio.Queue[str | bytes]) -> None:
    while True:
        await session.send(await outbox.get())


async def run_connection(url: str, *, echo: bool) -> EchoingSink:
    """One connection from open to close, echoing when asked; what it saw."""
    sink = EchoingSink()
    options = ConnectOptions(url=url, max_size=AGENT_MAX_SIZE)
    session = Session(options, sink, capture_frames=True)
    echoing = asyncio.create_task(_echo(session, sink.outbox)) if echo else None
    try:
        await session.run()
    finally:
        if echoing is not None:
            echoing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await echoing
    return sink


async def run_agent(base: str, agent: str) -> dict[int, list[RawFrame]]:
    """Run every case the fuzzingserver at ``base`` offers; return the frames captured in
    each, by case number (an empty list for a case over KEEP_FRAMES or KEEP_BYTES)."""
    counted = await run_connection(f"{base}/getCaseCount", echo=False)
    count = int(counted.texts[0])
    name = quote(agent)
    frames: dict[int, list[RawFrame]] = {}
    for number in range(1, count + 1):
        sink = await run_connection(f"{base}/runCase?case={number}&agent={name}", echo=True)
        frames[number] = _kept(sink.frames)
    await run_connection(f"{base}/updateReports?agent={name}", echo=False)
    return frames


def _kept(frames: list[RawFrame]) -> list[RawFrame]:
    """The frames of a small case, their payloads copied (a view would keep its buffer)."""
    if len(frames) > KEEP_FRAMES or sum(len(frame[4]) for frame in frames) > KEEP_BYTES:
        return []
    return [
        (sent, op, fin, rsv1, bytes(data), t, wire) for sent, op, fin, rsv1, data, t, wire in frames
    ]
