"""Headers typed in Bulk edit reach a real server; the token behind a placeholder goes too."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPlainTextEdit, QToolButton

from tests.helpers.servers import ws_server
from tests.helpers.ui import WindowDriver
from wsgui.core.model.entries import ReadyState
from wsgui.core.model.options import ConnectOptions, Header


def test_headers_typed_in_bulk_edit_are_sent(run_async: Any) -> None:
    driver = WindowDriver()
    panel = driver.window.panel
    toggle = panel.findChild(QToolButton, "headersBulkToggle")
    bulk = panel.findChild(QPlainTextEdit, "headersBulkEdit")
    assert toggle is not None and bulk is not None

    async def scenario() -> None:
        async with ws_server() as base:
            panel.load_options(
                ConnectOptions(url=f"{base}/headers", headers=(Header("X-Api-Key", "k-s3cr3t"),))
            )
            QTest.mouseClick(toggle, Qt.MouseButton.LeftButton)
            assert bulk.toPlainText() == "X-Api-Key: ••••••\n"
            cursor = bulk.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            bulk.setTextCursor(cursor)
            for line in ("X-Bulk: from bulk", "# X-Off: not sent"):
                bulk.insertPlainText(line)  # typed, as keyClicks would (without a nested loop)
                QTest.keyClick(bulk, Qt.Key.Key_Return)
            await driver.connect(f"{base}/headers")
            await driver.wait_received(1)
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())
    assert driver.states[-1] is ReadyState.CLOSED
    received = dict(json.loads(str(driver.received()[0])))
    assert received["X-Bulk"] == "from bulk"
    assert received["X-Api-Key"] == "k-s3cr3t"  # the placeholder stood for the real key
    assert "X-Off" not in received
    assert "k-s3cr3t" not in bulk.toPlainText()
