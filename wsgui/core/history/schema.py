"""The history store's tables, their version (``PRAGMA user_version``) and the migrations.

Version 3 (this one) is version 2 with ``entries_binary``, a partial index of the inline
binary entries' ids (``WHERE form = 0``): a search through the trigram index (which holds
text payloads only) reaches the binary ones without a scan of every row. Version 2 is
migrated by creating it: one pass over the entries, once, when the window opens the store
(1 s for 10 million entries in the page cache; 100 s for a cold 1.7 GB file on this machine).

Version 2 is version 1 with the captured frames: a ``frames`` table (see
frames.py: rowid ``session << 32 | index`` in that session's frames, direction, opcode, FIN,
RSV1, payload length, length on the wire, time and the payload or its first 4 KiB) and a
``frames`` counter in ``sessions``. Version 1 is migrated by adding them (no row is copied).

Version 1: ``sessions`` (one row per connection, with its counters kept up to date
by every append, its writer's pid and start token, and ``indexed``: how many of its entries
are in the full-text index), ``entries`` (see rows.py: rowid ``session << 32 | index``),
``chunks`` (payloads over 1 MiB) and, where sqlite3 has FTS5, ``entries_fts``: a trigram
index of the inline text payloads, its rowids those of the entries (contentless: the text is
not stored twice, and the index holds only what search.py gave it; ``detail=none``: no
positions, about 13 bytes per 100 B message instead of 150).

Version 0 is the layout before the store had a version: entries keyed by (session, idx),
direction and kind as text, no counters. It is migrated in one transaction; a session it
left "open" becomes "interrupted", since a version-0 store kept no writer to ask.
"""

from __future__ import annotations

import sqlite3
from functools import cache
from pathlib import Path

from wsgui.core.history.errors import HistoryError

__all__ = ["SCHEMA_VERSION", "NotAStoreError", "fts_available", "prepare"]

SCHEMA_VERSION = 3

_V1 = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: entry ids derive from it
    url TEXT NOT NULL,
    profile TEXT NOT NULL DEFAULT '',
    started REAL NOT NULL,
    ended REAL,
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed', 'interrupted')),
    close_code INTEGER,
    entries INTEGER NOT NULL DEFAULT 0,
    sent INTEGER NOT NULL DEFAULT 0,
    received INTEGER NOT NULL DEFAULT 0,
    bytes INTEGER NOT NULL DEFAULT 0,
    pinned INTEGER NOT NULL DEFAULT 0,
    indexed INTEGER NOT NULL DEFAULT 0,
    writer_pid INTEGER NOT NULL DEFAULT 0,
    writer_token TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_by_start ON sessions (started);
