"""The window's menus and their shortcuts (the README's Keyboard table lists them)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from wsgui.ui.theme.menu import add_theme_menu
from wsgui.ui.window.action_catalog import menu_entries, shortcut_rows
from wsgui.ui.window.command_palette import CommandPalette
from wsgui.ui.window.host import WindowHost
from wsgui.ui.window.message_menu import build_message_menu
from wsgui.ui.window.panes import cycle_panes
from wsgui.ui.window.scenario_files import SAVE_TEXT, SAVE_TIP
from wsgui.ui.window.tests_menu import build_tests_menu


def build_menus(window: WindowHost) -> None:
    """File, Connection, Message, Log, View and Help menus, with the shortcuts the README lists
    (Help > Keyboard shortcuts and the command palette read them from here)."""
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    if window.profiles_panel is not None:
        profiles_panel = window.profiles_panel
        _add_action(window, file_menu, "&New connection", "Ctrl+N", profiles_panel.new)
        _add_action(window, file_menu, "&Save profile", "Ctrl+S", profiles_panel.save)
        _add_action(window, file_menu, "Save profile &as…", "Ctrl+Shift+S", profiles_panel.save_as)
        _add_action(window, file_menu, "&Rename profile…", "", profiles_panel.rename)
        _add_action(window, file_menu, "&Duplicate profile", "", profiles_panel.duplicate)
        _add_action(window, file_menu, "De&lete profile", "", profiles_panel.delete)
        _add_action(
            window, file_menu, "&Undo delete profile", "", profiles_panel.profiles.undo_delete
        )
        _add_action(window, file_menu, "Ex&port profile…", "", profiles_panel.export)
        _add_action(
            window,
            file_menu,
            "Export pro&file as scenario…",
            "",
            lambda: window.scenario_files.export_profile(profiles_panel.selected()),
        ).setToolTip("Write the selected profile as a scenario file with no steps (wsgui run)")
        file_menu.addSeparator()
        io = window.profile_io
        _add_action(
            window, file_menu, "Import &command line…", "Ctrl+Shift+I", io.import_command_line
        )
        _add_action(window, file_menu, "Import &HAR file…", "", io.import_har)
        _add_action(window, file_menu, "&Import profiles…", "", io.import_profiles)
        _add_action(window, file_menu, "&Export all profiles…", "", io.export_all)
        _add_action(
            window,
            file_menu,
            "&Open scenario as connection…",
            "",
            window.scenario_files.open_scenario,
        ).setToolTip("Add a scenario file's [connect] table as a profile and open it")
        file_menu.addSeparator()
    _add_action(window, file_menu, "New &tab", "Ctrl+T", window.new_tab)
    _add_action(window, file_menu, "Close ta&b", "Ctrl+W", lambda: window.close_tab(window.page))
    _add_action(window, file_menu, "Ne&xt tab", "Ctrl+PgDown", lambda: _step_tab(window, 1))
    _add_action(window, file_menu, "P&revious tab", "Ctrl+PgUp", lambda: _step_tab(window, -1))
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
        window, connection, "&Ping", "Ctrl+P", lambda: window.controller.ping(b"")
    )
    _add_action(window, connection, "Ping with &payload…", "", window.open_ping_dialog)
    _add_action(window, connection, "Focus &URL", "Ctrl+L", window.focus_url)
    _add_action(window, connection, "Show &handshake", "Ctrl+H", window.show_handshake)
    copy_as = connection.addMenu("Copy &as")

    def fill_copy_as() -> None:  # the current tab's actions (not clear(): it deleted them)
        for old in copy_as.actions():
            copy_as.removeAction(old)
        copy_as.addActions(list(window.handshake_view.copy_as_actions.values()))

    copy_as.aboutToShow.connect(fill_copy_as)
    build_message_menu(window, bar.addMenu("&Message"), _add_action)
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
    _add_action(
        window, log_menu, SAVE_TEXT, "", lambda: window.scenario_files.save_session()
    ).setToolTip(SAVE_TIP)
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
    build_tests_menu(window, bar.addMenu("&Tests"), _add_action)
    view = bar.addMenu("&View")
    view.setObjectName("viewMenu")
    window.command_palette = CommandPalette(lambda: menu_entries(bar), window)
    _add_action(window, view, "&Command palette…", "Ctrl+Shift+P", window.command_palette.open)
    view.addSeparator()
    _add_action(
        window,
        view,
        "&Request options",
        "Ctrl+Shift+O",
        lambda: window.panel.drawer.set_unfolded(not window.panel.drawer.unfolded),
    ).setToolTip("Show or fold the request drawer: headers, params, auth, settings, TLS…")
    _add_action(
        window,
        view,
        "&Detail pane",
        "Ctrl+J",
        lambda: window.page.detail_pane.set_shown(not window.page.detail_pane.shown),
    ).setToolTip("Show or fold the pane under the log: message, handshake, frames, snippets")
    _add_action(window, view, "&Next pane", "F6", lambda: cycle_panes(window, 1))
    _add_action(window, view, "Pre&vious pane", "Shift+F6", lambda: cycle_panes(window, -1))
    if window.profiles_panel is not None:
        view.addAction(window.profiles_rail.action)  # Ctrl+B folds the profiles into a rail
    if window.themes is not None:
        view.addSeparator()
        window.theme_actions = add_theme_menu(view, window.themes)
    help_menu = bar.addMenu("&Help")
    help_menu.setObjectName("helpMenu")  # About stays its last entry
    _add_action(window, help_menu, "&Keyboard shortcuts", "F1", lambda: _show_keys(window))
    help_menu.addSeparator()
    _add_action(window, help_menu, "&About wsgui", "", lambda: _show_about(window))


def _step_tab(window: WindowHost, step: int) -> None:
    """Ctrl+PgDown / Ctrl+PgUp: the next or previous connection tab, round the end."""
    tabs = window.tabs
    tabs.setCurrentIndex((tabs.currentIndex() + step) % tabs.count())


def _show_keys(window: WindowHost) -> None:
    from wsgui.ui.window.shortcuts_dialog import show_shortcuts

    show_shortcuts(window, lambda: shortcut_rows(window, window.menuBar()))


def _show_about(window: WindowHost) -> None:
    from wsgui.ui.window.about_dialog import show_about  # loaded when first asked for

    show_about(window)


def _add_action(window: WindowHost, menu: QMenu, text: str, keys: str, slot: object) -> QAction:
    action = QAction(text, window)
    action.setShortcut(QKeySequence(keys))
    action.triggered.connect(slot)
    menu.addAction(action)
    return action
