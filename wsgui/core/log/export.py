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
    "har_datetime",
    "har_timings",
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
    start = _Start()
    for entry in entries:
        start.see(entry)
        if not entry.is_message:
            continue
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
    handshake = start.handshake  # the first connection's Upgrade
    started, time_ms, timings = start.har()
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
                    "startedDateTime": har_datetime(started),
                    "time": time_ms,
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
                    "timings": timings,
                    "_webSocketMessages": messages,
                }
            ],
        }
    }
    json.dump(document, handle, ensure_ascii=False, indent=1)
    return len(messages)


def har_datetime(epoch: float) -> str:
    """HAR 1.2's startedDateTime: ISO 8601 with milliseconds and the time zone,
    ``2024-05-01T12:00:00.123+00:00``."""
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="milliseconds")


class _Start:
    """The HAR entry's request and when it started, learnt from the log in one pass.

    The request is the first open entry's handshake record: the first connection's Upgrade
    (an open entry without a record, as read back from NDJSON, gives way to a later one with
    a record). The open entry is stamped as the handshake ends and the record's total is how
    long the attempt took (DNS, TCP, TLS, the Upgrade), so the request started ``total``
    before the open entry. Without a record: the open entry's time; without an open entry:
    the first message's, else the first entry's. (Issue 18: startedDateTime was always the
    first message's, which may come seconds or hours after the handshake.)"""

    def __init__(self) -> None:
        self.opened: LogEntry | None = None  # the first open entry (with its record if any)
        self.first_message: float | None = None
        self.first_entry: float | None = None

    def see(self, entry: LogEntry) -> None:
        if self.first_entry is None:
            self.first_entry = entry.time
        if entry.kind is Kind.OPEN and (
            self.opened is None or (self.opened.handshake is None and entry.handshake is not None)
        ):
            self.opened = entry
        if self.first_message is None and entry.is_message:
            self.first_message = entry.time

    @property
    def handshake(self) -> HandshakeRecord | None:
        """The first connection's Upgrade: the first open entry's record."""
        return self.opened.handshake if self.opened is not None else None

    def har(self) -> tuple[float, float, dict[str, float]]:
        """(startedDateTime as epoch seconds, the entry's ``time`` in ms, its ``timings``)."""
        opened = self.opened
        if opened is None:
            fallback = self.first_message if self.first_message is not None else self.first_entry
            return fallback or 0.0, 0, {"send": 0, "wait": 0, "receive": 0}
        record = opened.handshake
        total = record.timings.total_ms if record is not None else None
        if record is None or total is None:
            return opened.time, 0, {"send": 0, "wait": 0, "receive": 0}
        timings = har_timings(record, total)
        started = record.started_at or opened.time - total / 1000  # a log read back: derived
        return started, round(sum(_spent(timings)), 3), timings


def har_timings(record: HandshakeRecord, total_ms: float) -> dict[str, float]:
    """HAR ``timings`` of the opening handshake, in ms: ``dns`` and ``connect`` (TCP, or TCP
    and the proxy; TLS included, as HAR wants), ``ssl`` (TLS alone), ``wait`` (Upgrade sent
    -> 101 received), ``blocked`` the rest of ``total_ms``; -1 for a phase that did not happen
    or was not seen. Their sum without ``ssl`` is ``total_ms``, the entry's ``time``."""
    phases = record.timings

    def ms(value: float | None) -> float:
        return -1 if value is None else round(max(value, 0.0), 3)

    connect = None
    if phases.tcp_ms is not None:
        connect = phases.tcp_ms + (phases.tls_ms or 0.0)
    timings = {
        "blocked": -1.0,
        "dns": ms(phases.dns_ms),
        "connect": ms(connect),
        "ssl": ms(phases.tls_ms),
        "send": 0.0,
        "wait": ms(phases.upgrade_ms) if phases.upgrade_ms is not None else 0.0,
        "receive": 0.0,
    }
    rest = round(total_ms, 3) - sum(_spent(timings))
    timings["blocked"] = round(max(rest, 0.0), 3)
    return timings


def _spent(timings: dict[str, float]) -> list[float]:
    """The phases that add up to the entry's time (HAR: ``ssl`` is within ``connect``)."""
    return [value for name, value in timings.items() if name != "ssl" and value > 0]


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
