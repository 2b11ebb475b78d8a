"""Starting a journaled session never waits for the writer thread: the session's rows queue
from the first one, the writer makes the session in the store on its next turn and then
writes them; a session the store cannot begin drops its rows and the journal says why.

No timed assertions: the writer is held by a real lock on the store (another connection's
write transaction) and the order of events is what is checked."""

from __future__ import annotations

import errno
import sqlite3
import sys
import threading
from pathlib import Path

from tests.helpers.journaling import rows, wait_until
from wsgui.core.history.journal import Journal, SessionJournal
from wsgui.core.history.store import HistoryStore
from wsgui.core.log.store import LogStore


def writer_is_in(journal: Journal, function: str) -> bool:
    """Whether the journal's writer thread is inside ``function`` right now."""
    frame = sys._current_frames().get(journal._thread.ident or 0)
    while frame is not None:
        if frame.f_code.co_name == function:
            return True
        frame = frame.f_back
    return False


def test_start_session_returns_while_the_writer_is_held_and_its_rows_are_all_written(
    tmp_path: Path,
) -> None:
    path = tmp_path / "history.sqlite3"
    journal = Journal(path)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # the store's write lock: the writer has to wait for it
    try:
        first = journal.start_session("ws://one/", "local")
        first.append_row(rows(1, "one")[0])
        wait_until(lambda: writer_is_in(journal, "begin_sessions"))  # busy: its turn is held
        second = journal.start_session("ws://two/")  # returns while the writer is stuck
        for row in rows(3000, "two"):
            second.append_row(row)

        assert writer_is_in(journal, "begin_sessions")  # still in the same turn
        assert blocker.execute("SELECT count(*) FROM sessions").fetchone() == (0,)
        for session in (first, second):
            assert (session.journaled, session.wait_id(0), session.committed) == (True, 0, 0)
            assert session.source is journal.reader()  # opened before: not behind the lock
        assert len(second.rows) == 3000  # queued, none lost
    finally:
        blocker.execute("COMMIT")
        blocker.close()

    one, two = first.wait_id(10), second.wait_id(10)
    assert 0 < one < two  # made in the order they were started
    wait_until(lambda: (first.committed, second.committed) == (1, 3000))
    second.end(1000)
    journal.close()
    assert journal.problem == ""
    with HistoryStore(path) as store:
        made = {info.id: (info.url, info.profile, info.entries) for info in store.sessions()}
        assert made == {one: ("ws://one/", "local", 1), two: ("ws://two/", "", 3000)}
        assert [e.payload for e in store.entries(two)] == [r[2] for r in rows(3000, "two")]


def test_wait_id_gives_0_for_a_session_that_is_not_journaled(read_only_folder: Path) -> None:
    journal = Journal(read_only_folder / "history.sqlite3")
    session = journal.start_session("ws://h/")
    assert (session.journaled, session.wait_id(None)) == (False, 0)  # never blocks
    journal.close()


def fill(folder: Path) -> None:
    """Write a file into ``folder`` until its filesystem has not a byte left."""
    with (folder / "filler").open("wb", buffering=0) as filler:
        size = 1 << 16
        while size:
            try:
                filler.write(b"\0" * size)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
                size //= 2


def test_a_session_the_store_cannot_begin_drops_its_rows_and_says_why(
    tiny_folder: Path,
) -> None:
    path = tiny_folder / "history.sqlite3"
    journal = Journal(path)
    assert journal.problem == ""
    fill(tiny_folder)  # the disk fills up after the journal opened, before the connection

    session = journal.start_session("ws://h/")
    assert session.journaled  # at once: the writer has not tried yet
    for row in rows(1000):
        session.append_row(row)

    assert session.wait_id(10) == 0
    assert journal.problem == (
        f"Cannot write the history store {path}: the disk is full. "
        "Journaling stopped: the log is kept in memory only"
    )
    assert (session.journaled, len(session.rows), session.committed) == (False, 0, 0)
    session.append_row(rows(1)[0])  # still accepted, and dropped
    assert len(session.rows) == 0
    later = journal.start_session("ws://later/")
    assert (later.journaled, later.wait_id(0)) == (False, 0)
    journal.close()
    assert journal.pending == 0


def test_a_session_started_as_the_journal_closes_is_written_or_refused(tmp_path: Path) -> None:
    """close() and start_session from two threads: every session that start_session said
    journaled is made in the store, the others are not journaled; none is left waiting."""
    path = tmp_path / "history.sqlite3"
    journal = Journal(path)
    started: list[SessionJournal] = []

    def start_many() -> None:
        for index in range(200):
            started.append(journal.start_session(f"ws://h/{index}"))

    thread = threading.Thread(target=start_many)
    thread.start()
    journal.close()
    thread.join(10)
    kept = [s for s in started if s.journaled]
    assert all(s.wait_id(0) > 0 for s in kept)
    assert all(s.wait_id(0) == 0 for s in started if not s.journaled)
    with HistoryStore(path) as store:
        assert sorted(info.id for info in store.sessions()) == sorted(s.id for s in kept)


def test_the_log_moves_rows_to_disk_only_once_its_session_is_made(tmp_path: Path) -> None:
    """A tab's log (hot rows 200) journaling into a session the writer has not made yet
    keeps every row in memory; once made and committed, the older ones move and read back."""
    path = tmp_path / "history.sqlite3"
    journal = Journal(path, flush_seconds=0.01)
    log = LogStore(hot_rows=200)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        session = journal.start_session("ws://h/")
        log.record_into(session)
        log.extend_rows(rows(1000))
        assert (log.spill(), log.on_disk, session.wait_id(0)) == (0, 0, 0)
    finally:
        blocker.execute("COMMIT")
        blocker.close()
    wait_until(lambda: session.committed == 1000)
    assert log.spill() == 800 and log.on_disk == 800
    assert [log[i].payload for i in (0, 799, 999)] == ["message 0", "message 799", "message 999"]
    journal.close()
