"""Above the entry detail: the view (Auto, Text, JSON, JSON tree, Hex, Base64), pages of a
large payload, Copy (as shown, or the whole payload as text / hex / base64 / JSON), Save."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QWidget,
)

from wsgui.core.connection.errors import file_reason
from wsgui.core.log.entry_views import COPY_FORMATS, VIEWS, copy_text, payload_bytes
from wsgui.core.model.entries import LogEntry
from wsgui.core.model.payload import format_size
from wsgui.ui.common.labels import plain_label
from wsgui.ui.inspector.entry_detail import EntryDetail
from wsgui.ui.inspector.json_tree import JsonTree
from wsgui.ui.theme.colors import Tone, set_tone

_VIEW_NAMES = {"auto": "Auto", "json": "JSON", "tree": "JSON tree"}
_COPY_NAMES = {"text": "text", "hex": "hex", "base64": "base64", "json": "JSON"}


class EntryTools(QWidget):
    """Owns ``body``: the detail text, or the JSON tree when that view is chosen."""

    def __init__(self, detail: EntryDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail = detail
        self.tree = JsonTree()
        self.body = QStackedWidget()
        self.body.addWidget(detail)
        self.body.addWidget(self.tree)
        self.view = QComboBox()
        self.view.setObjectName("entryView")
        for name in VIEWS:
            self.view.addItem(_VIEW_NAMES.get(name, name.capitalize()), name)
        self.view.setToolTip(
            "How to show the selected message; Auto picks JSON, text or hex"
            " (and shows a message the chosen view does not fit)"
        )
        self.previous_page = _tool_button("◀", "pagePrevious", "Previous part of the payload")
        self.page = QSpinBox()
        self.page.setObjectName("pageSpin")
        self.page.setToolTip("Which part of a large payload is shown")
        self.page.setKeyboardTracking(False)
        self.next_page = _tool_button("▶", "pageNext", "Next part of the payload")
        self.copy_button = QToolButton()
        self.copy_button.setObjectName("entryCopy")
        self.copy_button.setText("Copy")
        self.copy_button.setToolTip("Copy what the view shows; the menu copies the whole payload")
        self.copy_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        menu = QMenu(self.copy_button)
        self.copy_actions: dict[str, QAction] = {}
        for fmt in COPY_FORMATS:
            action = menu.addAction(f"Copy as {_COPY_NAMES[fmt]}")
            action.triggered.connect(lambda _=False, f=fmt: self.copy_as(f))
            self.copy_actions[fmt] = action
        self.copy_button.setMenu(menu)
        self.save_button = QPushButton("Save payload…")
        self.save_button.setObjectName("entrySave")
        self.save_button.setToolTip("Write the whole payload, byte for byte, to a file")
        self.message = plain_label("entryMessage")
        self.message.setWordWrap(False)
        self.dialog: QFileDialog | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        for widget in (self.view, self.previous_page, self.page, self.next_page):
            layout.addWidget(widget)
        layout.addWidget(self.copy_button)
        layout.addWidget(self.save_button)
        layout.addWidget(self.message, 1)
        self.view.currentIndexChanged.connect(lambda _i: detail.set_view(self.view.currentData()))
        self.page.valueChanged.connect(lambda value: self._go_to_page(value - 1))
        self.previous_page.clicked.connect(lambda: self.page.setValue(self.page.value() - 1))
        self.next_page.clicked.connect(lambda: self.page.setValue(self.page.value() + 1))
        self.copy_button.clicked.connect(self.copy)
        self.save_button.clicked.connect(self.choose_file)
        detail.shown.connect(self._on_shown)
        self._on_shown(None)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.detail.body_text())

    def copy_as(self, fmt: str) -> None:
        entry = self.detail.entry
        if entry is None or not entry.has_payload:
            self._say("Select a message first", Tone.ERROR)
            return
        try:
            text = copy_text(entry.payload, fmt)
        except ValueError as exc:
            self._say(f"Not copied: {exc}", Tone.ERROR)
            return
        QGuiApplication.clipboard().setText(text)
        self._say(f"Copied as {_COPY_NAMES[fmt]} ({len(text):,} characters)", Tone.NOTE)

    def choose_file(self) -> QFileDialog | None:
        entry = self.detail.entry
        if entry is None or not entry.has_payload:
            self._say("Select a message first", Tone.ERROR)
            return None
        dialog = QFileDialog(self, "Save payload")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.fileSelected.connect(self.save_to)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def save_to(self, path: str) -> None:
        entry = self.detail.entry
        if entry is None:
            return
        data = payload_bytes(entry.payload)
        try:
            Path(path).write_bytes(data)
        except OSError as exc:
            self._say(f"Not saved: {file_reason(exc)}", Tone.ERROR)
            return
        self._say(f"Saved {format_size(len(data))} to {path}", Tone.NOTE)

    def _on_shown(self, entry: LogEntry | None) -> None:
        """After the detail changed: the pager for large payloads, the tree for that view."""
        rendered = self.detail.rendered
        pages = rendered.pages if rendered is not None else 1
        for widget in (self.previous_page, self.page, self.next_page):
            widget.setVisible(pages > 1)
        self.page.blockSignals(True)
        self.page.setRange(1, pages)
        self.page.setValue((rendered.page if rendered is not None else 0) + 1)
        self.page.setSuffix(f" of {pages:,}")
        self.page.blockSignals(False)
        fitted = self.detail.fitted  # Auto when the tree does not fit (the header says why)
        tree_view = fitted.view == "tree" and entry is not None and entry.has_payload
        self.body.setCurrentWidget(self.tree if tree_view else self.detail)
        if tree_view:
            self.tree.show_value(fitted.value)

    def _go_to_page(self, page: int) -> None:
        if self.detail.rendered is not None and page != self.detail.rendered.page:
            self.detail.show_page(page)

    def _say(self, text: str, tone: Tone) -> None:
        set_tone(self.message, tone)
        self.message.setText(text)


def _tool_button(text: str, name: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    return button
