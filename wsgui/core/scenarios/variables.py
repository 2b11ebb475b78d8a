"""``{{name}}`` variables: resolved when connecting and sending, from an environment, the
command line's ``--var`` and the values a step captured; ``{{$uuid}}``-style dynamic values.

A variable that is not defined is an error naming it and the field it is in, never an empty
string sent to a server. Secret variables are resolved for the wire and shown masked.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from wsgui.core.model.masking import MASK

if TYPE_CHECKING:
    from random import Random
from wsgui.core.model.options import OptionsError

__all__ = ["DYNAMIC", "MASK", "Scope", "UndefinedVariableError", "names_in"]

# {{name}}, {{ name }}, {{$uuid}}; names as in Postman: letters, digits, _ . - (no spaces)
PATTERN = re.compile(r"\{\{\s*(\$?[A-Za-z_][\w.-]*)\s*\}\}")
RANDOM_INT_RANGE = (0, 1000)  # Postman's {{$randomInt}}


class UndefinedVariableError(OptionsError):
    """A ``{{name}}`` with no value: says which one, where, and how to give it one."""

    def __init__(self, name: str, where: str, why: str = "") -> None:
        self.name, self.where = name, where
        how = f"--var {name}=VALUE"
        fix = (
            f": {why} (or give it with {how})"
            if why
            else (f" (add it to the environment, or give it with {how})")
        )
        super().__init__(f"{where}: variable {{{{{name}}}}} is not defined{fix}")


def names_in(text: str) -> list[str]:
    """The variables ``text`` uses, in order, each once (dynamic ones included)."""
    seen: dict[str, None] = {}
    for match in PATTERN.finditer(text):
        seen.setdefault(match.group(1))
    return list(seen)


def _uuid4() -> str:
    import uuid

    return str(uuid.uuid4())


def _timestamp() -> str:
    return str(int(time.time()))


def _iso_timestamp() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Scope:
    """The values a run resolves ``{{name}}`` with; later layers win: the environment, then
    ``--var``, then captures (``set``). ``secrets`` names the values shown masked."""

    values: dict[str, str] = field(default_factory=dict)
    secrets: set[str] = field(default_factory=set)
    unavailable: dict[str, str] = field(default_factory=dict)  # secrets not read, and why
    rng: Random | None = None  # {{$randomInt}}'s, made at its first use
    counter: int = 0

    @classmethod
    def layered(cls, *layers: Mapping[str, str], secrets: set[str] | None = None) -> Scope:
        merged: dict[str, str] = {}
        for layer in layers:
            merged.update(layer)
        return cls(merged, set(secrets or ()))

    def set(self, name: str, value: str, *, secret: bool = False) -> None:
        """A capture, or a --var: from now on ``{{name}}`` is ``value``."""
        self.values[name] = value
        if secret:
            self.secrets.add(name)

    def resolve(self, text: str, where: str) -> str:
        """``text`` with every variable replaced, as it goes on the wire. Raises
        UndefinedVariableError for the first one without a value."""
        return self._replace(text, where, masked=False)

    def shown(self, text: str, where: str) -> str:
        """``text`` as the log and the handshake view show it: secrets masked, and an
        undefined variable left as typed (the error says it)."""
        try:
            return self._replace(text, where, masked=True)
        except UndefinedVariableError:
            return text

    def resolve_json(self, value: Any, where: str) -> Any:
        """A JSON value (send_json, an emit's args, an expected ack) with the variables in
        its strings resolved; numbers, booleans and keys stay as written."""
        return self._walk(value, lambda text: self.resolve(text, where))

    def shown_json(self, value: Any, where: str) -> Any:
        """The JSON value as a FAIL line shows it: secrets masked."""
        return self._walk(value, lambda text: self.shown(text, where))

    def _walk(self, value: Any, resolve: Callable[[str], str]) -> Any:
        if isinstance(value, str):
            return resolve(value)
        if isinstance(value, list):
            return [self._walk(item, resolve) for item in value]
        if isinstance(value, dict):
            return {key: self._walk(item, resolve) for key, item in value.items()}
        return value

    def _replace(self, text: str, where: str, *, masked: bool) -> str:
        if "{{" not in text:
            return text

        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.startswith("$"):
                make = DYNAMIC.get(name)
                if make is None:
                    known = ", ".join(sorted(DYNAMIC))
                    raise OptionsError(
                        f"{where}: {{{{{name}}}}} is not a dynamic value (there are {known})"
                    )
                return make(self)
            if name not in self.values:
                raise UndefinedVariableError(name, where, self.unavailable.get(name, ""))
            return MASK if masked and name in self.secrets else self.values[name]

        return PATTERN.sub(value, text)

    def secret_values(self) -> list[str]:
        """The values of the secret variables: what the window masks where it shows up."""
        return [self.values[name] for name in self.secrets if name in self.values]

    def random_int(self) -> str:
        if self.rng is None:
            import random  # with uuid, ~8 ms at the window's start: loaded when first used

            self.rng = random.Random()
        return str(self.rng.randint(*RANDOM_INT_RANGE))

    def next_count(self) -> str:
        self.counter += 1
        return str(self.counter)


# Dynamic values: a fresh one at each use (documented in the README).
DYNAMIC: dict[str, Callable[[Scope], str]] = {
    "$uuid": lambda _scope: _uuid4(),
    "$timestamp": lambda _scope: _timestamp(),
    "$isoTimestamp": lambda _scope: _iso_timestamp(),
    "$randomInt": lambda scope: scope.random_int(),
    "$counter": lambda scope: scope.next_count(),
    "$openBraces": lambda _scope: "{{",  # a literal {{ (recorded messages use it)
}
