"""The history store: every connection's log entries in one SQLite file, read back as sessions.

The file is ``$WSGUI_DATA_DIR/history.sqlite3`` when that is set (tests, portable use), else
``history.sqlite3`` in the platform's data folder (``platformdirs.user_data_dir("wsgui")``:
``~/.local/share/wsgui`` on Linux). It is in WAL mode with ``synchronous=NORMAL``: a commit
survives the process being killed (not necessarily a power cut), readers never wait for the
writer, and several processes (two windows) share the file, each write in a short
``BEGIN IMMEDIATE`` transaction. How rows are stored: rows.py; the tables: schema.py;
opening, checking and setting aside a damaged file: opening.py; searching: search.py.

One HistoryStore is one connection: use it from one thread at a time (the journal's writer
thread has its own). Secrets are masked as exports mask them: the session's URL
(``display_url``), URLs in event texts, the handshake record's secret headers (records.py).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Concatenate

from wsgui.core.history.appending import MAX_ENTRIES, Appender, Appending, StaleCountError
from wsgui.core.history.errors import HistoryError, history_error
from wsgui.core.history.frames import StoredFrame, read_frames, read_heads
from wsgui.core.history.opening import open_database
from wsgui.core.history.rows import (
    FORM_CHUNKED,
    INDEX_BITS,
    decode_as_row,
    decode_row,
    joined_chunks,
)
from wsgui.core.history.schema import SCHEMA_VERSION, fts_available
from wsgui.core.history.search import Finder, delete_from_index, index_pending
from wsgui.core.history.sessions import SESSION_COLUMNS, SessionInfo, session_info
from wsgui.core.history.writers import is_running, this_process
from wsgui.core.model.entries import LogEntry, Row
from wsgui.core.model.frames import RawFrame
from wsgui.core.model.urls import display_url

__all__ = ["SCHEMA_VERSION", "HistoryError", "HistoryStore", "SessionInfo", "default_path"]

FILE_NAME = "history.sqlite3"


def default_path() -> Path:
    """``$WSGUI_DATA_DIR/history.sqlite3``, else the platform's data folder for wsgui."""
    override = os.environ.get("WSGUI_DATA_DIR")
    if override:
        return Path(override) / FILE_NAME
    import platformdirs  # only when history is used

    return Path(platformdirs.user_data_dir("wsgui")) / FILE_NAME


