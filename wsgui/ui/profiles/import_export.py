"""File > Import and Export of profiles: command lines, HAR files, profile files.

Every file picker is a non-modal QFileDialog opened with ``open()`` (never ``exec()``: the
asyncio loop runs inside Qt's), kept in ``self.dialog`` so that it can be driven in tests.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QWidget

from wsgui.core.connection.errors import file_reason
from wsgui.core.profiles.exchange import export_profiles, from_imported, read_export
from wsgui.core.profiles.importers import ImportedProfile, ImportFailure, import_har
from wsgui.core.profiles.profile import Profile, ProfileError
from wsgui.ui.common.dialog_fit import fit_title
from wsgui.ui.common.file_dialogs import pick_file
from wsgui.ui.profiles.binding import ProfileBinding
from wsgui.ui.profiles.controller import ProfileController
from wsgui.ui.profiles.import_command_dialog import ImportCommandDialog

JSON_FILTER = "wsgui profiles (*.json);;All files (*)"
HAR_FILTER = "HAR files (*.har *.json);;All files (*)"


class ProfileImportExport(QObject):
    def __init__(
        self, window: QWidget, profiles: ProfileController, binding: ProfileBinding
    ) -> None:
        super().__init__(window)
        self.window = window
        self.profiles = profiles
        self.binding = binding
        self.dialog: QFileDialog | ImportCommandDialog | None = None

    def import_command_line(self) -> ImportCommandDialog:
        dialog = ImportCommandDialog(self.window)
        dialog.imported.connect(self._command_imported)
        dialog.finished.connect(dialog.deleteLater)
        fit_title(dialog)
        self.dialog = dialog
        dialog.open()
        return dialog

    def import_har(self) -> QFileDialog:
        return self._pick("Import a HAR file", HAR_FILTER, self.import_har_file)

    def import_profiles(self) -> QFileDialog:
        return self._pick("Import profiles", JSON_FILTER, self.import_profiles_file)

    def export_all(self) -> QFileDialog:
        return self._pick("Export all profiles", JSON_FILTER, self.export_all_to, save=True)

    def export_one(self, profile: Profile) -> QFileDialog:
        dialog = self._pick(
            "Export profile",  # the name is in the file name: a title bar would cut it
            JSON_FILTER,
            lambda path: self.export_to(path, [profile]),
            save=True,
        )
        dialog.selectFile(self.profiles.store.path_for(profile.name).name)
        return dialog

    def import_har_file(self, path: str) -> None:
        try:
            imported = import_har(Path(path).read_bytes())
        except OSError as exc:
            self.profiles.message.emit(f"Cannot read {path}: {file_reason(exc)}", True)
            return
        except ImportFailure as exc:
            self.profiles.message.emit(f"{Path(path).name}: {exc}", True)
            return
        self.profiles.import_profiles([from_imported(i) for i in imported], Path(path).name)

    def import_profiles_file(self, path: str) -> None:
        try:
            profiles, problems = read_export(Path(path), self.profiles.store.secrets)
        except ProfileError as exc:
            self.profiles.message.emit(str(exc), True)
            return
        self.profiles.import_profiles(profiles, Path(path).name)
        for problem in problems:
            self.profiles.message.emit(problem, True)

    def export_all_to(self, path: str) -> None:
        self.export_to(path, self.profiles.profiles)

    def export_to(self, path: str, profiles: list[Profile]) -> None:
        target = Path(path) if path.endswith(".json") else Path(path + ".json")
        try:
            notes = export_profiles(profiles, target)
        except ProfileError as exc:
            self.profiles.message.emit(f"Not exported: {exc}", True)
            return
        left_out = f" ({len(notes)} secret value(s) left out)" if notes else ""
        self.profiles.message.emit(
            f"Exported {len(profiles)} profile(s) to {target}{left_out}", False
        )

    def _command_imported(self, imported: ImportedProfile) -> None:
        added = self.profiles.import_profiles([from_imported(imported)], "the command line")
        if added:
            self.binding.request_open(added[0])

    def _pick(
        self, title: str, filters: str, then: Callable[[str], None], *, save: bool = False
    ) -> QFileDialog:
        self.dialog = pick_file(self.window, title, filters, then, save_suffix="json" * save)
        return self.dialog
