"""A small filled disc as an icon (the tabs' readyState), sharp at any device pixel ratio.

One pixmap per common ratio (1 to 3, QT_SCALE_FACTOR=2 included), each painted at its own
resolution and at the size a tab bar asks for: Qt then picks the one that matches the screen
instead of stretching a smaller one.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

RATIOS = (1.0, 1.25, 1.5, 2.0, 3.0)
SIZE = 16  # logical pixels: what a tab bar asks for (smaller would be stretched)
DIAMETER = 10


def dot_icon(color: str | QColor, size: int = SIZE) -> QIcon:
    icon = QIcon()
    for ratio in RATIOS:
        pixels = round(size * ratio)
        pixmap = QPixmap(pixels, pixels)
        pixmap.setDevicePixelRatio(ratio)  # the painter below draws in logical pixels
        pixmap.fill(QColor(0, 0, 0, 0))  # transparent around the disc
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(color))
        margin = (size - DIAMETER) / 2
        painter.drawEllipse(QRectF(margin, margin, DIAMETER, DIAMETER))
        painter.end()
        icon.addPixmap(pixmap)
    return icon
