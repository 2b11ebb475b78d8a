"""The URL row (connection kind, URL, Connect), the state row (the state chip, notes, the
request drawer's toggle) and the request drawer with the option tabs.

Connecting with an invalid option is not possible: the problem is shown next to its field
(its tab marked, the drawer unfolded) instead.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from wsgui.core.model.entries import ReadyState
from wsgui.core.model.options import ConnectOptions, Header, OptionsError, Protocol
from wsgui.core.model.urls import UrlError, check_url, display_url
from wsgui.ui.common.labels import plain_label
from wsgui.ui.connection.options_tabs import OptionsTabs
from wsgui.ui.connection.request_drawer import RequestDrawer
from wsgui.ui.connection.settings_editor import format_size
from wsgui.ui.connection.state_indicator import StateIndicator
from wsgui.ui.theme.colors import Tone, set_tone

_BUTTON = {
    ReadyState.CLOSED: ("Connect", "Open the connection"),
    ReadyState.CONNECTING: ("Disconnect", "Cancel the connection attempt"),
    ReadyState.OPEN: ("Disconnect", "Close the connection with 1000"),
    ReadyState.CLOSING: ("Abort", "Drop the TCP connection without waiting for the server"),
}


def _same_server(url: str, other: str) -> bool:
    """Both URLs reach the same host and port (a path or a missing slash aside)."""
    try:
        one, two = check_url(url), check_url(other)
    except UrlError:
        return False
    return (one.host, one.port) == (two.host, two.port)


class ConnectionPanel(QWidget):
    """Describes the connection to open; says next to the URL what is wrong with it."""

    connect_requested = Signal(object)  # ConnectOptions
    disconnect_requested = Signal()
    changed = Signal()  # any edit of any field
    builtin_changed = Signal(bool)  # the URL points at the built-in echo server (or not now)
    kind_changed = Signal(bool)  # True: a Socket.IO connection

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("connectionKind")
        self.kind_combo.addItem("WebSocket", Protocol.WEBSOCKET)
        self.kind_combo.addItem("Socket.IO", Protocol.SOCKETIO)
        self.kind_combo.setAccessibleName("Connection kind")
        self.kind_combo.setToolTip(
            "WebSocket: plain RFC 6455 messages.\nSocket.IO: events, acks and namespaces over "
            "http(s):// or ws(s):// (the Socket.IO tab has its path, namespace, auth)."
        )
        self.url_combo = QComboBox()
        self.url_combo.setObjectName("urlCombo")
        self.url_combo.setEditable(True)
        self.url_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.url_combo.setToolTip("Recent URLs are in the dropdown")
        self.url_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        url_edit = self.url_combo.lineEdit()
        assert url_edit is not None
        self.url_edit = url_edit
        self.url_edit.setObjectName("urlEdit")
        self.url_edit.setPlaceholderText("ws://host:port/path or wss://…")
        self.url_edit.setToolTip("WebSocket URL (ws:// or wss://). Enter connects. Ctrl+L focuses.")
        self.url_message = plain_label("urlMessage")
        self.url_message.setWordWrap(True)
        self.connect_button = QPushButton("Connect")
        self.connect_button.setObjectName("connectButton")
        self.connect_button.setToolTip("Open the connection (Ctrl+Shift+Return)")
        self.connect_button.setMinimumWidth(110)
        self.state_indicator = StateIndicator()
        self.tls_badge = plain_label("tlsOffBadge")
        self.tls_badge.setText(" ⚠ TLS verification off ")
        set_tone(self.tls_badge, Tone.WARNING_BADGE)
        self.tls_badge.setToolTip("The server's certificate is not checked (TLS tab)")
        self.tls_badge.setVisible(False)
        self.raise_limit_button = QPushButton()
        self.raise_limit_button.setObjectName("raiseLimitButton")
        self.raise_limit_button.setAccessibleName("Raise the size limit and reconnect")
        self.raise_limit_button.setVisible(False)
        self.raise_limit_button.clicked.connect(self._raise_limit)
        self._raised_limit = 0
        self.tabs = OptionsTabs()
        self.headers_table = self.tabs.headers_table
        self.subprotocols_edit = self.tabs.origin_editor.subprotocols_edit
        self.origin_edit = self.tabs.origin_editor.origin_edit
        self.subprotocols_message = self.tabs.origin_editor.subprotocols_message
        self.drawer = RequestDrawer(self.tabs)

        url_row = QHBoxLayout()
        url_row.addWidget(self.kind_combo)
        url_row.addWidget(self.url_combo, 1)
        url_row.addWidget(self.connect_button)
        state_row = QHBoxLayout()
        state_row.addWidget(self.state_indicator)
        state_row.addWidget(self.tls_badge)
        state_row.addWidget(self.url_message, 1)
        state_row.addWidget(self.raise_limit_button)
        state_row.addWidget(self.drawer.toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(4)
        layout.addLayout(url_row)
        layout.addLayout(state_row)
        layout.addWidget(self.drawer)

        self.url_edit.returnPressed.connect(self._on_url_entered)
        self.url_edit.textChanged.connect(self._validate_url)
        self.url_edit.textChanged.connect(self.tabs.query_table.set_url)
        self.tabs.query_table.url_edited.connect(self.url_edit.setText)
        self.tabs.changed.connect(self._revalidate)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._on_kind_changed())
        self.url_edit.textChanged.connect(self._revalidate)
        self.connect_button.clicked.connect(self._on_connect_clicked)
        for signal in (
            self.url_edit.textChanged,
            self.kind_combo.currentIndexChanged,
            self.tabs.changed,
        ):
            signal.connect(self.changed)
        self._busy = False
        # {{variables}} in the fields: the window's environment resolves them when connecting
        # (the fields, and a saved profile, keep what was typed)
        self.resolve_options: Callable[[ConnectOptions], ConnectOptions] = lambda o: o
        self.show_variables: Callable[[str], str] = lambda text: text  # secrets masked
        # The built-in echo server's URL and the subprotocol offered only to it, while that
        # offer is ours (the user has not typed in Subprotocols since).
        self._builtin: tuple[str, str] | None = None
        self._offering = False
        self.url_edit.textChanged.connect(self._follow_builtin)
        self.subprotocols_edit.textEdited.connect(self._user_typed_subprotocols)

    def offer_builtin(
        self,
        url: str,
        subprotocols: list[str],
        origin: str = "",
        headers: list[Header] | None = None,
    ) -> None:
        """Point at the built-in echo server, offering ``subprotocols`` to it alone: they
        go when the URL goes elsewhere, and come back with it, until the user types some."""
        self._builtin, self._offering = (url, ", ".join(subprotocols)), True
        self.load(url, subprotocols, origin, headers)
        self._follow_builtin()

    def points_at_builtin(self) -> bool:
        return self._builtin is not None and _same_server(self.url_edit.text(), self._builtin[0])

    def _follow_builtin(self) -> None:
        if self._builtin is None:
            return
        at_builtin = self.points_at_builtin()
        offered = self._builtin[1]
        if self._offering:
            wanted = offered if at_builtin else ""
            if self.subprotocols_edit.text() != wanted:
                self.subprotocols_edit.setText(wanted)
        self.builtin_changed.emit(at_builtin)

    def _user_typed_subprotocols(self) -> None:
        self._offering = False

    @property
    def socketio(self) -> bool:
        return self.kind() is Protocol.SOCKETIO

    def kind(self) -> Protocol:
        return Protocol(self.kind_combo.currentData())  # Qt hands the enum back as a str

    def set_socketio(self, on: bool) -> None:
        """The connection kind: Socket.IO, or plain WebSocket."""
        self.kind_combo.setCurrentIndex(1 if on else 0)

    def _on_kind_changed(self) -> None:
        self.tabs.show_socketio(self.socketio)
        self._validate_url(self.url_edit.text())
        self._revalidate()
        self.kind_changed.emit(self.socketio)

    def base_options(self) -> ConnectOptions:
        """URL (as typed; the session checks it) and the connection kind; the drawer's
        tabs add the rest."""
        return ConnectOptions(url=self.url_edit.text().strip(), protocol=self.kind())

    def checked_options(self) -> tuple[ConnectOptions | None, dict[str, str]]:
        """Everything the panel describes, or None and what is wrong, shown by each field."""
        options, errors = self.tabs.collect(self.base_options(), self._resolved_or_typed)
        self.drawer.set_warning(bool(errors))
        verify = self.tabs.tls_editor.verify_check.isChecked()
        secure = self.url_edit.text().strip().lower().startswith(("wss:", "https:"))
        self.tls_badge.setVisible(secure and not verify)
        return options, errors

    def _resolved_or_typed(self, options: ConnectOptions) -> ConnectOptions:
        """What the field checks look at: the values variables stand for, when defined."""
        try:
            return self.resolve_options(options)
        except OptionsError:
            return options  # the URL line says which variable is undefined

    def options(self) -> ConnectOptions:
        """The options as they stand, even if invalid (the session checks them again)."""
        options, _errors = self.checked_options()
        return options if options is not None else self.base_options()

    def valid_options(self) -> ConnectOptions:
        """The options, or OptionsError naming the first problem (for Copy as)."""
        options, errors = self.checked_options()
        if options is None:
            first = next(iter(errors.values()))
            raise OptionsError(f"fix the options marked ⚠ first ({first})")
        return options

    def load_options(self, options: ConnectOptions) -> None:
        self.set_socketio(options.protocol is Protocol.SOCKETIO)
        self.url_edit.setText(options.url)
        self.tabs.load(options)
        self._revalidate()

    def load(
        self,
        url: str,
        subprotocols: list[str],
        origin: str = "",
        headers: list[Header] | None = None,
    ) -> None:
        self.load_options(
            ConnectOptions(
                url=url,
                subprotocols=tuple(subprotocols),
                origin=origin,
                headers=tuple(headers or []),
            )
        )

    def set_recent_urls(self, urls: list[str]) -> None:
        """Fill the URL dropdown, keeping what is typed in the field."""
        text = self.url_edit.text()
        self.url_combo.blockSignals(True)
        self.url_combo.clear()
        self.url_combo.addItems(urls)
        self.url_combo.setCurrentIndex(-1)
        self.url_combo.blockSignals(False)
        self.url_edit.setText(text)

    def offer_raised_limit(self, limit: int) -> None:
        """A message was over the size limit: one click sets ``limit`` and connects again."""
        self._raised_limit = limit
        text = f"Raise limit to {format_size(limit)} and reconnect"
        self.raise_limit_button.setText(text)
        self.raise_limit_button.setToolTip(
            f"Sets Settings › Max message size to {format_size(limit)} and connects again"
        )
        self.raise_limit_button.setVisible(True)

    def _raise_limit(self) -> None:
        self.tabs.settings_editor.edits["max_size"].setText(format_size(self._raised_limit))
        self.raise_limit_button.setVisible(False)
        if not self._busy:
            self._on_connect_clicked()

    def set_state(self, state: ReadyState) -> None:
        """Connect becomes Disconnect while CONNECTING or OPEN, and Abort while CLOSING."""
        if state is ReadyState.CONNECTING:
            self.raise_limit_button.setVisible(False)
        is_note = self.url_message.property("tone") == Tone.NOTE
        if state is not self.state_indicator.state and is_note:
            self.url_message.clear()  # "Will connect to …" and other notes: said, now gone
        self.state_indicator.set_state(state)
        self.drawer.follow_state(state)
        self._busy = state is not ReadyState.CLOSED
        text, tip = _BUTTON[state]
        self.connect_button.setText(text)
        self.connect_button.setToolTip(f"{tip} (Ctrl+Shift+Return)")

    def set_reconnecting(self, attempt: int, delay: float, attempts: int = 0) -> None:
        """Auto-reconnect is waiting (attempt > 0, of ``attempts``; 0: no limit): Connect
        becomes Stop reconnecting."""
        if not attempt:
            self.set_state(self.state_indicator.state)
            return
        self.state_indicator.set_reconnecting(attempt, delay, attempts)
        self._busy = True
        self.connect_button.setText("Stop reconnecting")
        self.connect_button.setToolTip("Stop reconnecting (Ctrl+Shift+Return)")

    def toggle(self) -> None:
        self._on_connect_clicked()

    def _on_url_entered(self) -> None:
        """Enter connects; while connected it only says how to go elsewhere."""
        if self._busy:
            set_tone(self.url_message, Tone.NOTE)
            self.url_message.setText("Disconnect first to connect to another URL")
            return
        self._on_connect_clicked()

    def _on_connect_clicked(self) -> None:
        if self._busy:
            self.disconnect_requested.emit()
            return
        self._validate_url(self.url_edit.text())
        options, _errors = self.checked_options()
        if options is None:
            self.drawer.set_unfolded(True)
            self.tabs.reveal_first_error()
            set_tone(self.url_message, Tone.ERROR)
            self.url_message.setText("Not connected: fix the options marked ⚠ first")
            return
        try:
            options = self.resolve_options(options)
        except OptionsError as exc:  # an undefined {{variable}}: which, in which field
            set_tone(self.url_message, Tone.ERROR)
            self.url_message.setText(f"Not connected: {exc}")
            return
        self.connect_requested.emit(options)

    def _revalidate(self) -> None:
        self.checked_options()

    def revalidate_url(self) -> None:
        """Check the URL and the fields again (the environment changed what {{x}} means)."""
        self._validate_url(self.url_edit.text())
        self.checked_options()

    def _validate_url(self, text: str) -> None:
        typed = text
        try:
            if "{{" in text:
                text = self.resolve_options(ConnectOptions(url=text.strip())).url
            checked = check_url(text)
        except UrlError as exc:
            set_tone(self.url_message, Tone.ERROR)
            self.url_message.setText(f"URL: {exc}")
            return
        except OptionsError as exc:  # URL: variable {{host}} is not defined (…)
            set_tone(self.url_message, Tone.ERROR)
            self.url_message.setText(str(exc))
            return
        set_tone(self.url_message, Tone.NOTE)
        note = f"Will connect to {checked.shown} ({checked.note})" if checked.note else ""
        if typed != text:  # what the variables stand for (secrets masked)
            note = f"Will connect to {display_url(self.show_variables(typed.strip()))}"
        if self.socketio:
            note = "Socket.IO: http(s):// and ws(s):// both work (see the Socket.IO tab)"
        self.url_message.setText(note)
