"""Paste a wscat, websocat or curl command line to make a profile of it (non-modal)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from wsgui.core.profiles.importers import ImportedProfile, ImportFailure, import_command_line
from wsgui.ui.common.labels import plain_label
from wsgui.ui.theme.colors import Tone, set_tone


class ImportCommandDialog(QDialog):
    """Stays open with a message naming the problem until the command line can be read."""

    imported = Signal(object)  # ImportedProfile

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importCommandDialog")
        self.setWindowTitle("Import a command line")
        self.resize(640, 260)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("importCommandEdit")
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setPlaceholderText(
            "wscat -c wss://example.test/feed -s v2 -H 'Authorization: Bearer …'\n"
            "websocat --protocol v2 wss://example.test/feed\n"
            "curl -i -N -H 'Connection: Upgrade' -H 'Upgrade: websocket' … https://example.test/"
        )
        self.message = plain_label("importCommandMessage")
        set_tone(self.message, Tone.ERROR)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def submit(self) -> None:
        try:
            result: ImportedProfile = import_command_line(self.editor.toPlainText())
        except ImportFailure as exc:
            self.message.setText(str(exc))
            return
        self.imported.emit(result)
        self.accept()
