"""The send box: text or hex bytes, Send (Ctrl+Enter), and Send file… as one binary message."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wsgui.core.errors import not_open
from wsgui.core.payload import PayloadError, parse_hex
from wsgui.ui.widgets.exact_editor import ExactEditor
from wsgui.ui.widgets.labels import ERROR_STYLE, plain_label

TEXT_MODE, HEX_MODE = "Text", "Hex bytes"


class Composer(QWidget):
    """Emits what to send; sends nothing and says why when the input is invalid."""

    send_requested = Signal(object)  # str | bytes
    send_file_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = ExactEditor()
        self.editor.setObjectName("composerEdit")
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setPlaceholderText("Message to send: text as typed, byte for byte")
        self.editor.setTabChangesFocus(False)
        self.mode = QComboBox()
        self.mode.setObjectName("composerMode")
        self.mode.addItems([TEXT_MODE, HEX_MODE])
        self.mode.setToolTip(
            "Text: sent as a text frame, exactly as typed.\nHex bytes: "
            "'00 01 ff' or '0001ff', sent as a binary frame."
        )
        self.send_button = QPushButton("Send")
        self.send_button.setObjectName("sendButton")
        self.send_button.setToolTip("Send the message (Ctrl+Enter)")
        self.send_file_button = QPushButton("Send file…")
        self.send_file_button.setObjectName("sendFileButton")
        self.send_file_button.setToolTip("Send a whole file as one binary message (like a Blob)")
        self.message = plain_label("composerMessage")
        self.message.setStyleSheet(ERROR_STYLE)
        self.file_dialog: QFileDialog | None = None

        buttons = QVBoxLayout()
        buttons.addWidget(self.mode)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.send_file_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.editor, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 6)
        layout.addLayout(row)
        layout.addWidget(self.message)

        self.send_button.clicked.connect(self.send)
        self.send_file_button.clicked.connect(self.choose_file)
        self.editor.textChanged.connect(self.message.clear)
        self.mode.currentTextChanged.connect(self._update_placeholder)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self.editor)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.send)
        self.set_open(False)

    def set_open(self, is_open: bool) -> None:
        """Sending is possible only while the connection is OPEN."""
        for button in (self.send_button, self.send_file_button):
            button.setEnabled(is_open)
        self._open = is_open

    def payload(self) -> str | bytes:
        """What the editor holds, as it will go on the wire. Raises PayloadError."""
        text = self.editor.exact_text()
        if self.mode.currentText() == HEX_MODE:
            return parse_hex(text)
        return text

    def send(self) -> None:
        if not self._open:
            self.message.setText(not_open("CLOSED") + ": connect first")
            return
        try:
            payload = self.payload()
        except PayloadError as exc:
            self.message.setText(str(exc))
            return
        self.message.clear()
        self.send_requested.emit(payload)

    def choose_file(self) -> None:
        """Open a non-modal file picker (no nested event loop); its choice is sent."""
        dialog = QFileDialog(self, "Send file as one binary message")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.send_file_requested)
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.open()

    def _update_placeholder(self, mode: str) -> None:
        self.message.clear()
        self.editor.setPlaceholderText(
            "Bytes in hex: 00 01 ff or 0001ff"
            if mode == HEX_MODE
            else "Message to send: text as typed, byte for byte"
        )
