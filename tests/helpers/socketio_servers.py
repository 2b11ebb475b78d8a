"""A real python-socketio server (aiohttp) on 127.0.0.1 with the behaviours the tests need."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Iterator
from http import HTTPStatus
from typing import Any

import socketio
from aiohttp import web
from websockets.asyncio.server import ServerConnection, serve
from websockets.http11 import Request, Response

from tests.helpers.threaded import in_a_thread


@contextlib.asynccontextmanager
async def sio_server(
    *,
    polling_only: bool = False,
    token: str = "",
    gone: list[str] | None = None,
    headers: list[dict[str, str]] | None = None,
    ping_interval: float = 25,
    upgrades: bool = True,
) -> AsyncIterator[str]:
    """Yield ``http://127.0.0.1:PORT``. On connect it emits ``news``; ``anotherNews`` is echoed
    back as ``echo`` with the same arguments; ``ackme`` is acknowledged with ``"acked"`` and its
    arguments; ``where`` (in ``/`` and ``/chat``) with the namespace it came in; an event no
    handler takes (``nobody``) gets no ack; ``transport`` is acknowledged with the transport the
    server sees the client on (``polling`` or ``websocket``); ``bye`` makes the server
    disconnect the client; the ``/chat`` namespace says ``welcome``; ``drop`` kills the
    transport without a goodbye. With ``token``, auth must carry it. ``gone`` collects why
    clients disconnected, ``headers`` the HTTP headers of each client's handshake request (as
    the server read them: ``X-Test`` is ``HTTP_X_TEST``). ``ping_interval`` (seconds): how often
    the server sends Engine.IO pings. ``upgrades=False``: its OPEN packet offers no upgrade to
    WebSocket."""
    server = socketio.AsyncServer(
        async_mode="aiohttp",
        transports=["polling"] if polling_only else ["polling", "websocket"],
        ping_interval=ping_interval,
        allow_upgrades=upgrades,
    )
    app = web.Application()
    server.attach(app)

    requests: dict[str, Any] = {}

    @server.event
    async def connect(sid: str, environ: Any, auth: Any) -> None:
        requests[sid] = environ.get("aiohttp.request")
        if headers is not None:
            headers.append({k: v for k, v in environ.items() if k.startswith("HTTP_")})
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

    def where(namespace: str) -> Any:
        async def answer(_sid: str, *_args: Any) -> str:
            return namespace

        return answer

    for namespace in ("/", "/chat"):
        server.on("where", where(namespace), namespace=namespace)

    @server.on("transport")
    async def transport(sid: str) -> str:
        return str(server.transport(sid))

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


@contextlib.contextmanager
def sio_server_in_a_thread(**behaviours: Any) -> Iterator[str]:
    """sio_server on its own event loop in a thread, for code that runs asyncio.run itself
    (``wsgui run``'s main): yield its ``http://127.0.0.1:PORT``."""
    with in_a_thread(lambda: sio_server(**behaviours)) as base:
        yield base


@contextlib.asynccontextmanager
async def socketio2_server(ping_ms: int = 200) -> AsyncIterator[str]:
    """Yield ``http://127.0.0.1:PORT``: a Socket.IO 2.x server as Socket.IO 2.5.1 (engine.io
    3.6.2) answers an Engine.IO 4 client, with the bytes recorded from one. A polling
    handshake gets Engine.IO 3's length-prefixed payload (``95:0{...}2:40``); over WebSocket
    it sends its OPEN packet, a bare ``40`` (protocol 4: no sid) and ``news``, sends no
    pings (Engine.IO 3 servers wait for the client's) and closes the connection after
    pingInterval + pingTimeout ("ping timeout")."""

    def opened(upgrades: list[str]) -> str:
        fields = {"sid": "Y94D0lUy2nDHV10gAAAB", "upgrades": upgrades,
                  "pingInterval": ping_ms, "pingTimeout": ping_ms}  # fmt: skip
        return "0" + json.dumps(fields, separators=(",", ":"))

    def polling(connection: ServerConnection, request: Request) -> Response | None:
        if "transport=polling" not in request.path:
            return None
        packet = opened(["websocket"])
        return connection.respond(HTTPStatus.OK, f"{len(packet)}:{packet}2:40")

    async def websocket(ws: ServerConnection) -> None:
        for packet in (opened([]), "40", '42["news",{"hello":"world"}]'):
            await ws.send(packet)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(2 * ping_ms / 1000):
                async for _message in ws:
                    pass  # no ping ("2") ever comes from an Engine.IO 4 client
        await ws.close()

    async with serve(websocket, "127.0.0.1", 0, process_request=polling) as server:
        port = server.sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}"
