"""How the window behaves around a connection: one at a time, Enter, Abort, exact text."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from tests.helpers.raw_servers import deaf_after_hello, raw_server
from tests.helpers.servers import ws_server
from tests.helpers.ui import WindowDriver, wait_until
from wsgui.core.model.entries import Kind, ReadyState

AUTOMATION_NAMES = [
    "urlEdit",
    "urlMessage",
    "subprotocolsEdit",
    "originEdit",
    "headersTable",
    "connectButton",
    "stateIndicator",
    "messageLog",
    "entryDetail",
    "composerEdit",
    "composerMode",
    "sendButton",
    "sendFileButton",
]


def test_automation_object_names_are_unique_and_present(qapp: Any) -> None:
    driver = WindowDriver()
    for name in AUTOMATION_NAMES:
        found = driver.window.findChildren(QWidget, name)
        assert len(found) == 1, name
    readme = Path(__file__).parents[2].joinpath("README.md").read_text()
    assert all(f"`{name}`" in readme for name in AUTOMATION_NAMES)
    driver.window.close()


def test_ui_never_imports_websockets() -> None:
    """The Qt shell talks to the network only through wsgui.core."""
    for path in Path(__file__).parents[2].joinpath("wsgui", "ui").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] == "websockets" for n in names), path


def test_double_click_on_connect_opens_one_connection(run_async: Any) -> None:
    driver = WindowDriver()

    async def scenario() -> None:
        async with ws_server() as base:
            driver.window.panel.url_edit.setText(f"{base}/echo")
            driver.window.panel.connect_button.click()
            driver.window.panel.connect_button.click()  # before the first attempt even started
            await wait_until(lambda: driver.state is ReadyState.OPEN)
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())
    assert driver.states == [
        ReadyState.CONNECTING,
        ReadyState.OPEN,
        ReadyState.CLOSING,
        ReadyState.CLOSED,
    ]
    assert len(driver.of_kind(Kind.OPEN)) == 1


def test_enter_in_url_while_open_does_not_disconnect(run_async: Any) -> None:
    driver = WindowDriver()

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            QTest.keyClick(driver.window.panel.url_edit, Qt.Key.Key_Return)
            assert driver.state is ReadyState.OPEN
            assert driver.window.panel.url_message.text() == (
                "Disconnect first to connect to another URL"
            )
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())


def test_abort_button_ends_a_stuck_close(run_async: Any) -> None:
    driver = WindowDriver()
    button = driver.window.panel.connect_button

    async def scenario() -> None:
        async with raw_server(deaf_after_hello) as base:
            await driver.connect(f"{base}/")
            await driver.wait_received(1)
            button.click()  # Disconnect: the server never answers the close
            await wait_until(lambda: driver.state is ReadyState.CLOSING)
            assert button.text() == "Abort" and button.isEnabled()
            button.click()
            await wait_until(lambda: driver.state is ReadyState.CLOSED, timeout=2)
        await driver.shutdown()

    run_async(scenario())
    assert driver.received() == ["hello from a deaf server"]
    assert driver.of_kind(Kind.CLOSE)[0].close_code == 1006


def test_text_is_sent_byte_exact(run_async: Any) -> None:
    """No-break spaces, pasted U+2028, tabs and trailing newlines go out as typed."""
    driver = WindowDriver()
    editor = driver.window.composer.editor
    typed = 'a\u00a0b\u2028c\td \\n\n\n{"x": 1}\n'

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            driver.window.activateWindow()
            editor.setFocus()
            await wait_until(editor.hasFocus)
            editor.setPlainText("")
            editor.insertPlainText(typed)
            QTest.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
            QTest.keyClicks(editor, "end")
            QTest.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            await driver.wait_received(1)
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())
    assert driver.received() == [typed + "\nend"]


def test_clearing_the_log_clears_the_detail(run_async: Any) -> None:
    driver = WindowDriver()

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/headers")
            await driver.wait_received(1)
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())
    driver.window.log_view.selectRow(1)
    assert driver.window.detail.toPlainText()
    driver.window.log_view.clear_action.trigger()
    assert driver.window.detail.toPlainText() == ""


def test_every_literal_object_name_is_documented() -> None:
    """README's Automation section lists every objectName the code sets literally."""
    import re

    root = Path(__file__).parents[2]
    readme = root.joinpath("README.md").read_text()
    names = {
        name
        for path in root.joinpath("wsgui").rglob("*.py")
        for name in re.findall(r'setObjectName\("(\w+)"\)', path.read_text())
    }
    assert names, "the scan found nothing: the pattern is wrong"
    assert sorted(n for n in names if f"`{n}`" not in readme) == []
