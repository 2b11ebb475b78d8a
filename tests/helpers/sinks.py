"""A SessionSink that records everything, to assert on what a user would see."""

from __future__ import annotations

from dataclasses import dataclass, field

from wsgui.core.connection.sink import OpenInfo
from wsgui.core.model.entries import Direction, Kind, LogEntry, ReadyState, Row, as_entry
from wsgui.core.model.frames import FrameRecord, RawFrame, as_record
from wsgui.core.model.handshake import HandshakeRecord


@dataclass
class RecordingSink:
    states: list[ReadyState] = field(default_factory=list)
    entries: list[LogEntry] = field(default_factory=list)
    opened: list[OpenInfo] = field(default_factory=list)
    handshakes: list[HandshakeRecord] = field(default_factory=list)
    frames: list[FrameRecord] = field(default_factory=list)
    rtts: list[float] = field(default_factory=list)
    reconnects: list[int] = field(default_factory=list)

    def on_state(self, state: ReadyState) -> None:
        self.states.append(state)

    def on_entry(self, entry: LogEntry) -> None:
        self.entries.append(entry)

    def on_row(self, row: Row) -> None:
        assert all(type(item) is not Direction for item in row)  # atoms: untracked by the GC
        self.entries.append(as_entry(row))

    def on_open(self, info: OpenInfo) -> None:
        self.opened.append(info)

    def on_handshake(self, record: HandshakeRecord) -> None:
        self.handshakes.append(record)

    def on_frame(self, record: RawFrame) -> None:
        assert type(record) is tuple  # plain tuples of atoms: untracked by the GC
        self.frames.append(as_record(record))

    def on_rtt(self, seconds: float) -> None:
        self.rtts.append(seconds)

    def on_reconnecting(self, attempt: int, delay: float) -> None:
        self.reconnects.append(attempt)

    def of_kind(self, kind: Kind) -> list[LogEntry]:
        return [e for e in self.entries if e.kind is kind]

    def received(self) -> list[str | bytes]:
        return [e.payload for e in self.entries if e.direction is Direction.RECEIVED]

    def errors(self) -> list[str]:
        return [str(e.payload) for e in self.of_kind(Kind.ERROR)]

    def close_entry(self) -> LogEntry:
        (entry,) = self.of_kind(Kind.CLOSE)
        return entry
