"""Play a scenario on a real connection, step by step, through the same session the window
uses (its errors, limits and close bounds), and say for each step PASS or FAIL and why.

The runner is the scenario's sink: it keeps what arrived (messages, or a Socket.IO
connection's events as ``["name", args…]``, the close, errors) and wakes the step that waits
for it; socketio_steps.py plays emit. It never raises for a server's behaviour: a refusal or a
drop is a result, with the log's own words.

It also times the run, for ``--connections`` (load.py): the connect (from starting the
session to OPEN) and each expect's latency, from the previous send on the connection (or
from OPEN when nothing was sent yet) to the matching message's arrival, in microseconds.
An expect that matches a message which arrived before that send has no latency: it was
not the answer to it.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from pathlib import Path

from wsgui.core.connection.factory import AnySession, is_socketio, make_session
from wsgui.core.connection.sink import LocalServer, OpenInfo
from wsgui.core.history.journal import Journal, SessionJournal
from wsgui.core.model.entries import RECEIVED, Direction, Kind, LogEntry, ReadyState, Row
from wsgui.core.model.frames import RawFrame
from wsgui.core.model.handshake import HandshakeRecord
from wsgui.core.model.options import ConnectOptions, Header, OptionsError, Protocol
from wsgui.core.model.payload import PayloadError, parse_hex
from wsgui.core.model.urls import display_url
from wsgui.core.scenarios.matching import capture_source, captured, matches, missed
from wsgui.core.scenarios.results import RunResult, StepResult
from wsgui.core.scenarios.run_checks import judge_checks
from wsgui.core.scenarios.scenario import Scenario, Step
from wsgui.core.scenarios.socketio_steps import (
    SOCKETIO_ONLY,
    WEBSOCKET_ONLY,
    play_emit,
    websocket_only,
)
from wsgui.core.scenarios.variables import Scope, UndefinedVariableError

__all__ = ["Collector", "Player", "RunResult", "StepResult", "run_scenario"]

OPEN_WAIT = 15.0  # seconds for the connection to open (its own open timeout ends it first)


class Collector:
    """The session's sink: what the steps wait for."""

    def __init__(self) -> None:
        self.state = ReadyState.CLOSED
        self.opened = False  # reached OPEN (it may be closing already when a step looks)
        self.received: list[str | bytes] = []
        self.arrivals: list[float] = []  # perf_counter() of each received message
        self.recorder: SessionJournal | None = None  # the run's history, when journaled
        self.opened_at = 0.0
        self.errors: list[str] = []
        self.close_code: int | None = None
        self.closed_text = ""
        self.changed = asyncio.Event()

    def _wake(self) -> None:
        self.changed.set()

    def on_state(self, state: ReadyState) -> None:
        self.state = state
        if state is ReadyState.OPEN and not self.opened:
            self.opened, self.opened_at = True, time.perf_counter()
        self._wake()

    def on_entry(self, entry: LogEntry) -> None:
        if self.recorder is not None:
            self.recorder.append(entry)
        if entry.kind is Kind.ERROR:
            self.errors.append(str(entry.payload))
        elif entry.kind is Kind.CLOSE:
            self.close_code, self.closed_text = entry.close_code, str(entry.payload)
        elif entry.direction is Direction.RECEIVED and entry.note.startswith("event "):
            self._received(entry.payload)  # a Socket.IO event (an ack is "ack of …")
        self._wake()

    def on_row(self, row: Row) -> None:
        if self.recorder is not None:
            self.recorder.append_row(row)
        if row[0] == RECEIVED:
            self._received(row[2])
            self._wake()

    def _received(self, message: str | bytes) -> None:
        self.received.append(message)
        self.arrivals.append(time.perf_counter())

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
        protocol=Protocol.SOCKETIO if scenario.socketio else Protocol.WEBSOCKET,
        sio_namespace=scope.resolve(scenario.namespace, "[connect] namespace"),
        journal=scenario.journal,
    )


