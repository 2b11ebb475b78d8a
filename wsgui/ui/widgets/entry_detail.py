"""The whole selected entry: text, JSON pretty-printed, or a hex dump. Always plain text."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from wsgui.core.entries import LogEntry
from wsgui.core.entry_views import render
from wsgui.core.payload import format_size
from wsgui.ui.log_model import format_time


def describe_entry(entry: LogEntry, view: str = "auto") -> str:
    """What the detail pane shows for ``entry``: a header line, then the body in ``view``."""
    parts = [format_time(entry.time), entry.direction.value, entry.kind.value]
    if entry.is_message:
        parts.append(format_size(entry.size))
    if entry.note:
        parts.append(entry.note)
    if not entry.is_message:  # events are text as they are
        return " · ".join(parts) + f"\n\n{entry.payload!s}"
    chosen, body = render(entry.payload, view)
    if chosen == "json":
        parts.append("JSON")
    elif chosen in ("hex", "base64") and view != "auto":
        parts.append(chosen)
    return " · ".join(parts) + f"\n\n{body}"


class EntryDetail(QPlainTextEdit):
    """Read-only view of one entry. Received data is never interpreted as HTML."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entryDetail")
        self.setReadOnly(True)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setPlaceholderText("Select a row of the log to see the whole message or event")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

        self.entry: LogEntry | None = None
        self.view = "auto"

    def show_entry(self, entry: LogEntry | None) -> None:
        self.entry = entry
        self.setPlainText("" if entry is None else describe_entry(entry, self.view))

    def set_view(self, view: str) -> None:
        """Auto, Text, JSON, Hex or Base64 for the selected message."""
        self.view = view
        self.show_entry(self.entry)

    def body_text(self) -> str:
        """The payload as the current view shows it (for Copy)."""
        if self.entry is None:
            return ""
        if not self.entry.is_message:
            return str(self.entry.payload)
        return render(self.entry.payload, self.view)[1]
