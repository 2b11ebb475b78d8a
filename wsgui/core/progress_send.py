"""Sending one large message while reporting how much of it has left for the network."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

__all__ = ["PROGRESS_SECONDS", "send_with_progress"]

PROGRESS_SECONDS = 0.1


async def send_with_progress(
    ws: ClientConnection, data: bytes, on_progress: Callable[[int, int], None]
) -> tuple[int, bool]:
    """Send ``data``; every 0.1 s ``on_progress(written, total)`` where written is what the
    OS has taken (the transport's buffer drains as the peer reads). Returns (bytes written,
    failed); a closed connection is a failure, an abort is not seen here (see the caller)."""
    total = len(data)
    sending = asyncio.ensure_future(ws.send(data))
    written = 0
    try:
        while not sending.done():
            await asyncio.wait({sending}, timeout=PROGRESS_SECONDS)
            written = max(0, total - ws.transport.get_write_buffer_size())
            on_progress(written, total)
        sending.result()
    except ConnectionClosed:
        return written, True
    finally:
        if not sending.done():  # cancelled while waiting: do not leave the send behind
            sending.cancel()
    return written, False
