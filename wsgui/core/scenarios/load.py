"""``wsgui run FILE --connections N``: one scenario played on N connections at once, and
one summary instead of N step listings: connections and steps that passed, messages per
second, and the latency percentiles of every expect step on every connection.

Each connection is a whole run_scenario with its own copy of the variables, so a value one
connection captures never leaks into another. At most OPENING_AT_ONCE connections are
connecting at a time; the next one starts when one is open (or has failed). Started all at
once, a thousand connections overflow a server's listen backlog (asyncio's is 100, and a
Python server accepts ~1,000-2,000 a second); the kernel then drops SYNs and the client
resends them after a second, a connect time of a second that measures the ramp, not the
server. The latencies go into one HDR histogram (the ``hdrhistogram`` package, imported
here only when a load runs) in microseconds, with 3 significant digits.

With a history journal, each connection is a session of its own in it, as a single run is.
That journal commits every LOAD_FLUSH_SECONDS rather than the window's 0.1 s: its writer
thread spends time on each session at each commit however few rows it has (all sessions
share one transaction, but each has its rows encoded and its counters updated), and with
hundreds of connections that work shares the GIL with the event loop
(bench/scenario_load.py --journal).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from wsgui.core.connection.sink import LocalServer, start_local_server
from wsgui.core.history.journal import Journal
from wsgui.core.model.options import OptionsError
from wsgui.core.model.urls import check_url
from wsgui.core.scenarios.runner import RunResult, connect_options, run_scenario
from wsgui.core.scenarios.scenario import Scenario, ScenarioError
from wsgui.core.scenarios.variables import Scope

__all__ = [
    "LOAD_FLUSH_SECONDS",
    "MAX_CONNECTIONS",
    "LoadReport",
    "Percentiles",
    "connection_count",
    "run_load",
]

MAX_CONNECTIONS = 1000  # one process, one core's event loop: past this it measures itself
LOAD_FLUSH_SECONDS = 1.0  # how often a load run's journal commits (a kill loses about that)
OPENING_AT_ONCE = 50  # connections connecting at a time: half asyncio's listen backlog
SHOWN_PROBLEMS = 3  # distinct errors and step failures the summary quotes
HIGHEST_US = 3_600_000_000  # the histogram's range: 1 µs to an hour, 3 significant digits
SIGNIFICANT_DIGITS = 3
OTHER_FILES = 64  # open files besides the sockets: the interpreter's, the scenario's


def connection_count(value: int) -> int:
    """``value`` if it is a number of connections one machine can play; else why not."""
    if value < 1:
        raise ScenarioError(f"--connections {value}: give at least 1")
    if value > MAX_CONNECTIONS:
        raise ScenarioError(
            f"--connections {value}: at most {MAX_CONNECTIONS} on one machine; for more use "
            "a distributed load tool (see README)"
        )
    return value


@dataclass(frozen=True)
class Percentiles:
    """Milliseconds at p50, p90, p99 and the largest, of ``samples`` values."""

    p50: float
    p90: float
    p99: float
    max: float
    samples: int

    def line(self, what: str) -> str:
        return (
            f"{what} ms: p50 {self.p50:.2f}  p90 {self.p90:.2f}  p99 {self.p99:.2f}  "
            f"max {self.max:.2f} ({self.samples:,} samples)"
        )


@dataclass
class LoadReport:
    """What N runs of one scenario did. A connection ``failed`` when its run could not
    happen or stopped (not opened, a variable, --timeout): exit code 2, like one run's."""

    name: str
    connections: int
    failed: int = 0
    steps_passed: int = 0
    steps_failed: int = 0
    messages: int = 0  # sent and received, by all connections
    seconds: float = 0.0  # from the first connect to the last close
    latency: Percentiles | None = None
    connect: Percentiles | None = None
    errors: list[tuple[str, int]] = field(default_factory=list)  # the most frequent first
    step_failures: list[tuple[str, int]] = field(default_factory=list)

    @property
    def ok(self) -> int:
        return self.connections - self.failed

    @property
    def rate(self) -> float:
        return self.messages / self.seconds if self.seconds > 0 else 0.0

    def lines(self) -> list[str]:
        """The summary block ``wsgui run`` prints for the scenario."""
        shown = [
            f"== {self.name} on {self.connections:,} connections",
            f"{self.connections:,} connections: {self.ok:,} ok, {self.failed:,} failed · "
            f"{self.steps_passed:,} steps passed, {self.steps_failed:,} failed · "
            f"{self.rate:,.0f} msg/s",
        ]
        for what, found in (("connect", self.connect), ("latency", self.latency)):
            shown.append(found.line(what) if found else f"{what} ms: no samples")
        shown += [f"ERROR on {count:,} connection(s): {text}" for text, count in self.errors]
        shown += [f"FAIL on {count:,} connection(s): {text}" for text, count in self.step_failures]
        return shown