class HistoryStore:
    """Sessions and their entries in the SQLite file at ``path`` (made if missing).

    ``verify`` runs SQLite's ``quick_check`` on an existing file (about 0.16 s per million
    stored messages); ``full_text`` uses the FTS5 index where sqlite3 has it (see search.py).
    A damaged file is set aside (``set_aside``, ``notice`` say where); HistoryError says what
    failed when the store cannot be used at all.
    """

    def __init__(self, path: Path, *, verify: bool = True, full_text: bool = True) -> None:
        self.path = path
        opened = open_database(path, verify=verify)
        self._db = opened.db
        self.set_aside = opened.set_aside
        self.notice = ""
        if opened.set_aside is not None:
            self.notice = (
                f"The history store {path} was damaged ({opened.why}): it was set aside as "
                f"{opened.set_aside.name} and a new store was started"
            )
        tables = {name for (name,) in self._read("SELECT name FROM sqlite_master")}
        self._has_index = "entries_fts" in tables and fts_available()
        self.full_text = full_text and self._has_index
        self._appender = Appender(self._db, path)

    # --- writing ---------------------------------------------------------------------------
    def begin_session(self, url: str, profile: str = "", started: float | None = None) -> int:
        when = time.time() if started is None else started
        (ident,) = self.begin_sessions([(url, profile, when)])
        return ident

    def begin_sessions(self, sessions: Sequence[tuple[str, str, float]]) -> list[int]:
        """New sessions (url, profile, started), in one transaction (a load run starts
        hundreds at once); their ids, in order. Their first rows are appended with no SELECT
        of their count (it is 0)."""
        pid, token = this_process()
        made: list[int] = []
        with self._transaction() as db:
            for url, profile, started in sessions:
                cursor = db.execute(
                    "INSERT INTO sessions (url, profile, started, writer_pid, writer_token) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (display_url(url), profile, started, pid, token),
                )
                assert cursor.lastrowid is not None
                made.append(cursor.lastrowid)
        for ident in made:
            self._appender.begun(ident)
        return made

    def append(
        self,
        session_id: int,
        entries: Sequence[LogEntry | Row],
        frames: list[RawFrame] | None = None,
    ) -> int:
        """Add ``entries`` (LogEntry or Row tuples) and captured ``frames`` at the session's
        end in one transaction; the session's count of entries after it.
        MissingSessionError when the session was deleted."""
        if not entries and not frames:
            return self.count(session_id)
        appender = self._appender
        for _attempt in range(2):
            try:
                with self._transaction():
                    count = appender.append(session_id, entries) if entries else None
                    if frames:
                        appender.append_frames(session_id, frames)
                    return self.count(session_id) if count is None else count
            except StaleCountError:  # another store appended to it: count again
                continue
            except BaseException:
                appender.forget(session_id)  # rolled back: the counts it remembers are not
                raise
        raise HistoryError(f"Session {session_id} of {self.path} is being written by another")

    def append_many(self, parts: Sequence[Appending]) -> list[int | None]:
        """Several sessions' entries and frames, and the end of those whose part is
        ``ended``, in one transaction (the journal's flush; appending.py); each session's
        count of entries after it, None for a session not in the store (only its part is
        left out)."""
        if not parts:
            return []
        for _attempt in range(2):
            try:
                with self._transaction():
                    return self._appender.append_many(parts)
            except BaseException as exc:
                for part in parts:  # rolled back: the counts it remembers are not
                    self._appender.forget(part.session_id)
                if not isinstance(exc, StaleCountError):
                    raise
        raise HistoryError(f"Sessions of {self.path} are being written by another")

    def end_session(
        self, session_id: int, *, close_code: int | None = None, ended: float | None = None
    ) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE sessions SET state = 'closed', ended = ?, close_code = ? WHERE id = ?",
                (time.time() if ended is None else ended, close_code, session_id),
            )

    def mark_interrupted(self) -> list[int]:
        """Sessions left "open" by a process that no longer runs (killed, crashed) become
        "interrupted", ended at their last entry; their ids. Sessions of running processes,
        this one included, stay open."""
        rows = self._read("SELECT id, writer_pid, writer_token FROM sessions WHERE state = 'open'")
        gone = [ident for ident, pid, token in rows if not is_running(pid, token)]
        with self._transaction() as db:
            for ident in gone:
                db.execute(
                    "UPDATE sessions SET state = 'interrupted', ended = coalesce("
                    "(SELECT time FROM entries WHERE id = (sessions.id << ?) + entries - 1), "
                    "started) WHERE id = ? AND state = 'open'",
                    (INDEX_BITS, ident),
                )
        return gone

    def delete(self, *session_ids: int, index: bool = True) -> None:
        """Delete sessions, their entries and frames, in one transaction, and their index
        entries (about 17 µs per indexed message; ``index=False``: the index was emptied,
        clear_index)."""
        with self._transaction() as db:
            for session_id in session_ids:
                base = session_id << INDEX_BITS
                row = db.execute("SELECT indexed FROM sessions WHERE id = ?", (session_id,))
                indexed = row.fetchone()
                if indexed is None:
                    continue
                if self._has_index and index:
                    delete_from_index(db, session_id, indexed[0])
                last = base + MAX_ENTRIES - 1
                db.execute("DELETE FROM chunks WHERE entry BETWEEN ? AND ?", (base, last))
                db.execute("DELETE FROM entries WHERE id BETWEEN ? AND ?", (base, last))
                db.execute("DELETE FROM frames WHERE id BETWEEN ? AND ?", (base, last))
                db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
        for session_id in session_ids:
            self._appender.forget(session_id)

    def clear_index(self) -> None:
        """Empty the full-text index; every session is indexed again (index_pending)."""
        if self._has_index:
            with self._transaction() as db:
                db.execute("INSERT INTO entries_fts (entries_fts) VALUES ('delete-all')")
                db.execute("UPDATE sessions SET indexed = 0")

    def set_pinned(self, session_id: int, pinned: bool) -> None:
        with self._transaction() as db:
            db.execute("UPDATE sessions SET pinned = ? WHERE id = ?", (int(pinned), session_id))

    def prune(self, *, older_than_days: float) -> int:
        """Delete the sessions older than ``older_than_days`` (by their end, else their
        start); pinned and open sessions are never deleted. How many were deleted. (The
        size cap: cap.py.)"""
        cutoff = time.time() - older_than_days * 86400
        old = self._read(
            "SELECT id FROM sessions WHERE pinned = 0 AND state != 'open' "
            "AND coalesce(ended, started) < ?",
            (cutoff,),
        )
        for (ident,) in old:  # one transaction each: the journal's writer gets its turns
            self.delete(ident)
        if old:
            self.give_back()
        return len(old)

    def give_back(self) -> None:
        """Give the pages deleted rows freed back to the file system (best effort: it may
        wait for another writer)."""
        with contextlib.suppress(sqlite3.Error):
            self._db.execute("PRAGMA incremental_vacuum")
            self._db.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def index_pending(self, limit: int = 10_000) -> int:
        """Add up to ``limit`` entries not yet in the full-text index; how many (0: all done,
        or no index)."""
        if not self.full_text:
            return 0
        try:
            return index_pending(self._db, limit)
        except sqlite3.Error as exc:
            raise history_error(self.path, exc) from None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- reading ---------------------------------------------------------------------------
    def sessions(self, text: str = "", limit: int = 200) -> list[SessionInfo]:
        """Sessions, newest first. ``text`` (case-insensitive) keeps those whose URL, profile
        or start ("2026-12-04 15:30", local time) contains it, or one of whose text payloads
        does: through the FTS5 trigram index where sqlite3 has it (the part of a session not
        indexed yet is scanned), else by scanning the stored payloads (search.py)."""
        rows = self._read(
            f"SELECT {SESSION_COLUMNS}, indexed FROM sessions ORDER BY started DESC, id DESC"
        )
        if not text:
            return [session_info(row) for row in rows[:limit]]
        folded, finder = text.casefold(), None
        found: list[SessionInfo] = []
        for row in rows:
            info = session_info(row)
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(info.started))
            if not any(folded in part.casefold() for part in (info.url, info.profile, when)):
                finder = finder or Finder(self._db, text, self.full_text)
                if not self._guard(finder.any, info.id, row[13], info.entries):
                    continue
            found.append(info)
            if len(found) >= limit:
                break
        return found

    def session(self, session_id: int) -> SessionInfo | None:
        rows = self._read(f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,))
        return session_info(rows[0]) if rows else None

    def count(self, session_id: int) -> int:
        """Entries committed in the session (0 for a session not in the store)."""
        rows = self._read("SELECT entries FROM sessions WHERE id = ?", (session_id,))
        return int(rows[0][0]) if rows else 0

    def entries(self, session_id: int, start: int = 0, count: int | None = None) -> list[LogEntry]:
        """Entries ``start`` .. ``start + count`` (all from ``start`` when None), in order."""
        total = self.count(session_id)
        stop = total if count is None else min(total, start + count)
        if start >= stop:
            return []
        base = session_id << INDEX_BITS
        rows = self._read(
            "SELECT direction, kind, form, payload, size, time, note, close_code, handshake, id "
            "FROM entries WHERE id BETWEEN ? AND ? ORDER BY id",
            (base + start, base + stop - 1),
        )
        found = []
        for row in rows:
            direction, kind, form, _data, size, when, note, code, record, _id = row
            payload = self._payload(row)
            found.append(decode_row(direction, kind, form, payload, size, when, note, code, record))
        return found

    def rows(self, session_id: int, start: int, count: int) -> list[Row]:
        """Entries ``start`` .. ``start + count`` as log Rows (what a LogStore holds), fewer
        where the session has fewer: the log's pages on disk (core.log.paging)."""
        base = session_id << INDEX_BITS
        found = self._read(
            "SELECT direction, kind, form, payload, size, time, note, close_code, handshake, id "
            "FROM entries WHERE id BETWEEN ? AND ? ORDER BY id",
            (base + start, base + start + count - 1),
        )
        decode, chunked = decode_as_row, FORM_CHUNKED
        return [
            decode(d, k, f, self._payload(row) if f & chunked else p, s, t, n, c, h)
            for row in found
            for (d, k, f, p, s, t, n, c, h, _id) in (row,)
        ]

    def frames(self, session_id: int, start: int = 0, count: int = 2**32) -> list[StoredFrame]:
        """Captured frames ``start`` .. ``start + count`` of the session (frames.py)."""
        return self._guard(read_frames, self._db, session_id, start, count)

    def frame_heads(self, session_id: int, start: int, count: int) -> list[RawFrame]:
        """Those frames with only direction, opcode and FIN (frames.py's read_heads)."""
        return self._guard(read_heads, self._db, session_id, start, count)

    def iter_entries(self, session_id: int, page: int = 10_000) -> Iterator[LogEntry]:
        """Every entry of the session, read ``page`` at a time (bounded memory)."""
        start = 0
        while chunk := self.entries(session_id, start, page):
            yield from chunk
            start += len(chunk)

    def search(self, session_id: int, text: str) -> list[int]:
        """Indexes of the session's entries whose text payload contains ``text``
        (case-insensitive; see search.py for how)."""
        rows = self._read("SELECT indexed, entries FROM sessions WHERE id = ?", (session_id,))
        if not rows:
            return []
        finder = Finder(self._db, text, self.full_text)
        return self._guard(finder.indexes, session_id, rows[0][0], rows[0][1])

    def size_bytes(self) -> int:
        """Bytes the stored data takes (pages in use; the file may be larger until SQLite
        gives free pages back)."""
        pages = self._read("PRAGMA page_count")[0][0] - self._read("PRAGMA freelist_count")[0][0]
        return int(pages * self._read("PRAGMA page_size")[0][0])

    # --- plumbing --------------------------------------------------------------------------
    def _payload(self, row: tuple[Any, ...]) -> bytes:
        form, data, ident = row[2], row[3], row[9]
        if not form & FORM_CHUNKED:
            return bytes(data)
        return self._guard(joined_chunks, self._db, ident)

    def _read(self, sql: str, params: tuple[object, ...] = ()) -> list[Any]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise history_error(self.path, exc, "read") from None

    def guarded[**P, T](
        self,
        work: Callable[Concatenate[sqlite3.Connection, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """``work(connection, ...)`` with SQLite's errors turned into HistoryError (readers
        that build their own queries: reading.py)."""
        return self._guard(work, self._db, *args, **kwargs)

    def _guard[**P, T](self, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return work(*args, **kwargs)
        except sqlite3.Error as exc:
            raise history_error(self.path, exc, "read") from None

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taking the write lock at once (a read that turns into a
        write in WAL mode fails with SQLITE_BUSY when another process wrote meanwhile)."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise history_error(self.path, exc) from None
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise history_error(self.path, exc) from None
            raise
