"""A real python-socketio server (aiohttp) on 127.0.0.1 with the behaviours the tests need."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import socketio
from aiohttp import web


@contextlib.asynccontextmanager
async def sio_server(
    *, polling_only: bool = False, token: str = "", gone: list[str] | None = None
) -> AsyncIterator[str]:
    """Yield ``http://127.0.0.1:PORT``. On connect it emits ``news``; ``anotherNews`` is
    echoed back as ``echo`` with the same arguments; ``ackme`` is acknowledged with
    ``"acked"`` and its arguments; ``bye`` makes the server disconnect the client; the
    ``/chat`` namespace says ``welcome``; ``drop`` kills the transport without a goodbye.
    With ``token``, auth must carry it. ``gone`` collects why clients disconnected."""
    server = socketio.AsyncServer(
        async_mode="aiohttp", transports=["polling"] if polling_only else ["polling", "websocket"]
    )
    app = web.Application()
    server.attach(app)

    requests: dict[str, Any] = {}

    @server.event
    async def connect(sid: str, environ: Any, auth: Any) -> None:
        requests[sid] = environ.get("aiohttp.request")
        if token and (not isinstance(auth, dict) or auth.get("token") != token):
            raise socketio.exceptions.ConnectionRefusedError("bad token")
        await server.emit("news", {"hello": "world"}, to=sid)

    async def disconnect(_sid: str, reason: Any = "") -> None:
        if gone is not None:
            gone.append(str(reason))

    server.on("disconnect", disconnect)
    server.on("disconnect", disconnect, namespace="/chat")

    @server.on("anotherNews")
    async def another(sid: str, *args: Any) -> None:
        await server.emit("echo", args, to=sid)

    @server.on("ackme")
    async def ackme(_sid: str, *args: Any) -> tuple[Any, ...]:
        return ("acked", *args)

    @server.on("bye")
    async def bye(sid: str) -> None:
        await server.disconnect(sid)

    @server.on("drop")
    async def drop(sid: str) -> None:  # the TCP connection dies: clients reconnect
        requests[sid].transport.abort()

    @server.on("connect", namespace="/chat")
    async def chat(sid: str, _environ: Any, _auth: Any = None) -> None:
        await server.emit("welcome", "to /chat", to=sid, namespace="/chat")

    runner = web.AppRunner(app, shutdown_timeout=0.5)  # do not wait for pending long-polls
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()
