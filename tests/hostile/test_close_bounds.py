"""Every way a connection ends reaches CLOSED by the close timeout, and says why at once.

The servers here hold TCP open after the end of the WebSocket conversation: they neither
answer a close nor hang up. websockets 17 alone leaves the state OPEN until the next
keep-alive ping (or forever with pings off) in most of these cases.
"""

from __future__ import annotations

import asyncio
import struct
import time
from typing import Any

import pytest

from tests.core.connection.websocket.test_session import open_session, run
from tests.helpers.raw_servers import accept_upgrade, raw_server, text_frame
from tests.helpers.sinks import RecordingSink
from tests.hostile.frames_corpus import TOP_BIT_LENGTH
from wsgui.core.model.entries import Direction, Kind, ReadyState

CLOSE_TIMEOUT = 0.6
NO_ANSWER = "the server did not answer our close within 0.6 s (close timeout)"
KEPT_OPEN = "the server kept the TCP connection open 0.6 s after the closing handshake"


async def hold(reader: asyncio.StreamReader) -> None:
    """Read and ignore everything, never close: TCP stays up until the client drops it."""
    while await reader.read(65536):
        pass


FAULT_WRITTEN: list[float] = []  # when the server wrote its fault: times count from there


def then_hold(data: bytes, before: int = 1) -> Any:
    """Upgrade, wait a moment (the client is OPEN and watched), send ``before`` good
    messages and ``data`` in one write, then hold TCP."""

    async def behaviour(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await accept_upgrade(reader, writer)
        await asyncio.sleep(0.1)
        FAULT_WRITTEN.append(time.monotonic())
        writer.write(b"".join(text_frame(f"before {i}") for i in range(before)) + data)
        await writer.drain()
        await hold(reader)

    return behaviour


class Watch:
    """Runs a session and notes when it reached CLOSING and CLOSED, and what the log said
    when CLOSING came."""

    def __init__(self) -> None:
        self.sink = RecordingSink()
        self.closing_at = self.closed_at = 0.0
        self.said_at_closing: list[str] = []

    async def run(self, behaviour: Any, **options: Any) -> None:
        async with raw_server(behaviour) as base:
            options.setdefault("close_timeout", CLOSE_TIMEOUT)
            options.setdefault("ping_interval", None)
            FAULT_WRITTEN.clear()
            session, task = await open_session(f"{base}/", self.sink, **options)
            assert session.state is ReadyState.OPEN
            while session.state is ReadyState.OPEN and not task.done():
                await asyncio.sleep(0.002)
            self.closing_at = time.monotonic() - FAULT_WRITTEN[0]
            self.said_at_closing = self.sink.errors()
            await asyncio.wait_for(task, 10)
            self.closed_at = time.monotonic() - FAULT_WRITTEN[0]

    def close_text(self) -> str:
        return str(self.sink.close_entry().payload)


FAULTS = [
    (
        "a reserved opcode",
        b"\x83\x00",
        "Connection failed: the server broke the WebSocket protocol",
    ),
    ("a frame claiming 2**62 bytes", b"\x82\x7f" + struct.pack("!Q", 2**62), "over 16.0 MiB"),
    ("a frame length with its top bit set", TOP_BIT_LENGTH, "most significant bit"),
    ("invalid UTF-8 in a text message", b"\x81\x02\xff\xfe", "not valid UTF-8"),
    ("a message over the size limit", b"\x82\x7f" + struct.pack("!Q", 2**25), "over 16.0 MiB"),
]


@pytest.mark.parametrize("pings", [False, True], ids=["pings off", "pings on"])
@pytest.mark.parametrize(("name", "data", "expect"), FAULTS, ids=[f[0] for f in FAULTS])
def test_a_connection_we_fail_says_so_at_once_and_ends_by_the_close_timeout(
    name: str, data: bytes, expect: str, pings: bool
) -> None:
    watch = Watch()
    ping = {"ping_interval": 0.2, "ping_timeout": 20.0} if pings else {}
    run(watch.run(then_hold(data), **ping))
    sink = watch.sink
    assert sink.received() == ["before 0"]  # nothing received before the fault is lost
    # At once: CLOSING with the reason, well before the close timeout ends it.
    assert watch.closing_at < CLOSE_TIMEOUT / 2, watch.closing_at
    (error,) = watch.said_at_closing
    assert expect in error and "wsgui closed with 10" in error, error
    assert "waiting up to 0.6 s (close timeout) for the server to close" in error
    # Then CLOSED by the close timeout: not by the next ping, not never.
    assert CLOSE_TIMEOUT * 0.8 <= watch.closed_at < CLOSE_TIMEOUT + 2, watch.closed_at
    assert sink.states[-3:] == [ReadyState.OPEN, ReadyState.CLOSING, ReadyState.CLOSED]
    assert NO_ANSWER in watch.close_text()
    assert sink.close_entry().close_code == 1006
    assert sink.errors() == [error]  # said once


def test_the_messages_before_a_fault_come_first_in_the_log() -> None:
    """A fault in the same read as 500 messages: the error is logged after all of them."""
    watch = Watch()
    run(watch.run(then_hold(b"\x83\x00", before=500)))
    entries = watch.sink.entries
    received = [i for i, e in enumerate(entries) if e.direction is Direction.RECEIVED]
    (error,) = [i for i, e in enumerate(entries) if e.kind is Kind.ERROR]
    assert len(received) == 500 and received[-1] < error
    assert watch.sink.received()[-1] == "before 499"


def test_a_close_the_server_starts_and_holds_tcp_after_ends_by_the_close_timeout() -> None:
    watch = Watch()
    run(watch.run(then_hold(b"\x88\x02\x03\xe9")))  # close 1001, then TCP held
    assert watch.closing_at < CLOSE_TIMEOUT / 2
    assert watch.said_at_closing == []  # the server closing is no error
    assert CLOSE_TIMEOUT * 0.8 <= watch.closed_at < CLOSE_TIMEOUT + 2, watch.closed_at
    text = watch.close_text()
    assert text.startswith("Closed: code 1001 (going away), no reason, closed by server, clean")
    assert KEPT_OPEN in text and watch.sink.close_entry().close_code == 1001
    assert watch.sink.errors() == [] and watch.sink.received() == ["before 0"]


def test_a_ping_flood_then_a_close_with_tcp_held_ends_by_the_close_timeout() -> None:
    watch = Watch()
    run(watch.run(then_hold(b"\x89\x04ping" * 5000 + b"\x88\x02\x03\xe8")), timeout=20)
    assert watch.closed_at < CLOSE_TIMEOUT + 2, watch.closed_at
    assert KEPT_OPEN in watch.close_text() and watch.sink.close_entry().close_code == 1000


@pytest.mark.parametrize("pings", [None, 0.2], ids=["pings off", "pings on"])
def test_our_close_answered_but_tcp_held_ends_by_the_close_timeout(pings: float | None) -> None:
    async def behaviour(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await accept_upgrade(reader, writer)
        writer.write(text_frame("hello"))
        await reader.read(65536)  # our close frame
        writer.write(b"\x88\x02\x03\xe8")  # answered, and TCP held
        await hold(reader)

    sink = RecordingSink()
    took: list[float] = []

    async def scenario() -> None:
        async with raw_server(behaviour) as base:
            session, task = await open_session(
                f"{base}/", sink, close_timeout=CLOSE_TIMEOUT, ping_interval=pings
            )
            while not sink.received():
                await asyncio.sleep(0.005)
            started = time.monotonic()
            await session.close()
            await asyncio.wait_for(task, 5)
            took.append(time.monotonic() - started)

    run(scenario())
    assert took[0] < CLOSE_TIMEOUT + 2
    text = str(sink.close_entry().payload)
    assert text.startswith("Closed: code 1000 (normal closure), no reason, closed by client, clean")
    assert KEPT_OPEN in text and sink.errors() == []


def test_no_pong_to_the_keepalive_ping_is_said_at_once_and_ends_by_the_close_timeout() -> None:
    watch = Watch()
    run(watch.run(then_hold(b""), ping_interval=0.1, ping_timeout=0.2))
    (error,) = watch.said_at_closing
    assert error.startswith(
        "Connection failed: no pong to the keep-alive ping within 0.2 s (ping timeout); "
        "wsgui closed with 1011 (internal error)"
    ), error
    assert watch.closed_at < 0.3 + CLOSE_TIMEOUT + 2
    assert NO_ANSWER in watch.close_text()
