"""Received text that looks like HTML, or carries ANSI escapes and bidi overrides, is shown
literally in the log, the detail view and the exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.helpers.servers import ws_server
from tests.helpers.ui import WindowDriver
from wsgui.core.entries import Direction
from wsgui.core.log_store import as_row
from wsgui.core.log_transfer import Progress, export_rows
from wsgui.ui.log_model import DATA

HOSTILE = "<img src=x onerror=alert(1)> \x1b[31mred\x1b[0m \u202eevil\u202c <b>bold</b>"


def test_hostile_text_is_shown_and_exported_literally(run_async: Any, tmp_path: Path) -> None:
    driver = WindowDriver()
    window = driver.window

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            window.controller.send(HOSTILE)
            await driver.wait_received(1)
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())
    entries = driver.entries()
    row = next(i for i, e in enumerate(entries) if e.direction is Direction.RECEIVED)
    shown = window.model.index(row, DATA).data()
    assert "<img src=x onerror=alert(1)>" in shown and "<b>bold</b>" in shown
    assert "\\x1b[31m" in shown and "\\u202e" in shown  # escapes spelled out, not obeyed
    assert "\u202e" not in shown and "\x1b" not in shown
    window.log_view.selectRow(row)
    detail = window.detail.toPlainText()
    assert "<img src=x onerror=alert(1)>" in detail  # a QPlainTextEdit: never HTML
    for suffix in ("ndjson", "csv", "har"):
        target = tmp_path / f"log.{suffix}"
        export_rows(target, [as_row(e) for e in entries], "ws://h/", Progress())
        written = target.read_text(encoding="utf-8")
        assert "<img src=x onerror=alert(1)>" in written, suffix


def test_secrets_stay_masked_in_the_raw_copy_and_the_open_entry(
    run_async: Any, tmp_path: Path
) -> None:
    from PySide6.QtGui import QGuiApplication

    from wsgui.core.options import Header

    driver = WindowDriver()
    window = driver.window

    async def scenario() -> None:
        async with ws_server() as base:
            window.panel.headers_table.set_headers([Header("Authorization", "Bearer s3cr3t-t0k")])
            await driver.connect(f"{base}/headers")
            await driver.wait_received(1)
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())
    window.show_handshake()
    window.handshake_view.request_view.copy_raw()
    copied = QGuiApplication.clipboard().text()
    assert "Authorization: Bearer ••••••" in copied and "s3cr3t-t0k" not in copied
    shown = [window.model.index(r, DATA).data() for r in range(window.model.rowCount())]
    assert not any("s3cr3t-t0k" in str(text) for text in shown if "Open:" in str(text))
