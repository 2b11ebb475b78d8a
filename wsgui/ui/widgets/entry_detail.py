"""The whole selected entry: text, JSON pretty-printed, or a hex dump. Always plain text."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from wsgui.core.entries import LogEntry
from wsgui.core.payload import format_size, hex_dump, pretty_json
from wsgui.ui.log_model import format_time

# Beyond this, text is cut: the editor stays responsive and the rest is one "Save" away (#5).
TEXT_LIMIT = 2 * 2**20


def describe_entry(entry: LogEntry) -> str:
    """What the detail pane shows for ``entry``: a header line, then the body."""
    parts = [format_time(entry.time), entry.direction.value, entry.kind.value]
    if entry.is_message:
        parts.append(format_size(entry.size))
    if entry.note:
        parts.append(entry.note)
    header = " · ".join(parts)
    payload = entry.payload
    if isinstance(payload, bytes):
        body = hex_dump(payload)
    else:
        parse = entry.is_message and len(payload) <= TEXT_LIMIT
        pretty = pretty_json(payload) if parse else None
        body = pretty if pretty is not None else payload
        if pretty is not None:
            header += " · JSON"
        if len(body) > TEXT_LIMIT:
            body = body[:TEXT_LIMIT] + f"\n… {len(body) - TEXT_LIMIT:,} more characters not shown"
    return f"{header}\n\n{body}"


class EntryDetail(QPlainTextEdit):
    """Read-only view of one entry. Received data is never interpreted as HTML."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entryDetail")
        self.setReadOnly(True)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setPlaceholderText("Select a row of the log to see the whole message or event")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

    def show_entry(self, entry: LogEntry | None) -> None:
        self.setPlainText("" if entry is None else describe_entry(entry))
