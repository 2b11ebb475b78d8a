"""The window's menus and their shortcuts (the README's Keyboard table lists them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from wsgui.ui.theme_menu import add_theme_menu

if TYPE_CHECKING:
    from wsgui.ui.main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    """File, Connection and Log menus, with the shortcuts the README lists."""
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    if window.profiles_panel is not None:
        profiles_panel = window.profiles_panel
        _add_action(window, file_menu, "&New connection", "Ctrl+N", profiles_panel.new)
        _add_action(window, file_menu, "&Save profile", "Ctrl+S", profiles_panel.save)
        _add_action(window, file_menu, "Save profile &as…", "Ctrl+Shift+S", profiles_panel.save_as)
        file_menu.addSeparator()
        io = window.profile_io
        _add_action(
            window, file_menu, "Import &command line…", "Ctrl+Shift+I", io.import_command_line
        )
        _add_action(window, file_menu, "Import &HAR file…", "", io.import_har)
        _add_action(window, file_menu, "&Import profiles…", "", io.import_profiles)
        _add_action(window, file_menu, "&Export all profiles…", "", io.export_all)
        file_menu.addSeparator()
        file_menu.addAction(window.profiles_dock.toggleViewAction())
        file_menu.addSeparator()
    _add_action(window, file_menu, "New &tab", "Ctrl+T", window.new_tab)
    _add_action(window, file_menu, "Close ta&b", "Ctrl+W", lambda: window.close_tab(window.page))
    file_menu.addSeparator()
    _add_action(window, file_menu, "&Quit", "Ctrl+Q", window.close)
    # Everything below acts on the current tab, looked up when the action runs.
    connection = bar.addMenu("&Connection")
    _add_action(
        window,
        connection,
        "Connect / &Disconnect",
        "Ctrl+Shift+Return",
        lambda: window.panel.toggle(),
    )
    window.close_with_code_action = _add_action(
        window, connection, "Close with &code…", "Ctrl+Shift+W", window.open_close_dialog
    )
    window.ping_action = _add_action(
        window, connection, "&Ping", "Ctrl+Shift+P", lambda: window.controller.ping(b"")
    )
    _add_action(window, connection, "Ping with &payload…", "", window.open_ping_dialog)
    _add_action(window, connection, "Focus &URL", "Ctrl+L", window.focus_url)
    _add_action(window, connection, "Show &handshake", "Ctrl+H", window.show_handshake)
    copy_as = connection.addMenu("Copy &as")

    def fill_copy_as() -> None:
        copy_as.clear()
        for action in window.handshake_view.copy_as_actions.values():
            copy_as.addAction(action)

    copy_as.aboutToShow.connect(fill_copy_as)
    log_menu = bar.addMenu("&Log")
    _add_action(
        window,
        log_menu,
        "&Export log…",
        "Ctrl+E",
        lambda: window.log_transfers.choose_export_file(),
    )
    _add_action(
        window,
        log_menu,
        "Export &shown entries…",
        "Ctrl+Shift+E",
        lambda: window.log_transfers.choose_export_file(shown_only=True),
    )
    _add_action(
        window,
        log_menu,
        "&Open log file…",
        "Ctrl+O",
        lambda: window.log_transfers.choose_import_file(),
    )
    _add_action(window, log_menu, "&Find…", "Ctrl+F", window.focus_search)
    _add_action(window, log_menu, "Find &next", "F3", lambda: window.step_match(1))
    _add_action(window, log_menu, "Find &previous", "Shift+F3", lambda: window.step_match(-1))
    _add_action(window, log_menu, "&Copy entries", "", lambda: window.log_view.copy_selection())
    follow = _add_action(
        window,
        log_menu,
        "&Follow tail",
        "",
        lambda on: window.log_view.follow_action.setChecked(on),
    )
    follow.setCheckable(True)
    follow.setChecked(True)
    window.follow_action = follow
    follow.setToolTip("Scroll to new entries while the log is scrolled to the bottom")
    _add_action(window, log_menu, "&Retention cap…", "", window.open_cap_dialog)
    window.pause_action = _add_action(window, log_menu, "&Pause capture", "F8", window.toggle_pause)
    window.pause_action.setCheckable(True)
    window.pause_action.setToolTip("Stop adding entries to the log; they are still counted")
    clear = _add_action(
        window, log_menu, "C&lear log", "Ctrl+K", lambda: window.log_view.clear_action.trigger()
    )
    clear.setToolTip("Remove every entry from the log (Ctrl+K)")
    view = bar.addMenu("&View")
    view.setObjectName("viewMenu")
    if window.themes is not None:
        window.theme_actions = add_theme_menu(view, window.themes)
    help_menu = bar.addMenu("&Help")
    help_menu.setObjectName("helpMenu")  # About stays its last entry
    _add_action(window, help_menu, "&About wsgui", "", lambda: _show_about(window))


def _show_about(window: MainWindow) -> None:
    from wsgui.ui.widgets.about_dialog import show_about  # loaded when first asked for

    show_about(window)


def _add_action(window: MainWindow, menu: QMenu, text: str, keys: str, slot: object) -> QAction:
    action = QAction(text, window)
    action.setShortcut(QKeySequence(keys))
    action.triggered.connect(slot)
    menu.addAction(action)
    return action
