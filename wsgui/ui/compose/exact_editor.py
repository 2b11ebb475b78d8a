"""A plain-text editor whose text is exactly what was typed or pasted, for byte-exact sends."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QWidget

PARAGRAPH_SEPARATOR = "\u2029"
LINES = (2, 8)  # the height in lines when it grows with its text: at least, at most


class ExactEditor(QPlainTextEdit):
    """``exact_text()`` keeps no-break spaces and pasted U+2028 (toPlainText() rewrites both).

    Shift+Enter inserts a plain newline like Enter, rather than Qt's U+2028 line separator.
    Tab moves the focus on and Shift+Tab back, as in a browser's text area (no keyboard
    trap); Ctrl+Tab types a tab.
    Up on the first line and Down on the last emit ``history_step`` (-1 older, +1 newer).
    """

    history_step = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def grow_with_text(self) -> None:
        """Be 2 lines high when empty and grow with the text up to 8 (then scroll)."""
        self.document().documentLayout().documentSizeChanged.connect(lambda _s: self._fit())
        self._fit()

    def _fit(self) -> None:
        low, high = LINES
        lines = max(low, min(high, int(self.document().size().height()) or 1))
        margins = self.contentsMargins()
        frame = 2 * self.frameWidth() + margins.top() + margins.bottom()
        self.setFixedHeight(lines * self.fontMetrics().lineSpacing() + frame + 8)

    def exact_text(self) -> str:
        """The text with each line break as ``\\n`` and every other character as it is."""
        return self.document().toRawText().replace(PARAGRAPH_SEPARATOR, "\n")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        is_enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        modifiers = event.modifiers()
        if is_enter and modifiers == Qt.KeyboardModifier.ShiftModifier:
            self.insertPlainText("\n")
            return
        if event.key() == Qt.Key.Key_Tab and modifiers == Qt.KeyboardModifier.ControlModifier:
            self.insertPlainText("\t")
            return
        plain = modifiers == Qt.KeyboardModifier.NoModifier
        cursor = self.textCursor()
        if plain and event.key() == Qt.Key.Key_Up and cursor.blockNumber() == 0:
            self.history_step.emit(-1)
            return
        last = self.document().blockCount() - 1
        if plain and event.key() == Qt.Key.Key_Down and cursor.blockNumber() == last:
            self.history_step.emit(1)
            return
        super().keyPressEvent(event)

    def replace_text(self, text: str) -> None:
        """Replace the whole text as one edit (Ctrl+Z brings the old text back), cursor at
        the end."""
        cursor = self.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        self.setTextCursor(cursor)
