"""Saved messages (snippets) of the open connection: send one with a click or Alt+1…9, load it
into the editor, order them, and mark which are sent on connect (optionally waiting for a
reply matching a regex). They are saved with the profile."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wsgui.core.compose.encoding import MODE_LABELS
from wsgui.core.connection.sequence import wait_pattern_problem
from wsgui.core.model.payload import preview
from wsgui.core.profiles.profile import SavedMessage
from wsgui.ui.common.labels import plain_label
from wsgui.ui.common.text_dialog import open_text_dialog
from wsgui.ui.theme.colors import Tone, set_tone

SHORTCUT_COUNT = 9


def describe_snippet(number: int, snippet: SavedMessage) -> str:
    marks = ""
    if snippet.on_connect:
        marks += " · on connect"
        if snippet.wait_for:
            marks += f", then wait for /{snippet.wait_for}/"
    key = f"Alt+{number}  " if number <= SHORTCUT_COUNT else ""
    mode = MODE_LABELS.get(snippet.mode, snippet.mode)
    return f"{key}{snippet.name} · {mode} · {preview(snippet.body, 60)}{marks}"


class SnippetsPanel(QWidget):
    send_requested = Signal(object)  # SavedMessage
    edit_requested = Signal(object)  # SavedMessage: into the composer
    add_requested = Signal(str)  # a name: the composer's message is saved under it
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.snippets: list[SavedMessage] = []
        self.imported: list[SavedMessage] = []  # received messages of an imported profile: kept
        self.list = QListWidget()
        self.list.setObjectName("snippetsList")
        self.list.setToolTip("Double-click (or Alt+1…9) sends a snippet")
        self.buttons: dict[str, QPushButton] = {}
        bar = QGridLayout()
        for index, (label, name, tip, slot) in enumerate(
            (
                (
                    "Save editor as…",
                    "addSnippetButton",
                    "Keep the composer's message",
                    self._ask_name,
                ),
                ("Send", "sendSnippetButton", "Send the selected snippet", self._send_selected),
                (
                    "To editor",
                    "editSnippetButton",
                    "Load it into the composer",
                    self._edit_selected,
                ),
                (
                    "▲",
                    "snippetUp",
                    "Move up (earlier in the on-connect sequence)",
                    lambda: self._move(-1),
                ),
                ("▼", "snippetDown", "Move down", lambda: self._move(1)),
                ("Delete", "deleteSnippetButton", "Delete the selected snippet", self._delete),
            )
        ):
            button = QPushButton(label)
            button.setObjectName(name)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            bar.addWidget(button, index // 2, index % 2)
            self.buttons[name] = button
        bar.setRowStretch(3, 1)
        self.on_connect = QCheckBox("Send on connect")
        self.on_connect.setObjectName("snippetOnConnect")
        self.on_connect.setToolTip("Send it after each open, in list order (auth, subscribe…)")
        self.wait_for = QLineEdit()
        self.wait_for.setObjectName("snippetWaitFor")
        self.wait_for.setPlaceholderText("a regex a received message must match (optional)")
        self.wait_for.setToolTip(
            "Before the next on-connect snippet, wait (up to 10 s) for a reply matching this"
        )
        self.message = plain_label("snippetsMessage")
        set_tone(self.message, Tone.ERROR)
        sequence = QHBoxLayout()
        sequence.addWidget(self.on_connect)
        sequence.addWidget(QLabel("then wait for:"))
        sequence.addWidget(self.wait_for, 1)
        body = QHBoxLayout()
        body.addWidget(self.list, 1)
        body.addLayout(bar)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(body, 1)
        layout.addLayout(sequence)
        layout.addWidget(self.message)
        self.name_dialog: QInputDialog | None = None
        self.list.itemDoubleClicked.connect(lambda _item: self._send_selected())
        self.list.currentRowChanged.connect(lambda _row: self._show_selected())
        self.on_connect.toggled.connect(lambda _on: self._edit_sequence())
        self.wait_for.editingFinished.connect(self._edit_sequence)
        self._show_selected()

    def load(self, messages: tuple[SavedMessage, ...]) -> None:
        """Show a profile's saved messages (received ones, from imports, are kept aside)."""
        self.snippets = [m for m in messages if m.direction == "sent"]
        self.imported = [m for m in messages if m.direction != "sent"]
        self._refresh(0 if self.snippets else -1)

    def messages(self) -> tuple[SavedMessage, ...]:
        """What the profile saves: the snippets in order, then the imported received ones."""
        return (*self.snippets, *self.imported)

    def add(self, snippet: SavedMessage) -> None:
        self.snippets.append(snippet)
        self._refresh(len(self.snippets) - 1)
        self.changed.emit()

    def send_number(self, number: int) -> None:
        if 0 < number <= len(self.snippets):
            self.send_requested.emit(self.snippets[number - 1])

    def selected_row(self) -> int:
        return self.list.currentRow()

    def _ask_name(self) -> QInputDialog:
        self.name_dialog = open_text_dialog(
            self, "snippetNameDialog", "Save as snippet", "Name of the snippet:", self._named
        )
        return self.name_dialog

    def _named(self, name: str) -> None:
        if not name.strip():
            self.message.setText("Snippet not saved: the name is empty")
            return
        self.message.clear()
        self.add_requested.emit(name.strip())

    def _send_selected(self) -> None:
        row = self.selected_row()
        if row >= 0:
            self.send_requested.emit(self.snippets[row])

    def _edit_selected(self) -> None:
        row = self.selected_row()
        if row >= 0:
            self.edit_requested.emit(self.snippets[row])

    def _move(self, step: int) -> None:
        row = self.selected_row()
        target = row + step
        if row < 0 or not 0 <= target < len(self.snippets):
            return
        items = self.snippets
        items[row], items[target] = items[target], items[row]
        self._refresh(target)
        self.changed.emit()

    def _delete(self) -> None:
        row = self.selected_row()
        if row >= 0:
            del self.snippets[row]
            self._refresh(min(row, len(self.snippets) - 1))
            self.changed.emit()

    def _edit_sequence(self) -> None:
        row = self.selected_row()
        if row < 0:
            return
        pattern = self.wait_for.text()
        problem = wait_pattern_problem(pattern) if pattern else ""
        self.message.setText(problem)
        if problem:
            return
        current = self.snippets[row]
        edited = replace(current, on_connect=self.on_connect.isChecked(), wait_for=pattern)
        if edited != current:
            self.snippets[row] = edited
            self._refresh(row)
            self.changed.emit()

    def _refresh(self, select: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for number, snippet in enumerate(self.snippets, 1):
            QListWidgetItem(describe_snippet(number, snippet), self.list)
        self.list.setCurrentRow(select)
        self.list.blockSignals(False)
        self._show_selected()

    def _show_selected(self) -> None:
        row = self.selected_row()
        has = row >= 0
        for name in ("sendSnippetButton", "editSnippetButton", "snippetUp", "snippetDown",
                     "deleteSnippetButton"):  # fmt: skip
            self.buttons[name].setEnabled(has)
        for widget in (self.on_connect, self.wait_for):
            widget.setEnabled(has)
            widget.blockSignals(True)
        self.on_connect.setChecked(has and self.snippets[row].on_connect)
        self.wait_for.setText(self.snippets[row].wait_for if has else "")
        for widget in (self.on_connect, self.wait_for):
            widget.blockSignals(False)
