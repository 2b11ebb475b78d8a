"""Paints table cells as one line of plain text, cheaply enough for tables that grow by
thousands of rows a second (the message log, the Frames tab)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QStaticText
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from wsgui.ui.batched_model import CELL_ROLE

__all__ = ["PlainTextDelegate"]

MARGIN = 3  # pixels left and right of the text, as the Fusion style leaves them
CACHE_LIMIT = 4096  # laid-out strings kept; a table shows a few hundred at a time


class PlainTextDelegate(QStyledItemDelegate):
    """One line of text, elided on the right, in the colour and alignment the model gives
    (CELL_ROLE), on the palette's selection colour when selected.

    The style's own item painting asks the model for about seventeen roles per cell and
    lays the text out again on every paint. A table under a flood repaints 5 to 25 times a
    second, and that was most of what showing the Frames tab cost (bench/ingest.py
    --frames). Here a cell costs one model call, and the text is drawn from a cache of
    QStaticText laid out once (plain text, never rich text: received data is not markup).
    Models without CELL_ROLE are painted by the style as usual.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._texts: dict[tuple[str, int], tuple[QStaticText, int]] = {}
        self._font = QFont()

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
        self.paint_cell(painter, option, *cell)

    def paint_cell(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        text: str,
        color: QColor | None,
        right_aligned: bool,
    ) -> None:
        """The selection, then ``text`` (see the class docstring); subclasses draw over it."""
        state = option.state  # type: ignore[attr-defined]
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        rect = option.rect  # type: ignore[attr-defined]
        group = _color_group(state)
        selected = bool(state & QStyle.StateFlag.State_Selected)
        if selected:  # the table painted the row's base or alternate colour already
            painter.fillRect(rect, palette.brush(group, QPalette.ColorRole.Highlight))
        if not text:
            return
        if selected:
            painter.setPen(palette.color(group, QPalette.ColorRole.HighlightedText))
        else:
            painter.setPen(color or palette.color(group, QPalette.ColorRole.Text))
        metrics: QFontMetrics = option.fontMetrics  # type: ignore[attr-defined]
        static, width = self.laid_out(text, rect.width() - 2 * MARGIN, option.font, metrics)  # type: ignore[attr-defined]
        left = rect.right() - MARGIN - width + 1 if right_aligned else rect.left() + MARGIN
        top = rect.top() + (rect.height() - metrics.height()) / 2
        painter.drawStaticText(QPointF(left, top), static)

    def laid_out(
        self, text: str, room: int, font: QFont, metrics: QFontMetrics
    ) -> tuple[QStaticText, int]:
        """``text`` elided to ``room`` pixels, laid out once, with its width."""
        if font != self._font:
            self._texts.clear()
            self._font = QFont(font)
        key = (text, room)
        found = self._texts.get(key)
        if found is None:
            if len(self._texts) >= CACHE_LIMIT:
                self._texts.clear()
            shown = text
            if metrics.horizontalAdvance(text) > room:
                shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(room, 0))
            static = QStaticText(shown)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(font=font)
            found = self._texts[key] = (static, metrics.horizontalAdvance(shown))
        return found


def _color_group(state: QStyle.StateFlag) -> QPalette.ColorGroup:
    """The palette group the style would paint a cell in (as QCommonStyle chooses it)."""
    if not state & QStyle.StateFlag.State_Enabled:
        return QPalette.ColorGroup.Disabled
    if not state & QStyle.StateFlag.State_Active:
        return QPalette.ColorGroup.Inactive
    return QPalette.ColorGroup.Normal
