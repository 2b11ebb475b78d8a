"""Every captured frame as a table row, fed in batches like the message log, with a cap."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from wsgui.core.frames import FrameRecord, describe_payload
from wsgui.ui.batched_model import BatchedTableModel
from wsgui.ui.log_model import format_time

FRAME_COLUMNS = ("Time", "Direction", "Opcode", "FIN", "RSV1", "Length", "Payload")
Index = QModelIndex | QPersistentModelIndex
MAX_FRAMES = 1_000_000


class FramesModel(BatchedTableModel):
    """``append`` only buffers; a 40 ms timer inserts; Hide control frames filters rows."""

    columns = FRAME_COLUMNS

    def __init__(self, flush_interval_ms: int = 40, parent: QObject | None = None) -> None:
        super().__init__(flush_interval_ms, parent)
        self.frames: list[FrameRecord] = []
        self.hide_control = False
        self._shown: list[int] | None = None  # None: every frame

    def append(self, frame: FrameRecord) -> None:
        self._pending.append(frame)
        self._schedule()

    def flush(self) -> None:
        batch: list[FrameRecord] = self.take_pending()
        if not batch:
            return
        if len(self.frames) + len(batch) > MAX_FRAMES:
            self.beginResetModel()  # rare: keep the newest frames
            self.frames = (self.frames + batch)[-MAX_FRAMES // 2 :]
            self._recompute()
            self.endResetModel()
            return
        first = len(self.frames)
        self.frames.extend(batch)
        new = list(range(first, len(self.frames)))
        if self._shown is not None:
            new = [i for i in new if not self.frames[i].is_control]
            if not new:
                return
        start = self.rowCount()
        self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
        if self._shown is not None:
            self._shown.extend(new)
        self.endInsertRows()

    def set_hide_control(self, hide: bool) -> None:
        self.beginResetModel()
        self.hide_control = hide
        self._recompute()
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self.frames.clear()
        self._pending.clear()
        self._recompute()
        self.endResetModel()

    def frame(self, row: int) -> FrameRecord:
        return self.frames[row if self._shown is None else self._shown[row]]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self.frames) if self._shown is None else len(self._shown)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        frame = self.frame(index.row())
        values = (
            format_time(frame.time),
            "↑ sent" if frame.direction.value == "sent" else "↓ received",
            frame.opcode,
            "1" if frame.fin else "0",
            "1" if frame.rsv1 else "0",
            f"{frame.length:,}",
            describe_payload(frame),
        )
        return values[index.column()]

    def _recompute(self) -> None:
        self._shown = (
            [i for i, f in enumerate(self.frames) if not f.is_control]
            if self.hide_control
            else None
        )
