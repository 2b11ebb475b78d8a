"""Play a scenario on a real connection, step by step, through the same session the window
uses (its errors, limits and close bounds), and say for each step PASS or FAIL and why.

The runner is the scenario's sink: it keeps what arrived (messages, the close, errors) and
wakes the step that waits for it. It never raises for a server's behaviour: a refusal or a
drop is a result, with the log's own words.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wsgui.core.connection.factory import AnySession, make_session
from wsgui.core.connection.sink import LocalServer, OpenInfo
from wsgui.core.model.entries import RECEIVED, Kind, LogEntry, ReadyState, Row
from wsgui.core.model.frames import RawFrame
from wsgui.core.model.handshake import HandshakeRecord
from wsgui.core.model.options import ConnectOptions, Header, OptionsError
from wsgui.core.model.payload import PayloadError, parse_hex
from wsgui.core.model.urls import display_url
from wsgui.core.scenarios.matching import captured, matches, missed
from wsgui.core.scenarios.scenario import Scenario, Step
from wsgui.core.scenarios.variables import Scope, UndefinedVariableError

__all__ = ["RunResult", "StepResult", "run_scenario"]

OPEN_WAIT = 15.0  # seconds for the connection to open (its own open timeout ends it first)


@dataclass(frozen=True)
class StepResult:
    title: str
    passed: bool
    seconds: float
    reason: str = ""


@dataclass
class RunResult:
    """``error`` is set when the run could not happen (a variable, the connection): exit 2."""

    name: str
    steps: list[StepResult] = field(default_factory=list)
    error: str = ""

    @property
    def failed(self) -> int:
        return sum(not step.passed for step in self.steps)


class _Collector:
    """The session's sink: what the steps wait for."""

    def __init__(self) -> None:
        self.state = ReadyState.CLOSED
        self.opened = False  # reached OPEN (it may be closing already when a step looks)
        self.received: list[str | bytes] = []
        self.errors: list[str] = []
        self.close_code: int | None = None
        self.closed_text = ""
        self.changed = asyncio.Event()

    def _wake(self) -> None:
        self.changed.set()

    def on_state(self, state: ReadyState) -> None:
        self.state = state
        self.opened = self.opened or state is ReadyState.OPEN
        self._wake()

    def on_entry(self, entry: LogEntry) -> None:
        if entry.kind is Kind.ERROR:
            self.errors.append(str(entry.payload))
        elif entry.kind is Kind.CLOSE:
            self.close_code, self.closed_text = entry.close_code, str(entry.payload)
        self._wake()

    def on_row(self, row: Row) -> None:
        if row[0] == RECEIVED:
            self.received.append(row[2])
            self._wake()

    def on_open(self, info: OpenInfo) -> None: ...

    def on_handshake(self, record: HandshakeRecord) -> None: ...

    def on_frame(self, record: RawFrame) -> None: ...

    def on_rtt(self, seconds: float) -> None: ...

    def on_reconnecting(self, attempt: int, delay: float) -> None: ...

    async def until(self, done: Callable[[], bool], seconds: float) -> bool:
        """Wait until ``done()`` holds (checked at each thing that arrives), or time is up."""
        deadline = time.monotonic() + seconds
        while not done():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), left)
            except TimeoutError:
                return done()
        return True


def connect_options(scenario: Scenario, scope: Scope) -> ConnectOptions:
    """The [connect] table with its variables resolved (UndefinedVariableError names one)."""
    return ConnectOptions(
        url=scope.resolve(scenario.url, "[connect] url"),
        subprotocols=tuple(
            scope.resolve(s, "[connect] subprotocols") for s in scenario.subprotocols
        ),
        origin=scope.resolve(scenario.origin, "[connect] origin"),
        headers=tuple(
            Header(name, scope.resolve(value, f"[connect] header {name}"))
            for name, value in scenario.headers
        ),
    )


