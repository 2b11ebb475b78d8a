"""The built-in echo server: the classic ``echo-protocol`` server, on loopback only.

It makes the app useful on first launch with no network, and runs alone with
``wsgui --echo-server`` or ``wsgui-echo``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import socket
import sys
from collections.abc import Sequence

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request
from websockets.typing import Subprotocol

from wsgui.core.model.limits import apply_fragment_limit

__all__ = ["DEFAULT_PORT", "ECHO_SUBPROTOCOL", "EchoServer", "LocalEcho", "main", "pick_port"]

ECHO_SUBPROTOCOL = "echo-protocol"
DEFAULT_PORT = 1740
LOOPBACK = "127.0.0.1"
# Echoing a large file back must not hit the library's 1 MiB default.
ECHO_MAX_SIZE = 256 * 2**20


async def _echo(connection: ServerConnection) -> None:
    """Send every message back unchanged; a client that vanishes is not an error here."""
    with contextlib.suppress(ConnectionClosed):
        async for message in connection:
            await connection.send(message)


def _announce_connections(connection: ServerConnection, request: Request) -> None:
    """In the standalone server, say who connects (the terminal is its only display)."""
    host, port = connection.remote_address[:2]
    offered = request.headers.get("Sec-WebSocket-Protocol", "none")
    print(
        f"connection from {host}:{port} {request.path} (subprotocols: {offered})",
        flush=True,
    )


def _select_subprotocol(
    _connection: ServerConnection, offered: Sequence[Subprotocol]
) -> Subprotocol | None:
    """Accept ``echo-protocol`` when offered, and anything else without a subprotocol."""
    return Subprotocol(ECHO_SUBPROTOCOL) if ECHO_SUBPROTOCOL in offered else None


class EchoServer:
    """An echo server bound to 127.0.0.1 (port 0 picks a free port)."""

    def __init__(self, port: int = DEFAULT_PORT, *, announce: bool = False) -> None:
        self._requested_port = port
        self._announce = announce
        self._server: Server | None = None

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def port(self) -> int:
        if self._server is None:
            return self._requested_port
        return int(self._server.sockets[0].getsockname()[1])

    @property
    def url(self) -> str:
        return f"ws://{LOOPBACK}:{self.port}/"

    async def start(self) -> None:
        """Start listening; raises OSError with a clear message when the port is taken."""
        if self._server is not None:
            return
        apply_fragment_limit()  # a client may send a large message in small fragments too
        try:
            self._server = await serve(
                _echo,
                LOOPBACK,
                self._requested_port,
                select_subprotocol=_select_subprotocol,
                process_request=_announce_connections if self._announce else None,
                max_size=ECHO_MAX_SIZE,
            )
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise OSError(
                    exc.errno,
                    f"the built-in echo server cannot listen on {LOOPBACK}:"
                    f"{self._requested_port}: the port is in use",
                ) from exc
            raise

    async def stop(self) -> None:
        if self._server is not None:
            server, self._server = self._server, None
            server.close()
            await server.wait_closed()


class LocalEcho:
    """The echo server behind the default URL, started on the first connection to it."""

    def __init__(self, port: int) -> None:
        self.server = EchoServer(port)

    @property
    def url(self) -> str:
        return self.server.url

    def serves(self, host: str, port: int) -> bool:
        """True when a connection to host:port is meant for this built-in server."""
        return host in (LOOPBACK, "localhost") and port == self.server.port

    async def ensure_running(self) -> bool:
        """Start the server if needed; True when this call started it."""
        if self.server.running:
            return False
        await self.server.start()
        return True


def pick_port(preferred: int = DEFAULT_PORT) -> int:
    """``preferred`` if it is free on 127.0.0.1, else any free port."""
    for candidate in (preferred, 0):
        with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
            try:
                probe.bind((LOOPBACK, candidate))
            except OSError:
                continue
            return int(probe.getsockname()[1])
    raise OSError("no free port on 127.0.0.1")


async def serve_forever(port: int) -> None:
    """Run the echo server until cancelled (Ctrl+C)."""
    server = EchoServer(port, announce=True)
    await server.start()
    print(
        f"wsgui echo server on {server.url} (subprotocol {ECHO_SUBPROTOCOL}); Ctrl+C stops",
        flush=True,
    )
    try:
        await asyncio.Future()
    finally:
        await server.stop()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``wsgui-echo``."""
    parser = argparse.ArgumentParser(prog="wsgui-echo", description=__doc__)
    parser.add_argument("--port", type=port_number, default=DEFAULT_PORT, help="port on 127.0.0.1")
    args = parser.parse_args(argv)
    return run_standalone(args.port)


def run_standalone(port: int) -> int:
    """Run the server in the foreground; exit code 1 with a message if it cannot start."""
    try:
        asyncio.run(serve_forever(port))
    except KeyboardInterrupt:
        return 0
    except OSError as exc:
        print(f"wsgui-echo: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0


def port_number(text: str) -> int:
    """argparse type for a TCP port: 0 (any free port) to 65535, with a clear message."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (0-65535)")
    return port
