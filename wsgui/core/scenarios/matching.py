"""Does a received message satisfy an expect step, and what does it capture: pure functions
the runner calls for each message, with the text a FAIL line shows when nothing matched (what
was awaited, what came, and where the closest message differs).

On a Socket.IO connection the messages are the received events as the log shows them,
``["name", arg1, …]``: expect, expect_regex and expect_json read that text, expect_event its
name and arguments (and captures from the arguments, ``$[0]`` the first, as an ack's)."""

from __future__ import annotations

import json
import re
from typing import Any

from wsgui.core.model.payload import parse_hex, preview
from wsgui.core.scenarios.scenario import Capture, ScenarioError, Step, json_checks, json_path
from wsgui.core.scenarios.variables import Scope, names_in

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
SIMILAR_PREFIX = 4  # a text sharing this many first characters gets "differs at character N"
DIFF_CONTEXT = 40  # characters shown on each side of a difference
DETERMINISTIC = {"$openBraces"}  # dynamic values a diff may resolve (the same at every use)


def matches(step: Step, message: str | bytes, scope: Scope) -> bool:
    """True when ``message`` is what the expect (or expect_none) step waits for; variables
    in the expectation are resolved first."""
    where = step.title
    if step.action == "expect":
        return isinstance(message, str) and message == scope.resolve(step.value, where)
    if step.action == "expect_hex":
        return isinstance(message, bytes) and message == parse_hex(scope.resolve(step.value, where))
    if step.action in ("expect_regex", "expect_none"):
        raw = step.value["regex"] if isinstance(step.value, dict) else step.value
        pattern = scope.resolve(raw, where)
        return isinstance(message, str) and re.search(pattern, message) is not None
    if step.action == "expect_json":
        return all(_holds(check, message, scope, where) for check in json_checks(step.value))
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


def _holds(check: dict[str, Any], message: str | bytes, scope: Scope, where: str) -> bool:
    wanted = check["equals"]
    if isinstance(wanted, str):
        wanted = scope.resolve(wanted, where)
    return wanted in _json_values(check["path"], message, where)


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
    if step.action == "expect_hex":
        return f"the bytes {scope.shown(step.value, step.title)!r}"
    if step.action == "expect_regex":
        return f"a text matching {scope.shown(step.value, step.title)!r}"
    if step.action == "expect_json":
        checks = " and ".join(
            f"{check['path']} == {_json_shown(check['equals'], scope, step.title)}"
            for check in json_checks(step.value)
        )
        return f"JSON with {checks}"
    if step.action == "expect_event":
        what = f"the event {scope.shown(step.value, step.title)!r}"
        if "args" not in step.options:
            return what
        return f"{what} with args {shown_json(step.options['args'], scope, step.title)}"
    return step.action


def missed(step: Step, scope: Scope, recent: list[str | bytes], seconds: float) -> str:
    """The FAIL reason of an expect that timed out: what, within how long, what came, and
    how the closest message differs (when one is close enough for that to help)."""
    came = recent[-SHOWN_RECENT:]
    what = ", ".join(_shown(m) for m in came) if came else "nothing"
    last = f"the last {len(came)}" if len(came) > 1 else "the last one"
    arrived = f"{what} ({last} of {len(recent)} received)" if came else "no message"
    reason = f"expected {describe_expected(step, scope)} within {seconds:g} s; got {arrived}"
    closest = _closest_difference(step, scope, recent)
    if closest is None:
        return reason
    index, difference = closest
    if len(recent) == 1:
        which = "it"
    elif index < len(recent) - len(came):  # not quoted above: quote it here
        which = f"the closest, {_shown(recent[index])} (message {index + 1} of {len(recent)}),"
    else:
        which = f"the closest (message {index + 1} of {len(recent)})"
    return f"{reason}; {which} differs{difference}"


def _closest_difference(
    step: Step, scope: Scope, recent: list[str | bytes]
) -> tuple[int, str] | None:
    """(which received message is closest, how it differs), or None when no message is
    close enough for that to help."""
    if step.action == "expect_json":
        return _json_difference(step, scope, recent)
    if step.action not in ("expect", "expect_hex"):
        return None
    expected_text = _plain(step.value, scope, step.title)
    if expected_text is None:  # a secret or a fresh dynamic value: no diff reveals it
        return None
    if step.action == "expect":
        texts = [(i, m) for i, m in enumerate(recent) if isinstance(m, str)]
        return _sequence_difference(expected_text, texts, "character", _text_shown)
    try:
        expected_bytes = parse_hex(expected_text)
    except ValueError:
        return None
    blobs = [(i, m) for i, m in enumerate(recent) if isinstance(m, bytes)]
    return _sequence_difference(expected_bytes, blobs, "byte", _bytes_shown)


def _sequence_difference(
    expected: Any, candidates: list[tuple[int, Any]], unit: str, show: Any
) -> tuple[int, str] | None:
    """`` at character N…``, for the candidate sharing the longest start with what was
    expected (the first of equals), when that start is long enough to mean something."""
    best, best_prefix = None, -1
    for index, candidate in candidates:
        prefix = _common_prefix(expected, candidate)
        if prefix > best_prefix:
            best, best_prefix = (index, candidate), prefix
    if best is None or best_prefix < max(1, min(SIMILAR_PREFIX, len(expected))):
        return None
    index, found = best
    at = best_prefix
    wanted = show(expected[at : at + DIFF_CONTEXT]) if at < len(expected) else "the end"
    got = show(found[at : at + DIFF_CONTEXT]) if at < len(found) else "the end"
    before = show(expected[max(0, at - DIFF_CONTEXT // 4) : at])
    return index, f" at {unit} {at + 1} (after {before}): expected {wanted}, got {got}"


def _json_difference(step: Step, scope: Scope, recent: list[str | bytes]) -> tuple[int, str] | None:
    """For the received JSON that holds the most of the checks: each check it fails, with
    what it holds instead."""
    checks = json_checks(step.value)
    best, best_failures = None, None
    for index, message in enumerate(recent):
        try:
            json.loads(message)
        except (ValueError, TypeError, RecursionError):
            continue
        failures = [c for c in checks if not _holds(c, message, scope, step.title)]
        if best_failures is None or len(failures) < len(best_failures):
            best, best_failures = index, failures
    if best is None or not best_failures:
        return None
    said = []
    for check in best_failures:
        found = _json_values(check["path"], recent[best], step.title)
        wanted = _json_shown(check["equals"], scope, step.title)
        if not found:
            said.append(f"{check['path']} is missing (expected {wanted})")
        else:
            said.append(f"{check['path']} is {_json_text(found[0])}, not {wanted}")
    return best, f": {'; '.join(said)}"


def _plain(text: str, scope: Scope, where: str) -> str | None:
    """``text`` resolved, unless it uses a secret or a dynamic value that changes (then None:
    a diff must neither reveal the one nor draw a new one)."""
    for name in names_in(text):
        if name in scope.secrets or (name.startswith("$") and name not in DETERMINISTIC):
            return None
    try:
        return scope.resolve(text, where)
    except ValueError:
        return None


def _json_shown(value: Any, scope: Scope, where: str) -> str:
    return json.dumps(scope.shown(value, where)) if isinstance(value, str) else _json_text(value)


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _common_prefix(first: Any, second: Any) -> int:
    count = 0
    for left, right in zip(first, second, strict=False):
        if left != right:
            break
        count += 1
    return count


def _text_shown(text: str) -> str:
    return repr(preview(text, PREVIEW_CHARS))


def _bytes_shown(data: bytes) -> str:
    return repr(data.hex(" "))


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
