"""The connection's options as tabs (Headers, Params, Auth, Settings, TLS, Proxy,
Subprotocols & Origin, and Socket.IO for a Socket.IO connection): the request drawer's body.

It turns the editors into one ConnectOptions and shows each problem next to its field; a
tab with a problem carries a ⚠ in its title so that it is found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QTabWidget, QWidget

from wsgui.core.model.checks import field_errors
from wsgui.core.model.options import ConnectOptions, OptionsError
from wsgui.ui.connection.auth_editor import AuthEditor
from wsgui.ui.connection.headers_editor import HeadersEditor
from wsgui.ui.connection.origin_editor import OriginEditor
from wsgui.ui.connection.proxy_editor import ProxyEditor
from wsgui.ui.connection.query_table import QueryTable
from wsgui.ui.connection.settings_editor import SettingsEditor
from wsgui.ui.connection.socketio_editor import SocketIOEditor
from wsgui.ui.connection.tls_editor import TlsEditor
from wsgui.ui.theme.colors import Tone

WARN = " ⚠"


class OptionEditor(Protocol):
    def load(self, options: ConnectOptions) -> None: ...

    def apply(self, options: ConnectOptions) -> ConnectOptions: ...

    def show_errors(self, errors: dict[str, str]) -> None: ...


def _scrollable(page: QWidget) -> QScrollArea:
    """Each tab scrolls, so the panel can be made short without clipping a long editor."""
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, not the area
    return area


class OptionsTabs(QTabWidget):
    """Hosts the option editors; ``collect`` builds the options or explains what is wrong."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("optionsTabs")
        self.headers_editor = HeadersEditor()
        self.headers_table = self.headers_editor.table
        self.headers_message = self.headers_editor.message
        self.query_table = QueryTable()
        self.auth_editor = AuthEditor()
        self.settings_editor = SettingsEditor()
        self.tls_editor = TlsEditor()
        self.proxy_editor = ProxyEditor()
        self.socketio_editor = SocketIOEditor()
        self.origin_editor = OriginEditor()
        # (page, title, the error keys it shows): a tab with one of them gets a ⚠
        self._pages: list[tuple[QWidget, str, tuple[str, ...]]] = [
            (self.headers_editor, "Headers", ("headers",)),
            (self.query_table, "Params", ()),
            (self.auth_editor, "Auth", ("auth", "AuthEditor")),
            (
                self.settings_editor,
                "Settings",
                ("user_agent", "timeouts", "max_size", "SettingsEditor"),
            ),
            (self.tls_editor, "TLS", ("tls", "server_name", "TlsEditor")),
            (self.proxy_editor, "Proxy", ("proxy_url", "ProxyEditor")),
            (self.origin_editor, "Subprotocols && Origin", ("subprotocols", "origin")),
            (self.socketio_editor, "Socket.IO", ("SocketIOEditor",)),
        ]
        for page, title, _keys in self._pages:
            self.addTab(_scrollable(page), title)
        self.setTabToolTip(1, "The URL's query parameters, kept in sync with the URL field")
        self.setTabToolTip(6, "Sec-WebSocket-Protocol and the Origin header")
        self.socketio_index = len(self._pages) - 1
        self.setTabVisible(self.socketio_index, False)  # shown for a Socket.IO connection
        self.editors: list[OptionEditor] = [
            self.auth_editor,
            self.settings_editor,
            self.tls_editor,
            self.proxy_editor,
            self.origin_editor,
            self.socketio_editor,
        ]
        for editor in self.editors:
            editor.changed.connect(self.changed)  # type: ignore[attr-defined]
        self.headers_editor.changed.connect(self.changed)
        for table in (self.headers_table, self.query_table):
            table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.first_tab_with_error: int | None = None

    def show_socketio(self, on: bool) -> None:
        """The Socket.IO tab is there for a Socket.IO connection only."""
        self.setTabVisible(self.socketio_index, on)

    def load(self, options: ConnectOptions) -> None:
        self.headers_editor.set_headers(options.headers)
        self.query_table.set_url(options.url)
        for editor in self.editors:
            editor.load(options)

    def collect(
        self,
        base: ConnectOptions,
        checked_as: Callable[[ConnectOptions], ConnectOptions] = lambda options: options,
    ) -> tuple[ConnectOptions | None, dict[str, str]]:
        """The options with every tab applied, or None and the problems found, by field.
        ``checked_as``: what the field checks look at (``{{variables}}`` resolved)."""
        errors: dict[str, str] = {}
        try:
            headers = self.headers_editor.headers()  # the bulk text, when it is shown
        except OptionsError as exc:
            headers = self.headers_table.headers()
            errors["headers"] = str(exc)  # the line that is not a header comes first
        options = replace(base, headers=headers)
        unparsed: list[OptionEditor] = []  # these already show their parse errors
        for editor in self.editors:
            try:
                options = editor.apply(options)
            except OptionsError as exc:
                errors[type(editor).__name__] = str(exc)
                unparsed.append(editor)
        for field, problem in field_errors(checked_as(options)).items():
            errors.setdefault(field, problem)
        self.show_errors(errors, skip=unparsed)
        return (None if errors else options), errors

    def reveal_first_error(self) -> None:
        """Show the first tab with a problem, scrolled so that its message is in view."""
        index = self.first_tab_with_error
        if index is None:
            return
        self.setCurrentIndex(index)
        area = self.widget(index)
        if not isinstance(area, QScrollArea):
            return
        for label in area.findChildren(QLabel):
            if label.text() and label.property("tone") == Tone.ERROR and not label.isHidden():
                area.ensureWidgetVisible(label)
                return

    def show_errors(self, errors: dict[str, str], skip: list[OptionEditor] | None = None) -> None:
        for editor in self.editors:
            if editor not in (skip or []):
                editor.show_errors(errors)
        self.headers_message.setText(errors.get("headers", ""))
        self.headers_message.setVisible("headers" in errors)
        first_bad = None
        for index, (_page, title, keys) in enumerate(self._pages):
            bad = any(key in errors for key in keys)
            self.setTabText(index, title + (WARN if bad else ""))
            if bad and first_bad is None:
                first_bad = index
        self.first_tab_with_error = first_bad
