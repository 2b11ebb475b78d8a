"""The History panel in a dock on the right, shown from View > History (Ctrl+Shift+H); a
session opens as a read-only log tab of the current connection tab (with its captured
frames, when it has some, as a second view)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu

from wsgui.core.history.frame_pages import FrameSource, StoredFrames
from wsgui.core.history.journal import Journal
from wsgui.core.history.sessions import SessionInfo
from wsgui.core.history.store import HistoryStore
from wsgui.core.log.store import LogStore
from wsgui.core.model.entries import LogEntry
from wsgui.ui.common.window_state import WindowState
from wsgui.ui.history.panel import HistoryPanel
from wsgui.ui.history.stored_frames import StoredFramesModel, frames_title
from wsgui.ui.inspector.frames_view import FramesView
from wsgui.ui.log.imported_log import ImportedLog
from wsgui.ui.window.host import WindowHost

__all__ = ["HISTORY_KEYS", "add_history_dock"]

HISTORY_KEYS = "Ctrl+Shift+H"
WATCH_MS = 2000


def add_history_dock(
    window: WindowHost, journal: Journal, state: WindowState | None = None
) -> QDockWidget:
    """The dock, View > History, Connection > Private tab, and a watch on the journal: a
    problem that stops it (disk full, a folder made read-only) is said in the status bar.
    The history is pruned to its cap (``state``'s, else 2048 MiB) in the background now;
    what that deleted is said in the status bar too."""
    panel = HistoryPanel(reader_of(journal), pages=journal.reader, state=state)
    panel.capped.connect(lambda text: window.statusBar().showMessage(text, 30_000))
    dock = QDockWidget("History", window)
    dock.setObjectName("historyDock")
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hide()  # View > History shows it
    panel.open_requested.connect(
        lambda title, entries, info: _open(window, journal, title, entries, info)
    )
    dock.visibilityChanged.connect(lambda shown: _shown(panel) if shown else None)
    action = dock.toggleViewAction()
    action.setText("&History")
    action.setShortcut(QKeySequence(HISTORY_KEYS))
    action.setToolTip("Past sessions from the journal: search, open read-only, pin, delete")
    view = window.menuBar().findChild(QMenu, "viewMenu")
    if view is not None:  # after Detail pane and the panes, before the themes
        view.addSeparator()
        view.addAction(action)
    window.history_panel, window.history_dock = panel, dock
    _add_private_action(window)
    _watch(window, journal)
    if not journal.problem:
        panel.apply_cap(quiet=True)
    return dock


def _open(
    window: WindowHost,
    journal: Journal,
    title: str,
    entries: list[LogEntry] | LogStore,
    info: SessionInfo | None,
) -> None:
    """A session as a read-only log tab, with a Frames view when it captured frames."""
    tab = window.page.log_tabs.open_log(title, entries)
    reader = journal.reader()
    if reader is not None:
        add_stored_frames(tab, reader, info)


def _shown(panel: HistoryPanel) -> None:
    """Read the sessions again and put the keyboard in the search box (Tab: the list, Enter
    there opens the current session): View > History from the keyboard lands in the panel."""
    panel.refresh()
    panel.search.setFocus(Qt.FocusReason.ShortcutFocusReason)


def reader_of(journal: Journal) -> Callable[[], HistoryStore | None]:
    """The History panel's store: the journal's reader (a connection of its own, opened
    with the journal, shared with the logs reading their rows back from disk)."""

    def store() -> HistoryStore | None:
        reader = journal.reader()
        return None if reader is None else reader.store

    return store


def _add_private_action(window: WindowHost) -> None:
    """Connection > Private tab: this tab's next connections are not journaled."""
    connection = next(
        (a.menu() for a in window.menuBar().actions() if a.text() == "&Connection"), None
    )
    if not isinstance(connection, QMenu):
        return
    private = QAction("P&rivate tab (not journaled)", window)
    private.setObjectName("privateTabAction")
    private.setCheckable(True)
    private.setToolTip("Write nothing of this tab's next connections to the history journal")
    private.toggled.connect(lambda on: setattr(window.page.controller, "private", on))
    window.tabs.currentChanged.connect(
        lambda _index: private.setChecked(window.page.controller.private)
    )
    connection.addSeparator()
    connection.addAction(private)


def _watch(window: WindowHost, journal: Journal) -> None:
    """Say once, in the status bar, why journaling stopped or what it set aside."""
    said: set[str] = set()

    def check() -> None:
        for text in (journal.notice, journal.problem):
            if text and text not in said:
                said.add(text)
                window.statusBar().showMessage(text, 30_000)

    timer = QTimer(window)
    timer.timeout.connect(check)
    timer.start(WATCH_MS)
    check()


def add_stored_frames(
    log: ImportedLog, source: FrameSource, info: SessionInfo | None
) -> FramesView | None:
    """Add the session's Frames view to its opened log tab (``importedFrames``); None, and
    nothing added, when the session captured no frames."""
    if info is None or info.frames <= 0:
        return None
    view = FramesView(StoredFramesModel(StoredFrames(source, info.id, info.frames)))
    view.setObjectName("importedFrames")
    view.capture.hide()
    view.show_message.hide()
    view.table.setTabKeyNavigation(False)  # Tab leaves the table, as in the live page
    log.add_view(frames_title(info.frames), view)
    return view
