"""Unexpected errors as reports, and the size-capped file they are written to.

A report keeps what a bug report needs (where it happened, the exception, the traceback);
the file is appended to and rotated (``wsgui.log`` -> ``wsgui.log.1`` …) so that an error
repeating all day cannot fill the disk.
"""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

LOG_NAME = "wsgui.log"
MAX_BYTES = 1024 * 1024
BACKUPS = 2
SUMMARY_CHARS = 200
_KNOWN = {"message", "exception"}  # loop context keys shown apart from the extras


@dataclass(frozen=True, slots=True)
class ErrorReport:
    """One unexpected error: ``origin`` is where it surfaced (UI, task, thread)."""

    time: float
    origin: str
    summary: str
    details: str

    @property
    def signature(self) -> str:
        """Equal for the same error raised again at the same place (repeats are counted)."""
        return f"{self.origin}\n{self.details}"


def _summary(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else "(no message)"
    return first if len(first) <= SUMMARY_CHARS else first[: SUMMARY_CHARS - 1] + "…"


def report_exception(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    origin: str,
    now: float | None = None,
) -> ErrorReport:
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    summary = _summary(f"{exc_type.__name__}: {exc}")
    return ErrorReport(time.time() if now is None else now, origin, summary, details)


def report_loop_context(context: Mapping[str, Any], now: float | None = None) -> ErrorReport:
    """What asyncio hands its exception handler: a message, maybe an exception, the task or
    callback it came from."""
    message = str(context.get("message") or "Unhandled error in the event loop")
    extras = [f"{key}: {value!r}" for key, value in context.items() if key not in _KNOWN]
    exc = context.get("exception")
    when = time.time() if now is None else now
    if isinstance(exc, BaseException):
        report = report_exception(type(exc), exc, exc.__traceback__, "task", when)
        details = "\n".join([message, *extras, "", report.details])
        return ErrorReport(when, "task", report.summary, details)
    return ErrorReport(when, "task", _summary(message), "\n".join([message, *extras]))


def default_log_directory() -> Path:
    """``$WSGUI_LOG_DIR`` when set (tests, portable use), else the platform's log folder."""
    override = os.environ.get("WSGUI_LOG_DIR")
    if override:
        return Path(override)
    import platformdirs  # only when the first error comes

    return Path(platformdirs.user_log_dir("wsgui"))


class CrashLog:
    """Appends reports to ``path``; before the first one of a run, writes ``preface``
    (the versions). Rotates when the file would pass ``max_bytes``."""

    def __init__(
        self,
        path: Path,
        preface: Callable[[], str] = str,
        max_bytes: int = MAX_BYTES,
        backups: int = BACKUPS,
    ) -> None:
        self.path = path
        self.preface = preface  # asked only when the first error of the run comes
        self.max_bytes = max_bytes
        self.backups = backups
        self._started = False

    def write(self, report: ErrorReport, repeat: int = 1) -> str | None:
        """Append the report (a repeat as one line); returns why it could not, or None."""
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(report.time))
        if repeat > 1:
            text = f"=== {stamp} again (#{repeat}, {report.origin}): {report.summary}\n"
        else:
            text = f"=== {stamp} unexpected error ({report.origin}) ===\n{report.details}"
            text = text if text.endswith("\n") else text + "\n"
        preface = "" if self._started else self.preface().rstrip()
        if preface:
            text = f"=== {stamp} wsgui run started\n{preface}\n{text}"
        data = text.encode("utf-8", "backslashreplace")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._rotate_for(len(data))
            with self.path.open("ab") as file:
                file.write(data)
        except OSError as exc:
            return f"could not write {self.path}: {exc}"
        self._started = True
        return None

    def _rotate_for(self, incoming: int) -> None:
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            return
        if size + incoming <= self.max_bytes:
            return
        for number in range(self.backups, 0, -1):
            older = self.path.with_name(f"{self.path.name}.{number - 1}") if number > 1 else None
            source = older if older is not None else self.path
            if source.exists():
                os.replace(source, self.path.with_name(f"{self.path.name}.{number}"))
        self.path.unlink(missing_ok=True)  # with backups=0 the file simply starts again
