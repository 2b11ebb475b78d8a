"""The composer's Socket.IO fields, shown for a Socket.IO connection: the event name, more
arguments ("+ argument": the editor's message is the first), Ack (wait for the server's
acknowledgement), and which events the log shows (a filter; nothing is dropped)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from wsgui.ui.common.labels import named_edit

MAX_EXTRA_ARGUMENTS = 8


class EventFields(QWidget):
    listen_changed = Signal(str)  # event names, comma separated ("" for every event)
    submitted = Signal()  # Enter in a field: emit

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventFields")
        self.event_name = named_edit(
            "eventNameEdit",
            "event name, e.g. chat message",
            "The Socket.IO event to emit; the message below is its first argument",
        )
        self.add_argument_button = QToolButton()
        self.add_argument_button.setObjectName("addArgumentButton")
        self.add_argument_button.setText("+ argument")
        self.add_argument_button.setToolTip(
            "Add an argument after the message (JSON). The message is one argument:\n"
            '[1, "two"] in JSON mode is one array, not two arguments.'
        )
        self.ack = QCheckBox("Ack")
        self.ack.setObjectName("expectAck")
        self.ack.setToolTip("Wait for the server's acknowledgement; its value and RTT are logged")
        self.listen = named_edit(
            "listenFilter",
            "show events: all",
            "Event names to show, comma separated (empty: all). A filter over the log:\n"
            "the other events are still received and kept.",
        )
        self.extras: list[QLineEdit] = []
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        event_label = QLabel("&Event")
        event_label.setBuddy(self.event_name)
        row.addWidget(event_label)
        row.addWidget(self.event_name, 2)
        row.addWidget(self.add_argument_button)
        row.addWidget(self.ack)
        row.addWidget(self.listen, 1)
        self.extra_box = QVBoxLayout()
        self.extra_box.setContentsMargins(0, 0, 0, 0)
        self.extra_box.setSpacing(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addLayout(self.extra_box)
        self.add_argument_button.clicked.connect(lambda: self.add_argument())
        self.event_name.returnPressed.connect(self.submitted)
        self.listen.editingFinished.connect(lambda: self.listen_changed.emit(self.listen.text()))

    def add_argument(self, text: str = "") -> QLineEdit:
        """One more argument (JSON) after the message; its x button removes it."""
        number = len(self.extras) + 2
        edit = named_edit(f"eventArgument{number}", f'argument {number} as JSON, e.g. {{"x": 3}}')
        edit.setAccessibleName(f"Socket.IO argument {number} (JSON)")
        edit.setText(text)
        edit.returnPressed.connect(self.submitted)
        remove = QToolButton()
        remove.setText("×")
        remove.setToolTip(f"Remove argument {number}")
        remove.setAccessibleName(f"Remove argument {number}")
        line = QWidget()
        box = QHBoxLayout(line)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel(f"Argument {number}"))
        box.addWidget(edit, 1)
        box.addWidget(remove)
        self.extra_box.addWidget(line)
        self.extras.append(edit)
        remove.clicked.connect(lambda: self._remove(edit, line))
        self.add_argument_button.setEnabled(len(self.extras) < MAX_EXTRA_ARGUMENTS)
        edit.setFocus()
        return edit

    def extra_texts(self) -> list[str]:
        return [edit.text() for edit in self.extras]

    def _remove(self, edit: QLineEdit, line: QWidget) -> None:
        self.extras.remove(edit)
        line.deleteLater()
        self.add_argument_button.setEnabled(True)