async def run_scenario(
    scenario: Scenario, scope: Scope, local_server: LocalServer | None = None
) -> RunResult:
    """Connect, play every step (each failure is recorded and the run goes on while the
    connection is open), then close with 1000 if it still is."""
    result = RunResult(scenario.name)
    try:
        options = connect_options(scenario, scope)
    except OptionsError as exc:
        result.error = str(exc)
        return result
    if scenario.socketio:
        result.error = "Socket.IO scenarios are not supported yet by wsgui run"
        return result
    sink = _Collector()
    session = make_session(options, sink, local_server, capture_frames=False)
    task = asyncio.ensure_future(session.run())
    try:
        await sink.until(lambda: sink.opened or task.done(), OPEN_WAIT)
        if not sink.opened:
            why = sink.errors[-1] if sink.errors else "the connection did not open"
            result.error = f"Not connected to {display_url(options.url)}: {why}"
            return result
        player = _Player(session, sink, scope)
        for step in scenario.steps:
            try:
                result.steps.append(await player.play(step))
            except UndefinedVariableError as exc:  # the run cannot go on as written: exit 2
                result.error = str(exc)
                break
    finally:
        if session.state is ReadyState.OPEN:
            await session.close()
        await asyncio.wait_for(task, OPEN_WAIT)
    return result


class _Player:
    def __init__(self, session: AnySession, sink: _Collector, scope: Scope) -> None:
        self.session, self.sink, self.scope = session, sink, scope
        self.cursor = 0  # received messages before this one were matched (or skipped)

    async def play(self, step: Step) -> StepResult:
        started = time.monotonic()
        try:
            reason = await self._act(step)
        except UndefinedVariableError:
            raise
        except (OptionsError, PayloadError) as exc:
            reason = str(exc)
        return StepResult(step.title, not reason, time.monotonic() - started, reason)

    async def _act(self, step: Step) -> str:
        """ "" when the step passed, else why not."""
        action, where = step.action, step.title
        if action in ("send", "send_json", "send_hex", "send_file"):
            if self.sink.state is not ReadyState.OPEN:
                return (
                    f"not sent: the connection is {self.sink.state.name} ({self.sink.closed_text})"
                )
            sent = await self._send(step)
            return "" if sent else (self.sink.errors[-1] if self.sink.errors else "not sent")
        if action in ("expect", "expect_hex", "expect_regex", "expect_json"):
            return await self._expect(step)
        if action == "expect_none":
            await asyncio.sleep(step.within)  # what arrived since the last expect counts too
            hits = [m for m in self.sink.received[self.cursor :] if matches(step, m, self.scope)]
            return (
                f"{len(hits)} matching message(s) arrived within {step.within:g} s" if hits else ""
            )
        if action == "expect_close":
            closed = await self.sink.until(
                lambda: self.sink.state is ReadyState.CLOSED, step.within
            )
            if not closed:
                return f"expected a close with {step.value} within {step.within:g} s; still open"
            code = self.sink.close_code
            return (
                ""
                if code == step.value
                else f"expected close {step.value}; {self.sink.closed_text}"
            )
        if action == "ping":
            try:
                rtt = await asyncio.wait_for(self.session.ping(), step.value / 1000)
            except TimeoutError:
                return f"no pong within {step.value:g} ms"
            return "" if rtt is not None else "not pinged: the connection is not open"
        if action == "wait":
            await asyncio.sleep(float(step.value))
            return ""
        if action == "close":
            reason = self.scope.resolve(str(step.options.get("reason", "")), where)
            await self.session.close(int(step.value), reason)
            return ""
        return f"{action} needs a Socket.IO connection"

    async def _send(self, step: Step) -> bool:
        where, value = step.title, step.value
        if step.action == "send":
            return await self.session.send(self.scope.resolve(value, where))
        if step.action == "send_json":
            return await self.session.send(json.dumps(self._resolved(value, where)))
        if step.action == "send_hex":
            return await self.session.send(parse_hex(self.scope.resolve(value, where)))
        return await self.session.send_file(Path(self.scope.resolve(value, where)))

    def _resolved(self, value: Any, where: str) -> Any:
        """A send_json value with the variables in its strings resolved."""
        if isinstance(value, str):
            return self.scope.resolve(value, where)
        if isinstance(value, list):
            return [self._resolved(item, where) for item in value]
        if isinstance(value, dict):
            return {key: self._resolved(item, where) for key, item in value.items()}
        return value

    async def _expect(self, step: Step) -> str:
        def found() -> bool:
            for index in range(self.cursor, len(self.sink.received)):
                if matches(step, self.sink.received[index], self.scope):
                    self.cursor = index + 1
                    return True
            return False

        if not await self.sink.until(found, step.within):
            return missed(step, self.scope, self.sink.received[self.cursor :], step.within)
        message = self.sink.received[self.cursor - 1]
        for name, value in captured(step.captures, message, step.title).items():
            self.scope.set(name, value)
        return ""
