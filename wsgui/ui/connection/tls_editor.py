"""TLS for wss:// URLs: certificate verification, a CA bundle, a client certificate, SNI.

File pickers are non-modal (``QFileDialog.open()``): ``exec()`` or the static getters would
run a nested Qt event loop under the asyncio loop that qasync drives, which breaks it.
"""

from __future__ import annotations

import dataclasses
import os

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wsgui.core.model.options import ConnectOptions
from wsgui.ui.common.labels import plain_label
from wsgui.ui.theme.colors import Tone, set_tone

WARNING_TEXT = "⚠ TLS verification is off: anyone on the path can impersonate the server"
PEM_FILTERS = ["PEM files (*.pem *.crt *.cer *.key)", "All files (*)"]

# (attribute, objectName, label and name in messages, placeholder, tooltip)
_FILES = (
    ("ca_file", "caFileEdit", "CA bundle", "system trust store (default)",
     "PEM file of CA certificates to trust instead of the system's,\n"
     "e.g. a private CA or a self-signed server certificate."),
    ("client_cert", "clientCertEdit", "Client certificate", "none (default)",
     "PEM certificate sent to servers that ask for one (mutual TLS).\n"
     "It may also hold the private key."),
    ("client_key", "clientKeyEdit", "Client key", "in the certificate file (default)",
     "PEM private key of the client certificate, when it is in a separate file."),
)  # fmt: skip


class TlsEditor(QWidget):
    """Edits verify_tls, ca_file, client_cert, client_key and server_name."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tlsEditor")
        self.file_dialog: QFileDialog | None = None  # the open picker, if any (tests drive it)
        self.verify_check = QCheckBox("Verify the server's certificate")
        self.verify_check.setObjectName("verifyTlsCheck")
        self.verify_check.setToolTip(
            "Check the certificate chain and that it names the host (on by default).\n"
            "Turn off only to inspect a test server; the connection is then not authenticated."
        )
        self.warning = plain_label("tlsWarning")
        self.warning.setText(WARNING_TEXT)
        set_tone(self.warning, Tone.WARNING_BADGE)
        self.edits: dict[str, QLineEdit] = {}
        self.messages: dict[str, QLabel] = {}
        form = QFormLayout()
        form.addRow(self.verify_check)
        form.addRow(self.warning)
        for attribute, name, label, placeholder, tip in _FILES:
            form.addRow(label, self._file_row(attribute, name, label, placeholder, tip))
        self.server_name_edit = QLineEdit()
        self.server_name_edit.setObjectName("serverNameEdit")
        self.server_name_edit.setPlaceholderText("from the URL")
        self.server_name_edit.setToolTip(
            "Host name sent in SNI and expected in the certificate, when it is not the URL's\n"
            "host: e.g. connecting to 127.0.0.1 through a tunnel to reach example.com."
        )
        self.edits["server_name"] = self.server_name_edit
        form.addRow("Server name (SNI)", self._with_message("server_name", self.server_name_edit))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)

        self.verify_check.toggled.connect(self._on_verify_toggled)
        for edit in self.edits.values():
            edit.textEdited.connect(self._on_edited)
        self.load(ConnectOptions(url=""))

    def load(self, options: ConnectOptions) -> None:
        self.blockSignals(True)
        self.verify_check.setChecked(options.verify_tls)
        self.warning.setVisible(not options.verify_tls)
        for attribute, edit in self.edits.items():
            edit.setText(getattr(options, attribute))
        self.blockSignals(False)
        self.show_errors({})

    def apply(self, options: ConnectOptions) -> ConnectOptions:
        """Paths and the name are taken as typed (trimmed); the core checks they are usable."""
        text = {attribute: edit.text().strip() for attribute, edit in self.edits.items()}
        return dataclasses.replace(
            options,
            verify_tls=self.verify_check.isChecked(),
            ca_file=text["ca_file"],
            client_cert=text["client_cert"],
            client_key=text["client_key"],
            server_name=text["server_name"],
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        """``tls`` names its file ("Client key: ..."): shown under that one."""
        for label in self.messages.values():
            _show(label, "")
        _show(self.messages["server_name"], errors.get("server_name", ""))
        tls = errors.get("tls", "")
        if tls:
            owner = next((a for a, _n, label, *_ in _FILES if tls.startswith(label)), "ca_file")
            _show(self.messages[owner], tls)

    def browse(self, attribute: str) -> None:
        """Open a non-modal file picker for one path field; the choice fills the field."""
        if self.file_dialog is not None:
            self.file_dialog.deleteLater()
        edit = self.edits[attribute]
        label = next(label for a, _n, label, *_ in _FILES if a == attribute)
        start = os.path.dirname(edit.text().strip()) or os.path.expanduser("~")
        dialog = QFileDialog(self, f"Choose the {label.lower()} (PEM)", start)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(PEM_FILTERS)
        dialog.fileSelected.connect(lambda path: self._on_file_selected(attribute, path))
        self.file_dialog = dialog
        dialog.open()

    def _on_file_selected(self, attribute: str, path: str) -> None:
        self.edits[attribute].setText(path)
        self.changed.emit()

    def _on_verify_toggled(self, verify: bool) -> None:
        self.warning.setVisible(not verify)
        self.changed.emit()

    def _on_edited(self) -> None:
        self.changed.emit()

    def _file_row(
        self, attribute: str, name: str, label: str, placeholder: str, tip: str
    ) -> QWidget:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setToolTip(tip)
        self.edits[attribute] = edit
        button = QPushButton("Browse…")
        button.setObjectName(name.replace("Edit", "Browse"))
        button.setToolTip(f"Choose the {label.lower()} file")
        button.clicked.connect(lambda: self.browse(attribute))
        line = QHBoxLayout()
        line.addWidget(edit, 1)
        line.addWidget(button)
        return self._with_message(attribute, edit, line)

    def _with_message(
        self, attribute: str, edit: QLineEdit, line: QHBoxLayout | None = None
    ) -> QWidget:
        """The field (or its row with a button) with its message right below it."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        if line is None:
            column.addWidget(edit)
        else:
            column.addLayout(line)
        message = plain_label(edit.objectName().replace("Edit", "Message"))
        set_tone(message, Tone.ERROR)
        self.messages[attribute] = message
        column.addWidget(message)
        return box


def _show(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))
