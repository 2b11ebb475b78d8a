"""Labels that show text we did not write (URLs, errors) as plain text, never as HTML."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit


def plain_label(object_name: str = "") -> QLabel:
    """A QLabel that never guesses rich text: ``<b>`` typed by a user stays ``<b>``."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if object_name:
        label.setObjectName(object_name)
    return label


def named_edit(object_name: str, placeholder: str = "", tooltip: str = "") -> QLineEdit:
    """A line edit with its objectName (for automation), placeholder and tooltip."""
    edit = QLineEdit()
    edit.setObjectName(object_name)
    edit.setPlaceholderText(placeholder)
    if tooltip:
        edit.setToolTip(tooltip)
    return edit
