"""Catches what nobody else did — a slot that raises (sys.excepthook), a task or callback
that fails (the loop's exception handler), a thread, or an error wsgui logs with its
traceback — writes it to the crash log and lists it in the error panel. The app goes on.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from wsgui.core.system.crash_log import (
    LOG_NAME,
    CrashLog,
    ErrorReport,
    default_log_directory,
    report_exception,
    report_loop_context,
)
from wsgui.ui.common.versions import versions_text
from wsgui.ui.window.error_panel import ErrorPanel

type ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]


class CrashGuard(QObject):
    """Install once the window exists; ``uninstall`` puts the previous hooks back."""

    reported = Signal(object)  # ErrorReport; from another thread it arrives queued

    def __init__(
        self,
        crash_log: CrashLog,
        window: QWidget | None,
        versions: Callable[[], str],
        echo: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(window)
        self.crash_log = crash_log
        self.window = window
        self.versions = versions
        self.echo = echo if echo is not None else _to_stderr  # developers still see it
        self.panel: ErrorPanel | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._previous_loop_handler: Any = None
        self._previous_hook: ExceptHook | None = None
        self._previous_thread_hook: Any = None
        self._log_handler = _ForwardErrors(self.reported.emit)
        self._reporting = False
        self.reported.connect(self.report)

    def install(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._previous_loop_handler = loop.get_exception_handler()
        loop.set_exception_handler(self._on_loop_error)
        self._previous_hook = sys.excepthook
        sys.excepthook = self._on_uncaught
        self._previous_thread_hook = threading.excepthook
        threading.excepthook = self._on_thread_error
        logging.getLogger("wsgui").addHandler(self._log_handler)

    def uninstall(self) -> None:
        if self._loop is not None:
            self._loop.set_exception_handler(self._previous_loop_handler)
            self._loop = None
        if self._previous_hook is not None:
            sys.excepthook = self._previous_hook
            threading.excepthook = self._previous_thread_hook
            self._previous_hook = None
        logging.getLogger("wsgui").removeHandler(self._log_handler)

    def report(self, report: ErrorReport) -> None:
        """Log it, echo it, list it; an error while doing so only goes to stderr."""
        if self._reporting:
            self.echo(report.details)
            return
        self._reporting = True
        try:
            panel = self._panel()
            count = panel.add(report)
            problem = self.crash_log.write(report, count)
            panel.set_log_state(self.crash_log.path, problem)
            self.echo(report.details if count == 1 else f"again (#{count}): {report.summary}")
            panel.show()
        except Exception:  # noqa: BLE001 - the last line of defence must not raise
            self.echo(report.details + "\nwhile reporting it:\n" + traceback.format_exc())
        finally:
            self._reporting = False

    def _panel(self) -> ErrorPanel:
        if self.panel is None:
            self.panel = ErrorPanel(self.versions(), self.window)
        return self.panel

    def _on_uncaught(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt | SystemExit) and self._previous_hook:
            self._previous_hook(exc_type, exc, tb)
            return
        self.report(report_exception(exc_type, exc, tb, "UI"))

    def _on_loop_error(self, _loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        self.report(report_loop_context(context))

    def _on_thread_error(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        origin = f"thread {args.thread.name}" if args.thread is not None else "thread"
        report = report_exception(args.exc_type, args.exc_value, args.exc_traceback, origin)
        self.reported.emit(report)  # queued to the GUI thread: widgets live there


def guard_app(window: QWidget, loop: asyncio.AbstractEventLoop) -> CrashGuard:
    """The running app's guard: the crash log in the user's log folder, the versions in it."""
    crash_log = CrashLog(default_log_directory() / LOG_NAME, versions_text)
    guard = CrashGuard(crash_log, window, versions_text)
    guard.install(loop)
    return guard


class _ForwardErrors(logging.Handler):
    """wsgui's own ``log.error(..., exc_info=...)``: an error that was caught and logged,
    but that nobody expected (for example a session task that failed)."""

    def __init__(self, forward: Callable[[ErrorReport], None]) -> None:
        super().__init__(logging.ERROR)
        self.forward = forward

    def emit(self, record: logging.LogRecord) -> None:
        if not record.exc_info or record.exc_info[1] is None:
            return
        exc_type, exc, tb = record.exc_info
        assert exc_type is not None
        report = report_exception(exc_type, exc, tb, "task", record.created)
        note = f"{record.name}: {record.getMessage()}\n"
        self.forward(ErrorReport(report.time, report.origin, report.summary, note + report.details))


def _to_stderr(text: str) -> None:
    print(text, file=sys.stderr, end="" if text.endswith("\n") else "\n")
