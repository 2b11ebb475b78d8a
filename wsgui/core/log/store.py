"""The entries behind the message log, with running totals and a retention cap.

When the cap is reached the oldest entries are dropped in chunks (a tenth of the cap at a
time), so that the view sees one removal per chunk instead of one per message; how many were
dropped is counted and shown.

Entries are kept as plain tuples of atoms (direction and kind as their str values): Python's
garbage collector stops tracking such tuples, whereas a million named tuples holding enum
members are scanned by every full collection, which paused the window for tens of
milliseconds during floods (bench/ingest.py); the row format is in entries (Row).
``store[row]`` gives a LogEntry back.

A store whose rows are journaled (``record_into``) keeps only the newest HOT_ROWS of them in
memory: older ones move to disk once the journal has committed them (``spill``), where they
are read back by page (paging.py). Their row numbers do not change, so the view is not told;
the retention cap then only applies to rows that cannot move (not journaled, or not yet
committed).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Protocol

from wsgui.core.log.paging import DiskRows, JoinedRows, RowSource
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
HOT_ROWS = 100_000  # journaled rows kept in memory (about 30 MB of 100 B messages)
LOOSE_ROWS = 1_000  # rows of no session (events between connections) that may move too


class Recorder(Protocol):
    """Where a connection's rows are journaled (core.history's SessionJournal): ``id`` its
    session (0 until the journal has made it: rows queue before that), ``committed`` how
    many of its entries are on disk, ``source`` to read them."""

    @property
    def id(self) -> int: ...

    @property
    def committed(self) -> int: ...

    @property
    def journaled(self) -> bool: ...

    @property
    def source(self) -> RowSource | None: ...

    @property
    def extend(self) -> Callable[[list[Row]], None]: ...


class _Run:
    """Rows in memory from one recorder (None: not journaled), from log row ``start``,
    which are entries ``first``... of its session."""

    __slots__ = ("first", "recorder", "start")

    def __init__(self, start: int, recorder: Recorder | None, first: int) -> None:
        self.start, self.recorder, self.first = start, recorder, first


class LogStore:
    """Holds entries in arrival order; the Qt model is a view onto it.

    Appends come in batches (the UI flushes every few tens of milliseconds), so
    ``extend_rows`` is the hot path and keeps the per-direction counters up to date. The
    counters count every message seen, dropped ones included.
    """

    def __init__(self, cap: int = DEFAULT_CAP, hot_rows: int = HOT_ROWS) -> None:
        self._entries: list[Row] = []  # the rows in memory: the newest ones
        self._disk: DiskRows | None = None  # the older rows, once some moved to disk
        self._runs = [_Run(0, None, 0)]  # which recorder each stretch of _entries went to
        self._recorder: Recorder | None = None
        self._recorded = 0  # entries given to the recorder so far (its next index)
        self.hot_rows = hot_rows
        self.messages = {Direction.SENT: 0, Direction.RECEIVED: 0}
        self.bytes = {Direction.SENT: 0, Direction.RECEIVED: 0}
        self.dropped = 0
        self.not_captured = 0  # seen while capture was paused
        self.cap = cap

    @classmethod
    def of_session(
        cls, source: RowSource, session_id: int, count: int, sent: int = 0, received: int = 0
    ) -> LogStore:
        """A store showing a journaled session's ``count`` entries, all read from disk when
        shown (opening a session of millions of entries reads one screen of them); ``sent``
        and ``received``: its message counts, as the store has them."""
        store = cls()
        store._disk = DiskRows(source)
        store._disk.add_session(session_id, 0, count)
        store.messages[Direction.SENT], store.messages[Direction.RECEIVED] = sent, received
        return store

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
        return self.dropped + len(self)

    @property
    def on_disk(self) -> int:
        """Rows read back from disk (not held in memory)."""
        return len(self._disk) if self._disk is not None else 0

    def __len__(self) -> int:
        return self.on_disk + len(self._entries)

    def __getitem__(self, row: int) -> LogEntry:
        on_disk = self.on_disk
        if on_disk and 0 <= row < on_disk:
            assert self._disk is not None
            return as_entry(self._disk[row])
        return as_entry(self._entries[row - on_disk if row >= 0 else row])

    def __iter__(self) -> Iterator[LogEntry]:
        return map(as_entry, self.rows)

    @property
    def rows(self) -> Sequence[Row]:
        """The raw rows, for scans over every entry (filters, exports): index them as a
        LogEntry (0 direction, 1 kind, 2 payload...); direction and kind are plain str.
        The list itself while every row is in memory; once some are on disk, a sequence
        reading them back by page."""
        if not self.on_disk:
            return self._entries
        assert self._disk is not None
        return JoinedRows(self._disk, self._entries)

    def snapshot(self) -> Sequence[Row]:
        """A copy of the rows, cheap (the rows are immutable), for work off the UI thread."""
        if not self.on_disk:
            return self._entries.copy()
        assert self._disk is not None
        return JoinedRows(self._disk.copy(), self._entries.copy())

    # --- journaling ------------------------------------------------------------------------
    def record_into(self, recorder: Recorder | None) -> None:
        """Rows appended from now on are journaled by ``recorder`` (None: not journaled):
        entries 0, 1, ... of its session, in the order they are appended."""
        self._recorder = recorder if recorder is not None and recorder.journaled else None
        self._recorded = 0
        if self._runs[-1].start == len(self):  # the last run holds no row: replace it
            self._runs.pop()
        self._runs.append(_Run(len(self), self._recorder, 0))

    def spill(self) -> int:
        """Move the oldest rows in memory to disk, down to ``hot_rows`` in memory, as far as
        the journal has committed them; how many moved. Rows of no session move only in short
        stretches (events between connections): a long one (a private tab's flood) stays,
        under the retention cap."""
        excess = len(self._entries) - self.hot_rows
        if len(self._entries) < self.hot_rows * 3 // 2 or excess <= 0:  # move in bulk
            return 0
        source = self._disk.source if self._disk is not None else self._any_source()
        if source is None:
            return 0
        if self._disk is None:
            self._disk = DiskRows(source)
        disk, runs, total, moved = self._disk, self._runs, len(self), 0
        while moved < excess:
            run = runs[0]
            stop = runs[1].start if len(runs) > 1 else total
            available = stop - run.start
            want = min(available, excess - moved)
            recorder = run.recorder
            if recorder is None:
                take = available if available <= LOOSE_ROWS else 0
                disk.add_rows(self._entries[moved : moved + take])
            elif recorder.journaled and recorder.id:  # its session made in the store
                take = max(0, min(want, recorder.committed - run.first))
                disk.add_session(recorder.id, run.first, take)
            else:  # not journaled, or its session not made yet (nothing committed)
                take = 0
            moved += take
            run.start += take
            run.first += take
            if take == available and len(runs) > 1:
                del runs[0]
            elif take < want or not take:
                break
        del self._entries[:moved]
        return moved

    def _any_source(self) -> RowSource | None:
        for run in self._runs:
            if run.recorder is not None and run.recorder.source is not None:
                return run.recorder.source
        return None

    # --- appending and dropping ------------------------------------------------------------
    def rows_to_drop(self, incoming: int) -> int:
        """How many of the oldest entries must go before ``incoming`` more fit under the cap
        (rows on disk are older than any in memory: they go first)."""
        overflow = len(self._entries) + incoming - self._cap
        if overflow <= 0:
            return 0
        return min(len(self), self.on_disk + math.ceil(overflow / self.chunk) * self.chunk)

    def drop_oldest(self, count: int) -> None:
        count = min(count, len(self))
        from_disk = min(count, self.on_disk)
        if from_disk:
            assert self._disk is not None
            self._disk.drop_front(from_disk)
        from_memory = count - from_disk
        del self._entries[:from_memory]
        self.dropped += count
        self._shift_runs(count)

    def _shift_runs(self, count: int) -> None:
        """Log rows moved up by ``count`` (the oldest dropped): where each run starts."""
        runs = self._runs
        for run in runs:
            run.start -= count
        while len(runs) > 1 and runs[1].start <= self.on_disk:
            runs.pop(0)
        if runs and runs[0].start < self.on_disk:
            runs[0].first += self.on_disk - runs[0].start
            runs[0].start = self.on_disk

    def extend(self, batch: Iterable[LogEntry]) -> None:
        """Append a batch of entries (dropping the oldest first if the cap requires it)."""
        self.extend_rows([as_row(entry) for entry in batch])

    def extend_rows(self, batch: list[Row]) -> None:
        """``extend`` for entries already flattened to rows: the flood's path, where a
        received message goes from the socket to the store without a LogEntry (building
        one and flattening it cost more than half of what logging a message costs)."""
        self._count(batch)
        recorder = self._recorder
        if recorder is not None:
            recorder.extend(batch)  # one call per batch: the journal's deque.extend
            self._recorded += len(batch)
        if len(batch) > self._cap:  # a batch bigger than the whole log keeps its newest part
            skipped = len(batch) - self._cap
            self.dropped += skipped
            batch = batch[-self._cap :]
            self.drop_oldest(len(self))
            self._runs = [_Run(0, recorder, self._recorded - len(batch))]
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
        rows = self.rows
        scan = rows.iter_from(start) if isinstance(rows, JoinedRows) else iter(rows[start:])
        for row, entry in enumerate(scan, start):
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
        """Forget every entry and reset the counters (a journal keeps its rows: the next
        ones continue its session)."""
        self._entries.clear()
        if self._disk is not None:
            self._disk.clear()
        self._runs = [_Run(0, self._recorder, self._recorded)]
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
