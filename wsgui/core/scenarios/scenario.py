"""Scenario files: a TOML file a team commits beside its server, the connection to open
(``[connect]``) and the steps to play (``[[step]]``), read into plain data.

Every problem names the step and the key and says what to write instead; nothing here opens
a connection (the runner does). JSON paths are checked with jsonpath-ng when the file is read,
so a typo fails before anything is sent.
"""

from __future__ import annotations

import functools
import json
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from wsgui.core.model.options import OptionsError
from wsgui.core.model.payload import PayloadError, parse_hex
from wsgui.core.scenarios.environments import Environment, parse_environment

__all__ = [
    "DEFAULT_WITHIN",
    "Capture",
    "Scenario",
    "ScenarioError",
    "Step",
    "json_checks",
    "load",
    "parse",
]

DEFAULT_WITHIN = 5.0  # seconds a step waits for what it expects
SENDS = ("send", "send_json", "send_hex", "send_file", "emit")
EXPECTS = (
    "expect",
    "expect_hex",
    "expect_regex",
    "expect_json",
    "expect_event",
    "expect_close",
    "expect_none",
    "ping",
)
OTHERS = ("wait", "close")
STEP_KEYS = {
    *SENDS,
    *EXPECTS,
    *OTHERS,
    "within",
    "capture",
    "name",
    "args",
    "ack",
    "reason",
}
CONNECT_KEYS = {"url", "subprotocols", "headers", "origin", "socketio", "namespace", "journal"}
CHECK_KEYS = {"max_latency_ms", "message_count"}


class ScenarioError(OptionsError):
    """A scenario file that cannot be run: where (file, step, key) and what is wrong."""


@dataclass(frozen=True)
class Capture:
    """Set ``variable`` from a received message: a JSON path (``$.token``) or a regex's
    first group."""

    variable: str
    json_path: str = ""
    regex: str = ""


@dataclass(frozen=True)
class Step:
    """One ``[[step]]``: ``action`` is its kind (send, expect_regex, wait…), ``value`` what
    it sends, expects or waits for."""

    number: int
    action: str
    value: Any
    within: float = DEFAULT_WITHIN
    captures: tuple[Capture, ...] = ()
    name: str = ""
    options: dict[str, Any] = field(default_factory=dict)  # args, ack, reason

    @property
    def title(self) -> str:
        return self.name or f"step {self.number}: {self.action}"


