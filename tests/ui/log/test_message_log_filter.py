"""A new search keeps the user's place in the log: the selected entry (or the nearest shown
one before it), the tail while following, or else the entry at the top of the view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QPoint
from PySide6.QtWidgets import QApplication

from wsgui.core.log.filter import LogFilter
from wsgui.core.model.entries import Direction, message_entry
from wsgui.ui.log.filtered_model import FilteredLogModel
from wsgui.ui.log.message_log import MessageLog
from wsgui.ui.log.model import LogModel

ENTRIES = 3000
EVERY_FIFTH = LogFilter(text="five")  # "message 1500 five", "message 1505 five", ...


def make_view(qtbot: Any) -> MessageLog:
    source = LogModel()
    view = MessageLog(FilteredLogModel(source))
    qtbot.addWidget(view)
    view.resize(600, 300)
    view.show()
    for index in range(ENTRIES):
        tag = " five" if index % 5 == 0 else ""
        source.append(message_entry(Direction.RECEIVED, f"message {index}{tag}"))
    source.flush()
    return view


def search(view: MessageLog, log_filter: LogFilter) -> None:
    """What ConnectionPage does with a new search, then the events the window would see."""
    filtered = view.log_model
    assert isinstance(filtered, FilteredLogModel)
    filtered.set_filter(log_filter)
    QApplication.processEvents()  # the view's delayed layout must not undo the place


def select(view: MessageLog, index: int) -> None:
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
    flags |= QItemSelectionModel.SelectionFlag.Rows
    view.selectionModel().setCurrentIndex(view.model().index(index, 0), flags)
    view.scrollTo(view.model().index(index, 0))


def current_payload(view: MessageLog) -> str:
    current = view.currentIndex()
    assert current.isValid(), "nothing is selected any more"
    assert view.selectionModel().isRowSelected(current.row())
    return str(view.log_model.entry(current.row()).payload)


def in_view(view: MessageLog, row: int) -> bool:
    rect = view.visualRect(view.model().index(row, 0))
    return view.viewport().rect().contains(rect.center())


def top_payload(view: MessageLog) -> str:
    return str(view.log_model.entry(view.rowAt(0)).payload)


def test_the_selected_entry_stays_selected_and_in_view(qtbot: Any) -> None:
    view = make_view(qtbot)
    selected: list[object] = []
    view.entry_selected.connect(selected.append)
    select(view, 1500)
    search(view, EVERY_FIFTH)
    assert view.model().rowCount() == ENTRIES // 5
    assert current_payload(view) == "message 1500 five"
    assert in_view(view, view.currentIndex().row())

    search(view, LogFilter())  # the search cleared: still there
    assert current_payload(view) == "message 1500 five"
    assert in_view(view, 1500)
    assert getattr(selected[-1], "payload", None) == "message 1500 five"


def test_a_hidden_selection_moves_to_the_nearest_shown_entry_before_it(qtbot: Any) -> None:
    view = make_view(qtbot)
    select(view, 2203)
    search(view, EVERY_FIFTH)
    assert current_payload(view) == "message 2200 five"
    assert in_view(view, view.currentIndex().row())

    select(view, 0)
    search(view, LogFilter(text="message 17"))  # nothing before it: the first
    assert current_payload(view) == "message 17"


def test_nothing_selected_while_following_stays_at_the_tail(qtbot: Any) -> None:
    view = make_view(qtbot)
    view.scrollToBottom()
    bar = view.verticalScrollBar()
    search(view, EVERY_FIFTH)
    assert bar.value() == bar.maximum() > 0
    assert in_view(view, view.model().rowCount() - 1)
    search(view, LogFilter())
    assert bar.value() == bar.maximum()
    assert in_view(view, ENTRIES - 1)


def test_otherwise_the_top_entry_stays_at_the_top(qtbot: Any) -> None:
    view = make_view(qtbot)
    view.scrollTo(view.model().index(1000, 0), MessageLog.ScrollHint.PositionAtTop)
    assert top_payload(view) == "message 1000 five"
    search(view, EVERY_FIFTH)
    assert top_payload(view) == "message 1000 five"
    search(view, LogFilter())
    assert top_payload(view) == "message 1000 five"

    view.scrollTo(view.model().index(1234, 0), MessageLog.ScrollHint.PositionAtTop)
    search(view, EVERY_FIFTH)  # 1234 is hidden: the one before it
    assert top_payload(view) == "message 1230 five"
    assert view.indexAt(QPoint(0, 0)).isValid()
