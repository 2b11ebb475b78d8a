"""A plain-text label for text that changes many times a second (counters, rates, clocks).

A QLabel whose text changes asks its parent layout for a new layout (QWidget.updateGeometry),
and the request climbs to the window: during a flood, every 40 ms flush relaid out and
repainted the whole window. Qt skips that request for a widget of fixed size, so this label
keeps a fixed size that only grows, in steps, when a longer text needs it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

WIDTH_STEP = 32  # pixels: a few more digits fit before the next (rare) relayout


class SteadyLabel(QLabel):
    """Plain text, no word wrap, a width that never shrinks while text keeps changing."""

    def __init__(self, object_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        if object_name:
            self.setObjectName(object_name)
        self.setFixedSize(0, max(super().sizeHint().height(), self.fontMetrics().height()))

    def setText(self, text: str) -> None:
        if text == self.text():
            return
        super().setText(text)  # fixed size: Qt repaints the label, nothing else
        needed = super().sizeHint().width()
        if needed > self.width():
            self.setFixedWidth(-(-needed // WIDTH_STEP) * WIDTH_STEP)
