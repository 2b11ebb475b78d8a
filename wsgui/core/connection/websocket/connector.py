"""Opening a connection while recording the handshake: what was sent, what came back, when.

For a direct connection we resolve the name and open the TCP socket ourselves, so that DNS
and TCP times can be told apart, then hand the socket to websockets. A ClientConnection
subclass keeps a reference to itself: its request, response and key are then readable even
when connect() raises (a wrong Accept, a refused upgrade...), which the library's
exceptions alone do not carry.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Callable
from time import perf_counter
from time import time as now
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.client import ClientProtocol
from websockets.exceptions import InvalidMessage, InvalidStatus, NegotiationError, SecurityError
from websockets.frames import Frame
from websockets.http11 import Response
from websockets.proxy import get_proxy
from websockets.typing import Origin, Subprotocol
from websockets.uri import parse_uri

from wsgui.core.connection.failures import (
    ProxyUnreachableError,
    TlsClosedError,
    TlsTimeoutError,
    UnfinishedResponseError,
    UnofferedChoiceError,
    UnreadableResponseError,
)
from wsgui.core.connection.websocket.guarded_connection import GuardedConnection
from wsgui.core.connection.websocket.tls_info import read_tls_info
from wsgui.core.model.frames import RawFrame, WireMeter
from wsgui.core.model.handshake import HandshakeRecord, HttpMessage, check_accept, parse_extensions
from wsgui.core.model.limits import UNLIMITED_INFLATE_BYTES
from wsgui.core.model.options import ConnectOptions, ProxyMode
from wsgui.core.model.tls import tls_context
from wsgui.core.model.urls import CheckedUrl, display_url

__all__ = ["open_connection"]

HEAD_LIMIT = 16384  # bytes of a handshake answer kept to explain a timeout
# "Unlimited" is passed to websockets as the largest length a frame may carry: websockets 17
# checks a 64-bit length only against max_size, so with None a length with its top bit set
# (RFC 6455 5.2 forbids it) would leave the connection waiting forever for 2**63 bytes.
UNLIMITED_SIZE = 2**63 - 1


class _NoRedirects(connect):
    """A browser fails on a 3xx answer to the Upgrade; so do we, and show it."""

    def process_redirect(self, exc: Exception) -> Exception | str:
        return exc


class _Probe:
    """What the capturing connection saw, with perf_counter() times; frames go to a sink."""

    def __init__(
        self, on_frame: Callable[[RawFrame], None] | None = None, inflate_cap: int | None = None
    ) -> None:
        self.connection: GuardedConnection | None = None
        self.inflate_cap = inflate_cap  # the most a message may be once compression is on
        self.connected_at: float | None = None
        self.response_at: float | None = None
        self.on_frame = on_frame
        self.head = bytearray()  # the first bytes of the answer, until the handshake ends
        self.data_at = 0.0  # time() when the latest bytes arrived: when their frames came

    def connection_class(self) -> type[GuardedConnection]:
        probe = self

        class CapturingConnection(GuardedConnection):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                probe.connection = self
                self.response_rcvd.add_done_callback(probe.mark_response)
                _after_handshake(self, probe)

            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                probe.connected_at = perf_counter()
                super().connection_made(transport)

            def feed(self, data: bytes, arrived: float) -> None:
                probe.data_at = arrived
                if probe.response_at is None and len(probe.head) < HEAD_LIMIT:
                    probe.head.extend(data[: HEAD_LIMIT - len(probe.head)])
                super().feed(data, arrived)

        return CapturingConnection

    def mark_response(self, _future: asyncio.Future[None]) -> None:
        self.response_at = perf_counter()


def _after_handshake(connection: ClientConnection, probe: _Probe) -> None:
    """Once the response is processed, the extensions are known and no frame has been parsed
    or sent yet: cap inflated messages if the size limit is off and permessage-deflate was
    negotiated (``max_message_size`` is a websockets internal, checked by
    tests/core/connection/websocket/test_guarded_connection.py), and install the frame taps
    (a wire meter is needed only when an extension may change payload sizes)."""
    protocol = connection.protocol
    process_response = protocol.process_response

    def processing(response: Response) -> None:
        process_response(response)
        if probe.inflate_cap is not None and protocol.extensions:
            protocol.max_message_size = probe.inflate_cap
        if probe.on_frame is not None:
            _tap_frames(protocol, probe.on_frame, probe)

    protocol.process_response = processing  # type: ignore[method-assign]


def _tap_frames(
    protocol: ClientProtocol, on_frame: Callable[[RawFrame], None], probe: _Probe
) -> None:
    """Record frames in wire order: the sans-I/O protocol's recv_frame (called for each parsed
    frame, before it answers a ping or a close) and send_frame. Both are websockets internals:
    tests/core/connection/websocket/test_frames.py fails if they change. Each frame becomes a
    tuple of atoms.

    A received frame's time is when the bytes holding it arrived (one clock reading per
    read from the socket, not one per frame: a flood brings hundreds of frames per read)."""
    recv_frame, send_frame = protocol.recv_frame, protocol.send_frame
    if not protocol.extensions:

        def receiving(frame: Frame) -> None:
            data = frame.data
            on_frame(
                (False, frame.opcode._value_, frame.fin, frame.rsv1, data, probe.data_at, len(data))
            )
            recv_frame(frame)

        def sending(frame: Frame) -> None:
            data = frame.data
            on_frame((True, frame.opcode._value_, frame.fin, frame.rsv1, data, now(), len(data)))
            send_frame(frame)

    else:  # the meter is last: first to see incoming frames, last to see outgoing ones
        meter = WireMeter()
        protocol.extensions.append(meter)

        def receiving(frame: Frame) -> None:
            opcode, data = frame.opcode._value_, frame.data
            on_frame((False, opcode, frame.fin, meter.rsv1, data, probe.data_at, meter.length))
            recv_frame(frame)

        def sending(frame: Frame) -> None:
            send_frame(frame)  # compresses, and the meter sees the result
            opcode, data = frame.opcode._value_, frame.data
            on_frame((True, opcode, frame.fin, meter.rsv1, data, now(), meter.length))

    protocol.recv_frame = receiving  # type: ignore[method-assign]
    protocol.send_frame = sending  # type: ignore[method-assign]


async def open_connection(
    options: ConnectOptions,
    target: CheckedUrl,
    record: HandshakeRecord,
    on_frame: Callable[[RawFrame], None] | None = None,
) -> GuardedConnection:
    """Connect as ``options`` say, filling ``record`` as far as the attempt gets; with
    ``on_frame``, every frame of the connection (both ways, control frames too) goes there."""
    unlimited = options.max_size is None
    probe = _Probe(on_frame, UNLIMITED_INFLATE_BYTES if unlimited and options.compression else None)
    started = perf_counter()
    proxy = _proxy_for(options, target, record)
    secure = target.url.startswith("wss:")
    kwargs: dict[str, Any] = {}
    if secure:
        kwargs["ssl"] = tls_context(options)
        if options.server_name.strip():
            kwargs["server_hostname"] = options.server_name.strip()
    sock: socket.socket | None = None
    tcp_done: float | None = None
    try:
        async with asyncio.timeout(options.open_timeout):
            if proxy is None:
                sock = await _open_socket(target, record)
                kwargs["sock"] = sock
            tcp_done = perf_counter()
            user_agent = options.user_agent()
            connection = await _NoRedirects(
                target.url,
                additional_headers=options.request_headers() or None,
                subprotocols=[Subprotocol(s) for s in options.subprotocols] or None,
                origin=Origin(options.origin) if options.origin else None,
                compression="deflate" if options.compression else None,
                open_timeout=None,  # the whole attempt is under asyncio.timeout above
                close_timeout=options.close_timeout,
                ping_interval=options.ping_interval,
                ping_timeout=options.ping_timeout,
                max_size=UNLIMITED_SIZE if unlimited else options.max_size,
                proxy=proxy,
                user_agent_header=user_agent,
                create_connection=probe.connection_class(),
                **kwargs,
            )
    except InvalidStatus as exc:
        _fill(record, probe, options, exc.response)
        raise
    except InvalidMessage as exc:  # not HTTP, or broken HTTP: what came tells which
        _fill(record, probe, options, None)
        raise UnreadableResponseError(str(exc), bytes(probe.head)) from exc.__cause__
    except SecurityError as exc:  # a limit on the answer: one line or all headers too long
        _fill(record, probe, options, None)
        raise UnreadableResponseError(str(exc), bytes(probe.head)) from exc
    except NegotiationError as exc:
        _fill(record, probe, options, None)
        unoffered = _unoffered_choice(exc, probe, options)
        if unoffered is None:
            raise
        raise unoffered from exc
    except OSError as exc:
        _fill(record, probe, options, None)
        timeout = isinstance(exc, TimeoutError)
        if proxy is not None and probe.connected_at is None and not timeout:
            raise ProxyUnreachableError(display_url(proxy), exc) from exc
        if secure and proxy is None and tcp_done is not None and probe.connected_at is None:
            if timeout:  # TCP is up, TLS never finished
                raise TlsTimeoutError(str(exc)) from exc
            if not isinstance(exc, ssl.SSLError) or isinstance(exc, ssl.SSLEOFError):
                raise TlsClosedError(str(exc)) from exc
        if timeout and record.response is None and probe.head:
            record.response = _partial_response(bytes(probe.head))
            head = len(probe.head)
            raise UnfinishedResponseError(record.response.start_line, head) from exc
        raise
    except BaseException:
        _fill(record, probe, options, None)
        if sock is not None and probe.connection is None:
            sock.close()
        raise
    finally:
        _fill_timings(record, probe, started, tcp_done, proxy is not None, secure)
    _fill(record, probe, options, connection.response)
    assert isinstance(connection, GuardedConnection)  # made by probe.connection_class()
    return connection


def _proxy_for(options: ConnectOptions, target: CheckedUrl, record: HandshakeRecord) -> str | None:
    if options.proxy_mode is ProxyMode.URL:
        record.proxy = display_url(options.proxy_url.strip())
        return options.proxy_url.strip()
    if options.proxy_mode is ProxyMode.ENVIRONMENT:
        found = get_proxy(parse_uri(target.url))
        record.proxy = (
            f"from the environment: {display_url(found)}"
            if found
            else "from the environment: none applies to this host (direct connection)"
        )
        return found
    record.proxy = "none (direct connection)"
    return None


async def _open_socket(target: CheckedUrl, record: HandshakeRecord) -> socket.socket:
    """Resolve and connect, timing each; try every address in order, as browsers do."""
    loop = asyncio.get_running_loop()
    started = perf_counter()
    infos = await loop.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    record.timings.dns_ms = (perf_counter() - started) * 1000
    started = perf_counter()
    last_error: OSError | None = None
    for family, kind, proto, _name, address in infos:
        sock = socket.socket(family, kind, proto)
        sock.setblocking(False)
        try:
            await loop.sock_connect(sock, address)
        except OSError as exc:
            sock.close()
            last_error = exc
            continue
        except BaseException:
            sock.close()
            raise
        record.timings.tcp_ms = (perf_counter() - started) * 1000
        host, port = str(address[0]), int(address[1])
        record.address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        return sock
    assert last_error is not None
    raise last_error


def _fill(
    record: HandshakeRecord,
    probe: _Probe,
    options: ConnectOptions,
    response: Response | None,
) -> None:
    connection = probe.connection
    if connection is None:
        return
    request = connection.request
    if request is not None:
        record.request = HttpMessage(
            f"GET {request.path} HTTP/1.1", tuple(request.headers.raw_items())
        )
    response = response if response is not None else connection.response
    if response is not None:
        record.response = HttpMessage(
            f"HTTP/1.1 {response.status_code} {response.reason_phrase}",
            tuple(response.headers.raw_items()),
            bytes(response.body or b""),
        )
        key = request.headers.get("Sec-WebSocket-Key") if request is not None else None
        if key:
            record.accept = check_accept(key, _one(response, "Sec-WebSocket-Accept"))
        record.subprotocol = _one(response, "Sec-WebSocket-Protocol")
        record.extensions = parse_extensions(response.headers.get_all("Sec-WebSocket-Extensions"))
    ssl_object = (
        connection.transport.get_extra_info("ssl_object")
        if getattr(connection, "transport", None) is not None
        else None
    )
    if ssl_object is not None:
        record.tls = read_tls_info(ssl_object, verified=options.verify_tls)


def _unoffered_choice(
    exc: NegotiationError, probe: _Probe, options: ConnectOptions
) -> UnofferedChoiceError | None:
    """websockets' "no subprotocols supported" names nothing: name what the server chose."""
    response = probe.connection.response if probe.connection is not None else None
    text = str(exc)
    if response is None:
        return None
    if "subprotocol" in text:
        chosen = _one(response, "Sec-WebSocket-Protocol") or ""
        return UnofferedChoiceError("subprotocol", chosen, list(options.subprotocols))
    if "xtension" in text:  # "no extensions supported", "Unsupported extension: ..."
        chosen = _one(response, "Sec-WebSocket-Extensions") or ""
        offered = ["permessage-deflate"] if options.compression else []
        return UnofferedChoiceError("extension", chosen, offered)
    return None


