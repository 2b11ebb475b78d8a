"""The main window: composes the widgets, the menus and shortcuts; no logic beyond wiring."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QSplitter, QTabWidget, QWidget

from wsgui.core.entries import Direction, ReadyState
from wsgui.core.payload import format_size
from wsgui.ui.controller import SessionController
from wsgui.ui.log_model import LogModel
from wsgui.ui.resources import app_icon
from wsgui.ui.widgets.close_dialog import CloseDialog
from wsgui.ui.widgets.composer import Composer
from wsgui.ui.widgets.connection_panel import ConnectionPanel
from wsgui.ui.widgets.entry_detail import EntryDetail
from wsgui.ui.widgets.handshake_view import HandshakeView
from wsgui.ui.widgets.labels import plain_label
from wsgui.ui.widgets.message_log import MessageLog


class MainWindow(QMainWindow):
    """One connection: panel on top, the log, then the entry detail or the handshake, and the
    composer; all in one vertical splitter so each can be given room."""

    quit_requested = Signal()

    def __init__(
        self, model: LogModel, controller: SessionController, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("wsgui — WebSocket debugger")
        self.setWindowIcon(app_icon())
        self.resize(1180, 900)
        self.model = model
        self.controller = controller
        self.panel = ConnectionPanel()
        self.log_view = MessageLog(model)
        self.detail = EntryDetail()
        self.handshake_view = HandshakeView(self.panel.options)
        self.inspector = QTabWidget()
        self.inspector.setObjectName("inspectorTabs")
        self.inspector.addTab(self.detail, "Entry")
        self.inspector.addTab(self.handshake_view, "Handshake")
        self.composer = Composer()
        self.close_dialog: CloseDialog | None = None

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("mainSplitter")
        for widget, stretch in (
            (self.panel, 0),
            (self.log_view, 5),
            (self.inspector, 3),
            (self.composer, 1),
        ):
            splitter.addWidget(widget)
            splitter.setStretchFactor(splitter.count() - 1, stretch)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([230, 290, 290, 90])
        self.setCentralWidget(splitter)
        self.counters = plain_label("countersLabel")
        self.counters.setWordWrap(False)
        self.statusBar().addPermanentWidget(self.counters)

        self._wire()
        self._build_menus()
        self._on_state(int(ReadyState.CLOSED))
        self._update_counters()

    def _wire(self) -> None:
        panel, controller, composer = self.panel, self.controller, self.composer
        panel.connect_requested.connect(controller.connect_to)
        panel.disconnect_requested.connect(controller.request_disconnect)
        controller.state_changed.connect(self._on_state)
        controller.opened.connect(lambda sub, _ext: panel.state_indicator.set_subprotocol(sub))
        composer.send_requested.connect(controller.send)
        composer.send_file_requested.connect(lambda path: controller.send_file(Path(path)))
        self.log_view.entry_selected.connect(self.detail.show_entry)
        self.log_view.doubleClicked.connect(self._open_linked_handshake)
        controller.handshake_recorded.connect(
            lambda record: self.handshake_view.add_record(record, time.time())
        )
        self.model.flushed.connect(self._update_counters)
        self.model.modelReset.connect(self._update_counters)
        self.model.modelReset.connect(lambda: self.detail.show_entry(None))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._add_action(file_menu, "&Quit", "Ctrl+Q", self.close)
        connection = bar.addMenu("&Connection")
        self._add_action(
            connection, "Connect / &Disconnect", "Ctrl+Shift+Return", self.panel.toggle
        )
        self.close_with_code_action = self._add_action(
            connection, "Close with &code…", "Ctrl+Shift+W", self.open_close_dialog
        )
        self._add_action(connection, "Focus &URL", "Ctrl+L", self._focus_url)
        self._add_action(connection, "Show &handshake", "Ctrl+H", self.show_handshake)
        copy_as = connection.addMenu("Copy &as")
        for action in self.handshake_view.copy_as_actions.values():
            copy_as.addAction(action)
        log_menu = bar.addMenu("&Log")
        log_menu.addAction(self.log_view.copy_action)
        log_menu.addAction(self.log_view.clear_action)
        self.addAction(self.log_view.clear_action)

    def _add_action(self, menu: object, text: str, keys: str, slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def open_close_dialog(self) -> CloseDialog:
        """Show the non-modal Close with code… dialog."""
        dialog = CloseDialog(self)
        dialog.close_requested.connect(self.controller.close_with)
        dialog.finished.connect(dialog.deleteLater)
        self.close_dialog = dialog
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

    def _focus_url(self) -> None:
        self.panel.url_edit.setFocus()
        self.panel.url_edit.selectAll()

    def _on_state(self, value: int) -> None:
        state = ReadyState(value)
        self.panel.set_state(state)
        self.composer.set_open(state is ReadyState.OPEN)
        self.close_with_code_action.setEnabled(state is ReadyState.OPEN)
        self.statusBar().showMessage(f"readyState {state.value} {state.name}")

    def _update_counters(self) -> None:
        store = self.model.store
        sent, received = Direction.SENT, Direction.RECEIVED
        self.counters.setText(
            f"↑ {store.messages[sent]:,} msgs {format_size(store.bytes[sent])}   "
            f"↓ {store.messages[received]:,} msgs {format_size(store.bytes[received])}   "
            f"{len(store):,} {'entry' if len(store) == 1 else 'entries'}"
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window asks the app to shut down (connections are closed cleanly)."""
        event.accept()
        self.quit_requested.emit()
