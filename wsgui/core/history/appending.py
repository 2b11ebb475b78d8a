"""Appending rows to a session: many rows per INSERT, the session's count remembered.

Many rows per statement because of the GIL: the sqlite3 module lets other threads run while
it steps each statement, and getting the GIL back takes up to the switch interval (5 ms)
while the event loop's thread is busy with a flood. With one statement per row, the journal's
writer committed 2,000 rows during a whole 200,000-message flood (bench/history_ingest.py);
with up to 2,048 rows per statement it keeps up.

The count is remembered because a session has one writer: the next rows' ids follow from
it without a SELECT. The UPDATE of the counters checks it (``AND entries = ?``), and a
clash of ids fails the INSERT, so a count that is wrong (another store appended) is noticed,
the transaction rolled back, and the append tried again with the stored count.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from wsgui.core.history.errors import HistoryError, MissingSessionError
from wsgui.core.history.rows import COLUMNS, INDEX_BITS, Value, encode_rows, entry_id
from wsgui.core.model.entries import LogEntry, Row

__all__ = ["MAX_ENTRIES", "Appender", "StaleCountError"]

MAX_ENTRIES = 2**INDEX_BITS
MAX_GROUP = 2048  # rows per INSERT at most (fewer where SQLite allows fewer values)


class StaleCountError(Exception):
    """The count remembered for a session is not the stored one."""


class Appender:
    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self._db = db
        self._path = path
        self._counts: dict[int, int] = {}  # sessions appended to -> their count
        self._inserts: dict[int, str] = {}  # rows per statement -> its SQL
        limit = db.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // COLUMNS
        self._group = 1 << (min(MAX_GROUP, limit).bit_length() - 1)  # a power of two

    def forget(self, session_id: int) -> None:
        self._counts.pop(session_id, None)

    def append(self, session_id: int, entries: Sequence[LogEntry | Row]) -> int:
        """Insert ``entries`` inside the caller's transaction; the session's new count.
        Raises StaleCountError (roll back, try again), MissingSessionError, HistoryError."""
        db = self._db
        count = self._counts.get(session_id)
        if count is None:
            row = db.execute("SELECT entries FROM sessions WHERE id = ?", (session_id,)).fetchone()
            if row is None:
                raise MissingSessionError(
                    f"Session {session_id} is not in the history store {self._path} (deleted?)"
                )
            count = int(row[0])
        if count + len(entries) > MAX_ENTRIES:
            raise HistoryError(f"Session {session_id} is full ({MAX_ENTRIES:,} entries)")
        batch = encode_rows(entry_id(session_id, count), entries)
        try:
            self._insert(batch.values, len(entries))
        except sqlite3.IntegrityError:
            self.forget(session_id)
            raise StaleCountError from None
        if batch.chunks:
            db.executemany("INSERT INTO chunks VALUES (?, ?, ?)", batch.chunks)
        updated = db.execute(
            "UPDATE sessions SET entries = entries + ?, sent = sent + ?, "
            "received = received + ?, bytes = bytes + ? WHERE id = ? AND entries = ?",
            (len(entries), batch.sent, batch.received, batch.bytes, session_id, count),
        )
        if updated.rowcount != 1:
            self.forget(session_id)
            raise StaleCountError
        self._counts[session_id] = count + len(entries)
        return count + len(entries)

    def _insert(self, values: list[Value], count: int) -> None:
        """``count`` rows: full groups, then the rest in groups of falling powers of two
        (at most a dozen statement shapes, all in sqlite3's statement cache)."""
        position = 0
        while count:
            take = self._group if count >= self._group else 1 << (count.bit_length() - 1)
            sql = self._inserts.get(take)
            if sql is None:
                row = f"({', '.join('?' * COLUMNS)})"
                sql = self._inserts[take] = "INSERT INTO entries VALUES " + ",".join([row] * take)
            end = position + take * COLUMNS
            self._db.execute(sql, values[position:end])
            position, count = end, count - take
