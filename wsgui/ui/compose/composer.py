"""The one composer: Text, JSON (checked as you type, Format), Hex, Base64 or File; Send
(Ctrl+Enter) and its ▾ menu (Send file…, Send to, Repeat…, Save as snippet, Format JSON,
Show invisibles), Ping, history (Up/Down). For a Socket.IO connection it gains the event
name, more arguments and Ack (event_fields), and Send emits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QFontDatabase, QTextOption
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from wsgui.core.compose.encoding import (
    MODE_LABELS,
    MODES,
    SentHistory,
    editor_note,
    encode,
    format_json,
    reveal_invisibles,
)
from wsgui.core.connection.errors import not_open
from wsgui.core.connection.socketio.args import emit_arguments
from wsgui.core.model.options import OptionsError
from wsgui.core.model.payload import PayloadError
from wsgui.ui.common.file_dialogs import pick_file
from wsgui.ui.common.labels import plain_label
from wsgui.ui.compose.event_fields import EventFields
from wsgui.ui.compose.exact_editor import ExactEditor
from wsgui.ui.compose.repeat_bar import RepeatBar
from wsgui.ui.compose.send_progress import SendProgress
from wsgui.ui.theme.colors import Tone, set_tone

TEXT_MODE, HEX_MODE = MODE_LABELS["text"], MODE_LABELS["hex"]
PING_TIP = "Send a ping; the pong and its round-trip time are logged (Ctrl+P)"
SOCKETIO_PING_TIP = (
    "Socket.IO keeps the connection alive with its own Engine.IO ping/pong; "
    "a WebSocket ping is not available on a Socket.IO connection"
)
_PLACEHOLDERS = {
    "text": "Message to send: text as typed, byte for byte",
    "json": "JSON, checked as you type; sent exactly as typed (Format pretty-prints it)",
    "hex": "Bytes in hex: 00 01 ff or 0001ff",
    "base64": "Bytes in base64 (standard or URL-safe; spaces and line breaks ignored)",
    "file": "Path of a file to send as one binary message, 1 MiB frames (or Send file…)",
}


class Composer(QWidget):
    """Emits what to send; sends nothing and says why when the input is invalid."""

    send_requested = Signal(object)  # str | bytes
    send_file_requested = Signal(str)
    repeat_requested = Signal(object, int, int)  # payload, every (ms), times (0: until stopped)
    emit_requested = Signal(str, list, bool)  # Socket.IO: event, arguments, expect an ack
    save_snippet_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = ExactEditor()
        self.editor.setObjectName("composerEdit")
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setToolTip(
            "Ctrl+Enter sends; Up/Down (first/last line) recall sent messages; "
            "Tab moves on, Ctrl+Tab types a tab"
        )
        self.mode = QComboBox()
        self.mode.setObjectName("composerMode")
        for mode in MODES:
            self.mode.addItem(MODE_LABELS[mode], mode)
        self.mode.setToolTip(
            "Text and JSON: a text frame, exactly as typed.\nHex ('00 01 ff') and Base64: "
            "a binary frame of those bytes.\nFile: a whole file as one binary message, in "
            "frames of 1 MiB when it is larger (the log says how many)."
        )
        self.send_button = QPushButton("Send")
        self.send_button.setObjectName("sendButton")
        self.send_button.setToolTip("Send the message (Ctrl+Enter)")
        self.send_file_button = QPushButton("Send file…")
        self.send_file_button.setObjectName("sendFileButton")
        self.send_file_button.setToolTip(
            "Send a whole file as one binary message (like a Blob); over 1 MiB it goes out "
            "in frames of 1 MiB, so that the window keeps responding"
        )
        self.send_menu = QMenu(self)
        self.send_menu.setObjectName("sendMenu")
        self.send_menu_button = QToolButton()
        self.send_menu_button.setObjectName("sendMenuButton")
        self.send_menu_button.setText("▾")
        self.send_menu_button.setAccessibleName("More ways to send")
        self.send_menu_button.setToolTip(
            "Send file…, Send to other connections, Repeat, Save as snippet, Format JSON, "
            "Show invisibles"
        )
        self.send_menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.send_menu_button.setMenu(self.send_menu)
        self.send_file_action = self._menu_action("Send &file…", self.choose_file)
        self.send_to_menu = self.send_menu.addMenu("Send &to")
        self.send_to_menu.setObjectName("sendToMenu")
        self.send_to_menu.setToolTipsVisible(True)
        self.send_to_menu.aboutToShow.connect(self._fill_send_to)
        self.repeat_action = self._menu_action("&Repeat…", self._toggle_repeat_bar)
        self.repeat_action.setCheckable(True)
        self.repeat_action.setToolTip("Show the repeat controls: every N ms, K times")
        self.save_snippet_action = self._menu_action(
            "Save as s&nippet…", self.save_snippet_requested.emit
        )
        self.send_menu.addSeparator()
        self.format_action = self._menu_action("F&ormat JSON", self.format_json)
        self.invisibles = self._menu_action("Show &invisibles", lambda: None)
        self.invisibles.setObjectName("showInvisibles")
        self.invisibles.setCheckable(True)
        self.invisibles.setToolTip(
            "Show spaces, tabs, line ends and control characters such as \\u0000 or \\u001e"
        )
        # The window says which open connections there are: (tab title, its send function).
        self.targets: Callable[[], list[tuple[str, Callable[[str | bytes], None]]]] = list
        # {{variables}} in a message: the window's environment resolves them (text, field)
        self.resolve_text: Callable[[str, str], str] = lambda text, _where: text
        self.ping_button = QPushButton("Ping")
        self.ping_button.setObjectName("pingButton")
        self.ping_button.setToolTip(PING_TIP)
        self.format_button = QPushButton("Format")
        self.format_button.setObjectName("formatButton")
        self.format_button.setToolTip("Pretty-print the JSON (what is sent is what you see)")
        self.revealed = plain_label("composerInvisibles")
        self.revealed.setFont(self.editor.font())
        self.revealed.setWordWrap(True)
        self.revealed.setMaximumHeight(3 * self.revealed.fontMetrics().lineSpacing() + 4)
        self.revealed.setVisible(False)
        self.message = plain_label("composerMessage")
        self.message.setVisible(False)
        self.repeat_bar = RepeatBar()
        self.repeat_bar.setVisible(False)  # Send ▾ > Repeat… shows it
        self.send_progress = SendProgress()
        self.event_fields = EventFields()  # shown for Socket.IO connections
        self.event_fields.setVisible(False)
        self.socketio = False
        self.history = SentHistory()
        self.file_dialog: QFileDialog | None = None

        left = QVBoxLayout()
        left.setSpacing(2)
        left.addWidget(self.mode)
        left.addWidget(self.format_button)
        left.addStretch(1)
        send = QHBoxLayout()
        send.setSpacing(0)
        send.addWidget(self.send_button, 1)
        send.addWidget(self.send_menu_button)
        buttons = QGridLayout()
        buttons.setSpacing(2)
        buttons.addLayout(send, 0, 0)
        buttons.addWidget(self.ping_button, 0, 1)
        buttons.addWidget(self.send_file_button, 1, 0, 1, 2)
        buttons.setRowStretch(2, 1)
        row = QHBoxLayout()
        row.addLayout(left)
        row.addWidget(self.editor, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(2)
        layout.addWidget(self.event_fields)
        layout.addLayout(row)
        layout.addWidget(self.revealed)
        layout.addWidget(self.message)
        layout.addWidget(self.send_progress)
        layout.addWidget(self.repeat_bar)
        self.editor.grow_with_text()

        self.send_button.clicked.connect(self.send)
        self.send_file_button.clicked.connect(self.choose_file)
        self.format_button.clicked.connect(self.format_json)
        self.repeat_bar.start_requested.connect(self._start_repeat)
        self.event_fields.submitted.connect(self.send)
        self.editor.textChanged.connect(self._on_text_changed)
        self.editor.history_step.connect(self._recall)
        self.mode.currentIndexChanged.connect(lambda _i: self._on_mode_changed())
        self.invisibles.toggled.connect(self._show_invisibles)
        self._open = False
        self._on_mode_changed()
        self.set_open(False)

    @property
    def current_mode(self) -> str:
        return str(self.mode.currentData())

    def set_mode(self, mode: str) -> None:
        """Switch mode; one this version does not know (an imported profile) is Text."""
        self.mode.setCurrentIndex(max(0, self.mode.findData(mode)))

    def _menu_action(self, text: str, slot: Callable[[], object]) -> QAction:
        action = self.send_menu.addAction(text)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def set_socketio(self, on: bool) -> None:
        """A Socket.IO connection: Send emits the event (the message is its first argument);
        Ping and Send file are plain-WebSocket things."""
        self.socketio = on
        self.event_fields.setVisible(on)
        self.ping_button.setToolTip(SOCKETIO_PING_TIP if on else PING_TIP)
        self.send_button.setText("Emit" if on else "Send")
        self.send_button.setToolTip(
            "Emit the event with the message as its first argument (Ctrl+Enter)"
            if on
            else "Send the message (Ctrl+Enter)"
        )
        self.set_open(self._open)

    def set_open(self, is_open: bool) -> None:
        """Sending is possible only while the connection is OPEN; a note ("Not sent: connect
        first") is gone with the state it was about."""
        for button in (self.send_button, self.send_file_button):
            button.setEnabled(is_open)
        self.ping_button.setEnabled(is_open and not self.socketio)
        self.send_file_button.setEnabled(is_open and not self.socketio)
        self.repeat_bar.set_open(is_open)
        self._open = is_open
        self._say("")

    def _toggle_repeat_bar(self) -> None:
        shown = self.repeat_action.isChecked() or self.repeat_bar.running
        self.repeat_bar.setVisible(shown)
        if shown:
            self.repeat_bar.every.setFocus()

    def payload(self) -> str | bytes:
        """What the editor holds, encoded (``{{variables}}`` as typed). Raises PayloadError."""
        return encode(self.current_mode, self.editor.exact_text())

    def wire_payload(self) -> str | bytes:
        """The payload as it goes on the wire, its ``{{variables}}`` resolved by the
        window's environment. Raises PayloadError or OptionsError (an undefined one)."""
        return encode(self.current_mode, self.resolve_text(self.editor.exact_text(), "Message"))

    def send(self) -> None:
        if not self._open:
            self._say(not_open("CLOSED") + ": connect first")
            return
        if self.socketio:
            self.emit_event()
            return
        text = self.editor.exact_text()
        if self.current_mode == "file":
            path = text.strip()
            if not path:
                self._say("File: enter a path or press Send file…")
                return
            self.history.add("file", path)
            self.send_file_requested.emit(path)
            return
        try:
            payload = self.wire_payload()
        except (PayloadError, OptionsError) as exc:
            self._say(str(exc))
            return
        self._say("")
        self.history.add(self.current_mode, text)
        self.send_requested.emit(payload)

    def emit_event(self) -> None:
        """Socket.IO: the event, with the message as one argument and the extra ones."""
        fields = self.event_fields
        name = fields.event_name.text().strip()
        if not name:
            self._say("Not emitted: the event name is empty (the field above the message)")
            fields.event_name.setFocus()
            return
        text, resolve = self.editor.exact_text(), self.resolve_text
        try:
            extras = [resolve(extra, "Argument") for extra in fields.extra_texts()]
            args: list[Any] = emit_arguments(self.current_mode, resolve(text, "Message"), extras)
        except (OptionsError, PayloadError) as exc:
            self._say(f"Not emitted: {exc}")
            return
        self._say("")
        self.history.add(self.current_mode, text)
        self.emit_requested.emit(name, args, fields.ack.isChecked())

    def _composed(self, action: str) -> str | bytes | None:
        """The editor's message for ``action`` (Repeat, Send to…), kept in the history; None
        after saying why there is none."""
        if self.current_mode == "file":
            self._say(f"{action} sends the editor's message; File mode has none")
            return None
        try:
            payload = self.wire_payload()
        except (PayloadError, OptionsError) as exc:
            self._say(str(exc))
            return None
        self.history.add(self.current_mode, self.editor.exact_text())
        return payload

    def _start_repeat(self, every_ms: int, times: int) -> None:
        payload = self._composed("Repeat")
        if payload is not None:
            self.repeat_requested.emit(payload, every_ms, times)

    def _fill_send_to(self) -> None:
        """Send ▾ > Send to: every open connection, or one of them."""
        menu = self.send_to_menu
        menu.clear()
        targets = self.targets()
        if not targets:
            menu.addAction("No open connection").setEnabled(False)
            return
        every = menu.addAction(f"All open connections ({len(targets)})")
        every.triggered.connect(lambda: self.send_to([send for _title, send in targets]))
        menu.addSeparator()
        for title, send in targets:
            menu.addAction(title).triggered.connect(lambda _=False, s=send: self.send_to([s]))

    def send_to(self, sends: list[Callable[[str | bytes], None]]) -> None:
        """Send the composed message on each of these connections."""
        payload = self._composed("Send to…")
        if payload is None:
            return
        for send in sends:
            send(payload)
        self._say(f"Sent on {len(sends)} connection(s)", Tone.NOTE)

    def format_json(self) -> None:
        try:
            formatted = format_json(self.editor.exact_text())
        except PayloadError as exc:
            self._say(str(exc))
            return
        self.editor.replace_text(formatted)

    def choose_file(self) -> None:
        """Open a non-modal file picker (no nested event loop); its choice is sent."""
        self.file_dialog = pick_file(
            self, "Send file as one binary message", "All files (*)", self.send_file_requested.emit
        )

    def _recall(self, step: int) -> None:
        item = self.history.step(step, (self.current_mode, self.editor.exact_text()))
        if item is None:
            return
        mode, text = item
        self.set_mode(mode)
        self.editor.replace_text(text)

    def _on_text_changed(self) -> None:
        if self.revealed.isVisible():  # one paragraph: ¶ marks where the lines end
            self.revealed.setText(reveal_invisibles(self.editor.exact_text()).replace("\n", ""))
        note, problem = editor_note(self.current_mode, self.editor.exact_text())
        self._say(note, Tone.ERROR if problem else Tone.NOTE)

    def _on_mode_changed(self) -> None:
        mode = self.current_mode
        self.format_button.setVisible(mode == "json")
        self.format_action.setEnabled(mode == "json")
        self.editor.setPlaceholderText(_PLACEHOLDERS[mode])
        self._on_text_changed()

    def _show_invisibles(self, on: bool) -> None:
        option = self.editor.document().defaultTextOption()
        flags = QTextOption.Flag.ShowTabsAndSpaces | QTextOption.Flag.ShowLineAndParagraphSeparators
        option.setFlags(option.flags() | flags if on else option.flags() & ~flags)
        self.editor.document().setDefaultTextOption(option)
        self.revealed.setVisible(on)
        self._on_text_changed()

    def _say(self, text: str, tone: Tone = Tone.ERROR) -> None:
        set_tone(self.message, tone)
        self.message.setText(text)
        self.message.setVisible(bool(text))
