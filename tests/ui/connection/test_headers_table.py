"""The headers table: rows in, rows out, disabled rows kept, secrets masked on screen (and
still masked once their name is cleared), rows removed by their button or Delete."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QStyleOptionViewItem,
    QTableWidgetItem,
    QToolButton,
)

from wsgui.core.model.options import Header
from wsgui.ui.connection.headers_table import NAME, REMOVE, VALUE, HeadersTable


def test_round_trip_keeps_disabled_rows(qapp: Any) -> None:
    table = HeadersTable()
    headers = [Header("X-One", "1"), Header("X-Off", "2", enabled=False)]
    table.set_headers(headers)
    assert table.headers() == tuple(headers)
    assert table.rowCount() == 3  # plus the blank row to type into


def test_typing_a_name_in_the_blank_row_adds_a_checked_header(qapp: Any) -> None:
    table = HeadersTable()
    table.setItem(0, VALUE, QTableWidgetItem("v"))
    table.item(0, NAME).setText("X-New")
    assert table.headers() == (Header("X-New", "v"),)
    assert table.item(0, NAME).checkState() == Qt.CheckState.Checked
    assert table.rowCount() == 2


def test_secret_values_are_painted_masked(qapp: Any) -> None:
    table = HeadersTable()
    table.set_headers([Header("Authorization", "Bearer abc"), Header("X-Plain", "visible")])
    delegate = table.itemDelegateForColumn(VALUE)

    def painted(row: int) -> str:
        option = QStyleOptionViewItem()
        delegate.initStyleOption(option, table.model().index(row, VALUE))
        return str(option.text)  # type: ignore[attr-defined]

    assert painted(0) == "Bearer ••••••"
    assert painted(1) == "visible"
    assert table.headers()[0].value == "Bearer abc"  # what is sent is the real value


def painted(table: HeadersTable, row: int) -> str:
    """The text the value cell is painted with (what the screen shows)."""
    option = QStyleOptionViewItem()
    table.itemDelegateForColumn(VALUE).initStyleOption(option, table.model().index(row, VALUE))
    return str(option.text)  # type: ignore[attr-defined]


def open_editor(table: HeadersTable, row: int, column: int) -> QLineEdit:
    table.editItem(table.item(row, column))
    editor = table.indexWidget(table.model().index(row, column))
    assert isinstance(editor, QLineEdit)
    return editor


def edit_cell(qtbot: Any, table: HeadersTable, row: int, column: int, text: str) -> None:
    """Type ``text`` into a cell through its editor, as a user does, and press Enter."""
    table.setCurrentCell(row, column)
    editor = open_editor(table, row, column)
    editor.selectAll()
    editor.insert(text)
    commit(qtbot, table, editor)


def commit(qtbot: Any, table: HeadersTable, editor: QLineEdit) -> None:
    """Enter, and wait for the view to take the text (it does so on the next event loop)."""
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState, timeout=1000)


def test_clearing_the_name_of_a_secret_row_keeps_its_value_masked(qtbot: Any) -> None:
    table = HeadersTable()
    qtbot.addWidget(table)
    table.show()
    table.set_headers([Header("Authorization", "Bearer abc")])
    assert painted(table, 0) == "Bearer ••••••"
    edit_cell(qtbot, table, 0, NAME, "")  # the leak: this showed "Bearer abc"
    assert table.item(0, NAME).text() == ""
    assert "abc" not in painted(table, 0)
    edit_cell(qtbot, table, 0, NAME, "X-Plain")
    assert painted(table, 0) == "Bearer ••••••"
    assert table.headers() == (Header("X-Plain", "Bearer abc"),)


def test_a_typed_secret_stays_masked_after_a_rename(qtbot: Any) -> None:
    table = HeadersTable()
    qtbot.addWidget(table)
    table.show()
    edit_cell(qtbot, table, 0, NAME, "X-Api-Key")
    edit_cell(qtbot, table, 0, VALUE, "k-123")
    assert painted(table, 0) == "••••••"
    table.item(0, NAME).setText("X-Renamed")
    assert painted(table, 0) == "••••••"


def test_editing_the_value_itself_shows_it_by_its_name_again(qtbot: Any) -> None:
    table = HeadersTable()
    qtbot.addWidget(table)
    table.show()
    table.set_headers([Header("Authorization", "Bearer abc")])
    table.item(0, NAME).setText("X-Plain")
    assert painted(table, 0) == "Bearer ••••••"
    edit_cell(qtbot, table, 0, VALUE, "shown")
    assert painted(table, 0) == "shown"
    table.set_headers([Header("X-Kept", "Bearer abc")], secret_rows={0})
    assert painted(table, 0) == "Bearer ••••••"
    assert table.rows() == [(Header("X-Kept", "Bearer abc"), True)]


def remove_buttons(table: HeadersTable) -> list[QToolButton | None]:
    return [table.cellWidget(row, REMOVE) for row in range(table.rowCount())]  # type: ignore[misc]


def test_each_row_but_the_blank_one_has_a_remove_button(qtbot: Any) -> None:
    table = HeadersTable()
    qtbot.addWidget(table)
    table.set_headers([Header("X-One", "1"), Header("X-Two", "2")])
    buttons = remove_buttons(table)
    assert buttons[2] is None
    for button in buttons[:2]:
        assert isinstance(button, QToolButton)
        assert button.toolTip() == "Remove this header"
        assert button.accessibleName() == "Remove this header"
    table.item(2, NAME).setText("X-Three")  # typed in the blank row: it gets its button
    assert isinstance(table.cellWidget(2, REMOVE), QToolButton)
    assert table.cellWidget(3, REMOVE) is None


def test_the_remove_button_removes_its_row_and_says_so(qtbot: Any) -> None:
    table = HeadersTable()
    qtbot.addWidget(table)
    table.show()
    table.set_headers([Header("X-One", "1"), Header("X-Two", "2"), Header("X-Three", "3")])
    with qtbot.waitSignal(table.changed, timeout=1000):
        qtbot.mouseClick(table.cellWidget(1, REMOVE), Qt.MouseButton.LeftButton)
    assert table.headers() == (Header("X-One", "1"), Header("X-Three", "3"))
    with qtbot.waitSignal(table.changed, timeout=1000):
        qtbot.mouseClick(table.cellWidget(1, REMOVE), Qt.MouseButton.LeftButton)
    assert table.headers() == (Header("X-One", "1"),)
    assert table.rowCount() == 2


def test_delete_removes_the_selected_rows_not_the_blank_one(qtbot: Any) -> None:
    table = HeadersTable()
    qtbot.addWidget(table)
    table.show()
    table.set_headers([Header("X-One", "1"), Header("X-Two", "2"), Header("X-Three", "3")])
    table.setCurrentCell(1, VALUE)
    with qtbot.waitSignal(table.changed, timeout=1000):
        qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert table.headers() == (Header("X-One", "1"), Header("X-Three", "3"))
    table.selectAll()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert table.headers() == ()
    assert table.rowCount() == 1  # the blank row to type into stays
    table.setCurrentCell(0, NAME)
    with qtbot.assertNotEmitted(table.changed):
        qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert table.rowCount() == 1


def test_delete_while_editing_a_cell_edits_the_text(qtbot: Any) -> None:
    table = HeadersTable()
    qtbot.addWidget(table)
    table.show()
    table.set_headers([Header("X-One", "1")])
    table.setCurrentCell(0, NAME)
    editor = open_editor(table, 0, NAME)
    editor.setCursorPosition(0)
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    commit(qtbot, table, editor)
    assert table.headers() == (Header("-One", "1"),)
