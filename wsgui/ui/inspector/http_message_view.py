"""One HTTP message of the Upgrade (request or response): a header table and the raw text."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wsgui.core.model.handshake import HttpMessage
from wsgui.core.model.options import mask
from wsgui.ui.common.labels import plain_label


class HttpMessageView(QWidget):
    """Start line, headers in the order they crossed the wire, body; secrets masked."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what
        self.start_line = plain_label(f"{what}StartLine")
        self.table = QTableWidget(0, 2)
        self.table.setObjectName(f"{what}Headers")
        self.table.setHorizontalHeaderLabels(["Header", "Value"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, 220)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.raw = QPlainTextEdit()
        self.raw.setObjectName(f"{what}Raw")
        self.raw.setReadOnly(True)
        self.raw.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.copy_button = QPushButton(f"Copy raw {what}")
        self.copy_button.setToolTip(f"Copy the {what} as text (secret values masked)")
        self.copy_button.clicked.connect(self.copy_raw)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.raw)
        top = QHBoxLayout()
        top.addWidget(self.start_line, 1)
        top.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.show_message(None)

    def show_message(self, message: HttpMessage | None) -> None:
        if message is None:
            self.start_line.setText(f"No {self.what} (the attempt ended before it)")
            self.table.setRowCount(0)
            self.raw.setPlainText("")
            self.copy_button.setEnabled(False)
            return
        self.start_line.setText(message.shown_start_line)
        self.table.setRowCount(len(message.headers))
        for row, (name, value) in enumerate(message.headers):
            self.table.setItem(row, 0, QTableWidgetItem(name))
            self.table.setItem(row, 1, QTableWidgetItem(mask(name, value)))
        self.raw.setPlainText(message.raw().replace("\r\n", "\n"))
        self.copy_button.setEnabled(True)

    def copy_raw(self) -> None:
        QGuiApplication.clipboard().setText(self.raw.toPlainText())


__all__ = ["HttpMessageView"]
