"""Exporting the log: NDJSON reads back equal, CSV is readable, HAR opens as browsers write it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from wsgui.core.log.export import LogFormatError, read_ndjson, write_ndjson
from wsgui.core.log.transfer import Progress, export_rows
from wsgui.core.model.entries import Direction, Kind, LogEntry, as_row, event_entry, message_entry
from wsgui.core.profiles.importers import import_har


def export_path(path: Path, entries: list[LogEntry], url: str) -> int:
    return export_rows(path, [as_row(e) for e in entries], url, Progress())


ENTRIES = [
    event_entry(Kind.OPEN, "Open: ws://h/, subprotocol none"),
    message_entry(Direction.SENT, 'héllo "quoted", comma\nnewline'),
    message_entry(Direction.RECEIVED, bytes(range(256))),
    message_entry(Direction.SENT, b"", note="file empty.bin (0 B)"),
    event_entry(Kind.CLOSE, "Closed: code 4000", close_code=4000),
]


def test_ndjson_round_trip_gives_equal_entries() -> None:
    buffer = io.StringIO()
    assert write_ndjson(ENTRIES, buffer) == 5
    assert list(read_ndjson(buffer.getvalue().splitlines())) == ENTRIES


def test_ndjson_errors_name_the_line() -> None:
    with pytest.raises(LogFormatError, match="line 2: not JSON"):
        list(
            read_ndjson(
                ['{"time": 1, "direction": "sent", "kind": "text", "size": 1, "text": "a"}', "{"]
            )
        )
    with pytest.raises(LogFormatError, match="line 1: KeyError"):
        list(read_ndjson(['{"time": 1}']))


def test_csv_has_one_row_per_entry_with_hex_for_binary(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    assert export_path(path, ENTRIES, "ws://h/") == 5
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["time", "direction", "kind", "size", "payload", "note"]
    assert rows[2][1:5] == ["sent", "text", "30", 'héllo "quoted", comma\nnewline']
    assert rows[3][4].startswith("00 01 02")


def test_har_carries_the_messages_as_browsers_write_them(tmp_path: Path) -> None:
    path = tmp_path / "log.har"
    assert export_path(path, ENTRIES, "wss://h.test/feed") == 3
    document = json.loads(path.read_text())
    (entry,) = document["log"]["entries"]
    assert entry["_resourceType"] == "websocket" and entry["response"]["status"] == 101
    assert [(m["type"], m["opcode"]) for m in entry["_webSocketMessages"]] == [
        ("send", 1),
        ("receive", 2),
        ("send", 2),
    ]
    (imported,) = import_har(path.read_text())  # our own HAR reader accepts it
    assert imported.options.url == "wss://h.test/feed"
    assert imported.messages[0].data == 'héllo "quoted", comma\nnewline'


def test_unknown_extension_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(LogFormatError, match=r"unknown format; use \.ndjson, \.csv or \.har"):
        export_path(tmp_path / "log.txt", ENTRIES, "ws://h/")
    assert not (tmp_path / "log.txt").exists()
