"""The request drawer's Subprotocols & Origin tab: what the opening handshake offers in
Sec-WebSocket-Protocol, and the Origin header a browser would send."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QVBoxLayout, QWidget

from wsgui.core.model.options import ConnectOptions
from wsgui.ui.common.labels import named_edit, plain_label
from wsgui.ui.theme.colors import Tone, set_tone


def split_subprotocols(text: str) -> tuple[str, ...]:
    """``chat.v1, chat.v2`` or ``chat.v1 chat.v2`` -> ("chat.v1", "chat.v2")."""
    return tuple(part for part in text.replace(",", " ").split() if part)


class OriginEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("originEditor")
        self.subprotocols_edit = named_edit(
            "subprotocolsEdit",
            "e.g. echo-protocol, chat.v2 (comma separated)",
            "Offered in Sec-WebSocket-Protocol, in this order",
        )
        self.origin_edit = named_edit(
            "originEdit",
            "e.g. http://localhost (not sent when empty)",
            "The Origin header a browser would send",
        )
        self.subprotocols_message = plain_label("subprotocolsMessage")
        set_tone(self.subprotocols_message, Tone.ERROR)
        self.subprotocols_message.setVisible(False)
        form = QFormLayout()
        form.addRow("&Subprotocols", self.subprotocols_edit)
        form.addRow("", self.subprotocols_message)
        form.addRow("O&rigin", self.origin_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        self.subprotocols_edit.textChanged.connect(self.changed)
        self.origin_edit.textChanged.connect(self.changed)

    def load(self, options: ConnectOptions) -> None:
        self.subprotocols_edit.setText(", ".join(options.subprotocols))
        self.origin_edit.setText(options.origin)

    def apply(self, options: ConnectOptions) -> ConnectOptions:
        return dataclasses.replace(
            options,
            subprotocols=split_subprotocols(self.subprotocols_edit.text()),
            origin=self.origin_edit.text().strip(),
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        self.subprotocols_message.setText(errors.get("subprotocols", ""))
        self.subprotocols_message.setVisible("subprotocols" in errors)
