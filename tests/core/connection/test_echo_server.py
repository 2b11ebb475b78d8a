"""The built-in echo server: loopback, echo-protocol, a clear message when the port is taken."""

from __future__ import annotations

import asyncio
import socket

import pytest
from websockets.asyncio.client import connect

from wsgui.core.connection.echo_server import (
    ECHO_SUBPROTOCOL,
    EchoServer,
    pick_port,
    run_standalone,
)


def test_echoes_text_and_binary_and_negotiates_echo_protocol() -> None:
    async def scenario() -> None:
        server = EchoServer(0)
        await server.start()
        try:
            assert server.url.startswith("ws://127.0.0.1:")
            async with connect(server.url, subprotocols=[ECHO_SUBPROTOCOL]) as ws:  # type: ignore[list-item]
                assert ws.subprotocol == ECHO_SUBPROTOCOL
                await ws.send("ping\u0000")
                assert await ws.recv() == "ping\u0000"
                await ws.send(b"\x00\xff")
                assert await ws.recv() == b"\x00\xff"
            async with connect(server.url) as ws:  # no subprotocol offered: still accepted
                assert ws.subprotocol is None
        finally:
            await server.stop()

    asyncio.run(scenario())


def test_port_in_use_is_reported_clearly(capsys: pytest.CaptureFixture[str]) -> None:
    async def scenario() -> None:
        first = EchoServer(0)
        await first.start()
        try:
            second = EchoServer(first.port)
            with pytest.raises(OSError, match="the port is in use"):
                await second.start()
        finally:
            await first.stop()

    asyncio.run(scenario())


def test_standalone_server_on_a_taken_port_exits_with_a_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        assert run_standalone(port) == 1
    assert f"cannot listen on 127.0.0.1:{port}: the port is in use" in capsys.readouterr().err


def test_pick_port_falls_back_to_a_free_port() -> None:
    async def scenario() -> None:
        taken = EchoServer(0)
        await taken.start()
        try:
            assert pick_port(taken.port) not in (taken.port, 0)
        finally:
            await taken.stop()

    asyncio.run(scenario())
