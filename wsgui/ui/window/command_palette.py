"""The command palette (Ctrl+Shift+P): type part of an action's name or menu path, Enter runs
it, Esc closes. It lies over the top of the window: non-modal, nothing else is blocked."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHeaderView,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wsgui.core.system.fuzzy import ranked
from wsgui.ui.window.action_catalog import SEPARATOR, MenuEntry

WIDTH = 620
ROWS = 12
_ACTION_ROLE = Qt.ItemDataRole.UserRole + 1
_MOVES = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}


class CommandPalette(QFrame):
    """``entries`` is asked for the actions each time the palette opens (menus change)."""

    def __init__(self, entries: Callable[[], list[MenuEntry]], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("commandPalette")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.entries_source = entries
        self.entries: list[MenuEntry] = []
        self.edit = QLineEdit()
        self.edit.setObjectName("commandPaletteEdit")
        self.edit.setPlaceholderText("Type part of an action's name — Enter runs it, Esc closes")
        self.edit.setClearButtonEnabled(True)
        self.list = QTreeWidget()
        self.list.setObjectName("commandPaletteList")
        self.list.setColumnCount(2)
        self.list.setHeaderHidden(True)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing stays in the edit
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.edit)
        layout.addWidget(self.list)
        self.edit.textChanged.connect(self._refill)
        self.edit.returnPressed.connect(self.run_selected)
        self.edit.installEventFilter(self)
        self.list.itemClicked.connect(lambda item, _column: self._run(item))
        self._return_focus: QWidget | None = None
        self.hide()

    def open(self) -> None:
        """Show over the top of the window, empty, listing every action."""
        self.entries = self.entries_source()
        self._return_focus = QApplication.focusWidget()
        self.edit.clear()
        self._refill()
        parent = self.parentWidget()
        assert parent is not None
        row = max(self.list.sizeHintForRow(0), self.list.fontMetrics().height() + 4)
        width = min(WIDTH, parent.width() - 40)
        height = min(self.edit.sizeHint().height() + ROWS * row + 24, parent.height() - 60)
        self.setGeometry((parent.width() - width) // 2, 30, width, height)
        self.show()
        self.raise_()
        self.edit.setFocus()

    def close_palette(self) -> None:
        """Esc: hide and give the focus back to where it was."""
        self.hide()
        if self._return_focus is not None:
            self._return_focus.setFocus()

    def run_selected(self) -> None:
        """Enter: run the highlighted action (the best match unless another was chosen)."""
        item = self.list.currentItem()
        if item is not None:
            self._run(item)

    def shown_names(self) -> list[str]:
        """What the list offers now, menu path and action (tests and tools read this)."""
        return [
            text
            for index in range(self.list.topLevelItemCount())
            if (item := self.list.topLevelItem(index)) is not None
            and (text := item.text(0).removeprefix("✓ "))
        ]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and isinstance(event, QKeyEvent):
            if event.type() == QEvent.Type.KeyPress:
                if event.key() == Qt.Key.Key_Escape:
                    self.close_palette()
                    return True
                if event.key() in _MOVES:
                    QApplication.sendEvent(self.list, QKeyEvent(event))
                    return True
            elif event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_Escape:
                event.accept()  # Esc is ours while typing here
                return True
        return super().eventFilter(watched, event)

    def _refill(self) -> None:
        self.list.clear()
        candidates = [(entry.name, entry.path) for entry in self.entries]
        first_enabled: QTreeWidgetItem | None = None
        for index in ranked(self.edit.text(), candidates):
            entry = self.entries[index]
            action = entry.action
            mark = "✓ " if action.isCheckable() and action.isChecked() else ""
            item = QTreeWidgetItem([f"{mark}{entry.path}{SEPARATOR}{entry.name}", entry.keys])
            item.setData(0, _ACTION_ROLE, action)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            tip = action.toolTip() if action.toolTip() != entry.name else ""
            if not action.isEnabled():
                item.setFlags(Qt.ItemFlag.NoItemFlags)  # greyed: not possible now
                tip = "Not available now" + (f": {tip}" if tip else "")
            elif first_enabled is None:
                first_enabled = item
            item.setToolTip(0, tip)
            self.list.addTopLevelItem(item)
        if first_enabled is not None:
            self.list.setCurrentItem(first_enabled)

    def _run(self, item: QTreeWidgetItem) -> None:
        action = item.data(0, _ACTION_ROLE)
        if not isinstance(action, QAction) or not action.isEnabled():
            return
        self.close_palette()
        action.trigger()
