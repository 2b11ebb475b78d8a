"""A plain-text editor whose text is exactly what was typed or pasted, for byte-exact sends."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

PARAGRAPH_SEPARATOR = "\u2029"


class ExactEditor(QPlainTextEdit):
    """``exact_text()`` keeps no-break spaces and pasted U+2028 (toPlainText() rewrites both).

    Shift+Enter inserts a plain newline like Enter, rather than Qt's U+2028 line separator.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def exact_text(self) -> str:
        """The text with each line break as ``\\n`` and every other character as it is."""
        return self.document().toRawText().replace(PARAGRAPH_SEPARATOR, "\n")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        is_enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        modifiers = event.modifiers()
        if is_enter and modifiers == Qt.KeyboardModifier.ShiftModifier:
            self.insertPlainText("\n")
            return
        super().keyPressEvent(event)
