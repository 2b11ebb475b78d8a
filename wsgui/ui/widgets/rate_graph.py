"""A small live graph of messages per second over the last minute, for the status bar."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from wsgui.core.rates import RateMeter


class RateGraph(QWidget):
    def __init__(self, meter: RateMeter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rateGraph")
        self.meter = meter
        self.setToolTip("Messages per second (both ways) over the last minute")

    def sizeHint(self) -> QSize:
        return QSize(120, 18)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        painter.setPen(self.palette().mid().color())
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        rates = [r.messages_per_s for r in self.meter.history]
        peak = max(rates, default=0.0)
        if len(rates) < 2 or peak <= 0:
            painter.end()
            return
        width, height = self.width() - 2, self.height() - 3
        step = width / (self.meter.history.maxlen or 60)
        start = width - step * (len(rates) - 1)
        points = [
            QPointF(1 + start + i * step, 1 + height - height * value / peak)
            for i, value in enumerate(rates)
        ]
        painter.setPen(QPen(QColor("#166534"), 1.5, Qt.PenStyle.SolidLine))
        painter.drawPolyline(QPolygonF(points))
        painter.end()
