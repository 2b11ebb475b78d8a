"""Socket.IO input checked without loading python-socketio (it costs startup time): the auth
payload and the arguments of an emit, each error naming where the JSON is wrong."""

from __future__ import annotations

import json
from typing import Any

from wsgui.core.model.options import ConnectOptions, OptionsError

__all__ = ["parse_emit_args", "sio_auth"]


def _loads(text: str, field: str) -> Any:
    """json.loads; JSONDecodeError as it is, the other failures as OptionsError."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise OptionsError(f"{field}: JSON nested too deeply to read") from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise OptionsError(f"{field}: not usable as JSON ({exc})") from None


def sio_auth(options: ConnectOptions) -> Any:
    """The auth payload (JSON) as a value; OptionsError names the field and the position."""
    if not options.sio_auth.strip():
        return None
    try:
        return _loads(options.sio_auth, "Socket.IO auth")
    except json.JSONDecodeError as exc:
        raise OptionsError(
            f"Socket.IO auth: not JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}"
        ) from None


def parse_emit_args(text: str) -> list[Any]:
    """The arguments of an emit: a JSON value per line, or one JSON array of them ("[1, 2]"
    is two arguments; "[[1, 2]]" is one array); empty text is no argument. OptionsError
    names the line and what is wrong."""
    stripped = text.strip()
    if not stripped:
        return []
    try:
        value = _loads(stripped, "Arguments")
    except json.JSONDecodeError:
        values = []
        for number, line in enumerate(stripped.splitlines(), 1):
            if not line.strip():
                continue
            try:
                values.append(_loads(line, f"Arguments: line {number}"))
            except json.JSONDecodeError as exc:
                raise OptionsError(
                    f"Arguments: line {number} is not JSON (column {exc.colno}): {exc.msg}"
                ) from None
        return values
    return list(value) if isinstance(value, list) else [value]
