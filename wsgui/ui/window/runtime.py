"""Builds the window and its collaborators, runs until quit, then shuts down cleanly."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from wsgui.core.connection.echo_server import ECHO_SUBPROTOCOL, LocalEcho, pick_port
from wsgui.core.history.journal import Journal
from wsgui.core.history.store import HistoryStore, default_path
from wsgui.core.model.options import ConnectOptions, Header, OptionsError, Protocol
from wsgui.core.model.secrets import KeyringSecrets
from wsgui.core.profiles.store import ProfileStore, default_directory
from wsgui.core.scenarios.environments import user_environments_file
from wsgui.ui.common.resources import app_icon
from wsgui.ui.common.window_state import WindowState, window_settings
from wsgui.ui.connection.controller import SessionController
from wsgui.ui.log.model import LogModel
from wsgui.ui.page.connection_page import ConnectionPage
from wsgui.ui.profiles.controller import ProfileController
from wsgui.ui.scenarios.environment_picker import EnvironmentPicker
from wsgui.ui.theme.manager import ThemeManager
from wsgui.ui.window.crash_guard import guard_app
from wsgui.ui.window.history_dock import add_history_dock
from wsgui.ui.window.main_window import MainWindow

SCREENSHOT_DELAY_MS = 1500
VERIFY_AT_START_BYTES = 256 * 1024**2  # quick_check ~0.25 s per million messages (~140 MB)
SIGNAL_POLL_MS = 250


def build_window(
    local_echo: LocalEcho | None,
    store: ProfileStore | None = None,
    state: WindowState | None = None,
    themes: ThemeManager | None = None,
    environments: EnvironmentPicker | None = None,
    journal: Journal | None = None,
) -> MainWindow:
    """The window with a fresh log and controller (also used by tests and benchmarks).

    Without a store there is no profiles panel; without a state nothing is remembered;
    without themes there is no View > Theme (the window follows the app's palette anyway).
    """

    def make_page() -> ConnectionPage:
        model = LogModel()
        controller = SessionController(local_echo, journal=journal)
        page = ConnectionPage(model, controller)
        controller.setParent(page)
        controller.profile_name = lambda: page.profile.name if page.profile else ""
        return page

    profiles = None
    if store is not None:
        holder: list[MainWindow] = []
        profiles = ProfileController(
            store,
            lambda: holder[0].panel.valid_options(),
            current_messages=lambda: holder[0].snippets.messages(),
        )
    window = MainWindow(make_page, profiles, state, themes, environments)
    if journal is not None:
        add_history_dock(window, journal, state)  # prunes to the saved cap, in a thread
    if profiles is not None:
        holder.append(window)
        profiles.setParent(window)
        profiles.reload()
    return window


def open_window(
    args: argparse.Namespace,
    headers: list[Header],
    local_echo: LocalEcho,
    store: ProfileStore | None = None,
    state: WindowState | None = None,
    themes: ThemeManager | None = None,
    environments: EnvironmentPicker | None = None,
    journal: Journal | None = None,
) -> MainWindow:
    """Show the window filled from the command line; connect at once when a URL was given.

    ``--profile NAME`` opens and connects that profile. With neither, the last profile is
    opened, or the fields point at the built-in echo server (started on the first connect).
    """
    window = build_window(local_echo, store, state, themes, environments, journal)
    profiles = window.profiles
    if args.profile and profiles is not None:
        profile = profiles.find(args.profile)
        if profile is None:
            window.panel.url_message.setText(f"No profile named '{args.profile}'")
        else:
            window.profile_binding.open_now(profile)  # type: ignore[union-attr]
            return _show_connecting(window)
    last = profiles.find(state.last_profile()) if profiles and state else None
    if getattr(args, "socketio", None):
        options = ConnectOptions(
            url=args.socketio,
            origin=args.origin,
            headers=tuple(headers),
            protocol=Protocol.SOCKETIO,
        )
        window.panel.load_options(options)
        return _show_connecting(window)
    if args.url:
        window.panel.load(args.url, args.subprotocol, args.origin, headers)
    elif last is not None and window.profile_binding is not None:
        window.profile_binding.open_now(last)
    else:
        subprotocols = args.subprotocol or [ECHO_SUBPROTOCOL]
        window.panel.offer_builtin(local_echo.url, subprotocols, args.origin, headers)
    if args.url:
        return _show_connecting(window)
    window.show()
    window.focus_url()  # nothing to send yet: the URL comes first
    return window


def _show_connecting(window: MainWindow) -> MainWindow:
    """Show the window and connect; the focus waits in the message editor."""
    window.show()
    window.panel.toggle()
    window.page.focus_composer()
    return window


async def run_window(app: QApplication, args: argparse.Namespace, headers: list[Header]) -> int:
    """Show the window, connect if a URL was given, and wait for the user to quit."""
    app.setApplicationName("wsgui")
    app.setDesktopFileName("wsgui")  # Wayland and task bars match the window to wsgui.desktop
    app.setWindowIcon(app_icon())  # every window, the error panel included
    app.setQuitOnLastWindowClosed(False)  # we end the loop ourselves, after closing cleanly
    local_echo = LocalEcho(pick_port(args.port))
    secrets = KeyringSecrets()
    store = ProfileStore(default_directory(), secrets)
    state = WindowState(window_settings())
    themes = ThemeManager(app, state, app)  # before the window: it opens in the right colors
    environments = EnvironmentPicker(user_environments_file(), secrets, state.environment())
    environments.changed.connect(state.set_environment)
    journal = open_journal()
    window = open_window(args, headers, local_echo, store, state, themes, environments, journal)
    quit_requested = asyncio.Event()
    window.quit_requested.connect(quit_requested.set)
    guard = guard_app(window, asyncio.get_running_loop())  # errors: a panel, the log file
    _quit_on_ctrl_c(window, quit_requested)
    if args.screenshot:
        QTimer.singleShot(SCREENSHOT_DELAY_MS, lambda: _save_and_quit(window, args.screenshot))
    await quit_requested.wait()
    window.hide()
    await window.shutdown()
    if journal is not None:
        window.history_panel.cap_runner.stop()  # between two of its transactions
        journal.close()  # the last batch on disk
    await local_echo.server.stop()
    guard.uninstall()
    return 0


def open_journal() -> Journal:
    """The journal in the data folder (WSGUI_DATA_DIR overrides), its sessions left open by a
    wsgui that died marked interrupted (the History panel then prunes it to its size cap, in
    a thread). One that cannot write has a ``problem`` (the status bar says it) and the
    window works in memory."""
    path = default_path()
    try:  # SQLite's quick_check reads the whole file: at start only while it is quick
        small = path.stat().st_size <= VERIFY_AT_START_BYTES
    except OSError:
        small = True  # not there yet (or unreadable: the journal says why)
    journal = Journal(path, verify=small)
    if not journal.problem:
        try:
            with HistoryStore(path, verify=False) as store:  # what a killed wsgui left open
                store.mark_interrupted()
        except OptionsError as exc:
            logging.getLogger(__name__).warning("history not tidied at start: %s", exc)
    return journal


def _quit_on_ctrl_c(window: MainWindow, quit_requested: asyncio.Event) -> None:
    """Ctrl+C in the terminal quits cleanly.

    Python runs signal handlers only between bytecodes, never while Qt waits in C, so a
    timer wakes the interpreter a few times a second to let the handler run.
    """
    loop = asyncio.get_running_loop()
    signal.signal(signal.SIGINT, lambda *_: loop.call_soon(quit_requested.set))
    wake_up = QTimer(window)
    wake_up.timeout.connect(lambda: None)
    wake_up.start(SIGNAL_POLL_MS)


def _save_and_quit(window: MainWindow, path: str) -> None:
    window.log_view.log_model.flush()
    window.grab().save(path)
    window.close()
