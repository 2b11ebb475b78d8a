"""Exporting and importing whole logs as jobs that report progress and can be cancelled.

They run in a worker thread; the UI polls ``Progress`` and sets its cancel flag. An export
writes a hidden temporary file next to the target and renames it when complete, so a
cancelled or failed export leaves neither a half-written file nor a damaged older one.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from wsgui.core.log.export import LogFormatError, read_ndjson, write_csv, write_har, write_ndjson
from wsgui.core.model.entries import Direction, Kind, LogEntry, Row, as_entry, text_size
from wsgui.core.profiles.importers.draft import ImportFailure
from wsgui.core.profiles.importers.har import import_har

__all__ = ["LOG_SUFFIXES", "Progress", "TransferCancelledError", "export_rows", "import_log"]

LOG_SUFFIXES = (".ndjson", ".jsonl", ".csv", ".har")
_STEP = 2048  # entries (or lines) between two progress updates / cancel checks


class TransferCancelledError(Exception):
    """The user pressed Cancel."""


class Progress:
    """Shared by a worker thread (writes ``done``) and the UI (reads it, may cancel)."""

    def __init__(self, total: int = 0) -> None:
        self.total = total
        self.done = 0
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self, done: int) -> None:
        """Record progress, stop if cancelled, and let the UI thread run: without the sleep
        (which releases the GIL) a busy worker kept the window from painting for most of a
        200,000-entry export (measured: the loop ran twice in 1.1 s)."""
        self.done = done
        if self._cancel.is_set():
            raise TransferCancelledError
        time.sleep(0)


def _entries(rows: list[Row], progress: Progress) -> Iterator[LogEntry]:
    for index, row in enumerate(rows):
        if not index % _STEP:
            progress.check(index)
        yield as_entry(row)
    progress.check(len(rows))


def export_rows(path: Path, rows: list[Row], url: str, progress: Progress) -> int:
    """Write ``rows`` as the file's extension says (.ndjson/.jsonl, .csv, .har); returns how
    many entries (HAR: messages) were written. Raises TransferCancelledError, LogFormatError,
    OSError."""
    suffix = path.suffix.lower()
    if suffix not in LOG_SUFFIXES:
        raise LogFormatError(f"{path.name}: unknown format; use .ndjson, .csv or .har")
    progress.total = len(rows)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    try:
        with open(descriptor, "w", encoding="utf-8", newline="") as handle:
            entries = _entries(rows, progress)
            if suffix == ".har":
                count = write_har(entries, url, handle)
            elif suffix == ".csv":
                count = write_csv(entries, handle)
            else:
                count = write_ndjson(entries, handle)
        os.replace(temporary, path)  # private (0600), like profiles: logs may hold tokens
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return count


def import_log(path: Path, progress: Progress) -> list[LogEntry]:
    """Read an NDJSON log written by wsgui, or the WebSocket messages of a browser's HAR.
    Raises TransferCancelledError, LogFormatError (naming the line or what is missing), OSError.
    Every entry returned can be shown: a file with wrong types is refused here, not later."""
    progress.total = path.stat().st_size
    if path.suffix.lower() == ".har":
        data = path.read_bytes()
        progress.check(len(data))
        return [_showable(entry, "HAR: a message") for entry in har_entries(data)]
    entries: list[LogEntry] = []
    lines = _Lines(progress)
    with path.open("rb") as handle:
        try:
            for entry in read_ndjson(lines.read(handle)):
                entries.append(_showable(entry, f"line {lines.number}"))
        except OverflowError as exc:  # a size of 1e999 (JSON "Infinity")
            raise LogFormatError(f"line {lines.number}: {exc}") from None
    return entries


class _Lines:
    """A file's lines decoded one at a time, so that an error names its line; the bytes
    read go to the progress bar."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.number = 0

    def read(self, handle: BinaryIO) -> Iterator[str]:
        done = 0
        for self.number, raw in enumerate(handle, 1):
            done += len(raw)
            if not self.number % _STEP:
                self.progress.check(done)
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise LogFormatError(
                    f"line {self.number}: not UTF-8 text (byte {exc.start + 1} of the line)"
                ) from None
        self.progress.check(self.progress.total)


_LAST_DATE = datetime(9999, 1, 1, tzinfo=UTC).timestamp()


def _showable(entry: LogEntry, where: str) -> LogEntry:
    """``entry`` if the log can show it (the types LogEntry promises, a time that is a date),
    else LogFormatError saying what is wrong ``where``."""
    if not isinstance(entry.payload, str | bytes):
        raise LogFormatError(f"{where}: the payload is {type(entry.payload).__name__}, not text")
    if type(entry.size) is not int or entry.size < 0:
        raise LogFormatError(f"{where}: size {entry.size!r} is not a number of bytes")
    time = entry.time
    if isinstance(time, bool) or not isinstance(time, int | float) or not 0 <= time < _LAST_DATE:
        raise LogFormatError(f"{where}: time {time!r} is not a date (seconds since 1970)")
    code = entry.close_code
    if code is not None and (type(code) is not int or not 0 <= code <= 0xFFFF):
        raise LogFormatError(f"{where}: close_code {code!r} is not a close code")
    return entry if type(time) is float else entry._replace(time=float(time))


def har_entries(data: bytes) -> list[LogEntry]:
    """Each WebSocket of the HAR as an info entry (its URL) followed by its messages."""
    try:
        sockets = import_har(data)
    except ImportFailure as exc:
        raise LogFormatError(str(exc)) from None
    entries: list[LogEntry] = []
    for socket in sockets:
        times = [m.time for m in socket.messages if m.time is not None]
        start = min(times) if times else 0.0
        entries.append(LogEntry(Direction.EVENT, Kind.INFO, f"HAR: {socket.options.url}", 0, start))
        for message in socket.messages:
            direction = Direction(message.direction)
            when = start if message.time is None else message.time
            if message.kind == "binary":
                try:
                    payload = base64.b64decode(message.data, validate=True)
                except (binascii.Error, ValueError):
                    raise LogFormatError("HAR: a binary message is not valid base64") from None
                entries.append(LogEntry(direction, Kind.BINARY, payload, len(payload), when))
            else:
                size = text_size(message.data)
                entries.append(LogEntry(direction, Kind.TEXT, message.data, size, when))
    return entries
