"""Whole-log export and import: round trips, a strict HAR schema, progress, cancel, errors."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import jsonschema
import pytest

from tests.helpers.har_schema import HAR_SCHEMA
from wsgui.core.log.export import LogFormatError
from wsgui.core.log.transfer import Progress, TransferCancelledError, export_rows, import_log
from wsgui.core.model.entries import Direction, Kind, LogEntry, as_row, event_entry, message_entry

ENTRIES = [
    event_entry(Kind.OPEN, "Open: ws://h/, subprotocol none"),
    message_entry(Direction.SENT, '{"op": "subscribe", "ch": "ticker"}'),
    message_entry(Direction.RECEIVED, "héllo\x00\u001e tab\t"),
    message_entry(Direction.RECEIVED, bytes(range(256))),
    message_entry(Direction.SENT, b"", note="file empty.bin (0 B)"),
    event_entry(Kind.CLOSE, "Closed: code 4000", close_code=4000),
]


def rows(entries: list[LogEntry]) -> list:  # type: ignore[type-arg]
    return [as_row(e) for e in entries]


def test_ndjson_export_then_import_gives_equal_entries(tmp_path: Path) -> None:
    path = tmp_path / "log.ndjson"
    progress = Progress()
    assert export_rows(path, rows(ENTRIES), "ws://h/", progress) == len(ENTRIES)
    assert progress.done == progress.total == len(ENTRIES)
    assert import_log(path, Progress()) == ENTRIES
    assert path.stat().st_mode & 0o777 == 0o600  # logs may hold tokens
    assert [p.name for p in tmp_path.iterdir()] == ["log.ndjson"]  # no temporary left


def test_har_export_passes_a_strict_schema_and_imports_back(tmp_path: Path) -> None:
    path = tmp_path / "log.har"
    assert export_rows(path, rows(ENTRIES), "wss://h.test/feed?x=1", Progress()) == 4
    document = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(document, HAR_SCHEMA)
    imported = import_log(path, Progress())
    assert imported[0].kind is Kind.INFO and "wss://h.test/feed?x=1" in str(imported[0].payload)
    messages = [e for e in ENTRIES if e.is_message]
    assert [(e.direction, e.kind, e.payload, e.time) for e in imported[1:]] == [
        (e.direction, e.kind, e.payload, e.time) for e in messages
    ]


def test_the_schema_is_strict() -> None:
    """The schema would catch a HAR with a missing or unknown member (it can fail)."""
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"log": {"version": "1.2", "creator": {"name": "x"}}}, HAR_SCHEMA)
    bad = {"log": {"version": "1.2", "creator": {"name": "x", "version": "1"}, "entries": []}}
    bad["log"]["unknown"] = 1  # type: ignore[index]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, HAR_SCHEMA)


def test_a_cancelled_export_leaves_the_previous_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "log.ndjson"
    path.write_text("previous export\n")
    progress = Progress()
    progress.cancel()
    with pytest.raises(TransferCancelledError):
        export_rows(path, rows(ENTRIES * 5000), "ws://h/", progress)
    assert path.read_text() == "previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["log.ndjson"]


def test_cancel_from_another_thread_stops_a_long_export(tmp_path: Path) -> None:
    progress = Progress()
    many = rows(ENTRIES * 200_000)
    outcome: list[BaseException] = []

    def work() -> None:
        try:
            export_rows(tmp_path / "big.csv", many, "ws://h/", progress)
        except BaseException as exc:  # noqa: BLE001 - recorded for the assertion
            outcome.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    while progress.done == 0 and worker.is_alive():
        pass
    progress.cancel()
    worker.join(30)
    assert outcome and isinstance(outcome[0], TransferCancelledError)
    assert 0 < progress.done < len(many)
    assert list(tmp_path.iterdir()) == []


def test_import_errors_name_the_problem(tmp_path: Path) -> None:
    bad_line = tmp_path / "bad.ndjson"
    bad_line.write_text(
        '{"time": 1, "direction": "sent", "kind": "text", "size": 1, "text": "a"}\n{oops\n'
    )
    with pytest.raises(LogFormatError, match="line 2: not JSON"):
        import_log(bad_line, Progress())
    binary = tmp_path / "binary.ndjson"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(LogFormatError, match="not UTF-8"):
        import_log(binary, Progress())
    no_sockets = tmp_path / "plain.har"
    no_sockets.write_text(json.dumps({"log": {"entries": []}}))
    with pytest.raises(LogFormatError, match="no WebSocket entries"):
        import_log(no_sockets, Progress())
    with pytest.raises(IsADirectoryError):
        import_log(tmp_path, Progress())
