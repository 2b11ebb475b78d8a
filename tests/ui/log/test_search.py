"""The search box: an invalid regex is explained without taking room from the search edit."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from wsgui.ui.log.search import LogSearch


def settled_width(search: LogSearch) -> int:
    QApplication.processEvents()  # the layout requests posted by the label changes
    QApplication.processEvents()
    return search.edit.width()


def test_an_invalid_regex_keeps_the_search_box_width(qtbot: Any) -> None:
    search = LogSearch()
    qtbot.addWidget(search)
    search.resize(1000, 40)
    search.show()
    search.show_count(3, 3)
    before = settled_width(search)
    assert before > 500  # most of the bar

    search.regex.setChecked(True)
    search.edit.setText("alpha (")
    search.apply()
    assert settled_width(search) == before
    assert search.problem_action.isVisible()
    message = "Search: invalid regular expression at position 7: missing ), unterminated subpattern"
    assert search.problem_action.toolTip().startswith(message)
    assert search.edit.toolTip().startswith(message)
    assert search.count.text() == "3 entries"  # the previous search still applies

    search.edit.setText("alpha (1)")
    search.apply()
    assert settled_width(search) == before
    assert not search.problem_action.isVisible()
    assert not search.edit.toolTip().startswith("Search: invalid")
