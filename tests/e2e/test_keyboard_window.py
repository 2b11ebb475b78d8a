"""Every action on the keyboard: no two live shortcuts clash, the command palette finds and runs
actions, Help > Keyboard shortcuts lists every key (read from the actions themselves)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest

from wsgui.core.history.journal import Journal
from wsgui.core.model.entries import Direction, message_entry
from wsgui.ui.common.window_state import WindowState
from wsgui.ui.scenarios.environment_picker import EnvironmentPicker
from wsgui.ui.theme.manager import ThemeManager
from wsgui.ui.window.action_catalog import SEPARATOR, clashes, live_keys, menu_entries
from wsgui.ui.window.main_window import MainWindow
from wsgui.ui.window.runtime import build_window
from wsgui.ui.window.shortcuts_dialog import ShortcutsDialog


@pytest.fixture
def window(qapp: Any, store: Any, tmp_path: Path) -> Iterator[MainWindow]:
    """The whole window: profiles, themes, two tabs, a log with entries."""
    palette = qapp.palette()  # the style stays ThemedStyle (see test_theme_window.app_look)
    state = WindowState(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    themes = ThemeManager(qapp, state, qapp, system_scheme=lambda: Qt.ColorScheme.Light)
    environments = EnvironmentPicker(tmp_path / "environments.toml")
    journal = Journal(tmp_path / "history.sqlite3")
    window = build_window(None, store, state, themes, environments, journal)
    window.new_tab()
    window.tabs.setCurrentIndex(0)
    for text in ("one", "two"):
        window.model.append(message_entry(Direction.SENT, text))
    window.model.flush()
    window.show()
    qapp.processEvents()
    yield window
    window.close()
    journal.close()
    window.deleteLater()
    themes.deleteLater()
    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qapp.setPalette(palette)


def action(window: MainWindow, path: str) -> QAction:
    """The menu action at its path, as the palette shows it."""
    for entry in menu_entries(window.menuBar()):
        if f"{entry.path}{SEPARATOR}{entry.name}" == path:
            return entry.action
    raise AssertionError(f"no menu action {path}")


def test_no_two_live_shortcuts_clash(window: MainWindow, qapp: Any) -> None:
    keys = live_keys(window, window.menuBar())
    assert not clashes(keys), clashes(keys)
    # and with an opened log in front (its Send again button has Ctrl+Shift+R)
    window.log_tabs.open_log("opened.ndjson", [message_entry(Direction.SENT, "x")])
    qapp.processEvents()
    keys = live_keys(window, window.menuBar())
    assert "Ctrl+Shift+R" in {k.keys for k in keys}
    assert not clashes(keys), clashes(keys)
    # the keys users expect (issue 10), and the palette's key taken from Ping
    expected = {
        "File › Save profile": "Ctrl+S",
        "File › New tab": "Ctrl+T",
        "File › Close tab": "Ctrl+W",
        "Connection › Connect / Disconnect": "Ctrl+Shift+Return",
        "Connection › Focus URL": "Ctrl+L",
        "Connection › Ping": "Ctrl+P",
        "Message › Send": "Ctrl+Return",
        "Log › Find…": "Ctrl+F",
        "Log › Clear log": "Ctrl+K",
        "View › Command palette…": "Ctrl+Shift+P",
        "Help › Keyboard shortcuts": "F1",
    }
    for path, keys in expected.items():
        assert action(window, path).shortcut() == QKeySequence(keys), path


def test_the_clash_check_finds_a_clash(window: MainWindow) -> None:
    """The check above would see a second Ctrl+K, even on a widget of the page."""
    extra = QAction("Kill", window.composer.editor)
    extra.setShortcut(QKeySequence("Ctrl+K"))
    extra.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    window.composer.editor.addAction(extra)
    found = clashes(live_keys(window, window.menuBar()))
    assert [(a.what, b.what) for a, b in found] == [("Log › Clear log", "Kill")]


def test_the_palette_finds_and_runs_an_action(window: MainWindow) -> None:
    palette = window.command_palette
    action(window, "View › Command palette…").trigger()
    assert palette.isVisible()
    assert len(palette.shown_names()) > 40  # every action, before typing
    QTest.keyClicks(palette.edit, "clear")
    assert palette.shown_names()[0] == "Log › Clear log"
    assert palette.list.topLevelItem(0).text(1) == "Ctrl+K"  # its shortcut, shown
    QTest.keyClick(palette.edit, Qt.Key.Key_Return)
    assert not palette.isVisible()
    assert window.model.rowCount() == 0  # the log was cleared


def test_the_palette_matches_paths_words_and_letters(window: MainWindow) -> None:
    palette = window.command_palette
    palette.open()
    for typed, first in (
        ("exp sh", "Log › Export shown entries…"),
        ("theme dark", "View › Theme › Dark"),
        ("clrlg", "Log › Clear log"),
        ("keyboard", "Help › Keyboard shortcuts"),
    ):
        palette.edit.setText(typed)
        assert palette.shown_names()[0] == first, typed
    palette.edit.setText("no such action at all")
    assert palette.shown_names() == []
    QTest.keyClick(palette.edit, Qt.Key.Key_Escape)
    assert not palette.isVisible()
    assert window.model.rowCount() == 2  # Esc ran nothing


def test_the_palette_runs_the_chosen_row_and_skips_disabled_ones(window: MainWindow) -> None:
    palette = window.command_palette
    palette.open()
    palette.edit.setText("ping")  # Ping is disabled while CLOSED: listed, greyed, not chosen
    ping = palette.list.topLevelItem(0)
    assert palette.shown_names()[0] == "Connection › Ping" and not ping.flags()
    assert palette.list.currentItem() is not ping
    palette.edit.setText("theme")
    QTest.keyClick(palette.edit, Qt.Key.Key_Down)  # System, then Light
    QTest.keyClick(palette.edit, Qt.Key.Key_Down)
    chosen = palette.list.currentItem().text(0)
    palette.run_selected()
    assert action(window, chosen.removeprefix("✓ ")).isChecked()


def test_help_lists_every_key(window: MainWindow) -> None:
    action(window, "Help › Keyboard shortcuts").trigger()
    dialog = window.findChild(ShortcutsDialog, "shortcutsDialog")
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    rows = dialog.rows()
    for entry in menu_entries(window.menuBar()):
        if entry.keys:
            assert (entry.keys, entry.name, entry.path) in rows
    assert ("Ctrl+K", "Clear log", "Log") in rows
    assert ("Ctrl+Return, Ctrl+Enter", "Send", "Message") in rows
    assert any(keys == "Ctrl+C" and where.startswith("in the ") for keys, _a, where in rows)
    dialog.filter.setText("palette")
    shown = [
        dialog.table.topLevelItem(i).text(1)
        for i in range(dialog.table.topLevelItemCount())
        if not dialog.table.topLevelItem(i).isHidden()
    ]
    assert shown == ["Command palette…"]
    action(window, "Help › Keyboard shortcuts").trigger()  # the same dialog again
    assert len(window.findChildren(ShortcutsDialog)) == 1


def test_the_readme_has_the_generated_keyboard_table(window: MainWindow) -> None:
    from tools.keyboard_table import documented_rows
    from wsgui.ui.window.action_catalog import keyboard_markdown

    readme = (Path(__file__).parents[2] / "README.md").read_text()
    assert keyboard_markdown(documented_rows(window)) in readme
