"""Reading journaled sessions back while they are written: the log's rows on disk
(core.log.paging's RowSource) and its filters over them, as queries.

One SessionReader is the store opened once more, shared by every tab of the window (the
journal's writer thread has its own connection); its reads take a lock, so an export in a
worker thread and the view's paging take turns.

A filter over rows on disk runs in SQLite, not in Python: the direction and kind boxes are
``IN`` tests on the stored codes; a plain case-insensitive search for ASCII text is ``LIKE``
on text payloads read as text (SQLite folds ASCII letters, which is all an ASCII text needs) and a
case-sensitive one ``instr`` on the bytes; a regular expression, or a text with non-ASCII
letters, is the live log's own test run as an SQL function (slower: a Python call per row).
Binary payloads are always tested by that function (``LIKE`` stops at a NUL byte), and
payloads over 1 MiB (stored in chunks) one by one.

Where the session is in the trigram index, a plain search of 3 characters or more asks the
index first for its indexed part (by the text's rarest trigrams, see trigrams.py): only
the candidates it gives are tested, and binary payloads are reached through their own
partial index (``entries_binary``) instead of a scan of every row. On 10 million messages
that is the difference between 6 s and a tenth of a second for a rare text.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

from wsgui.core.history.errors import history_error
from wsgui.core.history.frames import StoredFrame
from wsgui.core.history.opening import BUSY_SECONDS
from wsgui.core.history.rows import (
    DIRECTION_CODES,
    FORM_BINARY,
    FORM_CHUNKED,
    FORM_TEXT,
    INDEX_BITS,
    KIND_CODES,
    joined_chunks,
)
from wsgui.core.history.store import HistoryStore
from wsgui.core.history.trigrams import rarest_match, usable
from wsgui.core.log.filter import CATEGORIES, LogFilter
from wsgui.core.model.entries import Direction, Row
from wsgui.core.model.frames import RawFrame

__all__ = ["SessionReader"]

_FUNCTION = "wsgui_found"


class SessionReader:
    """A HistoryStore for reading, safe to share between threads (one read at a time)."""

    def __init__(self, store: HistoryStore) -> None:
        self.store = store
        self._lock = threading.Lock()

    def rows(self, session_id: int, start: int, count: int) -> list[Row]:
        with self._lock:
            return self.store.rows(session_id, start, count)

    def frames(self, session_id: int, start: int, count: int) -> list[StoredFrame]:
        with self._lock:
            return self.store.frames(session_id, start, count)

    def frame_heads(self, session_id: int, start: int, count: int) -> list[RawFrame]:
        with self._lock:
            return self.store.frame_heads(session_id, start, count)

    def matching(self, session_id: int, start: int, count: int, log_filter: object) -> list[int]:
        """Indexes (0 = entry ``start``) of the entries ``start`` .. ``start + count`` of
        the session that the LogFilter shows, in order."""
        assert isinstance(log_filter, LogFilter)
        base = (session_id << INDEX_BITS) + start
        query = _Query(log_filter)
        with self._lock:
            return self.store.guarded(query.run, base, base + count - 1)

    @contextlib.contextmanager
    def searching(self) -> Iterator[_SearchConnection]:
        """The store opened once more, read-only, for a search in another thread (its own
        connection: the view's pages never wait for that search); closed after."""
        other = _SearchConnection(self.store.path)
        try:
            yield other
        finally:
            other.close()

    def close(self) -> None:
        with self._lock:
            self.store.close()


class _SearchConnection:
    """A read-only connection for one search (it never migrates, sets aside or writes)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._db = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro",
                uri=True,
                timeout=BUSY_SECONDS,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise history_error(path, exc, "open") from None

    def matching(self, session_id: int, start: int, count: int, log_filter: object) -> list[int]:
        assert isinstance(log_filter, LogFilter)
        base = (session_id << INDEX_BITS) + start
        try:
            return _Query(log_filter).run(self._db, base, base + count - 1)
        except sqlite3.Error as exc:
            raise history_error(self.path, exc, "search") from None

    def close(self) -> None:
        self._db.close()


class _Query:
    """One LogFilter as SQL over a range of entry ids."""

    def __init__(self, log_filter: LogFilter) -> None:
        self.test = log_filter.payload_test()
        conditions: list[str] = []
        self.params: list[object] = []
        if log_filter.directions != frozenset(Direction):
            codes = sorted(DIRECTION_CODES[d.value] for d in log_filter.directions)
            conditions.append(f"direction IN ({', '.join(map(str, codes)) or 'NULL'})")
        if log_filter.categories != frozenset(CATEGORIES):
            codes = sorted(KIND_CODES[k.value] for k in log_filter.kinds_shown())
            conditions.append(f"kind IN ({', '.join(map(str, codes)) or 'NULL'})")
        self.where = " AND ".join(conditions) or "1"
        text = log_filter.text
        self.text = text
        self.indexable = not log_filter.regex and usable(text, log_filter.case_sensitive)
        if not text:
            self.found = "1"
        elif not log_filter.regex and log_filter.case_sensitive:
            self.found = "instr(payload, ?) > 0"
            self.params.append(text.encode("utf-8", "surrogateescape"))
        elif not log_filter.regex and text.isascii():
            self.found = (
                f"(CASE WHEN form = {FORM_TEXT} THEN CAST(payload AS TEXT) LIKE ? ESCAPE '\\' "
                f"ELSE {_FUNCTION}(form, payload) END)"
            )
            self.params.append("%" + _escape_like(text) + "%")
        else:
            self.found = f"{_FUNCTION}(form, payload)"

    def run(self, db: sqlite3.Connection, first: int, last: int) -> list[int]:
        db.create_function(_FUNCTION, 2, self._found, deterministic=True)
        found = self._through_index(db, first, last)
        if found is None:
            found = self._scanned(db, first, last)
        big = db.execute(  # through the chunks' key: no scan of the session
            "SELECT e.id, e.form FROM chunks c JOIN entries e ON e.id = c.entry "
            f"WHERE c.entry BETWEEN ? AND ? AND c.part = 0 AND {self.where}",
            (first, last),
        ).fetchall()
        for ident, form in big:
            if self._found(form, joined_chunks(db, ident)):
                found.append(ident)
        return sorted(ident - first for ident in found)

    def _scanned(self, db: sqlite3.Connection, first: int, last: int) -> list[int]:
        rows = db.execute(
            f"SELECT id FROM entries WHERE id BETWEEN ? AND ? AND form < {FORM_CHUNKED} "
            f"AND {self.where} AND {self.found}",
            (first, last, *self.params),
        ).fetchall()
        return [ident for (ident,) in rows]

    def _through_index(self, db: sqlite3.Connection, first: int, last: int) -> list[int] | None:
        """The inline entries found, with the indexed text payloads asked of the trigram
        index by their rarest trigrams (see trigrams.py), binary ones through their own
        partial index and the entries not indexed yet scanned; None when the index cannot
        help (no index, a regular expression, a text a scan finds quicker)."""
        if not self.indexable or "entries_fts" not in _tables(db):
            return None
        session = first >> INDEX_BITS
        indexed = db.execute("SELECT indexed FROM sessions WHERE id = ?", (session,)).fetchone()
        indexed_last = min(last, (session << INDEX_BITS) + (indexed[0] if indexed else 0) - 1)
        if indexed_last < first:
            return None
        match = rarest_match(db, self.text, first, indexed_last)
        if match is None:
            return None
        texts = db.execute(
            "SELECT id FROM entries WHERE id IN (SELECT rowid FROM entries_fts "
            f"WHERE entries_fts MATCH ? AND rowid BETWEEN ? AND ?) AND form = {FORM_TEXT} "
            f"AND {self.where} AND {self.found}",
            (match, first, indexed_last, *self.params),
        ).fetchall()
        binaries = db.execute(  # the planner may prefer the rowid range: it costs a scan
            "SELECT id FROM entries INDEXED BY entries_binary "
            f"WHERE id BETWEEN ? AND ? AND form = {FORM_BINARY} "
            f"AND {self.where} AND {self.found}",
            (first, indexed_last, *self.params),
        ).fetchall()
        found = [ident for (ident,) in texts] + [ident for (ident,) in binaries]
        if indexed_last < last:
            found += self._scanned(db, indexed_last + 1, last)
        return found

    def _found(self, form: int, payload: bytes | None) -> bool:
        if payload is None:
            return False
        if form & FORM_TEXT:
            return self.test(payload.decode("utf-8", "surrogatepass"))
        return self.test(payload)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _tables(db: sqlite3.Connection) -> set[str]:
    return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
