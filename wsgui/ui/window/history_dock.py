"""The History panel in a dock on the right, shown from View > History (Ctrl+Shift+H); a
session opens as a read-only log tab of the current connection tab."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu

from wsgui.core.history.store import HistoryStore
from wsgui.ui.history.panel import HistoryPanel
from wsgui.ui.window.host import WindowHost

__all__ = ["HISTORY_KEYS", "add_history_dock"]

HISTORY_KEYS = "Ctrl+Shift+H"


def add_history_dock(window: WindowHost, store: Callable[[], HistoryStore | None]) -> QDockWidget:
    panel = HistoryPanel(store)
    dock = QDockWidget("History", window)
    dock.setObjectName("historyDock")
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hide()  # View > History shows it
    panel.open_requested.connect(
        lambda title, entries: window.page.log_tabs.open_log(title, entries)
    )
    dock.visibilityChanged.connect(lambda shown: panel.refresh() if shown else None)
    action = dock.toggleViewAction()
    action.setText("&History")
    action.setShortcut(QKeySequence(HISTORY_KEYS))
    action.setToolTip("Past sessions from the journal: search, open read-only, pin, delete")
    view = window.menuBar().findChild(QMenu, "viewMenu")
    if view is not None:  # after Detail pane and the panes, before the themes
        view.addSeparator()
        view.addAction(action)
    window.history_panel, window.history_dock = panel, dock
    return dock
