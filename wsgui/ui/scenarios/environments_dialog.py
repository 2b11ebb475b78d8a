"""Edit the window's environments file in place: TOML, checked before it is saved (a
mistake names the environment and the variable), written atomically, private (0600)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from wsgui.core.model.options import OptionsError
from wsgui.core.scenarios.environments import parse_environments
from wsgui.core.system.files import write_atomically
from wsgui.ui.common.labels import plain_label
from wsgui.ui.theme.colors import Tone, set_tone

__all__ = ["EXAMPLE", "EnvironmentsDialog"]

EXAMPLE = """\
# One table per environment; {{name}} in the URL, headers and messages takes its value.
# A secret is never written here: "${VARIABLE}" (the process environment) or
# { keyring = "key" } (the OS keyring, service "wsgui").
[local]
host = "127.0.0.1:1740"

[staging]
host = "staging.example.com"
token = "${STAGING_TOKEN}"
"""


class EnvironmentsDialog(QDialog):
    """Non-modal (``open()``): the window keeps running while it is shown."""

    saved = Signal()

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setObjectName("environmentsDialog")
        self.setWindowTitle("Environments")
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("environmentsEditor")
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setAccessibleName("Environments file")
        self.message: QLabel = plain_label("environmentsMessage")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        where = plain_label()
        where.setText(str(path))
        layout.addWidget(where)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def load(self) -> None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            text = EXAMPLE
        except (OSError, UnicodeDecodeError) as exc:
            text = ""
            self._say(f"Cannot read {self.path}: {exc}", Tone.ERROR)
        self.editor.setPlainText(text)

    def save(self) -> bool:
        """Check, then write; a problem is shown and nothing is written."""
        text = self.editor.toPlainText()
        try:
            parse_environments(text, self.path.name)
        except OptionsError as exc:
            self._say(f"Not saved: {exc}", Tone.ERROR)
            return False
        try:
            write_atomically(self.path, text.encode("utf-8"), mode=0o600)
        except OSError as exc:
            self._say(f"Not saved: cannot write {self.path}: {exc.strerror or exc}", Tone.ERROR)
            return False
        self._say("", Tone.NOTE)
        self.saved.emit()
        self.accept()
        return True

    def _say(self, text: str, tone: Tone) -> None:
        set_tone(self.message, tone)
        self.message.setText(text)