def _partial_response(head: bytes) -> HttpMessage:
    """What came of an answer that never ended (no Content-Length, connection kept open)."""
    text = head.decode("latin-1")
    top, _, body = text.partition("\r\n\r\n")
    status, *lines = top.split("\r\n")
    headers = tuple(
        (name.strip(), value.strip())
        for name, sep, value in (line.partition(":") for line in lines)
        if sep
    )
    return HttpMessage(status, headers, body.encode("latin-1"))


def _one(response: Response, name: str) -> str | None:
    """A header's value; several values (a broken server) are shown joined, not raised."""
    values = response.headers.get_all(name)
    return ", ".join(values) if values else None


def _fill_timings(
    record: HandshakeRecord,
    probe: _Probe,
    started: float,
    tcp_done: float | None,
    via_proxy: bool,
    secure: bool,
) -> None:
    timings = record.timings
    if probe.connected_at is not None:
        if via_proxy:
            timings.tcp_ms = (probe.connected_at - started) * 1000  # TCP + proxy (+ TLS)
        elif secure and tcp_done is not None:
            timings.tls_ms = (probe.connected_at - tcp_done) * 1000
        if probe.response_at is not None:
            timings.upgrade_ms = (probe.response_at - probe.connected_at) * 1000
    timings.total_ms = (perf_counter() - started) * 1000
