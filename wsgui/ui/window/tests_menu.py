"""The Tests menu: the Tests tab and the environment from the keyboard (F5 runs the
scenario wherever the focus is, the pane folded or not) and from the command palette."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from wsgui.ui.page.connection_page import ConnectionPage
from wsgui.ui.theme.colors import Tone
from wsgui.ui.window.host import WindowHost

AddAction = Callable[[WindowHost, QMenu, str, str, object], QAction]
RUN_KEYS = "F5"
ENVIRONMENT_KEYS = "Ctrl+Shift+V"  # V for variables


def build_tests_menu(window: WindowHost, menu: QMenu, add: AddAction) -> None:
    """Each entry acts on the current tab, looked up when it runs."""
    add(window, menu, "&Show the Tests tab", "", lambda: show_tests(window)).setToolTip(
        "Open the detail pane on the Tests tab, the focus in its steps"
    )
    add(window, menu, "&Open scenario…", "", lambda: show_tests(window).tests_run.choose_file())
    run = add(window, menu, "&Run scenario", RUN_KEYS, lambda: _run(window))
    run.setToolTip("Run the Tests tab's scenario on this tab's connection (it connects first)")
    menu.addSeparator()
    if window.environments is not None:
        environments = window.environments
        add(window, menu, "Choose &environment…", ENVIRONMENT_KEYS, environments.choose)
        add(window, menu, "E&dit environments…", "", environments.open_editor)


def show_tests(window: WindowHost) -> ConnectionPage:
    """The detail pane open on the Tests tab, the focus in its steps."""
    page = window.page
    page.detail_pane.open()
    page.inspector.setCurrentWidget(page.tests_tab)
    page.tests_tab.table.setFocus()
    return page


def _run(window: WindowHost) -> None:
    page = window.page
    show_tests(window)
    if page.tests_run.path is None:
        page.tests_tab.say("Open a scenario first (Tests > Open scenario…)", Tone.NOTE)
        return
    page.tests_run.start()
