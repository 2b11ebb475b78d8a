"""Captured frames as the history stores them, and back.

One table row per frame of a connection that captured them (the Frames tab's Capture
frames), keyed by ``session << 32 | index`` in that session's frames, as entries are. A row
keeps what the Frames tab shows of the frame (core.model.frames' RawFrame): direction,
opcode, FIN, RSV1, the payload's length (received: after decompression), its length on the
wire, the time, and the payload as the tab has it: a sent frame's before masking (every
frame a client sends is masked on the wire, none it receives is, so there is no flag to
keep), a received one's after decompression. RSV2 and RSV3 are not captured (websockets
refuses a frame that sets them).

The payload is kept whole up to FRAME_PREFIX (4 KiB: every control frame, and more than
the table's Payload column shows of any frame); past that its first 4 KiB, cut back to a
whole UTF-8 character when that is where it was cut, so a long text frame reads as text as
it does live. The message the frames make is in the entries table anyway. (A frame over
4 KiB whose bytes stop being UTF-8 only after its first 4 KiB shows as text, where the live
tab shows it as hex.)

Read back, a frame is a StoredFrame: a RawFrame with its payload length added at the end,
since the payload may be only the start of it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from wsgui.core.history.rows import INDEX_BITS, Value
from wsgui.core.model.frames import RawFrame

__all__ = ["FRAME_PREFIX", "StoredFrame", "encode_frames", "read_frames", "read_heads"]

FRAME_PREFIX = 4096
# (sent, opcode, fin, rsv1, payload or its start, time, wire length, payload length)
StoredFrame = tuple[bool, int, bool, bool, bytes, float, int, int]

FRAME_VALUES = 6  # values per frame in an INSERT: id, a code, payload, length, time, wire
# The code packs opcode (4 bits), FIN, RSV1 and direction (0 sent, 1 received) in one value;
# SQL unpacks it (less Python per frame on the writer's share of the GIL: see appending.py).
FRAME_INSERT = (
    "INSERT INTO frames (id, direction, opcode, fin, rsv1, payload, length, time, wire_length) "
    "SELECT column1, column2 >> 6, column2 & 15, column2 >> 4 & 1, column2 >> 5 & 1, "
    "column3, column4, column5, column6 FROM (VALUES {values})"
)
_SELECT = (
    "SELECT direction, opcode, fin, rsv1, payload, time, wire_length, length FROM frames "
    "WHERE id BETWEEN ? AND ? ORDER BY id"
)
_SELECT_HEADS = "SELECT direction = 0, opcode, fin FROM frames WHERE id BETWEEN ? AND ? ORDER BY id"


def encode_frames(first_id: int, frames: Iterable[RawFrame]) -> list[Value]:
    """The values of ``frames`` for FRAME_INSERT, the first with id ``first_id``."""
    values: list[Value] = []
    add = values.extend
    limit = FRAME_PREFIX
    for ident, (sent, opcode, fin, rsv1, data, when, wire) in enumerate(frames, first_id):
        code = opcode | fin << 4 | rsv1 << 5 | (not sent) << 6
        length = len(data)
        add((ident, code, bytes(data) if length <= limit else _start(data), length, when, wire))
    return values


def _start(data: bytes | bytearray | memoryview) -> bytes:
    """The first FRAME_PREFIX bytes, less a UTF-8 character cut in two at their end."""
    start = bytes(data[:FRAME_PREFIX])
    try:
        start.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":
            return start[: exc.start]
    return start


def read_frames(
    db: sqlite3.Connection, session_id: int, start: int, count: int
) -> list[StoredFrame]:
    """Frames ``start`` .. ``start + count`` of the session (fewer where it has fewer)."""
    base = (session_id << INDEX_BITS) + start
    rows = db.execute(_SELECT, (base, base + count - 1)).fetchall()
    return [
        (direction == 0, opcode, bool(fin), bool(rsv1), bytes(data), when, wire, length)
        for direction, opcode, fin, rsv1, data, when, wire, length in rows
    ]


def read_heads(db: sqlite3.Connection, session_id: int, start: int, count: int) -> list[RawFrame]:
    """Frames ``start`` .. ``start + count`` with only their direction, opcode and FIN (the
    payload empty, the rest 0): what numbering their messages needs, read in about a
    quarter of the time of the whole frames."""
    base = (session_id << INDEX_BITS) + start
    rows = db.execute(_SELECT_HEADS, (base, base + count - 1)).fetchall()
    return [(bool(sent), opcode, bool(fin), False, b"", 0.0, 0) for sent, opcode, fin in rows]
