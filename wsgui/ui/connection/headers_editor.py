"""The Headers tab: the headers table, or the same headers as text (Bulk edit, as in Postman).

The text has one ``Name: value`` line per header, ``# `` before a disabled one (``//`` is read
too). Secret values are written masked and a line whose value is still the placeholder keeps
the real value, so the bulk view never shows a token in clear. A line that is not a header
keeps the text and says which line is wrong, under the editor.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from wsgui.core.model.headers_text import format_headers, parse_headers
from wsgui.core.model.options import Header, OptionsError
from wsgui.ui.common.labels import plain_label
from wsgui.ui.connection.headers_table import HeadersTable
from wsgui.ui.theme.colors import Tone, set_tone

BULK_PLACEHOLDER = "Name: value, one header a line\n# Name: value is kept but not sent"


class HeadersEditor(QWidget):
    """The table and the bulk text, one shown at a time; ``headers`` reads the one shown."""

    changed = Signal()  # a header edited, removed, or the bulk text typed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("headersEditor")
        self.table = HeadersTable()
        self.bulk_edit = QPlainTextEdit()
        self.bulk_edit.setObjectName("headersBulkEdit")
        self.bulk_edit.setAccessibleName("Request headers as text")
        self.bulk_edit.setPlaceholderText(BULK_PLACEHOLDER)
        self.bulk_edit.setToolTip(
            "One 'Name: value' a line; '# ' before a line keeps the header without sending it.\n"
            "Masked values (••••••) keep their real value as long as they are left as they are."
        )
        self.bulk_toggle = QToolButton()
        self.bulk_toggle.setObjectName("headersBulkToggle")
        self.bulk_toggle.setText("Bulk edit")
        self.bulk_toggle.setCheckable(True)
        self.bulk_toggle.setToolTip("Edit the headers as text, one 'Name: value' a line")
        self.message = plain_label("headersMessage")
        set_tone(self.message, Tone.ERROR)
        self.message.setVisible(False)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.bulk_edit)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addStretch(1)
        bar.addWidget(self.bulk_toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.message)
        self.table.changed.connect(self.changed)
        self.bulk_edit.textChanged.connect(self.changed)
        self.bulk_toggle.toggled.connect(self._on_toggled)

    def is_bulk(self) -> bool:
        return self.stack.currentWidget() is self.bulk_edit

    def headers(self) -> tuple[Header, ...]:
        """The headers shown; in the bulk view OptionsError names a line that is not one."""
        if self.is_bulk():
            return parse_headers(self.bulk_edit.toPlainText(), self.table.headers())
        return self.table.headers()

    def set_headers(self, headers: Sequence[Header]) -> None:
        self.table.set_headers(headers)
        if self.is_bulk():
            self._write_text()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def set_bulk(self, bulk: bool) -> bool:
        """Show the text (True) or the table; False when the text does not parse (the text
        stays, the message says which line is wrong)."""
        if bulk == self.is_bulk():
            return True
        if bulk:
            self._write_text()
            self.stack.setCurrentWidget(self.bulk_edit)
            self.bulk_edit.setFocus()
        else:
            rows = self.table.rows()
            try:
                parsed = parse_headers(self.bulk_edit.toPlainText(), [h for h, _ in rows])
            except OptionsError as exc:
                self.show_message(str(exc))
                self._check_toggle(True)
                self.changed.emit()  # the tab is marked ⚠ and Connect refuses, as for any field
                return False
            # A value that was a secret stays masked under whatever name it is kept now.
            secrets = {header.value for header, secret in rows if secret}
            kept = [index for index, header in enumerate(parsed) if header.value in secrets]
            self.table.set_headers(parsed, kept)
            self.stack.setCurrentWidget(self.table)
            self.show_message("")
            self.changed.emit()  # the options' other problems are shown again
        self._check_toggle(bulk)
        return True

    def _on_toggled(self, checked: bool) -> None:
        self.set_bulk(checked)

    def _check_toggle(self, checked: bool) -> None:
        self.bulk_toggle.blockSignals(True)
        self.bulk_toggle.setChecked(checked)
        self.bulk_toggle.blockSignals(False)

    def _write_text(self) -> None:
        rows = self.table.rows()
        secret_rows = [index for index, (_header, secret) in enumerate(rows) if secret]
        text = format_headers([header for header, _ in rows], masked=True, secret_rows=secret_rows)
        self.bulk_edit.blockSignals(True)
        self.bulk_edit.setPlainText(text)
        self.bulk_edit.blockSignals(False)
