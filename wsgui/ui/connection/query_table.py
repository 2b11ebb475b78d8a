"""The URL's query parameters as rows of name and value, kept in sync with the URL text.

Editing a row rebuilds only the query of the URL; scheme, host, path and fragment stay exactly
as typed. ``set_url`` never emits ``url_edited``, so syncing both ways cannot loop.
"""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

NAME, VALUE = 0, 1
# Characters a query may hold as they are (RFC 3986), except those that delimit parameters
# (& = + #): "/path" and "a:b" stay readable instead of becoming %2F and %3A.
_SAFE = "/:@!$'()*,;?"


def replace_query(url: str, pairs: list[tuple[str, str]]) -> str:
    """``url`` with its query replaced by ``pairs`` (no ``?`` when empty); the rest untouched.

    A parameter that did not change keeps its text exactly as it was (``+``, ``%2B``, a name
    without ``=``); a changed one is percent-encoded, spaces as %20 (``+`` means space only in
    HTML forms, and a WebSocket URL is not one).
    """
    before_fragment, hash_sign, fragment = url.partition("#")
    base, _, old_query = before_fragment.partition("?")
    old = _segments(old_query)
    parts = []
    for index, pair in enumerate(pairs):
        if index < len(old) and _decode(old[index]) == pair:
            parts.append(old[index])
        else:
            parts.append(quote(pair[0], safe=_SAFE) + "=" + quote(pair[1], safe=_SAFE))
    query = "&".join(parts)
    return base + (f"?{query}" if query else "") + hash_sign + fragment


def _segments(query: str) -> list[str]:
    return [segment for segment in query.split("&") if segment]


def _decode(segment: str) -> tuple[str, str]:
    name, _, value = segment.partition("=")
    return unquote(name), unquote(value)


class QueryTable(QTableWidget):
    """Edits query parameters; an empty last row is always there to type a new one."""

    url_edited = Signal(str)  # the URL with the query rebuilt from the rows

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self.setObjectName("queryTable")
        self.setHorizontalHeaderLabels(["Parameter", "Value"])
        self.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.setColumnWidth(NAME, 200)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(24)
        self.setToolTip(
            "Query parameters of the URL, decoded. Editing a row rewrites the URL's query\n"
            "(percent-encoded); clear a name to remove its parameter."
        )
        self._url = ""
        self.itemChanged.connect(self._on_item_changed)
        self._append_blank_row()

    def pairs(self) -> list[tuple[str, str]]:
        """The (name, value) rows with a name, in order; repeated names are kept."""
        rows = []
        for row in range(self.rowCount()):
            name_item, value_item = self.item(row, NAME), self.item(row, VALUE)
            name = name_item.text() if name_item else ""
            if name.strip():
                rows.append((name, value_item.text() if value_item else ""))
        return rows

    def set_url(self, url: str) -> None:
        """Show the query of ``url``; an unparsable URL leaves the rows as they are."""
        self._url = url
        pairs = _query_pairs(url)
        if pairs is None or pairs == self.pairs():
            return  # the URL came from these rows: keep the cell being edited where it is
        self.blockSignals(True)
        self.setRowCount(0)
        for name, value in pairs:
            self._append_row(name, value)
        self._append_blank_row()
        self.blockSignals(False)

    def _append_row(self, name: str, value: str) -> None:
        row = self.rowCount()
        self.insertRow(row)
        self.setItem(row, NAME, QTableWidgetItem(name))
        self.setItem(row, VALUE, QTableWidgetItem(value))

    def _append_blank_row(self) -> None:
        self._append_row("", "")

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        self.blockSignals(True)
        last = self.rowCount() - 1
        name_item = self.item(last, NAME)
        if item.row() == last and name_item is not None and name_item.text().strip():
            self._append_blank_row()
        self.blockSignals(False)
        pairs = self.pairs()
        if pairs == _query_pairs(self._url):
            return  # e.g. a value typed in the blank row before its name: the URL is unchanged
        self._url = replace_query(self._url, pairs)
        self.url_edited.emit(self._url)


def _query_pairs(url: str) -> list[tuple[str, str]] | None:
    """The decoded query of ``url``; None when the URL cannot be parsed."""
    try:
        query = urlsplit(url).query
    except ValueError:
        return None
    return [_decode(segment) for segment in _segments(query)]
