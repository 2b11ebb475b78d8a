"""Frames as they cross the wire, both ways, control frames included.

Captured by the connection class in connector.py, which wraps the sans-I/O protocol's
``recv_frame`` (incoming, after decompression, in wire order) and ``send_frame`` (outgoing,
before masking), and measures payloads on the wire with a pass-through extension placed
next to the wire. Those are websockets internals: pyproject pins websockets below 18 and
tests/core/connection/websocket/test_frames.py fails if the hooks stop seeing frames.

A captured frame is a plain tuple of atoms (see ``RawFrame``): Python's garbage collector
stops tracking such tuples, so a million retained frames cost no collection pauses, where
named tuples or objects holding the library's Frame made floods 30 % slower (bench/ingest.py
--frames). ``FrameRecord`` gives the fields names when a row is displayed.
"""

from __future__ import annotations

from typing import NamedTuple

from websockets.extensions import Extension
from websockets.frames import Close, Frame, Opcode
from websockets.typing import ExtensionName

from wsgui.core.model.entries import Direction

__all__ = [
    "CONTROL_OPCODES",
    "FrameRecord",
    "RawFrame",
    "WireMeter",
    "as_record",
    "describe_payload",
]

CONTROL_OPCODES = frozenset({"PING", "PONG", "CLOSE"})

# (sent, opcode, fin, rsv1, payload, time, wire length): only atoms, so untracked by the GC.
Payload = bytes | bytearray | memoryview  # what websockets' Frame.data may hold
RawFrame = tuple[bool, int, bool, bool, Payload, float, int]


class FrameRecord(NamedTuple):
    """A captured frame with named fields, made when it is displayed."""

    sent: bool
    opcode_value: int
    fin: bool
    rsv1: bool  # as on the wire: set on the first frame of a compressed message
    data: Payload  # the payload (after decompression for received frames)
    time: float
    wire_length: int  # payload bytes on the wire (compressed, before masking)

    @property
    def direction(self) -> Direction:
        return Direction.SENT if self.sent else Direction.RECEIVED

    @property
    def opcode(self) -> str:  # TEXT, BINARY, CONT, PING, PONG, CLOSE
        return _OPCODE_NAMES.get(self.opcode_value, f"0x{self.opcode_value:X}")

    @property
    def length(self) -> int:
        return len(self.data)

    @property
    def is_control(self) -> bool:
        return self.opcode_value >= 8

    @property
    def is_data(self) -> bool:  # TEXT, BINARY or a continuation
        return self.opcode_value < 8


def as_record(raw: RawFrame) -> FrameRecord:
    return FrameRecord._make(raw)


_OPCODE_NAMES = {opcode.value: opcode.name for opcode in Opcode}


class WireMeter(Extension):
    """A pass-through extension placed next to the wire: it sees each frame as it arrives
    (before any decompression) and as it leaves (after compression), and keeps its size."""

    name = ExtensionName("x-wsgui-wire-meter")
    length = 0
    rsv1 = False

    def decode(self, frame: Frame, *, max_size: int | None = None) -> Frame:
        self.length, self.rsv1 = len(frame.data), frame.rsv1
        return frame

    def encode(self, frame: Frame) -> Frame:
        self.length, self.rsv1 = len(frame.data), frame.rsv1
        return frame


def describe_payload(record: FrameRecord, limit: int = 120, message_opcode: int = 0) -> str:
    """One line for the frames table: close code and reason, text, or hex. A continuation is
    shown as its message is (``message_opcode``: TEXT or BINARY), else as text if it decodes."""
    data = bytes(record.data)
    if record.opcode_value == Opcode.CONT and message_opcode == Opcode.BINARY:
        return data[: limit // 3].hex(" ")
    if record.opcode_value == Opcode.CLOSE:
        if not data:
            return "(no status code)"
        try:
            close = Close.parse(data)
        except Exception:  # noqa: BLE001 - a malformed close payload is shown as hex
            return data[:limit].hex(" ")
        return f"{close.code} {close.reason}".strip()
    if record.opcode_value in (Opcode.TEXT, Opcode.CONT, Opcode.PING, Opcode.PONG):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return data[: limit // 3].hex(" ")
        from wsgui.core.model.payload import preview

        return preview(text, limit)
    return data[: limit // 3].hex(" ")
