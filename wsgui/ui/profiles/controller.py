"""The profiles behind the panel: which one is open, whether it has unsaved changes, and the
store operations, each reported as a message rather than raised at the user."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from wsgui.core.model.options import ConnectOptions, OptionsError
from wsgui.core.profiles.exchange import without_secrets
from wsgui.core.profiles.naming import NEW_PROFILE, default_name
from wsgui.core.profiles.profile import Profile, ProfileError, SavedMessage
from wsgui.core.profiles.references import Replacement, literal_secrets, with_references
from wsgui.core.profiles.store import ProfileStore


class ProfileController(QObject):
    """Owns the list of profiles and the current one; the panel and window only display."""

    profiles_changed = Signal()
    current_changed = Signal(object)  # Profile | None
    dirty_changed = Signal(bool)
    message = Signal(str, bool)  # text, is_error
    # A save refused for want of a keyring: the text of the button that replaces the secrets
    # by ${VARIABLE} references and saves ("" once that offer no longer stands).
    secrets_offer = Signal(str)

    def __init__(
        self,
        store: ProfileStore,
        current_options: Callable[[], ConnectOptions],
        parent: QObject | None = None,
        current_messages: Callable[[], tuple[SavedMessage, ...]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self._current_options = current_options
        self._current_messages = current_messages or (
            lambda: self.current.messages if self.current is not None else ()
        )
        self.profiles: list[Profile] = []
        self.current: Profile | None = None
        self.dirty = False
        self.last_deleted: Profile | None = None
        self.refused: tuple[str, bool] | None = None  # (name, replace_current) of that save

    def reload(self) -> list[str]:
        """Read every profile; return (and announce) the problems found."""
        report = self.store.load_all()
        self.profiles = report.profiles
        self.profiles_changed.emit()
        for problem in report.problems:
            self.message.emit(problem, True)
        return report.problems

    def find(self, name: str) -> Profile | None:
        return next((p for p in self.profiles if p.name == name), None)

    def open(self, profile: Profile | None) -> None:
        """Make ``profile`` current (the window loads it into the panel)."""
        self._withdraw_offer()
        self.current = profile
        self.current_changed.emit(profile)
        self.set_dirty(False)

    def show_page_profile(self, profile: Profile | None) -> None:
        """Another tab became current: its profile is the current one now (its fields are
        already in its panel); compare them for the unsaved mark."""
        self._withdraw_offer()  # the refused save was another tab's
        self.current = profile
        self.current_changed.emit(profile)
        self.check_dirty()

    def check_dirty(self) -> None:
        """Compare the panel with the saved profile (called on every edit)."""
        if self.current is None:
            self.set_dirty(False)
            return
        try:
            options = self._current_options()
        except OptionsError:
            self.set_dirty(True)  # a field no longer holds a valid value: not what was saved
            return
        messages = self._current_messages()
        self.set_dirty(options != self.current.options or messages != self.current.messages)

    def set_dirty(self, dirty: bool) -> None:
        if dirty != self.dirty:
            self.dirty = dirty
            self.dirty_changed.emit(dirty)

    def save(self) -> bool:
        """Save the panel into the current profile (or ask for a name via save_as)."""
        if self.current is None:
            return False
        return self.save_as(self.current.name, replace_current=True)

    def save_as(self, name: str, *, replace_current: bool = False) -> bool:
        name = name.strip()
        if not name:
            self.message.emit("Profile not saved: the name is empty", True)
            return False
        existing = self.find(name)
        if existing is not None and not replace_current and existing is not self.current:
            self.message.emit(f"Profile not saved: '{name}' already exists", True)
            return False
        try:
            options = self._current_options()
        except OptionsError as exc:
            self.message.emit(f"Profile '{name}' not saved: {exc}", True)
            return False
        if not self.store.secrets.available and (secrets := literal_secrets(options)):
            self._refuse_secrets(name, replace_current, options, secrets)
            return False
        profile = Profile(name, options, self._current_messages())
        new_file = self.current is None or name != self.current.name
        if not self._write(
            lambda: self.store.save(profile, create=new_file), f"Profile '{name}' not saved"
        ):
            return False
        self._replace_in_list(existing, profile)
        self.open(profile)
        self.message.emit(f"Saved profile '{name}' to {self.store.path_for(name)}", False)
        return True

    def save_with_references(self, load: Callable[[ConnectOptions], None]) -> bool:
        """The refused save again, each secret replaced by a ``${VARIABLE}`` reference:
        ``load`` puts the references into the tab's fields, this session's environment gets
        the values (so connecting still works), and the message names the variables to set."""
        if self.refused is None:
            return False
        name, replace_current = self.refused
        try:
            options = self._current_options()
        except OptionsError as exc:
            self.message.emit(f"Profile '{name}' not saved: {exc}", True)
            return False
        replaced, replacements = with_references(options, os.environ)
        for each in replacements:
            os.environ[each.variable] = each.value  # the reference reads it when connecting
        load(replaced)
        if not self.save_as(name, replace_current=replace_current):
            return False
        path = self.store.path_for(name)
        self.message.emit(_saved_with_references(name, str(path), replacements), False)
        return True

    def suggested_name(self) -> str:
        """What Save as offers: the open profile's name, else the URL's host:port; unique."""
        if self.current is not None:
            return self.unique_name(self.current.name)
        try:
            url = self._current_options().url
        except OptionsError:
            return self.unique_name(NEW_PROFILE)
        return self.unique_name(default_name(url))

    def add(self, profile: Profile) -> bool:
        """Save a new profile (imported, duplicated) without opening it."""
        if self.find(profile.name) is not None:
            self.message.emit(f"Profile not added: '{profile.name}' already exists", True)
            return False
        if not self._write(
            lambda: self.store.save(profile, create=True), f"Profile '{profile.name}' not saved"
        ):
            return False
        self._replace_in_list(None, profile)
        return True

    def duplicate(self, profile: Profile) -> Profile | None:
        name = self.unique_name(f"{profile.name} copy")
        copy = Profile(name, profile.options, profile.messages)
        return copy if self.add(copy) else None

    def rename(self, profile: Profile, new_name: str) -> bool:
        new_name = new_name.strip()
        if not new_name or (self.find(new_name) is not None and new_name != profile.name):
            self.message.emit(f"Not renamed: '{new_name}' is empty or taken", True)
            return False
        renamed: list[Profile] = []
        ok = self._write(
            lambda: renamed.append(self.store.rename(profile, new_name)), "Not renamed"
        )
        if not ok:
            return False
        self._replace_in_list(profile, renamed[0])
        if self.current is profile:
            self.current = renamed[0]
            self.current_changed.emit(renamed[0])
        self.message.emit(f"Renamed '{profile.name}' to '{new_name}'", False)
        return True

    def delete(self, profile: Profile) -> bool:
        """Delete; the profile stays in memory so that undo_delete can bring it back."""
        if profile is self.current and self.dirty:
            self.message.emit(
                f"Not deleted: '{profile.name}' has unsaved changes; save or discard them first",
                True,
            )
            return False
        if not self._write(lambda: self.store.delete(profile.name), "Not deleted"):
            return False
        self.profiles = [p for p in self.profiles if p is not profile]
        self.last_deleted = profile
        if self.current is profile:
            self.open(None)
        self.profiles_changed.emit()
        self.message.emit(f"Deleted profile '{profile.name}' (Undo brings it back)", False)
        return True

    def undo_delete(self) -> bool:
        profile, self.last_deleted = self.last_deleted, None
        if profile is None:
            return False
        if self.add(profile):
            self.message.emit(f"Restored profile '{profile.name}'", False)
            return True
        return False

    def import_profiles(self, incoming: list[Profile], source: str) -> list[Profile]:
        """Add imported profiles under unique names; where no keyring can keep a secret,
        keep the profile without it and say so. Returns the profiles added."""
        added: list[Profile] = []
        notes: list[str] = []
        for profile in incoming:
            named = replace(profile, name=self.unique_name(profile.name))
            notes += [f"{named.name}: {note}" for note in profile.notes]
            try:
                self.store.save(named, create=True)
            except ProfileError:
                named, dropped = without_secrets(named)
                notes += dropped
                try:
                    self.store.save(named, create=True)
                except ProfileError as exc:
                    notes.append(f"'{named.name}' skipped: {exc}")
                    continue
            self._replace_in_list(None, named)
            added.append(named)
        messages = sum(len(p.messages) for p in added)
        summary = f"Imported {len(added)} profile(s) from {source}"
        if messages:
            summary += f" with {messages} saved message(s)"
        self.message.emit("\n".join([summary, *notes]), bool(notes) and not added)
        return added

    def unique_name(self, base: str) -> str:
        name, counter = base, 1
        while self.find(name) is not None or self.store.path_for(name).exists():
            counter += 1
            name = f"{base} ({counter})"
        return name

    def _refuse_secrets(
        self, name: str, replace_current: bool, options: ConnectOptions, secrets: list[str]
    ) -> None:
        _, replacements = with_references(options, os.environ)
        fields = ", ".join(secrets)
        where = "it" if len(secrets) == 1 else "them"
        variables = ", ".join(f"${{{r.variable}}}" for r in replacements)
        self.message.emit(
            f"Profile '{name}' not saved: no OS keyring can keep the secret in {fields}. "
            f"Replace {where} with {variables}, read from the environment when connecting.",
            True,
        )
        self.refused = (name, replace_current)
        label = variables if len(replacements) == 1 else "${…} variables"
        self.secrets_offer.emit(f"Replace with {label} and save")

    def _withdraw_offer(self) -> None:
        if self.refused is not None:
            self.refused = None
            self.secrets_offer.emit("")

    def _write(self, action: Callable[[], object], failure: str) -> bool:
        try:
            action()
        except ProfileError as exc:
            self.message.emit(f"{failure}: {exc}", True)
            return False
        return True

    def _replace_in_list(self, old: Profile | None, new: Profile) -> None:
        self.profiles = [p for p in self.profiles if p is not old and p.name != new.name]
        self.profiles.append(new)
        self.profiles.sort(key=lambda p: p.name.lower())
        self.profiles_changed.emit()


def _saved_with_references(name: str, path: str, replacements: list[Replacement]) -> str:
    """Which variables the user must set from now on, and to what (never the value)."""
    lines = [f"Saved profile '{name}' to {path}; its secrets are read from the environment:"]
    lines += [f"{r.label}: {r.variable} holds {r.holds}" for r in replacements]
    variables = " ".join(f"{r.variable}=…" for r in replacements)
    lines.append(f"Set for this session; before starting wsgui again: export {variables}")
    return "\n".join(lines)
