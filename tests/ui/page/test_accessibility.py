"""Every control has a name a screen reader can say; Tab goes URL -> Connect and the message
editor -> Send; icons are drawn for the screen's pixel ratio (QT_SCALE_FACTOR=2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QHeaderView, QLabel, QLineEdit, QTabBar, QWidget

from wsgui.core.profiles.store import ProfileStore
from wsgui.ui.page.accessibility import CONTROL_TYPES
from wsgui.ui.window.main_window import MainWindow
from wsgui.ui.window.runtime import build_window


def is_qt_internal(widget: QWidget, window: QWidget) -> bool:
    """Parts Qt makes and names itself: header sections, a table's corner button, a line
    edit's clear button, a tab's close button, a combo box's popup list."""
    return (
        widget.objectName().startswith("qt_")
        or isinstance(widget, QHeaderView)
        or isinstance(widget.parentWidget(), QTabBar | QLineEdit)
        or widget.window() is not window
    )


def unnamed_controls(window: QWidget) -> list[str]:
    labelled = {label.buddy() for label in window.findChildren(QLabel)}
    missing = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, CONTROL_TYPES) or is_qt_internal(widget, window):
            continue
        text = widget.text() if isinstance(widget, QAbstractButton) else ""
        if widget.accessibleName() or widget in labelled or any(c.isalpha() for c in text):
            continue
        missing.append(f"{type(widget).__name__} {widget.objectName() or '(no objectName)'}")
    return missing


def test_every_control_has_a_name(qapp: Any, store: ProfileStore) -> None:
    window = build_window(None, store)
    window.new_tab()  # a later tab is named too
    checked = [w for w in window.findChildren(QWidget) if isinstance(w, CONTROL_TYPES)]
    assert len(checked) > 100  # the walk sees the whole window, hidden tabs included
    assert unnamed_controls(window) == []
    assert window.panel.url_edit.accessibleName() == "URL"
    assert window.composer.editor.accessibleName() == "Message to send"
    timeout = window.panel.tabs.findChild(QLineEdit, "openTimeoutEdit")
    assert timeout in {label.buddy() for label in window.findChildren(QLabel)}
    window.close()


def focus_chain(window: MainWindow) -> list[str]:
    """The controls Tab visits, in order, from the URL field."""
    start = window.panel.url_edit
    names, widget = ["urlEdit"], start.nextInFocusChain()
    while widget is not start:
        takes_tab = widget.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
        if takes_tab and widget.isVisible() and widget.isEnabled():
            names.append(widget.objectName())
        widget = widget.nextInFocusChain()
    return names


def test_tab_goes_url_connect_then_editor_send(qapp: Any) -> None:
    window = build_window(None)
    window.show()
    window.activateWindow()
    window.composer.set_open(True)  # Send is enabled while OPEN
    chain = focus_chain(window)
    assert chain[:2] == ["urlEdit", "connectButton"]
    editor = chain.index("composerEdit")
    assert chain[editor + 1] == "sendButton"
    assert chain.index("connectButton") < editor

    window.panel.url_edit.setFocus()
    QTest.keyClick(window.panel.url_edit, Qt.Key.Key_Tab)
    assert window.focusWidget() is window.panel.connect_button
    QTest.keyClick(window.panel.connect_button, Qt.Key.Key_Tab)
    editor_widget = window.composer.editor
    assert window.focusWidget() is editor_widget  # URL, Connect, then the message
    QTest.keyClick(editor_widget, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert editor_widget.toPlainText() == "\t" and window.focusWidget() is editor_widget
    QTest.keyClick(editor_widget, Qt.Key.Key_Tab)  # Tab leaves the editor: no trap
    assert window.focusWidget() is window.composer.send_button
    window.close()


def test_tab_never_gets_stuck_and_comes_back_round(qapp: Any) -> None:
    """From the URL, Tab visits every pane and comes back to the URL; no widget keeps it
    (tables, the log, the frames, the editor), and the message editor is near."""
    window = build_window(None)
    window.show()
    window.activateWindow()
    window.composer.set_open(True)
    window.page.detail_pane.set_shown(True)
    window.panel.url_edit.setFocus()
    start = window.focusWidget()
    visited: list[str] = []
    widgets: list[int] = []
    for _press in range(120):
        QTest.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        widget = window.focusWidget()
        visited.append(widget.objectName() or type(widget).__name__)
        widgets.append(id(widget))
        if widget is start:
            break
    assert window.focusWidget() is start, visited
    assert visited.index("composerEdit") < 12
    for name in ("headersTable", "messageLog", "logFilter", "entryView", "connectionKind"):
        assert name in visited, visited
    assert len(widgets) == len(set(widgets)), visited  # each once: nothing held the focus
    window.close()


PROBE = """
import json
from PySide6.QtWidgets import QApplication
app = QApplication([])
from wsgui.ui.common.resources import app_icon
from wsgui.ui.window.runtime import build_window
window = build_window(None)
window.show()
ratio = window.devicePixelRatio()
size = window.tabs.iconSize()
dot = window.tabs.tabIcon(0).pixmap(size, ratio)
icon = window.windowIcon().pixmap(size, ratio)
print(json.dumps({
    "ratio": ratio, "logical": [size.width(), size.height()],
    "dot": [dot.width(), dot.height(), dot.devicePixelRatio()],
    "icon": [icon.width(), icon.height(), icon.devicePixelRatio()],
}))
"""


def test_icons_are_drawn_at_the_screen_resolution_when_scaled_by_two() -> None:
    env = {**os.environ, "QT_SCALE_FACTOR": "2", "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["ratio"] == 2.0
    width, height = seen["logical"]
    # Device pixels twice the logical size, ratio 2: drawn for the screen, not stretched.
    assert seen["dot"] == [2 * width, 2 * height, 2.0]
    assert seen["icon"] == [2 * width, 2 * height, 2.0]
