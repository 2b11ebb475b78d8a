"""Above the entry detail: which view (Auto, Text, JSON, Hex, Base64), Copy, Save payload…"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QPushButton, QWidget

from wsgui.core.entry_views import VIEWS, payload_bytes
from wsgui.core.errors import file_reason
from wsgui.core.payload import format_size
from wsgui.ui.widgets.entry_detail import EntryDetail
from wsgui.ui.widgets.labels import ERROR_STYLE, NOTE_STYLE, plain_label


class EntryTools(QWidget):
    def __init__(self, detail: EntryDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail = detail
        self.view = QComboBox()
        self.view.setObjectName("entryView")
        for name in VIEWS:
            self.view.addItem({"auto": "Auto", "json": "JSON"}.get(name, name.capitalize()), name)
        self.view.setToolTip("How to show the selected message; Auto picks JSON, text or hex")
        self.copy_button = QPushButton("Copy")
        self.copy_button.setObjectName("entryCopy")
        self.copy_button.setToolTip("Copy the payload as the chosen view shows it")
        self.save_button = QPushButton("Save payload…")
        self.save_button.setObjectName("entrySave")
        self.save_button.setToolTip("Write the whole payload, byte for byte, to a file")
        self.message = plain_label("entryMessage")
        self.message.setWordWrap(False)
        self.dialog: QFileDialog | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.view)
        layout.addWidget(self.copy_button)
        layout.addWidget(self.save_button)
        layout.addWidget(self.message, 1)
        self.view.currentIndexChanged.connect(lambda _i: detail.set_view(self.view.currentData()))
        self.copy_button.clicked.connect(self.copy)
        self.save_button.clicked.connect(self.choose_file)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.detail.body_text())

    def choose_file(self) -> QFileDialog | None:
        entry = self.detail.entry
        if entry is None or not entry.is_message:
            self._say("Select a message first", ERROR_STYLE)
            return None
        dialog = QFileDialog(self, "Save payload")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.fileSelected.connect(self.save_to)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def save_to(self, path: str) -> None:
        entry = self.detail.entry
        if entry is None:
            return
        data = payload_bytes(entry.payload)
        try:
            Path(path).write_bytes(data)
        except OSError as exc:
            self._say(f"Not saved: {file_reason(exc)}", ERROR_STYLE)
            return
        self._say(f"Saved {format_size(len(data))} to {path}", NOTE_STYLE)

    def _say(self, text: str, style: str) -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)
