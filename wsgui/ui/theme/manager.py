"""View > Theme: System (follows the desktop's light/dark scheme, live), Light or Dark,
remembered; applied to the whole application as Fusion with the theme's palette."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication

from wsgui.ui.common.window_state import WindowState
from wsgui.ui.theme.colors import DARK, LIGHT, Theme, qt_palette
from wsgui.ui.theme.style import ThemedStyle


class ThemeChoice(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


CHOICE_LABELS = {
    ThemeChoice.SYSTEM: "&System",
    ThemeChoice.LIGHT: "&Light",
    ThemeChoice.DARK: "&Dark",
}


class ThemeManager(QObject):
    """Owns the user's choice; widgets follow the application palette it sets (see theme.py).

    Fusion with our own palettes in both themes, rather than the platform's: the backgrounds
    are then known, so the contrast test means something, and a dark palette is honoured even
    where the platform style draws light controls (xcb, offscreen, Windows' classic style).
    """

    changed = Signal(object)  # Theme: what is shown changed
    choice_changed = Signal(object)  # ThemeChoice: what the user chose changed

    def __init__(
        self,
        app: QApplication,
        state: WindowState | None = None,
        parent: QObject | None = None,
        system_scheme: Callable[[], Qt.ColorScheme] | None = None,  # tests: a desktop
    ) -> None:
        super().__init__(parent)
        self.app, self.state = app, state
        self.system_scheme = system_scheme or app.styleHints().colorScheme
        remembered = state.theme() if state is not None else ThemeChoice.SYSTEM
        self.choice = ThemeChoice(remembered) if remembered in ThemeChoice else ThemeChoice.SYSTEM
        self.theme = LIGHT
        app.styleHints().colorSchemeChanged.connect(self._on_system_scheme)
        self.apply()

    def set_choice(self, choice: ThemeChoice) -> None:
        """View > Theme: apply at once and remember it."""
        self.choice = choice
        if self.state is not None:
            self.state.set_theme(choice.value)
        self.choice_changed.emit(choice)
        self.apply()

    def system_theme(self) -> Theme:
        """What the desktop asks for (light when it does not say)."""
        return DARK if self.system_scheme() == Qt.ColorScheme.Dark else LIGHT

    def effective(self) -> Theme:
        if self.choice is ThemeChoice.SYSTEM:
            return self.system_theme()
        return DARK if self.choice is ThemeChoice.DARK else LIGHT

    def apply(self) -> None:
        theme = self.effective()
        if not isinstance(self.app.style(), ThemedStyle):
            self.app.setStyle(ThemedStyle())
        self.app.setPalette(qt_palette(theme))
        changed = theme != self.theme
        self.theme = theme
        if changed:
            self.changed.emit(theme)

    def _on_system_scheme(self, _scheme: Qt.ColorScheme) -> None:
        if self.choice is ThemeChoice.SYSTEM:
            self.apply()
