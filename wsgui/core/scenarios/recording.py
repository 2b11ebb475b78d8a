"""Save session as scenario: a connection's log entries (the selected ones, or all) and its
options as a scenario file that plays the same conversation and checks the server's side.

The rules, one step per entry (README § Save a session as a scenario):

- a sent text is ``send``, sent bytes ``send_hex``, a ping we sent ``ping``;
- a received binary message is ``expect_hex`` (the same bytes);
- a received text is an exact ``expect``, unless it is a JSON object: then one
  ``expect_json`` step whose checks are the paths chosen for it (``json_fields``), or by
  default every top-level string, number and boolean field whose name or value does not
  look like it changes from run to run (ids, times, tokens: see ``is_volatile``). An object
  with nothing stable to compare is checked to be a JSON object. ``exact_json`` expects
  every text exactly instead;
- a close the server started (or a dropped connection) is ``expect_close = CODE``; one we
  started is ``close = CODE``;
- other events (open, errors, notes, pongs) are not steps: the [connect] table opens the
  connection, and the runner reports errors itself.

A log can hold several connections (reconnects): the entries of the last one that sent or
received anything are kept, and the notes say so.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wsgui.core.model.close import validate_close
from wsgui.core.model.entries import Direction, Kind, LogEntry
from wsgui.core.model.options import ConnectOptions, Protocol
from wsgui.core.model.urls import is_secret_query
from wsgui.core.scenarios.connect_table import connect_table
from wsgui.core.scenarios.scenario import DEFAULT_WITHIN, ScenarioError, json_path
from wsgui.core.scenarios.socketio_recording import socketio_step
from wsgui.core.scenarios.toml_text import scenario_text
from wsgui.core.scenarios.variables import PATTERN

__all__ = ["JsonFields", "Recording", "is_volatile", "literal", "record_session"]

# Paths checked in received JSON: the same for every message, or per entry (its index in
# the entries given).
type JsonFields = Sequence[str] | Mapping[int, Sequence[str]]

VOLATILE_NAMES = frozenset(
    {"id", "uuid", "guid", "ts", "time", "timestamp", "date", "datetime", "now", "nonce"}
)
VOLATILE_SUFFIXES = ("_at", "_id", "-id", "_ts", "_time", "_date", "_uuid")
_CAMEL_VOLATILE = re.compile(r"[a-z0-9](?:At|Id|ID|Ts|Time|Date|Uuid|UUID)$")
_UUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_ISO_TIME = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d")
EPOCH = (1e9, 1e13)  # Unix seconds (2001-2286) or milliseconds (from 1970-04): a time
PING_MS = int(DEFAULT_WITHIN * 1000)  # a recorded ping waits this long for its pong
ANY_OBJECT = r"^\s*\{"  # the check of a JSON object with nothing stable to compare
_CLIENT_CLOSE = re.compile(r"closed by client|we sent close")
_SENT_CODE = re.compile(r"\(sent (\d+)|we sent close (\d+)")
_REASON = re.compile(r"reason '(.*)', closed by client")


@dataclass(frozen=True)
class Recording:
    """The file's text; ``secrets`` say how to give the secrets it refers to, ``notes``
    what was left out or chosen (for the status line and the file's top comments)."""

    text: str
    steps: int
    secrets: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def record_session(
    entries: Sequence[LogEntry],
    options: ConnectOptions,
    *,
    name: str = "session",
    json_fields: JsonFields = (),
    exact_json: bool = False,
    within: float = DEFAULT_WITHIN,
) -> Recording:
    """The scenario of ``entries`` on the connection ``options`` describes; each expect
    waits ``within`` seconds (a Socket.IO connection's: socketio_recording). ScenarioError
    for a path that is not one."""
    chosen = _chosen_paths(json_fields)
    kept, notes = _last_connection(list(enumerate(entries)))
    steps: list[dict[str, Any]] = []
    for index, entry in kept:
        paths = chosen if not isinstance(chosen, dict) else chosen.get(index, ())
        if options.protocol is Protocol.SOCKETIO:
            step = socketio_step(entry, notes, index)
        else:
            step = _step(entry, paths, exact_json, notes, index)
        if step is not None:
            if "name" in step:  # a title of its own keeps the step's number in FAIL lines
                step["name"] = f"step {len(steps) + 1}: {step['name']}"
            if within != DEFAULT_WITHIN and next(iter(step)).startswith("expect"):
                step["within"] = within
            steps.append(step)
    connect = connect_table(options)
    notes += connect.notes
    secrets = connect.secret_lines()
    comments = [
        "Recorded with wsgui (Save session as scenario). Play it with: wsgui run FILE",
        *secrets,
        *notes,
    ]
    text = scenario_text(name, connect.table, steps, comments)
    return Recording(text, len(steps), tuple(secrets), tuple(notes))


@dataclass(frozen=True)
class FieldChoice:
    """A top-level field of the received JSON objects, for the window to offer: its path,
    a value it held (the first seen), and whether it looks like it changes between runs."""

    path: str
    example: Any
    volatile: bool


MAX_FIELD_CHOICES = 60


def json_field_choices(entries: Sequence[LogEntry]) -> list[FieldChoice]:
    """The fields Save session as scenario can check, in the order they first appear: the
    top-level strings, numbers and booleans of every received JSON object."""
    found: dict[str, FieldChoice] = {}
    for entry in entries:
        if entry.direction is not Direction.RECEIVED or not isinstance(entry.payload, str):
            continue
        try:
            document = json.loads(entry.payload)
        except (ValueError, RecursionError):
            continue
        if not isinstance(document, dict):
            continue
        for key, value in document.items():
            if not _is_scalar(value) or len(found) >= MAX_FIELD_CHOICES:
                continue
            path = _field_path(key, document)
            if path is None:
                continue
            seen = found.get(path)
            volatile = is_volatile(key, value) or (seen is not None and seen.volatile)
            found[path] = FieldChoice(path, value if seen is None else seen.example, volatile)
    return list(found.values())


def literal(text: str) -> str:
    """``text`` as a scenario value that resolves to exactly ``text``: a ``{{`` that would
    read as a variable is written ``{{$openBraces}}``."""
    if PATTERN.search(text) is None:
        return text
    return text.replace("{{", "{{$openBraces}}")


def is_volatile(name: str, value: Any) -> bool:
    """A field likely to differ from run to run: named like an id, a time or a credential,
    or holding a UUID, an ISO date-time or a number in the range of Unix times."""
    lowered = name.lower()
    if (
        lowered in VOLATILE_NAMES
        or lowered.endswith(VOLATILE_SUFFIXES)
        or _CAMEL_VOLATILE.search(name)
        or is_secret_query(name)
    ):
        return True
    if isinstance(value, str):
        return bool(_UUID.search(value) or _ISO_TIME.match(value))
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and EPOCH[0] <= abs(value) < EPOCH[1]
    )


