"""Frames as they cross the wire, both ways, control frames included.

Captured by the connection class in connector.py, which wraps the sans-I/O protocol's
``recv_frame`` (incoming, after decompression, in wire order) and ``send_frame`` (outgoing,
before compression and masking). Those are websockets internals: pyproject pins websockets
below 18 and tests/core/test_frames.py fails if the hooks stop seeing frames.
"""

from __future__ import annotations

from time import time as _now
from typing import NamedTuple

from websockets.frames import Close, Frame, Opcode

from wsgui.core.entries import Direction

__all__ = ["CONTROL_OPCODES", "FrameRecord", "describe_payload", "record_frame"]

CONTROL_OPCODES = frozenset({"PING", "PONG", "CLOSE"})


class FrameRecord(NamedTuple):
    """A frame and when it crossed; the fields shown are read from it only when displayed,
    because one record is made per frame and that must stay cheap (~0.2 µs)."""

    direction: Direction
    frame: Frame
    time: float

    @property
    def opcode(self) -> str:  # TEXT, BINARY, CONT, PING, PONG, CLOSE
        return _OPCODE_NAMES[self.frame.opcode]

    @property
    def fin(self) -> bool:
        return self.frame.fin

    @property
    def rsv1(self) -> bool:  # set on the first frame of a compressed message
        return self.frame.rsv1

    @property
    def data(self) -> bytes:
        return bytes(self.frame.data)

    @property
    def length(self) -> int:  # payload bytes (after decompression for received frames)
        return len(self.frame.data)

    @property
    def is_control(self) -> bool:
        return self.frame.opcode in _CONTROL


_OPCODE_NAMES = {opcode: opcode.name for opcode in Opcode}
_CONTROL = frozenset({Opcode.PING, Opcode.PONG, Opcode.CLOSE})


def record_frame(direction: Direction, frame: Frame) -> FrameRecord:
    return FrameRecord(direction, frame, _now())


def describe_payload(record: FrameRecord, limit: int = 120) -> str:
    """One line for the frames table: close code and reason, text, or hex."""
    if record.opcode == Opcode.CLOSE.name:
        if not record.data:
            return "(no status code)"
        try:
            close = Close.parse(record.data)
        except Exception:  # noqa: BLE001 - a malformed close payload is shown as hex
            return record.data[:limit].hex(" ")
        return f"{close.code} {close.reason}".strip()
    if record.opcode in ("TEXT", "CONT", "PING", "PONG"):
        try:
            text = record.data.decode("utf-8")
        except UnicodeDecodeError:
            return record.data[: limit // 3].hex(" ")
        from wsgui.core.payload import preview

        return preview(text, limit)
    return record.data[: limit // 3].hex(" ")