CREATE TABLE entries (
    id INTEGER PRIMARY KEY,  -- session << 32 | index
    direction INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    form INTEGER NOT NULL,  -- 1: text (UTF-8 bytes), 2: payload in chunks
    payload BLOB,
    size INTEGER NOT NULL,
    time REAL NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    close_code INTEGER,
    handshake TEXT
);
CREATE TABLE chunks (
    entry INTEGER NOT NULL,
    part INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (entry, part)
);
"""
# Version 1 -> 2: the frames of connections that captured them (frames.py).
_MIGRATE_1_TO_2 = """
ALTER TABLE sessions ADD COLUMN frames INTEGER NOT NULL DEFAULT 0;
CREATE TABLE frames (
    id INTEGER PRIMARY KEY,  -- session << 32 | index in the session's frames
    direction INTEGER NOT NULL,  -- 0: sent, 1: received (the entries' codes)
    opcode INTEGER NOT NULL,
    fin INTEGER NOT NULL,
    rsv1 INTEGER NOT NULL,
    length INTEGER NOT NULL,  -- payload bytes (received: after decompression)
    wire_length INTEGER NOT NULL,  -- payload bytes on the wire (compressed)
    time REAL NOT NULL,
    payload BLOB NOT NULL  -- the payload as the Frames tab has it (unmasked), or its start
)
"""
FTS_TABLE = (
    "CREATE VIRTUAL TABLE entries_fts USING fts5(payload, content='', "
    "tokenize='trigram', detail=none)"
)
_V0_TABLES = {"sessions", "entries"}
_V0_ENTRY_COLUMNS = {"session", "idx", "direction", "kind", "text", "payload", "size", "time"}
_V1_TABLES = {"sessions", "entries", "chunks"}
_V2_TABLES = _V1_TABLES | {"frames"}
# Version 2 -> 3: binary entries reachable without a scan (reading.py's indexed search).
_MIGRATE_2_TO_3 = "CREATE INDEX entries_binary ON entries (id) WHERE form = 0"

_MIGRATE_0_TO_1 = """
ALTER TABLE sessions RENAME TO sessions_v0;
ALTER TABLE entries RENAME TO entries_v0;
{create}
INSERT INTO sessions (id, url, profile, started, ended, state, close_code,
                      entries, sent, received, bytes)
SELECT s.id, coalesce(s.url, ''), coalesce(s.profile, ''), coalesce(s.started, 0), s.ended,
       CASE WHEN s.state = 'closed' THEN 'closed' ELSE 'interrupted' END, s.close_code,
       (SELECT count(*) FROM entries_v0 e WHERE e.session = s.id),
       (SELECT count(*) FROM entries_v0 e WHERE e.session = s.id AND e.direction = 'sent'
            AND e.kind IN ('text', 'binary')),
       (SELECT count(*) FROM entries_v0 e WHERE e.session = s.id AND e.direction = 'received'
            AND e.kind IN ('text', 'binary')),
       (SELECT coalesce(sum(e.size), 0) FROM entries_v0 e WHERE e.session = s.id
            AND e.kind IN ('text', 'binary'))
FROM sessions_v0 s;
INSERT INTO entries (id, direction, kind, form, payload, size, time, note, close_code)
SELECT (session << 32) | idx,
       CASE direction WHEN 'sent' THEN 0 WHEN 'received' THEN 1 ELSE 2 END,
       CASE kind WHEN 'text' THEN 0 WHEN 'binary' THEN 1 WHEN 'open' THEN 2 WHEN 'close' THEN 3
                 WHEN 'error' THEN 4 WHEN 'info' THEN 5 WHEN 'ping' THEN 6 ELSE 7 END,
       CASE WHEN text THEN 1 ELSE 0 END, payload, size, time, coalesce(note, ''), close_code
FROM entries_v0;
DROP TABLE entries_v0;
DROP TABLE sessions_v0;
"""


class NotAStoreError(Exception):
    """The file is an SQLite database but not a history store (or a damaged one)."""


@cache
def fts_available() -> bool:
    """Whether this Python's sqlite3 has FTS5 with the trigram tokenizer (SQLite 3.34+)."""
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram', detail=none)")
    except sqlite3.Error:
        return False
    finally:
        probe.close()
    return True


def prepare(db: sqlite3.Connection, path: Path) -> None:
    """Create the tables of a new store or migrate an older one to SCHEMA_VERSION (0 -> 1
    -> 2 -> 3, each step on the last one's tables), in one transaction (two processes opening a
    new store at once: the second waits, then finds the tables). Raises NotAStoreError for
    a database that is not a store, HistoryError for a store of a newer wsgui (left as it
    is)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise HistoryError(
                f"The history store {path} was written by a newer wsgui (schema version "
                f"{version}; this one reads up to {SCHEMA_VERSION}): it is left as it is"
            )
        tables = _tables(db)
        if version == 0 and not tables:
            _run(db, _V1)
            version = 1
        elif version == 0:
            if not (tables >= _V0_TABLES and _columns(db, "entries") >= _V0_ENTRY_COLUMNS):
                raise NotAStoreError(f"not a history store (tables: {', '.join(sorted(tables))})")
            _run(db, _MIGRATE_0_TO_1.format(create=_V1))
            version = 1
        else:
            expected = _V1_TABLES if version == 1 else _V2_TABLES
            if not tables >= expected:
                raise NotAStoreError(f"tables missing: {', '.join(sorted(expected - tables))}")
        if version == 1:
            _run(db, _MIGRATE_1_TO_2)
            version = 2
        if version == 2:
            db.execute(_MIGRATE_2_TO_3)
        if fts_available() and "entries_fts" not in _tables(db):
            db.execute(FTS_TABLE)  # sessions already there are indexed later (``indexed`` = 0)
            db.execute("UPDATE sessions SET indexed = 0")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _run(db: sqlite3.Connection, script: str) -> None:
    """The statements of ``script`` one by one inside the open transaction
    (``executescript`` would commit it first)."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _tables(db: sqlite3.Connection) -> set[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {name for (name,) in rows if not name.startswith(("sqlite_", "entries_fts_"))}


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