def _chosen_paths(json_fields: JsonFields) -> tuple[str, ...] | dict[int, tuple[str, ...]]:
    """The paths, checked now (ScenarioError names one that is not a JSON path)."""
    if isinstance(json_fields, str):
        json_fields = (json_fields,)
    if isinstance(json_fields, Mapping):
        chosen = {int(index): tuple(paths) for index, paths in json_fields.items()}
        every = [path for paths in chosen.values() for path in paths]
    else:
        chosen_all = tuple(json_fields)
        every = list(chosen_all)
    for path in every:
        json_path(path, f"JSON field {path!r}")
    return chosen if isinstance(json_fields, Mapping) else chosen_all


def _last_connection(
    entries: list[tuple[int, LogEntry]],
) -> tuple[list[tuple[int, LogEntry]], list[str]]:
    """The entries of the last connection that sent or received a message or closed."""
    starts = [position for position, (_, e) in enumerate(entries) if e.kind is Kind.OPEN]
    if len(starts) < 2:
        return entries, []
    bounds = [0, *starts[1:], len(entries)]
    segments = [entries[bounds[i] : bounds[i + 1]] for i in range(len(bounds) - 1)]
    lively = [s for s in segments if any(e.is_message or e.kind is Kind.CLOSE for _, e in s)]
    kept = lively[-1] if lively else segments[-1]
    note = f"the entries hold {len(segments)} connections: kept the last one with messages"
    return kept, [note]


