"""The first window is sized from the screen it opens on, and never larger than what the
screen offers (panels excluded), frame included: a 1366x768 laptop shows all of it."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QWidget

PREFERRED = QSize(1400, 900)
FRAME_ALLOWANCE = QSize(8, 40)  # a title bar and borders, until the real frame is known


def initial_size(available: QRect) -> QSize:
    """The preferred size, or what the available area holds with room for a frame."""
    room = available.size() - FRAME_ALLOWANCE
    return PREFERRED.boundedTo(room)


def fit_frame(window: QWidget) -> None:
    """Shrink and move ``window`` so that its frame lies inside the available area (call it
    once the window manager has framed it)."""
    screen = window.screen()
    if screen is None or window.isMaximized() or window.isFullScreen():
        return
    available = screen.availableGeometry()
    frame = window.frameGeometry()
    extra = frame.size() - window.geometry().size()  # what the frame adds
    room = available.size() - extra
    size = window.size().boundedTo(room).expandedTo(window.minimumSize())
    if size != window.size():
        window.resize(size)
    frame = window.frameGeometry()
    x = min(max(frame.x(), available.x()), available.right() + 1 - frame.width())
    y = min(max(frame.y(), available.y()), available.bottom() + 1 - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(x, available.x()), max(y, available.y()))
