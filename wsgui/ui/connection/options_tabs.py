"""The connection's options as tabs (Headers, Params, Auth, Settings, TLS, Proxy).

It turns the editors into one ConnectOptions and shows each problem next to its field; a
tab with a problem carries a ⚠ in its title so that it is found.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QTabWidget, QWidget

from wsgui.core.model.checks import field_errors
from wsgui.core.model.options import ConnectOptions, OptionsError
from wsgui.ui.connection.auth_editor import AuthEditor
from wsgui.ui.connection.headers_editor import HeadersEditor
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
        self._titles = ["Headers", "Params", "Auth", "Settings", "TLS", "Proxy", "Socket.IO"]
        pages: list[QWidget] = [
            self.headers_editor,
            self.query_table,
            self.auth_editor,
            self.settings_editor,
            self.tls_editor,
            self.proxy_editor,
            self.socketio_editor,
        ]
        for page, title in zip(pages, self._titles, strict=True):
            self.addTab(_scrollable(page), title)
        self.setTabToolTip(1, "The URL's query parameters, kept in sync with the URL field")
        self.editors: list[OptionEditor] = [
            self.auth_editor,
            self.settings_editor,
            self.tls_editor,
            self.proxy_editor,
            self.socketio_editor,
        ]
        for editor in (
            self.auth_editor,
            self.settings_editor,
            self.tls_editor,
            self.proxy_editor,
            self.socketio_editor,
        ):
            editor.changed.connect(self.changed)
        self.headers_editor.changed.connect(self.changed)
        self.first_tab_with_error: int | None = None

    def load(self, options: ConnectOptions) -> None:
        self.headers_editor.set_headers(options.headers)
        self.query_table.set_url(options.url)
        for editor in self.editors:
            editor.load(options)

    def collect(self, base: ConnectOptions) -> tuple[ConnectOptions | None, dict[str, str]]:
        """The options with every tab applied, or None and the problems found, by field."""
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
        for field, problem in field_errors(options).items():
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
        owners = {
            0: ("headers",),
            2: ("auth", "AuthEditor"),
            3: ("user_agent", "timeouts", "max_size", "SettingsEditor"),
            4: ("tls", "server_name", "TlsEditor"),
            5: ("proxy_url", "ProxyEditor"),
            6: ("SocketIOEditor",),
        }
        first_bad = None
        for index, title in enumerate(self._titles):
            bad = any(key in errors for key in owners.get(index, ()))
            self.setTabText(index, title + (WARN if bad else ""))
            if bad and first_bad is None:
                first_bad = index
        self.first_tab_with_error = first_bad
