"""The profiles dock as a rail: View > Profiles (Ctrl+B), « and the strip fold it and bring it
back, and the window remembers it across restarts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from wsgui.core.profiles.store import ProfileStore
from wsgui.ui.common.window_state import WindowState
from wsgui.ui.window.main_window import MainWindow
from wsgui.ui.window.runtime import build_window


def window_with(store: ProfileStore, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = build_window(None, store, WindowState(settings))
    window.show()
    return window


def test_the_profiles_rail_folds_and_is_remembered(
    qapp: Any, store: ProfileStore, tmp_path: Path
) -> None:
    window = window_with(store, tmp_path)
    qapp.processEvents()
    dock, rail = window.profiles_dock, window.profiles_rail
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    action = next(a for a in view.actions() if a.text() == "&Profiles")
    assert action is rail.action and action.isCheckable() and action.isChecked()
    assert action.shortcut().toString() == "Ctrl+B"
    wide = dock.width()
    assert wide >= 200 and rail.panel.isVisible()

    action.trigger()  # View > Profiles: fold
    qapp.processEvents()
    assert rail.folded and not action.isChecked()
    assert rail.panel.isHidden() and rail.strip.isVisible()
    assert dock.isVisible() and dock.width() <= 40
    assert rail.strip.text().startswith("Profiles")
    window.close()  # quits (no unsaved changes): the state is saved

    again = window_with(store, tmp_path)
    qapp.processEvents()
    rail = again.profiles_rail
    assert rail.folded and again.profiles_dock.width() <= 40 and not rail.action.isChecked()
    rail.strip.click()  # the strip unfolds it, as wide as it was
    qapp.processEvents()
    assert not rail.folded and rail.action.isChecked() and rail.panel.isVisible()
    assert abs(again.profiles_dock.width() - wide) <= 8
    rail.fold_button.click()  # « in the rail's title folds it too
    assert rail.folded
    rail.action.trigger()
    assert not rail.folded
    again.close()


def test_an_older_state_with_the_dock_closed_shows_the_rail(
    qapp: Any, store: ProfileStore, tmp_path: Path
) -> None:
    """The dock could be closed before it became a rail: it must not stay out of reach."""
    window = window_with(store, tmp_path)
    window.profiles_dock.hide()
    window.save_state()
    window.close()
    again = window_with(store, tmp_path)
    qapp.processEvents()
    assert again.profiles_dock.isVisible() and again.profiles_rail.folded
    again.close()