def _step(
    entry: LogEntry, paths: Sequence[str], exact_json: bool, notes: list[str], index: int
) -> dict[str, Any] | None:
    payload = entry.payload
    if entry.direction is Direction.SENT:
        if entry.kind is Kind.TEXT and isinstance(payload, str):
            return {"send": literal(payload)}
        if entry.kind is Kind.BINARY and isinstance(payload, bytes):
            return {"send_hex": payload.hex(" ")}
        if entry.kind is Kind.PING:
            return {"ping": PING_MS}
        return None
    if entry.direction is Direction.RECEIVED:
        if entry.kind is Kind.BINARY and isinstance(payload, bytes):
            return {"expect_hex": payload.hex(" ")}
        if entry.kind is Kind.TEXT and isinstance(payload, str):
            return _expect_text(payload, paths, exact_json, notes, index)
        return None
    if entry.kind is Kind.CLOSE and entry.close_code is not None:
        return _close_step(str(payload), entry.close_code)
    return None


def _expect_text(
    text: str, paths: Sequence[str], exact_json: bool, notes: list[str], index: int
) -> dict[str, Any]:
    exact = {"expect": literal(text)}
    if exact_json:
        return exact
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return exact
    checks = _chosen_checks(document, paths, notes, index) if paths else []
    if not checks and isinstance(document, dict):
        checks = [
            {"path": path, "equals": _resolved_literal(value)}
            for key, value in document.items()
            if _is_scalar(value)
            and not is_volatile(key, value)
            and (path := _field_path(key, document)) is not None
        ]
        if not checks:
            return {"expect_regex": ANY_OBJECT, "name": "a JSON object (no field to compare)"}
    return {"expect_json": checks} if checks else exact


def _chosen_checks(
    document: Any, paths: Sequence[str], notes: list[str], index: int
) -> list[dict[str, Any]]:
    """A check per chosen path the message holds; a null (TOML has none) is skipped."""
    checks = []
    for path in paths:
        found = [match.value for match in json_path(path, path).find(document)]
        if not found:
            continue
        value = found[0]
        if not _tomlable(value):
            notes.append(f"entry {index + 1}: {path} holds a null, which a scenario cannot hold")
            continue
        checks.append({"path": path, "equals": _resolved_literal(value)})
    return checks


def _close_step(text: str, code: int) -> dict[str, Any] | None:
    if _CLIENT_CLOSE.search(text) is None:  # the server closed, or the connection dropped
        return {"expect_close": code} if 1000 <= code <= 4999 else None
    sent = _SENT_CODE.search(text)
    if sent is not None:
        code = int(sent.group(1) or sent.group(2))
    reason_match = _REASON.search(text)
    reason = reason_match.group(1) if reason_match and sent is None else ""
    try:
        validate_close(code, reason)
    except ValueError:
        code, reason = 1000, ""
    step: dict[str, Any] = {"close": code}
    if reason:
        step["reason"] = literal(reason)
    return step


def _field_path(key: str, document: dict[str, Any]) -> str | None:
    """``$.op``, or ``$."two words"`` for a key that is not a plain name: the first path that
    finds the key's value again in the message (jsonpath-ng reads it), else None."""
    candidates = [f"$.{quote}{key}{quote}" for quote in "\"'" if quote not in key]
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
        candidates.insert(0, f"$.{key}")
    for path in candidates:
        if "\\" in path:
            break
        try:
            found = [match.value for match in json_path(path, path).find(document)]
        except ScenarioError:
            continue
        if found == [document[key]]:
            return path
    return None


def _is_scalar(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, str | int | bool)


def _tomlable(value: Any) -> bool:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return False
    if isinstance(value, list):
        return all(_tomlable(item) for item in value)
    if isinstance(value, dict):
        return all(_tomlable(item) for item in value.values())
    return True


def _resolved_literal(value: Any) -> Any:
    """A compared string is resolved by the runner: keep its ``{{`` literal."""
    return literal(value) if isinstance(value, str) else value
