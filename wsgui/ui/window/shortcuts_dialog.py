"""Help > Keyboard shortcuts: every key of the window, read from its actions when opened (never
a hand-kept list), with a filter; non-modal."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wsgui.ui.common.labels import plain_label

FIELD_KEYS = (
    "Also: Enter in the URL field connects; Up / Down on the first / last line of the message "
    "editor recall the messages sent before; Ctrl+Shift+P finds any action by name."
)


class ShortcutsDialog(QDialog):
    """``rows`` gives (keys, action, where) each time the dialog is shown."""

    def __init__(
        self, rows: Callable[[], list[tuple[str, str, str]]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.setModal(False)
        self.resize(640, 560)
        self.rows_source = rows
        self.filter = QLineEdit()
        self.filter.setObjectName("shortcutsFilter")
        self.filter.setPlaceholderText("Filter by key or action")
        self.filter.setClearButtonEnabled(True)
        self.table = QTreeWidget()
        self.table.setObjectName("shortcutsTable")
        self.table.setHeaderLabels(["Keys", "Action", "Where"])
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        note = plain_label("shortcutsNote")
        note.setText(FIELD_KEYS)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self._apply_filter)

    def refresh(self) -> None:
        self.table.clear()
        for keys, action, where in self.rows_source():
            self.table.addTopLevelItem(QTreeWidgetItem([keys, action, where]))
        self._apply_filter()

    def rows(self) -> list[tuple[str, str, str]]:
        """What the table lists (shown or filtered out)."""
        items = (self.table.topLevelItem(i) for i in range(self.table.topLevelItemCount()))
        return [(item.text(0), item.text(1), item.text(2)) for item in items if item is not None]

    def _apply_filter(self) -> None:
        words = self.filter.text().casefold().split()
        for index in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(index)
            if item is not None:
                text = " ".join(item.text(column) for column in range(3)).casefold()
                item.setHidden(not all(word in text for word in words))


def show_shortcuts(window: QWidget, rows: Callable[[], list[tuple[str, str, str]]]) -> None:
    """One dialog per window, refreshed and raised each time it is asked for."""
    dialog = window.findChild(ShortcutsDialog, "shortcutsDialog")
    if dialog is None:
        dialog = ShortcutsDialog(rows, window)
    dialog.refresh()
    dialog.show()
    dialog.activateWindow()  # window managers raise what they activate
