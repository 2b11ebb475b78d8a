"""Repeat send: one message every N ms, K times or until stopped."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

__all__ = ["repeat_send"]


async def repeat_send(
    send: Callable[[], Awaitable[bool]],
    every: float,
    times: int,
    on_sent: Callable[[int], None],
) -> int:
    """Call ``send`` every ``every`` seconds, ``times`` times (0: until cancelled); stop early
    when a send fails (the connection closed). Ticks are planned from the start, so a slow
    send does not make the series drift. Returns how many were sent."""
    loop = asyncio.get_running_loop()
    start, sent = loop.time(), 0
    while not times or sent < times:
        if not await send():
            break
        sent += 1
        on_sent(sent)
        if times and sent >= times:
            break
        await asyncio.sleep(max(0.0, start + sent * every - loop.time()))
    return sent
