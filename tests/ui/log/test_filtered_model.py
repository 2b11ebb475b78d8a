"""The filtered log: a correct model that follows appends, trims and clears of its source."""

from __future__ import annotations

from typing import Any

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
