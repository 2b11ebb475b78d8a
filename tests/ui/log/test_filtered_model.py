"""The filtered log: a correct model that follows appends, trims and clears of its source."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.helpers.journaling import feed, journaled_store, varied
from wsgui.core.history.journal import Journal
from wsgui.core.log.filter import LogFilter
from wsgui.core.log.store import LogStore
from wsgui.core.model.entries import Direction, Kind, event_entry, message_entry
from wsgui.ui.log.filtered_model import FilteredLogModel
from wsgui.ui.log.model import DATA, LogModel


def shown(model: FilteredLogModel) -> list[str]:
    return [model.data(model.index(row, DATA)) for row in range(model.rowCount())]


def test_filter_follows_appends_trims_and_clear(qapp: Any, qtmodeltester: Any) -> None:
    source = LogModel(LogStore(cap=20))
    model = FilteredLogModel(source)
    for index in range(10):
        source.append(
            message_entry(Direction.RECEIVED, f"{'even' if index % 2 == 0 else 'odd'} {index}")
        )
    source.flush()
    model.set_filter(LogFilter(text="even"))
    assert shown(model) == ["even 0", "even 2", "even 4", "even 6", "even 8"]
    qtmodeltester.check(model, force_py=True)  # and it keeps checking every change below

    for index in range(10, 25):  # over the cap: the oldest rows go, new matches come
        source.append(
            message_entry(Direction.RECEIVED, f"{'even' if index % 2 == 0 else 'odd'} {index}")
        )
    source.flush()
    assert shown(model) == [f"even {i}" for i in range(6, 25, 2)]
    assert model.entry(0).payload == "even 6"

    model.set_filter(LogFilter())
    assert model.rowCount() == source.rowCount()
    source.clear()
    assert model.rowCount() == 0


def test_events_and_directions(qapp: Any) -> None:
    source = LogModel()
    model = FilteredLogModel(source)
    source.append(event_entry(Kind.OPEN, "Open: x"))
    source.append(message_entry(Direction.SENT, "hello"))
    source.append(event_entry(Kind.ERROR, "boom"))
    source.flush()
    model.set_filter(LogFilter(categories=frozenset({"errors"})))
    assert shown(model) == ["boom"]
    model.set_filter(LogFilter(directions=frozenset({Direction.SENT})))
    assert shown(model) == ["hello"]


def test_rows_on_disk_are_searched_in_a_worker_and_join_the_rows_in_memory(
    qapp: Any, qtbot: Any, qtmodeltester: Any, tmp_path: Path
) -> None:
    journal = Journal(tmp_path / "history.sqlite3", flush_seconds=0.01)
    store, recorder = journaled_store(journal, "filtered")
    rows = varied(0, 1_500)
    feed(store, recorder, rows, 0)
    assert store.on_disk > 1_000
    model = FilteredLogModel(LogModel(store))
    qtmodeltester.check(model, force_py=True)
    wanted = LogFilter(text="bin14")
    hits = [i for i, r in enumerate(rows) if isinstance(r[2], bytes) and b"bin14" in r[2]]
    expected = [rows[i][2] for i in hits]
    in_memory = [i for i in hits if i >= store.on_disk]

    model.set_filter(LogFilter(text="seq"))  # its answer comes after the next filter: stale
    model.set_filter(wanted)
    assert model.searching_stored  # the rows in memory are shown at once, the others follow
    assert [model.source_row(r) for r in range(model.rowCount())] == in_memory != hits
    with qtbot.waitSignal(model.stored_search_done, timeout=10_000) as done:
        pass
    assert done.args == [""] and not model.searching_stored
    assert [model.entry(r).payload for r in range(model.rowCount())] == expected
    qtbot.wait(50)  # the stale answer, had it been taken, would have added its rows
    assert model.rowCount() == len(expected) == 18
    journal.close()
