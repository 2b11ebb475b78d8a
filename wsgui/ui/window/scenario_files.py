"""Log > Save session as scenario…, File > Open scenario as connection… and File > Export
profile as scenario…: a non-modal file picker each (``open()``, never ``exec()``: the asyncio
loop runs inside Qt's), kept in ``self.dialog`` so that tests can drive it; the core
(wsgui.core.scenarios) makes and reads the files. It is imported when a file is written or
read: at startup it cost ~20 ms (tomllib, jsonpath checks, the recording rules)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QWidget

from wsgui.core.model.entries import LogEntry
from wsgui.core.model.options import ConnectOptions, OptionsError
from wsgui.core.model.urls import host_and_port
from wsgui.core.profiles.profile import Profile
from wsgui.ui.common.file_dialogs import pick_file
from wsgui.ui.page.connection_page import ConnectionPage
from wsgui.ui.profiles.controller import ProfileController
from wsgui.ui.scenarios.record_dialog import RecordChoice, RecordDialog

__all__ = ["MAX_ENTRIES", "SAVE_TEXT", "SAVE_TIP", "ScenarioFiles"]

TOML_FILTER = "Scenarios (*.toml);;All files (*)"
# A scenario is a conversation to replay, not a flood; the file is made on the UI thread
# (10,000 entries: ~0.35 s, bench/record_scenario.py).
MAX_ENTRIES = 10_000
SAVE_TEXT = "Sa&ve session as scenario…"
SAVE_TIP = "Save the selected entries (or, with none selected, the whole log) as a scenario file"


class ScenarioFiles(QObject):
    """The window's scenario files. ``profiles`` and ``open_profile`` are None in a window
    without profiles (then only the log's action is there)."""

    def __init__(
        self,
        window: QWidget,
        current_page: Callable[[], ConnectionPage],
        profiles: ProfileController | None = None,
        open_profile: Callable[[Profile], None] | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.current_page = current_page
        self.profiles = profiles
        self.open_profile = open_profile
        self.dialog: QFileDialog | None = None
        self.record_dialog: RecordDialog | None = None

    def save_action(self, page: ConnectionPage) -> QAction:
        """The log's context-menu entry for ``page`` (the Log menu's acts on the current tab)."""
        action = QAction(SAVE_TEXT.replace("&", ""), page.log_view)
        action.setToolTip(SAVE_TIP)
        action.triggered.connect(lambda: self.save_session(page))
        return action

    def save_session(self, page: ConnectionPage | None = None) -> QFileDialog | None:
        """Ask where to save the selected entries (all when none is selected), taken now."""
        page = page or self.current_page()
        page.model.flush()
        selected = page.log_view.selectionModel().selectedRows()
        count = len(selected) or len(page.model.store)
        if count > MAX_ENTRIES:
            chosen = "you selected" if selected else "the log holds"
            page.say(
                f"Scenario not saved: {chosen} {count:,} entries; a scenario takes at most "
                f"{MAX_ENTRIES:,} (select the ones to save)"
            )
            return None
        entries = page.log_view.selected_entries() or list(page.model.store)
        if not entries:
            page.say("Scenario not saved: the log is empty (connect, send, then save)")
            return None
        try:
            options = page.panel.valid_options()
        except OptionsError as exc:
            page.say(f"Scenario not saved: {exc}")
            return None
        from wsgui.core.scenarios.recording import json_field_choices  # loaded when used

        fields = json_field_choices(entries)
        if fields:  # received JSON: which fields to check comes first
            self.record_dialog = RecordDialog(fields, len(entries), self.window)
            self.record_dialog.chosen.connect(
                lambda choice: self._pick_target(entries, options, page, choice)
            )
            self.record_dialog.open()
            return None
        return self._pick_target(entries, options, page, None)

    def _pick_target(
        self,
        entries: list[LogEntry],
        options: ConnectOptions,
        page: ConnectionPage,
        choice: RecordChoice | None,
    ) -> QFileDialog:
        dialog = self._pick(
            "Save session as scenario",
            lambda path: self.write_session(path, entries, options, page, choice),
            save=True,
        )
        dialog.selectFile(f"{_file_stem(host_and_port(options.url)) or 'session'}.toml")
        return dialog

    def write_session(
        self,
        path: str,
        entries: list[LogEntry],
        options: ConnectOptions,
        page: ConnectionPage,
        choice: RecordChoice | None = None,
    ) -> None:
        from wsgui.core.scenarios.connect_table import write_scenario  # loaded when used
        from wsgui.core.scenarios.recording import record_session
        from wsgui.core.scenarios.scenario import ScenarioError

        target = _toml(path)
        try:
            if choice is None:
                recording = record_session(entries, options, name=target.stem)
            else:
                recording = record_session(
                    entries,
                    options,
                    name=target.stem,
                    json_fields=choice.paths,
                    exact_json=choice.exact,
                    within=choice.within,
                )
            write_scenario(target, recording.text)
        except ScenarioError as exc:
            page.say(f"Scenario not saved: {exc}")
            return
        steps = "step" if recording.steps == 1 else "steps"
        secrets = f"; {recording.secrets[0]}" if len(recording.secrets) == 1 else ""
        if len(recording.secrets) > 1:
            secrets = f"; {len(recording.secrets)} secrets are references (see the file's top)"
        page.say(f"Saved {recording.steps} {steps} to {target}{secrets}", 0)

    def open_scenario(self) -> QFileDialog:
        """Pick a scenario file; it becomes a profile (saved, opened in the current tab)."""
        return self._pick("Open scenario as connection", self.open_scenario_file)

    def open_scenario_file(self, path: str) -> None:
        from wsgui.core.scenarios.profile_scenario import scenario_to_profile
        from wsgui.core.scenarios.scenario import ScenarioError, load

        if self.profiles is None:
            return
        try:
            profile = scenario_to_profile(load(Path(path)))
        except ScenarioError as exc:
            self.profiles.message.emit(f"Not opened: {exc}", True)
            return
        added = self.profiles.import_profiles([profile], Path(path).name)
        if added and self.open_profile is not None:
            self.open_profile(added[0])

    def export_profile(self, profile: Profile | None) -> QFileDialog | None:
        """Pick where to write ``profile`` as a scenario with no steps."""
        if profile is None:
            if self.profiles is not None:
                self.profiles.message.emit("Select a profile to export as a scenario", True)
            return None
        dialog = self._pick(
            "Export profile as scenario",
            lambda path: self.write_profile(path, profile),
            save=True,
        )
        dialog.selectFile(f"{_file_stem(profile.name) or 'profile'}.toml")
        return dialog

    def write_profile(self, path: str, profile: Profile) -> None:
        from wsgui.core.scenarios.connect_table import connect_table, write_scenario
        from wsgui.core.scenarios.profile_scenario import profile_to_scenario
        from wsgui.core.scenarios.scenario import ScenarioError

        target = _toml(path)
        try:
            write_scenario(target, profile_to_scenario(profile))
        except ScenarioError as exc:
            self._say(f"Not exported: {exc}", True)
            return
        secrets = connect_table(profile.options).secrets
        note = f" ({len(secrets)} secret(s) written as references)" if secrets else ""
        self._say(f"Exported profile '{profile.name}' as the scenario {target}{note}", False)

    def _say(self, text: str, is_error: bool) -> None:
        if self.profiles is not None:
            self.profiles.message.emit(text, is_error)
        else:
            self.current_page().say(text)

    def _pick(self, title: str, then: Callable[[str], None], *, save: bool = False) -> QFileDialog:
        self.dialog = pick_file(self.window, title, TOML_FILTER, then, save_suffix="toml" * save)
        return self.dialog


def _toml(path: str) -> Path:
    target = Path(path)
    return target if target.suffix else target.with_suffix(".toml")


def _file_stem(text: str) -> str:
    """A file name made of ``text``: ``127.0.0.1:1740`` -> ``127.0.0.1-1740``."""
    return "".join(c if c.isalnum() or c in "._-" else "-" for c in text).strip("-.")
