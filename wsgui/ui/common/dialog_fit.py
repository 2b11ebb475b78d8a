"""Dialogs wide enough for their window title: a window manager cuts a title the dialog is
too narrow for ("Renam… rofile"), and a small QInputDialog is narrower than most titles."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QSizePolicy, QSpacerItem, QWidget

# What a title bar holds besides the title: the window icon, minimize / maximize / close and
# their padding (about 150 px with the common window managers' themes).
TITLE_BAR_EXTRA = 170
# Title bars often use a bold font a little larger than the dialog's own.
TITLE_FONT_SCALE = 1.2


def title_width(widget: QWidget, title: str) -> int:
    """The width a title bar needs for ``title``, judged from the widget's font."""
    font = widget.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * TITLE_FONT_SCALE)
    return QFontMetrics(font).horizontalAdvance(title) + TITLE_BAR_EXTRA


def fit_title(dialog: QWidget) -> None:
    """Make ``dialog`` at least as wide as its window title needs: call it last, once the
    title, texts and buttons are set."""
    width = title_width(dialog, dialog.windowTitle())
    dialog.setMinimumWidth(max(dialog.minimumWidth(), width))
    # QInputDialog sizes itself to its layout (made on demand), QMessageBox fixes its size
    # from its layout: a spacer as wide as the title widens the layout itself.
    dialog.sizeHint()
    layout = dialog.layout()
    spacer = QSpacerItem(width, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Minimum)
    if isinstance(layout, QGridLayout):
        layout.addItem(spacer, layout.rowCount(), 0, 1, max(layout.columnCount(), 1))
    elif isinstance(layout, QBoxLayout):
        layout.addItem(spacer)
