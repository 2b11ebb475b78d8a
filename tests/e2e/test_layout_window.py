"""The log-first window on real screen sizes (Qt's offscreen platform given a screen of that
size, in a child process): the log's share of the height with a connection open, the fit of
the first window on the screen, the minimum size; and the request drawer and detail pane
folding as the connection and the selection change."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from tests.helpers.servers import ws_server
from tests.helpers.ui import WindowDriver, wait_until
from wsgui.core.model.entries import ReadyState

PROBE = r"""
import asyncio, json, sys
import qasync
from PySide6.QtWidgets import QApplication
app = QApplication([])
from wsgui.core.connection.echo_server import ECHO_SUBPROTOCOL, LocalEcho, pick_port
from pathlib import Path
from wsgui.core.model.secrets import KeyringSecrets
from wsgui.core.profiles.store import ProfileStore
from wsgui.ui.window.runtime import build_window

async def main():
    echo = LocalEcho(pick_port(0))
    window = build_window(echo, ProfileStore(Path(sys.argv[1]), KeyringSecrets()))
    window.showMaximized() if sys.argv[2] == "maximized" else window.show()
    await asyncio.sleep(0.3)
    window.panel.load(echo.url, [ECHO_SUBPROTOCOL])
    window.panel.toggle()
    while window.controller.state.name != "OPEN":
        await asyncio.sleep(0.02)
    for i in range(40):
        window.controller.send(f"message {i}")
    await asyncio.sleep(0.5)
    window.model.flush()
    await asyncio.sleep(0.2)
    view = window.log_view
    rows_shown = view.rowAt(view.viewport().height() - 1) - view.rowAt(0)
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    screen = window.screen().availableGeometry()
    out = {
        "window": [window.width(), window.height()],
        "frame_inside": screen.contains(window.frameGeometry()),
        "log": view.viewport().height(),
        "rows": rows_shown,
        "minimum": [minimum.width(), minimum.height()],
        "drawer_unfolded": window.panel.drawer.unfolded,
    }
    window.log_view.selectRow(5)
    await asyncio.sleep(0.2)
    out["log_selected"] = view.viewport().height()
    out["pane_shown"] = window.page.detail_pane.shown
    await window.controller.shutdown()
    await echo.server.stop()
    print(json.dumps(out))

