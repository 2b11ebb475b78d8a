"""Log files in the window: open an NDJSON or HAR log read-only, send its messages again on a
live connection, errors named, and a long export cancelled from its progress dialog."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QPushButton
from shiboken6 import isValid

from tests.helpers.servers import ws_server
from tests.helpers.ui import WindowDriver
from wsgui.core.log.transfer import Progress, export_rows, import_log
from wsgui.core.model.entries import Direction, Kind, as_row, event_entry, message_entry
from wsgui.ui.log.imported_log import ImportedLog

RECORDED = [
    event_entry(Kind.OPEN, "Open: ws://recorded/"),
    message_entry(Direction.SENT, '{"op": "auth", "token": "t"}'),
    message_entry(Direction.RECEIVED, "welcome"),
    message_entry(Direction.SENT, b"\x00\x01\xff"),
]


def write_log(path: Path) -> Path:
    export_rows(path, [as_row(e) for e in RECORDED], "ws://recorded/", Progress())
    return path


async def open_log(driver: WindowDriver, path: Path) -> ImportedLog:
    window = driver.window
    window.log_transfers.import_file(str(path))
    task = window.log_transfers.task
    assert task is not None
    await task
    imported = window.log_tabs.imported()
    assert imported, window.statusBar().currentMessage()
    return imported[-1]


def test_open_ndjson_read_only_and_send_again(run_async: Any, tmp_path: Path) -> None:
    driver = WindowDriver()
    window = driver.window
    path = write_log(tmp_path / "recorded.ndjson")

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            tab = await open_log(driver, path)
            assert window.log_tabs.currentWidget() is tab
            assert [tab.model.entry(r) for r in range(tab.model.rowCount())] == RECORDED
            assert "4 entries, 3 messages" in tab.summary.text()
            tab.view.selectRow(1)  # the auth message and the bytes, not the received one
            selection = tab.view.selectionModel()
            selection.select(
                tab.model.index(3, 0), selection.SelectionFlag.Select | selection.SelectionFlag.Rows
            )
            tab.resend_button.click()
            await driver.wait_received(2)
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())
    assert driver.received() == ['{"op": "auth", "token": "t"}', b"\x00\x01\xff"]  # in order
    assert window.model.rowCount() > 0 and tab_count(driver) == 2
    window.log_tabs.close_tab(1)
    assert tab_count(driver) == 1
    window.log_tabs.close_tab(0)  # the live log never closes
    assert tab_count(driver) == 1


def tab_count(driver: WindowDriver) -> int:
    return int(driver.window.log_tabs.count())


def test_send_again_without_a_connection_says_so(run_async: Any, tmp_path: Path) -> None:
    driver = WindowDriver()
    path = write_log(tmp_path / "recorded.ndjson")

    async def scenario() -> None:
        tab = await open_log(driver, path)
        tab.resend_button.click()  # nothing selected
        assert "select messages" in driver.window.statusBar().currentMessage()
        tab.view.selectRow(1)
        tab.resend_button.click()
        await driver.shutdown()

    run_async(scenario())
    assert "Not sent: the connection is not open (readyState 3 CLOSED)" in (
        driver.window.statusBar().currentMessage()
    )
    assert driver.errors() == ["Not sent: the connection is not open (readyState 3 CLOSED)"]


def test_open_a_browser_har_and_bad_files(run_async: Any, tmp_path: Path) -> None:
    har = tmp_path / "chrome.har"
    har.write_text(
        json.dumps(
            {
                "log": {
                    "entries": [
                        {
                            "_resourceType": "websocket",
                            "request": {"url": "wss://feed.test/live", "headers": []},
                            "_webSocketMessages": [
                                {"type": "send", "time": 1.5, "opcode": 1, "data": "sub"},
                                {"type": "receive", "time": 1.6, "opcode": 2, "data": "AAH/"},
                            ],
                        }
                    ]
                }
            }
        )
    )
    broken = tmp_path / "broken.ndjson"
    broken.write_text(
        '{"time": 1, "direction": "sent", "kind": "text", "size": 1, "text": "a"}\n[\n'
    )
    driver = WindowDriver()
    window = driver.window

    async def scenario() -> None:
        tab = await open_log(driver, har)
        entries = [tab.model.entry(r) for r in range(tab.model.rowCount())]
        assert [(e.direction, e.payload) for e in entries[1:]] == [
            (Direction.SENT, "sub"),
            (Direction.RECEIVED, b"\x00\x01\xff"),
        ]
        assert "wss://feed.test/live" in str(entries[0].payload)
        window.log_transfers.import_file(str(broken))
        await window.log_transfers.task  # type: ignore[misc]
        assert window.statusBar().currentMessage() == "broken.ndjson not read: line 2: not JSON"
        window.log_transfers.import_file(str(tmp_path / "missing.ndjson"))
        await window.log_transfers.task  # type: ignore[misc]
        assert window.statusBar().currentMessage() == (
            "missing.ndjson not read: No such file or directory"
        )
        await driver.shutdown()

    run_async(scenario())
    assert len(window.log_tabs.imported()) == 1  # the bad files opened nothing


def test_a_long_export_shows_its_progress(run_async: Any, tmp_path: Path) -> None:
    driver = WindowDriver()
    window = driver.window
    window.model.store.extend([message_entry(Direction.RECEIVED, "x" * 100)] * 200_000)
    seen: list[int] = []

    async def scenario() -> None:
        # The entries went into the store behind the view's back: let the window take them
        # in first (about a second for 200,000 rows), else the export runs while the loop
        # is busy with that and is over before any progress can be shown.
        window.model.flush()
        await asyncio.sleep(0.1)
        window.log_transfers.show_after_ms = 0  # the app waits 0.4 s: machine-dependent
        window.log_transfers.export(str(tmp_path / "big.csv"))
        dialog = window.log_transfers.progress_dialog
        assert dialog is not None
        task = window.log_transfers.task
        assert task is not None
        while not task.done():
            if dialog.isVisible():
                seen.append(dialog.value())
            await asyncio.sleep(0.02)
        assert not isValid(dialog) or not dialog.isVisible()  # closed when done, deleted later
        await driver.shutdown()

    run_async(scenario(), 50)  # ~4 s here, ~10 s on a loaded machine
    assert any(0 < value < 1000 for value in seen), seen  # a value between start and end shown
    assert window.statusBar().currentMessage().startswith("Exported 200,000 entries")


def test_cancel_leaves_the_older_file_untouched(run_async: Any, tmp_path: Path) -> None:
    driver = WindowDriver()
    window = driver.window
    window.model.store.extend([message_entry(Direction.RECEIVED, "x" * 100)] * 50_000)
    target = tmp_path / "big.ndjson"
    target.write_text("older export\n")

    async def scenario() -> None:
        window.log_transfers.export(str(target))
        dialog = window.log_transfers.progress_dialog
        assert dialog is not None
        dialog.findChild(QPushButton).click()  # Cancel
        await window.log_transfers.task  # type: ignore[misc]
        await driver.shutdown()

    run_async(scenario())
    assert window.statusBar().currentMessage() == "Cancelled: big.ndjson was not written"
    assert [p.name for p in tmp_path.iterdir()] == ["big.ndjson"]
    assert target.read_text() == "older export\n"


def test_export_only_the_shown_entries(run_async: Any, tmp_path: Path) -> None:
    """Log > Export shown entries…: what the search shows, nothing else."""
    driver = WindowDriver()
    window = driver.window
    window.model.store.extend(RECORDED)
    window.search.edit.setText("auth")
    window.search.apply()
    target = tmp_path / "shown.ndjson"

    async def scenario() -> None:
        dialog = window.log_transfers.choose_export_file(shown_only=True)
        dialog.selectFile(str(target))
        dialog.accept()
        await window.log_transfers.task  # type: ignore[misc]
        await driver.shutdown()

    run_async(scenario())
    assert import_log(target, Progress()) == [RECORDED[1]]
    assert window.statusBar().currentMessage().startswith("Exported 1 entry to")
