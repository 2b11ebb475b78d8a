"""One connection's tab, log first: the URL row and state chip with the request drawer, the
one composer, then the log, which gets the room, over the detail pane (message, handshake,
frames, snippets) that opens when a row is selected; with the controller that runs its
sessions. The window around it holds the menus, the profiles and the status bar, and can
hold several of these."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QInputDialog, QSplitter, QTabWidget, QVBoxLayout, QWidget

from wsgui.core.connection.errors import not_open
from wsgui.core.log.filter import LogFilter
from wsgui.core.model.entries import LogEntry, ReadyState
from wsgui.core.model.urls import display_url, tab_title
from wsgui.core.profiles.profile import Profile
from wsgui.core.scenarios.environments import environment_scope
from wsgui.core.scenarios.scenario import Scenario
from wsgui.core.scenarios.variables import Scope
from wsgui.ui.common.text_dialog import open_text_dialog
from wsgui.ui.compose.composer import Composer
from wsgui.ui.compose.repeater import Repeater
from wsgui.ui.compose.snippet_binding import SnippetBinding
from wsgui.ui.compose.snippets_panel import SnippetsPanel
from wsgui.ui.connection.close_dialog import CloseDialog
from wsgui.ui.connection.controller import SessionController
from wsgui.ui.connection.panel import ConnectionPanel
from wsgui.ui.inspector.entry_detail import EntryDetail
from wsgui.ui.inspector.entry_tools import EntryTools
from wsgui.ui.inspector.frames_view import FramesView
from wsgui.ui.inspector.handshake_view import HandshakeView
from wsgui.ui.log.empty_hint import EmptyLogHint
from wsgui.ui.log.filtered_model import FilteredLogModel
from wsgui.ui.log.frames_model import FramesModel
from wsgui.ui.log.match_delegate import MatchDelegate
from wsgui.ui.log.message_log import MessageLog
from wsgui.ui.log.model import DATA, LogModel
from wsgui.ui.log.search import LogSearch
from wsgui.ui.log.tabs import LogTabs
from wsgui.ui.log.transfers import LogTransfers
from wsgui.ui.page.accessibility import name_controls, order_key_controls
from wsgui.ui.page.detail_pane import DetailPane
from wsgui.ui.page.frame_links import FrameLinks
from wsgui.ui.page.status_bar import LogStatus
from wsgui.ui.scenarios.tests_run import TestsRun
from wsgui.ui.scenarios.tests_tab import TestsTab


class ConnectionPage(QWidget):
    """Everything about one connection; ``status_message`` goes to the window's status bar
    (shown while this page is the current tab)."""

    status_message = Signal(str, int)  # text, milliseconds (0: until replaced)

    def __init__(
        self, model: LogModel, controller: SessionController, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model, self.controller = model, controller
        self.profile: Profile | None = None  # the profile this tab was opened from
        self.panel = ConnectionPanel()
        self.filtered = FilteredLogModel(model)
        self.filtered.stored_search_done.connect(self._stored_search_done)
        self.log_view = MessageLog(self.filtered)
        self.log_hint = EmptyLogHint(self.log_view, model)  # first run: how to connect, send
        self.panel.builtin_changed.connect(self.log_hint.set_builtin)
        controller.limit_offered.connect(self.panel.offer_raised_limit)
        self.match_delegate = MatchDelegate(self.log_view)
        self.log_view.setItemDelegateForColumn(DATA, self.match_delegate)
        self.search = LogSearch()
        self.log_tabs = LogTabs(stacked(self.search, self.log_view))
        self.detail = EntryDetail()
        self.handshake_view = HandshakeView(self.panel.valid_options)
        self.inspector = QTabWidget()
        self.inspector.setObjectName("inspectorTabs")
        self.entry_tools = EntryTools(self.detail)
        self.inspector.addTab(stacked(self.entry_tools, self.entry_tools.body), "Message")
        self.inspector.addTab(self.handshake_view, "Handshake")
        self.frames_model = FramesModel()
        controller.attach(model, self.frames_model)  # the hot path: socket -> the models
        self.frames_view = FramesView(self.frames_model)
        self.frames_view.capture.toggled.connect(
            lambda on: setattr(controller, "capture_frames", on)
        )
        self.inspector.addTab(self.frames_view, "Frames")
        self.frame_links = FrameLinks(
            controller, self.frames_model, self.log_view, self.filtered, self.say
        )
        self.frames_view.message_requested.connect(self.frame_links.show_message)
        self.composer = Composer()
        self.snippets = SnippetsPanel()
        self.inspector.addTab(self.snippets, "Snippets")
        self.tests_tab = TestsTab()
        self.inspector.addTab(self.tests_tab, "Tests")
        self.tests_run = TestsRun(  # {{variables}}: the scenario's own (the window adds its)
            self.tests_tab, controller, model, self.panel.toggle, default_scope
        )
        self.snippet_binding = SnippetBinding(self.snippets, self.composer, controller)
        self.repeater = Repeater(controller)
        self.close_dialog: CloseDialog | None = None
        self.cap_dialog: QInputDialog | None = None
        self.ping_dialog: QInputDialog | None = None
        self.splitter = QSplitter(Qt.Orientation.Vertical)  # the log over the detail pane
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.log_tabs)
        self.splitter.addWidget(self.inspector)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([600, 0])
        self.detail_pane = DetailPane(self.splitter, self.inspector)
        self.log_tabs.setCornerWidget(self.detail_pane.toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.panel)
        layout.addWidget(self.composer)
        layout.addWidget(self.splitter, 1)
        self.status_box = QWidget()  # the window shows it in its status bar
        self.log_status = LogStatus(self.status_box, model, self.filtered, self.search)
        self.log_transfers = LogTransfers(  # the URL for a HAR export: secrets masked
            self, self.filtered, lambda: display_url(self.panel.url_edit.text().strip()), self.say
        )
        for table in (self.log_view, self.frames_view.table):
            table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self._wire()
        self._on_state(int(ReadyState.CLOSED))
        name_controls(self)  # what screen readers call each control
        order_key_controls(self.panel, self.composer)  # Tab: URL, Connect; editor, Send

    def say(self, text: str, milliseconds: int = 10_000) -> None:
        self.status_message.emit(text, milliseconds)

    def title(self) -> str:
        """The tab's name: its profile, else the URL's host and port, else New connection."""
        if self.profile is not None:
            return self.profile.name
        return tab_title(self.panel.show_variables(self.panel.url_edit.text()))

    def _wire(self) -> None:
        panel, controller, composer = self.panel, self.controller, self.composer
        panel.connect_requested.connect(controller.connect_to)
        panel.disconnect_requested.connect(controller.request_disconnect)
        controller.state_changed.connect(self._on_state)
        controller.reconnecting.connect(
            lambda attempt, delay: panel.set_reconnecting(
                attempt, delay, controller.reconnect_attempts
            )
        )
        controller.opened.connect(lambda sub, _ext: panel.state_indicator.set_subprotocol(sub))
        panel.kind_changed.connect(composer.set_socketio)
        composer.send_requested.connect(controller.send)
        composer.send_file_requested.connect(lambda path: controller.send_file(Path(path)))
        composer.repeat_requested.connect(self.repeater.start)
        composer.emit_requested.connect(controller.emit_event)
        composer.event_fields.listen_changed.connect(self._listen)
        composer.save_snippet_requested.connect(
            lambda: self.snippets.buttons["addSnippetButton"].click()
        )
        composer.ping_button.clicked.connect(lambda: controller.ping(b""))
        controller.rtt_measured.connect(self.log_status.add_rtt)
        controller.rtt_measured.connect(panel.state_indicator.set_rtt)
        controller.send_progress.connect(composer.send_progress.show_progress)
        controller.send_finished.connect(composer.send_progress.hide)
        composer.send_progress.cancel_requested.connect(controller.cancel_send)
        composer.repeat_bar.stop_requested.connect(self.repeater.stop)
        self.repeater.progress.connect(composer.repeat_bar.show_progress)
        self.repeater.finished.connect(composer.repeat_bar.show_finished)
        self.log_view.entry_selected.connect(self.detail.show_entry)
        self.log_view.entry_selected.connect(self._open_detail)
        self.log_view.span_selected.connect(
            lambda seconds: self.say(
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
        self.log_tabs.entry_selected.connect(self._show_opened_handshake)
        self.log_tabs.resend_requested.connect(self._resend)
        self.tests_tab.jump_requested.connect(self.show_log_position)
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
        self.ping_dialog = open_text_dialog(
            self,
            "pingDialog",
            "Ping with payload",
            "Payload (UTF-8 text, at most 125 bytes):",
            lambda text: self.controller.ping(text.encode("utf-8", "surrogatepass")),
        )
        return self.ping_dialog

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
        self.say(f"The log now keeps the last {cap:,} entries")

    def show_handshake(self) -> None:
        """Bring the handshake of the selected open/error entry (or the latest) into view."""
        entries = self.log_view.selected_entries()
        if entries and entries[0].handshake is not None:
            self.handshake_view.show_record(entries[0].handshake)
        self.inspector.setCurrentWidget(self.handshake_view)
        self.detail_pane.set_shown(True)

    def step_match(self, step: int) -> None:
        """F3 / Shift+F3: the next or previous shown entry (the filter shows only matches)."""
        rows = self.filtered.rowCount()
        if not rows:
            return
        current = self.log_view.currentIndex().row()
        target = (current + step) % rows if current >= 0 else (0 if step > 0 else rows - 1)
        self.log_view.selectRow(target)

    def show_log_position(self, position: int) -> bool:
        """Select the entry at ``position`` (entries ever appended): a test step's."""
        self.model.flush()
        row = position - self.model.store.dropped
        if row < 0:
            self.say("That entry is no longer in the log (the retention cap dropped it)")
            return False
        if not self.log_view.show_source_row(row):
            self.say("That entry is hidden by the search or filters")
            return False
        return True

    def set_paused(self, paused: bool) -> None:
        self.log_status.set_paused(paused)

    def focus_url(self) -> None:
        self.panel.url_edit.setFocus()
        self.panel.url_edit.selectAll()

    def focus_composer(self) -> None:
        self.composer.editor.setFocus()

    def focus_search(self) -> None:
        self.search.edit.setFocus()
        self.search.edit.selectAll()

    def _open_detail(self, entry: object) -> None:
        """A row was selected: the detail pane opens (unless folded by the user), and the
        row stays in view above it."""
        if entry is None or self.detail_pane.shown:
            return
        self.detail_pane.follow_selection(True)
        QTimer.singleShot(0, self, lambda: self.log_view.scrollTo(self.log_view.currentIndex()))

    def _show_opened_handshake(self, entry: LogEntry | None) -> None:
        """An opened log's open/error entry: its handshake goes to the Handshake view."""
        if entry is not None and entry.handshake is not None:
            self.handshake_view.show_record(entry.handshake, entry.time)

    def _open_linked_handshake(self) -> None:
        entries = self.log_view.selected_entries()
        if entries and entries[0].handshake is not None:
            self.show_handshake()

    def _on_state(self, value: int) -> None:
        state = ReadyState(value)
        self.panel.set_state(state)
        self.composer.set_open(state is ReadyState.OPEN)
        self.say("", 0)  # the chip in the URL row says the state; notes end with it

    def _resend(self, payloads: list[str | bytes]) -> None:
        if not payloads:
            self.say("Send again: select messages in the opened log first", 0)
            return
        self.controller.send_many(payloads)
        state = self.controller.state
        if state is ReadyState.OPEN:
            self.say(f"Sent again: {len(payloads):,} message(s)")
        else:
            self.say("Send again: " + not_open(f"{state.value} {state.name}"), 0)

    def _listen(self, names: str) -> None:
        """Show only these Socket.IO events: a regex search over the log (nothing dropped)."""
        events = [
            re.escape(json.dumps(n.strip(), ensure_ascii=False))  # as the log writes them
            for n in names.split(",")
            if n.strip()
        ]
        self.search.regex.setChecked(bool(events))
        self.search.edit.setText(rf"^\[({'|'.join(events)})[,\]]" if events else "")
        self.search.apply()

    def _stored_search_done(self, problem: str) -> None:
        if problem:
            self.say(problem, 0)

    def _apply_filter(self, log_filter: LogFilter) -> None:
        self.filtered.set_filter(log_filter)
        self.match_delegate.set_filter(log_filter)
        self.log_view.viewport().update()
        self.log_status.update_counters()


def default_scope(scenario: Scenario) -> Scope:
    """A scenario's variables without a window environment: its [variables] table."""
    return environment_scope([scenario.variables], {}, None)


def stacked(bar: QWidget, body: QWidget) -> QWidget:
    """A tool bar over the widget it acts on, edge to edge."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(bar)
    layout.addWidget(body, 1)
    return page
