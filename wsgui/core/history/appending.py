"""Appending rows to a session: many rows per INSERT, little Python per row, the session's
count remembered.

The journal's writer thread shares the GIL with the event loop's thread, which a flood keeps
busy. So: many rows per statement (the sqlite3 module lets other threads run while it steps
each statement, and getting the GIL back takes up to the switch interval, 5 ms: with one
statement per row the writer committed 2,000 rows during a whole 200,000-message flood), the
rows encoded a slice of 2,048 at a time (the event loop runs between slices), plain messages
in 4 values instead of 10 (rows.py), and the counters counted by SQLite.

The count is remembered because a session has one writer: the next rows' ids follow from
it without a SELECT. The UPDATE of the counters checks it (``AND entries = ?``), and a
clash of ids fails the INSERT, so a count that is wrong (another store appended) is noticed,
the transaction rolled back, and the append tried again with the stored count.

Captured frames (frames.py) are appended the same way, in the same transaction as the
entries the journal writes with them, their count in ``sessions.frames``.

The journal's flush appends to many sessions at once (a load run has a thousand, each with
a few rows): ``append_many``, in one transaction for all of them. A transaction per session
(and one more to close it) cost the writer ~290 µs of each of a thousand sessions with ten
rows each (BEGIN, three INSERTs, the UPDATE, COMMIT writing its pages to the WAL); in one
transaction ~95 µs (encoding the rows ~30, inserting them ~30, the counters' UPDATE ~15).
There the counts are read first, inside the transaction (the write lock is held, so they
are the stored ones): a session that was deleted is left out alone, the rows of all the
others go into the same INSERTs, their counters into one ``executemany`` of the UPDATE.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from wsgui.core.history.errors import HistoryError, MissingSessionError
from wsgui.core.history.frames import FRAME_INSERT, FRAME_VALUES, encode_frames
from wsgui.core.history.rows import (
    COLUMNS,
    INDEX_BITS,
    PLAIN_COLUMNS,
    PLAIN_SELECT,
    Value,
    encode_rows,
    entry_id,
)
from wsgui.core.model.entries import LogEntry, Row
from wsgui.core.model.frames import RawFrame

__all__ = ["MAX_ENTRIES", "Appender", "Appending", "StaleCountError"]

MAX_ENTRIES = 2**INDEX_BITS
MAX_GROUP = 2048  # full rows per INSERT at most (fewer where SQLite allows fewer values)
_FULL_INSERT = "INSERT INTO entries VALUES {values}"
_PLAIN_INSERT = (
    "INSERT INTO entries (id, direction, kind, form, payload, size, time) " + PLAIN_SELECT
)
# The counters, counted by SQLite over the rows just inserted (no Python loop).
_MESSAGES = "SELECT {what} FROM entries WHERE id BETWEEN ? AND ? AND kind < 2"
_COUNT = (
    "UPDATE sessions SET entries = entries + ?, "
    f"sent = sent + ({_MESSAGES.format(what='count(*)')} AND direction = 0), "
    f"received = received + ({_MESSAGES.format(what='count(*)')} AND direction = 1), "
    f"bytes = bytes + ({_MESSAGES.format(what='coalesce(sum(size), 0)')}) "
    "WHERE id = ? AND entries = ?"
)
_COUNT_FRAMES = "UPDATE sessions SET frames = frames + ? WHERE id = ? AND frames = ?"
_END = "UPDATE sessions SET state = 'closed', ended = ?, close_code = ? WHERE id = ?"
_STORED = "SELECT id, entries, frames FROM sessions WHERE id IN ({ids})"


class Appending(NamedTuple):
    """One session's part of ``Appender.append_many``: entries and frames to add at its end,
    and ``ended`` (close code, time) to close it after them."""

    session_id: int
    entries: Sequence[LogEntry | Row] = ()
    frames: Sequence[RawFrame] = ()
    ended: tuple[int | None, float] | None = None


class StaleCountError(Exception):
    """The count remembered for a session is not the stored one."""


class Appender:
    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self._db = db
        self._path = path
        self._counts: dict[int, int] = {}  # sessions appended to -> their count
        self._frames: dict[int, int] = {}  # sessions appended frames to -> their frames
        self._inserts: dict[tuple[str, int], str] = {}  # (statement, rows) -> its SQL
        limit = db.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // COLUMNS
        self._group = 1 << (min(MAX_GROUP, limit).bit_length() - 1)  # a power of two

    def begun(self, session_id: int) -> None:
        """A session this store has just made: its count is 0."""
        self._counts[session_id] = 0

    def forget(self, session_id: int) -> None:
        self._counts.pop(session_id, None)
        self._frames.pop(session_id, None)

    def append(self, session_id: int, entries: Sequence[LogEntry | Row]) -> int:
        """Insert ``entries`` inside the caller's transaction; the session's new count.
        Raises StaleCountError (roll back, try again), MissingSessionError, HistoryError."""
        db = self._db
        count = self._counts.get(session_id)
        if count is None:
            count = self._stored_count(session_id, "entries")
        if count + len(entries) > MAX_ENTRIES:
            raise HistoryError(f"Session {session_id} is full ({MAX_ENTRIES:,} entries)")
        first = entry_id(session_id, count)
        step = self._group  # encoded a slice at a time: the event loop's thread runs between
        for start in range(0, len(entries), step):
            batch = encode_rows(first + start, entries[start : start + step])
            try:
                self._insert(_PLAIN_INSERT, PLAIN_COLUMNS, batch.plain)
                self._insert(_FULL_INSERT, COLUMNS, batch.full)
            except StaleCountError:
                self.forget(session_id)
                raise
            if batch.chunks:
                db.executemany("INSERT INTO chunks VALUES (?, ?, ?)", batch.chunks)
        last = first + len(entries) - 1
        updated = db.execute(
            _COUNT, (len(entries), first, last, first, last, first, last, session_id, count)
        )
        if updated.rowcount != 1:
            self.forget(session_id)
            raise StaleCountError
        self._counts[session_id] = count + len(entries)
        return count + len(entries)

    def append_frames(self, session_id: int, frames: list[RawFrame]) -> int:
        """Insert captured ``frames`` inside the caller's transaction; the session's frames
        after it. Raises as ``append`` does."""
        db = self._db
        count = self._frames.get(session_id)
        if count is None:
            count = self._stored_count(session_id, "frames")
        if count + len(frames) > MAX_ENTRIES:
            raise HistoryError(f"Session {session_id} is full ({MAX_ENTRIES:,} frames)")
        first = entry_id(session_id, count)
        step = self._group
        for start in range(0, len(frames), step):
            values = encode_frames(first + start, frames[start : start + step])
            try:
                self._insert(FRAME_INSERT, FRAME_VALUES, values)
            except StaleCountError:
                self.forget(session_id)
                raise
        if db.execute(_COUNT_FRAMES, (len(frames), session_id, count)).rowcount != 1:
            self.forget(session_id)
            raise StaleCountError
        self._frames[session_id] = count + len(frames)
        return count + len(frames)

    def append_many(self, parts: Sequence[Appending]) -> list[int | None]:
        """Append each part (each session once at most) inside the caller's transaction, the
        rows of all in the same INSERTs, and close the sessions that end after their rows;
        each session's count after it, None for a session the store does not have (its part
        is left out, the others are written). Raises StaleCountError, HistoryError."""
        stored = self._stored([part.session_id for part in parts])
        plain: list[Value] = []
        full: list[Value] = []
        frame_values: list[Value] = []
        chunks: list[tuple[int, int, bytes]] = []
        counters: list[tuple[int, ...]] = []
        frame_counters: list[tuple[int, int, int]] = []
        ends: list[tuple[float, int | None, int]] = []
        counts: list[int | None] = []
        step = self._group
        for session_id, entries, frames, ended in parts:
            if session_id not in stored:
                counts.append(None)
                continue
            count, frame_count = stored[session_id]
            if count + len(entries) > MAX_ENTRIES:
                raise HistoryError(f"Session {session_id} is full ({MAX_ENTRIES:,} entries)")
            if frame_count + len(frames) > MAX_ENTRIES:
                raise HistoryError(f"Session {session_id} is full ({MAX_ENTRIES:,} frames)")
            first = entry_id(session_id, count)
            for start in range(0, len(entries), step):  # the event loop's thread runs between
                batch = encode_rows(first + start, entries[start : start + step])
                plain += batch.plain
                full += batch.full
                chunks += batch.chunks
                self._insert(_PLAIN_INSERT, PLAIN_COLUMNS, plain, whole=True)
                self._insert(_FULL_INSERT, COLUMNS, full, whole=True)
            if entries:
                last = first + len(entries) - 1
                counters.append(
                    (len(entries), first, last, first, last, first, last, session_id, count)
                )
            if frames:
                frame_values += encode_frames(entry_id(session_id, frame_count), frames)
                self._insert(FRAME_INSERT, FRAME_VALUES, frame_values, whole=True)
                frame_counters.append((len(frames), session_id, frame_count))
            if ended is not None:
                ends.append((ended[1], ended[0], session_id))
            counts.append(count + len(entries))
        self._insert(_PLAIN_INSERT, PLAIN_COLUMNS, plain)
        self._insert(_FULL_INSERT, COLUMNS, full)
        self._insert(FRAME_INSERT, FRAME_VALUES, frame_values)
        db = self._db
        if chunks:
            db.executemany("INSERT INTO chunks VALUES (?, ?, ?)", chunks)
        if db.executemany(_COUNT, counters).rowcount != len(counters) or (
            db.executemany(_COUNT_FRAMES, frame_counters).rowcount != len(frame_counters)
        ):  # not after reading the counts in this transaction, unless SQLite misbehaves
            raise StaleCountError
        db.executemany(_END, ends)
        for (session_id, _, frames, _), after in zip(parts, counts, strict=True):
            if after is not None:
                self._counts[session_id] = after
                self._frames[session_id] = stored[session_id][1] + len(frames)
        return counts

    def _stored(self, ids: list[int]) -> dict[int, tuple[int, int]]:
        """The sessions of ``ids`` that the store has -> their entries and frames counts."""
        found: dict[int, tuple[int, int]] = {}
        position = 0
        for take in _groups(len(ids), 512):
            sql = self._inserts.get((_STORED, take))
            if sql is None:
                sql = self._inserts[_STORED, take] = _STORED.format(ids=",".join("?" * take))
            for ident, entries, frames in self._db.execute(sql, ids[position : position + take]):
                found[ident] = (entries, frames)
            position += take
        return found

    def _insert(
        self, statement: str, columns: int, values: list[Value], *, whole: bool = False
    ) -> None:
        """Insert the rows of ``values`` and take them out of it: full groups, then the rest
        in groups of falling powers of two (a dozen statement shapes at most, all in
        sqlite3's statement cache); ``whole``: full groups only, the rest left in ``values``.
        A clash of ids (a count that was not the stored one) raises StaleCountError."""
        position, count = 0, len(values) // columns
        group = self._group * COLUMNS // columns
        if whole:
            count -= count % group
        try:
            for take in _groups(count, group):
                sql = self._inserts.get((statement, take))
                if sql is None:
                    row = f"({', '.join('?' * columns)})"
                    sql = self._inserts[statement, take] = statement.format(
                        values=",".join([row] * take)
                    )
                end = position + take * columns
                self._db.execute(sql, values[position:end])
                position = end
        except sqlite3.IntegrityError:
            raise StaleCountError from None
        finally:
            del values[:position]

    def _stored_count(self, session_id: int, column: str) -> int:
        """The session's ``entries`` or ``frames`` count as the store has it (not cached yet).
        Raises MissingSessionError for a session the store no longer has."""
        row = self._db.execute(
            f"SELECT {column} FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()
        if row is None:
            raise MissingSessionError(
                f"Session {session_id} is not in the history store {self._path} (deleted?)"
            )
        return int(row[0])


def _groups(count: int, group: int) -> Iterator[int]:
    """``count`` split in ``group``s, the rest in falling powers of two."""
    while count:
        take = group if count >= group else 1 << (count.bit_length() - 1)
        yield take
        count -= take
