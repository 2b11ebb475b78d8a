"""Does a received message satisfy an expect step, and what does it capture: pure functions
the runner calls for each message, with the text a FAIL line shows when nothing matched.

On a Socket.IO connection the messages are the received events as the log shows them,
``["name", arg1, …]``: expect, expect_regex and expect_json read that text, expect_event its
name and arguments (and captures from the arguments, ``$[0]`` the first, as an ack's)."""

from __future__ import annotations

import json
import re
from typing import Any

from wsgui.core.model.payload import preview
from wsgui.core.scenarios.scenario import Capture, ScenarioError, Step, json_path
from wsgui.core.scenarios.variables import Scope

__all__ = [
    "capture_source",
    "captured",
    "describe_expected",
    "event_parts",
    "matches",
    "missed",
    "same_json",
    "shown_json",
]

SHOWN_RECENT = 3  # the messages a failure quotes
PREVIEW_CHARS = 120


def matches(step: Step, message: str | bytes, scope: Scope) -> bool:
    """True when ``message`` is what the expect (or expect_none) step waits for; variables
    in the expectation are resolved first."""
    where = step.title
    if step.action == "expect":
        return isinstance(message, str) and message == scope.resolve(step.value, where)
    if step.action in ("expect_regex", "expect_none"):
        raw = step.value["regex"] if isinstance(step.value, dict) else step.value
        pattern = scope.resolve(raw, where)
        return isinstance(message, str) and re.search(pattern, message) is not None
    if step.action == "expect_json":
        wanted = step.value["equals"]
        if isinstance(wanted, str):
            wanted = scope.resolve(wanted, where)
        found = _json_values(step.value["path"], message, where)
        return wanted in found
    if step.action == "expect_event":
        event = event_parts(message)
        if event is None or event[0] != scope.resolve(step.value, where):
            return False
        return "args" not in step.options or same_json(
            event[1], scope.resolve_json(step.options["args"], where)
        )
    raise ScenarioError(f"{where}: {step.action} does not match messages")


def event_parts(message: str | bytes) -> tuple[str, list[Any]] | None:
    """A received event's name and arguments, from its text ``["name", arg1, …]``."""
    try:
        document = json.loads(message)
    except (ValueError, TypeError, RecursionError):
        return None
    if not isinstance(document, list) or not document or not isinstance(document[0], str):
        return None
    return document[0], document[1:]


def capture_source(step: Step, message: str | bytes) -> str | bytes:
    """What a matched message's captures read: an event's arguments as a JSON array for
    expect_event (``$[0]`` is the first argument, as in an ack), else the message."""
    event = event_parts(message) if step.action == "expect_event" else None
    return message if event is None else json.dumps(event[1], ensure_ascii=False)


def same_json(got: Any, wanted: Any) -> bool:
    """JSON equality: ``true`` is not ``1`` (as Python's ``==`` says), ``1`` is ``1.0``."""
    if isinstance(got, bool) or isinstance(wanted, bool):
        return type(got) is type(wanted) and got == wanted
    if isinstance(got, list) and isinstance(wanted, list):
        return len(got) == len(wanted) and all(map(same_json, got, wanted))
    if isinstance(got, dict) and isinstance(wanted, dict):
        return got.keys() == wanted.keys() and all(same_json(got[k], wanted[k]) for k in got)
    if isinstance(got, int | float) and isinstance(wanted, int | float):
        return got == wanted
    return type(got) is type(wanted) and got == wanted


def captured(captures: tuple[Capture, ...], message: str | bytes, where: str) -> dict[str, str]:
    """The variables a matching message sets; ScenarioError names one it does not hold."""
    values: dict[str, str] = {}
    for capture in captures:
        if capture.json_path:
            found = _json_values(capture.json_path, message, where)
            if not found:
                raise ScenarioError(
                    f"{where}: capture {capture.variable}: {capture.json_path} is not in "
                    f"{_shown(message)}"
                )
            value = found[0]
            values[capture.variable] = value if isinstance(value, str) else json.dumps(value)
        else:
            text = message if isinstance(message, str) else ""
            hit = re.search(capture.regex, text)
            if hit is None:
                raise ScenarioError(
                    f"{where}: capture {capture.variable}: {capture.regex!r} does not match "
                    f"{_shown(message)}"
                )
            values[capture.variable] = hit.group(1) or ""
    return values


def describe_expected(step: Step, scope: Scope) -> str:
    """What the step waited for, as a FAIL line says it (secrets masked)."""
    if step.action == "expect":
        return f"the text {scope.shown(step.value, step.title)!r}"
    if step.action == "expect_regex":
        return f"a text matching {scope.shown(step.value, step.title)!r}"
    if step.action == "expect_json":
        return f"JSON with {step.value['path']} == {json.dumps(step.value['equals'])}"
    if step.action == "expect_event":
        what = f"the event {scope.shown(step.value, step.title)!r}"
        if "args" not in step.options:
            return what
        return f"{what} with args {shown_json(step.options['args'], scope, step.title)}"
    return step.action


def missed(step: Step, scope: Scope, recent: list[str | bytes], seconds: float) -> str:
    """The FAIL reason of an expect that timed out: what, within how long, what came."""
    came = recent[-SHOWN_RECENT:]
    what = ", ".join(_shown(m) for m in came) if came else "nothing"
    last = f"the last {len(came)}" if len(came) > 1 else "the last one"
    arrived = f"{what} ({last} of {len(recent)} received)" if came else "no message"
    return f"expected {describe_expected(step, scope)} within {seconds:g} s; got {arrived}"


def shown_json(value: Any, scope: Scope, where: str) -> str:
    """A JSON value of the file as a FAIL line shows it (variables resolved, secrets masked)."""
    return json.dumps(scope.shown_json(value, where), ensure_ascii=False)


def _json_values(path: str, message: str | bytes, where: str) -> list[Any]:
    try:
        document = json.loads(message)
    except (ValueError, TypeError, RecursionError):
        return []
    return [match.value for match in json_path(path, where).find(document)]


def _shown(message: str | bytes) -> str:
    return repr(preview(message, PREVIEW_CHARS))
