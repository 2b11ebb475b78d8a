"""Real WebSocket servers on 127.0.0.1 (port 0) with one behaviour per path, for tests."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import ssl
from collections.abc import AsyncIterator
from http import HTTPStatus

from websockets.asyncio.server import ServerConnection, serve
from websockets.http11 import Request, Response

REJECT_BODY = "forbidden: bad token\n"
OVERSIZE = 17 * 2**20  # over the client's default max_size of 16 MiB


async def _route(ws: ServerConnection) -> None:
    path = ws.request.path if ws.request else "/"
    if path.startswith("/close4000"):
        await ws.send("bye soon")
        await ws.close(4000, "custom close")
    elif path.startswith("/drop"):
        await ws.send("before drop")
        await asyncio.sleep(0.05)
        ws.transport.abort()
    elif path.startswith("/big"):
        await ws.send("small first")
        await ws.send("x" * OVERSIZE)
        await ws.wait_closed()
    elif path.startswith("/headers"):
        headers = ws.request.headers.raw_items() if ws.request else []
        await ws.send(json.dumps(list(headers)))
        await _echo(ws)
    elif path.startswith("/sha256"):  # answers each message with its length and SHA-256
        async for message in ws:
            data = message.encode() if isinstance(message, str) else message
            await ws.send(f"{len(data)} {hashlib.sha256(data).hexdigest()}")
    elif path.startswith("/flooddrop/"):  # N messages, then the TCP connection dies
        count = int(path.rsplit("/", 1)[1])
        for index in range(count):
            await ws.send(f"message {index}")
        ws.transport.abort()
    elif path.startswith("/flood/"):
        count = int(path.rsplit("/", 1)[1])
        for index in range(count):
            await ws.send(f"message {index}")
        await ws.wait_closed()
    else:
        await _echo(ws)


async def _echo(ws: ServerConnection) -> None:
    async for message in ws:
        await ws.send(message)


async def _process_request(ws: ServerConnection, request: Request) -> Response | None:
    if request.path.startswith("/reject"):
        response = ws.respond(HTTPStatus.FORBIDDEN, REJECT_BODY)
        response.headers["X-Reject-Reason"] = "token"
        return response
    if request.path.startswith("/redirect"):
        response = ws.respond(HTTPStatus.FOUND, "moved\n")
        response.headers["Location"] = "/echo"
        return response
    if request.path.startswith("/slow"):
        await asyncio.sleep(1.5)
    return None


@contextlib.asynccontextmanager
async def ws_server(tls: ssl.SSLContext | None = None) -> AsyncIterator[str]:
    """Yield the base URL (no trailing slash) of a server routing by path."""
    async with serve(
        _route,
        "localhost" if tls else "127.0.0.1",
        0,
        process_request=_process_request,
        ssl=tls,
        close_timeout=1,
        max_size=None,
    ) as server:
        port = server.sockets[0].getsockname()[1]
        host = "localhost" if tls else "127.0.0.1"
        yield f"{'wss' if tls else 'ws'}://{host}:{port}"
