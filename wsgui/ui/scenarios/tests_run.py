"""Plays a scenario's steps on a tab's own connection, for the Tests tab: the same player as
``wsgui run`` (core.scenarios.runner), fed from the tab's log instead of a private sink.

The messages a step waits for are the ones the log shows: read from the log's store after
each flush (every ~40 ms), so the hot path is untouched and each step knows its entry in
the log (a "Show in log" away). Timings are the log's, good to ~40 ms; the headless
``wsgui run`` measures to the microsecond.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from wsgui.core.model.entries import Direction, Kind, ReadyState, as_row
from wsgui.core.model.options import OptionsError
from wsgui.core.scenarios.results import StepResult
from wsgui.core.scenarios.run_checks import check_titles, judge_checks
from wsgui.core.scenarios.runner import OPEN_WAIT, Collector, Player
from wsgui.core.scenarios.scenario import Scenario, load
from wsgui.core.scenarios.variables import Scope, UndefinedVariableError
from wsgui.ui.common.file_dialogs import pick_file
from wsgui.ui.connection.controller import SessionController
from wsgui.ui.log.model import LogModel
from wsgui.ui.scenarios.tests_tab import TestsTab
from wsgui.ui.theme.colors import Tone

__all__ = ["TestsRun"]

REFUSED_AFTER = 1.0  # seconds after Connect with no CONNECTING: the panel refused (it says why)


class LogFeed:
    """Hands the collector what the log received since the run began, with positions."""

    def __init__(self, model: LogModel, collector: Collector) -> None:
        self.model, self.collector = model, collector
        self.next = model.anchor().position  # the first entry this run looks at
        self.positions: list[int] = []  # the log position of each collected message
        model.flushed.connect(self.read)

    def read(self, _count: int = 0) -> None:
        store = self.model.store
        start = max(self.next, store.dropped)
        collector = self.collector
        for position in range(start, store.appended):
            entry = store[position - store.dropped]
            before = len(collector.received)
            if entry.direction is Direction.RECEIVED and not entry.note:
                collector.on_row(as_row(entry))  # a WebSocket message
            elif entry.direction is Direction.RECEIVED or entry.kind in (Kind.ERROR, Kind.CLOSE):
                collector.on_entry(entry)  # a Socket.IO event (or ack), an error, the close
            if len(collector.received) > before:
                self.positions.append(position)
                # when it arrived, not when the log showed it (~40 ms later): the
                # entry's wall-clock time on the latency clock
                collector.arrivals[-1] = time.perf_counter() - (time.time() - entry.time)
        self.next = store.appended

    def stop(self) -> None:
        self.model.flushed.disconnect(self.read)

    def position_of(self, index: int) -> int:
        """The log position of the collector's message ``index`` (-1: none)."""
        return self.positions[index] if 0 <= index < len(self.positions) else -1


class TestsRun(QObject):
    """Owns one run at a time; ``scope_for`` gives a scenario its variables (its own
    [variables] under the window's environment)."""

    def __init__(
        self,
        tab: TestsTab,
        controller: SessionController,
        model: LogModel,
        connect: Callable[[], None],
        scope_for: Callable[[Scenario], Scope],
    ) -> None:
        super().__init__(tab)
        self.tab, self.controller, self.model = tab, controller, model
        self.press_connect, self.scope_for = connect, scope_for
        self.path: Path | None = None
        self.task: asyncio.Task[Any] | None = None
        tab.run_requested.connect(self.start)
        tab.open_requested.connect(self.choose_file)

    def choose_file(self) -> QFileDialog:
        """Open scenario…: a file dialog that does not block the loop (``open()``)."""
        return pick_file(
            self.tab.window(),
            "Open a scenario to run on this connection",
            "Scenarios (*.toml);;All files (*)",
            lambda path: self.open(Path(path)),
            name="openScenarioDialog",
        )

    def open(self, path: Path) -> bool:
        """Read a scenario file and show its steps; False (and why, in the tab) if it is bad."""
        return self._read(path) is not None

    def _read(self, path: Path) -> Scenario | None:
        try:
            scenario = load(path)
        except OptionsError as exc:
            self.tab.say(f"Not opened: {exc}", Tone.ERROR)
            return None
        self.path = path
        titles = [s.title for s in scenario.steps] + check_titles(scenario.checks)
        self.tab.show_scenario(scenario.name, str(path), titles)
        return scenario

    def start(self) -> None:
        if self.path is None or (self.task is not None and not self.task.done()):
            return
        self.task = self.controller.spawn(self.run())

    async def run(self) -> bool:
        """Read the file again, connect if needed, play every step; True if all passed."""
        assert self.path is not None
        scenario = self._read(self.path)
        if scenario is None:
            return False
        tab = self.tab
        tab.start()
        try:
            scope = self.scope_for(scenario)
        except OptionsError as exc:
            tab.finish(f"Not run: {exc}", Tone.ERROR)
            return False
        if not await self._opened():
            tab.finish("Not run: the connection did not open (the log says why)", Tone.ERROR)
            return False
        session = self.controller.session
        assert session is not None
        collector = Collector()
        collector.on_state(ReadyState.OPEN)

        def on_state(value: int) -> None:
            collector.on_state(ReadyState(value))

        self.controller.state_changed.connect(on_state)
        feed = LogFeed(self.model, collector)
        player = Player(session, collector, scope)
        results: list[StepResult] = []
        try:
            for index, step in enumerate(scenario.steps):
                tab.step_running(index)
                try:
                    result = await player.play(step)
                except UndefinedVariableError as exc:
                    tab.finish(f"Stopped at {step.title}: {exc}", Tone.ERROR)
                    return False
                self.model.flush()  # what arrived meanwhile, and its position
                position = feed.position_of(player.cursor - 1)
                if not result.passed:
                    position = feed.position_of(len(collector.received) - 1)
                tab.step_done(index, result, position)
                results.append(result)
            self.model.flush()
            first = len(scenario.steps)
            checks = judge_checks(scenario.checks, results, len(collector.received))
            for index, result in enumerate(checks, first):
                tab.step_done(index, result, -1)
            results += checks
        finally:
            feed.stop()
            self.controller.state_changed.disconnect(on_state)
        failed = sum(not result.passed for result in results)
        passed = len(results) - failed
        tone = Tone.OK if not failed else Tone.ERROR
        tab.finish(f"{passed} passed, {failed} failed", tone)
        return not failed

    async def _opened(self) -> bool:
        """OPEN now, or after pressing Connect (within the open wait)."""
        controller = self.controller
        started = controller.state is not ReadyState.CLOSED
        if not started:
            self.press_connect()  # refused (a bad field): the state never moves
        loop = asyncio.get_running_loop()
        pressed = loop.time()
        while loop.time() < pressed + OPEN_WAIT:
            state: ReadyState = controller.state
            if state is ReadyState.OPEN:
                return True
            if state is not ReadyState.CLOSED or controller.busy:
                started = True
            elif started or loop.time() > pressed + REFUSED_AFTER:
                return False
            await asyncio.sleep(0.02)
        return False