@dataclass(frozen=True)
class Scenario:
    name: str
    url: str
    subprotocols: tuple[str, ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    origin: str = ""
    socketio: bool = False
    namespace: str = "/"
    journal: bool = True  # [connect] journal = false: wsgui run keeps it out of the history
    steps: tuple[Step, ...] = ()
    checks: dict[str, float] = field(default_factory=dict)
    variables: Environment = field(default_factory=lambda: Environment("variables"))
    environments: dict[str, Environment] = field(default_factory=dict)  # [env.NAME]
    folder: Path | None = None  # where environments.toml is looked for


def load(path: Path) -> Scenario:
    """Read a scenario file; ScenarioError names the file and the problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{path}: cannot be read ({exc})") from None
    return replace(parse(text, path.stem, str(path)), folder=path.parent)


def parse(text: str, name: str, where: str = "scenario") -> Scenario:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{where}: not TOML ({exc})") from None
    unknown = set(data) - {"connect", "step", "checks", "name", "variables", "env"}
    if unknown:
        raise ScenarioError(
            f"{where}: unknown table(s) {_list(unknown)}; use connect, step, checks, variables, env"
        )
    connect = _table(data.get("connect"), f"{where}: [connect]")
    _no_unknown(connect, CONNECT_KEYS, f"{where}: [connect]")
    url = connect.get("url")
    if not isinstance(url, str) or not url.strip():
        raise ScenarioError(f'{where}: [connect] needs url = "ws://host:port/path"')
    _check_socketio(connect, where)
    journal = connect.get("journal", True)
    if not isinstance(journal, bool):
        raise ScenarioError(f"{where}: [connect] journal takes true or false, not {journal!r}")
    raw_steps = data.get("step", [])
    if not isinstance(raw_steps, list):
        raise ScenarioError(f"{where}: write each step as [[step]] (an array of tables)")
    checks = _table(data.get("checks", {}), f"{where}: [checks]")
    _no_unknown(checks, CHECK_KEYS, f"{where}: [checks]")
    for key, value in checks.items():
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise ScenarioError(f"{where}: [checks] {key} must be a number ≥ 0, not {value!r}")
    return Scenario(
        name=str(data.get("name") or name),
        url=url.strip(),
        subprotocols=tuple(_strings(connect.get("subprotocols", []), f"{where}: subprotocols")),
        headers=tuple(_headers(connect.get("headers", {}), where)),
        origin=str(connect.get("origin", "")),
        socketio=bool(connect.get("socketio", False)),
        namespace=str(connect.get("namespace", "/")),
        journal=journal,
        steps=tuple(_step(i, raw, where) for i, raw in enumerate(raw_steps, 1)),
        checks={key: float(value) for key, value in checks.items()},
        variables=parse_environment("variables", data.get("variables", {}), where),
        environments={
            env: parse_environment(env, table, f"{where}: [env.{env}]")
            for env, table in _table(data.get("env", {}), f"{where}: [env]").items()
        },
    )


def _check_socketio(connect: dict[str, Any], where: str) -> None:
    socketio, namespace = connect.get("socketio", False), connect.get("namespace")
    if not isinstance(socketio, bool):
        raise ScenarioError(f"{where}: [connect] socketio takes true or false, not {socketio!r}")
    if namespace is None:
        return
    if not socketio:
        raise ScenarioError(f"{where}: [connect] namespace goes with socketio = true")
    if not isinstance(namespace, str) or not namespace.startswith("/"):
        raise ScenarioError(
            f'{where}: [connect] namespace starts with /, e.g. namespace = "/chat", '
            f"not {namespace!r}"
        )


def _step(number: int, raw: Any, where: str) -> Step:
    here = f"{where}: step {number}"
    table = _table(raw, here)
    _no_unknown(table, STEP_KEYS, here)
    actions = [key for key in (*SENDS, *EXPECTS, *OTHERS) if key in table]
    if len(actions) != 1:
        found = _list(actions) if actions else "none"
        raise ScenarioError(
            f"{here}: needs exactly one action (send, send_json, send_hex, send_file, emit, "
            f"expect, expect_hex, expect_regex, expect_json, expect_event, expect_none, "
            f"expect_close, ping, "
            f"wait, close); "
            f"found {found}"
        )
    action = actions[0]
    value = table[action]
    _check_value(action, value, here)
    _check_socketio_keys(action, table, here)
    within = table.get("within", value if action == "wait" else DEFAULT_WITHIN)
    if not isinstance(within, int | float) or isinstance(within, bool) or within < 0:
        raise ScenarioError(f"{here}: within must be seconds ≥ 0, not {within!r}")
    options: dict[str, Any] = {k: table[k] for k in ("args", "ack", "reason") if k in table}
    return Step(
        number,
        action,
        value,
        float(within),
        _captures(table.get("capture", {}), here),
        str(table.get("name", "")),
        options,
    )


def _check_value(action: str, value: Any, here: str) -> None:
    strings = ("send", "send_hex", "send_file", "expect", "expect_hex", "emit", "expect_event")
    if action in strings and not isinstance(value, str):
        raise ScenarioError(f"{here}: {action} takes a string, not {type(value).__name__}")
    if action in ("send_hex", "expect_hex") and "{{" not in value:
        try:
            parse_hex(value)
        except PayloadError as exc:
            raise ScenarioError(f"{here}: {action}: {exc}") from None
    if action == "send_json":
        try:
            json.dumps(value)
        except TypeError:  # a TOML date or time
            raise ScenarioError(
                f"{here}: send_json holds a TOML date; write it as a string"
            ) from None
    if action in ("expect_regex", "expect_none"):
        pattern = (
            value.get("regex") if action == "expect_none" and isinstance(value, dict) else value
        )
        _regex(pattern, f"{here}: {action}")
    if action == "expect_json":
        for check in json_checks(value):
            if not isinstance(check, dict) or "path" not in check or "equals" not in check:
                raise ScenarioError(
                    f'{here}: expect_json takes {{ path = "$.op", equals = "auth" }} (or a list '
                    f"of them, all held by one message), not {value!r}"
                )
            json_path(str(check["path"]), f"{here}: expect_json path")
    if action in ("expect_close", "close") and not (
        isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 4999
    ):
        raise ScenarioError(f"{here}: {action} takes a close code 1000-4999, not {value!r}")
    if action in ("wait", "ping") and (
        not isinstance(value, int | float) or isinstance(value, bool) or value < 0
    ):
        unit = "seconds" if action == "wait" else "milliseconds for the pong"
        raise ScenarioError(f"{here}: {action} takes {unit} (a number ≥ 0), not {value!r}")


def _check_socketio_keys(action: str, table: dict[str, Any], here: str) -> None:
    """``args`` and ``ack`` belong to Socket.IO steps; a capture on an emit reads its ack."""
    if "args" in table:
        if action not in ("emit", "expect_event"):
            raise ScenarioError(f"{here}: args goes with emit or expect_event, not {action}")
        if not isinstance(table["args"], list):
            raise ScenarioError(
                f'{here}: args takes a list of the arguments, e.g. args = [1, "two", {{ id = 3 }}]'
            )
        _no_dates(table["args"], f"{here}: args")
    if "ack" in table:
        if action != "emit":
            raise ScenarioError(f"{here}: ack goes with emit, not {action}")
        if not isinstance(table["ack"], bool | list):
            raise ScenarioError(
                f"{here}: ack takes true (wait for the server's ack) or the ack's arguments as "
                f'a list, e.g. ack = ["ok", {{ id = 3 }}]'
            )
        _no_dates(table["ack"], f"{here}: ack")
    if action == "emit" and "capture" in table and table.get("ack", False) is False:
        raise ScenarioError(f"{here}: capture on an emit reads the server's ack: add ack = true")


def _no_dates(value: Any, here: str) -> None:
    try:
        json.dumps(value)
    except TypeError:  # a TOML date or time
        raise ScenarioError(f"{here}: holds a TOML date; write it as a string") from None


def _captures(raw: Any, here: str) -> tuple[Capture, ...]:
    table = _table(raw, f"{here}: capture")
    found = []
    for variable, source in table.items():
        if not isinstance(source, str):
            raise ScenarioError(f"{here}: capture {variable} takes a JSON path or a regex")
        if source == "$" or source.startswith(("$.", "$[")):  # else a regex (even "$x")
            json_path(source, f"{here}: capture {variable}")
            found.append(Capture(variable, json_path=source))
        else:
            pattern = _regex(source, f"{here}: capture {variable}")
            if pattern.groups < 1:
                raise ScenarioError(
                    f"{here}: capture {variable}: the regex needs a group, e.g. token=(\\w+)"
                )
            found.append(Capture(variable, regex=source))
    return tuple(found)


def json_checks(value: Any) -> list[Any]:
    """An expect_json value as its list of ``{ path, equals }`` checks (one, or several that
    one message must hold together)."""
    return value if isinstance(value, list) and value else [value]


def json_path(path: str, here: str) -> Any:
    """The parsed JSON path (jsonpath-ng's extended syntax); ScenarioError if it is not one."""
    from jsonpath_ng.exceptions import JSONPathError  # loaded with the first scenario

    try:
        return _parsed_path(path)
    except (JSONPathError, ValueError) as exc:
        raise ScenarioError(f"{here}: {path!r} is not a JSON path ({exc})") from None


@functools.lru_cache(maxsize=1024)
def _parsed_path(path: str) -> Any:
    """Parsed once: jsonpath-ng builds its parser tables at each parse (~1 ms), and an
    expect_json step's paths are looked up for every message that arrives."""
    from jsonpath_ng.ext.parser import parse as parse_path

    return parse_path(path)


def _regex(pattern: Any, here: str) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise ScenarioError(f"{here}: takes a regular expression (a string), not {pattern!r}")
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ScenarioError(f"{here}: {pattern!r} is not a regular expression ({exc})") from None


def _table(raw: Any, here: str) -> dict[str, Any]:
    if raw is None:
        raise ScenarioError(f"{here} is missing")
    if not isinstance(raw, dict):
        raise ScenarioError(f"{here} must be a table")
    return raw


def _no_unknown(table: dict[str, Any], known: set[str], here: str) -> None:
    unknown = set(table) - known
    if unknown:
        raise ScenarioError(f"{here}: unknown key(s) {_list(unknown)}; known: {_list(known)}")


def _strings(raw: Any, here: str) -> list[str]:
    if isinstance(raw, str):
        return [raw]
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise ScenarioError(f'{here}: a list of strings, e.g. ["echo-protocol"]')
    return list(raw)


def _headers(raw: Any, where: str) -> list[tuple[str, str]]:
    table = _table(raw, f"{where}: [connect] headers")
    for name, value in table.items():
        if not isinstance(value, str):
            raise ScenarioError(f"{where}: header {name} must be a string, not {value!r}")
    return list(table.items())


def _list(keys: Any) -> str:
    return ", ".join(sorted(str(key) for key in keys))
