"""A small live line graph for the status bar: the message rate, the round-trip time."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from wsgui.ui.theme.colors import theme_for


class SparkLine(QWidget):
    """Plots ``values()`` (oldest first) scaled to its peak, the newest at the right edge;
    ``capacity`` points fill the width; ``line`` names the theme's color for it."""

    def __init__(
        self,
        values: Callable[[], Sequence[float]],
        capacity: int,
        line: str,
        name: str,
        tooltip: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setToolTip(tooltip)
        self.values, self.capacity, self.line = values, capacity, line

    def sizeHint(self) -> QSize:
        return QSize(120, 18)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        painter.setPen(self.palette().mid().color())
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        values = list(self.values())[-self.capacity :]
        peak = max(values, default=0.0)
        if len(values) >= 2 and peak > 0:
            width, height = self.width() - 2, self.height() - 3
            step = width / max(1, self.capacity - 1)
            start = width - step * (len(values) - 1)
            points = [
                QPointF(1 + start + i * step, 1 + height - height * value / peak)
                for i, value in enumerate(values)
            ]
            color = QColor(getattr(theme_for(self.palette()), self.line))
            painter.setPen(QPen(color, 1.5, Qt.PenStyle.SolidLine))
            painter.drawPolyline(QPolygonF(points))
        painter.end()
