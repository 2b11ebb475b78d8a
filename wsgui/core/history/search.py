"""Finding text in stored sessions: a trigram full-text index where sqlite3 has FTS5, a scan
of the stored payloads where it does not (or for what the index does not hold yet).

Searches are case-insensitive substring searches over text payloads (messages and event
texts), like the live log's default search.

With FTS5 the index is filled after the fact (``index_pending``: the journal's writer calls
it when no rows are waiting), because indexing while a flood is written would halve the
writer's speed. A search asks the index for the indexed part of a session (candidates that
hold the text's rarest trigrams, then checked for the text itself: see trigrams.py) and
scans the rest; a text of fewer than 3 characters, one whose trigrams are all common (the
index would cost more than a scan), or one with letters that do not fold one to one, is
scanned. Without FTS5 (an old SQLite, a build without it) everything is scanned:
about 0.23 s per million 100 B messages on the machine the README's numbers come from.
Payloads over 1 MiB (chunks) are never indexed; they are checked one by one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from wsgui.core.history.rows import FORM_CHUNKED, FORM_TEXT, INDEX_BITS, joined_chunks
from wsgui.core.history.trigrams import rarest_match, usable

__all__ = ["Finder", "delete_from_index", "index_pending"]

_CHUNKED_TEXT = FORM_TEXT | FORM_CHUNKED


def _contains_folded(payload: bytes | None, folded: str) -> bool:
    if payload is None:
        return False
    return folded in payload.decode("utf-8", "surrogatepass").casefold()


class Finder:
    """One search text, compiled for a connection: which entries of a session hold it."""

    def __init__(self, db: sqlite3.Connection, text: str, full_text: bool) -> None:
        self._db = db
        self.text = text
        self.folded = text.casefold()
        self._ascii = self.folded.isascii()
        if not self._ascii:
            db.create_function("history_contains", 2, _contains_folded, deterministic=True)
        self._full_text = full_text and usable(text, case_sensitive=False)

    def _test(self, column: str) -> str:
        if self._ascii:  # SQLite's lower() folds ASCII, which is all an ASCII text needs
            return f"instr(lower({column}), ?) > 0"
        return f"history_contains({column}, ?)"

    def indexes(self, session_id: int, indexed: int, count: int) -> list[int]:
        """Indexes of the session's first ``count`` entries whose text holds the text."""
        return sorted(self._ids(session_id, indexed, count, limit=None))

    def any(self, session_id: int, indexed: int, count: int) -> bool:
        return next(self._ids(session_id, indexed, count, limit=1), None) is not None

    def _ids(self, session_id: int, indexed: int, count: int, limit: int | None) -> Iterator[int]:
        base = session_id << INDEX_BITS
        last = base + count - 1
        limit_clause = "" if limit is None else f" LIMIT {limit}"
        scan_from = base
        indexed_last = min(base + indexed - 1, last)
        match = None
        if self._full_text and indexed:
            match = rarest_match(self._db, self.text, base, indexed_last)
        if match is not None:
            scan_from = indexed_last + 1
            rows = self._db.execute(
                "SELECT e.id FROM entries_fts f JOIN entries e ON e.id = f.rowid "
                "WHERE entries_fts MATCH ? AND f.rowid BETWEEN ? AND ? "
                f"AND {self._test('e.payload')} ORDER BY f.rowid{limit_clause}",
                (match, base, indexed_last, self.folded),
            )
            yield from (ident - base for (ident,) in rows)
        if scan_from <= last:
            rows = self._db.execute(
                f"SELECT id FROM entries WHERE id BETWEEN ? AND ? AND form = {FORM_TEXT} "
                f"AND {self._test('payload')}{limit_clause}",
                (scan_from, last, self.folded),
            )
            yield from (ident - base for (ident,) in rows)
        big = self._db.execute(  # through the chunks' key: no scan of the session
            "SELECT e.id FROM chunks c JOIN entries e ON e.id = c.entry "
            f"WHERE c.entry BETWEEN ? AND ? AND c.part = 0 AND e.form = {_CHUNKED_TEXT}",
            (base, last),
        ).fetchall()
        for (ident,) in big:
            if _contains_folded(joined_chunks(self._db, ident), self.folded):
                yield ident - base


def index_pending(db: sqlite3.Connection, limit: int) -> int:
    """Add up to ``limit`` not yet indexed entries to the full-text index, in one transaction
    (BEGIN IMMEDIATE: two processes never index the same entries); how many it added."""
    done = 0
    db.execute("BEGIN IMMEDIATE")
    try:
        pending = db.execute(
            "SELECT id, indexed, entries FROM sessions WHERE indexed < entries ORDER BY id"
        ).fetchall()
        for session_id, indexed, entries in pending:
            take = min(entries - indexed, limit - done)
            if take <= 0:
                break
            first = (session_id << INDEX_BITS) + indexed
            db.execute(
                "INSERT INTO entries_fts (rowid, payload) SELECT id, payload FROM entries "
                f"WHERE id BETWEEN ? AND ? AND form = {FORM_TEXT}",
                (first, first + take - 1),
            )
            db.execute("UPDATE sessions SET indexed = indexed + ? WHERE id = ?", (take, session_id))
            done += take
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return done


def delete_from_index(db: sqlite3.Connection, session_id: int, indexed: int) -> None:
    """Remove a session's indexed entries from the index (inside the caller's transaction,
    before the entries themselves go: a contentless index needs the text it was given)."""
    if not indexed:
        return
    base = session_id << INDEX_BITS
    db.execute(
        "INSERT INTO entries_fts (entries_fts, rowid, payload) "
        "SELECT 'delete', id, payload FROM entries "
        f"WHERE id BETWEEN ? AND ? AND form = {FORM_TEXT}",
        (base, base + indexed - 1),
    )
