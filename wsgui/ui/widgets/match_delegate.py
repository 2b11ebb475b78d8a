"""Paints the log's Data column with the search matches highlighted (plain text only)."""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from wsgui.core.log_filter import FilterError, LogFilter
from wsgui.ui.batched_model import CELL_ROLE
from wsgui.ui.theme import theme_for
from wsgui.ui.widgets.plain_text_delegate import MARGIN, PlainTextDelegate


class MatchDelegate(PlainTextDelegate):
    """Draws the cell as usual without its text, then the text with matches on a band (the
    theme's: a light one under dark text, a dark one under light text). A cell without a
    match is painted as PlainTextDelegate paints it."""

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
        cell = index.data(CELL_ROLE)
        if cell is None:
            super().paint(painter, option, index)
            return
        text = cell[0]
        spans = []
        if self.pattern is not None and text:
            spans = [m.span() for m in self.pattern.finditer(text) if m.end() > m.start()][:20]
        if not spans:
            self.paint_cell(painter, option, *cell)
            return
        self.paint_cell(painter, option, "", None, False)  # the background only
        rect: QRect = option.rect.adjusted(MARGIN, 0, -MARGIN, 0)  # type: ignore[attr-defined]
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
        color = cell[1]
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
