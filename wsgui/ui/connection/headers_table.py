"""The request headers editor: rows of name, value and an enabled checkbox; secrets masked."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from wsgui.core.model.options import Header, mask

NAME, VALUE = 0, 1


class _MaskingDelegate(QStyledItemDelegate):
    """Paints secret header values as dots; the editor still shows the real value."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        name = index.model().index(index.row(), NAME).data() or ""
        option.text = mask(str(name), option.text)  # type: ignore[attr-defined]


class HeadersTable(QTableWidget):
    """Edits a list of Header rows; an empty last row is always there to type a new one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self.setObjectName("headersTable")
        self.setHorizontalHeaderLabels(["Header (check to send)", "Value"])
        self.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.setColumnWidth(NAME, 200)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(24)
        self.setItemDelegateForColumn(VALUE, _MaskingDelegate(self))
        self.setToolTip(
            "Extra request headers. Uncheck a row to keep it without sending it.\n"
            "Values of Authorization, Cookie and token headers are masked on screen."
        )
        self.itemChanged.connect(self._on_item_changed)
        self._append_blank_row()

    def headers(self) -> tuple[Header, ...]:
        rows = []
        for row in range(self.rowCount()):
            name_item, value_item = self.item(row, NAME), self.item(row, VALUE)
            name = name_item.text().strip() if name_item else ""
            if name_item is None or not name:
                continue
            enabled = name_item.checkState() != Qt.CheckState.Unchecked
            rows.append(Header(name, value_item.text() if value_item else "", enabled))
        return tuple(rows)

    def set_headers(self, headers: tuple[Header, ...] | list[Header]) -> None:
        self.blockSignals(True)
        self.setRowCount(0)
        for header in headers:
            self._append_row(header)
        self._append_blank_row()
        self.blockSignals(False)

    def _append_row(self, header: Header) -> None:
        row = self.rowCount()
        self.insertRow(row)
        name_item = QTableWidgetItem(header.name)
        state = Qt.CheckState.Checked if header.enabled else Qt.CheckState.Unchecked
        name_item.setCheckState(state)
        self.setItem(row, NAME, name_item)
        self.setItem(row, VALUE, QTableWidgetItem(header.value))

    def _append_blank_row(self) -> None:
        """The row to type a new header in; its checkbox appears once it has a name."""
        row = self.rowCount()
        self.insertRow(row)
        self.setItem(row, NAME, QTableWidgetItem(""))
        self.setItem(row, VALUE, QTableWidgetItem(""))

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        self.blockSignals(True)
        name_item = self.item(item.row(), NAME)
        if name_item is not None and name_item.text().strip():
            if name_item.data(Qt.ItemDataRole.CheckStateRole) is None:
                name_item.setCheckState(Qt.CheckState.Checked)
            if item.row() == self.rowCount() - 1:
                self._append_blank_row()
        self.blockSignals(False)
