"""The guarded connection: floods are read in bounded batches with turns of the loop between
them, nothing is lost or reordered, and the websockets internals it hooks still exist.

No timing is asserted here (bench/stalls.py measures the milliseconds): the tests count
what one loop turn does. A probe task counts turns and how many messages reached the log
between two of them.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from websockets.asyncio.client import ClientConnection
from websockets.asyncio.messages import Assembler, SimpleQueue
from websockets.client import ClientProtocol

from tests.helpers.raw_servers import accept_upgrade, raw_server
from wsgui.core.connection.sink import OpenInfo
from wsgui.core.connection.websocket.guarded_connection import SLICE_BYTES, GuardedConnection
from wsgui.core.connection.websocket.reader import YIELD_EVERY_MESSAGES
from wsgui.core.connection.websocket.session import Session
from wsgui.core.model.entries import ReadyState, Row
from wsgui.core.model.options import ConnectOptions


def test_the_websockets_internals_it_hooks_still_exist() -> None:
    """GuardedConnection overrides or reads these; a websockets release that renames one
    must fail here, not silently lose the close bound or the pacing."""
    for name in ("data_received", "eof_received", "connection_lost", "send_data"):
        assert callable(getattr(ClientConnection, name)), name
    source = inspect.getsource(ClientConnection.__mro__[1].__init__)
    for attribute in ("close_deadline", "connection_lost_waiter", "connection_exc"):
        assert f"self.{attribute}" in source, attribute
    assert callable(ClientConnection.set_connection_exc)
    assembler = inspect.signature(Assembler.__init__).parameters
    assert "pause" in assembler and "resume" in assembler
    assert "self.resume = resume" in inspect.getsource(Assembler.__init__)
    assert "self.paused" in inspect.getsource(Assembler.__init__)
    assert "__len__" in vars(SimpleQueue)
    assert "self.max_message_size" in inspect.getsource(ClientProtocol.__mro__[1].__init__)
    assert callable(ClientProtocol.process_response)


@dataclass
class CountingSink:
    """Counts what arrives (a million messages: no LogEntry each)."""

    rows: int = 0
    errors: list[str] = field(default_factory=list)
    states: list[ReadyState] = field(default_factory=list)

    def on_row(self, row: Row) -> None:
        self.rows += 1

    def on_entry(self, entry: object) -> None:
        kind = getattr(entry, "kind", None)
        if kind is not None and kind.value == "error":
            self.errors.append(str(getattr(entry, "payload", "")))

    def on_state(self, state: ReadyState) -> None:
        self.states.append(state)

    def on_open(self, info: OpenInfo) -> None: ...

    def on_handshake(self, record: object) -> None: ...

    def on_frame(self, record: object) -> None: ...

    def on_rtt(self, seconds: float) -> None: ...

    def on_reconnecting(self, attempt: int, delay: float) -> None: ...


def writing(data: bytes, chunk: int = 2**20) -> object:
    """Upgrade, write ``data`` in big writes, then a close 1000 (and hang up once ours
    comes)."""

    async def behaviour(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await accept_upgrade(reader, writer)
        for start in range(0, len(data), chunk):
            writer.write(data[start : start + chunk])
            await writer.drain()
        writer.write(b"\x88\x02\x03\xe8")
        await writer.drain()
        await reader.read(65536)

    return behaviour


@dataclass
class Probe:
    """A task that takes every turn of the loop it can get: how many it got, and the most
    messages that reached the sink between two of them."""

    sink: CountingSink
    turns: int = 0
    largest_gap: int = 0

    async def run(self) -> None:
        seen = self.sink.rows
        while True:
            await asyncio.sleep(0)
            self.turns += 1
            self.largest_gap = max(self.largest_gap, self.sink.rows - seen)
            seen = self.sink.rows


@pytest.fixture
def one_slice_a_turn() -> Iterator[None]:
    """The turn budget at 0: each loop turn parses one slice, whatever the machine's speed."""
    saved = GuardedConnection.turn_budget
    GuardedConnection.turn_budget = 0.0
    try:
        yield
    finally:
        GuardedConnection.turn_budget = saved


