"""The request headers editor: rows of name, value and an enabled checkbox; secrets masked.

A row is secret once its value was shown masked (its name was Authorization, Cookie, a token
header…, see ``mask``) and stays so when the name is cleared or changed, until the value
itself is edited: clearing a name never reveals a token. Each row but the blank last one has a
remove button; Delete removes the selected rows.
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Sequence

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QWidget,
)

from wsgui.core.model.options import Header, mask, mask_value

NAME, VALUE, REMOVE = 0, 1, 2
# On the value item: True once the row's value was shown masked.
SECRET_ROLE = Qt.ItemDataRole.UserRole + 1
REMOVE_TIP = "Remove this header"
# Keys that remove the selected rows; on macOS the key labelled Delete sends Backspace.
_REMOVE_KEYS = (
    (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) if sys.platform == "darwin" else (Qt.Key.Key_Delete,)
)


class _MaskingDelegate(QStyledItemDelegate):
    """Paints secret header values as dots; the editor still shows the real value."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        name = index.model().index(index.row(), NAME).data() or ""
        text = option.text  # type: ignore[attr-defined]
        secret = bool(index.data(SECRET_ROLE))
        option.text = mask_value(text) if secret else mask(str(name), text)  # type: ignore[attr-defined]


class HeadersTable(QTableWidget):
    """Edits a list of Header rows; an empty last row is always there to type a new one."""

    changed = Signal()  # the user edited, checked, unchecked or removed a row

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setObjectName("headersTable")
        self.setHorizontalHeaderLabels(["Header (check to send)", "Value", ""])
        header = self.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(VALUE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(REMOVE, QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        self.setColumnWidth(NAME, 200)
        self.setColumnWidth(REMOVE, 28)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(24)
        self.setItemDelegateForColumn(VALUE, _MaskingDelegate(self))
        self.setToolTip(
            "Extra request headers. Uncheck a row to keep it without sending it; × or Delete\n"
            "removes it. Values of Authorization, Cookie and token headers are masked on screen."
        )
        self.itemChanged.connect(self._on_item_changed)
        self._append_blank_row()

    def headers(self) -> tuple[Header, ...]:
        return tuple(header for header, _secret in self.rows())

    def rows(self) -> list[tuple[Header, bool]]:
        """Each named row's header, and whether its value is a secret (shown masked)."""
        rows = []
        for row in range(self.rowCount()):
            name_item, value_item = self.item(row, NAME), self.item(row, VALUE)
            name = name_item.text().strip() if name_item else ""
            if name_item is None or not name:
                continue
            enabled = name_item.checkState() != Qt.CheckState.Unchecked
            value = value_item.text() if value_item else ""
            rows.append((Header(name, value, enabled), self.is_secret(row)))
        return rows

    def is_secret(self, row: int) -> bool:
        """True when the row's value is painted masked."""
        name_item, value_item = self.item(row, NAME), self.item(row, VALUE)
        if value_item is None:
            return False
        value = value_item.text()
        if value_item.data(SECRET_ROLE):
            return mask_value(value) != value
        return mask(name_item.text() if name_item else "", value) != value

    def set_headers(self, headers: Sequence[Header], secret_rows: Collection[int] = ()) -> None:
        """Show ``headers``; those whose index is in ``secret_rows`` are masked whatever
        their name (a secret value kept under a new name)."""
        self.blockSignals(True)
        self.setRowCount(0)
        for index, header in enumerate(headers):
            self._append_row(header, index in secret_rows)
        self._append_blank_row()
        self.blockSignals(False)

    def remove_row(self, row: int) -> None:
        """Remove one header row (never the blank last row) and say so."""
        if 0 <= row < self.rowCount() - 1:
            self.removeRow(row)
            self.changed.emit()

    def remove_selected(self) -> bool:
        """Remove the rows with a selected cell (never the blank last row); False if none."""
        rows = self._selected_rows()
        if not rows:
            return False
        for row in sorted(rows, reverse=True):
            self.removeRow(row)
        self.setCurrentCell(min(min(rows), self.rowCount() - 1), NAME)
        self.changed.emit()
        return True

    def _selected_rows(self) -> set[int]:
        rows = {index.row() for index in self.selectedIndexes()}
        rows.discard(self.rowCount() - 1)
        return rows

    def event(self, event: QEvent) -> bool:
        """Delete belongs to the table while a row is selected, not to a window shortcut."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._removes(event)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._removes(event) and self.remove_selected():
            event.accept()
            return
        super().keyPressEvent(event)

    def _removes(self, event: QKeyEvent) -> bool:
        """Delete (Backspace too on macOS), unmodified, rows selected, no cell being edited."""
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        return (
            event.key() in _REMOVE_KEYS
            and plain == Qt.KeyboardModifier.NoModifier
            and self.state() != QAbstractItemView.State.EditingState
            and bool(self._selected_rows())
        )

    def _append_row(self, header: Header, secret: bool = False) -> None:
        row = self.rowCount()
        self.insertRow(row)
        name_item = QTableWidgetItem(header.name)
        state = Qt.CheckState.Checked if header.enabled else Qt.CheckState.Unchecked
        name_item.setCheckState(state)
        self.setItem(row, NAME, name_item)
        value_item = QTableWidgetItem(header.value)
        shown_masked = secret or mask(header.name, header.value) != header.value
        value_item.setData(SECRET_ROLE, shown_masked)
        self.setItem(row, VALUE, value_item)
        self._add_remove_cell(row)

    def _append_blank_row(self) -> None:
        """The row to type a new header in; its checkbox and remove button come with a name."""
        row = self.rowCount()
        self.insertRow(row)
        self.setItem(row, NAME, QTableWidgetItem(""))
        self.setItem(row, VALUE, QTableWidgetItem(""))
        self.setItem(row, REMOVE, _inert_item())

    def _add_remove_cell(self, row: int) -> None:
        self.setItem(row, REMOVE, _inert_item())
        button = QToolButton()
        button.setObjectName("headerRemoveButton")
        button.setText("×")
        button.setToolTip(REMOVE_TIP)
        button.setAccessibleName(REMOVE_TIP)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard has Delete
        button.clicked.connect(lambda: self._remove_button_clicked(button))
        self.setCellWidget(row, REMOVE, button)

    def _remove_button_clicked(self, button: QToolButton) -> None:
        for row in range(self.rowCount()):
            if self.cellWidget(row, REMOVE) is button:
                self.remove_row(row)
                return

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == REMOVE:
            return
        self.blockSignals(True)
        row = item.row()
        name_item, value_item = self.item(row, NAME), self.item(row, VALUE)
        name = name_item.text() if name_item is not None else ""
        if value_item is not None:
            value = value_item.text()
            shown_masked = mask(name, value) != value
            if item is value_item:  # the user typed the value: it is secret by its name now
                value_item.setData(SECRET_ROLE, shown_masked)
            elif shown_masked:
                value_item.setData(SECRET_ROLE, True)
        if name.strip():
            if name_item is not None and name_item.data(Qt.ItemDataRole.CheckStateRole) is None:
                name_item.setCheckState(Qt.CheckState.Checked)
            if row == self.rowCount() - 1:
                self._add_remove_cell(row)
                self._append_blank_row()
        self.blockSignals(False)
        self.changed.emit()


def _inert_item() -> QTableWidgetItem:
    """The remove column's cell: not editable, not selectable (the button is the cell)."""
    item = QTableWidgetItem("")
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
    return item
