"""Save session as scenario on a large log: the time to turn N entries into scenario text,
against writing the same entries as an NDJSON log export (the baseline, same run).

    uv run python bench/record_scenario.py [--entries 10000] [--runs 7]

The entries are a chat-like conversation: each sent JSON message is answered by one with an
id (so each answer becomes an expect_json step of three fields). The window does this work
on its UI thread and caps a scenario at 10,000 entries (ui/scenarios/scenario_files.py).
Goal: 10,000 entries in <= 0.5 s (median). Always exits 0.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable

from wsgui.core.log.export import write_ndjson
from wsgui.core.model.entries import Direction, LogEntry, message_entry
from wsgui.core.model.options import ConnectOptions
from wsgui.core.scenarios.recording import record_session

GOAL_S = 0.5


def conversation(count: int) -> list[LogEntry]:
    entries = []
    for i in range(count // 2):
        entries.append(
            message_entry(Direction.SENT, f'{{"op": "say", "n": {i}, "text": "hello {i}"}}')
        )
        entries.append(
            message_entry(
                Direction.RECEIVED,
                f'{{"op": "said", "n": {i}, "id": "x{i}", "text": "hello {i}"}}',
            )
        )
    return entries


def median_seconds(work: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    entries = conversation(args.entries)
    options = ConnectOptions(url="ws://127.0.0.1:9/")
    record_session(entries[:4], options)  # imports and caches (tomli-w, jsonpath-ng) first
    scenario = median_seconds(lambda: record_session(entries, options), args.runs)
    ndjson = median_seconds(lambda: write_ndjson(entries, io.StringIO()), args.runs)
    middle, base = statistics.median(scenario), statistics.median(ndjson)
    print(f"{len(entries):,} entries, {args.runs} runs each (median, min-max):")
    print(f"  scenario text  {middle:.3f} s ({min(scenario):.3f}-{max(scenario):.3f})")
    print(f"  NDJSON export  {base:.3f} s ({min(ndjson):.3f}-{max(ndjson):.3f})")
    print(f"  ratio          {middle / base:.1f}x the NDJSON export")
    verdict = "meets" if middle <= GOAL_S else "misses"
    print(f"  goal <= {GOAL_S} s for the scenario: {verdict}")


if __name__ == "__main__":
    main()
