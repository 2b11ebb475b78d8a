"""Framing faults a server can commit after a good handshake, as the exact bytes it writes.

Each case: a name, the bytes sent after one good text message ("before the fault"), and a
piece of what the user must then read in the log (the close or error entry).
"""

from __future__ import annotations

import os
import struct
import zlib
from typing import NamedTuple


class FrameCase(NamedTuple):
    name: str
    data: bytes
    expect: str
    compression: bool = False  # the server accepts permessage-deflate
    max_size: int | None = 2**20


def _masked_text(text: bytes) -> bytes:
    key = os.urandom(4)
    masked = bytes(b ^ key[i % 4] for i, b in enumerate(text))
    return bytes([0x81, 0x80 | len(text)]) + key + masked


def _close(payload: bytes) -> bytes:
    return bytes([0x88, len(payload)]) + payload


def _deflate_bomb(size: int) -> bytes:
    """One binary message of ``size`` zero bytes, deflated (about 1/1000 of its size)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = b"\x00" * 2**20
    parts = [compressor.compress(zeros) for _ in range(size // 2**20)]
    data = b"".join(parts) + compressor.flush(zlib.Z_SYNC_FLUSH)
    data = data[:-4]  # permessage-deflate drops the 00 00 ff ff tail
    if len(data) < 2**16:
        return bytes([0xC2, 0x7E]) + struct.pack("!H", len(data)) + data  # FIN, RSV1, binary
    return bytes([0xC2, 0x7F]) + struct.pack("!Q", len(data)) + data


UTF8 = "Connection failed: the server sent text that is not valid UTF-8 (invalid start byte"
BAD_CODE = "Connection failed: the server broke the WebSocket protocol (invalid status code)"
TOP_BIT = "the server sent a frame length with the most significant bit set (RFC 6455 §5.2"
TOP_BIT_LENGTH = b"\x82\x7f\x80" + b"\x00" * 7  # binary, 64-bit length 2**63

FRAME_CASES = [
    FrameCase("reserved data opcode 0x3", b"\x83\x00", "invalid opcode"),
    FrameCase("reserved control opcode 0xB", b"\x8b\x00", "invalid opcode"),
    FrameCase("RSV1 without an extension", b"\xc1\x02hi", "reserved bits must be 0"),
    FrameCase("RSV2 set", b"\xa1\x02hi", "reserved bits must be 0"),
    FrameCase("RSV3 set", b"\x91\x02hi", "reserved bits must be 0"),
    FrameCase("a masked frame from the server", _masked_text(b"hi"), "incorrect masking"),
    FrameCase("a ping over 125 bytes", b"\x89\x7e\x00\x7e" + b"x" * 126, "control frame too long"),
    FrameCase("a fragmented ping", b"\x09\x02hi", "fragmented control frame"),
    FrameCase("a continuation with no start", b"\x80\x02hi", "unexpected continuation frame"),
    FrameCase(
        "a new message inside a fragmented one",
        b"\x01\x02ab\x81\x02cd",
        "expected a continuation frame",
    ),
    FrameCase("a 64-bit length with the top bit set", TOP_BIT_LENGTH, TOP_BIT),
    FrameCase(
        "a 64-bit length with the top bit set, max_size unlimited",
        TOP_BIT_LENGTH,
        TOP_BIT,
        max_size=None,
    ),
    FrameCase("invalid UTF-8 in a text message", b"\x81\x02\xff\xfe", UTF8),
    FrameCase("invalid UTF-8 in a close reason", _close(b"\x03\xe8\xff\xfe"), UTF8),
    FrameCase("close code 1005 on the wire", _close(b"\x03\xed"), BAD_CODE),
    FrameCase("close code 1006 on the wire", _close(b"\x03\xee"), BAD_CODE),
    FrameCase("close code 1015 on the wire", _close(b"\x03\xf7"), BAD_CODE),
    FrameCase("close code 999", _close(b"\x03\xe7"), BAD_CODE),
    FrameCase("close code 5000", _close(b"\x13\x88"), BAD_CODE),
    FrameCase("a close frame with a 1-byte payload", _close(b"\x03"), "close frame too short"),
    FrameCase(
        "a message over the size limit",
        b"\x82\x7f" + struct.pack("!Q", 2 * 2**20) + b"\x00" * 65536,
        "over 1.0 MiB",
    ),
    FrameCase(
        "a permessage-deflate bomb",
        _deflate_bomb(8 * 2**20),
        "over 1.0 MiB (Settings › Max message size) once inflated (permessage-deflate)",
        compression=True,
    ),
    FrameCase(
        "a permessage-deflate bomb, max_size unlimited",
        _deflate_bomb(100 * 2**20),
        "over 64.0 MiB, the most wsgui takes when compression is on and the size limit is off",
        compression=True,
        max_size=None,
    ),
]
