"""Labels that show text we did not write (URLs, errors) as plain text, never as HTML."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def plain_label(object_name: str = "") -> QLabel:
    """A QLabel that never guesses rich text: ``<b>`` typed by a user stays ``<b>``."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    if object_name:
        label.setObjectName(object_name)
    return label
