"""Opening the store: damaged files set aside (never deleted), folders that cannot be written
named in the message, older stores migrated, newer ones left alone."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from wsgui.core.history.errors import history_error
from wsgui.core.history.store import SCHEMA_VERSION, HistoryError, HistoryStore
from wsgui.core.model.entries import Direction, Kind, LogEntry, message_entry


def aside(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if ".corrupt-" in p.name)


def assert_works(store: HistoryStore) -> None:
    session = store.begin_session("ws://fresh/")
    store.append(session, [message_entry(Direction.RECEIVED, "fresh")])
    assert [e.payload for e in store.entries(session)] == ["fresh"]
    assert [s.url for s in store.sessions()] == ["ws://fresh/"]


def test_a_file_of_garbage_is_set_aside_and_a_new_store_made(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    garbage = os.urandom(10_000)
    path.write_bytes(garbage)

    store = HistoryStore(path)

    (kept,) = aside(tmp_path)
    assert kept.read_bytes() == garbage
    assert kept.name.startswith("history.sqlite3.corrupt-")
    assert store.set_aside == kept
    assert store.notice == (
        f"The history store {path} was damaged (not an SQLite database): it was set aside as "
        f"{kept.name} and a new store was started"
    )
    assert_works(store)


def test_another_programs_database_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE contacts (name TEXT)")
        db.execute("INSERT INTO contacts VALUES ('Ada')")
    db.close()
    original = path.read_bytes()

    store = HistoryStore(path)

    (kept,) = aside(tmp_path)
    assert kept.read_bytes() == original
    assert "(not a history store (tables: contacts))" in store.notice
    assert_works(store)


def test_a_store_with_damaged_pages_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with HistoryStore(path) as store:
        session = store.begin_session("ws://old/")
        store.append(
            session, [message_entry(Direction.RECEIVED, f"m {i}" * 20) for i in range(5000)]
        )
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(path.read_bytes())
    page = 4096
    data[page * 3 : page * 6] = os.urandom(page * 3)  # B-tree pages of the entries
    path.write_bytes(bytes(data))

    store = HistoryStore(path)

    (kept,) = aside(tmp_path)
    assert kept.read_bytes() == bytes(data)
    assert "was damaged (" in store.notice
    assert_works(store)


def test_a_read_only_folder_is_named(read_only_folder: Path) -> None:
    with pytest.raises(HistoryError) as error:
        HistoryStore(read_only_folder / "history.sqlite3")
    assert str(error.value) == (
        f"The history folder {read_only_folder} is read-only: history cannot be saved there"
    )


def test_a_folder_that_cannot_be_made_is_named(read_only_folder: Path) -> None:
    folder = read_only_folder / "wsgui"
    with pytest.raises(HistoryError) as error:
        HistoryStore(folder / "history.sqlite3")
    message = str(error.value)
    assert message.startswith(f"Cannot create the history folder {folder}: ")
    assert message.endswith(("Read-only file system", "Permission denied"))


def test_a_store_path_that_is_a_folder_is_named(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.mkdir()
    with pytest.raises(HistoryError) as error:
        HistoryStore(path)
    assert str(error.value) == f"Cannot open the history store {path}: Is a directory"


def test_a_store_sqlite_will_not_write_is_said_read_only(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    HistoryStore(path).close()
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as failure:
        db.execute("DELETE FROM sessions")
    db.close()

    assert str(history_error(path, failure.value)) == (
        f"Cannot write the history store {path}: it is read-only "
        "(attempt to write a readonly database)"
    )


def test_a_store_of_a_newer_wsgui_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    HistoryStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()

    with pytest.raises(HistoryError) as error:
        HistoryStore(path)

    assert str(error.value) == (
        f"The history store {path} was written by a newer wsgui (schema version "
        f"{SCHEMA_VERSION + 1}; this one reads up to {SCHEMA_VERSION}): it is left as it is"
    )
    assert aside(tmp_path) == []


# The store as version 0 wrote it (no user_version): made by hand, as that version would have.
VERSION_0 = """
CREATE TABLE sessions (id INTEGER PRIMARY KEY, url TEXT, profile TEXT, started REAL,
                       ended REAL, state TEXT, close_code INTEGER);
CREATE TABLE entries (session INTEGER, idx INTEGER, direction TEXT, kind TEXT, text INTEGER,
                      payload BLOB, size INTEGER, time REAL, note TEXT, close_code INTEGER,
                      PRIMARY KEY (session, idx));
INSERT INTO sessions VALUES (1, 'ws://old.test/', 'legacy', 100.0, 110.0, 'closed', 1000);
INSERT INTO sessions VALUES (2, 'ws://crashed.test/', '', 200.0, NULL, 'open', NULL);
INSERT INTO entries VALUES (1, 0, 'event', 'open', 1, CAST('Open: ws://old.test/' AS BLOB),
                            0, 100.0, '', NULL);
INSERT INTO entries VALUES (1, 1, 'sent', 'text', 1, CAST('hello old' AS BLOB), 9, 101.0, '',
                            NULL);
INSERT INTO entries VALUES (1, 2, 'received', 'binary', 0, X'00FF10', 3, 102.0, 'a note', NULL);
INSERT INTO entries VALUES (1, 3, 'event', 'close', 1, CAST('Closed' AS BLOB), 0, 110.0, '',
                            1000);
INSERT INTO entries VALUES (2, 0, 'received', 'text', 1, CAST('last one' AS BLOB), 8, 201.0,
                            NULL, NULL);
"""


def test_a_version_0_store_is_migrated_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(VERSION_0)
    db.close()

    store = HistoryStore(path)

    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    old, crashed = sorted(store.sessions(), key=lambda s: s.id)
    assert (old.url, old.profile, old.state, old.close_code, old.entries) == (
        "ws://old.test/",
        "legacy",
        "closed",
        1000,
        4,
    )
    assert (old.sent, old.received, old.bytes) == (1, 1, 12)
    assert (crashed.state, crashed.entries) == ("interrupted", 1)
    assert store.entries(old.id) == [
        LogEntry(Direction.EVENT, Kind.OPEN, "Open: ws://old.test/", 0, 100.0),
        LogEntry(Direction.SENT, Kind.TEXT, "hello old", 9, 101.0),
        LogEntry(Direction.RECEIVED, Kind.BINARY, b"\x00\xff\x10", 3, 102.0, "a note"),
        LogEntry(Direction.EVENT, Kind.CLOSE, "Closed", 0, 110.0, close_code=1000),
    ]
    store.index_pending()
    assert [s.id for s in store.sessions("HELLO OLD")] == [old.id]
    store.append(old.id, [message_entry(Direction.SENT, "after the migration")])
    assert store.count(old.id) == 5
    assert aside(tmp_path) == []
