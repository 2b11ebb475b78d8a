"""The Authorization helper: None, Basic (user and password) or a Bearer token.

The secret is masked on screen unless the user asks to see it; where it is kept when the
profile is saved is said next to it (set_secret_storage).
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wsgui.core.model.options import Auth, ConnectOptions
from wsgui.ui.common.labels import plain_label
from wsgui.ui.theme.colors import Tone, set_tone

_KINDS = (
    (Auth.NONE, "None", "Send no Authorization header"),
    (Auth.BASIC, "Basic", "Authorization: Basic base64(user:password)"),
    (Auth.BEARER, "Bearer token", "Authorization: Bearer <token> (OAuth 2, JWT...)"),
)
SECRET_NOTE = (
    "Sent as the Authorization header. Not saved: it lives in memory until the profile is saved."
)


class AuthEditor(QWidget):
    """Edits ``auth``, ``auth_user`` and ``auth_secret``; shows only the fields the kind uses."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("authEditor")
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("authKind")
        for index, (kind, text, tip) in enumerate(_KINDS):
            self.kind_combo.addItem(text, kind)
            self.kind_combo.setItemData(index, tip, Qt.ItemDataRole.ToolTipRole)
        self.kind_combo.setToolTip(
            "Adds an Authorization header to the handshake request.\n"
            "Browsers cannot do this for WebSockets; servers often accept it anyway."
        )
        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("authUser")
        self.user_edit.setPlaceholderText("user name")
        self.user_edit.setToolTip("Basic auth user name (may not contain ':')")
        self.secret_edit = QLineEdit()
        self.secret_edit.setObjectName("authSecret")
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.reveal_button = QPushButton("Show")
        self.reveal_button.setObjectName("authReveal")
        self.reveal_button.setCheckable(True)
        self.reveal_button.setToolTip("Show the secret in clear on screen while checked")
        self.message = plain_label("authMessage")
        set_tone(self.message, Tone.ERROR)
        self.note = plain_label("authNote")
        set_tone(self.note, Tone.NOTE)
        self.note.setText(SECRET_NOTE)

        self.secret_row = secret_row = QWidget()
        secret_layout = QHBoxLayout(secret_row)
        secret_layout.setContentsMargins(0, 0, 0, 0)
        secret_layout.addWidget(self.secret_edit, 1)
        secret_layout.addWidget(self.reveal_button)
        self.form = QFormLayout()
        self.form.addRow("Type", self.kind_combo)
        self.form.addRow("User", self.user_edit)
        self.secret_label = QLabel("Password")
        self.form.addRow(self.secret_label, secret_row)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.note)
        layout.addStretch(1)

        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.reveal_button.toggled.connect(self._on_reveal)
        self.user_edit.textEdited.connect(self._on_edited)
        self.secret_edit.textEdited.connect(self._on_edited)
        self._update_fields()

    def set_secret_storage(self, where: str) -> None:
        """Say where a saved secret goes (the keyring, or only a ${VARIABLE} reference)."""
        self.note.setText(f"Sent as the Authorization header. When the profile is saved: {where}")

    def kind(self) -> Auth:
        return Auth(self.kind_combo.currentData())

    def load(self, options: ConnectOptions) -> None:
        self.blockSignals(True)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(options.auth))
        self.user_edit.setText(options.auth_user)
        self.secret_edit.setText(options.auth_secret)
        self.reveal_button.setChecked(False)
        self._update_fields()
        self.blockSignals(False)
        self.show_errors({})

    def apply(self, options: ConnectOptions) -> ConnectOptions:
        """Nothing here needs parsing: the core checks (``field_errors``) judge the values."""
        return dataclasses.replace(
            options,
            auth=self.kind(),
            auth_user=self.user_edit.text(),
            auth_secret=self.secret_edit.text(),
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        self.message.setText(errors.get("auth", ""))
        self.message.setVisible(bool(self.message.text()))

    def _on_kind_changed(self) -> None:
        self._update_fields()
        self.changed.emit()

    def _on_edited(self) -> None:
        self.changed.emit()

    def _on_reveal(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.secret_edit.setEchoMode(mode)
        self.reveal_button.setText("Hide" if shown else "Show")

    def _update_fields(self) -> None:
        """Basic shows user and password, Bearer only the token, None nothing to type."""
        kind = self.kind()
        self.form.setRowVisible(self.user_edit, kind is Auth.BASIC)
        self.form.setRowVisible(self.secret_row, kind is not Auth.NONE)
        self.note.setVisible(kind is not Auth.NONE)
        if kind is Auth.BEARER:
            self.secret_label.setText("Token")
            self.secret_edit.setPlaceholderText("the token, without 'Bearer '")
            self.secret_edit.setToolTip("Sent as 'Authorization: Bearer <token>'")
        else:
            self.secret_label.setText("Password")
            self.secret_edit.setPlaceholderText("password")
            self.secret_edit.setToolTip("Basic auth password, sent base64-encoded (not encrypted)")
