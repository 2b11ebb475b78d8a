"""python-socketio's asyncio client, subclassed to show what a debugger must show.

Its Engine.IO client is subclassed for the raw packets of the Frames tab (``0{...}``, ``40``,
``42[...]``, ``2``/``3``, the upgrade's ``2probe``/``3probe``/``5``), a goodbye over long-polling
that does not wait for the pending GET, and Socket.IO 2.x servers recognised; its Socket.IO
client for reconnection attempts reported like ours. The session (socketio/session.py) owns it
and hears from it through ClientHooks.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from time import time as now
from typing import Any, Protocol

import aiohttp
import engineio
import socketio
from engineio import packet as eio_packet

from wsgui.core.model.entries import ReadyState
from wsgui.core.model.options import ConnectOptions

__all__ = ["ClientHooks", "make_client", "open_packet", "packet_frame", "release_client"]

POLLING_GOODBYE = 1.0  # seconds for the last POST (disconnect, close) over long-polling
# A Socket.IO protocol 5 server answers CONNECT with 40{"sid": ...}; protocol 4 (Socket.IO
# 2.x) with a bare 40 (or 40/namespace,).
_PROTOCOL_4_CONNECT = re.compile(r"0(/[^,{]*,?)?")


class ClientHooks(Protocol):
    """What the client tells whoever runs it (the Socket.IO session)."""

    def on_packet(self, sent: bool, encoded: str | bytes) -> None:
        """An Engine.IO packet as it went or came (``0{...}``, ``42[...]``, ``2probe``...)."""

    def on_old_protocol(self, seconds: float) -> None:
        """The server answered CONNECT as a Socket.IO 2.x server; it drops us after
        ``seconds`` (pingInterval + pingTimeout)."""

    def on_upgrade(self, upgraded: bool) -> None:
        """A polling session tried the WebSocket upgrade."""

    def on_reconnecting(self, attempt: int, delay: float) -> None:
        """Reconnection attempt ``attempt`` (0: the attempts are over)."""

    def on_attempt(self, state: ReadyState) -> None:
        """A reconnection attempt starts (CONNECTING) or fails (CLOSED)."""


def packet_frame(
    sent: bool, encoded: str | bytes
) -> tuple[bool, int, bool, bool, bytes, float, int]:
    """An Engine.IO packet as a frame record (RawFrame) for the Frames tab."""
    data = encoded.encode("utf-8") if isinstance(encoded, str) else encoded
    return (sent, 1 if isinstance(encoded, str) else 2, True, False, data, now(), len(data))


def open_packet(eio: Any) -> str:
    """The Engine.IO OPEN packet as the server sent it (``0{"sid": ...}``), rebuilt from what
    python-engineio keeps of it (not the packet itself)."""
    opened = {"sid": eio.sid, "upgrades": eio.upgrades,
              "pingInterval": int(eio.ping_interval * 1000),
              "pingTimeout": int(eio.ping_timeout * 1000)}  # fmt: skip
    return "0" + json.dumps(opened)


def make_client(options: ConnectOptions, hooks: ClientHooks) -> socketio.AsyncClient:
    """A client whose packets, upgrade and reconnection attempts go to ``hooks``."""

    class CapturingEngine(engineio.AsyncClient):  # type: ignore[misc]
        async def _receive_packet(self, pkt: Any) -> None:
            hooks.on_packet(False, pkt.encode())
            if (
                pkt.packet_type == eio_packet.MESSAGE
                and isinstance(pkt.data, str)
                and _PROTOCOL_4_CONNECT.fullmatch(pkt.data)
            ):
                hooks.on_old_protocol(self.ping_interval + self.ping_timeout)
            await super()._receive_packet(pkt)

        async def disconnect(self, abort: bool = False, reason: Any = None) -> None:
            """Over long-polling, python-engineio waits for the pending GET to return
            (up to pingInterval, 25 s by default); a browser aborts it, and so do we
            (the CLOSE packet still goes out with the write loop)."""
            polling = self.current_transport == "polling"
            reader, writer = self.read_loop_task, self.write_loop_task
            if polling and self.state == "connected" and writer is not None:
                # let the write loop POST what is queued (Socket.IO's 41) and CLOSE
                await self._send_packet(eio_packet.Packet(eio_packet.CLOSE))
                await self.queue.put(None)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.queue.join(), POLLING_GOODBYE)
            await super().disconnect(abort=abort or polling, reason=reason)
            if polling and reader is not None and not reader.done():
                reader.cancel()

        async def _trigger_event(self, event: str, *args: Any, **kwargs: Any) -> Any:
            if event == "connect":  # the OPEN packet was just read
                hooks.on_packet(False, open_packet(self))
            return await super()._trigger_event(event, *args, **kwargs)

        async def _connect_websocket(self, *args: Any, **kwargs: Any) -> bool:
            """With a sid already (a polling session), this is the upgrade: python-engineio
            sends ``2probe``, reads ``3probe`` and sends ``5`` on the new WebSocket itself,
            outside _send_packet; when it succeeds those were the packets, shown here."""
            upgrading = bool(self.sid)
            upgraded = bool(await super()._connect_websocket(*args, **kwargs))
            if upgrading:
                hooks.on_upgrade(upgraded)
                if upgraded:
                    for sent, encoded in ((True, "2probe"), (False, "3probe"), (True, "5")):
                        hooks.on_packet(sent, encoded)
            return upgraded

        async def _reset(self) -> None:
            """When the server closes the WebSocket itself (no Engine.IO CLOSE packet),
            python-engineio leaves aiohttp's WebSocket response open, and aiohttp warns
            of an unclosed connection: close it before the session goes."""
            ws = getattr(self, "ws", None)
            if ws is not None and not ws.closed:
                with contextlib.suppress(Exception):
                    await ws.close()
            await super()._reset()

        async def _send_packet(self, pkt: Any) -> None:
            if self.state == "connected":
                hooks.on_packet(True, pkt.encode())
            await super()._send_packet(pkt)

    class CapturingClient(socketio.AsyncClient):  # type: ignore[misc]
        attempts = 0
        reconnecting = False

        def _engineio_client_class(self) -> type:
            return CapturingEngine

        async def _handle_reconnect(self) -> None:
            """Its reconnection loop, shown like ours: RECONNECTING #n, then over."""
            self.reconnecting, self.attempts = True, 0
            hooks.on_reconnecting(1, options.reconnect_initial_delay)
            try:
                await super()._handle_reconnect()
            finally:
                self.reconnecting = False
                hooks.on_reconnecting(0, 0.0)

        async def connect(self, *args: Any, **kwargs: Any) -> None:
            if not self.reconnecting:
                await super().connect(*args, **kwargs)
                return
            self.attempts += 1
            hooks.on_reconnecting(self.attempts, 0.0)
            hooks.on_attempt(ReadyState.CONNECTING)
            try:
                await super().connect(*args, **kwargs)
            except Exception:
                hooks.on_attempt(ReadyState.CLOSED)  # waiting for the next attempt
                await release_client(self)
                raise

    client = CapturingClient(
        # aiohttp waits this long for the server's answer to a WebSocket close; python-engineio
        # sets it to request_timeout (the open timeout): the close timeout is the rule here
        websocket_extra_options={
            "timeout": aiohttp.ClientWSTimeout(ws_close=options.close_timeout)
        },
        reconnection=options.reconnect,
        reconnection_attempts=options.reconnect_attempts,
        reconnection_delay=options.reconnect_initial_delay,
        reconnection_delay_max=options.reconnect_max_delay,
        request_timeout=options.open_timeout,
        ssl_verify=options.verify_tls,
    )
    return client


async def release_client(client: Any) -> None:
    """Close what a failed or finished client holds (its aiohttp session): python-socketio
    leaves it open after some failures, and aiohttp then warns of an unclosed session."""
    with contextlib.suppress(Exception):
        await client.eio._reset()
