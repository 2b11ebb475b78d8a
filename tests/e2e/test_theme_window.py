"""View > Theme: the palette, the log's and frames' row colors, the labels' tones and the tab dots
follow a switch; the choice is remembered and applied at start; System follows the desktop."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QColor

from wsgui.core.model.entries import Direction, Kind, event_entry, message_entry
from wsgui.ui.common.window_state import WindowState
from wsgui.ui.log.model import DATA
from wsgui.ui.theme.colors import DARK, LIGHT, STATE_BADGES, Theme, badge_color, tone_style_sheet
from wsgui.ui.theme.manager import ThemeChoice, ThemeManager
from wsgui.ui.theme.style import ThemedStyle
from wsgui.ui.window.main_window import MainWindow
from wsgui.ui.window.runtime import build_window

FOREGROUND = Qt.ItemDataRole.ForegroundRole


@pytest.fixture
def state(tmp_path: Path) -> WindowState:
    """Settings of this test alone (never the user's, never another test's)."""
    return WindowState(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))


@pytest.fixture(autouse=True)
def app_look(qapp: Any) -> Iterator[None]:
    """The application's palette as it was: other tests share this QApplication (and no
    manager of this test is left listening to the desktop's scheme). The style stays
    ThemedStyle (Fusion, as before, with check box edges): swapping styles re-polishes every
    widget the suite has left alive, which took minutes in the full run and once crashed."""
    palette = qapp.palette()
    yield
    for manager in qapp.findChildren(ThemeManager):
        manager.deleteLater()
    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qapp.setPalette(palette)
    settle(qapp)


def settle(qapp: Any) -> None:
    """Posted palette changes, then the window's restyle timer (0 ms) they start."""
    for _ in range(3):
        qapp.processEvents()


def window_with(themes: ThemeManager, state: WindowState, qapp: Any) -> MainWindow:
    window = build_window(None, None, state, themes)
    window.model.append(message_entry(Direction.SENT, "hi"))
    window.model.append(event_entry(Kind.ERROR, "boom"))
    window.model.flush()
    window.frames_model.append((True, 1, True, False, b"x", 0.0, 1))  # a sent text frame
    window.frames_model.flush()
    window.show()
    settle(qapp)  # the palette reaches the widgets as posted events
    return window


def shown_in(window: MainWindow, theme: Theme) -> None:
    """Everything the app colors itself uses ``theme``."""
    palette = window.palette()
    assert palette.base().color().name() == theme.base
    assert palette.window().color().name() == theme.window
    assert window.model.data(window.model.index(0, DATA), FOREGROUND) == QColor(theme.sent)
    assert window.filtered.data(window.filtered.index(1, DATA), FOREGROUND) == QColor(theme.error)
    frames = window.frames_model
    assert frames.data(frames.index(0, 0), FOREGROUND) == QColor(theme.sent)
    assert window.styleSheet() == tone_style_sheet(theme)
    badge = window.panel.state_indicator.badge
    assert badge.property("tone") == STATE_BADGES[window.controller.state]
    icon = window.tabs.tabIcon(0).pixmap(12, 12).toImage().pixelColor(6, 6).name()
    assert icon == badge_color(theme, window.controller.state)


def test_switching_the_theme_recolors_the_window(qapp: Any, state: WindowState) -> None:
    themes = ThemeManager(qapp, state, qapp, system_scheme=lambda: Qt.ColorScheme.Light)
    window = window_with(themes, state, qapp)
    shown_in(window, LIGHT)
    assert window.theme_actions[ThemeChoice.SYSTEM].isChecked()

    window.theme_actions[ThemeChoice.DARK].trigger()
    settle(qapp)
    assert isinstance(qapp.style(), ThemedStyle) and qapp.style().baseStyle().name() == "fusion"
    assert qapp.palette().base().color().name() == DARK.base
    shown_in(window, DARK)
    assert window.theme_actions[ThemeChoice.DARK].isChecked()
    assert state.theme() == "dark"  # remembered

    window.theme_actions[ThemeChoice.LIGHT].trigger()
    settle(qapp)
    shown_in(window, LIGHT)
    window.close()
    window.deleteLater()


def test_the_remembered_theme_is_applied_at_start(qapp: Any, state: WindowState) -> None:
    state.set_theme("dark")
    themes = ThemeManager(qapp, state, qapp, system_scheme=lambda: Qt.ColorScheme.Light)
    assert themes.choice is ThemeChoice.DARK
    assert qapp.palette().base().color().name() == DARK.base  # before any window exists
    window = window_with(themes, state, qapp)
    shown_in(window, DARK)
    assert window.theme_actions[ThemeChoice.DARK].isChecked()
    window.close()
    window.deleteLater()


def test_system_follows_the_desktop_live(qapp: Any, state: WindowState) -> None:
    desktop = [Qt.ColorScheme.Light]
    themes = ThemeManager(qapp, state, qapp, system_scheme=lambda: desktop[0])
    seen: list[Theme] = []
    themes.changed.connect(seen.append)
    window = window_with(themes, state, qapp)
    shown_in(window, LIGHT)
    desktop[0] = Qt.ColorScheme.Dark
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # as the desktop would
    settle(qapp)
    shown_in(window, DARK)
    assert seen == [DARK]
    themes.set_choice(ThemeChoice.LIGHT)  # an explicit choice ignores the desktop
    assert window.theme_actions[ThemeChoice.LIGHT].isChecked()  # the menu follows
    desktop[0] = Qt.ColorScheme.Dark
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    settle(qapp)
    shown_in(window, LIGHT)
    window.close()
    window.deleteLater()


def test_an_unknown_remembered_value_means_system(qapp: Any, state: WindowState) -> None:
    state.set_theme("purple")
    themes = ThemeManager(qapp, state, qapp, system_scheme=lambda: Qt.ColorScheme.Unknown)
    assert themes.choice is ThemeChoice.SYSTEM
    assert themes.theme is LIGHT  # a desktop that does not say gets light


def test_the_json_tree_recolors_what_it_shows(qapp: Any) -> None:
    from wsgui.ui.inspector.json_tree import JsonTree
    from wsgui.ui.theme.colors import qt_palette

    qapp.setPalette(qt_palette(LIGHT))
    tree = JsonTree()
    tree.show_value({"name": "wsgui", "port": 1740, "tls": False, "proxy": None})
    settle(qapp)

    def colors() -> list[str]:
        items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
        return [item.foreground(1).color().name() for item in items if item is not None]

    assert colors() == [LIGHT.json_string, LIGHT.json_number, LIGHT.json_bool, LIGHT.json_null]
    qapp.setPalette(qt_palette(DARK))
    settle(qapp)
    assert colors() == [DARK.json_string, DARK.json_number, DARK.json_bool, DARK.json_null]
    tree.deleteLater()


def test_check_boxes_have_a_visible_edge_in_both_themes(qapp: Any, state: WindowState) -> None:
    """Fusion's own edge is darker than a dark window: the .* and Aa toggles vanished."""
    from PySide6.QtWidgets import QCheckBox

    themes = ThemeManager(qapp, state, qapp, system_scheme=lambda: Qt.ColorScheme.Light)
    box = QCheckBox()
    box.resize(box.sizeHint())
    for choice, theme in ((ThemeChoice.LIGHT, LIGHT), (ThemeChoice.DARK, DARK)):
        themes.set_choice(choice)
        settle(qapp)
        image = box.grab().toImage()
        colors = {
            image.pixelColor(x, y).name()
            for x in range(image.width())
            for y in range(image.height())
        }
        assert theme.control_edge in colors, theme.name
    box.deleteLater()
