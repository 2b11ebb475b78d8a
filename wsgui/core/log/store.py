"""The entries behind the message log, with running totals and a retention cap.

When the cap is reached the oldest entries are dropped in chunks (a tenth of the cap at a
time), so that the view sees one removal per chunk instead of one per message; how many were
dropped is counted and shown.

Entries are kept as plain tuples of atoms (direction and kind as their str values): Python's
garbage collector stops tracking such tuples, whereas a million named tuples holding enum
members are scanned by every full collection, which paused the window for tens of
milliseconds during floods (bench/ingest.py); the row format is in entries (Row).
``store[row]`` gives a LogEntry back.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence

from wsgui.core.model.entries import (
    BINARY,
    RECEIVED,
    TEXT,
    Direction,
    Kind,
    LogEntry,
    Row,
    as_entry,
    as_row,
)

DEFAULT_CAP = 1_000_000


class LogStore:
    """Holds entries in arrival order; the Qt model is a view onto it.

    Appends come in batches (the UI flushes every few tens of milliseconds), so
    ``extend_rows`` is the hot path and keeps the per-direction counters up to date. The
    counters count every message seen, dropped ones included.
    """

    def __init__(self, cap: int = DEFAULT_CAP) -> None:
        self._entries: list[Row] = []
        self.messages = {Direction.SENT: 0, Direction.RECEIVED: 0}
        self.bytes = {Direction.SENT: 0, Direction.RECEIVED: 0}
        self.dropped = 0
        self.not_captured = 0  # seen while capture was paused
        self.cap = cap

    @property
    def cap(self) -> int:
        return self._cap

    @cap.setter
    def cap(self, value: int) -> None:
        if value < 1:
            raise ValueError("the retention cap must be at least 1 entry")
        self._cap = value

    @property
    def chunk(self) -> int:
        return max(1, self._cap // 10)

    @property
    def appended(self) -> int:
        """Entries ever kept, the dropped ones included: a position that does not move."""
        return self.dropped + len(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __getitem__(self, row: int) -> LogEntry:
        return as_entry(self._entries[row])

    def __iter__(self) -> Iterator[LogEntry]:
        return map(as_entry, self._entries)

    @property
    def rows(self) -> Sequence[Row]:
        """The raw rows, for scans over every entry (filters, exports): index them as a
        LogEntry (0 direction, 1 kind, 2 payload...); direction and kind are plain str."""
        return self._entries

    def snapshot(self) -> list[Row]:
        """A copy of the rows, cheap (the rows are immutable), for work off the UI thread."""
        return self._entries.copy()

    def rows_to_drop(self, incoming: int) -> int:
        """How many of the oldest entries must go before ``incoming`` more fit under the cap."""
        overflow = len(self._entries) + incoming - self._cap
        if overflow <= 0:
            return 0
        return min(len(self._entries), math.ceil(overflow / self.chunk) * self.chunk)

    def drop_oldest(self, count: int) -> None:
        del self._entries[:count]
        self.dropped += count

    def extend(self, batch: Iterable[LogEntry]) -> None:
        """Append a batch of entries (dropping the oldest first if the cap requires it)."""
        self.extend_rows([as_row(entry) for entry in batch])

    def extend_rows(self, batch: list[Row]) -> None:
        """``extend`` for entries already flattened to rows: the flood's path, where a
        received message goes from the socket to the store without a LogEntry (building
        one and flattening it cost more than half of what logging a message costs)."""
        self._count(batch)
        if len(batch) > self._cap:  # a batch bigger than the whole log keeps its newest part
            self.dropped += len(batch) - self._cap
            batch = batch[-self._cap :]
        drop = self.rows_to_drop(len(batch))
        if drop:
            self.drop_oldest(drop)
        self._entries.extend(batch)

    def nth_message(self, position: int, direction: Direction, number: int) -> int:
        """The row of the ``number``-th message (1-based) in ``direction`` logged after
        ``position`` entries had ever been appended; LookupError says why there is none."""
        start = position - self.dropped
        if start < 0:
            raise LookupError("that connection's messages were dropped by the retention cap")
        seen = 0
        kinds = (Kind.TEXT, Kind.BINARY)
        entries = self._entries
        for row in range(start, len(entries)):
            entry = entries[row]
            if entry[0] == direction and entry[1] in kinds:
                seen += 1
                if seen == number:
                    return row
        raise LookupError("that message is not in the log (yet)")

    def count_only(self, row: Row) -> None:
        """Count a message without keeping it (capture paused)."""
        self._count([row])
        self.not_captured += 1

    def clear(self) -> None:
        """Forget every entry and reset the counters."""
        self._entries.clear()
        self.dropped = 0
        self.not_captured = 0
        for direction in self.messages:
            self.messages[direction] = 0
            self.bytes[direction] = 0

    def _count(self, batch: list[Row]) -> None:
        sent = sent_bytes = received = received_bytes = 0
        for row in batch:
            if row[1] in (TEXT, BINARY):
                if row[0] == RECEIVED:
                    received += 1
                    received_bytes += row[3]
                else:
                    sent += 1
                    sent_bytes += row[3]
        self.messages[Direction.RECEIVED] += received
        self.bytes[Direction.RECEIVED] += received_bytes
        self.messages[Direction.SENT] += sent
        self.bytes[Direction.SENT] += sent_bytes
