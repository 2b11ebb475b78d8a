"""Waiting for a received message that matches a pattern (the on-connect sequence's waits)."""

from __future__ import annotations

import asyncio
import re

__all__ = ["Replies"]


class Replies:
    """Futures set by the session's reader when a received message matches their pattern.

    ``pending`` is the list the reader tests once per message (empty almost always)."""

    def __init__(self) -> None:
        self.pending: list[tuple[re.Pattern[str], asyncio.Future[str]]] = []

    def expect(self, pattern: re.Pattern[str]) -> asyncio.Future[str]:
        future: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        entry = (pattern, future)
        self.pending.append(entry)
        future.add_done_callback(lambda _f: self.pending.remove(entry))
        return future

    def wake(self, message: str | bytes) -> None:
        """Resolve the waiters ``message`` matches (binary messages are read as UTF-8)."""
        text = message if isinstance(message, str) else message.decode("utf-8", "replace")
        for pattern, future in list(self.pending):
            if not future.done() and pattern.search(text):
                future.set_result(text)

    def fail_all(self) -> None:
        """The connection closed: no reply can come any more."""
        for _, future in list(self.pending):
            if not future.done():
                future.set_exception(ConnectionError("the connection closed"))
