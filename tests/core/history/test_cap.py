"""The history's size cap (core/history/cap.py) on real SQLite stores: the oldest sessions go
first, pinned and open ones stay, 0 is no cap, what was freed is measured, the full-text
index gives the space back, and a journal writing meanwhile goes on."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

import pytest

from tests.helpers.journaling import wait_until
from wsgui.core.history.cap import (
    MIB,
    Candidate,
    Capped,
    cap_message,
    choose,
    prune_to_cap,
)
from wsgui.core.history.journal import Journal
from wsgui.core.history.schema import fts_available
from wsgui.core.history.store import HistoryStore
from wsgui.core.model.entries import RECEIVED, TEXT, Direction, Row, message_entry

BLOB = 200_000


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    return HistoryStore(tmp_path / "history.sqlite3")


def binary_session(store: HistoryStore, started: float, *, end: bool = True) -> int:
    """A session of one 200 kB binary message (not indexed: its size is all payload)."""
    session = store.begin_session(f"ws://127.0.0.1:1/{started:g}", started=started)
    store.append(session, [message_entry(Direction.RECEIVED, os.urandom(BLOB))])
    if end:
        store.end_session(session, ended=started + 1)
    return session


def text_rows(count: int, tag: str) -> list[Row]:
    pad = "x" * 60
    text = '{{"tag": "{tag}", "seq": {i:06d}, "pad": "{pad}"}}'
    return [
        (RECEIVED, TEXT, text.format(tag=tag, i=i, pad=pad), 100, float(i), "", None, None)
        for i in range(count)
    ]


def text_store(store: HistoryStore, sessions: int, messages: int) -> list[int]:
    ids = store.begin_sessions([(f"ws://127.0.0.1:1/{i}", "", 1000.0 + i) for i in range(sessions)])
    for number, session in enumerate(ids):
        store.append(session, text_rows(messages, f"s{number}"))
        store.end_session(session, ended=1000.5 + number)
    while store.index_pending(100_000):
        pass
    return ids


def test_choose_takes_the_oldest_by_start_until_the_excess_is_covered() -> None:
    candidates = [
        Candidate(1, started=30.0, estimate=100, rows=1, indexed=0),
        Candidate(2, started=10.0, estimate=100, rows=1, indexed=0),
        Candidate(3, started=20.0, estimate=100, rows=1, indexed=0),
        Candidate(4, started=10.0, estimate=100, rows=1, indexed=0),
    ]
    assert [c.id for c in choose(candidates, 150)] == [2, 4]
    assert [c.id for c in choose(candidates, 200)] == [2, 4]
    assert [c.id for c in choose(candidates, 201)] == [2, 4, 3]
    assert [c.id for c in choose(candidates, 10**9)] == [2, 4, 3, 1]
    assert choose(candidates, 0) == []


def test_the_oldest_sessions_by_start_go_first_and_freed_bytes_are_measured(
    store: HistoryStore,
) -> None:
    # ids in one order, starts in the other: the start decides
    ids = [binary_session(store, started) for started in (50.0, 40.0, 30.0, 20.0, 10.0)]
    before = store.size_bytes()
    cap = before - int(1.5 * BLOB)

    result = prune_to_cap(store, cap)

    assert [s.id for s in store.sessions()] == ids[:3]  # newest first: 50, 40, 30
    assert (result.deleted, result.left, result.before) == (2, 3, before)
    assert result.after == store.size_bytes() <= cap
    assert result.freed == before - result.after >= 1.5 * BLOB
    assert not result.over
    freed = f"{result.freed / MIB:.1f} MiB"
    assert cap_message(result) == f"Deleted 2 session(s) ({freed}) to keep history under " + (
        f"{cap / MIB:.1f} MiB"
    )
    again = prune_to_cap(store, cap)
    assert again.deleted == 0
    assert cap_message(again) == f"History is {again.after / MIB:.1f} MiB, under " + (
        f"{cap / MIB:.1f} MiB: nothing to delete"
    )


def test_pinned_and_open_sessions_stay_whatever_the_cap(store: HistoryStore) -> None:
    pinned = binary_session(store, 1.0)
    store.set_pinned(pinned, True)
    still_open = binary_session(store, 2.0, end=False)
    closed = [binary_session(store, started) for started in (3.0, 4.0)]

    result = prune_to_cap(store, 1)

    assert [s.id for s in store.sessions()] == [still_open, pinned]
    assert (result.deleted, result.left, result.over) == (2, 0, True)
    assert store.session(closed[0]) is None and store.session(closed[1]) is None
    message = cap_message(result)
    assert message.startswith(f"Deleted 2 session(s) ({result.freed / MIB:.1f} MiB); history is ")
    assert message.endswith("over 0.0 MiB: the rest is pinned or being recorded")
    nothing = prune_to_cap(store, MIB // 10)
    assert nothing.deleted == 0 and nothing.over
    assert cap_message(nothing) == (
        f"History is {nothing.after / MIB:.1f} MiB, over 0.1 MiB: "
        "the rest is pinned or being recorded"
    )


def test_a_cap_of_zero_is_no_cap(store: HistoryStore) -> None:
    ids = [binary_session(store, started) for started in (1.0, 2.0)]
    result = prune_to_cap(store, 0)
    assert result == Capped(0, result.before, result.before, 0, 0)
    assert {s.id for s in store.sessions()} == set(ids)
    assert cap_message(result) == (
        f"No cap: history is kept whatever its size (now {result.before / MIB:.1f} MiB)"
    )


def test_a_cancelled_prune_deletes_nothing_more(store: HistoryStore) -> None:
    for started in (1.0, 2.0, 3.0):
        binary_session(store, started)
    cancel = threading.Event()
    cancel.set()
    result = prune_to_cap(store, 1, cancel)
    assert (result.deleted, result.cancelled) == (0, True)
    assert len(store.sessions()) == 3
    assert cap_message(result) == (
        f"Deleted 0 session(s) (0.0 MiB) before pruning was stopped: history is "
        f"{result.after / MIB:.1f} MiB"
    )


@pytest.mark.skipif(not fts_available(), reason="this sqlite3 has no FTS5 trigram index")
@pytest.mark.parametrize(
    ("share", "gone"),
    [(0.5, 6), (0.93, 1)],  # half: the index is emptied and rebuilt; a little: merged
)
def test_the_index_gives_the_space_of_deleted_text_back(
    store: HistoryStore, share: float, gone: int
) -> None:
    """The deleted text's index entries are freed (a contentless index frees them only as
    it merges), so no more sessions go than the cap needs: the fixed pages of the file
    (tables, schema) may take one more."""
    ids = text_store(store, sessions=12, messages=1500)
    before = store.size_bytes()
    cap = int(before * share)

    result = prune_to_cap(store, cap)

    assert result.deleted in (gone, gone + 1)
    gone = result.deleted
    assert cap - before / 12 < result.after == store.size_bytes() <= cap  # < a session more
    kept = store.sessions()
    assert [s.id for s in kept] == ids[gone:][::-1]
    assert all(s.entries == 1500 for s in kept)
    assert store.search(ids[-1], '"tag": "s11"') == list(range(1500))
    assert store.search(ids[gone], 'seq": 000042') == [42]
    db = sqlite3.connect(store.path)
    assert db.execute("SELECT min(indexed), max(indexed) FROM sessions").fetchone() == (1500, 1500)
    index = db.execute("SELECT count(*) FROM entries_fts WHERE entries_fts MATCH '\"s0\"'")
    assert index.fetchone()[0] == 0  # the deleted text is not found
    db.execute("INSERT INTO entries_fts(entries_fts) VALUES('integrity-check')")  # or raises
    db.close()


def test_a_journal_writing_meanwhile_goes_on_and_its_session_stays(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with HistoryStore(path) as seed:
        old = [binary_session(seed, started) for started in (1.0, 2.0, 3.0)]
    journal = Journal(path, flush_seconds=0.01)
    live = journal.start_session("ws://127.0.0.1:1/live")
    live.extend(text_rows(500, "first"))
    try:
        wait_until(lambda: live.committed == 500)  # in the store, open
        for chunk in range(19):  # written while the prune runs
            live.extend(text_rows(500, f"live{chunk}"))
        with HistoryStore(path, verify=False) as store:
            result = prune_to_cap(store, 1)
            wait_until(lambda: live.committed == 10_000)
            assert live.id and store.session(live.id) is not None  # open: it stays
            assert all(store.session(ident) is None for ident in old)
            assert result.deleted == 3 and not journal.problem
            assert store.count(live.id) == 10_000
    finally:
        journal.close()
