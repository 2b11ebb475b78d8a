"""Close with code…: a non-modal dialog that checks the code and reason before closing."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from wsgui.core.model.close import CloseArgsError, validate_close
from wsgui.ui.common.labels import plain_label
from wsgui.ui.theme.colors import Tone, set_tone


class CloseDialog(QDialog):
    """Asks for a close code and reason; says what is wrong instead of closing."""

    close_requested = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("closeDialog")
        self.setWindowTitle("Close with code")
        self.code_edit = QLineEdit("1000")
        self.code_edit.setObjectName("closeCodeEdit")
        self.code_edit.setToolTip("1000 (normal closure) or 3000-4999")
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("closeReasonEdit")
        self.reason_edit.setToolTip("At most 123 bytes of UTF-8")
        self.message = plain_label("closeMessage")
        set_tone(self.message, Tone.ERROR)
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Close connection")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow("Code", self.code_edit)
        layout.addRow("Reason", self.reason_edit)
        layout.addRow(self.message)
        layout.addRow(buttons)

    def submit(self) -> None:
        text = self.code_edit.text().strip()
        if not (text.isascii() and text.isdigit()):
            self.message.setText(f"Code {text!r} is not a number: use 1000 or 3000-4999")
            return
        code, reason = int(text), self.reason_edit.text()
        try:
            validate_close(code, reason)
        except CloseArgsError as exc:
            self.message.setText(str(exc))
            return
        self.close_requested.emit(code, reason)
        self.accept()
