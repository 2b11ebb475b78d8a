"""The cheap cell painter of the log and Frames tables: plain text only, elided, and the
colours the style would use (selection, alternate rows, the model's colour)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication

from wsgui.core.model.entries import Direction, message_entry
from wsgui.ui.log import plain_text_delegate
from wsgui.ui.log.message_log import MessageLog
from wsgui.ui.log.model import DATA, LogModel
from wsgui.ui.log.plain_text_delegate import PlainTextDelegate


def test_text_is_laid_out_as_plain_text_never_markup(qapp: Any) -> None:
    delegate = PlainTextDelegate()
    font = QFont()
    static, width = delegate.laid_out("<b>bold</b> &amp;", 1000, font)
    assert static.textFormat() == Qt.TextFormat.PlainText
    assert static.text() == "<b>bold</b> &amp;"
    assert width == QFontMetrics(font).horizontalAdvance("<b>bold</b> &amp;")


def test_text_too_wide_is_elided_to_the_room_and_the_cache_stays_bounded(
    qapp: Any, monkeypatch: Any
) -> None:
    delegate = PlainTextDelegate()
    font = QFont()
    static, width = delegate.laid_out("m" * 500, 80, font)
    assert static.text().endswith("…")
    assert width <= 80
    monkeypatch.setattr(plain_text_delegate, "CACHE_LIMIT", 10)
    for n in range(25):
        delegate.laid_out(str(n), 80, font)
    assert len(delegate._texts) <= 10


def test_cells_show_selection_alternate_rows_and_the_models_colour(qapp: Any) -> None:
    model = LogModel(flush_interval_ms=1)
    for n in range(4):
        model.append(message_entry(Direction.RECEIVED, "█" * 80 + str(n)))
    model.flush()
    view = MessageLog(model)
    view.resize(700, 200)
    view.show()
    view.selectionModel().select(
        model.index(2, 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    QApplication.processEvents()
    image = view.viewport().grab().toImage()
    palette = view.palette()
    received = model.index(0, DATA).data(Qt.ItemDataRole.ForegroundRole)
    left = view.columnViewportPosition(DATA) + 20  # inside the block characters

    def colours(row: int) -> set[str]:
        y = view.rowViewportPosition(row) + view.rowHeight(row) // 2
        return {image.pixelColor(x, y).name() for x in range(left, left + 40)}

    def background(row: int) -> str:
        x, y = view.columnViewportPosition(DATA) + 1, view.rowViewportPosition(row) + 2
        return image.pixelColor(x, y).name()

    assert received.name() in colours(0)  # the text in the model's colour
    assert background(0) == palette.color(QPalette.ColorRole.Base).name()
    assert background(1) == palette.color(QPalette.ColorRole.AlternateBase).name()
    highlight = {
        palette.color(group, QPalette.ColorRole.Highlight).name()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)
    }
    assert background(2) in highlight
    highlighted_text = {
        palette.color(group, QPalette.ColorRole.HighlightedText).name()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)
    }
    assert colours(2) & highlighted_text
    assert QColor(received).name() not in colours(2)


def test_search_matches_are_painted_on_a_band_and_only_while_searching(qapp: Any) -> None:
    from wsgui.core.log.filter import LogFilter
    from wsgui.ui.log.match_delegate import MatchDelegate
    from wsgui.ui.theme.colors import theme_for

    model = LogModel(flush_interval_ms=1)
    model.append(message_entry(Direction.RECEIVED, "....ticker....ticker"))
    model.flush()
    view = MessageLog(model)
    view.resize(700, 120)
    delegate = MatchDelegate(view)
    view.setItemDelegateForColumn(DATA, delegate)
    view.show()
    band = theme_for(view.palette()).match_band

    def band_pixels() -> int:
        QApplication.processEvents()
        image = view.viewport().grab().toImage()
        y = view.rowViewportPosition(0) + view.rowHeight(0) // 2
        x0 = view.columnViewportPosition(DATA)
        return sum(image.pixelColor(x, y).name() == band for x in range(x0, image.width()))

    assert band_pixels() == 0
    delegate.set_filter(LogFilter(text="TICKER"))  # case-insensitive: both matches
    view.viewport().update()
    with_matches = band_pixels()
    delegate.set_filter(LogFilter(text="ticker...."))  # the first match only
    view.viewport().update()
    assert 0 < band_pixels() < with_matches
    delegate.set_filter(LogFilter())
    view.viewport().update()
    assert band_pixels() == 0
