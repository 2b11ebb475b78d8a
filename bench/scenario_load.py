"""``wsgui run --connections N`` against a bare websockets client doing the same round trips.

    uv run python bench/scenario_load.py [--connections 100] [--runs 9] [--inline] [--journal]

Both clients play examples/echo.toml on N concurrent connections against the built-in echo
server (wsgui.core.connection.echo_server.EchoServer), which runs in a separate process by
default, so that both clients get one core and the server the other; ``--inline`` runs it
in the clients' own loop instead, as ``wsgui run`` does for the example's 127.0.0.1:1740 URL.

- wsgui: wsgui.core.scenarios.load.run_load, what ``wsgui run FILE --connections N`` runs
  (each connection a whole run_scenario through the window's Session);
- bare: websockets' asyncio client, the same steps written by hand: send a text and recv
  its echo, send JSON and check ``op`` and take ``id`` from the echo, send a text with that
  id and check it with the same regex, ping. Connections start as wsgui's do (at most
  load.OPENING_AT_ONCE connecting at a time), with the library's defaults as wsgui's
  session has them (compression on), no proxy.

With ``--journal`` a third client runs in turn: wsgui with every connection journaled into a
history store (a fresh one in a temporary folder per run, committing every
load.LOAD_FLUSH_SECONDS), as ``wsgui run --connections N`` does without ``--no-history``;
the summary adds the ratio journal / wsgui, and how long closing the journal (writing what
was still queued) took after the run. A run whose store does not have every connection as
a closed session with its entries counts them as failed.

Latency is the same for all: from just before a send to the echo's arrival, for each
expect (3 per connection), in one HDR histogram (load.percentiles). Connect is from the
start of the connection to OPEN. msg/s counts messages sent and received over the whole
run (first connect to last close). The clients alternate, one run each in turn; the summary
gives the medians of the runs and the ratio wsgui / bare of those medians. No goal: the
ratio is the figure to watch.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from websockets.asyncio.client import connect

from wsgui.core.connection.echo_server import ECHO_SUBPROTOCOL, EchoServer
from wsgui.core.history.journal import Journal
from wsgui.core.history.store import HistoryStore
from wsgui.core.scenarios.load import (
    LOAD_FLUSH_SECONDS,
    OPENING_AT_ONCE,
    Percentiles,
    percentiles,
    run_load,
)
from wsgui.core.scenarios.scenario import parse
from wsgui.core.scenarios.variables import Scope

EXAMPLE = Path(__file__).parents[1] / "examples" / "echo.toml"
EXAMPLE_URL = "ws://127.0.0.1:1740/"
NAME = "bench"
ID_LINE = re.compile(r"^my id is [0-9a-f-]{36}$")  # the example's expect_regex
PING_WAIT = 1.0  # the example's ping = 1000


@dataclass(frozen=True)
class Run:
    latency: Percentiles
    connect: Percentiles
    rate: float  # messages sent and received per second
    failed: int  # connections or checks that failed: must be 0

    def line(self) -> str:
        return (
            f"latency p50 {self.latency.p50:7.2f}  p99 {self.latency.p99:7.2f} ms  "
            f"connect p99 {self.connect.p99:7.2f} ms  {self.rate:8,.0f} msg/s"
            + (f"  {self.failed} FAILED" if self.failed else "")
        )


async def wsgui_run(url: str, connections: int, journal: Journal | None = None) -> Run:
    scenario = parse(EXAMPLE.read_text().replace(EXAMPLE_URL, url), "echo")
    scope = Scope.layered({"name": NAME})
    report = await run_load(scenario, scope, connections, journal=journal)
    assert report.latency is not None and report.connect is not None, report.lines()
    return Run(report.latency, report.connect, report.rate, report.failed + report.steps_failed)


CLOSES: list[float] = []  # seconds each journaled run's journal.close() took


async def journal_run(url: str, connections: int) -> Run:
    """wsgui_run with every connection journaled into a fresh store; then the journal closed
    (after the run's figures are taken) and checked: one session per connection."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.sqlite3"
        journal = Journal(path, flush_seconds=LOAD_FLUSH_SECONDS)
        try:
            run = await wsgui_run(url, connections, journal)
        finally:
            started = time.perf_counter()
            journal.close(60)
            CLOSES.append(time.perf_counter() - started)
        assert not journal.problem, journal.problem
        with HistoryStore(path, verify=False) as store:
            sessions = store.sessions(limit=connections + 1)
        kept = sum(info.entries > 0 and info.state == "closed" for info in sessions)
        return Run(run.latency, run.connect, run.rate, run.failed + connections - kept)


async def bare_run(url: str, connections: int) -> Run:
    latencies: list[int] = []
    connects: list[int] = []
    messages = 0
    failed = 0

    async def one() -> None:
        nonlocal messages, failed
        try:
            started = time.perf_counter()
            ws = await connect(url, subprotocols=[ECHO_SUBPROTOCOL], proxy=None)
            connects.append(micro(time.perf_counter() - started))
        finally:
            opening.release()
        async with ws:

            async def round_trip(text: str) -> str:
                nonlocal messages
                sent = time.perf_counter()
                await ws.send(text)
                reply = await ws.recv()
                latencies.append(micro(time.perf_counter() - sent))
                messages += 2
                return str(reply)

            ok = await round_trip(f"hello {NAME}") == f"hello {NAME}"
            echoed = json.loads(
                await round_trip(json.dumps({"op": "subscribe", "id": str(uuid.uuid4())}))
            )
            ok = ok and echoed["op"] == "subscribe"
            ok = ok and ID_LINE.match(await round_trip(f"my id is {echoed['id']}")) is not None
            await asyncio.wait_for(await ws.ping(), PING_WAIT)
            failed += not ok

    opening = asyncio.Semaphore(OPENING_AT_ONCE)
    started = time.perf_counter()
    runs = []
    for _ in range(connections):
        await opening.acquire()
        runs.append(asyncio.ensure_future(one()))
    await asyncio.gather(*runs)
    elapsed = time.perf_counter() - started
    latency, connected = percentiles(latencies), percentiles(connects)
    assert latency is not None and connected is not None
    return Run(latency, connected, messages / elapsed, failed)


CLIENTS = {"bare": bare_run, "wsgui": wsgui_run, "journal": journal_run}


def micro(seconds: float) -> int:
    return round(seconds * 1_000_000)


async def inline(client: str, connections: int) -> Run:
    """One run with the echo server in the clients' loop, as wsgui run starts it."""
    server = EchoServer(0)
    await server.start()
    try:
        return await CLIENTS[client](server.url, connections)
    finally:
        await server.stop()


async def serve_forever() -> None:
    server = EchoServer(0)
    await server.start()
    print(server.port, flush=True)
    await asyncio.Future()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--inline", action="store_true", help="the echo in the clients' loop")
    parser.add_argument("--journal", action="store_true", help="also wsgui with its history")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(serve_forever())
        return 0
    server = None
    if not args.inline:
        server = subprocess.Popen([sys.executable, __file__, "--serve"], stdout=subprocess.PIPE)
        assert server.stdout is not None
        url = f"ws://127.0.0.1:{int(server.stdout.readline())}/"
    where = "in the clients' loop" if args.inline else "in its own process"
    print(f"examples/echo.toml on {args.connections} connections, echo server {where}")
    found: dict[str, list[Run]] = {"bare": [], "wsgui": []}
    if args.journal:
        found["journal"] = []
    try:
        for number in range(1, args.runs + 1):
            print(f"run {number}:", flush=True)
            for client, runs in found.items():
                if args.inline:
                    run = asyncio.run(inline(client, args.connections))
                else:
                    run = asyncio.run(CLIENTS[client](url, args.connections))
                runs.append(run)
                print(f"  {client:8}{run.line()}", flush=True)
    finally:
        if server is not None:
            server.terminate()
            server.wait()

    def median(client: str, value: str) -> float:
        return statistics.median(value_of(run, value) for run in found[client])

    print(f"\nmedian of {args.runs} runs:")
    pairs = [("wsgui", "bare")] + ([("journal", "wsgui")] if args.journal else [])
    for client, baseline in pairs:
        for value in ("latency.p50", "latency.p99", "connect.p99", "rate"):
            base, app = median(baseline, value), median(client, value)
            singles = sorted(
                value_of(a, value) / value_of(b, value)
                for a, b in zip(found[client], found[baseline], strict=True)
            )
            unit = "msg/s" if value == "rate" else "ms"
            print(
                f"  {value:12} {baseline} {base:9,.2f} {unit:5}  {client} {app:9,.2f} {unit:5}  "
                f"ratio {client} / {baseline} {app / base:5.2f}  "
                f"(single runs {singles[0]:.2f}-{singles[-1]:.2f})"
            )
    if CLOSES:
        print(f"  journal.close() after a run: median {statistics.median(CLOSES) * 1000:.0f} ms")
    failures = sum(run.failed for runs in found.values() for run in runs)
    print(f"  failed connections or checks: {failures}")
    return 1 if failures else 0


def value_of(run: Run, value: str) -> float:
    if value == "rate":
        return run.rate
    part, field = value.split(".")
    return float(getattr(getattr(run, part), field))


if __name__ == "__main__":
    sys.exit(main())
