"""The main window: connection tabs, the menus, the profiles dock and the status bar; no logic
beyond wiring. ``window.panel``, ``window.controller``… are the current tab's (page/access.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QIcon, QShowEvent
from PySide6.QtWidgets import QDockWidget, QTabWidget, QToolButton, QWidget

from wsgui.core.model.entries import ReadyState
from wsgui.core.model.options import OptionsError
from wsgui.core.model.urls import url_for_history
from wsgui.ui.common.dot_icon import dot_icon
from wsgui.ui.common.resources import app_icon
from wsgui.ui.common.window_state import WindowState
from wsgui.ui.page.accessibility import name_controls
from wsgui.ui.page.connection_page import ConnectionPage
from wsgui.ui.profiles.binding import ProfileBinding
from wsgui.ui.profiles.controller import ProfileController
from wsgui.ui.profiles.import_export import ProfileImportExport
from wsgui.ui.profiles.panel import ProfilesPanel, secret_storage_text
from wsgui.ui.profiles.rail import ProfilesRail
from wsgui.ui.scenarios.environment_picker import EnvironmentPicker
from wsgui.ui.theme.colors import Theme, badge_color, theme_for, tone_style_sheet
from wsgui.ui.theme.manager import ThemeManager
from wsgui.ui.window.environment_wiring import corner, use_variables
from wsgui.ui.window.host import WindowHost
from wsgui.ui.window.menus import build_menus
from wsgui.ui.window.scenario_files import ScenarioFiles
from wsgui.ui.window.screen_fit import fit_frame, initial_size

TITLE = "wsgui — WebSocket debugger"
SPLITTER_KEY = "log_splitter"  # the log over the detail pane ("splitter" held four panes)


class MainWindow(WindowHost):
    """Tabs of connections (each a ConnectionPage); the tab's icon is its readyState color."""

    quit_requested = Signal()

    def __init__(
        self,
        make_page: Callable[[], ConnectionPage],
        profiles: ProfileController | None = None,
        state: WindowState | None = None,
        themes: ThemeManager | None = None,  # View > Theme (without it: the app's palette)
        environments: EnvironmentPicker | None = None,  # {{variables}} (without: none)
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.themes = themes
        self.environments = environments
        self.setWindowTitle(TITLE)
        self.setWindowIcon(app_icon())
        screen = self.screen()
        if screen is not None:
            self.resize(initial_size(screen.availableGeometry()))
        self._fitted = False
        self.make_page = make_page
        self.state = state
        self.profiles = profiles
        self.pages: list[ConnectionPage] = []
        self.tabs = QTabWidget()
        self.tabs.setObjectName("connectionTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        new_tab = QToolButton()
        new_tab.setObjectName("newTabButton")
        new_tab.setText("+")
        new_tab.setToolTip("New connection tab (Ctrl+T)")
        new_tab.clicked.connect(self.new_tab)
        self.tabs.setCornerWidget(corner(new_tab, environments), Qt.Corner.TopRightCorner)
        self.setCentralWidget(self.tabs)
        self.scenario_files = ScenarioFiles(self, lambda: self.page)
        self.page = self.add_page()
        self.tabs.currentChanged.connect(self._on_current_changed)
        self.tabs.tabCloseRequested.connect(lambda index: self.close_tab(self.tabs.widget(index)))
        self.closing_tasks: set[asyncio.Task[None]] = set()

        self.profiles_panel: ProfilesPanel | None = None
        self.profile_binding: ProfileBinding | None = None
        if profiles is not None:
            self._add_profiles(profiles)
        if environments is not None:
            environments.problem.connect(lambda text: self.statusBar().showMessage(text, 20_000))
            if environments.last_problem:
                self.statusBar().showMessage(environments.last_problem, 20_000)
        build_menus(self)
        name_controls(self)  # the profiles panel and the + button (each tab names its own)
        self._restore_state()
        self._on_current_changed()
        # A palette change can arrive while Qt walks every widget (QApplication.setStyle):
        # restyling then would pull style objects from under that walk. Later, once.
        self._theme_timer = QTimer(self)
        self._theme_timer.setSingleShot(True)
        self._theme_timer.setInterval(0)
        self._theme_timer.timeout.connect(self._follow_theme)
        self._follow_theme()

    def add_page(self) -> ConnectionPage:
        page = self.make_page()
        self.pages.append(page)
        self.statusBar().addPermanentWidget(page.status_box)
        page.status_box.setVisible(False)
        page.status_message.connect(lambda text, ms, p=page: self._say(p, text, ms))
        page.controller.state_changed.connect(lambda value, p=page: self._on_page_state(p, value))
        page.panel.url_edit.textChanged.connect(lambda _t, p=page: self._retitle(p))
        page.composer.targets = lambda: [
            (title, p.controller.send) for title, p in self.send_targets()
        ]
        page.panel.changed.connect(self._check_dirty)
        if self.state is not None:
            page.panel.drawer.pin.setChecked(self.state.flag("request_pinned"))
            page.panel.drawer.pinned_changed.connect(self._remember_pin)
        page.snippets.changed.connect(self._check_dirty)
        if self.environments is not None:
            use_variables(page, self.environments)
        page.log_view.menu_actions.append(self.scenario_files.save_action(page))
        self.tabs.addTab(page, _dot(ReadyState.CLOSED, self.theme), page.title())
        self._update_closable()
        return page

    def _remember_pin(self, on: bool) -> None:
        """Keep open is one choice for every tab, and remembered."""
        if self.state is not None:
            self.state.set_flag("request_pinned", on)
        for page in self.pages:
            page.panel.drawer.pin.setChecked(on)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted:  # once framed by the window manager: inside the screen
            self._fitted = True
            for delay in (0, 150, 600):
                QTimer.singleShot(delay, self, lambda: fit_frame(self))  # gone with it

    def new_tab(self) -> ConnectionPage:
        """File > New tab (Ctrl+T): another connection, its own log and composer."""
        page = self.add_page()
        if self.profiles is not None:
            storage = secret_storage_text(self.profiles.store.secrets)
            page.panel.tabs.auth_editor.set_secret_storage(storage)
        self.tabs.setCurrentWidget(page)
        page.focus_url()
        return page

    def close_tab(self, widget: QWidget | None) -> None:
        """Close a tab, closing its connection cleanly (1000) first; the last tab stays.
        Unsaved edits of its profile are asked about first."""
        if not isinstance(widget, ConnectionPage) or len(self.pages) == 1:
            return
        self._ask_then(lambda: self._close_now(widget), [widget])

    def _close_now(self, widget: ConnectionPage) -> None:
        if widget not in self.pages or len(self.pages) == 1:
            return
        widget.log_transfers.cancel()
        self.pages.remove(widget)
        self.tabs.removeTab(self.tabs.indexOf(widget))
        self.statusBar().removeWidget(widget.status_box)
        self._update_closable()
        task = asyncio.ensure_future(widget.controller.shutdown())
        self.closing_tasks.add(task)
        task.add_done_callback(lambda t: self._closed(t, widget))

    def _closed(self, task: asyncio.Task[None], page: ConnectionPage) -> None:
        self.closing_tasks.discard(task)
        page.status_box.deleteLater()  # the status bar keeps removed widgets: free its log
        page.deleteLater()

    async def shutdown(self) -> None:
        """Close every tab's connection cleanly (quit)."""
        await asyncio.gather(*(p.controller.shutdown() for p in self.pages), *self.closing_tasks)

    def _check_dirty(self) -> None:
        if self.profiles is not None:
            self.profiles.check_dirty()

    def send_targets(self) -> list[tuple[str, ConnectionPage]]:
        """The open connections a composed message can also go to (Send to…)."""
        return [
            (self.tabs.tabText(self.tabs.indexOf(page)), page)
            for page in self.pages
            if page.controller.state is ReadyState.OPEN
        ]

    def _on_current_changed(self) -> None:
        page = self.tabs.currentWidget()
        if not isinstance(page, ConnectionPage):
            return
        self.page = page
        for other in self.pages:
            other.status_box.setVisible(other is page)
        self._update_actions()
        if self.profiles is not None:
            self.profiles.show_page_profile(page.profile)
        self.statusBar().clearMessage()

    def _on_page_state(self, page: ConnectionPage, value: int) -> None:
        state = ReadyState(value)
        self.tabs.setTabIcon(self.tabs.indexOf(page), _dot(state, self.theme))
        self.tabs.setTabToolTip(self.tabs.indexOf(page), f"readyState {state.value} {state.name}")
        if page is self.page:
            self._update_actions()
        if state is ReadyState.OPEN and self.state is not None:
            remembered = url_for_history(page.panel.url_edit.text().strip())
            recent = self.state.add_recent_url(remembered)
            for each in self.pages:
                each.panel.set_recent_urls(recent)

    def _update_actions(self) -> None:
        is_open = self.page.controller.state is ReadyState.OPEN
        if hasattr(self, "ping_action"):
            self.close_with_code_action.setEnabled(is_open)
            self.ping_action.setEnabled(is_open)
            self.pause_action.setChecked(self.page.model.paused)
            self.follow_action.setChecked(self.page.log_view.follow_action.isChecked())

    @property
    def theme(self) -> Theme:
        """The theme made for the window's background (see theme.py)."""
        return theme_for(self.palette())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "_theme_timer"):
            self._theme_timer.start()

    def _follow_theme(self) -> None:
        """Labels' tones (the style sheet every child inherits) and the tabs' dots."""
        theme = self.theme
        sheet = tone_style_sheet(theme)
        if self.styleSheet() != sheet:
            self.setStyleSheet(sheet)
        for page in self.pages:
            self.tabs.setTabIcon(self.tabs.indexOf(page), _dot(page.controller.state, theme))

    def _say(self, page: ConnectionPage, text: str, milliseconds: int) -> None:
        if page is self.page:
            self.statusBar().showMessage(text, milliseconds)

    def _retitle(self, page: ConnectionPage) -> None:
        self.tabs.setTabText(self.tabs.indexOf(page), page.title())

    def _update_closable(self) -> None:
        bar = self.tabs.tabBar()
        for index in range(self.tabs.count()):
            button = bar.tabButton(index, bar.ButtonPosition.RightSide)
            if button is not None:
                button.setVisible(self.tabs.count() > 1)

    def toggle_pause(self) -> None:
        self.page.set_paused(self.pause_action.isChecked())

    def _add_profiles(self, profiles: ProfileController) -> None:
        self.profiles_panel = ProfilesPanel(profiles)
        dock = QDockWidget("Profiles", self)
        dock.setObjectName("profilesDock")
        self.profiles_rail = ProfilesRail(self.profiles_panel, dock, self, self.state)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.profiles_dock = dock
        self.profile_binding = ProfileBinding(
            self, lambda: self.page, profiles, self.profiles_panel, self.state
        )
        self.profile_io = ProfileImportExport(self, profiles, self.profile_binding)
        self.profiles_panel.export_requested.connect(self.profile_io.export_one)
        self.scenario_files.profiles = profiles
        self.scenario_files.open_profile = self.profile_binding.request_open
        QTimer.singleShot(0, lambda: self._show_secret_storage(profiles))
        profiles.current_changed.connect(self._on_profile_changed)
        profiles.dirty_changed.connect(lambda _d: self._update_title())

    def _show_secret_storage(self, profiles: ProfileController) -> None:
        storage = secret_storage_text(profiles.store.secrets)
        for page in self.pages:
            page.panel.tabs.auth_editor.set_secret_storage(storage)

    def _on_profile_changed(self, profile: object) -> None:
        self._retitle(self.page)
        self._update_title()

    def _update_title(self) -> None:
        title = TITLE
        if self.profiles is not None and self.profiles.current is not None:
            mark = "*" if self.profiles.dirty else ""
            title = f"{self.profiles.current.name}{mark} — {title}"
        self.setWindowTitle(title)

    def _restore_state(self) -> None:
        if self.state is None:
            return
        self.page.panel.set_recent_urls(self.state.recent_urls())
        geometry = self.state.geometry("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        window_state = self.state.geometry("window_state")
        if window_state is not None:
            self.restoreState(window_state)
        splitter = self.state.geometry(SPLITTER_KEY)
        if splitter is not None:
            self.page.splitter.restoreState(splitter)

    def save_state(self) -> None:
        """Remember geometry and splitter positions (profiles are saved separately)."""
        if self.state is None:
            return
        self.state.set_geometry("geometry", self.saveGeometry())
        self.state.set_geometry("window_state", self.saveState())
        self.state.set_geometry(SPLITTER_KEY, self.page.splitter.saveState())
        self.state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing asks about unsaved profile changes (every tab's), then the app shuts down
        cleanly."""
        event.ignore()
        self._ask_then(self._quit, list(self.pages))

    def _ask_then(self, proceed: Callable[[], None], pages: list[ConnectionPage]) -> None:
        """Ask about each page's unsaved profile edits in turn (showing its tab), then
        ``proceed``; Cancel at any prompt stops there."""
        pending = [page for page in pages if self._unsaved(page)]
        if self.profile_binding is None or not pending:
            proceed()
            return
        self.tabs.setCurrentWidget(pending[0])
        self.profile_binding.when_saved_or_discarded(lambda: self._ask_then(proceed, pending[1:]))

    def _unsaved(self, page: ConnectionPage) -> bool:
        profile = page.profile
        if profile is None:
            return False
        try:
            options = page.panel.valid_options()
        except OptionsError:
            return True
        return options != profile.options or page.snippets.messages() != profile.messages

    def _quit(self) -> None:
        self.save_state()
        self.hide()
        self.quit_requested.emit()


def _dot(state: ReadyState, theme: Theme) -> QIcon:
    """A small disc in the readyState's color, for the tab (sharp at any scale)."""
    return dot_icon(badge_color(theme, state))
