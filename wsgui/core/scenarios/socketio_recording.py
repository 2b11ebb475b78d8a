"""Save session as scenario for a Socket.IO connection: what the log shows of its events
as the steps ``wsgui run`` plays (socketio_steps.py).

- an emit is ``emit = "name"`` with its ``args`` (and ``ack = true`` when it expected one;
  the ack's values, which often hold ids, are not compared);
- a received event is ``expect_event = "name"`` (its name: arguments change too often to
  compare by default);
- acks, closes and other events are not steps (Socket.IO has no close codes to expect).
"""

from __future__ import annotations

import json
from typing import Any

from wsgui.core.model.entries import Direction, LogEntry

__all__ = ["socketio_step"]


def socketio_step(entry: LogEntry, notes: list[str], index: int) -> dict[str, Any] | None:
    """The step of one Socket.IO log entry, or None when it is none."""
    if not isinstance(entry.payload, str):
        return None
    if entry.direction is Direction.SENT and entry.note.startswith("emit "):
        parts = _event(entry.payload)
        if parts is None:
            return None
        name, args = parts
        step: dict[str, Any] = {"emit": name}
        if args and _tomlable(args):
            step["args"] = args
        elif args:
            notes.append(f"entry {index + 1}: emit {name}'s arguments hold a null (not in TOML)")
        if "expecting an ack" in entry.note:
            step["ack"] = True
        return step
    if entry.direction is Direction.RECEIVED and entry.note.startswith("event "):
        parts = _event(entry.payload)
        return None if parts is None else {"expect_event": parts[0]}
    return None


def _event(text: str) -> tuple[str, list[Any]] | None:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(document, list) or not document or not isinstance(document[0], str):
        return None
    return document[0], document[1:]


def _tomlable(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, list):
        return all(_tomlable(item) for item in value)
    if isinstance(value, dict):
        return all(_tomlable(item) for item in value.values())
    return True
