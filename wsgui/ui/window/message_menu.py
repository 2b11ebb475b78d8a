"""The Message menu: what the composer's buttons do, so each has a menu entry (found by the
command palette) and Send its shortcut, Ctrl+Enter, anywhere in the window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from wsgui.ui.compose.snippets_panel import SHORTCUT_COUNT
from wsgui.ui.window.host import WindowHost

AddAction = Callable[[WindowHost, QMenu, str, str, object], QAction]
SEND_KEYS = ("Ctrl+Return", "Ctrl+Enter")  # Enter of the main block and of the keypad


def build_message_menu(window: WindowHost, menu: QMenu, add: AddAction) -> None:
    """Each entry acts on the current tab's composer, looked up when it runs."""
    send = add(window, menu, "&Send", "", lambda: window.composer.send())
    send.setShortcuts([QKeySequence(keys) for keys in SEND_KEYS])
    send.setToolTip("Send the message in the editor (Ctrl+Enter)")
    add(window, menu, "Send to &all open connections", "", lambda: _send_to_all(window))
    add(window, menu, "Send &file…", "", lambda: window.composer.choose_file())
    add(window, menu, "&Repeat / stop", "", lambda: _repeat(window))
    menu.addSeparator()
    add(window, menu, "&Format JSON", "", lambda: window.composer.format_json())
    add(window, menu, "Show or hide &invisibles", "", lambda: window.composer.invisibles.toggle())
    add(window, menu, "Focus the message &editor", "Ctrl+M", lambda: _focus_editor(window))
    add(
        window,
        menu,
        "Save editor as s&nippet…",
        "",
        lambda: window.snippets.buttons["addSnippetButton"].click(),
    )
    _add_snippet_menu(window, menu.addMenu("Send sni&ppet"), add)


def _add_snippet_menu(window: WindowHost, menu: QMenu, add: AddAction) -> None:
    """Alt+1…9: the current tab's snippets, named when the menu opens (or the palette looks)."""
    actions = []
    for number in range(1, SHORTCUT_COUNT + 1):
        action = add(
            window,
            menu,
            f"Snippet &{number}",
            f"Alt+{number}",
            lambda _=False, n=number: window.snippets.send_number(n),
        )
        action.setObjectName(f"sendSnippet{number}")
        actions.append(action)

    def name_them() -> None:
        saved = window.snippets.messages()
        for number, action in enumerate(actions, 1):
            name = f": {saved[number - 1].name}" if number <= len(saved) else ""
            action.setText(f"Snippet &{number}{name.replace('&', '&&')}")

    menu.aboutToShow.connect(name_them)


def _send_to_all(window: WindowHost) -> None:
    targets = window.composer.targets()
    if not targets:
        window.statusBar().showMessage("Send to all: no connection is open", 10_000)
        return
    window.composer.send_to([send for _title, send in targets])


def _focus_editor(window: WindowHost) -> None:
    window.composer.editor.setFocus()


def _repeat(window: WindowHost) -> None:
    """Start or stop repeating, with the repeat controls shown."""
    composer = window.composer
    composer.repeat_bar.setVisible(True)
    composer.repeat_action.setChecked(True)
    composer.repeat_bar.button.click()
