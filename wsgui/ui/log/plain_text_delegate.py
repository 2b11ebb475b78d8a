"""Paints table cells as one line of plain text, cheaply enough for tables that grow by
thousands of rows a second (the message log, the Frames tab)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QStaticText
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from wsgui.ui.log.batched_model import CELL_ROLE

__all__ = ["PlainTextDelegate"]

MARGIN = 3  # pixels left and right of the text, as the Fusion style leaves them
CACHE_LIMIT = 4096  # laid-out strings kept; a table shows a few hundred at a time
# State flags as plain ints: PySide's enum operators cost about a microsecond each.
_SELECTED = QStyle.StateFlag.State_Selected.value
_ENABLED = QStyle.StateFlag.State_Enabled.value
_ACTIVE = QStyle.StateFlag.State_Active.value


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

    draws_under_text = False  # whether under_text paints anything (see MatchDelegate)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._texts: dict[tuple[str, int], tuple[QStaticText, int]] = {}
        self._font = QFont()
        self.metrics = QFontMetrics(self._font)  # of the font the cache was made with

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
        """The selection (the table painted the row's base or alternate colour), then
        ``text``, with ``under_text`` in between."""
        state: int = option.state.value  # type: ignore[attr-defined]
        selected = state & _SELECTED
        rect: QRect = option.rect  # type: ignore[attr-defined]
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        if not state & _ENABLED:
            group = QPalette.ColorGroup.Disabled
        elif not state & _ACTIVE:
            group = QPalette.ColorGroup.Inactive
        else:
            group = QPalette.ColorGroup.Normal  # as QCommonStyle chooses the group
        if selected:
            painter.fillRect(rect, palette.brush(group, QPalette.ColorRole.Highlight))
        if not text:
            return
        room = rect.width() - 2 * MARGIN
        static, width = self.laid_out(text, room, option.font)  # type: ignore[attr-defined]
        left = rect.right() - MARGIN - width + 1 if right_aligned else rect.left() + MARGIN
        top = rect.top() + (rect.height() - self.metrics.height()) // 2
        if self.draws_under_text:
            area = QRect(left, rect.top(), width, rect.height())
            self.under_text(painter, option, text, static.text(), area, bool(selected))
        if selected:
            painter.setPen(palette.color(group, QPalette.ColorRole.HighlightedText))
        else:
            painter.setPen(color or palette.color(group, QPalette.ColorRole.Text))
        painter.drawStaticText(QPointF(left, top), static)

    def under_text(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        text: str,
        shown: str,
        area: QRect,
        selected: bool,
    ) -> None:
        """Paint under the text (``shown`` is ``text`` as elided, drawn in ``area``), when
        ``draws_under_text`` says so: the log's Data column draws its search matches."""

    def laid_out(self, text: str, room: int, font: QFont) -> tuple[QStaticText, int]:
        """``text`` elided to ``room`` pixels, laid out once, with its width."""
        if font != self._font:
            self._texts.clear()
            self._font = QFont(font)
            self.metrics = QFontMetrics(font)
        key = (text, room)
        found = self._texts.get(key)
        if found is None:
            if len(self._texts) >= CACHE_LIMIT:
                self._texts.clear()
            metrics, shown = self.metrics, text
            if metrics.horizontalAdvance(text) > room:
                shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(room, 0))
            static = QStaticText(shown)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(font=font)
            found = self._texts[key] = (static, metrics.horizontalAdvance(shown))
        return found
