"""The log beyond RAM: a LogStore whose rows are journaled keeps only the newest in memory and
reads the others back from the real store on disk, unchanged and in place; its filters run
as queries over them and find exactly what the same filters find in memory."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from tests.helpers.journaling import HOT, feed, journaled_store, varied, wait_until
from wsgui.core.history.journal import Journal
from wsgui.core.history.reading import SessionReader
from wsgui.core.history.rows import INDEX_BITS
from wsgui.core.history.store import HistoryStore
from wsgui.core.history.trigrams import rarest_match
from wsgui.core.log.filter import LogFilter, matching_rows
from wsgui.core.log.paging import JoinedRows
from wsgui.core.log.store import LogStore
from wsgui.core.model.entries import Direction


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    opened = Journal(tmp_path / "history.sqlite3", flush_seconds=0.01)
    yield opened
    opened.close()


def test_rows_beyond_the_newest_are_read_back_from_disk_unchanged(journal: Journal) -> None:
    store, recorder = journaled_store(journal, "a")
    rows = varied(0, 2_000)
    big = "x" * (2**20 + 5)  # stored in chunks
    rows[10] = ("received", "text", big, len(big), 10.0, "", None, None)
    feed(store, recorder, rows, 0)
    assert store.on_disk >= len(rows) - HOT * 3 // 2 and len(store) == len(rows)
    assert isinstance(store.rows, JoinedRows)
    assert list(store.rows) == rows
    assert store.rows[5:15] == rows[5:15] and store.rows[-3:] == rows[-3:]
    assert store[10].payload == big and store[1_999].time == 1_999.0
    assert list(store.snapshot()) == rows  # what an export reads, in its worker thread


@pytest.mark.parametrize(
    "log_filter",
    [
        LogFilter(text="price"),  # plain, case-insensitive: LIKE
        LogFilter(text="%_"),  # LIKE's wildcards taken literally
        LogFilter(text="Price", case_sensitive=True),
        LogFilter(text="bin1"),  # binary payloads, NUL bytes before the text
        LogFilter(text="grüße"),  # non-ASCII: folded as Python folds it
        LogFilter(text=r"seq\": 1\d5,", regex=True),
        LogFilter(text="bye|closed 1", regex=True),
        LogFilter(directions=frozenset({Direction.SENT, Direction.EVENT})),
        LogFilter(text="1", categories=frozenset({"binary", "events"})),
    ],
    ids=lambda f: f"{f.text!r}-{f.regex}-{f.case_sensitive}-{len(f.directions)}",
)
def test_a_filter_finds_on_disk_what_it_finds_in_memory(
    journal: Journal, log_filter: LogFilter
) -> None:
    store, recorder = journaled_store(journal, "f")
    rows = varied(0, 1_500)
    feed(store, recorder, rows, 0)
    assert store.on_disk > 1_000
    expected = matching_rows(rows, log_filter)
    assert expected, "a filter that finds nothing proves nothing"
    assert matching_rows(store.rows, log_filter) == expected


@pytest.mark.parametrize(
    "log_filter",
    [
        LogFilter(text='SEQ": 123'),  # plain, case-insensitive
        LogFilter(text='seq": 14', case_sensitive=True),
        LogFilter(text="bin14"),  # binary payloads: through entries_binary
        LogFilter(text="3 été"),  # non-ASCII letters that fold one to one
        LogFilter(text="bin14", categories=frozenset({"binary"})),
        LogFilter(text="closed 14", directions=frozenset({Direction.EVENT})),
    ],
    ids=lambda f: f"{f.text!r}-{f.case_sensitive}-{len(f.directions)}-{len(f.categories)}",
)
def test_a_filter_through_the_trigram_index_finds_what_it_finds_in_memory(
    journal: Journal, log_filter: LogFilter
) -> None:
    store, recorder = journaled_store(journal, "i")
    rows = varied(0, 1_500)
    feed(store, recorder, rows, 0)
    session = recorder.wait_id(5)
    db = sqlite3.connect(journal.path)
    wait_until(
        lambda: (
            db.execute("SELECT indexed FROM sessions WHERE id = ?", (session,)).fetchone()[0]
            == len(rows)
        )
    )
    first = session << INDEX_BITS
    assert rarest_match(db, log_filter.text, first, first + len(rows) - 1) is not None
    expected = matching_rows(rows, log_filter)
    assert expected, "a filter that finds nothing proves nothing"
    assert matching_rows(store.rows, log_filter) == expected


def test_rows_of_no_session_between_two_connections_keep_their_place(journal: Journal) -> None:
    store, first = journaled_store(journal, "one")
    rows = varied(0, 600)
    feed(store, first, rows, 0)
    first.end(1000)
    store.record_into(None)
    between = [("event", "info", f"Reconnecting {i}", 0, 0.5, "", None, None) for i in range(3)]
    store.extend_rows(between)
    second = journal.start_session("ws://127.0.0.1:1/two")
    store.record_into(second)
    more = varied(600, 900)
    feed(store, second, more, 0)
    assert store.on_disk > 600 + len(between)  # the events went to disk between the sessions
    assert list(store.rows) == rows + between + more


def test_after_clear_the_log_goes_on_and_the_session_keeps_everything(
    journal: Journal, tmp_path: Path
) -> None:
    store, recorder = journaled_store(journal, "c")
    before = varied(0, 500)
    recorded = feed(store, recorder, before, 0)
    store.clear()
    after = varied(500, 700)
    feed(store, recorder, after, recorded)
    assert store.on_disk and list(store.rows) == after
    with HistoryStore(tmp_path / "history.sqlite3") as history:
        assert history.count(recorder.id) == len(before) + len(after)


def test_a_journal_that_stops_leaves_the_rows_in_memory_under_the_cap(journal: Journal) -> None:
    store, recorder = journaled_store(journal, "d", cap=1_000)
    rows = varied(0, 600)
    feed(store, recorder, rows, 0)
    on_disk = store.on_disk
    assert on_disk
    recorder.drop()  # as when the disk fills up: nothing more is committed
    for at in range(0, 1_500, 50):
        batch = varied(600 + at, 50)
        drop = store.rows_to_drop(len(batch))
        if drop:
            store.drop_oldest(drop)
        store.extend_rows(batch)
        store.spill()
    assert store.on_disk == 0 and len(store) <= 1_000  # the rows on disk went first
    assert store.dropped == 2_100 - len(store)
    assert list(store.rows) == varied(2_100 - len(store), len(store))


def test_finding_the_nth_message_reads_through_the_rows_on_disk(journal: Journal) -> None:
    store, recorder = journaled_store(journal, "n")
    rows = varied(0, 800)
    feed(store, recorder, rows, 0)
    received = [i for i, r in enumerate(rows) if r[0] == "received" and r[1] == "text"]
    assert store.nth_message(0, Direction.RECEIVED, 3) in received


def test_an_opened_session_reads_only_what_it_shows_and_says_what_was_deleted(
    tmp_path: Path,
) -> None:
    path = tmp_path / "history.sqlite3"
    with HistoryStore(path) as history:
        session = history.begin_session("ws://127.0.0.1:1/o")
        history.append(session, varied(0, 5_000))
    reader = SessionReader(HistoryStore(path, verify=False))
    store = LogStore.of_session(reader, session, 5_000, sent=10, received=20)
    assert len(store) == 5_000 and store.messages[Direction.RECEIVED] == 20
    assert store[4_999].time == 4_999.0
    assert len(store._disk._pages) == 1  # type: ignore[union-attr]  # one page read
    with HistoryStore(path) as history:
        history.delete(session)
    assert store[4_998].payload == varied(4_998, 1)[0][2]  # that page is cached
    gone = store[0]
    assert gone.direction is Direction.EVENT and re.search("no longer in the history", gone.payload)
    reader.close()