async def run_load(
    scenario: Scenario,
    scope: Scope,
    connections: int,
    local_server: LocalServer | None = None,
    seconds: float = 300.0,
    journal: Journal | None = None,
) -> LoadReport:
    """Play ``scenario`` on ``connections`` connections at once; runs still going after
    ``seconds`` are cancelled (each closes) and count as failed. With a ``journal`` every
    connection is kept in the history as its own session."""
    _allow_open_files(connections)
    await _start_local_server(scenario, scope, local_server)
    runs: list[asyncio.Task[RunResult]] = []
    opening = asyncio.Semaphore(OPENING_AT_ONCE)
    started = time.perf_counter()
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            for _ in range(connections):
                await opening.acquire()
                playing = _run_one(scenario, scope, local_server, opening, journal)
                runs.append(asyncio.ensure_future(playing))
            await asyncio.wait(runs)
    unfinished = {run for run in runs if not run.done()}
    for run in unfinished:
        run.cancel()
    await asyncio.gather(*unfinished, return_exceptions=True)  # each closes its connection
    elapsed = time.perf_counter() - started
    stopped = RunResult(scenario.name, error=f"stopped after --timeout {seconds:g} s")
    results = [stopped if run in unfinished else run.result() for run in runs]
    results += [stopped] * (connections - len(runs))  # never started
    return summarize(scenario.name, results, elapsed)


async def _run_one(
    scenario: Scenario,
    scope: Scope,
    local_server: LocalServer | None,
    opening: asyncio.Semaphore,
    journal: Journal | None,
) -> RunResult:
    """One connection's run; its slot in ``opening`` (acquired by the caller) is given back
    when it has connected, or when the run ends before that."""
    held = True

    def connected() -> None:
        nonlocal held
        if held:
            held = False
            opening.release()

    try:
        return await run_scenario(scenario, _own_copy(scope), local_server, connected, journal)
    finally:
        connected()


def summarize(name: str, results: list[RunResult], seconds: float) -> LoadReport:
    """The report of finished runs: counts, the merged percentiles, the commonest problems."""
    report = LoadReport(name, len(results), seconds=seconds)
    for result in results:
        report.failed += bool(result.error)
        report.steps_failed += result.failed
        report.steps_passed += len(result.steps) - result.failed
        report.messages += result.messages
    report.latency = percentiles(step.latency_us for result in results for step in result.steps)
    report.connect = percentiles(result.connect_us for result in results)
    # an error's first line: the rest (the refusal's headers, its Date) differs per connection
    report.errors = _commonest(result.error.split("\n", 1)[0] for result in results if result.error)
    report.step_failures = _commonest(
        f"{step.title}: {step.reason}"
        for result in results
        for step in result.steps
        if not step.passed
    )
    return report


def percentiles(microseconds: Iterable[int | None]) -> Percentiles | None:
    """p50/p90/p99/max in ms of the values given (None skipped), or None with no value."""
    from hdrh.histogram import HdrHistogram  # ~20 ms: only when a load runs

    histogram: Any = HdrHistogram(1, HIGHEST_US, SIGNIFICANT_DIGITS)
    for value in microseconds:
        if value is not None:
            histogram.record_value(min(max(value, 1), HIGHEST_US))
    count = histogram.get_total_count()
    if not count:
        return None
    at = histogram.get_percentile_to_value_dict([50, 90, 99])  # one walk of the counts
    return Percentiles(
        at[50] / 1000, at[90] / 1000, at[99] / 1000, histogram.get_max_value() / 1000, count
    )


def _commonest(texts: Iterable[str]) -> list[tuple[str, int]]:
    return Counter(texts).most_common(SHOWN_PROBLEMS)


def _own_copy(scope: Scope) -> Scope:
    """The variables for one connection: its captures and {{$counter}} are its own."""
    return replace(
        scope, values=dict(scope.values), secrets=set(scope.secrets), rng=random.Random()
    )


async def _start_local_server(
    scenario: Scenario, scope: Scope, local_server: LocalServer | None
) -> None:
    """Start the built-in echo server once, before the first wave: otherwise the first
    wave's connections would each try to start it at the same time, and their connect
    times would include its start. A URL that is not usable is left to each run to report."""
    if local_server is None:
        return
    try:
        target = check_url(connect_options(scenario, _own_copy(scope)).url)
    except (OptionsError, ValueError):
        return
    with contextlib.suppress(OSError):  # the port is taken: each run says so in its log
        await start_local_server(local_server, target.host, target.port)


def _allow_open_files(connections: int) -> None:
    """Raise this process's soft limit on open files (often 1024) toward its hard limit
    when N connections need more: one to the built-in echo server holds two sockets here."""
    try:
        import resource
    except ImportError:  # Windows: no such limit to raise
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 2 * connections + OTHER_FILES
    if soft == resource.RLIM_INFINITY or soft >= wanted:
        return
    with contextlib.suppress(ValueError, OSError):  # then a run says "Too many open files"
        resource.setrlimit(
            resource.RLIMIT_NOFILE,
            (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard),
        )