def flood(data: bytes) -> tuple[Session, CountingSink, Probe]:
    sink = CountingSink()
    probe = Probe(sink)

    async def scenario() -> Session:
        async with raw_server(writing(data)) as base:  # type: ignore[arg-type]
            options = ConnectOptions(f"{base}/", compression=False, ping_interval=None)
            session = Session(options, sink)
            watcher = asyncio.create_task(probe.run())
            try:
                await session.run()
            finally:
                watcher.cancel()
            return session

    session = asyncio.run(asyncio.wait_for(scenario(), 120))
    return session, sink, probe


@pytest.mark.timeout(150)
@pytest.mark.usefixtures("one_slice_a_turn")
def test_a_million_tiny_messages_are_all_kept_and_read_in_bounded_batches() -> None:
    count = 1_000_000
    session, sink, probe = flood(b"\x81\x01m" * count)  # 1-byte text messages, 3 MB
    assert sink.rows == count and sink.errors == []
    connection = session.last_connection
    assert connection is not None
    # Reads longer than a slice were spread over turns, one slice each...
    assert connection.largest_turn <= SLICE_BYTES
    assert connection.deferred_turns >= 3 * count // SLICE_BYTES // 2
    # ...and the reader let the loop run between batches: at most two batches between turns.
    assert session.reader_yields >= count // YIELD_EVERY_MESSAGES // 2
    assert probe.largest_gap <= 2 * YIELD_EVERY_MESSAGES, probe.largest_gap
    assert probe.turns >= count // (2 * YIELD_EVERY_MESSAGES)


@pytest.mark.timeout(150)
@pytest.mark.usefixtures("one_slice_a_turn")
def test_300k_empty_fragments_are_parsed_a_slice_a_turn() -> None:
    """A text message in 300,000 empty fragments: over the fragment limit (131,072), so it
    ends with 1009; until then its frames are parsed a slice per turn of the loop."""
    frames = b"\x01\x00" + b"\x00\x00" * 299_998 + b"\x80\x00"
    session, sink, probe = flood(b"\x81\x05first" + frames)
    assert sink.rows == 1  # the message before it is kept
    (error,) = sink.errors
    assert "more than 131,072 fragments" in error
    connection = session.last_connection
    assert connection is not None and connection.largest_turn <= SLICE_BYTES
    fed_before_the_limit = 2 * 131_072
    assert connection.deferred_turns >= fed_before_the_limit // SLICE_BYTES - 2
    assert probe.turns >= fed_before_the_limit // SLICE_BYTES - 2
    assert sink.states[-1] is ReadyState.CLOSED


def test_big_messages_keep_their_bytes_in_order_across_deferred_slices(
    one_slice_a_turn: None,
) -> None:
    """64 KiB binary messages with distinct contents, fed in slices over many turns."""
    messages = [bytes([i]) * 65536 + i.to_bytes(4, "big") for i in range(64)]
    wire = b"".join(b"\x82\x7f" + len(m).to_bytes(8, "big") + m for m in messages)
    received: list[bytes] = []

    class Keeping(CountingSink):
        def on_row(self, row: Row) -> None:
            super().on_row(row)
            received.append(row[2])  # type: ignore[arg-type]

    sink = Keeping()

    async def scenario() -> Session:
        async with raw_server(writing(wire, chunk=3 * 65536 + 7)) as base:  # type: ignore[arg-type]
            session = Session(ConnectOptions(f"{base}/", compression=False), sink)
            await session.run()
            return session

    session = asyncio.run(asyncio.wait_for(scenario(), 30))
    assert received == messages
    assert session.last_connection is not None
    assert session.last_connection.deferred_turns > 0
