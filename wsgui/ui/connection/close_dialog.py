"""Close with code…: a non-modal dialog that checks the code and reason before closing."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from wsgui.core.model.close import (
    COMMON_CLOSE_CODES,
    SENDABLE_HINT,
    CloseArgsError,
    close_code_name,
    close_warning,
    validate_close,
)
from wsgui.ui.common.labels import plain_label
from wsgui.ui.theme.colors import Tone, set_tone


class CloseDialog(QDialog):
    """Asks for a close code (typed, or one of the common ones) and a reason; says what is
    wrong under the field it is about instead of closing, and warns before a code that
    means something to the server."""

    close_requested = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("closeDialog")
        self.setWindowTitle("Close with code")
        self.code_box = QComboBox()
        self.code_box.setObjectName("closeCodeEdit")
        self.code_box.setEditable(True)
        for code in COMMON_CLOSE_CODES:
            self.code_box.addItem(f"{code} {close_code_name(code)}", code)
        self.code_box.setToolTip(f"A close code: {SENDABLE_HINT} (pick a common one or type)")
        code_edit = self.code_box.lineEdit()
        assert code_edit is not None
        self.code_edit: QLineEdit = code_edit
        self.code_edit.setText("1000")
        self.code_edit.textChanged.connect(self._warn)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("closeReasonEdit")
        self.reason_edit.setToolTip("At most 123 bytes of UTF-8")
        self.code_message = self._note("closeMessage", Tone.ERROR)
        self.code_warning = self._note("closeWarning", Tone.WARNING)
        self.reason_message = self._note("closeReasonMessage", Tone.ERROR)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Close connection")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow("Code", self.code_box)
        layout.addRow(self.code_message)
        layout.addRow(self.code_warning)
        layout.addRow("Reason", self.reason_edit)
        layout.addRow(self.reason_message)
        layout.addRow(buttons)
        self.setMinimumWidth(420)

    @property
    def message(self) -> QLabel:
        """The error shown now (under the code or under the reason)."""
        return self.reason_message if self.reason_message.text() else self.code_message

    def code_text(self) -> str:
        """The code as typed, or the number of the common code picked ("1001 going away")."""
        return self.code_edit.text().strip().split(" ", 1)[0]

    def submit(self) -> None:
        self._say(self.code_message, "")
        self._say(self.reason_message, "")
        text = self.code_text()
        if not (text.isascii() and text.isdigit()):
            self._say(self.code_message, f"Code {text!r} is not a number: {SENDABLE_HINT}")
            return
        code, reason = int(text), self.reason_edit.text()
        try:
            validate_close(code, reason)
        except CloseArgsError as exc:
            where = self.reason_message if "reason" in str(exc) else self.code_message
            self._say(where, str(exc))
            return
        self.close_requested.emit(code, reason)
        self.accept()

    def _warn(self) -> None:
        text = self.code_text()
        warning = close_warning(int(text)) if text.isascii() and text.isdigit() else ""
        self._say(self.code_warning, warning)

    def _say(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))
        self.adjustSize()  # grow so that the text is never clipped

    def _note(self, name: str, tone: Tone) -> QLabel:
        label = plain_label(name)
        set_tone(label, tone)
        label.setWordWrap(True)
        label.setVisible(False)
        return label
