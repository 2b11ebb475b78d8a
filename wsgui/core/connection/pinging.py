"""One ping and its pong, timed by websockets, with every way it can fail put in words."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConcurrencyError, ConnectionClosed

from wsgui.core.model.payload import ping_payload_problem

__all__ = ["PingError", "ping_once"]


class PingError(Exception):
    """Why there is no round-trip time; the text is for the log."""


async def ping_once(
    ws: ClientConnection, payload: bytes, pong_wait: float, on_sent: Callable[[bytes], None]
) -> tuple[bytes, float]:
    """Send a ping (``on_sent`` gets the payload that went out), wait for its pong; return
    (payload, round-trip seconds). Raises PingError."""
    problem = ping_payload_problem(payload)
    if problem:
        raise PingError(problem)
    try:
        # An empty ping gets websockets' random 4-byte payload, so that a pong that never came
        # cannot block the next ping (the library refuses two with the same data).
        pong = await ws.ping(payload or None)
    except ConcurrencyError:
        raise PingError("Ping not sent: one with the same payload awaits its pong") from None
    except ConnectionClosed:
        raise PingError("Ping not sent: the connection closed") from None
    sent = next((data for data, (w, _t) in ws.pending_pings.items() if w is pong), payload)
    on_sent(sent)
    try:
        return sent, await asyncio.wait_for(pong, pong_wait)
    except TimeoutError:
        ws.pending_pings.pop(sent, None)  # else a ping with this payload is refused
        raise PingError(f"No pong within {pong_wait:g} s") from None
    except ConnectionClosed:
        raise PingError("No pong: the connection closed first") from None
