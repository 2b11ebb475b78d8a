"""The one ``[connect]`` table, both ways: a connection's options as the table a scenario file
holds (secrets as references, never their values), and a scenario's table as options.

How a value is known to be a secret is the app's own rule: a header named like a credential
(``is_secret_header``: Authorization, Cookie, *token*, *secret*...), the password in the URL,
the auth helper's secret, and credential-like query parameters (``is_secret_query``). Such
a value is written as a ``${WSGUI_…}`` reference, the name "Replace with ${VARIABLE}" gives
profiles (``wsgui run`` and the window both read it from the environment when connecting), or
for a query parameter as a ``{{name}}`` variable (given with ``--var``: the environment is not
read for URLs). A value that is already a reference is kept as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from wsgui.core.connection.errors import file_reason
from wsgui.core.model.options import (
    Auth,
    ConnectOptions,
    Header,
    Protocol,
    UserAgentMode,
    is_secret_header,
)
from wsgui.core.model.secrets import is_reference
from wsgui.core.model.urls import is_secret_query, join_password, split_password
from wsgui.core.profiles.references import PREFIX, Replacement, split_scheme, variable_name
from wsgui.core.scenarios.scenario import Scenario, ScenarioError
from wsgui.core.scenarios.variables import PATTERN
from wsgui.core.system.files import write_atomically

__all__ = ["ConnectTable", "connect_table", "options_from_scenario", "write_scenario"]

# ConnectOptions fields a [connect] table holds (the auth helper and a custom User-Agent
# become headers); every other one that differs from its default is named in the notes.
WRITTEN = {
    "url",
    "subprotocols",
    "origin",
    "headers",
    "auth",
    "auth_user",
    "auth_secret",
    "user_agent_mode",
    "user_agent_value",
    "protocol",
    "sio_namespace",
    "journal",
}
_DEFAULTS = ConnectOptions(url="")
_TEMPLATE = re.compile(rf"(?:[A-Za-z][A-Za-z0-9-]* )?{PATTERN.pattern}")


@dataclass(frozen=True)
class ConnectTable:
    """``table`` is ready for TOML; ``secrets`` say which references stand for which secret
    (never the value) and ``notes`` what a scenario cannot hold."""

    table: dict[str, Any]
    secrets: tuple[Replacement, ...] = ()
    notes: tuple[str, ...] = ()

    def secret_lines(self) -> list[str]:
        """How to give each secret when playing the file, in words."""
        lines = []
        for secret in self.secrets:
            if secret.variable.startswith("{{"):
                name = secret.variable.strip("{}")
                lines.append(f"{secret.label}: give it with --var {name}=…")
            else:
                lines.append(
                    f"{secret.label}: set {secret.variable} in the environment to {secret.holds}"
                )
        return lines


def connect_table(options: ConnectOptions) -> ConnectTable:
    """The [connect] table for ``options``: url, subprotocols, origin, headers, for
    Socket.IO its flag and namespace, and ``journal = false`` when not kept in history."""
    secrets: list[Replacement] = []
    url = _url(options.url, secrets)
    table: dict[str, Any] = {"url": url}
    if options.subprotocols:
        table["subprotocols"] = list(options.subprotocols)
    if options.origin:
        table["origin"] = options.origin
    headers, notes = _headers(options, secrets)
    if headers:
        table["headers"] = headers
    if options.protocol is Protocol.SOCKETIO:
        table["socketio"] = True
        if options.sio_namespace != "/":
            table["namespace"] = options.sio_namespace
    if not options.journal:
        table["journal"] = False  # Keep in history unchecked: wsgui run does not journal it
    left_out = [
        option.name
        for option in fields(ConnectOptions)
        if option.name not in WRITTEN
        and getattr(options, option.name) != getattr(_DEFAULTS, option.name)
    ]
    if left_out:
        notes.append(f"not in a scenario (wsgui run uses its defaults): {', '.join(left_out)}")
    return ConnectTable(table, tuple(secrets), tuple(notes))


def options_from_scenario(scenario: Scenario) -> ConnectOptions:
    """The connection a scenario's [connect] table describes, as the window's options."""
    return ConnectOptions(
        url=scenario.url,
        subprotocols=scenario.subprotocols,
        origin=scenario.origin,
        headers=tuple(Header(name, value) for name, value in scenario.headers),
        protocol=Protocol.SOCKETIO if scenario.socketio else Protocol.WEBSOCKET,
        sio_namespace=scenario.namespace,
        journal=scenario.journal,
    )


def write_scenario(path: Path, text: str) -> None:
    """Write the file whole or not at all, private to the user (0600: the steps hold the
    session's messages); ScenarioError says why it could not be written."""
    try:
        write_atomically(path, text.encode("utf-8"), mode=0o600)
    except OSError as exc:
        raise ScenarioError(f"{path}: not written ({file_reason(exc)})") from None


def is_reference_only(value: str) -> bool:
    """True for a value that holds no secret, only references: ``${TOKEN}``,
    ``Bearer ${TOKEN}``, ``{{token}}``, ``Bearer {{token}}``."""
    return is_reference(value) or _TEMPLATE.fullmatch(value) is not None


def _headers(
    options: ConnectOptions, secrets: list[Replacement]
) -> tuple[dict[str, str], list[str]]:
    rows: list[tuple[str, str]] = [
        (h.name, h.value) for h in options.headers if h.enabled and h.name.strip()
    ]
    notes: list[str] = []
    if options.auth is Auth.BEARER and options.auth_secret:
        rows.append(("Authorization", f"Bearer {options.auth_secret}"))
    elif options.auth is Auth.BASIC:  # a header holds the base64 of user:password whole
        rows.append(("Authorization", options.authorization() or ""))
        notes.append(
            f"Basic auth: the Authorization header's value after 'Basic ' is the base64 of "
            f"{options.auth_user}:password"
        )
    if options.user_agent_mode is UserAgentMode.CUSTOM and not any(
        name.lower() == "user-agent" for name, _ in rows
    ):
        rows.append(("User-Agent", options.user_agent_value))
    elif options.user_agent_mode is UserAgentMode.NONE:
        notes.append("no User-Agent: a scenario sends the library's User-Agent")
    headers: dict[str, str] = {}
    for name, value in rows:
        if name in headers:
            notes.append(f"header {name} appears twice: a scenario keeps the last one")
        if is_secret_header(name) and value and not is_reference_only(value):
            value = _referenced(value, variable_name(name), f"Header {name}", secrets)
        headers[name] = value
    return headers, notes


def _url(url: str, secrets: list[Replacement]) -> str:
    bare, password = split_password(url)
    if password and not is_reference_only(password):
        url = join_password(bare, f"${{{PREFIX}URL_PASSWORD}}")
        secrets.append(Replacement("Password in the URL", f"{PREFIX}URL_PASSWORD", ""))
    head, question, rest = url.partition("?")
    if not question:
        return url
    query, hash_sign, fragment = rest.partition("#")
    kept = []
    for item in query.split("&"):
        name, equals, value = item.partition("=")
        if equals and value and is_secret_query(name) and not is_reference_only(value):
            variable = re.sub(r"[^\w.-]+", "_", name).strip("_") or "secret"
            if not variable[0].isalpha():
                variable = f"q_{variable}"
            item = f"{name}={{{{{variable}}}}}"
            secrets.append(Replacement(f"Query parameter {name}", f"{{{{{variable}}}}}", ""))
        kept.append(item)
    return f"{head}?{'&'.join(kept)}{hash_sign}{fragment}"


def _referenced(value: str, variable: str, label: str, secrets: list[Replacement]) -> str:
    taken = {secret.variable for secret in secrets}
    name, counter = variable, 1
    while name in taken:
        counter += 1
        name = f"{variable}_{counter}"
    scheme, _secret = split_scheme(value)
    secrets.append(Replacement(label, name, "", scheme))
    reference = f"${{{name}}}"
    return f"{scheme} {reference}" if scheme else reference
