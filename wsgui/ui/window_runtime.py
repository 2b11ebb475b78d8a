"""Builds the window and its collaborators, runs until quit, then shuts down cleanly."""

from __future__ import annotations

import argparse
import asyncio
import signal

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from wsgui.core.echo_server import ECHO_SUBPROTOCOL, LocalEcho, pick_port
from wsgui.core.options import Header
from wsgui.ui.controller import SessionController
from wsgui.ui.log_model import LogModel
from wsgui.ui.main_window import MainWindow

SCREENSHOT_DELAY_MS = 1500
SIGNAL_POLL_MS = 250


def build_window(local_echo: LocalEcho | None) -> MainWindow:
    """The window with a fresh log and controller (also used by tests and benchmarks)."""
    model = LogModel()
    controller = SessionController(model.append, local_echo)
    window = MainWindow(model, controller)
    controller.setParent(window)
    return window


def open_window(
    args: argparse.Namespace, headers: list[Header], local_echo: LocalEcho
) -> MainWindow:
    """Show the window filled from the command line; connect at once when a URL was given.

    With no URL the fields point at the built-in echo server (started on the first connect).
    """
    window = build_window(local_echo)
    if args.url:
        window.panel.load(args.url, args.subprotocol, args.origin, headers)
    else:
        subprotocols = args.subprotocol or [ECHO_SUBPROTOCOL]
        window.panel.load(local_echo.url, subprotocols, args.origin, headers)
    window.show()
    if args.url:
        window.panel.toggle()
    return window


async def run_window(app: QApplication, args: argparse.Namespace, headers: list[Header]) -> int:
    """Show the window, connect if a URL was given, and wait for the user to quit."""
    app.setApplicationName("wsgui")
    app.setQuitOnLastWindowClosed(False)  # we end the loop ourselves, after closing cleanly
    local_echo = LocalEcho(pick_port(args.port))
    window = open_window(args, headers, local_echo)
    quit_requested = asyncio.Event()
    window.quit_requested.connect(quit_requested.set)
    _quit_on_ctrl_c(window, quit_requested)
    if args.screenshot:
        QTimer.singleShot(SCREENSHOT_DELAY_MS, lambda: _save_and_quit(window, args.screenshot))
    await quit_requested.wait()
    window.hide()
    await window.controller.shutdown()
    await local_echo.server.stop()
    return 0


def _quit_on_ctrl_c(window: MainWindow, quit_requested: asyncio.Event) -> None:
    """Ctrl+C in the terminal quits cleanly.

    Python runs signal handlers only between bytecodes, never while Qt waits in C, so a
    timer wakes the interpreter a few times a second to let the handler run.
    """
    loop = asyncio.get_running_loop()
    signal.signal(signal.SIGINT, lambda *_: loop.call_soon(quit_requested.set))
    wake_up = QTimer(window)
    wake_up.timeout.connect(lambda: None)
    wake_up.start(SIGNAL_POLL_MS)


def _save_and_quit(window: MainWindow, path: str) -> None:
    window.log_view.log_model.flush()
    window.grab().save(path)
    window.close()
