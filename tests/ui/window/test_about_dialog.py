"""Help > About wsgui lists the real versions, copies them, and leaves the window usable."""

from __future__ import annotations

import platform
from importlib import metadata
from typing import Any

import PySide6
import qasync
import websockets
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QGuiApplication

import wsgui
from wsgui.core.system.versions import package_version
from wsgui.ui.window.about_dialog import AboutDialog
from wsgui.ui.window.runtime import build_window


def menu_action(window: Any, text: str) -> QAction:
    for action in window.findChildren(QAction):
        if action.text().replace("&", "") == text:
            return action
    raise AssertionError(f"no action {text!r}")


def test_help_about_lists_the_versions_and_copies_them(qapp: Any) -> None:
    window = build_window(None)
    window.show()
    menu_action(window, "About wsgui").trigger()
    dialog = window.findChild(AboutDialog, "aboutDialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowModality() is Qt.WindowModality.NonModal and not dialog.isModal()
    listed = dict(dialog.versions)
    assert listed["wsgui"] == wsgui.__version__
    assert listed["Python"].startswith(platform.python_version())
    assert listed["Qt"].startswith(qVersion())
    assert listed["PySide6"] == PySide6.__version__
    assert listed["websockets"] == websockets.__version__
    assert listed["qasync"] == metadata.version("qasync")
    assert listed["python-socketio"] == metadata.version("python-socketio")
    assert qasync.__name__ == "qasync"
    shown = [label.text() for label in dialog.findChildren(type(dialog.message))]
    for version in listed.values():
        assert version in shown  # every version is on screen, not only in the copy

    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert f"websockets: {websockets.__version__}" in copied
    assert f"PySide6: {PySide6.__version__}" in copied
    assert dialog.message.text() == "Copied"

    menu_action(window, "About wsgui").trigger()  # asked again: the same dialog, not a second
    assert window.findChildren(AboutDialog) == [dialog]
    dialog.close()
    window.close()


def test_a_missing_package_is_said_not_installed() -> None:
    def lookup(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    assert package_version("nothing-here", lookup) == "not installed"
