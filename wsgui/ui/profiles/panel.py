"""The profiles side panel: search, open (double-click), New, Save, Save as, Rename,
Duplicate, Delete with Undo. The selection follows the current tab's profile, so the buttons
act on what the title shows. Name prompts are non-modal (no nested event loop)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wsgui.core.model.payload import preview
from wsgui.core.model.secrets import SecretStore
from wsgui.core.profiles.profile import Profile
from wsgui.ui.common.dialog_fit import fit_title
from wsgui.ui.common.labels import plain_label
from wsgui.ui.profiles.controller import ProfileController
from wsgui.ui.theme.colors import Tone, set_tone

SHORT_REPLACE = "Replace with ${VARIABLE} and save"
REPLACE_TIP = (
    "each secret becomes a ${VARIABLE} reference, read from the environment when connecting "
    "(set for this session too); the profile file never holds the value"
)


def secret_storage_text(secrets: SecretStore) -> str:
    """Where secrets of saved profiles go, in words (shown under the list and in Auth)."""
    if secrets.available:
        return f"Secrets (Authorization, Cookie, tokens) are saved in {secrets.description}."
    return (
        "No OS keyring: a profile with a secret can only be saved if the value is written as "
        "${VARIABLE}, read from the environment when connecting."
    )


class ProfilesPanel(QWidget):
    """A view of ProfileController; asks the window (open_requested) to open a profile."""

    open_requested = Signal(object)  # Profile | None (None: a new, empty connection)
    export_requested = Signal(object)  # Profile
    replace_secrets_requested = Signal()  # the one-click answer to a save refused for secrets

    def __init__(self, profiles: ProfileController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profilesPanel")
        self.profiles = profiles
        self.search = QLineEdit()
        self.search.setObjectName("profilesSearch")
        self.search.setPlaceholderText("Search profiles")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("profilesList")
        self.list.setToolTip("Double-click to open a profile in the connection panel")
        self.messages_title = plain_label("savedMessagesTitle")
        self.messages = QListWidget()
        self.messages.setObjectName("savedMessages")
        self.messages.setToolTip(
            "Messages saved with the selected profile (imported from a HAR file, or snippets)"
        )
        self.messages.setMaximumHeight(110)
        self.message = plain_label("profilesMessage")
        self.replace_secrets = QPushButton()
        self.replace_secrets.setObjectName("replaceSecretsButton")
        self.replace_secrets.setToolTip(REPLACE_TIP)
        self.replace_secrets.setAccessibleName(SHORT_REPLACE)
        self.replace_secrets.setVisible(False)
        self.replace_secrets.clicked.connect(self.replace_secrets_requested)
        self.secrets_note = plain_label("secretsNote")
        set_tone(self.secrets_note, Tone.NOTE)
        # Finding the keyring takes a moment: say where secrets go once the window is up.
        QTimer.singleShot(
            0, lambda: self.secrets_note.setText(secret_storage_text(profiles.store.secrets))
        )
        self.name_dialog: QInputDialog | None = None
        self._following = False  # refresh() selects the current profile, not the old choice
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        specs = [
            ("New", "Start a new, unsaved connection", self.new),
            ("Save", "Save the connection panel into this profile (Ctrl+S)", self.save),
            ("Save as…", "Save the connection panel as a new profile", self.save_as),
            ("Rename…", "Rename the selected profile", self.rename),
            ("Duplicate", "Copy the selected profile", self.duplicate),
            ("Delete", "Delete the selected profile (Undo brings it back)", self.delete),
            ("Export…", "Export the selected profile to a file (without secrets)", self.export),
            ("Undo delete", "Bring back the profile deleted last", self.profiles.undo_delete),
        ]
        for index, (text, tip, slot) in enumerate(specs):
            button = QPushButton(text)
            button.setObjectName("profile" + text.replace("…", "").replace(" ", "") + "Button")
            button.setToolTip(tip)
            button.clicked.connect(slot)
            grid.addWidget(button, index // 2, index % 2)
            self.buttons[text] = button
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.messages_title)
        layout.addWidget(self.messages)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addWidget(self.replace_secrets)
        layout.addWidget(self.secrets_note)

        self.search.textChanged.connect(self.refresh)
        self.list.itemDoubleClicked.connect(self._on_double_click)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.list.currentItemChanged.connect(lambda *_: self._show_saved_messages())
        profiles.profiles_changed.connect(self.refresh)
        profiles.current_changed.connect(lambda _p: self.follow_current())
        profiles.dirty_changed.connect(lambda _d: self.refresh())
        profiles.message.connect(self.show_message)
        profiles.secrets_offer.connect(self._offer_replacement)
        self.refresh()

    def selected(self) -> Profile | None:
        item = self.list.currentItem()
        return None if item is None else self.profiles.find(item.data(Qt.ItemDataRole.UserRole))

    def follow_current(self) -> None:
        """Another tab (or profile) became current: select its profile, or nothing."""
        self._following = True
        try:
            self.refresh()
        finally:
            self._following = False

    def refresh(self) -> None:
        """Rebuild the list: filtered by the search, the open profile bold, * when unsaved."""
        wanted = self.search.text().strip().lower()
        chosen = self.profiles.current if self._following else self.selected()
        selected = None if chosen is None else chosen.name
        self.list.blockSignals(True)  # one update of the buttons and messages, at the end
        self.list.clear()
        found = False
        for profile in self.profiles.profiles:
            haystack = f"{profile.name} {profile.options.url}".lower()
            if wanted and wanted not in haystack:
                continue
            is_current = profile is self.profiles.current
            mark = "* " if is_current and self.profiles.dirty else ""
            item = QListWidgetItem(mark + profile.name)
            item.setData(Qt.ItemDataRole.UserRole, profile.name)
            item.setToolTip(profile.options.url)
            font = item.font()
            font.setBold(is_current)
            item.setFont(font)
            self.list.addItem(item)
            if profile.name == selected or (selected is None and is_current):
                self.list.setCurrentItem(item)
                found = True
        if not found:
            self.list.setCurrentRow(-1)
        self.list.blockSignals(False)
        self._update_buttons()
        self._show_saved_messages()

    def show_message(self, text: str, is_error: bool) -> None:
        set_tone(self.message, Tone.ERROR if is_error else Tone.NOTE)
        self.message.setText(text)
        self.replace_secrets.setVisible(False)  # offered again by secrets_offer where it fits
        self.secrets_note.setVisible(True)

    def _offer_replacement(self, text: str) -> None:
        """Show (or, with "", withdraw) the button that saves with ${VARIABLE} references;
        where its full text would widen the panel, a shorter one (the message names them)."""
        button = self.replace_secrets
        room = self.width() - 16
        wide = button.fontMetrics().horizontalAdvance(text) + 24 > room
        button.setText(SHORT_REPLACE if wide and self.isVisible() else text)
        button.setAccessibleName(text or SHORT_REPLACE)
        button.setToolTip(f"{text}: {REPLACE_TIP}" if text else REPLACE_TIP)
        button.setVisible(bool(text))
        self.secrets_note.setVisible(not text)  # the message above says it already

    def new(self) -> None:
        self.open_requested.emit(None)

    def save(self) -> None:
        if self.profiles.current is None:
            self.save_as()
        else:
            self.profiles.save()

    def save_as(self) -> None:
        """Ask for a name: the open profile's (made unique), else the URL's host:port."""
        self.ask_name("Save profile as", self.profiles.suggested_name(), self.profiles.save_as)

    def rename(self) -> None:
        profile = self.selected()
        if profile is not None:
            self.ask_name("Rename profile", profile.name, lambda name: self._rename(profile, name))

    def _rename(self, profile: Profile, name: str) -> None:
        if self.profiles.rename(profile, name):
            self.select(name.strip())  # still the one acted on, under its new name

    def select(self, name: str) -> None:
        """Select the profile called ``name`` in the list (if the search shows it)."""
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.list.setCurrentRow(row)

    def duplicate(self) -> None:
        profile = self.selected()
        if profile is not None:
            self.profiles.duplicate(profile)

    def delete(self) -> None:
        profile = self.selected()
        if profile is not None:
            self.profiles.delete(profile)

    def ask_name(self, title: str, suggested: str, then: Callable[[str], object]) -> QInputDialog:
        """A non-modal name prompt; ``then`` runs with the name when the user accepts."""
        dialog = QInputDialog(self)
        dialog.setObjectName("profileNameDialog")
        dialog.setWindowTitle(title)
        dialog.setLabelText("Profile name:")
        dialog.setTextValue(suggested)
        fit_title(dialog)
        dialog.textValueSelected.connect(then)
        dialog.finished.connect(dialog.deleteLater)
        self.name_dialog = dialog
        dialog.open()
        return dialog

    def export(self) -> None:
        profile = self.selected()
        if profile is not None:
            self.export_requested.emit(profile)

    def _on_double_click(self, item: QListWidgetItem) -> None:
        profile = self.profiles.find(item.data(Qt.ItemDataRole.UserRole))
        if profile is not None:
            self.open_requested.emit(profile)

    def _show_saved_messages(self) -> None:
        """List the selected profile's saved messages (plain text, one line each)."""
        profile = self.selected()
        saved = profile.messages if profile is not None else ()
        self.messages.clear()
        for message in saved:
            arrow = "↓" if message.direction == "received" else "↑"
            body = preview(message.body, 80)
            self.messages.addItem(f"{arrow} {message.direction} · {message.mode} · {body}")
        title = f"Saved messages of {profile.name} ({len(saved)})" if profile and saved else ""
        self.messages_title.setText(title)
        self.messages.setVisible(bool(saved))
        self.messages_title.setVisible(bool(saved))

    def _update_buttons(self) -> None:
        has_selection = self.selected() is not None
        for name in ("Rename…", "Duplicate", "Delete", "Export…"):
            self.buttons[name].setEnabled(has_selection)
        self.buttons["Undo delete"].setEnabled(self.profiles.last_deleted is not None)
