"""Log entries: one immutable record per message or connection event, and the row format
the log keeps them in (plain tuples of atoms: see Row)."""

from __future__ import annotations

from enum import IntEnum, StrEnum
from time import time as _now
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from wsgui.core.model.handshake import HandshakeRecord


class ReadyState(IntEnum):
    """The connection state, numbered as the browser's ``WebSocket.readyState``."""

    CONNECTING = 0
    OPEN = 1
    CLOSING = 2
    CLOSED = 3


class Direction(StrEnum):
    """Who produced an entry: us, the server, or the connection itself."""

    SENT = "sent"
    RECEIVED = "received"
    EVENT = "event"


class Kind(StrEnum):
    """What an entry is; messages are text or binary, the rest are events."""

    TEXT = "text"
    BINARY = "binary"
    OPEN = "open"
    CLOSE = "close"
    ERROR = "error"
    INFO = "info"
    PING = "ping"  # a ping we sent (payload: its bytes)
    PONG = "pong"  # its answer (note: the round-trip time)


class LogEntry(NamedTuple):
    """One line of the log.

    ``payload`` keeps the message exactly as it crossed the wire (``str`` for text, ``bytes``
    for binary). For events it is a human-readable description whose first line is the
    summary. ``size`` is the payload size in bytes (UTF-8 for text); ``time`` is epoch seconds.

    A NamedTuple rather than a frozen dataclass: one is built per received message, and this
    is five times cheaper to build (0.3 vs 1.6 µs), which is most of the logging cost.
    """

    direction: Direction
    kind: Kind
    payload: str | bytes
    size: int
    time: float
    note: str = ""
    close_code: int | None = None
    handshake: HandshakeRecord | None = None  # on the open or error entry of an attempt

    @property
    def is_message(self) -> bool:
        return self.kind is Kind.TEXT or self.kind is Kind.BINARY

    @property
    def has_payload(self) -> bool:
        """Messages, pings and pongs: a payload to view as text, hex or base64."""
        return self.is_message or self.kind is Kind.PING or self.kind is Kind.PONG


def text_size(text: str) -> int:
    """Size of ``text`` in UTF-8 bytes, cheap for the common ASCII case."""
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


def message_entry(direction: Direction, payload: str | bytes, note: str = "") -> LogEntry:
    """Build the entry for a text or binary message, stamped now."""
    if isinstance(payload, str):
        return LogEntry(direction, Kind.TEXT, payload, text_size(payload), _now(), note)
    return LogEntry(direction, Kind.BINARY, payload, len(payload), _now(), note)


def event_entry(
    kind: Kind,
    text: str,
    *,
    close_code: int | None = None,
    handshake: HandshakeRecord | None = None,
) -> LogEntry:
    """Build the entry for a connection event (open, close, error, info), stamped now."""
    note = "handshake recorded" if handshake is not None else ""
    return LogEntry(Direction.EVENT, kind, text, 0, _now(), note, close_code, handshake)


# The row format: a LogEntry with direction and kind as plain str (equal to the StrEnum
# members). Python's garbage collector stops tracking tuples of atoms, whereas a million
# named tuples holding enum members are scanned by every full collection (bench/ingest.py).
# Sessions build rows in their hot loops (connection/websocket/reader.py); the log store
# keeps them.
Row = tuple[str, str, str | bytes, int, float, str, int | None, "HandshakeRecord | None"]
_DIRECTIONS = {direction.value: direction for direction in Direction}
_KINDS = {kind.value: kind for kind in Kind}
# The str values a Row holds, for building rows in hot loops.
RECEIVED = Direction.RECEIVED.value
TEXT, BINARY = Kind.TEXT.value, Kind.BINARY.value


def as_row(e: LogEntry) -> Row:
    return (e[0]._value_, e[1]._value_, e[2], e[3], e[4], e[5], e[6], e[7])


def as_entry(row: Row) -> LogEntry:
    return LogEntry(_DIRECTIONS[row[0]], _KINDS[row[1]], *row[2:])
