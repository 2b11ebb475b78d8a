"""A non-modal one-line question (no nested event loop): its answer goes to ``answered``."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QWidget


def open_text_dialog(
    parent: QWidget, name: str, title: str, label: str, answered: Callable[[str], object]
) -> QInputDialog:
    dialog = QInputDialog(parent)
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.textValueSelected.connect(answered)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
