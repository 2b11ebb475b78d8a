"""Real HTTP CONNECT and SOCKS5 proxies on 127.0.0.1, hand-written on asyncio streams.

They record the raw requests, the ``host:port`` tunnels opened and the refusals, so a test can
prove a connection went through them. Only loopback targets are dialled ("localhost" as
127.0.0.1); anything else is refused without touching the network.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import dataclasses
import ipaddress
import urllib.parse
from collections.abc import AsyncIterator, Awaitable, Callable

HANDSHAKE_TIMEOUT = 10.0  # seconds a client has to finish its proxy request


@dataclasses.dataclass
class ProxyInfo:
    url: str
    tunnels: list[str] = dataclasses.field(default_factory=list)  # "host:port" actually opened
    requests: list[bytes] = dataclasses.field(default_factory=list)  # raw requests received
    refused: int = 0  # requests answered with an error (or closed) instead of a tunnel


Streams = tuple[asyncio.StreamReader, asyncio.StreamWriter]
Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter, ProxyInfo], Awaitable[None]]


def _dial_host(host: str) -> str | None:
    """The address to dial for ``host``, or None when it is not a loopback target."""
    host = host.strip("[]")
    if host.lower() == "localhost":
        return "127.0.0.1"
    try:
        return host if ipaddress.ip_address(host).is_loopback else None
    except ValueError:
        return None


async def _close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while data := await reader.read(65536):
        writer.write(data)
        await writer.drain()


async def _tunnel(client: Streams, upstream: Streams, reply: bytes) -> None:
    """Send ``reply``, pipe bytes both ways until either side closes, close the upstream side."""
    tasks: list[asyncio.Task[None]] = []
    try:
        client[1].write(reply)
        await client[1].drain()
        tasks.append(asyncio.create_task(_pipe(client[0], upstream[1])))
        tasks.append(asyncio.create_task(_pipe(upstream[0], client[1])))
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await _close(upstream[1])


@contextlib.asynccontextmanager
async def _serve(
    scheme: str, auth: tuple[str, str] | None, handler: Handler
) -> AsyncIterator[ProxyInfo]:
    info = ProxyInfo(url="")
    tasks: set[asyncio.Task[object]] = set()
    closing = False

    async def on_client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        tasks.add(task)
        try:
            if not closing:
                await handler(reader, writer, info)
        except (OSError, EOFError, asyncio.LimitOverrunError, ValueError):
            pass  # a client that goes away or speaks nonsense just loses its connection
        finally:
            tasks.discard(task)
            await _close(writer)

    server = await asyncio.start_server(on_client, "127.0.0.1", 0, limit=16384)
    port = server.sockets[0].getsockname()[1]
    userinfo = ""
    if auth is not None:
        userinfo = "{}:{}@".format(*(urllib.parse.quote(part, safe="") for part in auth))
    info.url = f"{scheme}://{userinfo}127.0.0.1:{port}"
    try:
        yield info
    finally:
        closing = True
        server.close()
        await asyncio.sleep(0)  # let connections accepted just now start (and see `closing`)
        for task in list(tasks):
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await server.wait_closed()


@contextlib.asynccontextmanager
async def http_connect_proxy(
    *, username: str | None = None, password: str | None = None
) -> AsyncIterator[ProxyInfo]:
    """An HTTP proxy that only does ``CONNECT host:port`` (Basic auth when credentials given)."""
    auth = None if username is None else (username, password or "")
    expected = None if auth is None else base64.b64encode(":".join(auth).encode()).decode()

    async def handle(r: asyncio.StreamReader, w: asyncio.StreamWriter, info: ProxyInfo) -> None:
        async def answer(status: str, *headers: str) -> None:
            info.refused += 1
            lines = [f"HTTP/1.1 {status}", *headers, "Content-Length: 0", "Connection: close"]
            w.write(("\r\n".join(lines) + "\r\n\r\n").encode())
            await w.drain()

        async with asyncio.timeout(HANDSHAKE_TIMEOUT):
            head = await r.readuntil(b"\r\n\r\n")
        info.requests.append(head)
        request_line, *header_lines = head.decode("latin-1").split("\r\n")
        method, _, target = request_line.partition(" ")
        target = target.rpartition(" ")[0]
        if method != "CONNECT":
            return await answer("405 Method Not Allowed", "Allow: CONNECT")
        fields = (line.partition(":") for line in header_lines)
        headers = {name.strip().lower(): value.strip() for name, sep, value in fields if sep}
        if expected is not None:
            kind, _, token = headers.get("proxy-authorization", "").partition(" ")
            if kind.lower() != "basic" or token.strip() != expected:
                return await answer(
                    "407 Proxy Authentication Required", 'Proxy-Authenticate: Basic realm="test"'
                )
        host, _, port = target.rpartition(":")
        if not host or not port.isdigit():
            return await answer("400 Bad Request")
        dial = _dial_host(host)
        if dial is None:
            return await answer("403 Forbidden")
        try:
            upstream = await asyncio.open_connection(dial, int(port))
        except OSError:
            return await answer("502 Bad Gateway")
        info.tunnels.append(target)
        await _tunnel((r, w), upstream, b"HTTP/1.1 200 Connection established\r\n\r\n")

    async with _serve("http", auth, handle) as info:
        yield info


def _socks_reply(code: int, address: tuple[str, int] = ("0.0.0.0", 0)) -> bytes:
    ip = ipaddress.ip_address(address[0])
    atyp = 0x01 if ip.version == 4 else 0x04
    return bytes([5, code, 0, atyp]) + ip.packed + address[1].to_bytes(2, "big")


@contextlib.asynccontextmanager
async def socks5_proxy(
    *, username: str | None = None, password: str | None = None
) -> AsyncIterator[ProxyInfo]:
    """A SOCKS5 proxy (RFC 1928, CONNECT only), with RFC 1929 user/password when given."""
    auth = None if username is None else (username, password or "")

    async def handle(r: asyncio.StreamReader, w: asyncio.StreamWriter, info: ProxyInfo) -> None:
        async def refuse(reply: bytes) -> None:
            info.refused += 1
            w.write(reply)
            await w.drain()

        async with asyncio.timeout(HANDSHAKE_TIMEOUT):
            version, count = await r.readexactly(2)
            methods = await r.readexactly(count)
            method = 0x00 if auth is None else 0x02
            if version != 5 or method not in methods:
                return await refuse(b"\x05\xff")  # no acceptable method
            w.write(bytes([5, method]))
            if auth is not None:
                _, length = await r.readexactly(2)
                user = await r.readexactly(length)
                password = await r.readexactly((await r.readexactly(1))[0])
                if (user.decode("utf-8", "replace"), password.decode("utf-8", "replace")) != auth:
                    return await refuse(b"\x01\x01")
                w.write(b"\x01\x00")
            head = await r.readexactly(4)
            version, command, _, atyp = head
            if atyp in (0x01, 0x04):  # IPv4, IPv6
                raw = await r.readexactly(4 if atyp == 0x01 else 16)
                host = str(ipaddress.ip_address(raw))
                host = f"[{host}]" if atyp == 0x04 else host
            elif atyp == 0x03:  # domain name
                raw = await r.readexactly(1)
                raw += await r.readexactly(raw[0])
                host = raw[1:].decode("ascii", "replace")
            else:
                info.requests.append(head)
                return await refuse(_socks_reply(0x08))  # address type not supported
            port_bytes = await r.readexactly(2)
        info.requests.append(head + raw + port_bytes)
        if version != 5 or command != 0x01:
            return await refuse(_socks_reply(0x07))  # command not supported
        dial = _dial_host(host)
        if dial is None:
            return await refuse(_socks_reply(0x02))  # connection not allowed by ruleset
        port = int.from_bytes(port_bytes, "big")
        try:
            upstream = await asyncio.open_connection(dial, port)
        except OSError:
            return await refuse(_socks_reply(0x05))  # connection refused
        info.tunnels.append(f"{host}:{port}")
        bound = upstream[1].get_extra_info("sockname")[:2]
        await _tunnel((r, w), upstream, _socks_reply(0x00, bound))

    async with _serve("socks5", auth, handle) as info:
        yield info
