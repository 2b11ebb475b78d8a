"""A scenario as TOML text, laid out as the README shows it: ``name``, ``[connect]``, then
one ``[[step]]`` table per step, action first; tomli-w writes every key and value (quoting,
escapes), this module only decides the layout.

tomli-w alone would write short steps as one inline array (``step = [{ send = "a" }]``) and
a step's table value as a sub-table: valid, but not the form people read and edit.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["scenario_text"]


def scenario_text(
    name: str,
    connect: Mapping[str, Any],
    steps: Sequence[Mapping[str, Any]],
    comments: Sequence[str] = (),
) -> str:
    """The whole file: ``comments`` (one line each) on top, then the tables."""
    import tomli_w  # loaded when a file is written (~2 ms)

    lines = [f"# {_one_line(comment)}\n" for comment in comments]
    parts = ["".join(lines) + tomli_w.dumps({"name": name}), _table("[connect]", connect)]
    parts += [_table("[[step]]", step) for step in steps]
    return "\n".join(parts)


def _table(header: str, table: Mapping[str, Any]) -> str:
    """The table's own keys, then its sub-tables (``[connect.headers]``) as tomli-w writes
    them (one key a line)."""
    import tomli_w

    own = [_key_value(key, value) for key, value in table.items() if not isinstance(value, dict)]
    text = f"{header}\n" + "".join(own)
    name = header.strip("[]")
    for key, value in table.items():
        if isinstance(value, dict):
            text += f"\n[{name}.{_key(key)}]\n" + str(tomli_w.dumps(value))
    return text


def _key_value(key: str, value: Any) -> str:
    """``key = value`` on one line; a list of tables as a multi-line array of inline tables
    (each table on one line, as TOML requires)."""
    if isinstance(value, list) and value and all(isinstance(item, Mapping) for item in value):
        items = "".join(f"    {_inline(item)},\n" for item in value)
        return f"{_key(key)} = [\n{items}]\n"
    return f"{_key(key)} = {_inline(value)}\n"


def _inline(value: Any) -> str:
    """Any value on one line: inline tables and arrays, scalars as tomli-w writes them."""
    import tomli_w

    if isinstance(value, Mapping):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_key(k)} = {_inline(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_inline(item) for item in value) + "]"
    line = str(tomli_w.dumps({"v": value}))
    return line.removeprefix("v = ").removesuffix("\n")


@functools.lru_cache(maxsize=256)  # the same few keys (send, expect, path…) in every step
def _key(key: str) -> str:
    import tomli_w

    return str(tomli_w.dumps({key: 0})).removesuffix(" = 0\n")


def _one_line(text: str) -> str:
    return " ".join(text.split())
