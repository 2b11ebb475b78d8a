"""The baseline: the bare websockets library, as the suite's research note measured it.

A plain ``websockets.asyncio`` client that echoes every message, and a plain echo server,
with the same size limits as wsgui's agent and echo server and nothing else set. This module
must not import wsgui: wsgui raises the library's fragment limit for the whole process.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import AsyncIterator
from urllib.parse import quote

from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import WebSocketException

__all__ = ["bare_echo_server", "run_bare_agent"]

CLIENT_MAX_SIZE = 16 * 2**20  # as compliance/agent.py's AGENT_MAX_SIZE
SERVER_MAX_SIZE = 256 * 2**20  # as wsgui/core/connection/echo_server.py's ECHO_MAX_SIZE


def _check_not_mixed() -> None:
    if "wsgui.core" in sys.modules:
        raise RuntimeError("the baseline must run in a process that has not imported wsgui")


async def run_bare_agent(base: str, agent: str) -> None:
    """Every case the fuzzingserver at ``base`` offers, then its reports."""
    _check_not_mixed()
    async with connect(f"{base}/getCaseCount") as ws:
        count = int(await ws.recv())
    name = quote(agent)
    for number in range(1, count + 1):
        url = f"{base}/runCase?case={number}&agent={name}"
        with contextlib.suppress(WebSocketException, OSError):
            async with connect(url, max_size=CLIENT_MAX_SIZE) as ws:
                async for message in ws:
                    await ws.send(message)
    async with connect(f"{base}/updateReports?agent={name}"):
        pass


async def _echo(ws: ServerConnection) -> None:
    with contextlib.suppress(WebSocketException):
        async for message in ws:
            await ws.send(message)


@contextlib.asynccontextmanager
async def bare_echo_server() -> AsyncIterator[str]:
    """A plain websockets echo server on 127.0.0.1, its URL while the block runs."""
    _check_not_mixed()
    async with serve(_echo, "127.0.0.1", 0, max_size=SERVER_MAX_SIZE) as server:
        port = server.sockets[0].getsockname()[1]
        yield f"ws://127.0.0.1:{port}"
