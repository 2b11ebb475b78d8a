"""A Socket.IO connection, on python-socketio's asyncio client, reported like a WebSocket one.

python-socketio speaks every part of the protocol (Engine.IO handshake, polling and the
upgrade to WebSocket, namespaces, acks, its own reconnection); subclassing its Engine.IO
client gives the raw packets for the Frames tab (``0{...}``, ``40``, ``42[...]``, ``2``/``3``,
the upgrade's ``2probe``/``3probe``/``5``) without writing the protocol by hand. It speaks
Socket.IO protocol 5 over Engine.IO protocol 4 (``EIO=4``), the protocol of JavaScript
Socket.IO servers 3.x and 4.x; servers of Socket.IO 2.x (protocol 4, Engine.IO 3) are not
supported (see the README for what a user sees).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from pathlib import Path
from time import monotonic, perf_counter
from time import time as now
from typing import Any

import socketio

from wsgui.core.connection.errors import file_reason
from wsgui.core.connection.reconnect import Retry
from wsgui.core.connection.replies import Replies
from wsgui.core.connection.sink import SessionSink
from wsgui.core.connection.socketio.args import sio_auth
from wsgui.core.connection.socketio.client import (
    make_client,
    open_packet,
    packet_frame,
    release_client,
)
from wsgui.core.model.entries import Direction, Kind, LogEntry, ReadyState, event_entry, text_size
from wsgui.core.model.handshake import HandshakeRecord, HttpMessage
from wsgui.core.model.options import ConnectOptions, OptionsError, SioTransports
from wsgui.core.model.secrets import expand_references
from wsgui.core.model.urls import UrlError, check_url, host_and_port

__all__ = ["SocketIOSession"]

# What a Socket.IO 2.x server (Engine.IO 3) answers to the Engine.IO 4 polling handshake:
# length-prefixed packets ("95:0{...}2:40"), which python-engineio cannot read.
NOT_ENGINEIO_4 = (
    "the answer is not an Engine.IO 4 handshake; Socket.IO 2.x servers answer with Engine.IO 3, "
    "which wsgui's client does not speak: it talks to Socket.IO 3.x and 4.x servers"
)
_NOT_AN_OPEN_PACKET = ("OPEN packet not returned by server", "Unexpected response from server")


class SocketIOSession:
    """Same shape as Session for the controller: run, send (a ``message`` event), emit,
    close, abort, and the state; frames are the Engine.IO packets."""

    def __init__(
        self, options: ConnectOptions, sink: SessionSink, capture_frames: bool = True
    ) -> None:
        self.options = options
        self._sink = sink
        self._capture = capture_frames
        self.state = ReadyState.CLOSED
        self.client: socketio.AsyncClient | None = None
        self.closed_by_user = False
        self.was_open = False
        self.retry = Retry(False)  # Socket.IO reconnects by its own rules, not our loop
        self.raise_limit_to: int | None = None  # python-socketio has no size limit to raise
        self.open_seconds = 0.0
        self._connect_error = ""
        self.handshake_text = ""
        self._aborting: asyncio.Future[None] | None = None
        self._upgrade = ""  # "upgraded" or "failed" once a polling session tried WebSocket
        self._warned_old = False  # a Socket.IO 2.x server was named once
        self.replies = Replies()
        self._opened_at = monotonic()

    @property
    def retryable(self) -> bool:
        return self.retry.retry

    @property
    def namespace(self) -> str:
        return self.options.sio_namespace.strip() or "/"

    async def run(self) -> None:
        self._set_state(ReadyState.CONNECTING)
        try:
            check_url(self.options.url)  # its scheme and host: the same rules as WebSocket's
            options = expand_references(self.options)
            auth = sio_auth(options)
        except (OptionsError, UrlError) as exc:
            self._event(Kind.ERROR, str(exc) if isinstance(exc, OptionsError) else f"URL: {exc}")
            self._set_state(ReadyState.CLOSED)
            return
        client = self.client = self._make_client()
        transports = options.sio_transports.value.split(",")
        url = options.url.strip()
        self._event(
            Kind.INFO,
            f"Socket.IO: connecting to {url} (path {options.sio_path}, namespace "
            f"{self.namespace}, transports {', '.join(transports)})",
        )
        failure = ""
        try:
            async with asyncio.timeout(options.open_timeout + 1):  # its WebSocket has none
                await client.connect(
                    url,
                    headers=dict(options.request_headers()),
                    auth=auth,
                    transports=transports,
                    namespaces=[self.namespace],
                    socketio_path=options.sio_path.strip("/") or "socket.io",
                    wait_timeout=options.open_timeout,
                )
        except socketio.exceptions.ConnectionError as exc:
            reason = self._connect_error or str(exc)
            if reason in ("", "None", "Connection error"):
                reason = f"no Socket.IO server answered at {host_and_port(url)}"
            elif reason in _NOT_AN_OPEN_PACKET:
                reason += f" ({NOT_ENGINEIO_4})"
            failure = f"Socket.IO connect_error: {reason}"
        except TimeoutError:
            failure = (
                f"Timed out: no Socket.IO connection within {options.open_timeout:g} s "
                "(open timeout)"
            )
        except asyncio.CancelledError:
            self._event(Kind.INFO, "Connection attempt cancelled")
            await release_client(client)
            self._set_state(ReadyState.CLOSED)
            raise
        except ValueError as exc:  # python-socketio's word for a URL it cannot use
            failure = f"Socket.IO: {exc}"
        if failure:
            await release_client(client)
            self._sink.on_handshake(HandshakeRecord(url, error=failure))
            self._event(Kind.ERROR, failure)
            self._set_state(ReadyState.CLOSED)
            return
        try:
            await client.wait()
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                self.closed_by_user = True
                await client.shutdown()  # also stops its reconnection attempts
                raise  # we are being cancelled, not the polling reader cancelled on close
        finally:
            if client.reconnecting:
                client.reconnecting = False
                self._sink.on_reconnecting(0, 0.0)
            await release_client(client)
            self.replies.fail_all()
            if self.state is not ReadyState.CLOSED:
                self._event(Kind.CLOSE, "Socket.IO connection ended")
                self._set_state(ReadyState.CLOSED)

    async def send(self, payload: str | bytes, note: str = "") -> bool:
        """The composer's Send: a ``message`` event (Socket.IO's ``send``)."""
        return await self.emit("message", [payload], expect_ack=False)

    async def send_file(
        self, path: Path, on_progress: Callable[[int, int], None] | None = None
    ) -> bool:
        """A file as the binary argument of a ``message`` event."""
        try:
            data = await asyncio.to_thread(path.read_bytes)
        except OSError as exc:
            self._event(Kind.ERROR, f"Not sent: cannot read file '{path}': {file_reason(exc)}")
            return False
        sent = await self.emit("message", [data], expect_ack=False)
        if on_progress is not None:
            on_progress(len(data), len(data))
        return sent

    def cancel_send(self) -> bool:
        return False  # an emit is queued whole; nothing to cut short

    async def ping(self, payload: bytes = b"") -> float | None:
        self._event(
            Kind.INFO,
            "Socket.IO pings by itself (Engine.IO packets 2 and 3, in the Frames tab)",
        )
        return None

    def expect(self, pattern: re.Pattern[str]) -> asyncio.Future[str]:
        """A future set to the next received event whose JSON ([name, args...]) matches."""
        return self.replies.expect(pattern)

    def log_event(self, kind: Kind, text: str) -> None:
        self._event(kind, text)

    async def emit(
        self, event: str, args: list[Any], *, expect_ack: bool, ack_wait: float = 10.0
    ) -> bool:
        if expect_ack:
            return await self.call(event, args, ack_wait) is not None
        client = self.client
        if client is None or self.state is not ReadyState.OPEN:
            self._event(Kind.ERROR, f"Not emitted: the connection is not open ({self.state.name})")
            return False
        await client.emit(event, _data(args), namespace=self.namespace)
        self._sink.on_entry(_text(Direction.SENT, [event, *args], f"emit {event}"))
        return True

    async def call(self, event: str, args: list[Any], ack_wait: float) -> list[Any] | None:
        """Emit expecting an ack: its arguments (``[]`` for none, which python-socketio's own
        call makes ``None``), or None if not emitted or no ack within ``ack_wait`` s (logged)."""
        client = self.client
        if client is None or self.state is not ReadyState.OPEN:
            self._event(Kind.ERROR, f"Not emitted: the connection is not open ({self.state.name})")
            return None
        acked: asyncio.Future[list[Any]] = asyncio.get_running_loop().create_future()

        def on_ack(*values: Any) -> None:
            if not acked.done():
                acked.set_result(list(values))

        started, note = perf_counter(), f"emit {event}, expecting an ack"
        self._sink.on_entry(_text(Direction.SENT, [event, *args], note))
        await client.emit(event, _data(args), namespace=self.namespace, callback=on_ack)
        try:
            values = await asyncio.wait_for(acked, ack_wait)
        except TimeoutError:
            self._event(Kind.ERROR, f"No ack for '{event}' within {ack_wait:g} s")
            return None
        rtt = (perf_counter() - started) * 1000
        self._sink.on_entry(_text(Direction.RECEIVED, values, f"ack of {event}, RTT {rtt:.1f} ms"))
        return values

    async def close(self, code: int = 1000, reason: str = "") -> None:
        """Disconnect (and stop any reconnection) within the close timeout; after it, drop
        the transport, as a WebSocket session does."""
        self.closed_by_user = True
        if self.client is not None:
            self._set_state(ReadyState.CLOSING)
            timeout = self.options.close_timeout
            try:
                async with asyncio.timeout(timeout):
                    if self.client.connected or self.client.eio.state != "connected":
                        await self.client.shutdown()
                    else:  # opened this turn: connect() has not returned, shutdown() is a no-op
                        await self.client.disconnect()
            except TimeoutError:
                self._event(
                    Kind.INFO,
                    f"The server did not answer our disconnect within {timeout:g} s (close "
                    "timeout): wsgui dropped the connection",
                )
                self.abort()

    def abort(self) -> None:
        self.closed_by_user = True
        if self.client is not None:
            self._aborting = asyncio.ensure_future(self.client.eio.disconnect(abort=True))

    def _make_client(self) -> socketio.AsyncClient:
        client = make_client(self.options, self)
        namespace = self.namespace
        client.on("connect", self._on_connect, namespace=namespace)
        client.on("connect_error", self._on_connect_error, namespace=namespace)
        client.on("disconnect", self._on_disconnect, namespace=namespace)
        client.on("*", self._on_event, namespace=namespace)
        return client

    def transport_text(self, eio: Any) -> str:
        """The transport in use and how it came to be: ``websocket (upgraded from HTTP
        long-polling)``, ``polling (the WebSocket upgrade failed)``..."""
        transport = eio.transport()
        if transport == "websocket":
            return f"{transport} (upgraded from HTTP long-polling)" if self._upgrade else transport
        if self.options.sio_transports is SioTransports.POLLING:
            return f"{transport} (HTTP long-polling, as chosen)"
        if self._upgrade == "failed":
            return f"{transport} (HTTP long-polling: the WebSocket upgrade failed)"
        return f"{transport} (HTTP long-polling: the server offers no WebSocket upgrade)"

    def _on_connect(self) -> None:
        client = self.client
        assert client is not None
        eio = client.eio
        transport = self.transport_text(eio)
        self.handshake_text = (
            f"Engine.IO sid {eio.sid}, pingInterval {eio.ping_interval * 1000:.0f} ms, "
            f"pingTimeout {eio.ping_timeout * 1000:.0f} ms, upgrades {eio.upgrades or 'none'}, "
            f"transport {transport}"
        )
        self._sink.on_handshake(self._handshake_record(eio))
        self.was_open, self._opened_at = True, monotonic()
        self._sink.on_entry(
            event_entry(
                Kind.OPEN,
                f"Socket.IO connected to namespace {self.namespace} over {transport}: sid "
                f"{client.get_sid(self.namespace)}\n{self.handshake_text}",
            )
        )
        self._set_state(ReadyState.OPEN)

    # ClientHooks: what the client reports
    def on_packet(self, sent: bool, encoded: str | bytes) -> None:
        if self._capture:
            self._sink.on_frame(packet_frame(sent, self._masked(encoded) if sent else encoded))

    def on_upgrade(self, upgraded: bool) -> None:
        self._upgrade = "upgraded" if upgraded else "failed"

    def on_reconnecting(self, attempt: int, delay: float) -> None:
        self._sink.on_reconnecting(attempt, delay)

    def on_attempt(self, state: ReadyState) -> None:
        self._set_state(state)

    def on_old_protocol(self, seconds: float) -> None:
        """A Socket.IO 2.x server over WebSocket: the handshake works, the pings do not."""
        if self._warned_old:
            return
        self._warned_old = True
        self._event(
            Kind.ERROR,
            "This server answered CONNECT as Socket.IO 2.x servers do (40 without a sid: "
            "protocol 4 over Engine.IO 3). wsgui's client speaks protocol 5 (Socket.IO 3.x and "
            "4.x servers): events may get through, but neither side sends Engine.IO pings, so "
            f"the connection is dropped after pingInterval + pingTimeout ({seconds:g} s)",
        )

    def _masked(self, encoded: str | bytes) -> str | bytes:
        """A Socket.IO CONNECT packet (40…) carries the auth payload: hidden in the Frames tab,
        as the field is."""
        if isinstance(encoded, str) and encoded.startswith("40") and self.options.sio_auth:
            start = encoded.find("{")
            if start >= 0:
                return encoded[:start] + "•••••• (auth, hidden)"
        return encoded

    def _handshake_record(self, eio: Any) -> HandshakeRecord:
        fields = (
            ("sid", str(eio.sid)),
            ("pingInterval", f"{eio.ping_interval * 1000:.0f} ms"),
            ("pingTimeout", f"{eio.ping_timeout * 1000:.0f} ms"),
            ("upgrades", ", ".join(eio.upgrades) or "none"),
            ("transport", self.transport_text(eio)),
            ("namespace", self.namespace),
        )
        path = self.options.sio_path.strip("/") or "socket.io"
        first = "polling" if self._upgrade or eio.transport() == "polling" else "websocket"
        request = HttpMessage(  # the Engine.IO handshake request (the first transport's)
            f"GET /{path}/?EIO=4&transport={first} HTTP/1.1",
            tuple(self.options.request_headers()),
        )
        response = HttpMessage("Engine.IO OPEN packet (0)", (), open_packet(eio).encode())
        return HandshakeRecord(
            self.options.url, request=request, response=response, engineio=fields
        )

    def _on_connect_error(self, data: Any) -> None:
        message = data.get("message", data) if isinstance(data, dict) else data
        if message is not None and str(message).strip():
            self._connect_error = str(message)

    def _on_disconnect(self, reason: Any = None) -> None:
        self.open_seconds = monotonic() - self._opened_at
        why = f" ({reason})" if reason else ""
        client = self.client
        again = (  # python-socketio's own rule: only when the transport failed
            client is not None
            and client.reconnection
            and client.eio.state == "connected"
            and not self.closed_by_user
        )
        more = "; reconnecting by Socket.IO's rules" if again else ""
        self._sink.on_entry(event_entry(Kind.CLOSE, f"Socket.IO disconnected{why}{more}"))
        self._set_state(ReadyState.CLOSED)

    def _on_event(self, event: str, *args: Any) -> None:
        text = json.dumps([event, *args], ensure_ascii=False, default=repr)
        self._sink.on_entry(
            LogEntry(Direction.RECEIVED, Kind.TEXT, text, text_size(text), now(), f"event {event}")
        )
        if self.replies.pending:
            self.replies.wake(text)

    def _event(self, kind: Kind, text: str) -> None:
        self._sink.on_entry(event_entry(kind, text))

    def _set_state(self, state: ReadyState) -> None:
        if state is not self.state:
            self.state = state
            self._sink.on_state(state)


def _data(args: list[Any]) -> Any:
    """python-socketio's shape of an emit's arguments: one as itself, others as a tuple."""
    return tuple(args) if len(args) != 1 else args[0]


def _text(direction: Direction, value: Any, note: str) -> LogEntry:
    """An emit or an ack as the log shows it: its JSON (bytes as their repr)."""
    text = json.dumps(value, ensure_ascii=False, default=repr)
    return LogEntry(direction, Kind.TEXT, text, text_size(text), now(), note)
