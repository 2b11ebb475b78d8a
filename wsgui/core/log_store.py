"""The append-only list of log entries behind the message log, with running totals."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from wsgui.core.entries import Direction, LogEntry


class LogStore:
    """Holds every entry in arrival order; the Qt model is a view onto it.

    Appends come in batches (the UI flushes every few tens of milliseconds), so ``extend``
    is the hot path and keeps the per-direction counters up to date.
    """

    def __init__(self) -> None:
        self._entries: list[LogEntry] = []
        self.messages = {Direction.SENT: 0, Direction.RECEIVED: 0}
        self.bytes = {Direction.SENT: 0, Direction.RECEIVED: 0}

    def __len__(self) -> int:
        return len(self._entries)

    def __getitem__(self, row: int) -> LogEntry:
        return self._entries[row]

    def __iter__(self) -> Iterator[LogEntry]:
        return iter(self._entries)

    def extend(self, batch: Iterable[LogEntry]) -> None:
        """Append a batch of entries and count the messages among them."""
        start = len(self._entries)
        self._entries.extend(batch)
        messages, sizes = self.messages, self.bytes
        for entry in itertools.islice(self._entries, start, None):
            direction = entry.direction
            if direction is not Direction.EVENT:
                messages[direction] += 1
                sizes[direction] += entry.size

    def clear(self) -> None:
        """Forget every entry and reset the counters."""
        self._entries.clear()
        for direction in self.messages:
            self.messages[direction] = 0
            self.bytes[direction] = 0
