"""View > Theme: System / Light / Dark, one checked, acting on the ThemeManager."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from wsgui.ui.theme.manager import CHOICE_LABELS, ThemeChoice, ThemeManager

CHOICE_TIPS = {
    ThemeChoice.SYSTEM: "Follow the desktop's light or dark setting, also when it changes",
    ThemeChoice.LIGHT: "Light, whatever the desktop says",
    ThemeChoice.DARK: "Dark, whatever the desktop says",
}


def add_theme_menu(parent: QMenu, themes: ThemeManager) -> dict[ThemeChoice, QAction]:
    """The Theme submenu; its actions by choice (remembered by the manager)."""
    menu = parent.addMenu("&Theme")
    menu.setObjectName("themeMenu")
    group = QActionGroup(menu)
    group.setExclusive(True)
    actions: dict[ThemeChoice, QAction] = {}
    for choice, label in CHOICE_LABELS.items():
        action = QAction(label, menu)
        action.setObjectName(f"theme{choice.value.title()}")
        action.setCheckable(True)
        action.setChecked(choice is themes.choice)
        action.setToolTip(CHOICE_TIPS[choice])
        action.setStatusTip(CHOICE_TIPS[choice])
        action.triggered.connect(lambda _on, c=choice: themes.set_choice(c))
        group.addAction(action)
        menu.addAction(action)
        actions[choice] = action
    themes.choice_changed.connect(_ChoiceMark(actions, menu).mark)
    return actions


class _ChoiceMark(QObject):
    """Checks the chosen entry when the choice changes elsewhere (the palette, a test); owned
    by the menu, so the connection ends with it."""

    def __init__(self, actions: dict[ThemeChoice, QAction], parent: QObject) -> None:
        super().__init__(parent)
        self.actions = actions

    def mark(self, choice: ThemeChoice) -> None:
        self.actions[choice].setChecked(True)
