"""Saving the log as NDJSON, CSV or HAR, and reading NDJSON and HAR logs back.

NDJSON keeps everything (one JSON object per entry; binary payloads as base64) and reads back
to equal entries. HAR follows the browsers' format for WebSockets (an entry per connection
with ``_webSocketMessages``: type send/receive, time, opcode 1 text / 2 binary, data), so
Chrome's and Firefox's HAR readers open it; events (open, close, errors) are not part of HAR.
"""

from __future__ import annotations

import base64
import csv
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, TextIO

from wsgui import __version__
from wsgui.core.entries import Direction, Kind, LogEntry

__all__ = [
    "LogFormatError",
    "read_ndjson",
    "write_csv",
    "write_har",
    "write_ndjson",
]


class LogFormatError(ValueError):
    """A log file that cannot be read; the text names the line and what is wrong."""


def entry_to_json(entry: LogEntry) -> dict[str, Any]:
    row: dict[str, Any] = {
        "time": entry.time,
        "direction": entry.direction.value,
        "kind": entry.kind.value,
        "size": entry.size,
    }
    if isinstance(entry.payload, bytes):
        row["base64"] = base64.b64encode(entry.payload).decode("ascii")
    else:
        row["text"] = entry.payload
    if entry.note:
        row["note"] = entry.note
    if entry.close_code is not None:
        row["close_code"] = entry.close_code
    return row


def entry_from_json(row: object, line: int) -> LogEntry:
    if not isinstance(row, dict):
        raise LogFormatError(f"line {line}: not a JSON object")
    try:
        payload: str | bytes = (
            base64.b64decode(row["base64"], validate=True) if "base64" in row else row["text"]
        )
        return LogEntry(
            Direction(row["direction"]),
            Kind(row["kind"]),
            payload,
            int(row["size"]),
            float(row["time"]),
            str(row.get("note", "")),
            row.get("close_code"),
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise LogFormatError(f"line {line}: {type(exc).__name__}: {exc}") from None


def write_ndjson(entries: Iterable[LogEntry], handle: TextIO) -> int:
    count = 0
    for entry in entries:
        handle.write(json.dumps(entry_to_json(entry), ensure_ascii=False) + "\n")
        count += 1
    return count


def read_ndjson(lines: Iterable[str]) -> Iterator[LogEntry]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except (ValueError, RecursionError):
            raise LogFormatError(f"line {number}: not JSON") from None
        yield entry_from_json(row, number)


def write_csv(entries: Iterable[LogEntry], handle: TextIO) -> int:
    """time (ISO 8601, ms), direction, kind, size, payload (text, or binary as hex), note."""
    writer = csv.writer(handle)
    writer.writerow(["time", "direction", "kind", "size", "payload", "note"])
    count = 0
    for entry in entries:
        payload = entry.payload.hex(" ") if isinstance(entry.payload, bytes) else entry.payload
        when = datetime.fromtimestamp(entry.time, UTC).isoformat(timespec="milliseconds")
        writer.writerow(
            [when, entry.direction.value, entry.kind.value, entry.size, payload, entry.note]
        )
        count += 1
    return count


def write_har(entries: Iterable[LogEntry], url: str, handle: TextIO) -> int:
    """One HAR entry for the connection, its messages as Chrome writes them."""
    messages = []
    started: float | None = None
    for entry in entries:
        if not entry.is_message:
            continue
        started = entry.time if started is None else started
        binary = isinstance(entry.payload, bytes)
        data = (
            base64.b64encode(entry.payload).decode("ascii")
            if isinstance(entry.payload, bytes)
            else entry.payload
        )
        messages.append(
            {
                "type": "send" if entry.direction is Direction.SENT else "receive",
                "time": entry.time,
                "opcode": 2 if binary else 1,
                "data": data,
            }
        )
    start = datetime.fromtimestamp(started or 0, UTC).isoformat(timespec="milliseconds")
    http_url = url.replace("wss://", "https://", 1).replace("ws://", "http://", 1)
    document = {
        "log": {
            "version": "1.2",
            "creator": {"name": "wsgui", "version": __version__},
            "pages": [],
            "entries": [
                {
                    "startedDateTime": start,
                    "time": 0,
                    "_resourceType": "websocket",
                    "request": {
                        "method": "GET",
                        "url": http_url,
                        "httpVersion": "HTTP/1.1",
                        "cookies": [],
                        "headers": [],
                        "queryString": [],
                        "headersSize": -1,
                        "bodySize": 0,
                    },
                    "response": {
                        "status": 101,
                        "statusText": "Switching Protocols",
                        "httpVersion": "HTTP/1.1",
                        "cookies": [],
                        "headers": [],
                        "content": {"size": 0, "mimeType": "x-unknown"},
                        "redirectURL": "",
                        "headersSize": -1,
                        "bodySize": 0,
                    },
                    "cache": {},
                    "timings": {"send": 0, "wait": 0, "receive": 0},
                    "_webSocketMessages": messages,
                }
            ],
        }
    }
    json.dump(document, handle, ensure_ascii=False, indent=1)
    return len(messages)
