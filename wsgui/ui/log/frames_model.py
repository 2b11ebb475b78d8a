"""Every captured frame as a table row, fed in batches like the message log, with a cap.

Frames are kept as the plain tuples the connection makes (see wsgui.core.model.frames); rows get
named fields only when displayed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from wsgui.core.connection.websocket.frame_messages import (
    FramePlace,
    LogAnchor,
    MessageNumbers,
    describe_place,
)
from wsgui.core.model.entries import Direction, Kind
from wsgui.core.model.frames import FrameRecord, RawFrame, as_record, describe_payload
from wsgui.ui.log.batched_model import CELL_ROLE, RIGHT_ALIGNED, TABLE_ROLES, BatchedTableModel
from wsgui.ui.log.model import format_time

FRAME_COLUMNS = (
    "Time",
    "Direction",
    "Opcode",
    "FIN",
    "RSV1",
    "Length",
    "On wire",
    "Message",
    "Payload",
)
TIME, DIRECTION, OPCODE, FIN, RSV1, LENGTH, WIRE, MESSAGE, PAYLOAD = range(len(FRAME_COLUMNS))
Index = QModelIndex | QPersistentModelIndex
MAX_FRAMES = 1_000_000
# The Frames table is the second view of a flood: five refreshes a second are enough to read
# it, and cost a fifth of the row insertions and repaints of the log's 40 ms.
REFRESH_MS = 200
TEXT_CACHE_ROWS = 512  # rows whose cells are kept as text: more than a screen shows


class FramesModel(BatchedTableModel):
    """``append`` only buffers; a timer inserts every REFRESH_MS; Hide control frames filters."""

    append: Callable[[RawFrame], None]

    columns = FRAME_COLUMNS

    def __init__(
        self,
        flush_interval_ms: int = REFRESH_MS,
        parent: QObject | None = None,
        max_frames: int = MAX_FRAMES,
    ) -> None:
        super().__init__(flush_interval_ms, parent)
        self.frames: list[RawFrame] = []
        self.numbers = MessageNumbers()
        self.hide_control = False
        self.max_frames = max_frames
        self._shown: list[int] | None = None  # None: every frame
        self._shown_texts: dict[int, tuple[str, ...]] = {}  # by frame index: see _texts
        # The frame sink is the buffer's own append (no Python call per frame); a repeating
        # timer flushes it while a capturing connection lasts (start_connection to
        # stop_polling), where the log model's buffer starts its timer on the first entry.
        self._incoming: list[RawFrame] = []
        self.append = self._incoming.append
        self._timer.setSingleShot(False)
        self._journal: Callable[[list[RawFrame]], None] | None = None  # see record_into

    def record_into(self, journal: Callable[[list[RawFrame]], None] | None) -> None:
        """Journal the frames captured from now on with ``journal`` (a connection's
        SessionJournal.extend_frames; None: stop), those buffered so far going where they
        were meant to. Every frame is journaled, also those the table's cap drops."""
        self.flush()
        self._journal = journal

    def start_connection(self, anchor: LogAnchor) -> None:
        """Frames from now on belong to a new connection, which started at ``anchor`` in the log."""
        self.numbers.start_connection(len(self.frames) + len(self._incoming), anchor)
        self._timer.start()

    def stop_polling(self) -> None:
        """The capturing connection ended: insert what is left, stop the timer."""
        self.flush()
        self._timer.stop()

    def flush(self) -> None:
        batch = self._incoming.copy()
        self._incoming.clear()
        if not batch:
            return
        if self._journal is not None:
            self._journal(batch)  # a deque's extend: the writer thread commits it
        if len(self.frames) + len(batch) > self.max_frames:
            self.beginResetModel()  # rare: keep the newest half
            self.frames.extend(batch)
            excess = len(self.frames) - self.max_frames // 2
            self.numbers.trim(self.frames, excess)
            del self.frames[:excess]
            self._shown_texts.clear()  # frame indexes moved
            self._recompute()
            self.endResetModel()
            return
        first = len(self.frames)
        if self._shown is None:
            self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
            self.frames.extend(batch)
            self.endInsertRows()
            return
        self.frames.extend(batch)  # rows follow _shown, extended between begin and end
        new = [first + i for i, frame in enumerate(batch) if frame[1] < 8]
        if new:
            start = len(self._shown)
            self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
            self._shown.extend(new)
            self.endInsertRows()

    def set_hide_control(self, hide: bool) -> None:
        self.beginResetModel()
        self.hide_control = hide
        self._recompute()
        self.endResetModel()

    def clear(self) -> None:
        """Forget every frame. Cleared with the log (Log > Clear), so a connection still
        capturing numbers its messages from here, as the log counts them from empty."""
        self.beginResetModel()
        connected = self.numbers.has_connections
        self.frames.clear()
        self._incoming.clear()
        self._shown_texts.clear()
        self.numbers.clear()
        if connected:
            self.numbers.start_connection(0, LogAnchor(0, 0))
        self._recompute()
        self.endResetModel()

    def frame_index(self, row: int) -> int:
        return row if self._shown is None else self._shown[row]

    def frame(self, row: int) -> FrameRecord:
        return as_record(self.frames[self.frame_index(row)])

    def place(self, row: int) -> FramePlace:
        """The message this row's frame belongs to (see frame_messages in core)."""
        return self.numbers.place(self.frames, self.frame_index(row))

    def message_place(self, row: int) -> FramePlace:
        """Like ``place``, but of the frame that completes the message."""
        final = self.numbers.final_frame(self.frames, self.frame_index(row))
        return self.numbers.place(self.frames, final)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self.frames) if self._shown is None else len(self._shown)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in TABLE_ROLES or not index.isValid():
            return None
        column, frame_index = index.column(), self.frame_index(index.row())
        if role == CELL_ROLE:  # the delegate's one call per cell
            right = column in (LENGTH, WIRE)
            return self._texts(frame_index)[column], self._color(frame_index), right
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts(frame_index)[column]
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._color(frame_index)
        return RIGHT_ALIGNED if column in (LENGTH, WIRE) else None  # TextAlignmentRole

    def _color(self, frame_index: int) -> Any:
        raw = self.frames[frame_index]
        key = Kind.CLOSE if raw[1] >= 8 else Direction.SENT if raw[0] else Direction.RECEIVED
        return self.row_colors[key]  # control frames in the close color

    def _texts(self, frame_index: int) -> tuple[str, ...]:
        """The row's cells as text, made once per shown frame (a table repaint asks for each
        cell several times, and five times a second while frames arrive)."""
        texts = self._shown_texts.get(frame_index)
        if texts is None:
            if len(self._shown_texts) >= TEXT_CACHE_ROWS:
                self._shown_texts.clear()
            texts = self._shown_texts[frame_index] = self._make_texts(frame_index)
        return texts

    def _make_texts(self, frame_index: int) -> tuple[str, ...]:
        frame = as_record(self.frames[frame_index])
        place = self.numbers.place(self.frames, frame_index)
        opcode = self.numbers.message_opcode(self.frames, frame_index)
        return (
            format_time(frame.time),
            "↑ sent" if frame.sent else "↓ received",
            frame.opcode,
            "1" if frame.fin else "0",
            "1" if frame.rsv1 else "0",
            f"{frame.length:,}",
            f"{frame.wire_length:,}",
            describe_place(place),
            describe_payload(frame, message_opcode=opcode),
        )

    def _recompute(self) -> None:
        self._shown = (
            [i for i, f in enumerate(self.frames) if f[1] < 8] if self.hide_control else None
        )