asyncio.run(main(), loop_factory=lambda: qasync.QEventLoop(app))
"""


def probe(tmp_path: Path, width: int, height: int, maximized: bool = False) -> dict[str, Any]:
    screen = {"name": "probe", "x": 0, "y": 0, "width": width, "height": height}
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "QT_API": "pyside6"}
    env["WSGUI_CONFIG_DIR"] = str(tmp_path)  # nothing remembered from another run
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path), "maximized" if maximized else "normal"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize(
    ("width", "height", "maximized", "share"),
    [(1400, 900, False, 0.5), (1920, 1080, False, 0.6), (1920, 1080, True, 0.6)],
)
def test_the_log_gets_the_room_with_a_connection_open(
    tmp_path: Path, width: int, height: int, maximized: bool, share: float
) -> None:
    seen = probe(tmp_path, width, height, maximized)
    window_height = seen["window"][1]
    assert seen["frame_inside"], seen
    assert not seen["drawer_unfolded"], seen  # it folded when the connection opened
    assert seen["log"] >= share * window_height, seen
    assert seen["rows"] >= 20, seen
    assert seen["pane_shown"], seen  # a selected row opens the detail pane
    assert seen["log_selected"] >= 0.4 * window_height, seen  # and the log keeps the most


def test_the_window_fits_a_laptop_screen_and_shrinks_far(tmp_path: Path) -> None:
    seen = probe(tmp_path, 1366, 768)
    assert seen["frame_inside"], seen
    assert seen["window"][0] <= 1366 and seen["window"][1] <= 768 - 40, seen  # room for a frame
    width, height = seen["minimum"]
    assert width <= 1000 and height <= 560, seen


def test_the_drawer_folds_on_open_unfolds_on_failure_and_can_be_pinned(run_async: Any) -> None:
    driver = WindowDriver()
    drawer = driver.window.panel.drawer

    async def scenario() -> None:
        async with ws_server() as base:
            assert drawer.unfolded and drawer.isVisibleTo(driver.window)
            await driver.connect(f"{base}/echo")
            assert not drawer.unfolded and not drawer.isVisibleTo(driver.window)
            assert drawer.toggle.text() == "Request ▸"
            await driver.disconnect()
            assert not drawer.unfolded  # a clean close: nothing to fix
            await driver.connect(f"{base}/reject")  # refused: the options are where to look
            assert driver.state is ReadyState.CLOSED and drawer.unfolded
            drawer.pin.setChecked(True)
            await driver.connect(f"{base}/echo")
            assert drawer.unfolded  # pinned open
            await driver.disconnect()
            drawer.pin.setChecked(False)
            driver.window.panel.url_edit.setText(f"{base}/echo")
            driver.window.panel.tabs.settings_editor.edits["max_size"].setText("lots")
            drawer.set_unfolded(False)
            driver.window.panel.connect_button.click()  # an option to fix: shown at once
            assert drawer.unfolded and drawer.toggle.text() == "Request ▾ ⚠"
        await driver.shutdown()

    run_async(scenario())


def test_the_detail_pane_opens_on_a_selection_unless_folded_by_the_user(run_async: Any) -> None:
    driver = WindowDriver()
    window = driver.window
    pane = window.page.detail_pane

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.echo_and_close(base, ("one", "two", "three"))

    run_async(scenario())
    window.show()
    window.resize(1200, 800)
    assert not pane.shown  # nothing selected yet: the log has the whole height
    window.log_view.selectRow(1)
    assert pane.shown and window.inspector.height() > 100
    assert window.detail.toPlainText()  # the selected message
    pane.set_shown(False)  # the user folds it (Ctrl+J, Details)
    window.log_view.selectRow(2)
    assert not pane.shown  # and it stays folded
    window.show_handshake()  # asked for: it opens
    assert pane.shown and window.inspector.currentWidget() is window.handshake_view
    window.close()


def test_the_focus_starts_in_the_url_or_in_the_composer_when_connecting(run_async: Any) -> None:
    from wsgui.app import parse_args
    from wsgui.core.connection.echo_server import LocalEcho, pick_port
    from wsgui.ui.window.runtime import open_window

    async def scenario() -> list[str]:
        echo = LocalEcho(pick_port(0))
        names = []
        first = open_window(parse_args([]), [], echo)
        names.append(first.focusWidget().objectName())
        await first.shutdown()
        first.close()
        second = open_window(parse_args([echo.url]), [], echo)
        names.append(second.focusWidget().objectName())
        await wait_until(lambda: second.controller.state is ReadyState.OPEN)
        await second.shutdown()
        second.close()
        await echo.server.stop()
        return names

    focus = run_async(scenario())
    assert focus[0] in {"urlCombo", "urlEdit"}  # the line edit's focus proxy is the combo
    assert focus[1] == "composerEdit"


def test_f6_cycles_the_panes(qapp: Any) -> None:
    from wsgui.ui.window.panes import cycle_panes
    from wsgui.ui.window.runtime import build_window

    window = build_window(None)
    window.show()
    window.panel.url_edit.setFocus()
    names = [cycle_panes(window, 1).objectName() for _ in range(4)]  # type: ignore[union-attr]
    assert names == ["qt_tabwidget_tabbar", "composerEdit", "messageLog", "urlEdit"]
    assert cycle_panes(window, -1).objectName() == "messageLog"  # type: ignore[union-attr]
    window.close()


def test_the_settings_tab_shows_every_field_without_scrolling(qapp: Any) -> None:
    """Bug 4's other half: the Settings tab was a 150 px scroll area that cut fields off."""
    from PySide6.QtWidgets import QScrollArea

    from wsgui.ui.window.runtime import build_window

    window = build_window(None)
    window.resize(1100, 728)  # a 1366x768 screen's client area beside the profiles rail
    window.show()
    tabs = window.panel.tabs
    tabs.setCurrentWidget(tabs.widget(3))
    qapp.processEvents()
    area = tabs.widget(3)
    assert isinstance(area, QScrollArea)
    assert area.verticalScrollBar().maximum() == 0  # nothing is below the fold
    for name in ("maxSizeEdit", "pingTimeoutEdit", "reconnectAttemptsEdit"):
        field = window.findChild(QWidget, name)
        assert field is not None and field.visibleRegion().boundingRect().height() > 0
    window.close()


def test_notes_go_with_the_state_they_were_about(run_async: Any) -> None:
    """ "Will connect to …" and "Not sent: connect first" are gone once the state changes;
    a wrong URL's error stays (it is still true)."""
    driver = WindowDriver()
    window = driver.window
    panel, composer = window.panel, window.composer

    async def scenario() -> None:
        async with ws_server() as base:
            panel.url_edit.setText(base.removeprefix("ws://") + "/echo")  # no scheme: a note
            assert panel.url_message.text().startswith("Will connect to ws://")
            composer.editor.setPlainText("too early")
            composer.send()
            assert composer.message.text().startswith("Not sent")
            panel.connect_button.click()
            await wait_until(lambda: driver.state is ReadyState.OPEN)
            assert panel.url_message.text() == "" and composer.message.text() == ""
            assert not composer.message.isVisibleTo(window)
            await driver.disconnect()
            panel.url_edit.setText("ftp://nowhere.test/")
            assert panel.url_message.text().startswith("URL: Unsupported scheme")
        await driver.shutdown()

    run_async(scenario())


def test_the_composer_is_two_lines_and_grows_to_eight(qapp: Any) -> None:
    from wsgui.ui.window.runtime import build_window

    window = build_window(None)
    window.show()
    editor = window.composer.editor
    line = editor.fontMetrics().lineSpacing()
    empty = editor.height()
    editor.setPlainText("\n".join(["x"] * 5))
    five = editor.height()
    editor.setPlainText("\n".join(["x"] * 40))
    many = editor.height()
    assert five - empty == 3 * line  # 2 lines, then one more per line
    assert many - empty == 6 * line  # at most 8: then it scrolls
    window.close()
