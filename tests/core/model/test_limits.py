"""The fragment limit: a message in 65,536 fragments (Autobahn 9.3.1's shape) is accepted both
ways, one over the limit closes with 1009 and says so, and the user's variable wins.

These run through real connections, so they fail if websockets stops reading the limit from
``websockets.asyncio.messages.MAX_FRAGMENTS`` (an undocumented module attribute).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

from websockets.asyncio import messages
from websockets.asyncio.client import connect

from tests.helpers.raw_servers import Behaviour, accept_upgrade, raw_server
from tests.helpers.sinks import RecordingSink
from wsgui.core.connection.echo_server import EchoServer
from wsgui.core.connection.websocket.session import Session
from wsgui.core.model.limits import DEBUGGER_MAX_FRAGMENTS, FRAGMENTS_VARIABLE
from wsgui.core.model.options import ConnectOptions

SMALL = 64
COUNT = 65_536  # 4 MiB in 64-byte fragments, as the Autobahn|Testsuite's case 9.3.1 sends it


def fragments_of(piece: bytes, count: int, *, last: bool) -> bytes:
    """A text message's frames, unmasked: TEXT (FIN off), CONT..., the last with FIN when
    ``last``. Payloads under 126 bytes, so a 2-byte header each."""
    head = bytes([0x01, len(piece)]) + piece
    middle = bytes([0x00, len(piece)]) + piece
    tail = bytes([0x80, len(piece)]) + piece if last else middle
    return head + middle * (count - 2) + tail


def sending(data: bytes) -> Behaviour:
    """Upgrade, write ``data``, then answer the client's close frame with one (and close)
    so that it does not wait for its close timeout."""

    async def behaviour(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await accept_upgrade(reader, writer)
        writer.write(data)
        await writer.drain()
        if await reader.read(65536):
            writer.write(b"\x88\x02\x03\xf1")
            await writer.drain()

    return behaviour


def test_the_debugger_limit_is_in_force() -> None:
    assert messages.MAX_FRAGMENTS == DEBUGGER_MAX_FRAGMENTS == 131_072
    assert "up to 131,072 fragments a message" in ConnectOptions(url="ws://x/").summary()


def test_a_message_in_65536_fragments_arrives_whole_with_every_frame_captured() -> None:
    sink = RecordingSink()
    piece = b"x" * SMALL

    async def scenario() -> None:
        data = fragments_of(piece, COUNT, last=True) + b"\x88\x02\x03\xe8"  # then close 1000
        async with raw_server(sending(data)) as url:
            await Session(ConnectOptions(url=url, max_size=16 * 2**20), sink).run()

    asyncio.run(asyncio.wait_for(scenario(), 30))
    assert sink.received() == ["x" * SMALL * COUNT]
    received_frames = [f for f in sink.frames if not f.sent]
    assert len(received_frames) == COUNT + 1  # and the close
    assert [f.opcode for f in received_frames[:2]] == ["TEXT", "CONT"]
    assert sink.errors() == []


def test_one_fragment_over_the_limit_closes_with_1009_and_names_the_limit() -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        data = fragments_of(b"", DEBUGGER_MAX_FRAGMENTS + 1, last=False)
        async with raw_server(sending(data)) as url:
            await Session(ConnectOptions(url=url), sink).run()

    asyncio.run(asyncio.wait_for(scenario(), 30))
    assert sink.received() == []
    assert sink.errors() == [
        "Message too big: the server sent a message in more than 131,072 fragments "
        "(WEBSOCKETS_MAX_FRAGMENTS); wsgui closed with 1009 (message too big), waiting up to "
        "10 s (close timeout) for the server to close"
    ]
    assert "1009" in str(sink.close_entry().payload)


def test_the_echo_server_takes_and_returns_a_message_in_65536_fragments() -> None:
    async def scenario() -> str | bytes:
        server = EchoServer(port=0)
        await server.start()
        try:
            async with connect(server.url, max_size=None, compression=None) as ws:
                await ws.send(["y" * SMALL] * COUNT)
                return await ws.recv()
        finally:
            await server.stop()

    assert asyncio.run(asyncio.wait_for(scenario(), 30)) == "y" * SMALL * COUNT


def test_the_users_variable_wins() -> None:
    code = "from wsgui.core.model.options import MAX_FRAGMENTS; print(MAX_FRAGMENTS)"
    env = {**os.environ, FRAGMENTS_VARIABLE: "100"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "100"


def test_no_size_limit_with_compression_says_what_a_message_may_inflate_to() -> None:
    summary = ConnectOptions(url="ws://x/", max_size=None).summary()
    assert "max message unlimited (64 MiB if compressed)," in summary
    plain = ConnectOptions(url="ws://x/", max_size=None, compression=False).summary()
    assert "max message unlimited," in plain
