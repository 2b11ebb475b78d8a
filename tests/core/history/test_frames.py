"""Captured frames in the history store: appended with the entries, read back as the Frames
tab had them (a long payload as its start, with its length), counted in the session, deleted
with it; journaled from the hot path and committed in the writer's batches; and a store that
version 1 wrote (no frames table) migrated with its sessions and entries intact."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.helpers.journaling import wait_until
from wsgui.core.history.frames import FRAME_PREFIX
from wsgui.core.history.journal import FLUSH_ENTRIES, Journal
from wsgui.core.history.schema import SCHEMA_VERSION
from wsgui.core.history.store import HistoryStore
from wsgui.core.model.entries import Direction, Kind, LogEntry, event_entry, message_entry
from wsgui.core.model.frames import RawFrame

CLOSE_1000 = b"\x03\xe8bye"


def frames() -> list[RawFrame]:
    """One of each: text, a fragmented binary message (a bytearray, a memoryview), a
    compressed text (RSV1, shorter on the wire), ping, pong, close."""
    return [
        (True, 1, True, False, b"hello", 1.0, 5),
        (False, 2, False, False, bytearray(b"\x00\x01"), 2.0, 2),
        (False, 0, True, False, memoryview(b"\xff"), 2.5, 1),
        (False, 1, True, True, b"compressed " * 10, 3.0, 17),
        (True, 9, True, False, b"", 4.0, 0),
        (False, 10, True, False, b"", 4.1, 0),
        (False, 8, True, False, CLOSE_1000, 5.0, 5),
    ]


def stored(frame: RawFrame) -> tuple[object, ...]:
    sent, opcode, fin, rsv1, data, when, wire = frame
    return (sent, opcode, fin, rsv1, bytes(data), when, wire, len(data))


def test_frames_come_back_as_captured_and_are_counted(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "history.sqlite3") as store:
        session = store.begin_session("ws://h/")
        entries = [message_entry(Direction.SENT, "hello"), message_entry(Direction.RECEIVED, "x")]

        assert store.append(session, entries, frames()) == 2
        assert store.append(session, [], frames()[:2]) == 2  # frames alone: entries stay

        assert store.frames(session) == [stored(f) for f in frames() + frames()[:2]]
        assert store.frames(session, 7, 2) == [stored(f) for f in frames()[:2]]
        info = store.session(session)
        assert info is not None and (info.entries, info.frames, info.sent) == (2, 9, 1)
        assert [e.payload for e in store.entries(session)] == ["hello", "x"]


def test_a_long_frame_keeps_its_start_and_its_length(tmp_path: Path) -> None:
    text = ("a" + "é" * 6000).encode()  # the 4096th byte is half an é
    binary = bytes(range(256)) * 40
    long_frames: list[RawFrame] = [
        (False, 1, True, False, text, 1.0, len(text)),
        (False, 2, True, False, binary, 2.0, len(binary)),
    ]
    with HistoryStore(tmp_path / "history.sqlite3") as store:
        session = store.begin_session("ws://h/")
        store.append(session, [], long_frames)

        (text_frame, binary_frame) = store.frames(session)

    assert text_frame[4] == text[: FRAME_PREFIX - 1]  # cut back to a whole character
    assert text_frame[4].decode("utf-8") == "a" + "é" * 2047
    assert text_frame[7] == len(text) == 12001
    assert binary_frame[4] == binary[:FRAME_PREFIX] and binary_frame[7] == 10240


def test_deleting_a_session_deletes_its_frames_alone(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with HistoryStore(path) as store:
        gone, kept = store.begin_session("ws://gone/"), store.begin_session("ws://kept/")
        store.append(gone, [], frames())
        store.append(kept, [], frames()[:3])

        store.delete(gone)

        assert store.frames(gone) == []
        assert len(store.frames(kept)) == 3
    assert sqlite3.connect(path).execute("SELECT count(*) FROM frames").fetchone()[0] == 3


def test_a_flood_of_frames_is_journaled_with_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    journal = Journal(path)
    session = journal.start_session("ws://flood/")
    count = FLUSH_ENTRIES * 50  # 100,000 frames: many batches, several of MAX_BATCH
    flood: list[RawFrame] = [
        (False, 1, True, False, f"message {i}".encode(), float(i), 9) for i in range(count)
    ]
    session.append_frame((True, 1, True, False, b"first", 0.0, 5))
    session.append(message_entry(Direction.SENT, "first"))
    for start in range(0, count, 1000):  # the Frames model's flush: one extend per batch
        session.extend_frames(flood[start : start + 1000])
        session.extend(
            [
                ("received", "text", f"message {i}", 9, float(i), "", None, None)
                for i in range(start, start + 1000)
            ]
        )
    wait_until(lambda: session.committed == count + 1 and journal.pending == 0, timeout=20.0)
    session.end(1000)
    journal.close()

    assert journal.problem == ""
    with HistoryStore(path) as store:
        (info,) = store.sessions()
        assert (info.state, info.entries, info.frames) == ("closed", count + 1, count + 1)
        back = store.frames(info.id)
        assert back[0] == (True, 1, True, False, b"first", 0.0, 5, 5)
        assert [frame[4] for frame in back[1:]] == [frame[4] for frame in flood]
        assert store.frames(info.id, count, 1)[0][5] == float(count - 1)


def test_frames_of_a_session_not_journaled_go_nowhere(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "history.sqlite3")
    journal.close()
    session = journal.start_session("ws://late/")  # after close: not journaled

    session.append_frame(frames()[0])
    session.extend_frames(frames())

    assert not session.journaled and len(session.frames) == 0


# The tables as version 1 made them (schema.py's _V1, copied: what a version-1 wsgui left).
VERSION_1 = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL, profile TEXT NOT NULL DEFAULT '',
    started REAL NOT NULL, ended REAL,
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed', 'interrupted')),
    close_code INTEGER, entries INTEGER NOT NULL DEFAULT 0, sent INTEGER NOT NULL DEFAULT 0,
    received INTEGER NOT NULL DEFAULT 0, bytes INTEGER NOT NULL DEFAULT 0,
    pinned INTEGER NOT NULL DEFAULT 0, indexed INTEGER NOT NULL DEFAULT 0,
    writer_pid INTEGER NOT NULL DEFAULT 0, writer_token TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_by_start ON sessions (started);
CREATE TABLE entries (
    id INTEGER PRIMARY KEY, direction INTEGER NOT NULL, kind INTEGER NOT NULL,
    form INTEGER NOT NULL, payload BLOB, size INTEGER NOT NULL, time REAL NOT NULL,
    note TEXT NOT NULL DEFAULT '', close_code INTEGER, handshake TEXT
);
CREATE TABLE chunks (
    entry INTEGER NOT NULL, part INTEGER NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY (entry, part)
);
INSERT INTO sessions (id, url, profile, started, ended, state, close_code, entries, sent,
                      received, bytes, pinned)
VALUES (7, 'ws://one.test/', 'v1', 100.0, 110.0, 'closed', 1000, 3, 1, 1, 6, 1);
INSERT INTO entries VALUES (7 << 32, 2, 2, 1, CAST('Open: ws://one.test/' AS BLOB), 0, 100.0,
                            '', NULL, NULL);
INSERT INTO entries VALUES ((7 << 32) | 1, 0, 0, 1, CAST('hi' AS BLOB), 2, 101.0, '', NULL,
                            NULL);
INSERT INTO entries VALUES ((7 << 32) | 2, 1, 1, 0, X'DEADBEEF', 4, 102.0, 'note', NULL, NULL);
PRAGMA user_version = 1;
"""


def test_a_version_1_store_is_migrated_with_its_sessions_and_entries(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(VERSION_1)
    db.close()

    with HistoryStore(path) as store:
        (info,) = store.sessions()
        assert (info.id, info.url, info.profile, info.state, info.close_code) == (
            7,
            "ws://one.test/",
            "v1",
            "closed",
            1000,
        )
        assert (info.entries, info.sent, info.received, info.bytes, info.pinned) == (
            3,
            1,
            1,
            6,
            True,
        )
        assert info.frames == 0 and store.frames(7) == []
        assert store.entries(7) == [
            LogEntry(Direction.EVENT, Kind.OPEN, "Open: ws://one.test/", 0, 100.0),
            LogEntry(Direction.SENT, Kind.TEXT, "hi", 2, 101.0),
            LogEntry(Direction.RECEIVED, Kind.BINARY, b"\xde\xad\xbe\xef", 4, 102.0, "note"),
        ]
        store.index_pending()
        assert [s.id for s in store.sessions("HI")] == [7]
        assert store.append(7, [event_entry(Kind.INFO, "after")], frames()) == 4
        after = store.session(7)
        assert after is not None and (after.entries, after.frames) == (4, 7)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
