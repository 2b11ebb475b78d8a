"""The Entry tab on real messages: the JSON tree (lazy, a thousand at a time), a 64 MiB payload
paged, Copy as text / hex / base64 / JSON."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtGui import QGuiApplication

from tests.helpers.servers import ws_server
from tests.helpers.ui import WindowDriver, wait_until
from wsgui.core.model.entries import Direction, ReadyState
from wsgui.core.model.options import ConnectOptions


def echo_and_select(run_async: Any, payload: str | bytes, **options: Any) -> WindowDriver:
    driver = WindowDriver()
    window = driver.window

    async def scenario() -> None:
        async with ws_server() as base:
            window.controller.connect_to(ConnectOptions(f"{base}/echo", **options))
            await wait_until(lambda: driver.state is ReadyState.OPEN)
            window.controller.send(payload)
            await driver.wait_received(1)
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario(), 60)
    row = next(i for i, e in enumerate(driver.entries()) if e.direction is Direction.RECEIVED)
    window.log_view.selectRow(row)
    return driver


def test_json_tree_opens_lazily_and_copy_as(run_async: Any) -> None:
    message = json.dumps({"users": [{"id": i} for i in range(1500)], "ok": True, "note": None})
    driver = echo_and_select(run_async, message)
    tools = driver.window.entry_tools
    tools.view.setCurrentIndex(tools.view.findData("tree"))
    tree = tools.tree
    assert tools.body.currentWidget() is tree
    top = [(tree.topLevelItem(i).text(0), tree.topLevelItem(i).text(1)) for i in range(3)]
    assert top == [("users", "[1,500 items]"), ("ok", "true"), ("note", "null")]
    users = tree.topLevelItem(0)
    assert users.isExpanded() and users.childCount() == 1001  # 1,000 and "… 500 more"
    assert users.child(0).childCount() == 1  # not built until opened
    users.child(0).setExpanded(True)
    assert (users.child(0).child(0).text(0), users.child(0).child(0).text(1)) == ("id", "0")
    more = users.child(1000)
    assert more.text(1) == "… 500 more (double-click)"
    tree.itemActivated.emit(more, 0)
    assert users.childCount() == 1500 and users.child(1499).text(0) == "1499"

    tools.copy_actions["json"].trigger()
    assert json.loads(QGuiApplication.clipboard().text()) == json.loads(message)
    tools.copy_actions["base64"].trigger()
    assert tools.message.text().startswith("Copied as base64")
    tools.view.setCurrentIndex(tools.view.findData("text"))
    assert tools.body.currentWidget() is driver.window.detail


def test_copy_as_json_of_non_json_says_why(run_async: Any) -> None:
    driver = echo_and_select(run_async, b"\x00hi\xff")
    tools = driver.window.entry_tools
    tools.copy_actions["hex"].trigger()
    assert QGuiApplication.clipboard().text() == "00 68 69 ff"
    tools.copy_actions["json"].trigger()
    assert tools.message.text().startswith("Not copied: Not JSON (line 1, column 1)")
    tools.view.setCurrentIndex(tools.view.findData("tree"))  # does not fit: Auto, and why
    assert tools.body.currentWidget() is driver.window.detail
    assert driver.window.detail.toPlainText().splitlines()[0].endswith("shown as Auto: not JSON")


def test_a_64_mib_message_is_paged(run_async: Any) -> None:
    payload = bytes(range(256)) * (64 * 2**20 // 256)
    driver = echo_and_select(run_async, payload, max_size=128 * 2**20, compression=False)
    window = driver.window
    tools, detail = window.entry_tools, window.detail
    assert detail.entry is not None and detail.entry.payload == payload  # nothing lost
    assert tools.page.isVisibleTo(window) and tools.page.suffix() == " of 1,024"
    text = detail.toPlainText()
    assert len(text) < 400_000  # one page of the hex dump, not 64 MiB of it
    assert "bytes 0–65,535 (part 1 of 1,024)" in text.splitlines()[0]
    tools.next_page.click()
    assert detail.toPlainText().splitlines()[2].startswith("00010000  00 01 02")
    tools.page.setValue(1024)
    assert "(part 1,024 of 1,024)" in detail.toPlainText().splitlines()[0]
    tools.view.setCurrentIndex(tools.view.findData("base64"))
    assert tools.page.suffix() == " of 171"
