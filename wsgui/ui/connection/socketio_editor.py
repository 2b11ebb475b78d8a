"""The Socket.IO tab of a Socket.IO connection (the URL row's connectionKind says which kind
a connection is): its path, namespace, auth payload (JSON, masked like a password) and
transports."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from wsgui.core.connection.socketio.args import sio_auth
from wsgui.core.model.options import ConnectOptions, OptionsError, Protocol, SioTransports
from wsgui.ui.common.labels import named_edit, plain_label
from wsgui.ui.theme.colors import Tone, set_tone

_TRANSPORTS = (
    (SioTransports.POLLING_THEN_UPGRADE, "Polling, then upgrade to WebSocket (default)"),
    (SioTransports.WEBSOCKET, "WebSocket only"),
    (SioTransports.POLLING, "HTTP long-polling only"),
)


class SocketIOEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("socketioEditor")
        self.path = named_edit("sioPathEdit", "/socket.io/ (default)")
        self.namespace = named_edit("sioNamespaceEdit", "/ (default)")
        self.auth = named_edit(
            "sioAuthEdit",
            'auth payload as JSON, e.g. {"token": "abc"}; or ${SIO_AUTH} to read it from there',
            "Sent with the namespace connect; masked, kept like a password",
        )
        self.auth.setEchoMode(QLineEdit.EchoMode.Password)
        self.transports = QComboBox()
        self.transports.setObjectName("sioTransports")
        for value, text in _TRANSPORTS:
            self.transports.addItem(text, value)
        self.auth_message = plain_label("sioAuthMessage")
        set_tone(self.auth_message, Tone.ERROR)
        self.auth_message.setVisible(False)
        form = QFormLayout()
        form.addRow("Path", self.path)
        form.addRow("Namespace", self.namespace)
        form.addRow("Auth (JSON)", self.auth)
        form.addRow("", self.auth_message)
        form.addRow("Transports", self.transports)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        self.transports.currentIndexChanged.connect(lambda _i: self.changed.emit())
        for edit in (self.path, self.namespace, self.auth):
            edit.textEdited.connect(lambda _t: self.changed.emit())

    def load(self, options: ConnectOptions) -> None:
        self.blockSignals(True)
        self.path.setText("" if options.sio_path == "/socket.io/" else options.sio_path)
        self.namespace.setText("" if options.sio_namespace == "/" else options.sio_namespace)
        self.auth.setText(options.sio_auth)
        self.transports.setCurrentIndex(max(0, self.transports.findData(options.sio_transports)))
        self.blockSignals(False)
        self.show_errors({})

    def apply(self, options: ConnectOptions) -> ConnectOptions:
        applied = dataclasses.replace(
            options,
            sio_path=self.path.text().strip() or "/socket.io/",
            sio_namespace=self.namespace.text().strip() or "/",
            sio_auth=self.auth.text(),
            sio_transports=SioTransports(self.transports.currentData()),
        )
        try:
            socketio = applied.protocol is Protocol.SOCKETIO
            if socketio and "${" not in applied.sio_auth:  # references: filled in on connect
                sio_auth(applied)
        except OptionsError as exc:
            self._show(str(exc))
            raise
        self._show("")
        return applied

    def show_errors(self, errors: dict[str, str]) -> None:
        self._show(errors.get("SocketIOEditor", ""))

    def _show(self, text: str) -> None:
        self.auth_message.setText(text)
        self.auth_message.setVisible(bool(text))
