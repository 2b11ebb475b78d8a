"""Profiles on disk: one JSON file each, written atomically, private to the user.

The folder is the platform's user config directory (``WSGUI_CONFIG_DIR`` overrides it),
mode 0700; files are 0600. A file is written to a temporary name in the same folder, flushed
to disk and renamed over the old one, so a crash or a second window saving at the same time
never leaves a half-written profile. A file that cannot be read is set aside (renamed, never
deleted) and named in a message; the other profiles still load.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from wsgui.core.model.secrets import SecretStore
from wsgui.core.profiles.profile import (
    KEYRING_MARK,
    SECRET_FIELDS,
    Profile,
    ProfileError,
    profile_from_dict,
    profile_to_dict,
)

__all__ = ["LoadReport", "ProfileStore", "default_directory"]

SUFFIX = ".json"


def default_directory() -> Path:
    """``$WSGUI_CONFIG_DIR/profiles``, else the platform's config folder for wsgui."""
    override = os.environ.get("WSGUI_CONFIG_DIR")
    if override:
        return Path(override) / "profiles"
    import platformdirs  # only when profiles are used

    return Path(platformdirs.user_config_dir("wsgui")) / "profiles"


@dataclass
class LoadReport:
    """What loading found: the profiles, and a message per file set aside or noted."""

    profiles: list[Profile]
    problems: list[str]


class ProfileStore:
    def __init__(self, directory: Path, secrets: SecretStore) -> None:
        self.directory = directory
        self.secrets = secrets

    def path_for(self, name: str) -> Path:
        """The file of a profile: its name made safe for every file system, plus .json."""
        slug = re.sub(r"[^\w.-]+", "-", name.strip(), flags=re.UNICODE).strip("-.") or "profile"
        return self.directory / f"{slug[:100]}{SUFFIX}"

    def load_all(self) -> LoadReport:
        report = LoadReport([], [])
        if not self.directory.is_dir():
            return report
        for path in sorted(self.directory.glob(f"*{SUFFIX}")):
            if path.name.startswith("."):
                continue  # another window's save in progress (or a hidden file)
            try:
                profile = self._read(path)
            except FileNotFoundError:
                continue  # deleted or renamed by another window meanwhile
            except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
                report.problems.append(self._quarantine(path, exc))
                continue
            report.profiles.append(profile)
            report.problems += [f"Profile {profile.name}: {note}" for note in profile.notes]
        report.profiles.sort(key=lambda p: p.name.lower())
        return report

    def load(self, name: str) -> Profile:
        path = self.path_for(name)
        if not path.is_file():
            raise ProfileError(f"no profile named '{name}' in {self.directory}")
        return self._read(path)

    def save(self, profile: Profile, *, create: bool = False) -> Path:
        """Write the profile atomically; raises ProfileError (nothing written) on failure.

        ``create``: a new profile (Save as, import, duplicate) must not replace a file that
        another window may have written meanwhile.
        """
        path = self.path_for(profile.name)
        owner = self._name_in(path)
        if create and path.exists():
            raise ProfileError(f"a profile named '{owner or profile.name}' already exists")
        if owner is not None and owner != profile.name:
            raise ProfileError(
                f"'{profile.name}' would overwrite the file of profile '{owner}' ({path.name}); "
                "choose another name"
            )
        data = profile_to_dict(profile, self.secrets)
        text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
        self._ensure_directory()
        descriptor, temporary = tempfile.mkstemp(
            prefix=".saving-", suffix=".tmp", dir=self.directory
        )
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temporary, 0o600)
            os.replace(temporary, path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise ProfileError(f"cannot write {path}: {exc.strerror or exc}") from None
        return path

    def delete(self, name: str) -> None:
        """Remove the file and the keyring entries it referred to."""
        path = self.path_for(name)
        for key in self._keyring_keys(path):
            self.secrets.delete(key)
        try:
            path.unlink()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise ProfileError(f"cannot delete {path}: {exc.strerror or exc}") from None

    def rename(self, profile: Profile, new_name: str) -> Profile:
        """Save under the new name, then remove the old file (secrets move with it)."""
        if self.path_for(new_name).exists() and self.path_for(new_name) != self.path_for(
            profile.name
        ):
            raise ProfileError(f"a profile named '{new_name}' already exists")
        renamed = Profile(new_name.strip(), profile.options, profile.messages)
        self.save(renamed)
        if self.path_for(profile.name) != self.path_for(new_name):
            self.delete(profile.name)
        return renamed

    def _read(self, path: Path) -> Profile:
        try:
            text = path.read_text(encoding="utf-8-sig")  # -sig: a BOM from Windows editors
        except FileNotFoundError:
            raise
        except (OSError, UnicodeDecodeError) as exc:
            raise ProfileError(f"unreadable: {exc}") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ProfileError(f"not valid JSON, line {exc.lineno} column {exc.colno}") from None
        except (ValueError, RecursionError) as exc:  # huge numbers, absurd nesting
            raise ProfileError(f"not usable JSON ({type(exc).__name__})") from None
        return profile_from_dict(data, self.secrets)

    def _quarantine(self, path: Path, exc: BaseException) -> str:
        """Set a bad file aside (renamed, never deleted) and say so."""
        reason = str(exc) if isinstance(exc, ProfileError) else f"{type(exc).__name__}: {exc}"
        try:
            aside = self._set_aside(path)
        except OSError as error:
            return (
                f"Profile file {path.name} could not be read ({reason}) nor set aside "
                f"({error.strerror or error}); it was skipped"
            )
        return (
            f"Profile file {path.name} could not be read ({reason}); it was moved to {aside.name}"
        )

    def _name_in(self, path: Path) -> str | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        name = data.get("name") if isinstance(data, dict) else None
        return name if isinstance(name, str) else None

    def _keyring_keys(self, path: Path) -> list[str]:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if not isinstance(data, dict):
            return []
        name = data.get("name", "")
        keys = [f"{name}/{field}" for field in SECRET_FIELDS if data.get(field) == KEYRING_MARK]
        for index, row in enumerate(data.get("headers", [])):
            if isinstance(row, dict) and row.get("value") == KEYRING_MARK:
                keys.append(f"{name}/header:{index}:{row.get('name')}")
        return keys

    def _set_aside(self, path: Path) -> Path:
        aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        counter = 1
        while aside.exists():
            counter += 1
            aside = aside.with_name(f"{aside.name}-{counter}")
        path.rename(aside)
        return aside

    def _ensure_directory(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.directory, 0o700)
