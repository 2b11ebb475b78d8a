"""Message and byte rates over the last minute, from the log's running totals."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

__all__ = ["Rate", "RateMeter"]


@dataclass(frozen=True)
class Rate:
    messages_per_s: float
    bytes_per_s: float


class RateMeter:
    """Fed once a second with the totals (both directions); keeps a minute of rates."""

    def __init__(self, window: int = 60) -> None:
        self.history: deque[Rate] = deque(maxlen=window)
        self._last: tuple[float, int, int] | None = None

    def sample(self, now: float, messages: int, size: int) -> Rate:
        """The rate since the previous sample (zero for the first one, or after a reset)."""
        rate = Rate(0.0, 0.0)
        if self._last is not None:
            then, last_messages, last_size = self._last
            elapsed = now - then
            if elapsed > 0 and messages >= last_messages:
                rate = Rate((messages - last_messages) / elapsed, (size - last_size) / elapsed)
        self._last = (now, messages, size)
        self.history.append(rate)
        return rate

    def peak(self) -> float:
        return max((r.messages_per_s for r in self.history), default=0.0)
