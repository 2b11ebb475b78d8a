"""User-Agent, compression, timeouts, keepalive pings, the message size limit and whether
the connection is kept in the history.

The library's defaults (compression on, 1 MiB, a ping every 20 s) surprise users, so each
field says its default and what it does; typed text is parsed with the core's parsers.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from wsgui.core.model.checks import parse_seconds, parse_size
from wsgui.core.model.limits import FRAGMENTS_VARIABLE, fragment_limit
from wsgui.core.model.options import DEFAULT_MAX_SIZE, ConnectOptions, OptionsError, UserAgentMode
from wsgui.ui.common.labels import plain_label
from wsgui.ui.theme.colors import Tone, set_tone

DEFAULTS = ConnectOptions(url="")
LIBRARY_USER_AGENT = DEFAULTS.user_agent() or ""  # what websockets sends, e.g. Python/3.12 ...
UNLIMITED_NOTE = "Unlimited: a huge message can exhaust memory"
_UNITS = ((2**30, "GiB"), (2**20, "MiB"), (2**10, "KiB"))
_USER_AGENT_MODES = (
    (UserAgentMode.LIBRARY, f"Library default ({LIBRARY_USER_AGENT})"),
    (UserAgentMode.CUSTOM, "Custom"),
    (UserAgentMode.NONE, "None (send no User-Agent)"),
)


def format_size(size: int | None) -> str:
    """1048576 -> ``1 MiB``, 65536 -> ``64 KiB``, 1000 -> ``1000 B``, None -> ``unlimited``."""
    if size is None:
        return "unlimited"
    for factor, unit in _UNITS:
        if size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} B"


def format_seconds(seconds: float | None) -> str:
    return "off" if seconds is None else f"{seconds:g}"


# (attribute, objectName, label and name in messages, "off" allowed, tooltip)
_TIMEOUTS = (
    ("open_timeout", "openTimeoutEdit", "Open timeout", False,
     "Seconds to wait for TCP, TLS, proxy and the HTTP Upgrade before giving up."),
    ("close_timeout", "closeTimeoutEdit", "Close timeout", False,
     "Once a close frame has gone or come (yours, the server's, or wsgui failing the "
     "connection), seconds to wait for the closing handshake and TCP to end before dropping it."),
    ("ping_interval", "pingIntervalEdit", "Ping interval", True,
     "Send a keepalive Ping this often ('off': never). Keeps proxies from dropping idle links."),
    ("ping_timeout", "pingTimeoutEdit", "Ping timeout", True,
     "Close with 1011 when a Pong does not come back within this time ('off': wait forever)."),
)  # fmt: skip


def _count(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        value = -1
    if value < 0:
        raise OptionsError(f"Attempts: '{text.strip()}' is not a whole number (0: no limit)")
    return value


_RECONNECT = (
    ("reconnect_initial_delay", "reconnectInitialEdit", "First delay (s)",
     "The first wait is random, up to this (RFC 6455 7.2.3); the next ones grow by 1.618x.",
     lambda text: parse_seconds(text, "First delay")),
    ("reconnect_max_delay", "reconnectMaxEdit", "Maximum delay (s)",
     "The wait between attempts never grows beyond this.",
     lambda text: parse_seconds(text, "Maximum delay")),
    ("reconnect_attempts", "reconnectAttemptsEdit", "Attempts",
     "Attempts in a row before giving up (0: no limit); a good connection starts a new series.",
     _count),
)  # fmt: skip


class SettingsEditor(QWidget):
    """Edits User-Agent, compression, the four timeouts, max_size and Keep in history;
    empty text = default."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsEditor")
        self.user_agent_mode = QComboBox()
        self.user_agent_mode.setObjectName("userAgentMode")
        for mode, text in _USER_AGENT_MODES:
            self.user_agent_mode.addItem(text, mode)
        self.user_agent_mode.setToolTip(
            "The User-Agent header of the handshake. A User-Agent row in Headers wins over this."
        )
        self.user_agent_edit = QLineEdit()
        self.user_agent_edit.setObjectName("userAgentEdit")
        self.user_agent_edit.setPlaceholderText("e.g. Mozilla/5.0 (X11; Linux x86_64)")
        self.user_agent_edit.setToolTip("The User-Agent to send when 'Custom' is chosen")
        self.compression_check = QCheckBox("Compression (permessage-deflate)")
        self.compression_check.setObjectName("compressionCheck")
        self.compression_check.setToolTip(
            "Offer permessage-deflate (on by default). Saves bandwidth on text, costs CPU;\n"
            "turn it off to see frames as sent, or to measure raw throughput."
        )
        self.journal_check = QCheckBox("Keep in history")
        self.journal_check.setObjectName("journalCheck")
        self.journal_check.setToolTip(
            "Write this connection to the history journal (View > History), as it happens.\n"
            "Unchecked: this connection is not written to the history (the log still shows it)."
        )
        self.edits: dict[str, QLineEdit] = {}
        self.messages: dict[str, QLabel] = {}
        self._parsers: dict[str, Callable[[str], object]] = {"max_size": parse_size}
        # Three columns under the User-Agent, so the drawer shows every field without scrolling:
        # the message (compression, size), the timers, auto-reconnect.
        top = QFormLayout()
        top.addRow("User-Agent", self._user_agent_row())
        form = QFormLayout()
        form.addRow("", self.compression_check)
        form.addRow("", self.journal_check)
        timers = QFormLayout()
        for attribute, name, label, allow_off, tip in _TIMEOUTS:
            default = f"{format_seconds(getattr(DEFAULTS, attribute))} s (default)"
            row = self._field(attribute, name, default, f"{tip}\nDefault: {default}")
            timers.addRow(f"{label} (s)", row)
            self._parsers[attribute] = _seconds_parser(label, allow_off)
        default_size = f"{format_size(DEFAULT_MAX_SIZE)} (default)"
        size_tip = (
            "Largest incoming message accepted (e.g. 64 KiB, 64 MiB, 'unlimited');\n"
            f"a bigger one closes the connection with 1009. Default: {default_size}."
        )
        form.addRow(
            "Max message size", self._field("max_size", "maxSizeEdit", default_size, size_tip)
        )
        self.size_note = plain_label("maxSizeNote")
        set_tone(self.size_note, Tone.WARNING)
        self.size_note.setText(UNLIMITED_NOTE)
        form.addRow("", self.size_note)
        self.fragments_note = plain_label("maxFragmentsNote")
        self.fragments_note.setText(f"A message may come in up to {fragment_limit():,} fragments")
        self.fragments_note.setToolTip(
            "More closes the connection with 1009. One limit for every connection of the app\n"
            f"(the websockets library has no other): set {FRAGMENTS_VARIABLE} before starting\n"
            "wsgui to change it."
        )
        form.addRow("", self.fragments_note)
        self.reconnect_check = QCheckBox("Auto-reconnect (off by default)")
        self.reconnect_check.setObjectName("reconnectCheck")
        self.reconnect_check.setToolTip(
            "After a drop or a close you did not ask for, connect again, waiting longer each\n"
            "time (websockets' backoff). Disconnect stops it; the on-connect snippets are re-sent."
        )
        reconnect = QFormLayout()
        reconnect.addRow("", self.reconnect_check)
        for attribute, name, label, tip, parser in _RECONNECT:
            default = f"{getattr(DEFAULTS, attribute):g} (default)"
            field = self._field(attribute, name, default, f"{tip}\nDefault: {default}")
            reconnect.addRow(label, field)
            self._parsers[attribute] = parser
        columns = QHBoxLayout()
        for column in (form, timers, reconnect):
            columns.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(columns)
        layout.addStretch(1)

        self.user_agent_mode.currentIndexChanged.connect(self._on_mode_changed)
        self.user_agent_edit.textEdited.connect(self.changed)
        self.compression_check.toggled.connect(self.changed)
        self.journal_check.toggled.connect(self.changed)
        self.reconnect_check.toggled.connect(self.changed)
        for attribute, edit in self.edits.items():
            edit.textEdited.connect(lambda _text, a=attribute: self._on_field_edited(a))
        self.load(DEFAULTS)

    def load(self, options: ConnectOptions) -> None:
        self.blockSignals(True)
        index = self.user_agent_mode.findData(options.user_agent_mode)
        self.user_agent_mode.setCurrentIndex(index)
        self.user_agent_edit.setText(options.user_agent_value)
        self.user_agent_edit.setEnabled(options.user_agent_mode is UserAgentMode.CUSTOM)
        self.compression_check.setChecked(options.compression)
        self.journal_check.setChecked(options.journal)
        for attribute, *_ in _TIMEOUTS:
            self.edits[attribute].setText(format_seconds(getattr(options, attribute)))
        self.edits["max_size"].setText(format_size(options.max_size))
        self.reconnect_check.setChecked(options.reconnect)
        for attribute, *_ in _RECONNECT:
            self.edits[attribute].setText(f"{getattr(options, attribute):g}")
        self.size_note.setVisible(options.max_size is None)
        self.blockSignals(False)
        self.show_errors({})

    def apply(self, options: ConnectOptions) -> ConnectOptions:
        """Parse every field, show each problem next to its field, raise with the first one."""
        values: dict[str, Any] = {}
        errors: list[str] = []
        for attribute in self.edits:
            try:
                values[attribute] = self._parse_field(attribute)
            except OptionsError as exc:
                errors.append(str(exc))
        if not errors and values["reconnect_max_delay"] < values["reconnect_initial_delay"]:
            problem = "Maximum delay: must be at least the first delay"
            _show(self.messages["reconnect_max_delay"], problem)
            errors.append(problem)
        if errors:
            raise OptionsError(errors[0])
        return dataclasses.replace(
            options,
            user_agent_mode=UserAgentMode(self.user_agent_mode.currentData()),
            user_agent_value=self.user_agent_edit.text(),
            compression=self.compression_check.isChecked(),
            journal=self.journal_check.isChecked(),
            reconnect=self.reconnect_check.isChecked(),
            **values,
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        """``timeouts`` names its field ("Ping timeout: ..."): shown next to that one."""
        for label in self.messages.values():
            _show(label, "")
        _show(self.messages["user_agent"], errors.get("user_agent", ""))
        _show(self.messages["max_size"], errors.get("max_size", ""))
        timeouts = errors.get("timeouts", "")
        if timeouts:
            owner = next((a for a, _n, lbl, *_ in _TIMEOUTS if timeouts.startswith(lbl)), None)
            _show(self.messages[owner or "open_timeout"], timeouts)

    def _parse_field(self, attribute: str) -> object:
        """Parse one field (empty: the default), show or clear its message; may raise."""
        text = self.edits[attribute].text()
        try:
            value = self._parsers[attribute](text) if text.strip() else getattr(DEFAULTS, attribute)
        except OptionsError as exc:
            _show(self.messages[attribute], str(exc))
            raise
        _show(self.messages[attribute], "")
        if attribute == "max_size":
            self.size_note.setVisible(value is None)
        return value

    def _on_field_edited(self, attribute: str) -> None:
        """Say what is wrong while typing, not only at Connect."""
        with contextlib.suppress(OptionsError):
            self._parse_field(attribute)
        self.changed.emit()

    def _on_mode_changed(self) -> None:
        custom = self.user_agent_mode.currentData() == UserAgentMode.CUSTOM
        self.user_agent_edit.setEnabled(custom)
        self.changed.emit()

    def _user_agent_row(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        line = QHBoxLayout()
        line.addWidget(self.user_agent_mode)
        line.addWidget(self.user_agent_edit, 1)
        column.addLayout(line)
        self.messages["user_agent"] = message = plain_label("userAgentMessage")
        set_tone(message, Tone.ERROR)
        column.addWidget(message)
        return box

    def _field(self, attribute: str, name: str, placeholder: str, tip: str) -> QWidget:
        """A short line edit with its message to its right."""
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setToolTip(tip)
        edit.setFixedWidth(150)
        message = plain_label(name.replace("Edit", "Message"))
        set_tone(message, Tone.ERROR)
        self.edits[attribute], self.messages[attribute] = edit, message
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(edit)
        line.addWidget(message, 1)
        line.addStretch()  # keeps the edit left-aligned while the message is hidden
        return row


def _seconds_parser(field: str, allow_off: bool) -> Callable[[str], float | None]:
    return lambda text: parse_seconds(text, field, allow_off=allow_off)


def _show(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))
