"""Socket.IO connections obey the close rule too: a close the server starts, or one the
user asks for, reaches CLOSED by the close timeout (plus python-socketio's one-second
wait loop) when the server then holds TCP.

The server is a raw-socket Engine.IO 4 server speaking the WebSocket transport only: the
OPEN packet, the namespace CONNECT, then it misbehaves.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest

from tests.core.connection.websocket.test_session import run
from tests.helpers.raw_servers import accept_upgrade, raw_server, text_frame
from tests.helpers.sinks import RecordingSink
from wsgui.core.connection.socketio.session import SocketIOSession
from wsgui.core.model.entries import Kind, ReadyState
from wsgui.core.model.options import ConnectOptions, Protocol, SioTransports

CLOSE_TIMEOUT = 1.0
# python-socketio's AsyncClient.wait() sleeps one second between its checks.
SOCKETIO_SLACK = 1.0
OPEN_PACKET = {"sid": "e1", "upgrades": [], "pingInterval": 25000, "pingTimeout": 20000}


def engineio_server(after_connect: bytes) -> Any:
    async def behaviour(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await accept_upgrade(reader, writer)
        writer.write(text_frame("0" + json.dumps(OPEN_PACKET)))
        await writer.drain()
        await reader.read(65536)  # the client's 40 (CONNECT to /)
        writer.write(text_frame('40{"sid":"s1"}') + text_frame('42["hello","world"]'))
        await writer.drain()
        await asyncio.sleep(0.1)
        writer.write(after_connect)
        await writer.drain()
        while await reader.read(65536):  # hold TCP: never close, never answer
            pass

    return behaviour


async def open_socketio(base: str, sink: RecordingSink) -> tuple[SocketIOSession, Any]:
    options = ConnectOptions(
        url=base.replace("ws://", "http://") + "/",
        protocol=Protocol.SOCKETIO,
        sio_transports=SioTransports.WEBSOCKET,
        close_timeout=CLOSE_TIMEOUT,
    )
    session = SocketIOSession(options, sink)
    task = asyncio.create_task(session.run())
    while session.state is not ReadyState.OPEN and not task.done():
        await asyncio.sleep(0.005)
    return session, task


@pytest.mark.parametrize(
    ("name", "data"),
    [("an Engine.IO CLOSE", text_frame("1")), ("a WebSocket close frame", b"\x88\x02\x03\xe8")],
)
def test_a_close_the_server_starts_then_holds_tcp_ends_by_the_close_timeout(
    name: str, data: bytes
) -> None:
    sink = RecordingSink()
    took: list[float] = []

    async def scenario() -> None:
        async with raw_server(engineio_server(data)) as base:
            _session, task = await open_socketio(base, sink)
            started = time.monotonic()
            await asyncio.wait_for(task, 30)
            took.append(time.monotonic() - started)

    run(scenario(), timeout=40)
    assert took[0] < 0.1 + CLOSE_TIMEOUT + SOCKETIO_SLACK + 1, took
    assert sink.states[-1] is ReadyState.CLOSED
    assert sink.received() == ['["hello", "world"]']  # kept
    (close,) = sink.of_kind(Kind.CLOSE)
    assert str(close.payload).startswith("Socket.IO disconnected")


def test_a_disconnect_the_server_never_answers_ends_by_the_close_timeout() -> None:
    sink = RecordingSink()
    took: list[float] = []

    async def scenario() -> None:
        async with raw_server(engineio_server(b"")) as base:
            session, task = await open_socketio(base, sink)
            started = time.monotonic()
            await session.close()
            await asyncio.wait_for(task, 30)
            took.append(time.monotonic() - started)

    run(scenario(), timeout=40)
    assert took[0] < CLOSE_TIMEOUT + SOCKETIO_SLACK + 1, took
    assert sink.states[-2:] == [ReadyState.CLOSING, ReadyState.CLOSED]
    assert sink.received() == ['["hello", "world"]']
