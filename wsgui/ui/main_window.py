"""The main window: composes the widgets, the menus and shortcuts; no logic beyond wiring."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QInputDialog,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wsgui.core.entries import ReadyState
from wsgui.core.errors import not_open
from wsgui.core.log_filter import LogFilter
from wsgui.core.urls import url_for_history
from wsgui.ui.controller import SessionController
from wsgui.ui.filtered_log_model import FilteredLogModel
from wsgui.ui.frame_links import FrameLinks
from wsgui.ui.frames_model import FramesModel
from wsgui.ui.log_model import DATA, LogModel
from wsgui.ui.log_status import LogStatus
from wsgui.ui.log_transfers import LogTransfers
from wsgui.ui.profile_binding import ProfileBinding
from wsgui.ui.profile_controller import ProfileController
from wsgui.ui.profile_io import ProfileImportExport
from wsgui.ui.repeater import Repeater
from wsgui.ui.resources import app_icon
from wsgui.ui.snippet_binding import SnippetBinding
from wsgui.ui.widgets.close_dialog import CloseDialog
from wsgui.ui.widgets.composer import Composer
from wsgui.ui.widgets.connection_panel import ConnectionPanel
from wsgui.ui.widgets.entry_detail import EntryDetail
from wsgui.ui.widgets.entry_tools import EntryTools
from wsgui.ui.widgets.frames_view import FramesView
from wsgui.ui.widgets.handshake_view import HandshakeView
from wsgui.ui.widgets.log_search import LogSearch
from wsgui.ui.widgets.log_tabs import LogTabs
from wsgui.ui.widgets.match_delegate import MatchDelegate
from wsgui.ui.widgets.message_log import MessageLog
from wsgui.ui.widgets.profiles_panel import ProfilesPanel, secret_storage_text
from wsgui.ui.widgets.snippets_panel import SnippetsPanel
from wsgui.ui.window_menus import build_menus
from wsgui.ui.window_state import WindowState


class MainWindow(QMainWindow):
    """One connection: panel on top, the log, then the entry detail or the handshake, and the
    composer; all in one vertical splitter so each can be given room."""

    quit_requested = Signal()

    close_with_code_action: QAction  # these three are made by build_menus
    ping_action: QAction
    pause_action: QAction

    def __init__(
        self,
        model: LogModel,
        controller: SessionController,
        profiles: ProfileController | None = None,
        state: WindowState | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("wsgui — WebSocket debugger")
        self.setWindowIcon(app_icon())
        self.resize(1180, 900)
        self.model = model
        self.controller = controller
        self.panel = ConnectionPanel()
        self.filtered = FilteredLogModel(model)
        self.log_view = MessageLog(self.filtered)
        self.match_delegate = MatchDelegate(self.log_view)
        self.log_view.setItemDelegateForColumn(DATA, self.match_delegate)
        self.search = LogSearch()
        self.log_tabs = LogTabs(_stacked(self.search, self.log_view))
        self.detail = EntryDetail()
        self.handshake_view = HandshakeView(self.panel.valid_options)
        self.inspector = QTabWidget()
        self.inspector.setObjectName("inspectorTabs")
        self.entry_tools = EntryTools(self.detail)
        self.inspector.addTab(_stacked(self.entry_tools, self.entry_tools.body), "Entry")
        self.inspector.addTab(self.handshake_view, "Handshake")
        self.frames_model = FramesModel()
        controller.frame_sink = self.frames_model.append
        self.frames_view = FramesView(self.frames_model)
        self.frames_view.capture.toggled.connect(
            lambda on: setattr(controller, "capture_frames", on)
        )
        self.inspector.addTab(self.frames_view, "Frames")
        self.frame_links = FrameLinks(
            controller,
            self.frames_model,
            self.log_view,
            self.filtered,
            lambda text: self.statusBar().showMessage(text, 10_000),
        )
        self.frames_view.message_requested.connect(self.frame_links.show_message)
        self.composer = Composer()
        self.snippets = SnippetsPanel()
        self.inspector.addTab(self.snippets, "Snippets")
        self.snippet_binding = SnippetBinding(self.snippets, self.composer, controller)
        self.repeater = Repeater(controller)
        self.close_dialog: CloseDialog | None = None
        self.cap_dialog: QInputDialog | None = None
        self.ping_dialog: QInputDialog | None = None

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("mainSplitter")
        for widget, stretch in (
            (self.panel, 0),
            (self.log_tabs, 5),
            (self.inspector, 3),
            (self.composer, 1),
        ):
            splitter.addWidget(widget)
            splitter.setStretchFactor(splitter.count() - 1, stretch)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([300, 250, 260, 90])
        self.setCentralWidget(splitter)
        self.splitter = splitter
        self.log_status = LogStatus(self.statusBar(), model, self.filtered, self.search)

        self.state = state
        self.profiles = profiles
        self.profiles_panel: ProfilesPanel | None = None
        self.profile_binding: ProfileBinding | None = None
        if profiles is not None:
            self._add_profiles(profiles)
        self.log_transfers = LogTransfers(
            self,
            self.filtered,
            lambda: self.panel.url_edit.text().strip(),
            lambda text: self.statusBar().showMessage(text, 10_000),
        )
        self._wire()
        build_menus(self)
        self._restore_state()
        self._on_state(int(ReadyState.CLOSED))

    def _wire(self) -> None:
        panel, controller, composer = self.panel, self.controller, self.composer
        panel.connect_requested.connect(controller.connect_to)
        panel.disconnect_requested.connect(controller.request_disconnect)
        controller.state_changed.connect(self._on_state)
        controller.reconnecting.connect(panel.set_reconnecting)
        controller.opened.connect(lambda sub, _ext: panel.state_indicator.set_subprotocol(sub))
        composer.send_requested.connect(controller.send)
        composer.send_file_requested.connect(lambda path: controller.send_file(Path(path)))
        composer.repeat_requested.connect(self.repeater.start)
        composer.ping_button.clicked.connect(lambda: controller.ping(b""))
        controller.rtt_measured.connect(self.log_status.add_rtt)
        controller.send_progress.connect(composer.send_progress.show_progress)
        controller.send_finished.connect(composer.send_progress.hide)
        composer.send_progress.cancel_requested.connect(controller.cancel_send)
        composer.repeat_bar.stop_requested.connect(self.repeater.stop)
        self.repeater.progress.connect(composer.repeat_bar.show_progress)
        self.repeater.finished.connect(composer.repeat_bar.show_finished)
        self.log_view.entry_selected.connect(self.detail.show_entry)
        self.log_view.span_selected.connect(
            lambda seconds: self.statusBar().showMessage(
                f"Between the two selected entries: {seconds * 1000:,.3f} ms", 15_000
            )
        )
        self.log_view.doubleClicked.connect(self._open_linked_handshake)
        controller.handshake_recorded.connect(
            lambda record: self.handshake_view.add_record(record, time.time())
        )
        self.search.filter_changed.connect(self._apply_filter)
        self.log_transfers.imported.connect(self.log_tabs.open_log)
        self.log_tabs.entry_selected.connect(self.detail.show_entry)
        self.log_tabs.resend_requested.connect(self._resend)
        self.log_view.clear_action.triggered.connect(self.frames_model.clear)
        self.model.modelReset.connect(lambda: self.detail.show_entry(None))

    def open_close_dialog(self) -> CloseDialog:
        """Show the non-modal Close with code… dialog."""
        dialog = CloseDialog(self)
        dialog.close_requested.connect(self.controller.close_with)
        dialog.finished.connect(dialog.deleteLater)
        self.close_dialog = dialog
        dialog.open()
        return dialog

    def open_ping_dialog(self) -> QInputDialog:
        """Connection > Ping with payload…: text sent as the ping's UTF-8 payload (non-modal)."""
        dialog = QInputDialog(self)
        dialog.setObjectName("pingDialog")
        dialog.setWindowTitle("Ping with payload")
        dialog.setLabelText("Payload (UTF-8 text, at most 125 bytes):")
        dialog.textValueSelected.connect(
            lambda text: self.controller.ping(text.encode("utf-8", "surrogatepass"))
        )
        dialog.finished.connect(dialog.deleteLater)
        self.ping_dialog = dialog
        dialog.open()
        return dialog

    def show_handshake(self) -> None:
        """Bring the handshake of the selected open/error entry (or the latest) into view."""
        entries = self.log_view.selected_entries()
        if entries and entries[0].handshake is not None:
            self.handshake_view.show_record(entries[0].handshake)
        self.inspector.setCurrentWidget(self.handshake_view)

    def _open_linked_handshake(self) -> None:
        entries = self.log_view.selected_entries()
        if entries and entries[0].handshake is not None:
            self.show_handshake()

    def focus_url(self) -> None:
        self.panel.url_edit.setFocus()
        self.panel.url_edit.selectAll()

    def _on_state(self, value: int) -> None:
        state = ReadyState(value)
        self.panel.set_state(state)
        self.composer.set_open(state is ReadyState.OPEN)
        self.close_with_code_action.setEnabled(state is ReadyState.OPEN)
        self.ping_action.setEnabled(state is ReadyState.OPEN)
        self.statusBar().showMessage(f"readyState {state.value} {state.name}")
        if state is ReadyState.OPEN and self.state is not None:
            remembered = url_for_history(self.panel.url_edit.text().strip())
            self.panel.set_recent_urls(self.state.add_recent_url(remembered))

    def _resend(self, payloads: list[str | bytes]) -> None:
        if not payloads:
            self.statusBar().showMessage("Send again: select messages in the opened log first")
            return
        self.controller.send_many(payloads)
        state = self.controller.state
        if state is ReadyState.OPEN:
            self.statusBar().showMessage(f"Sent again: {len(payloads):,} message(s)", 10_000)
        else:
            self.statusBar().showMessage("Send again: " + not_open(f"{state.value} {state.name}"))

    def _apply_filter(self, log_filter: LogFilter) -> None:
        self.filtered.set_filter(log_filter)
        self.match_delegate.set_filter(log_filter)
        self.log_view.viewport().update()
        self.log_status.update_counters()

    def step_match(self, step: int) -> None:
        """F3 / Shift+F3: the next or previous shown entry (the filter shows only matches)."""
        rows = self.filtered.rowCount()
        if not rows:
            return
        current = self.log_view.currentIndex().row()
        target = (current + step) % rows if current >= 0 else (0 if step > 0 else rows - 1)
        self.log_view.selectRow(target)

    def open_cap_dialog(self) -> QInputDialog:
        """Log > Retention cap…: how many entries the log keeps (non-modal)."""
        dialog = QInputDialog(self)
        dialog.setObjectName("retentionCapDialog")
        dialog.setWindowTitle("Retention cap")
        dialog.setLabelText("Entries the log keeps (the oldest are dropped a tenth at a time):")
        dialog.setInputMode(QInputDialog.InputMode.IntInput)
        dialog.setIntRange(1_000, 50_000_000)
        dialog.setIntStep(100_000)
        dialog.setIntValue(self.model.store.cap)
        dialog.intValueSelected.connect(self.set_retention_cap)
        dialog.finished.connect(dialog.deleteLater)
        self.cap_dialog = dialog
        dialog.open()
        return dialog

    def set_retention_cap(self, cap: int) -> None:
        self.model.set_cap(cap)
        self.log_status.update_counters()
        self.statusBar().showMessage(f"The log now keeps the last {cap:,} entries", 10_000)

    def toggle_pause(self) -> None:
        self.log_status.set_paused(self.pause_action.isChecked())

    def focus_search(self) -> None:
        self.search.edit.setFocus()
        self.search.edit.selectAll()

    def _add_profiles(self, profiles: ProfileController) -> None:
        self.profiles_panel = ProfilesPanel(profiles)
        dock = QDockWidget("Profiles", self)
        dock.setObjectName("profilesDock")
        dock.setWidget(self.profiles_panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.profiles_dock = dock
        self.profile_binding = ProfileBinding(
            self, self.panel, profiles, self.profiles_panel, self.state, self.snippets
        )
        self.profile_io = ProfileImportExport(self, profiles, self.profile_binding)
        self.profiles_panel.export_requested.connect(self.profile_io.export_one)
        QTimer.singleShot(
            0,
            lambda: self.panel.tabs.auth_editor.set_secret_storage(
                secret_storage_text(profiles.store.secrets)
            ),
        )
        profiles.current_changed.connect(lambda _p: self._update_title())
        profiles.dirty_changed.connect(lambda _d: self._update_title())

    def _update_title(self) -> None:
        title = "wsgui — WebSocket debugger"
        if self.profiles is not None and self.profiles.current is not None:
            mark = "*" if self.profiles.dirty else ""
            title = f"{self.profiles.current.name}{mark} — {title}"
        self.setWindowTitle(title)

    def _restore_state(self) -> None:
        if self.state is None:
            return
        self.panel.set_recent_urls(self.state.recent_urls())
        geometry = self.state.geometry("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        window_state = self.state.geometry("window_state")
        if window_state is not None:
            self.restoreState(window_state)
        splitter = self.state.geometry("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def save_state(self) -> None:
        """Remember geometry and splitter positions (profiles are saved separately)."""
        if self.state is None:
            return
        self.state.set_geometry("geometry", self.saveGeometry())
        self.state.set_geometry("window_state", self.saveState())
        self.state.set_geometry("splitter", self.splitter.saveState())
        self.state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing asks about unsaved profile changes, then the app shuts down cleanly."""
        event.ignore()
        if self.profile_binding is None:
            self._quit()
            return
        self.profile_binding.when_saved_or_discarded(self._quit)

    def _quit(self) -> None:
        self.save_state()
        self.hide()
        self.quit_requested.emit()


def _stacked(bar: QWidget, body: QWidget) -> QWidget:
    """A tool bar over the widget it acts on, edge to edge."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(bar)
    layout.addWidget(body, 1)
    return page