async def run_scenario(
    scenario: Scenario,
    scope: Scope,
    local_server: LocalServer | None = None,
    connected: Callable[[], None] | None = None,
    journal: Journal | None = None,
) -> RunResult:
    """Connect, play every step (each failure is recorded and the run goes on while the
    connection is open), then close with 1000 if it still is. ``connected`` is called when
    the connect has ended, open or not (load.py lets the next connection start then). With
    a ``journal`` the run's entries are kept in the history, as the window keeps its own
    (not when its [connect] table says ``journal = false``)."""
    result = RunResult(scenario.name)
    try:
        options = connect_options(scenario, scope)
    except OptionsError as exc:
        result.error = str(exc)
        return result
    sink = Collector()
    if journal is not None and options.journal:  # [connect] journal = false: not kept
        sink.recorder = journal.start_session(
            display_url(options.url), f"wsgui run {scenario.name}"
        )
    session = make_session(options, sink, local_server, capture_frames=False)
    started = time.perf_counter()
    task = asyncio.ensure_future(session.run())
    try:
        await sink.until(lambda: sink.opened or task.done(), OPEN_WAIT)
        if connected is not None:
            connected()
        if not sink.opened:
            why = sink.errors[-1] if sink.errors else "the connection did not open"
            result.error = f"Not connected to {display_url(options.url)}: {why}"
            return result
        result.connect_us = _microseconds(sink.opened_at - started)
        player = Player(session, sink, scope)
        for step in scenario.steps:
            try:
                result.steps.append(await player.play(step))
            except UndefinedVariableError as exc:  # the run cannot go on as written: exit 2
                result.error = str(exc)
                break
        result.messages = player.sent + len(sink.received)
        result.received = len(sink.received)
        if not result.error:  # [checks], judged on the whole run
            result.steps += judge_checks(scenario.checks, result.steps, result.received)
    finally:
        if session.state is ReadyState.OPEN:
            await session.close()
        await asyncio.wait_for(task, OPEN_WAIT)
        if sink.recorder is not None:
            sink.recorder.end(sink.close_code)
    return result


def _microseconds(seconds: float) -> int:
    return round(seconds * 1_000_000)


class Player:
    def __init__(self, session: AnySession, sink: Collector, scope: Scope) -> None:
        self.session, self.sink, self.scope = session, sink, scope
        self.cursor = 0  # received messages before this one were matched (or skipped)
        self.last_send = sink.opened_at  # perf_counter() of the latest send step
        self.sent = 0
        self.latency_us: int | None = None

    async def play(self, step: Step) -> StepResult:
        started = time.monotonic()
        self.latency_us = None
        try:
            reason = await self._act(step)
        except UndefinedVariableError:
            raise
        except (OptionsError, PayloadError) as exc:
            reason = str(exc)
        seconds = time.monotonic() - started
        return StepResult(step.title, not reason, seconds, reason, self.latency_us)

    async def _act(self, step: Step) -> str:
        """ "" when the step passed, else why not."""
        action, where = step.action, step.title
        if is_socketio(self.session):
            if action == "emit":
                return await play_emit(self.session, step, self.scope, self.sink)
            if action in WEBSOCKET_ONLY:
                return websocket_only(action)
        elif action in SOCKETIO_ONLY:
            return f"{action} needs a Socket.IO connection"
        if action in ("send", "send_json", "send_hex", "send_file"):
            if self.sink.state is not ReadyState.OPEN:
                return (
                    f"not sent: the connection is {self.sink.state.name} ({self.sink.closed_text})"
                )
            self.last_send = time.perf_counter()
            sent = await self._send(step)
            self.sent += sent
            return "" if sent else (self.sink.errors[-1] if self.sink.errors else "not sent")
        if action in ("expect", "expect_hex", "expect_regex", "expect_json", "expect_event"):
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
        return f"{action}: wsgui run cannot play this step"  # scenario.py lets none through

    async def _send(self, step: Step) -> bool:
        where, value = step.title, step.value
        if step.action == "send":
            return await self.session.send(self.scope.resolve(value, where))
        if step.action == "send_json":
            return await self.session.send(json.dumps(self.scope.resolve_json(value, where)))
        if step.action == "send_hex":
            return await self.session.send(parse_hex(self.scope.resolve(value, where)))
        return await self.session.send_file(Path(self.scope.resolve(value, where)))

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
        arrived = self.sink.arrivals[self.cursor - 1]
        if arrived >= self.last_send:
            self.latency_us = _microseconds(arrived - self.last_send)
        source = capture_source(step, message)
        for name, value in captured(step.captures, source, step.title).items():
            self.scope.set(name, value)
        return ""
