"""Exporting the log: NDJSON reads back equal, CSV is readable, HAR opens as browsers write it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from tests.helpers.har_schema import HAR_SCHEMA
from wsgui.core.log.export import LogFormatError, read_ndjson, write_har, write_ndjson
from wsgui.core.log.transfer import Progress, export_rows
from wsgui.core.model.entries import Direction, Kind, LogEntry, as_row, event_entry, message_entry
from wsgui.core.model.handshake import HandshakeRecord, HttpMessage, Timings
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


# The handshake started at 22:13:30.250 UTC and took 250 ms (the open entry, 22:13:30.500);
# the first message came 5 s later.
OPENED_AT = 1_700_000_010.5
HANDSHAKE = HandshakeRecord(
    "wss://h.test/feed",
    request=HttpMessage("GET /feed HTTP/1.1", (("Host", "h.test"),)),
    response=HttpMessage("HTTP/1.1 101 Switching Protocols", (("Upgrade", "websocket"),)),
    timings=Timings(dns_ms=1.5, tcp_ms=2.25, tls_ms=40.0, upgrade_ms=200.125, total_ms=250.0),
)
LATE_FIRST_MESSAGE = [
    event_entry(Kind.INFO, "URL wss://h.test/feed: ws:// added")._replace(time=OPENED_AT - 1),
    event_entry(Kind.OPEN, "Open: wss://h.test/feed", handshake=HANDSHAKE)._replace(time=OPENED_AT),
    message_entry(Direction.SENT, "first")._replace(time=OPENED_AT + 5),
    message_entry(Direction.RECEIVED, "second")._replace(time=OPENED_AT + 5.5),
]


def har_entry(entries: list[LogEntry]) -> dict:  # type: ignore[type-arg]
    buffer = io.StringIO()
    write_har(entries, "wss://h.test/feed", buffer)
    document = json.loads(buffer.getvalue())
    jsonschema.validate(document, HAR_SCHEMA)
    (entry,) = document["log"]["entries"]
    return entry  # type: ignore[no-any-return]


def test_har_started_date_time_is_the_handshake_start_not_the_first_message() -> None:
    """Issue 18: startedDateTime was the first message's time, 5 s after the handshake."""
    entry = har_entry(LATE_FIRST_MESSAGE)
    assert entry["startedDateTime"] == "2023-11-14T22:13:30.250+00:00"  # ms and time zone
    assert [m["time"] for m in entry["_webSocketMessages"]] == [OPENED_AT + 5, OPENED_AT + 5.5]
    # time and timings describe the same handshake: the phases add up to its 250 ms
    timings = entry["timings"]
    assert timings == {
        "blocked": 6.125,  # the rest of the attempt (proxy choice, TLS context, websockets)
        "dns": 1.5,
        "connect": 42.25,  # TCP and TLS, as HAR counts connect
        "ssl": 40.0,
        "send": 0.0,
        "wait": 200.125,  # Upgrade sent -> 101 received
        "receive": 0.0,
    }
    spent = sum(v for k, v in timings.items() if k != "ssl" and v != -1)
    assert entry["time"] == pytest.approx(spent) == pytest.approx(250.0)


def test_har_timings_mark_phases_that_did_not_happen() -> None:
    plain = HandshakeRecord("ws://h/", timings=Timings(dns_ms=0.5, tcp_ms=1.0, total_ms=3.0))
    opened = event_entry(Kind.OPEN, "Open: ws://h/", handshake=plain)._replace(time=OPENED_AT)
    entry = har_entry([opened])
    assert entry["timings"]["ssl"] == -1 and entry["timings"]["connect"] == 1.0
    assert entry["time"] == 3.0
    assert entry["startedDateTime"] == "2023-11-14T22:13:30.497+00:00"


def test_har_without_a_handshake_record_starts_at_the_open_event() -> None:
    """A log read back from NDJSON keeps the open entry but not its handshake record."""
    buffer = io.StringIO()
    write_ndjson(LATE_FIRST_MESSAGE, buffer)
    read_back = list(read_ndjson(buffer.getvalue().splitlines()))
    assert all(e.handshake is None for e in read_back)
    entry = har_entry(read_back)
    assert entry["startedDateTime"] == "2023-11-14T22:13:30.500+00:00"
    assert entry["time"] == 0
    assert entry["timings"] == {"send": 0, "wait": 0, "receive": 0}


def test_har_without_an_open_entry_starts_at_the_first_message() -> None:
    entry = har_entry(LATE_FIRST_MESSAGE[2:])
    assert entry["startedDateTime"] == "2023-11-14T22:13:35.500+00:00"


def test_har_request_and_start_come_from_the_same_connection() -> None:
    """An open entry without a record (read back) gives way to a later one with a record:
    its headers and its start, together."""
    bare = LATE_FIRST_MESSAGE[1]._replace(handshake=None, time=OPENED_AT - 60)
    entry = har_entry([bare, *LATE_FIRST_MESSAGE[1:]])
    assert entry["startedDateTime"] == "2023-11-14T22:13:30.250+00:00"
    assert entry["request"]["headers"] == [{"name": "Host", "value": "h.test"}]
