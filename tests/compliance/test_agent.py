"""The compliance agent is wsgui's Session: against a real server on 127.0.0.1 it echoes text
as text and binary as binary, in order, and keeps every frame it captured."""

from __future__ import annotations

import asyncio

from websockets.asyncio.server import ServerConnection, serve

from compliance.agent import run_connection

SENT: list[str | bytes] = ["héllo", b"\x00\xff", "", b"", "last"]


def test_every_message_comes_back_as_it_was_sent_and_every_frame_is_captured() -> None:
    echoed: list[str | bytes] = []

    async def handler(ws: ServerConnection) -> None:
        for message in SENT:
            await ws.send(message)
        for _ in SENT:
            echoed.append(await ws.recv())
        await ws.close()

    async def scenario() -> list[tuple[bool, int]]:
        async with serve(handler, "127.0.0.1", 0, compression=None) as server:
            port = server.sockets[0].getsockname()[1]
            sink = await run_connection(f"ws://127.0.0.1:{port}/", echo=True)
        return [(sent, opcode) for sent, opcode, *_ in sink.frames]

    frames = asyncio.run(asyncio.wait_for(scenario(), 15))
    assert echoed == SENT
    assert [type(m) for m in echoed] == [str, bytes, str, bytes, str]
    received = [opcode for sent, opcode in frames if not sent]
    assert received == [1, 2, 1, 2, 1, 8]  # five messages, then the server's close
    assert [opcode for sent, opcode in frames if sent] == [1, 2, 1, 2, 1, 8]
