"""The whole selected entry: text, JSON pretty-printed, hex dump or base64, one page at a
time. Always plain text."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from wsgui.core.entries import LogEntry
from wsgui.core.entry_views import Rendered, render
from wsgui.core.payload import format_size
from wsgui.ui.log_model import format_time


def entry_header(entry: LogEntry, rendered: Rendered | None, view: str) -> str:
    parts = [format_time(entry.time), entry.direction.value, entry.kind.value]
    if entry.has_payload:
        parts.append(format_size(entry.size))
    if entry.note:
        parts.append(entry.note)
    if rendered is not None:
        if rendered.view == "json":
            parts.append("JSON")
        elif rendered.view in ("hex", "base64") and view != "auto":
            parts.append(rendered.view)
        if rendered.pages > 1:
            parts.append(
                f"{rendered.unit} {rendered.start:,}–{rendered.end - 1:,} "
                f"(part {rendered.page + 1:,} of {rendered.pages:,})"
            )
    return " · ".join(parts)


def describe_entry(entry: LogEntry, view: str = "auto", page: int = 0) -> str:
    """What the detail pane shows for ``entry``: a header line, then the body in ``view``."""
    if not entry.has_payload:  # events are text as they are
        return entry_header(entry, None, view) + f"\n\n{entry.payload!s}"
    rendered = render(entry.payload, view, page)
    return entry_header(entry, rendered, view) + f"\n\n{rendered.text}"


class EntryDetail(QPlainTextEdit):
    """Read-only view of one entry. Received data is never interpreted as HTML."""

    shown = Signal(object)  # the LogEntry shown (or None), after every change

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entryDetail")
        self.setReadOnly(True)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setPlaceholderText("Select a row of the log to see the whole message or event")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

        self.entry: LogEntry | None = None
        self.view = "auto"
        self.page = 0
        self.rendered: Rendered | None = None

    def show_entry(self, entry: LogEntry | None, page: int = 0) -> None:
        self.entry, self.page = entry, page
        if entry is None:
            self.rendered = None
            self.setPlainText("")
        elif not entry.has_payload:
            self.rendered = None
            self.setPlainText(describe_entry(entry))
        else:
            self.rendered = render(entry.payload, self.view, page)
            header = entry_header(entry, self.rendered, self.view)
            self.setPlainText(f"{header}\n\n{self.rendered.text}")
        self.shown.emit(entry)

    def set_view(self, view: str) -> None:
        """Auto, Text, JSON, Tree, Hex or Base64 for the selected message."""
        self.view = view
        self.show_entry(self.entry)

    def show_page(self, page: int) -> None:
        self.show_entry(self.entry, page)

    def body_text(self) -> str:
        """The payload as the current view shows it (for Copy)."""
        if self.entry is None:
            return ""
        if not self.entry.has_payload:
            return str(self.entry.payload)
        return self.rendered.text if self.rendered is not None else ""
