"""Paints the log's Data column with the search matches highlighted (plain text only)."""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from wsgui.core.log_filter import FilterError, LogFilter
from wsgui.ui.theme import theme_for


class MatchDelegate(QStyledItemDelegate):
    """Draws the cell as usual without its text, then the text with matches on a band (the
    theme's: a light one under dark text, a dark one under light text)."""

    pattern: re.Pattern[str] | None = None

    def set_filter(self, log_filter: LogFilter) -> None:
        """Highlight what the filter searches for (it is valid: LogSearch checked it)."""
        try:
            self.pattern = log_filter.text_pattern()
        except FilterError:
            self.pattern = None

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        text = str(index.data() or "")
        if self.pattern is None or not text:
            super().paint(painter, option, index)
            return
        spans = [m.span() for m in self.pattern.finditer(text) if m.end() > m.start()][:20]
        if not spans:
            super().paint(painter, option, index)
            return
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        item.text = ""  # type: ignore[attr-defined]
        style = item.widget.style() if item.widget else QApplication.style()  # type: ignore[attr-defined]
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, item.widget)  # type: ignore[attr-defined]
        rect: QRect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, item, item.widget)  # type: ignore[attr-defined]
        metrics = option.fontMetrics  # type: ignore[attr-defined]
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        theme = theme_for(option.palette)  # type: ignore[attr-defined]
        band = QColor(theme.match_band_selected if selected else theme.match_band)
        painter.save()
        for start, end in spans:
            if start >= len(shown):
                break
            left = rect.left() + metrics.horizontalAdvance(shown[:start])
            width = metrics.horizontalAdvance(shown[start:end])
            painter.fillRect(QRect(left, rect.top() + 2, width, rect.height() - 4), band)
        color = index.data(Qt.ItemDataRole.ForegroundRole)
        if selected:
            painter.setPen(option.palette.highlightedText().color())  # type: ignore[attr-defined]
        elif isinstance(color, QColor):
            painter.setPen(color)
        else:
            painter.setPen(option.palette.text().color())  # type: ignore[attr-defined]
        painter.drawText(
            rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), shown
        )
        painter.restore()
