"""The on-connect sequence: snippets sent after each open, in order, each optionally followed
by a wait for a received message matching a regex (e.g. auth, wait for "authenticated",
then subscribe)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Sequence

from wsgui.core.compose.encoding import encode
from wsgui.core.connection.factory import AnySession
from wsgui.core.model.entries import Kind
from wsgui.core.model.options import OptionsError
from wsgui.core.model.payload import PayloadError
from wsgui.core.profiles.profile import SavedMessage

__all__ = ["DEFAULT_WAIT_SECONDS", "on_connect_steps", "run_on_connect", "wait_pattern_problem"]

DEFAULT_WAIT_SECONDS = 10.0


def on_connect_steps(messages: Sequence[SavedMessage]) -> list[SavedMessage]:
    return [m for m in messages if m.on_connect and m.direction == "sent"]


def wait_pattern_problem(source: str) -> str:
    """Why ``source`` cannot be the regex to wait for ("" when it can)."""
    try:
        re.compile(source)
    except re.error as exc:
        where = f" at position {exc.pos + 1}" if exc.pos is not None else ""
        return f"Wait for: invalid regular expression{where}: {exc.msg}"
    return ""


async def run_on_connect(
    session: AnySession,
    messages: Sequence[SavedMessage],
    wait_seconds: float = DEFAULT_WAIT_SECONDS,
    resolve: Callable[[str, str], str] | None = None,
) -> bool:
    """Send the on-connect steps; stop, saying why, at the first that cannot be sent or
    whose awaited reply does not come. True when every step went through. ``resolve``
    replaces ``{{variables}}`` in a body (OptionsError for an undefined one)."""
    steps = on_connect_steps(messages)
    if not steps:
        return True
    total = len(steps)
    session.log_event(Kind.INFO, f"On-connect sequence: {total} step(s)")
    for number, step in enumerate(steps, 1):
        label = f"step {number}/{total} '{step.name}'"
        problem = wait_pattern_problem(step.wait_for) if step.wait_for else ""
        try:
            body = resolve(step.body, f"Snippet '{step.name}'") if resolve else step.body
            payload = encode(step.mode, body)
        except (PayloadError, OptionsError) as exc:
            problem = str(exc)
        if problem:
            session.log_event(Kind.ERROR, f"On-connect sequence stopped at {label}: {problem}")
            return False
        reply = session.expect(re.compile(step.wait_for)) if step.wait_for else None
        if not await session.send(payload, note=f"on connect {number}/{total}"):
            if reply is not None:
                reply.cancel()
            return False
        if reply is None:
            continue
        try:
            await asyncio.wait_for(reply, wait_seconds)
        except ConnectionError:
            session.log_event(
                Kind.ERROR, f"On-connect sequence stopped at {label}: the connection closed"
            )
            return False
        except TimeoutError:
            session.log_event(
                Kind.ERROR,
                f"On-connect sequence stopped at {label}: no message matching "
                f"/{step.wait_for}/ within {wait_seconds:g} s",
            )
            return False
    session.log_event(Kind.INFO, "On-connect sequence done")
    return True
