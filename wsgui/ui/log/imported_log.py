"""A read-only log opened from a file (NDJSON or HAR) or from History, whose messages can be
sent again; a session from History that captured frames shows them in a second view
(``add_view``: the log and that view become the tabs of ``importedViews``)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from wsgui.core.log.store import LogStore
from wsgui.core.model.entries import LogEntry
from wsgui.ui.common.labels import plain_label
from wsgui.ui.log.message_log import MessageLog
from wsgui.ui.log.model import LogModel


class ImportedLog(QWidget):
    """Its own store and table; Send again emits the selected messages' payloads."""

    resend_requested = Signal(list)  # payloads (str | bytes), in log order

    def __init__(
        self, source: str, entries: list[LogEntry] | LogStore, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.source = source
        if isinstance(entries, LogStore):  # a History session: read from disk by page
            store = entries
        else:
            store = LogStore(cap=max(len(entries), 1))
            store.extend(entries)
        self.model = LogModel(store)
        self.view = MessageLog(self.model)
        self.view.setObjectName("importedLog")
        self.view.clear_action.setEnabled(False)  # read-only: closing the tab forgets it
        messages = sum(store.messages.values())
        self.summary = plain_label("importedSummary")
        self.summary.setText(f"{source}: {len(store):,} entries, {messages:,} messages · read-only")
        self.resend_button = QPushButton("Send again")
        self.resend_button.setObjectName("resendButton")
        self.resend_button.setToolTip(
            "Send the selected messages, in order, on the open connection (Ctrl+Shift+R)"
        )
        self.resend_button.setShortcut("Ctrl+Shift+R")
        self.resend_button.clicked.connect(self.resend_selected)
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.resend_button)
        self.views: QTabWidget | None = None  # made by the first add_view
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._layout.addLayout(bar)
        self._layout.addWidget(self.view, 1)

    def add_view(self, title: str, widget: QWidget) -> None:
        """Show ``widget`` as a tab ``title`` next to the log (the "Messages" tab)."""
        if self.views is None:
            self.views = QTabWidget()
            self.views.setObjectName("importedViews")
            self.views.setDocumentMode(True)
            self._layout.removeWidget(self.view)
            self.views.addTab(self.view, "Messages")
            self._layout.addWidget(self.views, 1)
        self.views.addTab(widget, title)

    def resend_selected(self) -> None:
        payloads = [e.payload for e in self.view.selected_entries() if e.is_message]
        self.resend_requested.emit(payloads)
