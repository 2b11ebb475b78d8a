"""Socket.IO input checked without loading python-socketio (it costs startup time): the auth
payload and the arguments of an emit, each error naming where the JSON is wrong."""

from __future__ import annotations

import json
from typing import Any

from wsgui.core.options import ConnectOptions, OptionsError

__all__ = ["parse_emit_args", "sio_auth"]


def sio_auth(options: ConnectOptions) -> Any:
    """The auth payload (JSON) as a value; OptionsError names the field and the position."""
    if not options.sio_auth.strip():
        return None
    try:
        return json.loads(options.sio_auth)
    except json.JSONDecodeError as exc:
        raise OptionsError(
            f"Socket.IO auth: not JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}"
        ) from None


def parse_emit_args(text: str) -> list[Any]:
    """The arguments of an emit: a JSON value per line, or one JSON array of them ("[1, 2]"
    is two arguments; "[[1, 2]]" is one array); empty text is no argument."""
    stripped = text.strip()
    if not stripped:
        return []
    try:
        value = json.loads(stripped)
    except json.JSONDecodeError:
        values = []
        for number, line in enumerate(stripped.splitlines(), 1):
            if not line.strip():
                continue
            try:
                values.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(
                    f"Arguments: line {number} is not JSON (column {exc.colno}): {exc.msg}"
                ) from None
        return values
    return list(value) if isinstance(value, list) else [value]
