"""The journal: rows appended on the hot path end up committed, in order; when the store
cannot be written it says why and the caller goes on unhindered."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

from tests.helpers.journaling import rows, varied, wait_until
from wsgui.core.history.appending import Appending
from wsgui.core.history.journal import FLUSH_ENTRIES, MAX_BATCH, Journal, SessionJournal
from wsgui.core.history.store import HistoryError, HistoryStore
from wsgui.core.model.entries import Direction, Kind, Row, event_entry, message_entry


def test_journaled_rows_are_committed_in_order_and_the_session_closed(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    journal = Journal(path)
    session = journal.start_session("ws://h/", "local")
    session.append(event_entry(Kind.OPEN, "Open: ws://h/"))
    for row in rows(FLUSH_ENTRIES * 3):
        session.append_row(row)
    session.append(message_entry(Direction.SENT, b"\x00bye"))
    wait_until(lambda: session.committed == FLUSH_ENTRIES * 3 + 2)
    session.end(1000)
    journal.close()

    assert journal.problem == ""
    with HistoryStore(path) as store:
        (info,) = store.sessions()
        assert (info.id, info.state, info.close_code, info.entries) == (
            session.id,
            "closed",
            1000,
            FLUSH_ENTRIES * 3 + 2,
        )
        back = store.entries(session.id)
        assert back[0].payload == "Open: ws://h/"
        assert [e.payload for e in back[1:-1]] == [r[2] for r in rows(FLUSH_ENTRIES * 3)]
        assert back[-1].payload == b"\x00bye"


def test_closing_the_journal_writes_everything_and_closes_open_sessions(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    journal = Journal(path, flush_seconds=60)  # nothing written before close
    first, second = journal.start_session("ws://one/"), journal.start_session("ws://two/")
    for row in rows(500, "one"):
        first.append_row(row)
    for row in rows(300, "two"):
        second.append_row(row)
    second.end(4000)

    journal.close()

    with HistoryStore(path) as store:
        states = {s.url: (s.state, s.close_code, s.entries) for s in store.sessions()}
        assert states == {"ws://one/": ("closed", None, 500), "ws://two/": ("closed", 4000, 300)}
    assert (first.committed, second.committed) == (500, 300)


def test_a_session_deleted_while_journaled_is_dropped_alone(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    journal = Journal(path)
    doomed, kept = journal.start_session("ws://doomed/"), journal.start_session("ws://kept/")
    doomed.append_row(rows(1)[0])
    wait_until(lambda: doomed.committed == 1)
    with HistoryStore(path) as store:
        store.delete(doomed.id)
    doomed.append_row(rows(2)[1])
    kept.append_row(rows(1)[0])
    wait_until(lambda: kept.committed == 1)
    wait_until(lambda: not doomed.journaled)
    doomed.append_row(rows(3)[2])  # still accepted, and dropped
    journal.close()

    assert journal.problem == ""
    with HistoryStore(path) as store:
        assert [s.url for s in store.sessions()] == ["ws://kept/"]


def test_a_read_only_folder_stops_journaling_and_appends_go_on(read_only_folder: Path) -> None:
    journal = Journal(read_only_folder / "history.sqlite3")

    assert journal.problem == (
        f"The history folder {read_only_folder} is read-only: history cannot be saved there. "
        "Journaling stopped: the log is kept in memory only"
    )
    session = journal.start_session("ws://h/")
    assert (session.id, session.journaled) == (0, False)
    for row in rows(10_000):
        session.append_row(row)
    session.append(message_entry(Direction.SENT, "still fine"))
    session.end(1000)
    journal.close()
    assert journal.pending == 0


def test_a_full_disk_stops_journaling_and_appends_go_on(tiny_folder: Path) -> None:
    path = tiny_folder / "history.sqlite3"
    journal = Journal(path)
    session = journal.start_session("ws://h/")
    payload = os.urandom(50_000)
    for index in range(40):  # 2 MB into a 512 KiB filesystem
        session.append(message_entry(Direction.RECEIVED, payload + bytes([index])))
    wait_until(lambda: journal.problem != "")

    assert journal.problem == (
        f"Cannot write the history store {path}: the disk is full. "
        "Journaling stopped: the log is kept in memory only"
    )
    for row in rows(10_000):
        session.append_row(row)
    journal.close()
    assert journal.pending == 0
    assert journal.start_session("ws://after/").id == 0


def test_a_full_disk_is_said_by_the_store(tiny_folder: Path) -> None:
    store = HistoryStore(tiny_folder / "history.sqlite3")
    session = store.begin_session("ws://h/")

    with pytest.raises(HistoryError) as error:
        for _ in range(40):
            store.append(session, [message_entry(Direction.RECEIVED, os.urandom(50_000))])
    assert str(error.value) == (f"Cannot write the history store {store.path}: the disk is full")
    assert store.count(session) < 40


# --- many sessions per flush (a load run's thousand connections) ---------------------------
def many_sessions(journal: Journal, count: int) -> list[tuple[SessionJournal, list[Row]]]:
    """``count`` sessions with 4 varied rows each (texts, binaries, events); every third one
    with 2 captured frames, every other one ended."""
    made = []
    for index in range(count):
        session = journal.start_session(f"ws://h/{index}")
        queued = varied(index * 4, 4)
        session.extend(queued)
        if index % 3 == 0:
            session.extend_frames([(True, 1, True, False, b"f%d" % index, 1.0, 3)] * 2)
        if index % 2 == 0:
            session.end(1000 + index)
        made.append((session, queued))
    return made


def write_transactions(journal: Journal) -> list[str]:
    """The writer's SQL from now on (its own connection's trace): one string per statement."""
    assert journal._store is not None
    statements: list[str] = []
    journal._store._db.set_trace_callback(statements.append)
    return statements


def appending_transactions(statements: list[str]) -> int:
    """How many of the traced transactions inserted entries."""
    begun = [i for i, sql in enumerate(statements) if sql.startswith("BEGIN")] + [len(statements)]
    return sum(
        any(sql.startswith("INSERT INTO entries") for sql in statements[start:end])
        for start, end in itertools.pairwise(begun)
    )


@pytest.mark.parametrize("budget", [MAX_BATCH, 7])
def test_many_sessions_are_written_in_one_flush_each_in_order_with_its_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, budget: int
) -> None:
    """400 sessions, 1,600 rows (fewer than FLUSH_ENTRIES: only close() flushes): one
    transaction for all their rows; with a budget of 7 rows a transaction, sessions split
    over two, each part in order."""
    monkeypatch.setattr("wsgui.core.history.journal.MAX_BATCH", budget)
    path = tmp_path / "history.sqlite3"
    journal = Journal(path, flush_seconds=60)
    statements = write_transactions(journal)
    made = many_sessions(journal, 400)
    journal.close()

    assert journal.problem == ""
    transactions = appending_transactions(statements)
    assert transactions == (1 if budget == MAX_BATCH else -(-1600 // 7))
    with HistoryStore(path) as store:
        for index, (session, queued) in enumerate(made):
            info = store.session(session.id)
            assert info is not None
            messages = [row for row in queued if row[1] in ("text", "binary")]
            assert (info.entries, session.committed) == (4, 4)
            assert (info.sent, info.received) == (
                sum(row[0] == "sent" for row in messages),
                sum(row[0] == "received" for row in messages),
            )
            assert info.bytes == sum(row[3] for row in messages)
            assert info.frames == (2 if index % 3 == 0 else 0)
            assert (info.state, info.close_code) == (
                ("closed", 1000 + index) if index % 2 == 0 else ("closed", None)
            )
            back = store.entries(session.id)
            assert [(e.payload, e.note, e.time) for e in back] == [
                (row[2], row[5], row[4]) for row in queued
            ]


def test_a_session_deleted_while_many_are_written_is_dropped_alone(tmp_path: Path) -> None:
    """Another store deletes 3 of 300 sessions between two flushes: the next flush (one
    transaction for all) leaves those out and writes every row of the others."""
    path = tmp_path / "history.sqlite3"
    journal = Journal(path)
    sessions = [journal.start_session(f"ws://h/{index}") for index in range(300)]
    for session in sessions:
        session.extend(rows(2, "before"))
    wait_until(lambda: all(s.committed == 2 for s in sessions))
    doomed = {sessions[0].id, sessions[150].id, sessions[299].id}
    with HistoryStore(path) as other:
        other.delete(*doomed)
    for session in sessions:
        session.extend(rows(3, "after"))
        session.end(1000)
    wait_until(lambda: all(s.committed == 5 or not s.journaled for s in sessions))
    journal.close()

    assert journal.problem == ""
    assert {s.id for s in sessions if not s.journaled} == doomed
    with HistoryStore(path) as store:
        kept = {info.id: (info.state, info.entries) for info in store.sessions(limit=1000)}
        assert kept == {s.id: ("closed", 5) for s in sessions if s.id not in doomed}
        for session in sessions[1:4]:
            assert [e.payload for e in store.entries(session.id)] == [
                row[2] for row in rows(2, "before") + rows(3, "after")
            ]


def test_another_store_appending_to_a_journaled_session_loses_no_row(tmp_path: Path) -> None:
    """A second store (another process's, as two windows) appends to a session between the
    journal's flushes: the journal's next rows follow them, none is lost or overwritten."""
    path = tmp_path / "history.sqlite3"
    journal = Journal(path)
    shared, alone = journal.start_session("ws://shared/"), journal.start_session("ws://alone/")
    shared.extend(rows(3, "journal"))
    alone.extend(rows(3, "alone"))
    wait_until(lambda: (shared.committed, alone.committed) == (3, 3))
    with HistoryStore(path) as other:
        assert other.append(shared.id, rows(2, "other")) == 5
    shared.extend(rows(4, "later"))
    alone.extend(rows(1, "alone later"))
    wait_until(lambda: (shared.committed, alone.committed) == (9, 4))
    journal.close()

    assert journal.problem == ""
    with HistoryStore(path) as store:
        assert [e.payload for e in store.entries(shared.id)] == [
            row[2] for row in rows(3, "journal") + rows(2, "other") + rows(4, "later")
        ]
        assert store.session(shared.id).entries == 9  # type: ignore[union-attr]


def test_append_many_leaves_out_a_missing_session_and_the_counts_stay_right(
    tmp_path: Path,
) -> None:
    """The store's batch: a deleted session's part is left out (None), the others written
    and ended; then a single append of a store whose remembered count went stale (another
    store appended meanwhile) counts again and loses nothing."""
    path = tmp_path / "history.sqlite3"
    with HistoryStore(path) as store, HistoryStore(path) as other:
        first, gone, last = (store.begin_session(f"ws://h/{n}") for n in range(3))
        other.delete(gone)
        parts = [
            Appending(first, rows(2, "first")),
            Appending(gone, rows(2, "gone"), ended=(1000, 5.0)),
            Appending(last, rows(3, "last"), ended=(4000, 6.0)),
        ]
        assert store.append_many(parts) == [2, None, 3]
        assert store.session(gone) is None
        info = store.session(last)
        assert info is not None and (info.state, info.close_code, info.ended) == (
            "closed",
            4000,
            6.0,
        )
        assert other.append(first, rows(1, "other")) == 3  # store remembers 2 for it
        assert store.append(first, rows(1, "again")) == 4  # StaleCountError: counted again
        assert store.append_many([Appending(first, rows(1, "batch"))]) == [5]
        assert [e.payload for e in store.entries(first)] == [
            *[row[2] for row in rows(2, "first")],
            "other 0",
            "again 0",
            "batch 0",
        ]
        assert store.append_many([]) == []
