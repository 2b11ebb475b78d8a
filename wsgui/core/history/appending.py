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
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

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

__all__ = ["MAX_ENTRIES", "Appender", "StaleCountError"]

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
            except sqlite3.IntegrityError:
                self.forget(session_id)
                raise StaleCountError from None
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
            except sqlite3.IntegrityError:
                self.forget(session_id)
                raise StaleCountError from None
        if db.execute(_COUNT_FRAMES, (len(frames), session_id, count)).rowcount != 1:
            self.forget(session_id)
            raise StaleCountError
        self._frames[session_id] = count + len(frames)
        return count + len(frames)

    def _insert(self, statement: str, columns: int, values: list[Value]) -> None:
        """The rows of ``values``: full groups, then the rest in groups of falling powers of
        two (a dozen statement shapes at most, all in sqlite3's statement cache)."""
        position, count = 0, len(values) // columns
        group = self._group * COLUMNS // columns
        while count:
            take = group if count >= group else 1 << (count.bit_length() - 1)
            sql = self._inserts.get((statement, take))
            if sql is None:
                row = f"({', '.join('?' * columns)})"
                sql = self._inserts[statement, take] = statement.format(
                    values=",".join([row] * take)
                )
            end = position + take * columns
            self._db.execute(sql, values[position:end])
            position, count = end, count - take

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
