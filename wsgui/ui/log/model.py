"""The message log as a Qt table model over a core LogStore, fed in coalesced batches."""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from wsgui.core.connection.websocket.frame_messages import LogAnchor
from wsgui.core.log.store import LogStore, Recorder
from wsgui.core.model.entries import Direction, LogEntry, Row, as_row
from wsgui.core.model.payload import preview, visible
from wsgui.ui.log.batched_model import CELL_ROLE, RIGHT_ALIGNED, TABLE_ROLES, BatchedTableModel

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Time", "Δ", "Direction", "Kind", "Size", "Data")
TIME, DELTA, DIRECTION, KIND, SIZE, DATA = range(len(COLUMNS))
_DIRECTION_LABEL = {
    Direction.SENT: "↑ sent",
    Direction.RECEIVED: "↓ received",
    Direction.EVENT: "• event",
}
Index = QModelIndex | QPersistentModelIndex


class LogModel(BatchedTableModel):
    """Rows are entries of the store. ``append`` only buffers; a timer inserts the batch.

    One beginInsertRows/endInsertRows per flush keeps the view cheap however fast
    messages arrive. ``flush`` is public so tests and shutdown can force it.
    """

    flushed = Signal(int)  # number of rows inserted
    columns = COLUMNS

    def __init__(
        self,
        store: LogStore | None = None,
        flush_interval_ms: int = 40,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(flush_interval_ms, parent)
        self.store = store if store is not None else LogStore()
        self.paused = False

    def append(self, entry: LogEntry) -> None:
        """Buffer one entry (sent messages, events: see ``append_row`` for received ones)."""
        self.append_row(as_row(entry))

    def append_row(self, row: Row) -> None:
        """Buffer one entry already flattened to a row; the hot path, called for every
        received message."""
        if self.paused:
            self.store.count_only(row)  # Pause capture: counted, not kept
            return
        self._pending.append(row)
        if len(self._pending) == 1:
            self._timer.start()

    def flush(self) -> None:
        """Insert every buffered entry as one batch of rows."""
        batch = self.take_pending()
        if not batch:
            return
        store = self.store
        kept = min(len(batch), store.cap)  # a batch bigger than the cap keeps its newest part
        drop = store.rows_to_drop(kept)
        if drop:  # one removal per chunk of old rows, before the insertion
            self.beginRemoveRows(QModelIndex(), 0, drop - 1)
            store.drop_oldest(drop)
            self.endRemoveRows()
        first = len(store)
        self.beginInsertRows(QModelIndex(), first, first + kept - 1)
        store.extend_rows(batch)  # counts every message, keeps the newest ``kept``, journals
        self.endInsertRows()
        store.spill()  # journaled rows beyond the newest ones: read from disk from now on
        self.flushed.emit(len(batch))

    def record_into(self, recorder: Recorder | None) -> None:
        """Journal the rows logged from now on with ``recorder`` (a connection's
        SessionJournal; None: stop), those buffered so far going where they were meant to."""
        self.flush()
        self.store.record_into(recorder)

    def set_cap(self, cap: int) -> None:
        """Change the retention cap; rows over it go at once, oldest first (one removal)."""
        self.flush()
        self.store.cap = cap
        excess = len(self.store) - cap
        if excess > 0:
            self.beginRemoveRows(QModelIndex(), 0, excess - 1)
            self.store.drop_oldest(excess)
            self.endRemoveRows()

    def clear(self) -> None:
        """Remove every row (and anything still buffered)."""
        self._timer.stop()
        self._pending.clear()
        self.beginResetModel()
        self.store.clear()
        self.endResetModel()

    def entry(self, row: int) -> LogEntry:
        return self.store[row]

    def anchor(self) -> LogAnchor:
        """Where the log stands now, buffered entries included (see frame_messages in core)."""
        return LogAnchor(self.store.appended + len(self._pending), self.store.not_captured)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.store)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self.cell(index.row(), index.column(), role)

    def cell(self, row: int, column: int, role: int) -> Any:
        """``data`` without a model index (the filtered model calls it directly). Roles the
        log does not use return at once: a delegate asks for seven per cell."""
        if role not in _USED_ROLES:
            return None
        entry = self.store[row]
        if role == CELL_ROLE:  # the delegate's one call per cell
            return self._text(entry, row, column), self._color(entry), column in (SIZE, DELTA)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry, row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._color(entry)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT_ALIGNED if column in (SIZE, DELTA) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return event_tooltip(entry) if column == DATA else None
        return entry  # ENTRY_ROLE

    def _text(self, entry: LogEntry, row: int, column: int) -> str:
        if column == DELTA:
            return format_delta(entry.time - self.store.rows[row - 1][4]) if row else ""
        return _display(entry, column)

    def _color(self, entry: LogEntry) -> Any:
        colors = self.row_colors  # the view's theme (theme.row_colors)
        return colors.get(entry.kind) or colors.get(entry.direction)


_USED_ROLES = TABLE_ROLES | {int(ENTRY_ROLE), int(Qt.ItemDataRole.ToolTipRole)}
TOOLTIP_CHARS = 2000


def event_tooltip(entry: LogEntry) -> str | None:
    """An event's whole text (an error's details, a refusal's headers and body), for the row
    that shows only its first line; escaped, so a server's HTML is shown, never rendered."""
    if entry.direction is not Direction.EVENT or not isinstance(entry.payload, str):
        return None
    text = entry.payload
    if len(text) > TOOLTIP_CHARS:
        text = text[:TOOLTIP_CHARS] + "…"
    return f"<p style='white-space:pre-wrap'>{html.escape(visible(text))}</p>"


def format_time(timestamp: float) -> str:
    """Local wall-clock time with milliseconds."""
    return datetime.fromtimestamp(timestamp).strftime("%H:%M:%S.%f")[:-3]


def format_delta(seconds: float) -> str:
    """Time since the previous entry: +0.042 ms, +12.5 ms, +1.250 s, +2 min 5 s."""
    if seconds < 0.001:
        return f"+{seconds * 1000:.3f} ms"
    if seconds < 1:
        return f"+{seconds * 1000:.1f} ms"
    if seconds < 60:
        return f"+{seconds:.3f} s"
    minutes, rest = divmod(int(seconds), 60)
    return f"+{minutes} min {rest} s"


def row_preview(entry: LogEntry) -> str:
    """The Data column: a message preview, or an event's first line."""
    if entry.direction is Direction.EVENT:
        return str(entry.payload).split("\n", 1)[0]
    text = preview(entry.payload)
    return f"[{entry.note}] {text}" if entry.note else text


def _display(entry: LogEntry, column: int) -> str:
    if column == TIME:
        return format_time(entry.time)
    if column == DIRECTION:
        return _DIRECTION_LABEL[entry.direction]
    if column == KIND:
        return entry.kind.value
    if column == SIZE:
        return f"{entry.size:,}" if entry.is_message else ""
    return row_preview(entry)
