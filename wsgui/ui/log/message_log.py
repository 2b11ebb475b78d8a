"""The log table: fixed-height rows, follows the tail only while scrolled to the bottom.

A new search resets the filtered model; the view keeps the user's place across it: the
selected entry stays selected where it was on screen (or the nearest shown entry before it
takes its place), with nothing selected a view following the tail stays at the tail, and
otherwise the entry at the top stays at the top.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
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


class Place(NamedTuple):
    """Where the user is in the log, in source rows (they outlive a new search)."""

    selected: int | None  # the current entry
    selected_y: int | None  # its top in the viewport, if it was on screen
    at_tail: bool  # following the tail
    top: int | None  # the entry at the top of the view
    top_offset: int  # pixels of it scrolled out above


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
        self.menu_actions: list[QAction] = []  # more entries for the context menu (the window's)

        self._follow_tail = True
        self.follow_action = QAction("Follow tail", self)
        self.follow_action.setCheckable(True)
        self.follow_action.setChecked(True)
        self.follow_action.setToolTip(
            "Scroll to new entries while the log is scrolled to the bottom"
        )
        model.rowsAboutToBeInserted.connect(self._remember_if_at_bottom)
        model.rowsInserted.connect(self._scroll_if_following)
        self._place: Place | None = None
        model.modelAboutToBeReset.connect(self._remember_place)
        model.modelReset.connect(self._restore_place)
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

    def show_source_row(self, source_row: int) -> bool:
        """Select and scroll to the log model's row ``source_row``; False when the search
        or filters hide it."""
        model = self.log_model
        shown = (
            model.row_for_source(source_row)
            if isinstance(model, FilteredLogModel)
            else (source_row)
        )
        if shown is None:
            return False
        self.selectRow(shown)
        self.scrollTo(model.index(shown, 0))
        return True

    def _source_row(self, row: int) -> int:
        model = self.log_model
        return model.source_row(row) if isinstance(model, FilteredLogModel) else row

    def _nearest_row(self, source_row: int) -> int | None:
        model = self.log_model
        if isinstance(model, FilteredLogModel):
            return model.nearest_row(source_row)
        count = model.rowCount()
        return min(source_row, count - 1) if count else None

    def _remember_place(self) -> None:
        header, bar = self.verticalHeader(), self.verticalScrollBar()
        current = self.currentIndex()
        selected = selected_y = None
        if self.selectionModel().isSelected(current):  # not a focus-only current
            selected = self._source_row(current.row())
            y = header.sectionViewportPosition(current.row())
            if 0 <= y <= self.viewport().height() - header.sectionSize(current.row()):
                selected_y = y
        top_row = header.logicalIndexAt(0)
        top = self._source_row(top_row) if top_row >= 0 else None
        offset = bar.value() - header.sectionPosition(top_row) if top_row >= 0 else 0
        following = self.follow_action.isChecked() and bar.value() >= bar.maximum() - ROW_HEIGHT
        self._place = Place(selected, selected_y, following, top, offset)

    def _restore_place(self) -> None:
        place, self._place = self._place, None
        if place is None or not self.log_model.rowCount():
            return
        header, bar = self.verticalHeader(), self.verticalScrollBar()
        header.executeDelayedItemsLayout()  # the layout Qt would do later (from the top),
        self.executeDelayedItemsLayout()  # now: the scroll range of the new row count
        if place.selected is not None:
            row = self._nearest_row(place.selected)
            assert row is not None
            index = self.log_model.index(row, 0)
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
            flags |= QItemSelectionModel.SelectionFlag.Rows
            self.selectionModel().setCurrentIndex(index, flags)
            if place.selected_y is None:
                self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
            else:  # where it was on screen
                bar.setValue(header.sectionPosition(row) - place.selected_y)
        elif place.at_tail:
            self.scrollToBottom()
        elif place.top is not None:
            row = self._nearest_row(place.top)
            assert row is not None
            same = self._source_row(row) == place.top
            bar.setValue(header.sectionPosition(row) + (place.top_offset if same else 0))

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.entry_selected.emit(self.log_model.entry(current.row()) if current.isValid() else None)

    def context_menu(self) -> QMenu:
        """Copy, Clear log, then the window's own entries (Save session as scenario…)."""
        menu = QMenu(self)
        menu.addAction(self.copy_action)
        menu.addAction(self.clear_action)
        if self.menu_actions:
            menu.addSeparator()
            menu.addActions(self.menu_actions)
        return menu

    def _show_menu(self, position: QPoint) -> None:
        self.context_menu().popup(self.viewport().mapToGlobal(position))
