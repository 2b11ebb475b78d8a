"""The Socket.IO steps of a scenario: ``emit`` with its ``args``, the server's ack awaited,
compared and captured from; and what a WebSocket-only step says on a Socket.IO connection.

Received events are matched by the runner's expect steps (see matching.py); this module is
what only a Socket.IO session can do, so the runner stays one loop over the steps.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Protocol

from wsgui.core.model.entries import ReadyState
from wsgui.core.scenarios.matching import captured, same_json, shown_json
from wsgui.core.scenarios.scenario import Step
from wsgui.core.scenarios.variables import Scope

if TYPE_CHECKING:  # python-socketio loads with the first Socket.IO session, not before
    from wsgui.core.connection.socketio.session import SocketIOSession

__all__ = ["SOCKETIO_ONLY", "WEBSOCKET_ONLY", "Heard", "play_emit", "websocket_only"]

SOCKETIO_ONLY = ("emit", "expect_event")
WEBSOCKET_ONLY = ("send", "send_json", "send_hex", "send_file", "ping", "expect_close")


class Heard(Protocol):
    """What the runner's sink kept that an emit's FAIL reason quotes."""

    errors: list[str]
    closed_text: str


def websocket_only(action: str) -> str:
    """The FAIL reason of a WebSocket step played on a Socket.IO connection."""
    if action == "ping":
        why = "Socket.IO pings by itself, with Engine.IO packets 2 and 3"
    elif action == "expect_close":
        why = "a Socket.IO disconnect has no close code"
    else:
        why = 'use emit, e.g. emit = "message" with args = ["hello"]'
    return f"{action} needs a WebSocket connection; {why}"


async def play_emit(session: SocketIOSession, step: Step, scope: Scope, heard: Heard) -> str:
    """Emit the step's event; with ``ack``, wait ``within`` s for the server's ack, check its
    arguments against an ``ack = [...]`` list and capture from them. "" when it passed."""
    where = step.title
    event = scope.resolve(step.value, where)
    args: list[Any] = scope.resolve_json(step.options.get("args", []), where)
    ack = step.options.get("ack", False)
    if session.state is not ReadyState.OPEN:
        return f"not emitted: the connection is {session.state.name} ({heard.closed_text})"
    if ack is False:
        sent = await session.emit(event, args, expect_ack=False)
        return "" if sent else (heard.errors[-1] if heard.errors else "not emitted")
    values = await session.call(event, args, step.within)
    if values is None:
        if session.state is not ReadyState.OPEN:
            return f"no ack for {event!r}: the connection closed ({heard.closed_text})"
        return f"no ack for {event!r} within {step.within:g} s"
    got = json.dumps(values, ensure_ascii=False, default=repr)
    if isinstance(ack, list) and not same_json(values, scope.resolve_json(ack, where)):
        return f"ack of {event!r}: expected {shown_json(ack, scope, where)}, got {got}"
    for name, value in captured(step.captures, got, where).items():
        scope.set(name, value)
    return ""
