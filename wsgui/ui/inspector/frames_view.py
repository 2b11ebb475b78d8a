"""The Frames tab: every frame both ways (opcode, FIN, RSV1, lengths, message), control frames
too."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wsgui.ui.log.frames_model import FramesModel
from wsgui.ui.log.plain_text_delegate import PlainTextDelegate
from wsgui.ui.theme.colors import row_colors, theme_for


class FramesView(QWidget):
    """Double-click a data frame (or press Show message) to select its message in the log."""

    message_requested = Signal(int)  # a row of the frames table

    def __init__(self, model: FramesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.table = QTableView()
        self.table.setObjectName("framesView")
        self.table.setModel(model)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.setItemDelegate(PlainTextDelegate(self.table))  # repainted 5 times a second
        for column, width in enumerate((100, 90, 70, 40, 45, 75, 75, 120)):
            self.table.setColumnWidth(column, width)
        self.capture = QCheckBox("Capture frames")
        self.capture.setObjectName("captureFrames")
        self.capture.setToolTip(
            "Record every frame of the next connection (both ways, control frames too).\n"
            "It costs throughput under floods (see README), so it is off by default."
        )
        self.hide_control = QCheckBox("Hide control frames")
        self.hide_control.setObjectName("hideControlFrames")
        self.hide_control.setToolTip("Show only data frames: hide ping, pong and close")
        self.hide_control.toggled.connect(model.set_hide_control)
        self.show_message = QPushButton("Show message")
        self.show_message.setObjectName("showFrameMessage")
        self.show_message.setToolTip(
            "Select the message this frame belongs to in the Messages log (or double-click)"
        )
        self.show_message.clicked.connect(self._request_current)
        self.table.doubleClicked.connect(lambda index: self.message_requested.emit(index.row()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        options = QHBoxLayout()
        options.addWidget(self.capture)
        options.addWidget(self.hide_control)
        options.addStretch(1)
        options.addWidget(self.show_message)
        layout.addLayout(options)
        layout.addWidget(self.table, 1)
        model.rowsInserted.connect(self._follow)
        model.set_row_colors(row_colors(theme_for(self.palette())))

    def changeEvent(self, event: QEvent) -> None:
        """A theme switch: row colors made for the new background."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.model.set_row_colors(row_colors(theme_for(self.palette())))

    def _request_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.message_requested.emit(index.row())

    def _follow(self) -> None:
        """Scroll to new frames only when the tab is shown and already at the bottom."""
        bar = self.table.verticalScrollBar()
        if self.table.isVisible() and bar.value() >= bar.maximum() - 22:
            self.table.scrollToBottom()
