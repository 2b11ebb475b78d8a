"""Browser HAR files: each WebSocket entry becomes a profile, its messages kept."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from wsgui.core.profiles.importers.draft import (
    Draft,
    ImportedMessage,
    ImportedProfile,
    ImportFailure,
    finish,
)

__all__ = ["import_har"]


def import_har(data: bytes | str) -> list[ImportedProfile]:
    """Every WebSocket in a browser's HAR: its handshake request and recorded messages."""
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.lstrip("\ufeff")
        root = json.loads(text)
    except UnicodeDecodeError as exc:
        raise ImportFailure(f"HAR: not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ImportFailure(f"HAR: not JSON (line {exc.lineno}, column {exc.colno})") from None
    except (ValueError, RecursionError) as exc:
        raise ImportFailure(f"HAR: not usable JSON ({type(exc).__name__})") from None
    entries = _obj(_obj(root).get("log")).get("entries")
    if not isinstance(entries, list):
        raise ImportFailure("HAR: no log.entries list; is this a HAR file?")
    sockets = [
        _obj(e)
        for e in entries
        if _obj(e).get("_resourceType") == "websocket"
        or _obj(_obj(e).get("response")).get("status") == 101
    ]
    if not sockets:
        raise ImportFailure(
            "HAR: no WebSocket entries (entries with _resourceType 'websocket' or a 101 response)"
        )
    profiles: list[ImportedProfile] = []
    seen: dict[str, int] = {}
    skipped: list[str] = []
    for number, entry in enumerate(sockets, 1):
        try:
            profile = _har_entry(number, entry)
        except ImportFailure as exc:
            skipped.append(str(exc))
            continue
        count = seen[profile.name] = seen.get(profile.name, 0) + 1
        profiles.append(
            replace(profile, name=f"{profile.name} ({count})") if count > 1 else profile
        )
    if not profiles:
        raise ImportFailure("; ".join(skipped))
    if skipped:  # one bad entry must not lose the others: say it on the first profile
        first = profiles[0]
        notes = tuple(f"{reason} (entry skipped)" for reason in skipped)
        profiles[0] = replace(first, notes=(*first.notes, *notes))
    return profiles


def _har_entry(number: int, entry: dict[str, Any]) -> ImportedProfile:
    request = _obj(entry.get("request"))
    draft = Draft(f"HAR: WebSocket entry {number}")
    url = request.get("url")
    if not isinstance(url, str) or not url:
        raise ImportFailure(f"{draft.source} has no request.url")
    draft.urls.append(url)
    for header in request.get("headers") or []:
        name, value = _obj(header).get("name"), _obj(header).get("value")
        if isinstance(name, str) and isinstance(value, str):
            draft.headers.append((name, value))
    _har_messages(draft, entry.get("_webSocketMessages"))
    return finish(draft)


def _har_messages(draft: Draft, recorded: object) -> None:
    """Chrome's ``_webSocketMessages``: text and binary frames (binary data is base64)."""
    skipped = 0
    for item in recorded if isinstance(recorded, list) else []:
        message = _obj(item)
        direction = {"send": "sent", "receive": "received"}.get(str(message.get("type")))
        opcode, data, time = message.get("opcode"), message.get("data"), message.get("time")
        if direction is None or opcode not in (1, 2) or not isinstance(data, str):
            skipped += 1
            continue
        seconds = _date(time)  # None (as if it had no time) for NaN, 1e300, "x"...
        draft.messages.append(
            ImportedMessage(direction, "binary" if opcode == 2 else "text", data, seconds)
        )
    if skipped:
        draft.notes.append(f"{skipped} recorded frame(s) other than text or binary: not imported")


def _date(value: object) -> float | None:
    """Seconds since 1970 that make a date, else None."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value) if 0 <= value < _LAST_DATE else None
    return None


_LAST_DATE = 253370764800.0  # 9999-01-01


def _obj(value: object) -> dict[str, Any]:
    """A JSON object, or an empty one for anything else, so that lookups need no checks."""
    return value if isinstance(value, dict) else {}
