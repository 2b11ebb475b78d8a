"""An unexpected error anywhere — a slot, a loop callback, a thread, a logged task failure —
shows the one error panel and goes to the log file; the connection and the log go on."""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication

from tests.helpers.servers import ws_server
from tests.helpers.ui import WindowDriver, wait_until
from wsgui.core.model.entries import ReadyState
from wsgui.core.system.crash_log import CrashLog
from wsgui.ui.window.crash_guard import CrashGuard
from wsgui.ui.window.error_panel import ErrorPanel


def fail_in_a_slot() -> None:
    raise ValueError("boom from a slot")


def fail_in_a_callback() -> None:
    raise KeyError("boom from a callback")


@pytest.mark.qt_no_exception_capture  # the guard under test takes sys.excepthook itself
def test_errors_show_one_panel_go_to_the_log_and_the_app_keeps_working(
    run_async: Any, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    driver = WindowDriver()
    window = driver.window
    log_file = tmp_path / "log" / "wsgui.log"
    echoed: list[str] = []
    guard = CrashGuard(
        CrashLog(log_file, lambda: "wsgui: test"), window, lambda: "v: 1", echoed.append
    )
    fixture_handler = qloop.get_exception_handler()
    hook_before, thread_hook_before = sys.excepthook, threading.excepthook

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            window.controller.send("before")
            await driver.wait_received(1)
            guard.install(qloop)
            action = QAction("Fail", window)
            action.triggered.connect(fail_in_a_slot)
            action.trigger()
            action.trigger()  # the same error again: counted, not listed twice
            qloop.call_soon(fail_in_a_callback)
            thread = threading.Thread(target=fail_in_a_slot, name="worker")
            thread.start()
            thread.join()
            try:
                raise RuntimeError("session task failed for a test")
            except RuntimeError as exc:
                logging.getLogger("wsgui.ui.connection.controller").error(
                    "session task failed", exc_info=exc
                )
            panel = guard.panel
            await wait_until(lambda: panel is not None and panel.list.count() == 4)
            assert panel is not None
            assert window.findChildren(ErrorPanel) == [panel]  # one panel, however many
            assert panel.isVisible() and not panel.isModal()
            assert panel.windowModality() is Qt.WindowModality.NonModal
            rows = "\n".join(panel.list.item(i).text() for i in range(panel.list.count()))
            assert "[UI]  ValueError: boom from a slot  ×2" in rows
            assert "[task]  KeyError: 'boom from a callback'" in rows
            assert "[thread worker]  ValueError: boom from a slot" in rows
            assert "[task]  RuntimeError: session task failed for a test" in rows
            assert panel.windowTitle() == "wsgui — unexpected errors (5)"
            assert panel.title.text() == "5 unexpected errors"
            panel.list.setCurrentRow(0)
            assert "in fail_in_a_slot" in panel.details.toPlainText()
            assert f"Written to {log_file}" == panel.log_note.text()
            panel.copy_button.click()
            copied = QGuiApplication.clipboard().text()
            assert "ValueError: boom from a slot" in copied and copied.rstrip().endswith("v: 1")

            written = log_file.read_text()
            assert "wsgui run started\nwsgui: test" in written
            assert "Traceback (most recent call last)" in written
            assert 'raise ValueError("boom from a slot")' in written
            assert "again (#2, UI): ValueError: boom from a slot" in written
            assert "KeyError: 'boom from a callback'" in written
            assert echoed  # a developer's terminal still shows it

            # The app goes on: the same connection sends and receives, the log kept all.
            assert window.controller.state is ReadyState.OPEN
            window.composer.editor.setPlainText("after")
            window.composer.send_button.click()
            await driver.wait_received(2)
            assert driver.received() == ["before", "after"]
            guard.uninstall()
            await driver.shutdown()

    run_async(scenario())
    assert sys.excepthook is hook_before
    assert qloop.get_exception_handler() is fixture_handler
    assert threading.excepthook is thread_hook_before
