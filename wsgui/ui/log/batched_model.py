"""The part every fast-growing table shares: items are buffered as they arrive and a
coalescing timer inserts them in one batch, so the view sees one insertion per ~40 ms."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor

from wsgui.core.model.entries import Direction, Kind
from wsgui.ui.theme.colors import LIGHT, row_colors

Index = QModelIndex | QPersistentModelIndex
# What a model gives for one cell in a single call (widgets/plain_text_delegate.py paints
# it): (text, colour or None, right-aligned).
CELL_ROLE = Qt.ItemDataRole.UserRole + 7
# The roles a table of these models answers; any other gets None at once (a delegate asks
# for many per cell).
TABLE_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.TextAlignmentRole,
        CELL_ROLE,
    )
)
RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class BatchedTableModel(QAbstractTableModel):
    """Subclasses set ``columns``, buffer with ``self._pending`` + ``_schedule()`` in their
    hot ``append``, and implement ``flush`` around ``take_pending()``."""

    columns: tuple[str, ...] = ()

    def __init__(self, flush_interval_ms: int = 40, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: list[Any] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(flush_interval_ms)
        self._timer.timeout.connect(self.flush)
        self.row_colors: dict[Kind | Direction, QColor] = row_colors(LIGHT)

    def set_row_colors(self, colors: dict[Kind | Direction, QColor]) -> None:
        """The view's theme changed (see theme.row_colors): swap the colors, repaint."""
        if colors is self.row_colors:
            return
        self.row_colors = colors
        rows, columns = self.rowCount(), self.columnCount()
        if rows and columns:
            role = Qt.ItemDataRole.ForegroundRole
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, columns - 1), [role])

    def flush(self) -> None:  # pragma: no cover - every subclass overrides it
        raise NotImplementedError

    def _schedule(self) -> None:
        """Start the timer for the first item of a batch (call after appending to _pending)."""
        if len(self._pending) == 1:
            self._timer.start()

    def take_pending(self) -> list[Any]:
        self._timer.stop()
        batch, self._pending = self._pending, []
        return batch

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section]
        return None
