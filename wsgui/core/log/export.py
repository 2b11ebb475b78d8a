"""Saving the log as NDJSON, CSV or HAR, and reading NDJSON and HAR logs back.

NDJSON keeps everything (one JSON object per entry; binary payloads as base64) and reads back
to equal entries. HAR follows the browsers' format for WebSockets (an entry per connection
with ``_webSocketMessages``: type send/receive, time, opcode 1 text / 2 binary, data), so
Chrome's and Firefox's HAR readers open it; events (open, close, errors) are not part of HAR.

No export writes a secret in clear: URLs (in the HAR request and in event texts such as the
open entry) have their password and credential-like query values masked as on screen
(``display_url``), and the HAR's handshake headers have Authorization, Cookie and token-like
values masked (``mask``), as Chrome's default "sanitized" HAR export does. Message payloads
are written as they crossed the wire: they are what is being debugged.
"""

from __future__ import annotations

import base64
import csv
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, TextIO
from urllib.parse import unquote_plus

from wsgui import __version__
from wsgui.core.model.entries import Direction, Kind, LogEntry
from wsgui.core.model.handshake import HandshakeRecord, HttpMessage
from wsgui.core.model.options import mask
from wsgui.core.model.urls import display_url, mask_urls_in

__all__ = [
    "LogFormatError",
    "read_ndjson",
    "write_csv",
    "write_har",
    "write_ndjson",
]


class LogFormatError(ValueError):
    """A log file that cannot be read; the text names the line and what is wrong."""


def masked(entry: LogEntry) -> LogEntry:
    """An event as exported: URLs in its text masked (messages are kept as they were)."""
    if entry.direction is not Direction.EVENT:
        return entry
    text = mask_urls_in(entry.payload) if isinstance(entry.payload, str) else entry.payload
    return entry._replace(payload=text, note=mask_urls_in(entry.note))


def entry_to_json(entry: LogEntry) -> dict[str, Any]:
    entry = masked(entry)
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
    for entry in map(masked, entries):
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
    handshake: HandshakeRecord | None = None
    for entry in entries:
        if entry.handshake is not None and entry.kind is Kind.OPEN and handshake is None:
            handshake = entry.handshake  # the first connection's Upgrade
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
    typed = url if "://" in url else f"ws://{url}"  # as typed in the URL field
    shown = display_url(handshake.url if handshake is not None else typed)
    http_url = shown.replace("wss://", "https://", 1).replace("ws://", "http://", 1)
    request = handshake.request if handshake is not None else None
    response = handshake.response if handshake is not None else None
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
                        "headers": har_headers(request),
                        "queryString": query_string(http_url),
                        "headersSize": -1,
                        "bodySize": 0,
                    },
                    "response": {
                        "status": 101,
                        "statusText": "Switching Protocols",
                        "httpVersion": "HTTP/1.1",
                        "cookies": [],
                        "headers": har_headers(response),
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


def har_headers(message: HttpMessage | None) -> list[dict[str, str]]:
    """The Upgrade's headers in wire order, secret values masked."""
    if message is None:
        return []
    return [{"name": name, "value": mask(name, value)} for name, value in message.headers]


def query_string(url: str) -> list[dict[str, str]]:
    """HAR's queryString from an already masked URL (values as written in it)."""
    query = url.partition("?")[2].partition("#")[0]
    pairs = [item.partition("=") for item in query.split("&") if item]
    return [{"name": unquote_plus(name), "value": unquote_plus(value)} for name, _, value in pairs]
