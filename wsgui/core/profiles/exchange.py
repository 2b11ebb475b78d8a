"""Moving profiles between machines and tools: export and import files, and turning imported
command lines and HAR entries into profiles.

An export file never carries a secret: values kept in the keyring are written empty and listed
in the file's ``notes``; ``${VARIABLE}`` references travel as they are.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from wsgui.core.model.options import is_secret_header
from wsgui.core.model.secrets import SecretStore, is_reference
from wsgui.core.model.urls import split_password
from wsgui.core.profiles.importers import ImportedProfile
from wsgui.core.profiles.profile import (
    KEYRING_MARK,
    SECRET_FIELDS,
    SECRET_OPTIONS,
    Profile,
    ProfileError,
    SavedMessage,
    profile_from_dict,
    profile_to_dict,
)

__all__ = ["EXPORT_FORMAT", "export_profiles", "from_imported", "read_export", "without_secrets"]

EXPORT_FORMAT = "wsgui-profiles"


class _Discard:
    """A secret store that accepts everything and keeps nothing (for export files)."""

    available = True
    description = "nowhere (exports carry no secrets)"

    def get(self, key: str) -> str | None:
        return None

    def set(self, key: str, value: str) -> None:
        return None

    def delete(self, key: str) -> None:
        return None


def export_profiles(profiles: list[Profile], path: Path) -> list[str]:
    """Write ``profiles`` to one JSON file; return what was left out (secrets)."""
    notes: list[str] = []
    entries = []
    for profile in profiles:
        data = profile_to_dict(profile, _Discard())
        entries.append(_blank_marks(data, profile.name, notes))
    document = {"format": EXPORT_FORMAT, "version": 1, "notes": notes, "profiles": entries}
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise ProfileError(f"cannot write {path}: {exc.strerror or exc}") from None
    return notes


def read_export(path: Path, secrets: SecretStore) -> tuple[list[Profile], list[str]]:
    """Profiles from an export file (or a single profile file); problems per profile."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"cannot read {path.name}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ProfileError(
            f"{path.name} is not JSON (line {exc.lineno}, column {exc.colno})"
        ) from None
    if isinstance(data, dict) and data.get("format") == EXPORT_FORMAT:
        raw_profiles = data.get("profiles", [])
    elif isinstance(data, dict) and "url" in data:
        raw_profiles = [data]  # one profile file copied from a profiles folder
    else:
        raise ProfileError(f"{path.name} is not a wsgui profile or export file")
    profiles: list[Profile] = []
    problems: list[str] = []
    for index, raw in enumerate(raw_profiles if isinstance(raw_profiles, list) else []):
        try:
            profiles.append(profile_from_dict(raw, secrets))
        except ProfileError as exc:
            problems.append(f"profile {index + 1} of {path.name} skipped: {exc}")
    return profiles, problems


def from_imported(imported: ImportedProfile) -> Profile:
    """A profile from an imported command line or HAR entry, its messages as saved messages."""
    messages = tuple(
        SavedMessage(
            name=f"{m.direction} #{index + 1}",
            body=m.data,
            mode="base64" if m.kind == "binary" else "text",
            direction=m.direction,
        )
        for index, m in enumerate(imported.messages)
    )
    return Profile(imported.name, imported.options, messages, imported.notes)


def without_secrets(profile: Profile) -> tuple[Profile, list[str]]:
    """The profile with literal secret values emptied (for saving where no keyring exists)."""
    notes: list[str] = []
    headers = []
    for header in profile.options.headers:
        if is_secret_header(header.name) and header.value and not is_reference(header.value):
            notes.append(f"{profile.name}: {header.name} value not kept (no keyring)")
            header = replace(header, value="")
        headers.append(header)
    options = replace(profile.options, headers=tuple(headers))
    if options.auth_secret and not is_reference(options.auth_secret):
        notes.append(f"{profile.name}: {SECRET_OPTIONS['auth_secret']} not kept (no keyring)")
        options = replace(options, auth_secret="")
    if options.sio_auth and not is_reference(options.sio_auth):
        notes.append(f"{profile.name}: {SECRET_OPTIONS['sio_auth']} not kept (no keyring)")
        options = replace(options, sio_auth="")
    url, url_dropped = _drop_password(options.url)
    proxy_url, proxy_dropped = _drop_password(options.proxy_url)
    if url_dropped:
        notes.append(f"{profile.name}: password in the URL not kept (no keyring)")
    if proxy_dropped:
        notes.append(f"{profile.name}: password in the proxy URL not kept (no keyring)")
    options = replace(options, url=url, proxy_url=proxy_url)
    return replace(profile, options=options), notes


def _drop_password(url: str) -> tuple[str, bool]:
    bare, password = split_password(url)
    if password and not is_reference(password):
        return bare, True
    return url, False


def _blank_marks(data: dict[str, Any], name: str, notes: list[str]) -> dict[str, Any]:
    for field in SECRET_FIELDS:
        if data.get(field) == KEYRING_MARK:
            del data[field]
            notes.append(f"{name}: {field.replace('_', ' ')} not exported")
    for row in data.get("headers", []):
        if row.get("value") == KEYRING_MARK:
            row["value"] = ""
            notes.append(f"{name}: {row['name']} value not exported")
    return data
