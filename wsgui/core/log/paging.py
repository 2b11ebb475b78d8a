"""The part of a log kept on disk: rows read back a page at a time from where they were
journaled, so a session of millions of entries costs the memory of a few pages.

A log's rows come from several places: the sessions of its connections (a tab reconnects),
and events logged between two connections, which no session holds. So the rows on disk are
*segments*: a run of one session's entries (``session``, ``first`` index, ``count``) or a
short list of rows kept in memory. Rows never change index when they move to disk: the view
sees nothing happen.

The rows come from a ``RowSource`` (the history store, injected: this room does not know
SQLite). A page is PAGE_ROWS consecutive entries of one session; the last CACHED_PAGES pages
read are kept (a screen, a selection, a scroll back and forth never read twice). A row the
source no longer has (its session deleted from History meanwhile) reads as an event saying so.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Protocol, overload

from wsgui.core.model.entries import Row

__all__ = [
    "CACHED_PAGES",
    "PAGE_ROWS",
    "DiskRows",
    "JoinedRows",
    "RowMatcher",
    "RowSource",
    "StoredSearch",
]

PAGE_ROWS = 1024
CACHED_PAGES = 64  # 64 Ki rows: about 20 MB of 100 B messages at most
_GONE: Row = (
    "event",
    "info",
    "(this entry is no longer in the history store)",
    0,
    0.0,
    "",
    None,
    None,
)


class RowMatcher(Protocol):
    """Where journaled rows are searched."""

    def matching(self, session_id: int, start: int, count: int, log_filter: object) -> list[int]:
        """Indexes (from ``start``) of those entries the LogFilter shows."""
        ...


class RowSource(RowMatcher, Protocol):
    """Where journaled rows are read back (core.history's SessionReader)."""

    def rows(self, session_id: int, start: int, count: int) -> list[Row]:
        """Entries ``start`` .. ``start + count`` of the session as rows (fewer if gone)."""
        ...

    def searching(self) -> AbstractContextManager[RowMatcher]:
        """The same rows through a connection of its own, for a search in another thread
        (a long query there never holds up the pages the view reads)."""
        ...


class StoredSearch:
    """The session segments of a log to search, each (row of its first entry, session,
    first index, count)."""

    def __init__(self, parts: list[tuple[int, int, int, int]]) -> None:
        self.parts = parts

    def __bool__(self) -> bool:
        return bool(self.parts)

    def run(self, source: RowMatcher, log_filter: object) -> list[int]:
        """The log rows of those segments that the LogFilter shows, in order."""
        found: list[int] = []
        for row, session, first, count in self.parts:
            found += [row + hit for hit in source.matching(session, first, count, log_filter)]
        return found


class _Segment:
    __slots__ = ("count", "first", "rows", "session")

    def __init__(self, session: int, first: int, count: int, rows: list[Row] | None) -> None:
        self.session, self.first, self.count, self.rows = session, first, count, rows


class DiskRows(Sequence[Row]):
    """The oldest rows of a log, in order: read from ``source`` by page."""

    def __init__(self, source: RowSource, cached_pages: int = CACHED_PAGES) -> None:
        self.source = source
        self._segments: list[_Segment] = []
        self._starts: list[int] = []  # the first row of each segment
        self._length = 0
        self._pages: OrderedDict[tuple[int, int], list[Row]] = OrderedDict()
        self._cached = cached_pages

    def __len__(self) -> int:
        return self._length

    def add_session(self, session: int, first: int, count: int) -> None:
        """Entries ``first`` .. ``first + count`` of ``session`` follow (joined to the last
        segment when they continue it)."""
        if count <= 0:
            return
        last = self._segments[-1] if self._segments else None
        if (
            last is not None
            and last.rows is None
            and last.session == session
            and last.first + last.count == first
        ):
            last.count += count
            self._length += count
            return
        self._append(_Segment(session, first, count, None))

    def add_rows(self, rows: list[Row]) -> None:
        """Rows no session holds (events between two connections): kept as they are."""
        if rows:
            self._append(_Segment(0, 0, len(rows), list(rows)))

    def drop_front(self, count: int) -> None:
        """Forget the oldest ``count`` rows (the log's retention cap, once RAM is full)."""
        count = min(count, self._length)
        while count:
            head = self._segments[0]
            if head.count <= count:
                del self._segments[0]
                count -= head.count
                self._length -= head.count
                continue
            head.first += count
            head.count -= count
            if head.rows is not None:
                del head.rows[:count]
            self._length -= count
            count = 0
        self._restart()

    def clear(self) -> None:
        self._segments.clear()
        self._starts.clear()
        self._length = 0
        self._pages.clear()

    def copy(self) -> DiskRows:
        """The same rows, for a reader in another thread (the source must allow that)."""
        twin = DiskRows(self.source, self._cached)
        for segment in self._segments:
            rows = None if segment.rows is None else list(segment.rows)
            twin._append(_Segment(segment.session, segment.first, segment.count, rows))
        return twin

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._length)
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            return list(self.iter_range(start, stop))
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("log row out of range")
        position = bisect_right(self._starts, index) - 1
        segment = self._segments[position]
        offset = index - self._starts[position]
        if segment.rows is not None:
            return segment.rows[offset]
        entry = segment.first + offset
        page = self._page(segment.session, entry // PAGE_ROWS)
        at = entry % PAGE_ROWS
        return page[at] if at < len(page) else _GONE

    def __iter__(self) -> Iterator[Row]:
        return self.iter_range(0, self._length)

    def iter_range(self, start: int, stop: int) -> Iterator[Row]:
        """Rows ``start`` .. ``stop`` read a page at a time, without filling the cache (a
        scan over millions of rows would push out the pages on screen)."""
        if start >= stop:
            return
        position = bisect_right(self._starts, start) - 1
        while start < stop and position < len(self._segments):
            segment, first = self._segments[position], self._starts[position]
            begin, end = start - first, min(stop - first, segment.count)
            if segment.rows is not None:
                yield from segment.rows[begin:end]
            else:
                for at in range(begin, end, PAGE_ROWS):
                    want = min(PAGE_ROWS, end - at)
                    rows = self.source.rows(segment.session, segment.first + at, want)
                    yield from rows
                    if len(rows) < want:
                        yield from [_GONE] * (want - len(rows))
            start = first + segment.count
            position += 1

    def search_plan(self, predicate: Callable[[Row], bool]) -> tuple[list[int], StoredSearch]:
        """A filter's search split in two: the rows of the segments in memory that
        ``predicate`` shows (found now), and the session segments to ask a source about
        (``StoredSearch.run``, which may run in another thread with a source of its own: it
        holds no reference to this object, whose segments change as the log grows)."""
        found: list[int] = []
        parts: list[tuple[int, int, int, int]] = []
        for segment, first in zip(self._segments, self._starts, strict=True):
            if segment.rows is None:
                parts.append((first, segment.session, segment.first, segment.count))
            else:
                found += [first + i for i, row in enumerate(segment.rows) if predicate(row)]
        return found, StoredSearch(parts)

    def _append(self, segment: _Segment) -> None:
        self._segments.append(segment)
        self._starts.append(self._length)
        self._length += segment.count

    def _restart(self) -> None:
        self._starts, total = [], 0
        for segment in self._segments:
            self._starts.append(total)
            total += segment.count

    def _page(self, session: int, number: int) -> list[Row]:
        key = (session, number)
        page = self._pages.get(key)
        if page is not None:
            self._pages.move_to_end(key)
            return page
        page = self.source.rows(session, number * PAGE_ROWS, PAGE_ROWS)
        self._pages[key] = page
        if len(self._pages) > self._cached:
            self._pages.popitem(last=False)
        return page


class JoinedRows(Sequence[Row]):
    """The rows on disk followed by the rows in memory: the whole log, as one sequence."""

    def __init__(self, disk: DiskRows, memory: list[Row]) -> None:
        self.disk, self.memory = disk, memory

    def __len__(self) -> int:
        return len(self.disk) + len(self.memory)

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        on_disk = len(self.disk)
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            if start >= on_disk:
                return self.memory[start - on_disk : stop - on_disk]
            return [
                *self.disk.iter_range(start, min(stop, on_disk)),
                *self.memory[: max(0, stop - on_disk)],
            ]
        if index < 0:
            index += len(self)
        if index < on_disk:
            if index < 0:
                raise IndexError("log row out of range")
            return self.disk[index]
        return self.memory[index - on_disk]

    def __iter__(self) -> Iterator[Row]:
        yield from self.disk
        yield from self.memory

    def iter_from(self, start: int) -> Iterator[Row]:
        on_disk = len(self.disk)
        if start < on_disk:
            yield from self.disk.iter_range(start, on_disk)
            start = on_disk
        yield from self.memory[start - on_disk :]
