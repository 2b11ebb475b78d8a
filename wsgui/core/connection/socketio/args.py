"""Socket.IO input checked without loading python-socketio (it costs startup time): the auth
payload and the arguments of an emit, each error naming where the JSON is wrong."""

from __future__ import annotations

import json
from typing import Any

from wsgui.core.compose.encoding import encode
from wsgui.core.model.options import ConnectOptions, OptionsError

__all__ = ["emit_arguments", "json_argument", "sio_auth"]


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


def json_argument(text: str, field: str) -> Any:
    """One argument of an emit, as JSON: ``[1, "two"]`` is one array, never two arguments.
    OptionsError names the field, the line and column, and what is wrong."""
    try:
        return _loads(text, field)
    except json.JSONDecodeError as exc:
        raise OptionsError(
            f"{field}: not JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}"
        ) from None


def emit_arguments(mode: str, text: str, extras: list[str]) -> list[Any]:
    """The arguments of an emit: the composer's message as the first (JSON mode: its value;
    Text: the string; Hex or Base64: bytes, a binary attachment), then each extra argument
    as JSON. An empty message with no extras is an emit without arguments."""
    args: list[Any] = []
    if mode == "file":
        raise OptionsError(
            "Socket.IO: File mode sends a file over plain WebSocket only; "
            "use Hex or Base64 for a binary argument"
        )
    if text.strip() or (mode == "text" and text):
        if mode == "json":
            args.append(json_argument(text, "Argument 1"))
        elif mode == "text":
            args.append(text)
        else:
            args.append(encode(mode, text))
    elif any(extra.strip() for extra in extras):
        args.append(None if mode == "json" else "")  # keeps the extras' positions
    for number, extra in enumerate(extras, len(args) + 1):
        if extra.strip():
            args.append(json_argument(extra, f"Argument {number}"))
    return args
