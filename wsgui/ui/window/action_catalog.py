"""Every action of the window and every key that is live at a moment, read from Qt itself:
the command palette, Help > Keyboard shortcuts and the unique-shortcut test use these, so none
of them is a hand-kept list."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QLabel, QMenu, QMenuBar, QWidget

SEPARATOR = " › "
Context = Qt.ShortcutContext


def plain(text: str) -> str:
    """A menu text as read: without the & of its mnemonic (&& is a real &)."""
    return text.split("\t", 1)[0].replace("&&", "\0").replace("&", "").replace("\0", "&")


def key_text(keys: QKeySequence) -> str:
    return keys.toString(QKeySequence.SequenceFormat.NativeText)


@dataclass(frozen=True)
class MenuEntry:
    """An action found in the menus, with the menus above it."""

    menus: tuple[str, ...]
    action: QAction

    @property
    def name(self) -> str:
        return plain(self.action.text())

    @property
    def path(self) -> str:
        return SEPARATOR.join(self.menus)

    @property
    def keys(self) -> str:
        return ", ".join(key_text(keys) for keys in self.action.shortcuts())


def menu_entries(bar: QMenuBar) -> list[MenuEntry]:
    """Every action in the menu bar's menus, submenus included, in menu order."""
    entries: list[MenuEntry] = []
    for top in bar.actions():
        menu = top.menu()
        if isinstance(menu, QMenu) and top.isVisible():
            _walk(menu, (plain(menu.title()),), entries)
    return entries


def _walk(menu: QMenu, menus: tuple[str, ...], entries: list[MenuEntry]) -> None:
    menu.aboutToShow.emit()  # menus filled when opened (Connection > Copy as) fill now
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            _walk(submenu, (*menus, plain(submenu.title())), entries)
        else:
            entries.append(MenuEntry(menus, action))


@dataclass(frozen=True)
class LiveKey:
    """A key sequence that does something now. ``scope`` is None for the whole window, else
    the widget that must have the focus (or hold it, with its children); ``where`` says it
    for people: the menu, or the widget."""

    keys: str  # portable text, e.g. "Ctrl+Shift+P"
    what: str
    scope: QWidget | None
    where: str
    in_menus: bool = False


def live_keys(window: QWidget, bar: QMenuBar) -> list[LiveKey]:
    """Menu shortcuts, menu mnemonics, and the shortcuts of the visible widgets (their own
    actions, QShortcuts, buttons, labels' buddies)."""
    found: list[LiveKey] = []
    in_menus: set[QAction] = set()
    for entry in menu_entries(bar):
        in_menus.add(entry.action)
        what = f"{entry.path}{SEPARATOR}{entry.name}"
        found += [
            LiveKey(_portable(keys), what, None, entry.path, True)
            for keys in entry.action.shortcuts()
        ]
    for top in bar.actions():
        mnemonic = QKeySequence.mnemonic(top.text())
        if not mnemonic.isEmpty() and top.isVisible():
            found.append(LiveKey(_portable(mnemonic), f"{plain(top.text())} menu", None, "", True))
    for action in window.findChildren(QAction):
        if action in in_menus or not action.shortcuts():
            continue
        for widget in action.associatedObjects():
            if isinstance(widget, QWidget) and widget.isVisible() and widget.window() is window:
                scope = _scope(widget, action.shortcutContext())
                where = _where(widget, scope)
                what = plain(action.text())
                found += [LiveKey(_portable(k), what, scope, where) for k in action.shortcuts()]
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parent()
        if shortcut.isEnabled() and isinstance(parent, QWidget) and parent.isVisible():
            what = shortcut.whatsThis() or parent.objectName()
            scope = _scope(parent, shortcut.context())
            where = _where(parent, scope)
            every = shortcut.keys()  # a QShortcut may have several key sequences
            found += [LiveKey(_portable(keys), what, scope, where) for keys in every]
    for button in window.findChildren(QAbstractButton):
        if not button.shortcut().isEmpty() and button.isVisible():
            where = "while the button is shown"
            found.append(LiveKey(_portable(button.shortcut()), plain(button.text()), None, where))
    for label in window.findChildren(QLabel):
        mnemonic = QKeySequence.mnemonic(label.text())
        if label.buddy() is not None and label.isVisible() and not mnemonic.isEmpty():
            what = f"focus {plain(label.text())}"
            found.append(LiveKey(_portable(mnemonic), what, None, "a field's label"))
    return found


def _name(widget: QWidget | None) -> str:
    """What a widget is called for people: its accessible name, else its objectName spelled
    out ("messageLog" is "message log")."""
    if widget is None:
        return "window"
    if widget.accessibleName():
        return widget.accessibleName()
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", widget.objectName()).lower()
    return words or type(widget).__name__


def _where(widget: QWidget, scope: QWidget | None) -> str:
    return f"in the {_name(widget)}" if scope is not None else f"while the {_name(widget)} is shown"


def _scope(widget: QWidget, context: Qt.ShortcutContext) -> QWidget | None:
    if context in (Context.WidgetShortcut, Context.WidgetWithChildrenShortcut):
        return widget
    return None


def _portable(keys: QKeySequence) -> str:
    return keys.toString(QKeySequence.SequenceFormat.PortableText)


def clashes(keys: list[LiveKey]) -> list[tuple[LiveKey, LiveKey]]:
    """Pairs of live keys Qt would find ambiguous: the same keys where both can be active at
    once (two widget scopes clash only when one holds the other)."""
    pairs = []
    for index, first in enumerate(keys):
        for second in keys[index + 1 :]:
            if first.keys.casefold() == second.keys.casefold() and _overlap(first, second):
                pairs.append((first, second))
    return pairs


def _overlap(first: LiveKey, second: LiveKey) -> bool:
    if first.scope is None or second.scope is None:
        return True
    return (
        first.scope.isAncestorOf(second.scope)
        or second.scope.isAncestorOf(first.scope)
        or (first.scope is second.scope)
    )


def shortcut_rows(window: QWidget, bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(keys, action, where) for Help > Keyboard shortcuts and the README: the menus' keys in
    menu order, then the keys of the widgets shown now."""
    rows = [(entry.keys, entry.name, entry.path) for entry in menu_entries(bar) if entry.keys]
    for live in live_keys(window, bar):
        row = (key_text(QKeySequence(live.keys)), live.what, live.where)
        if not live.in_menus and row not in rows:
            rows.append(row)
    return rows


def keyboard_markdown(rows: list[tuple[str, str, str]]) -> str:
    """The README's Keyboard table, made from the same rows as Help > Keyboard shortcuts;
    numbered runs (Alt+1 … Alt+9) in one row."""
    lines = ["| keys | action | where |", "|---|---|---|"]
    lines += [f"| {keys} | {action} | {where} |" for keys, action, where in _merge_runs(rows)]
    return "\n".join(lines)


def _merge_runs(rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    merged: list[tuple[str, str, str]] = []
    run: list[tuple[str, str, str]] = []
    for row in [*rows, ("", "", "")]:
        if run and _numbered(row) == _numbered(run[0]) != _numbered(("", "", "")):
            run.append(row)
            continue
        if len(run) > 2:
            first, last = run[0], run[-1]
            merged.append((f"{first[0]} … {last[0]}", f"{first[1]} … {last[1]}", first[2]))
        else:
            merged += run
        run = [row]
    return merged


def _numbered(row: tuple[str, str, str]) -> tuple[str, str, str]:
    keys, action, where = row
    return re.sub(r"\d+$", "#", keys), re.sub(r"\d+", "#", action), where
