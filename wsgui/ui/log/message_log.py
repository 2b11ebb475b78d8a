"""The log table: fixed-height rows, follows the tail only while scrolled to the bottom."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from wsgui.core.model.entries import LogEntry
from wsgui.ui.log.filtered_model import FilteredLogModel
from wsgui.ui.log.model import (
    DATA,
    DELTA,
    DIRECTION,
    KIND,
    SIZE,
    TIME,
    LogModel,
    format_time,
)
from wsgui.ui.log.plain_text_delegate import PlainTextDelegate
from wsgui.ui.theme.colors import row_colors, theme_for

ROW_HEIGHT = 22


def entry_as_line(entry: LogEntry) -> str:
    """One entry as a tab-separated line for the clipboard, with the full payload."""
    payload = entry.payload.hex(" ") if isinstance(entry.payload, bytes) else entry.payload
    size = str(entry.size) if entry.is_message else ""
    return "\t".join(
        [format_time(entry.time), entry.direction.value, entry.kind.value, size, payload]
    )


class MessageLog(QTableView):
    """A view onto LogModel. Selecting a row emits ``entry_selected``."""

    entry_selected = Signal(object)  # LogEntry | None
    span_selected = Signal(float)  # seconds between two selected entries

    def __init__(self, model: LogModel | FilteredLogModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageLog")
        self.log_model = model
        self.setModel(model)
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        vertical.setVisible(False)
        header = self.horizontalHeader()
        for column, width in ((TIME, 100), (DELTA, 85), (DIRECTION, 95), (KIND, 60), (SIZE, 80)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, width)
        header.setSectionResizeMode(DATA, QHeaderView.ResizeMode.Stretch)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setItemDelegate(PlainTextDelegate(self))  # repainted up to 25 times a second
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._show_menu)
        self._follow_theme()

        self.copy_action = QAction("Copy", self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.copy_action.setToolTip("Copy the selected entries, payloads in full (Ctrl+C)")
        self.copy_action.triggered.connect(self.copy_selection)
        self.clear_action = QAction("Clear log", self)
        self.clear_action.setShortcut(QKeySequence("Ctrl+K"))
        self.clear_action.setToolTip("Remove every entry from the log (Ctrl+K)")
        self.clear_action.triggered.connect(model.clear)
        self.addAction(self.copy_action)

        self._follow_tail = True
        self.follow_action = QAction("Follow tail", self)
        self.follow_action.setCheckable(True)
        self.follow_action.setChecked(True)
        self.follow_action.setToolTip(
            "Scroll to new entries while the log is scrolled to the bottom"
        )
        model.rowsAboutToBeInserted.connect(self._remember_if_at_bottom)
        model.rowsInserted.connect(self._scroll_if_following)
        selection = self.selectionModel()
        selection.selectionChanged.connect(lambda *_: self._report_span())
        selection.currentRowChanged.connect(self._on_current_changed)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._follow_theme()

    def _follow_theme(self) -> None:
        """Row colors made for this view's background (a theme switch changes it)."""
        model = self.log_model
        source = model.source if isinstance(model, FilteredLogModel) else model
        source.set_row_colors(row_colors(theme_for(self.palette())))
        self.viewport().update()

    def selected_entries(self) -> list[LogEntry]:
        rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
        return [self.log_model.entry(row) for row in rows]

    def copy_selection(self) -> None:
        lines = [entry_as_line(entry) for entry in self.selected_entries()]
        if lines:
            QGuiApplication.clipboard().setText("\n".join(lines))

    def _report_span(self) -> None:
        entries = self.selected_entries()
        if len(entries) == 2:
            self.span_selected.emit(abs(entries[1].time - entries[0].time))

    def _remember_if_at_bottom(self) -> None:
        bar = self.verticalScrollBar()
        self._follow_tail = bar.value() >= bar.maximum() - ROW_HEIGHT

    def _scroll_if_following(self) -> None:
        if self._follow_tail and self.follow_action.isChecked():
            self.scrollToBottom()

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.entry_selected.emit(self.log_model.entry(current.row()) if current.isValid() else None)

    def _show_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(self.copy_action)
        menu.addAction(self.clear_action)
        menu.popup(self.viewport().mapToGlobal(position))
