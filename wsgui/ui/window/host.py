"""What the menu builders need of the main window, as a base class MainWindow derives from:
the current tab's widgets (CurrentPageAccess), the tabs, the profiles, and the actions the
menus make and the window keeps. The menus are typed against it, not against MainWindow,
so that main_window -> menus -> message_menu never runs back up to main_window."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabWidget, QWidget

from wsgui.ui.history.panel import HistoryPanel
from wsgui.ui.page.access import CurrentPageAccess
from wsgui.ui.page.connection_page import ConnectionPage
from wsgui.ui.profiles.import_export import ProfileImportExport
from wsgui.ui.profiles.panel import ProfilesPanel
from wsgui.ui.profiles.rail import ProfilesRail
from wsgui.ui.scenarios.environment_picker import EnvironmentPicker
from wsgui.ui.theme.manager import ThemeChoice, ThemeManager
from wsgui.ui.window.command_palette import CommandPalette
from wsgui.ui.window.scenario_files import ScenarioFiles

__all__ = ["WindowHost"]


class WindowHost(QMainWindow, CurrentPageAccess):
    """The main window as its menus see it (MainWindow fills it in)."""

    close_with_code_action: QAction  # these are made by build_menus
    ping_action: QAction
    pause_action: QAction
    follow_action: QAction
    theme_actions: dict[ThemeChoice, QAction]  # View > Theme, when there is a ThemeManager
    command_palette: CommandPalette  # View > Command palette… (Ctrl+Shift+P)
    tabs: QTabWidget
    themes: ThemeManager | None
    profiles_panel: ProfilesPanel | None  # with these two, when the window has profiles
    profiles_dock: QDockWidget
    profiles_rail: ProfilesRail  # View > Profiles folds it
    profile_io: ProfileImportExport
    scenario_files: ScenarioFiles  # Save session as scenario…, Open scenario as connection…
    environments: EnvironmentPicker | None  # the tab bar's environment, when there is one
    history_panel: HistoryPanel  # View > History, when the window has a journal
    history_dock: QDockWidget

    def new_tab(self) -> ConnectionPage:
        raise NotImplementedError

    def close_tab(self, widget: QWidget | None) -> None:
        raise NotImplementedError

    def toggle_pause(self) -> None:
        raise NotImplementedError
