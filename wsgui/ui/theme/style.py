"""Fusion, with an edge on check boxes and radio buttons that stands out from the background.

Fusion outlines them in a shade of the window color: under 2:1 against a light window and
nearly invisible on a dark one (the search bar's .* and Aa toggles disappeared in the dark
theme's screenshot). The edge is the theme's ``control_edge``, 4.5:1 or more on window and base.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QWidget

from wsgui.ui.theme.colors import theme_for

BASE_STYLE = "Fusion"  # draws every control from the palette, so a dark palette is dark everywhere
_BOXES = {
    QStyle.PrimitiveElement.PE_IndicatorCheckBox,
    QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
}


class ThemedStyle(QProxyStyle):
    def __init__(self) -> None:
        super().__init__(BASE_STYLE)

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        radio = element == QStyle.PrimitiveElement.PE_IndicatorRadioButton
        if element not in _BOXES and not radio:
            return
        edge = QColor(theme_for(option.palette).control_edge)  # type: ignore[attr-defined]
        rect = option.rect.adjusted(0, 0, -1, -1)  # type: ignore[attr-defined]
        painter.save()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(edge, 1))
        if radio:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.drawEllipse(rect)
        else:
            painter.drawRect(rect)
        painter.restore()
