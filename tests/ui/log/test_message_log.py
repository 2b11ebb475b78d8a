"""The log view: follows the tail only from the bottom, copies full payloads, clears."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QGuiApplication

from wsgui.core.model.entries import Direction, message_entry
from wsgui.ui.log.message_log import MessageLog
from wsgui.ui.log.model import LogModel


def make_view(qtbot: Any, rows: int) -> MessageLog:
    model = LogModel()
    view = MessageLog(model)
    qtbot.addWidget(view)
    view.resize(600, 300)
    view.show()
    for index in range(rows):
        model.append(message_entry(Direction.RECEIVED, f"message {index}"))
    model.flush()
    return view


def test_follows_the_tail_only_while_at_the_bottom(qtbot: Any) -> None:
    view = make_view(qtbot, 200)
    bar = view.verticalScrollBar()
    view.scrollToBottom()
    assert bar.value() == bar.maximum()
    view.log_model.append(message_entry(Direction.RECEIVED, "new at the bottom"))
    view.log_model.flush()
    assert bar.value() == bar.maximum()

    bar.setValue(0)  # the user scrolled up to read something
    view.log_model.append(message_entry(Direction.RECEIVED, "must not pull the view down"))
    view.log_model.flush()
    assert bar.value() == 0


def test_copy_puts_full_payloads_on_the_clipboard(qtbot: Any) -> None:
    view = make_view(qtbot, 0)
    long_text = "y" * 500 + "\nsecond line"
    view.log_model.append(message_entry(Direction.SENT, long_text))
    view.log_model.append(message_entry(Direction.RECEIVED, b"\x00\x01"))
    view.log_model.flush()
    view.selectAll()
    view.copy_action.trigger()
    lines = QGuiApplication.clipboard().text().split("\n")
    assert lines[0].split("\t")[1:4] == ["sent", "text", "512"]
    assert lines[0].endswith("y" * 500)
    assert lines[1] == "second line"
    assert lines[2].split("\t")[1:] == ["received", "binary", "2", "00 01"]


def test_clear_action_empties_the_log(qtbot: Any) -> None:
    view = make_view(qtbot, 10)
    view.clear_action.trigger()
    assert view.model().rowCount() == 0


def test_follow_tail_can_be_turned_off(qtbot: Any) -> None:
    view = make_view(qtbot, 200)
    bar = view.verticalScrollBar()
    view.scrollToBottom()
    view.follow_action.setChecked(False)
    before = bar.value()
    for index in range(20):
        view.log_model.append(message_entry(Direction.RECEIVED, f"new {index}"))
    view.log_model.flush()
    assert bar.value() == before  # stays put
    view.follow_action.setChecked(True)
    for index in range(20):
        view.log_model.append(message_entry(Direction.RECEIVED, f"more {index}"))
    view.log_model.flush()
    assert bar.value() > before  # following again (it was at the bottom before these rows)
