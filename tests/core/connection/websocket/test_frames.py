"""The frame capture is exact: fragments, an interleaved ping, the close, both directions.

It relies on websockets' private ``process_event``: if a websockets release changes it, these
tests fail (pyproject pins websockets below 18).
"""

from __future__ import annotations

import asyncio

from websockets.frames import Close, Frame, Opcode

from tests.core.connection.websocket.test_session import open_session, run, wait_until_received
from tests.helpers.raw_servers import accept_upgrade, raw_server
from tests.helpers.servers import ws_server
from tests.helpers.sinks import RecordingSink
from wsgui.core.model.entries import Direction
from wsgui.core.model.frames import describe_payload


def server_frame(opcode: Opcode, data: bytes, fin: bool = True) -> bytes:
    return Frame(opcode, data, fin).serialize(mask=False, extensions=[])  # type: ignore[no-any-return]


async def fragments_ping_close(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Three fragments with a ping between the second and third, then close 4001."""
    await accept_upgrade(reader, writer)
    writer.write(server_frame(Opcode.TEXT, b"frag1-", fin=False))
    writer.write(server_frame(Opcode.CONT, b"frag2-", fin=False))
    writer.write(server_frame(Opcode.PING, b"are you there"))
    writer.write(server_frame(Opcode.CONT, b"frag3", fin=True))
    writer.write(server_frame(Opcode.CLOSE, Close(4001, "bye now").serialize()))
    await writer.drain()
    await reader.read(65536)  # the client's pong and close


def test_frames_are_captured_exactly() -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with raw_server(fragments_ping_close) as base:
            _, task = await open_session(f"{base}/", sink, compression=False)
            await wait_until_received(sink, 1)
            await asyncio.wait_for(task, 5)

    run(scenario())
    assert sink.received() == ["frag1-frag2-frag3"]
    received = [(f.opcode, f.fin, f.data) for f in sink.frames if f.direction is Direction.RECEIVED]
    assert received == [
        ("TEXT", False, b"frag1-"),
        ("CONT", False, b"frag2-"),
        ("PING", True, b"are you there"),
        ("CONT", True, b"frag3"),
        ("CLOSE", True, Close(4001, "bye now").serialize()),
    ]
    sent = [(f.opcode, f.data) for f in sink.frames if f.direction is Direction.SENT]
    assert sent == [("PONG", b"are you there"), ("CLOSE", Close(4001, "bye now").serialize())]
    close = next(f for f in sink.frames if f.opcode == "CLOSE")
    assert describe_payload(close) == "4001 bye now"
    assert sink.close_entry().close_code == 4001


def test_compressed_frames_show_wire_and_payload_lengths() -> None:
    """With permessage-deflate, a repetitive message is far smaller on the wire both ways."""
    sink = RecordingSink()
    message = "abc" * 2000

    async def scenario() -> None:
        async with ws_server() as base:
            session, task = await open_session(f"{base}/echo", sink, compression=True)
            await session.send(message)
            await wait_until_received(sink, 1)
            await session.close()
            await asyncio.wait_for(task, 5)

    run(scenario())
    assert sink.received() == [message]
    data = [f for f in sink.frames if f.opcode == "TEXT"]
    assert [f.direction for f in data] == [Direction.SENT, Direction.RECEIVED]
    for frame in data:
        assert frame.rsv1 is True
        assert frame.length == len(message)
        assert 0 < frame.wire_length < len(message) // 10
    close = [f for f in sink.frames if f.opcode == "CLOSE"]
    assert close and all(f.wire_length == f.length == 2 for f in close)  # control: never compressed


def test_uncompressed_frames_have_equal_lengths() -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with ws_server() as base:
            session, task = await open_session(f"{base}/echo", sink, compression=False)
            await session.send(b"\x00\x01\x02")
            await wait_until_received(sink, 1)
            await session.close()
            await asyncio.wait_for(task, 5)

    run(scenario())
    binary = [f for f in sink.frames if f.opcode == "BINARY"]
    assert [(f.rsv1, f.length, f.wire_length) for f in binary] == [(False, 3, 3)] * 2
