"""Ties the snippets panel to the composer and the connection: save the composer's message as
a snippet, send one, load one into the editor, and run the on-connect sequence after each open."""

from __future__ import annotations

from PySide6.QtCore import QObject

from wsgui.core.compose.encoding import encode
from wsgui.core.connection.sequence import on_connect_steps, run_on_connect
from wsgui.core.model.entries import ReadyState
from wsgui.core.model.options import OptionsError
from wsgui.core.model.payload import PayloadError
from wsgui.core.profiles.profile import SavedMessage
from wsgui.ui.compose.composer import Composer
from wsgui.ui.compose.snippets_panel import SnippetsPanel
from wsgui.ui.connection.controller import SessionController


class SnippetBinding(QObject):
    def __init__(
        self, snippets: SnippetsPanel, composer: Composer, controller: SessionController
    ) -> None:
        super().__init__(snippets)
        self.snippets, self.composer, self.controller = snippets, composer, controller
        snippets.add_requested.connect(self.save_composer_as)
        snippets.send_requested.connect(self.send)
        snippets.edit_requested.connect(self.to_editor)
        controller.state_changed.connect(self._on_state)

    def save_composer_as(self, name: str) -> None:
        composer = self.composer
        if composer.current_mode == "file":
            self.snippets.message.setText(
                "Snippet not saved: File mode holds a path, not a message"
            )
            return
        try:
            composer.payload()  # only messages that can be sent are kept
        except PayloadError as exc:
            self.snippets.message.setText(f"Snippet not saved: {exc}")
            return
        self.snippets.add(SavedMessage(name, composer.editor.exact_text(), composer.current_mode))

    def send(self, snippet: SavedMessage) -> None:
        """Send a snippet, its ``{{variables}}`` resolved as the composer's are."""
        try:
            body = self.composer.resolve_text(snippet.body, f"Snippet '{snippet.name}'")
            payload = encode(snippet.mode, body)
        except (PayloadError, OptionsError) as exc:
            self.snippets.message.setText(f"'{snippet.name}' not sent: {exc}")
            return
        self.snippets.message.clear()
        self.controller.send(payload)

    def to_editor(self, snippet: SavedMessage) -> None:
        self.composer.set_mode(snippet.mode)
        self.composer.editor.replace_text(snippet.body)

    def _on_state(self, value: int) -> None:
        session = self.controller.session
        messages = self.snippets.messages()
        if value == ReadyState.OPEN and session is not None and on_connect_steps(messages):
            resolve = self.composer.resolve_text
            self.controller.spawn(run_on_connect(session, messages, resolve=resolve))
