"""Hand-written servers that misbehave on purpose, speaking raw bytes on 127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

from websockets.frames import Frame, Opcode
from websockets.http11 import Request
from websockets.server import ServerProtocol
from websockets.streams import StreamReader

Behaviour = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def read_request(reader: asyncio.StreamReader) -> Request:
    """Read the client's Upgrade request (up to the blank line) and parse it."""
    data = await reader.readuntil(b"\r\n\r\n")
    stream = StreamReader()
    stream.feed_data(data)
    parser = Request.parse(stream.read_line)
    try:
        next(parser)
    except StopIteration as done:
        request: Request = done.value
        return request
    raise AssertionError("incomplete request")


async def accept_upgrade(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Answer a correct 101 (the way websockets' server would)."""
    request = await read_request(reader)
    protocol = ServerProtocol()
    response = protocol.accept(request)
    writer.write(response.serialize())
    await writer.drain()


def text_frame(text: str) -> bytes:
    """An unmasked server-to-client text frame."""
    frame = Frame(Opcode.TEXT, text.encode())
    return frame.serialize(mask=False, extensions=[])  # type: ignore[no-any-return]


async def deaf_after_hello(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Upgrade, send one message, then read and ignore everything (never answers a close)."""
    await accept_upgrade(reader, writer)
    writer.write(text_frame("hello from a deaf server"))
    await writer.drain()
    while await reader.read(65536):
        pass


def stops_reading_after_hello(release: asyncio.Event) -> Behaviour:
    """Upgrade, send one message, then read nothing until ``release`` is set (a large send
    backs up in the buffers)."""

    async def behaviour(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await accept_upgrade(reader, writer)
        writer.write(text_frame("hello, then silence"))
        await writer.drain()
        await release.wait()

    return behaviour


@contextlib.asynccontextmanager
async def raw_server(behaviour: Behaviour) -> AsyncIterator[str]:
    """Yield ``ws://127.0.0.1:PORT`` of a server running ``behaviour`` per connection."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await behaviour(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        except asyncio.CancelledError:
            # Cancelled at the test's end (a slow or silent behaviour): end normally, since
            # Python 3.12.1's start_server callback reports a cancelled handler as a loop error.
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"ws://127.0.0.1:{port}"
    finally:
        server.close()
        await server.wait_closed()


def answer(
    status: str = "101 Switching Protocols",
    headers: list[tuple[str, str]] | None = None,
    body: bytes = b"",
    *,
    accept: str | None = "right",
) -> Behaviour:
    """A server that answers the Upgrade with exactly this status line, headers and body.

    ``accept``: "right" adds the correct Sec-WebSocket-Accept, None adds none, any other
    string is sent as the (wrong) value.
    """

    async def behaviour(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = await read_request(reader)
        lines = [f"HTTP/1.1 {status}"]
        if accept == "right":
            from websockets.utils import accept_key

            lines.append(
                f"Sec-WebSocket-Accept: {accept_key(request.headers['Sec-WebSocket-Key'])}"
            )
        elif accept is not None:
            lines.append(f"Sec-WebSocket-Accept: {accept}")
        lines += [f"{name}: {value}" for name, value in headers or []]
        if body:
            lines.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await writer.drain()
        await reader.read(65536)  # wait for the client to give up

    return behaviour


UPGRADE_HEADERS = [("Upgrade", "websocket"), ("Connection", "Upgrade")]
