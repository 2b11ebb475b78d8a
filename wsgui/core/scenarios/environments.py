"""Environments: named sets of variables (``local``, ``staging``) a run picks with ``--env``.

They live in a scenario's ``[env.NAME]`` tables and in ``environments.toml`` beside it (one
table per environment, shared by the scenarios of a folder); ``[variables]`` in a scenario are
its defaults. A secret is never written in a file: its value is a reference, ``"${VAR}"`` or
``{ env = "VAR" }`` (read from the process environment), or ``{ keyring = "key" }`` (the OS
keyring, service "wsgui"). Secrets are shown masked; one that cannot be read is undefined, and
the undefined-variable message says why.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wsgui.core.model.options import OptionsError
from wsgui.core.model.secrets import SecretStore
from wsgui.core.profiles.store import default_directory
from wsgui.core.scenarios.variables import Scope

__all__ = [
    "ENVIRONMENTS_FILE",
    "Environment",
    "EnvironmentsError",
    "Secret",
    "choose",
    "environment_scope",
    "parse_environment",
    "parse_environments",
    "read_environments",
    "user_environments_file",
]

ENVIRONMENTS_FILE = "environments.toml"
_WHOLE_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class EnvironmentsError(OptionsError):
    """An environment that cannot be used: which one, which variable, what to write."""


@dataclass(frozen=True)
class Secret:
    """Where a secret variable's value is read when a run starts (never from the file)."""

    env: str = ""  # a process environment variable
    keyring: str = ""  # a key in the OS keyring, service "wsgui"

    @property
    def source(self) -> str:
        return f"environment variable {self.env}" if self.env else f"keyring entry {self.keyring}"


@dataclass(frozen=True)
class Environment:
    name: str
    values: dict[str, str] = field(default_factory=dict)
    secrets: dict[str, Secret] = field(default_factory=dict)

    def over(self, base: Environment) -> Environment:
        """This environment's variables on top of ``base``'s (a scenario's table over the
        folder's environments.toml)."""
        values = {k: v for k, v in base.values.items() if k not in self.secrets}
        secrets = {k: v for k, v in base.secrets.items() if k not in self.values}
        return Environment(self.name, values | self.values, secrets | self.secrets)


def parse_environment(name: str, table: Any, where: str) -> Environment:
    """One environment's table: a string is a value, ``"${VAR}"`` or ``{ env = "VAR" }`` or
    ``{ keyring = "key" }`` a secret. EnvironmentsError names the variable and what to write."""
    if not isinstance(table, dict):
        raise EnvironmentsError(f'{where}: [{name}] must be a table of name = "value"')
    values: dict[str, str] = {}
    secrets: dict[str, Secret] = {}
    for variable, raw in table.items():
        here = f"{where}: {variable}"
        if isinstance(raw, bool) or not isinstance(raw, str | int | float | dict):
            raise EnvironmentsError(f'{here}: write a string ("…"), not {raw!r}')
        if isinstance(raw, dict):
            secrets[variable] = _secret(raw, here)
            continue
        text = str(raw)
        whole = _WHOLE_REFERENCE.fullmatch(text)
        if whole:
            secrets[variable] = Secret(env=whole.group(1))
        else:
            values[variable] = text
    return Environment(name, values, secrets)


def _secret(raw: dict[str, Any], here: str) -> Secret:
    keys = set(raw)
    if keys == {"env"} and isinstance(raw["env"], str) and raw["env"]:
        return Secret(env=raw["env"])
    if keys == {"keyring"} and isinstance(raw["keyring"], str) and raw["keyring"]:
        return Secret(keyring=raw["keyring"])
    raise EnvironmentsError(
        f'{here}: a secret is {{ env = "VARIABLE" }} or {{ keyring = "key" }}, not {raw!r} '
        "(a secret's value is never written in the file)"
    )


def read_environments(path: Path) -> dict[str, Environment]:
    """The environments of ``environments.toml`` (none when there is no such file)."""
    if not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EnvironmentsError(f"{path}: cannot be read ({exc})") from None
    return parse_environments(text, str(path))


def parse_environments(text: str, where: str) -> dict[str, Environment]:
    """An environments file's text: one table per environment."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise EnvironmentsError(f"{where}: not TOML ({exc})") from None
    return {name: parse_environment(name, table, where) for name, table in data.items()}


def user_environments_file() -> Path:
    """The window's environments: ``environments.toml`` in wsgui's config folder (beside
    the profiles), in the same format as a scenario folder's."""
    return default_directory().parent / ENVIRONMENTS_FILE


def choose(
    name: str, own: Mapping[str, Environment], shared: Mapping[str, Environment], where: str
) -> Environment:
    """``--env NAME``: the scenario's own table over the folder's; a name neither has is an
    error listing the ones there are."""
    if name not in own and name not in shared:
        known = sorted({*own, *shared})
        there = f"there are: {', '.join(known)}" if known else "none is defined"
        raise EnvironmentsError(
            f"--env {name}: {where} has no environment {name!r} ({there}; an environment is "
            f"an [env.{name}] table in the scenario or a [{name}] table in {ENVIRONMENTS_FILE})"
        )
    chosen = own.get(name, Environment(name))
    return chosen.over(shared[name]) if name in shared else chosen


def environment_scope(
    layers: Sequence[Environment],
    given: Mapping[str, str],
    secret_store: SecretStore | None,
    environ: Mapping[str, str] | None = None,
) -> Scope:
    """The run's variables: ``layers`` in order (a scenario's ``[variables]``, then the chosen
    environment; each secret read now), then ``--var``. A secret that cannot be read stays
    undefined, with why."""
    env = os.environ if environ is None else environ
    merged = Environment("")
    for layer in layers:
        merged = layer.over(merged)
    scope = Scope.layered(merged.values)
    for variable, secret in merged.secrets.items():
        value = _read(secret, env, secret_store)
        if value is not None:
            scope.set(variable, value, secret=True)
        elif secret.env:
            scope.unavailable[variable] = f"its value comes from the {secret.source}, not set"
        else:
            scope.unavailable[variable] = (
                f"its value comes from the {secret.source}, which is not there "
                f"({_store_text(secret_store)})"
            )
    for variable, value in given.items():
        scope.set(variable, value)
        scope.unavailable.pop(variable, None)
    return scope


def _read(secret: Secret, env: Mapping[str, str], store: SecretStore | None) -> str | None:
    if secret.env:
        return env.get(secret.env)
    if store is None or not store.available:
        return None
    return store.get(secret.keyring)


def _store_text(store: SecretStore | None) -> str:
    return "no OS keyring available" if store is None else store.description
