"""Socket.IO's Emit: event name, JSON arguments (one per line, or a JSON array), expect an
ack; and which events to show (a filter over the log, nothing is dropped)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QWidget

from wsgui.core.connection.socketio.args import parse_emit_args
from wsgui.ui.common.labels import named_edit, plain_label
from wsgui.ui.theme.colors import Tone, set_tone


class EmitBar(QWidget):
    emit_requested = Signal(str, list, bool)  # event, arguments, expect an ack
    listen_changed = Signal(str)  # event names, comma separated ("" for every event)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.event_name = named_edit("eventNameEdit", "event name, e.g. chat message")
        self.args = named_edit(
            "eventArgsEdit", 'arguments as JSON: {"a": 1}  or  [1, "two"] for two'
        )
        self.ack = QCheckBox("Expect ack")
        self.ack.setObjectName("expectAck")
        self.ack.setToolTip("Wait for the server's acknowledgement; its value and RTT are logged")
        self.button = QPushButton("Emit")
        self.button.setObjectName("emitButton")
        self.button.setToolTip("Emit the event (Enter in the fields)")
        self.listen = named_edit(
            "listenFilter",
            "show events: all",
            "Event names to show, comma separated (empty: all). A filter over the log:\n"
            "the other events are still received and kept.",
        )
        self.message = plain_label("emitMessage")
        set_tone(self.message, Tone.ERROR)
        self.message.setVisible(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.event_name, 2)
        row.addWidget(self.args, 3)
        row.addWidget(self.ack)
        row.addWidget(self.button)
        row.addWidget(self.listen, 1)
        row.addWidget(self.message, 2)
        self.button.clicked.connect(self.emit_now)
        self.event_name.returnPressed.connect(self.emit_now)
        self.args.returnPressed.connect(self.emit_now)
        self.listen.editingFinished.connect(lambda: self.listen_changed.emit(self.listen.text()))

    def emit_now(self) -> None:
        name = self.event_name.text().strip()
        if not name:
            self._say("Emit: the event name is empty")
            return
        try:
            args: list[Any] = parse_emit_args(self.args.text())
        except ValueError as exc:
            self._say(str(exc))
            return
        self._say("")
        self.emit_requested.emit(name, args, self.ack.isChecked())

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
