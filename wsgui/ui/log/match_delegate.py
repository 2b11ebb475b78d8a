"""Paints the log's Data column with the search matches highlighted (plain text only)."""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, QRect
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from wsgui.core.log.filter import FilterError, LogFilter
from wsgui.ui.log.plain_text_delegate import PlainTextDelegate
from wsgui.ui.theme.colors import theme_for

MAX_BANDS = 20  # matches highlighted per cell
BAND_CACHE_LIMIT = 1024  # cells whose band positions are kept


class MatchDelegate(PlainTextDelegate):
    """Paints a cell as PlainTextDelegate does, with each match of the search on a band (the
    theme's: a light one under dark text, a dark one under light text)."""

    pattern: re.Pattern[str] | None = None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bands: dict[tuple[str, str], list[tuple[int, int]]] = {}

    def set_filter(self, log_filter: LogFilter) -> None:
        """Highlight what the filter searches for (it is valid: LogSearch checked it)."""
        try:
            self.pattern = log_filter.text_pattern()
        except FilterError:
            self.pattern = None
        self._bands.clear()

    @property
    def draws_under_text(self) -> bool:  # type: ignore[override]
        return self.pattern is not None

    def under_text(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        text: str,
        shown: str,
        area: QRect,
        selected: bool,
    ) -> None:
        bands = self._bands.get((text, shown))
        if bands is None:
            bands = self._bands_of(text, shown)
        if not bands:
            return
        theme = theme_for(option.palette)  # type: ignore[attr-defined]
        band = QColor(theme.match_band_selected if selected else theme.match_band)
        top, height = area.top() + 2, area.height() - 4
        for left, width in bands:
            painter.fillRect(QRect(area.left() + left, top, width, height), band)

    def _bands_of(self, text: str, shown: str) -> list[tuple[int, int]]:
        """(x, width) of each match of ``text`` that is in ``shown`` (its elided start)."""
        assert self.pattern is not None
        if len(self._bands) >= BAND_CACHE_LIMIT:
            self._bands.clear()
        metrics = self.metrics
        bands: list[tuple[int, int]] = []
        for match in self.pattern.finditer(text):
            start, end = match.span()
            if end == start:
                continue
            if start >= len(shown) or len(bands) == MAX_BANDS:
                break
            left = metrics.horizontalAdvance(shown[:start])
            bands.append((left, metrics.horizontalAdvance(shown[start:end])))
        self._bands[(text, shown)] = bands
        return bands
