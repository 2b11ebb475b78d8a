"""Misbehaviour after a good handshake: a TCP reset in the middle of a frame, a ping flood,
a pong nobody asked for, a close nobody answers. The connection ends (or goes on) the right
way; nothing is lost."""

from __future__ import annotations

import asyncio
import socket
import struct
import time
from typing import Any

from tests.core.connection.websocket.test_session import open_session, run, wait_until_received
from tests.helpers.raw_servers import accept_upgrade, deaf_after_hello, raw_server, text_frame
from tests.helpers.sinks import RecordingSink
from tests.helpers.ui import WindowDriver, wait_until
from wsgui.core.model.entries import Kind, ReadyState
from wsgui.core.model.options import ConnectOptions

NO_CLOSE_BACK = (
    "Closed: code 1006 (abnormal closure), not clean: we sent close 1000 (normal closure); "
    "the server did not answer our close within 0.5 s (close timeout), so wsgui dropped the "
    "TCP connection"
)


def test_a_tcp_reset_in_the_middle_of_a_frame() -> None:
    async def behaviour(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await accept_upgrade(reader, writer)
        writer.write(text_frame("before the reset"))
        writer.write(b"\x81\x7e" + struct.pack("!H", 1000) + b"x" * 10)  # 10 of 1000 bytes
        await writer.drain()
        await asyncio.sleep(0.05)
        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()  # RST, not FIN

    sink = RecordingSink()

    async def scenario() -> None:
        async with raw_server(behaviour) as base:
            _session, task = await open_session(f"{base}/", sink)
            await asyncio.wait_for(task, 10)

    run(scenario())
    assert sink.received() == ["before the reset"]
    assert sink.states[-1] is ReadyState.CLOSED
    (close,) = sink.of_kind(Kind.CLOSE)
    assert close.close_code == 1006 and "abnormal closure" in str(close.payload)


def test_a_ping_flood_is_answered_and_the_messages_around_it_kept() -> None:
    pongs: list[int] = []

    async def behaviour(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await accept_upgrade(reader, writer)
        writer.write(text_frame("before the flood"))
        writer.write(b"\x89\x04ping" * 5000 + text_frame("after the flood"))
        await writer.drain()
        received = b""
        while len(received) < 5000 * 10:  # each pong: 2 + 4 mask + 4 payload bytes
            chunk = await reader.read(65536)
            if not chunk:
                break
            received += chunk
        pongs.append(len(received) // 10)
        writer.write(b"\x88\x02\x03\xe8")  # close 1000
        await writer.drain()
        await reader.read(65536)

    sink = RecordingSink()

    async def scenario() -> None:
        async with raw_server(behaviour) as base:
            _session, task = await open_session(f"{base}/", sink, compression=False)
            await asyncio.wait_for(task, 15)

    run(scenario(), timeout=25)
    assert sink.received() == ["before the flood", "after the flood"]
    assert pongs == [5000]  # every ping answered
    assert sink.close_entry().close_code == 1000


def test_a_pong_nobody_asked_for_is_ignored() -> None:
    async def behaviour(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await accept_upgrade(reader, writer)
        writer.write(b"\x8a\x05hello" + text_frame("after the pong") + b"\x88\x02\x03\xe8")
        await writer.drain()
        await reader.read(65536)

    sink = RecordingSink()

    async def scenario() -> None:
        async with raw_server(behaviour) as base:
            _session, task = await open_session(f"{base}/", sink)
            await asyncio.wait_for(task, 10)

    run(scenario())
    assert sink.received() == ["after the pong"]
    assert sink.errors() == []
    assert sink.close_entry().close_code == 1000


def test_a_close_the_server_never_answers_ends_when_the_close_timeout_expires() -> None:
    """Disconnect against a server that reads but never answers the close: CLOSING until the
    close timeout (0.5 s here), then CLOSED by itself, no Abort needed, the log kept."""
    sink = RecordingSink()
    took: list[float] = []

    async def scenario() -> None:
        async with raw_server(deaf_after_hello) as base:
            session, task = await open_session(f"{base}/", sink, close_timeout=0.5)
            await wait_until_received(sink, 1)
            started = time.monotonic()
            await session.close()
            await asyncio.wait_for(task, 5)
            took.append(time.monotonic() - started)

    run(scenario())
    assert 0.45 <= took[0] < 3, took  # the close timeout, not the 10 s default nor forever
    assert sink.received() == ["hello from a deaf server"]
    assert sink.states[-2:] == [ReadyState.CLOSING, ReadyState.CLOSED]
    close = sink.close_entry()
    assert close.close_code == 1006 and str(close.payload) == NO_CLOSE_BACK
    assert sink.errors() == [] and sink.of_kind(Kind.INFO) == []  # no Abort, no error


def test_a_close_the_server_never_answers_in_the_window(run_async: Any) -> None:
    driver = WindowDriver()
    window = driver.window
    took: list[float] = []

    async def scenario() -> None:
        async with raw_server(deaf_after_hello) as base:
            window.controller.connect_to(ConnectOptions(f"{base}/", close_timeout=0.5))
            await driver.wait_received(1)
            started = time.monotonic()
            window.panel.connect_button.click()  # Disconnect
            await wait_until(lambda: driver.state is ReadyState.CLOSING, timeout=2)
            await wait_until(lambda: driver.state is ReadyState.CLOSED, timeout=5)
            took.append(time.monotonic() - started)
        await driver.shutdown()

    run_async(scenario(), 20)
    assert 0.45 <= took[0] < 3, took
    assert driver.received() == ["hello from a deaf server"]
    assert driver.states[-2:] == [ReadyState.CLOSING, ReadyState.CLOSED]
    (close,) = driver.of_kind(Kind.CLOSE)
    assert close.close_code == 1006 and str(close.payload) == NO_CLOSE_BACK
