"""The headers editor: rows in, rows out, disabled rows kept, secrets masked on screen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem, QTableWidgetItem

from wsgui.core.model.options import Header
from wsgui.ui.connection.headers_table import NAME, VALUE, HeadersTable


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
