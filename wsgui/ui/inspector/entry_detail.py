"""The whole selected entry: text, JSON pretty-printed, hex dump or base64, one page at a
time. Always plain text, with control and bidi characters shown as escapes (never obeyed);
Copy and Save keep them.

A chosen view that does not fit the entry (JSON or JSON tree for a binary or a text that is
not JSON) shows it as Auto instead, and the header line says why; the choice stays for the
next entry that fits."""

from __future__ import annotations

import json
from typing import NamedTuple

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from wsgui.core.log.entry_views import Rendered, parse_json, render
from wsgui.core.model.entries import LogEntry
from wsgui.core.model.payload import format_size, visible
from wsgui.ui.log.model import format_time

JSON_VIEWS = ("json", "tree")


class Fitted(NamedTuple):
    """The view a payload is shown in: the chosen one, or Auto when that does not fit."""

    view: str
    note: str = ""  # why not the chosen view, for the header ("shown as Auto: not JSON")
    value: object = None  # the parsed payload, for the JSON views


def fit_view(payload: str | bytes, view: str) -> Fitted:
    """The JSON views need a payload that parses as JSON; every other view fits any payload."""
    if view not in JSON_VIEWS:
        return Fitted(view)
    value, problem = parse_json(payload)
    if not problem:
        return Fitted(view, value=value)
    if isinstance(payload, bytes) and problem.startswith("Not JSON"):
        problem = "Not JSON"  # the line and column of a decoding of random bytes: noise
    return Fitted("auto", f"shown as Auto: {problem[:1].lower()}{problem[1:]}")


def entry_header(entry: LogEntry, rendered: Rendered | None, view: str, note: str = "") -> str:
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
    if note:
        parts.append(note)
    return " · ".join(parts)


ESCAPED_NOTE = "control/invisible characters shown as \\x…/\\u… escapes (Copy and Save keep them)"


def shown_text(entry: LogEntry, rendered: Rendered | None, view: str, note: str = "") -> str:
    """The header line, then the body made safe to show: a bidi override (U+202E) or an
    ANSI escape in a message must not reorder or restyle what the user reads."""
    header = entry_header(entry, rendered, view, note)
    body = rendered.text if rendered is not None else str(entry.payload)
    safe = visible(body)
    if safe != body:
        header += f" · {ESCAPED_NOTE}"
    return f"{header}\n\n{safe}"


def describe_entry(entry: LogEntry, view: str = "auto", page: int = 0) -> str:
    """What the detail pane shows for ``entry``: a header line, then the body in ``view``."""
    if not entry.has_payload:  # events are text as they are
        return shown_text(entry, None, view)
    fitted = fit_view(entry.payload, view)
    return shown_text(entry, _render(entry.payload, fitted, page), fitted.view, fitted.note)


def _render(payload: str | bytes, fitted: Fitted, page: int) -> Rendered:
    if fitted.view in JSON_VIEWS:  # parsed once, by fit_view
        return Rendered("json", json.dumps(fitted.value, indent=2, ensure_ascii=False))
    return render(payload, fitted.view, page)


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
        self.view = "auto"  # the user's choice
        self.page = 0
        self.rendered: Rendered | None = None
        self.fitted = Fitted("auto")  # the view the entry is shown in, and why

    def show_entry(self, entry: LogEntry | None, page: int = 0) -> None:
        self.entry, self.page = entry, page
        self.fitted = Fitted(self.view)
        if entry is None:
            self.rendered = None
            self.setPlainText("")
        elif not entry.has_payload:
            self.rendered = None
            self.setPlainText(describe_entry(entry))
        else:
            fitted = self.fitted = fit_view(entry.payload, self.view)
            self.rendered = _render(entry.payload, fitted, page)
            self.setPlainText(shown_text(entry, self.rendered, fitted.view, fitted.note))
        self.shown.emit(entry)

    def set_view(self, view: str) -> None:
        """Auto, Text, JSON, Tree, Hex or Base64 for the selected message."""
        self.view = view
        self.show_entry(self.entry)

    def show_page(self, page: int) -> None:
        self.show_entry(self.entry, page)

    def body_text(self) -> str:
        """The payload as the current view renders it, control characters as they are (for
        Copy)."""
        if self.entry is None:
            return ""
        if not self.entry.has_payload:
            return str(self.entry.payload)
        return self.rendered.text if self.rendered is not None else ""
