"""The handshake inspector: every connection attempt's Upgrade, checked and explained."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wsgui.core.connection.websocket.handshake_text import summary_text
from wsgui.core.model.handshake import HandshakeRecord
from wsgui.core.model.options import ConnectOptions, OptionsError
from wsgui.core.model.urls import UrlError
from wsgui.core.profiles.copy_as import COPY_AS_FORMATS
from wsgui.ui.common.labels import plain_label
from wsgui.ui.inspector.http_message_view import HttpMessageView
from wsgui.ui.log.model import format_time
from wsgui.ui.theme.colors import Tone, set_tone

MAX_ATTEMPTS = 200  # a reconnect loop runs for hours: keep the newest attempts only


class HandshakeView(QWidget):
    """Shows one attempt at a time (a combo picks among all of them) and offers Copy as."""

    def __init__(
        self, options_provider: Callable[[], ConnectOptions], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("handshakeView")
        self._options_provider = options_provider
        self.records: list[tuple[float, HandshakeRecord]] = []
        self.attempts_made = 0
        self.attempts = QComboBox()
        self.attempts.setObjectName("handshakeAttempts")
        self.attempts.setToolTip(
            f"Each connection attempt keeps its own handshake (the last {MAX_ATTEMPTS})"
        )
        self.attempts.currentIndexChanged.connect(self._show_index)
        self.accept_mark = plain_label("acceptMark")
        self.accept_mark.setToolTip("Sec-WebSocket-Accept recomputed from the key we sent")
        self.warnings = plain_label("handshakeWarnings")
        set_tone(self.warnings, Tone.WARNING)
        self.message = plain_label("handshakeMessage")
        self.copy_as_button = QPushButton("Copy as…")
        self.copy_as_button.setObjectName("copyAsButton")
        self.copy_as_button.setToolTip(
            "Copy the current connection settings as a command or snippet"
        )
        menu = QMenu(self.copy_as_button)
        self.copy_as_actions: dict[str, QAction] = {}
        for name in COPY_AS_FORMATS:
            action = menu.addAction(name)
            action.triggered.connect(lambda _=False, n=name: self.copy_as(n))
            self.copy_as_actions[name] = action
        self.copy_as_button.setMenu(menu)
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("handshakeSummary")
        self.summary.setReadOnly(True)
        self.summary.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.request_view = HttpMessageView("request")
        self.response_view = HttpMessageView("response")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.summary, "Summary")
        self.tabs.addTab(self.request_view, "Request")
        self.tabs.addTab(self.response_view, "Response")

        top = QHBoxLayout()
        top.addWidget(self.attempts, 1)
        top.addWidget(self.accept_mark)
        top.addWidget(self.copy_as_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.warnings)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        self._show(None)

    def add_record(self, record: HandshakeRecord, when: float) -> None:
        """A new attempt: list it and show it (the oldest goes past MAX_ATTEMPTS)."""
        if len(self.records) >= MAX_ATTEMPTS:
            del self.records[0]
            self.attempts.removeItem(0)
        self.records.append((when, record))
        self.attempts_made += 1
        status = "no response"
        if record.response is not None:  # a partial answer may be just "HTTP/"
            status = record.response.start_line.partition(" ")[2] or record.response.start_line
        self.attempts.addItem(f"#{self.attempts_made}  {format_time(when)}  {status}  {record.url}")
        self.attempts.setCurrentIndex(len(self.records) - 1)

    def show_record(self, record: HandshakeRecord, when: float | None = None) -> None:
        """Show an attempt recorded earlier (the log links here). One this view never
        listed (a session opened from History, a log file) is listed first, at ``when``."""
        for index, (_when, known) in enumerate(self.records):
            if known is record:
                self.attempts.setCurrentIndex(index)
                return
        for index, (_when, known) in enumerate(self.records):
            if known == record:  # read back again from the store: equal, not the same
                self.attempts.setCurrentIndex(index)
                return
        if when is not None:
            self.add_record(record, when)

    def current(self) -> HandshakeRecord | None:
        index = self.attempts.currentIndex()
        return self.records[index][1] if 0 <= index < len(self.records) else None

    def copy_as(self, name: str) -> None:
        """Put the command or snippet for the current settings on the clipboard."""
        try:
            text = COPY_AS_FORMATS[name](self._options_provider())
        except (UrlError, OptionsError) as exc:
            self._say(f"Not copied as {name}: {exc}", Tone.ERROR)
            return
        QGuiApplication.clipboard().setText(text)
        self._say(f"Copied as {name} (secrets included: it is meant to be run)", Tone.NOTE)

    def _say(self, text: str, tone: Tone) -> None:
        set_tone(self.message, tone)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _show_index(self, index: int) -> None:
        self._show(self.records[index][1] if 0 <= index < len(self.records) else None)

    def _show(self, record: HandshakeRecord | None) -> None:
        self._say("", Tone.NOTE)
        if record is None:
            self.summary.setPlainText("No connection attempt yet: connect to see its handshake.")
            self.accept_mark.setText("")
            self.warnings.setVisible(False)
            self.request_view.show_message(None)
            self.response_view.show_message(None)
            return
        self.summary.setPlainText(summary_text(record))
        check = record.accept
        if check is None or check.received is None:
            self.accept_mark.setText("Accept: not received")
            set_tone(self.accept_mark, Tone.NOTE)
        elif check.matches:
            self.accept_mark.setText("Accept ✔ matches")
            set_tone(self.accept_mark, Tone.OK)
        else:
            self.accept_mark.setText("Accept ✘ MISMATCH")
            set_tone(self.accept_mark, Tone.BAD)
        warnings = record.warnings()
        self.warnings.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.warnings.setVisible(bool(warnings))
        self.request_view.show_message(record.request)
        self.response_view.show_message(record.response)
