"""Log at scale: memory of 1,000,000 retained 100-byte messages, and filtering them.

    uv run python bench/log_scale.py [--entries 1000000]

Prints the RSS growth of a LogStore holding the entries (goal: at most 400 MB for 1M) and
the time matching_rows takes for typical searches (goal: at most 300 ms for 1M). These are
absolute figures on a shared 2-core machine: read them as orders of magnitude.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time

from wsgui.core.log.filter import LogFilter, matching_rows
from wsgui.core.log.store import LogStore
from wsgui.core.model.entries import Direction, Kind, LogEntry


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * 4096 / 2**20


def build(count: int) -> LogStore:
    store = LogStore(cap=count)
    batch: list[LogEntry] = []
    now = time.time()
    for index in range(count):
        text = f'{{"seq": {index}, "price": {index % 997}.25, "pad": "{"x" * 60}"}}'[:100]
        direction = Direction.RECEIVED if index % 4 else Direction.SENT
        batch.append(LogEntry(direction, Kind.TEXT, text, len(text), now + index * 1e-5))
        if len(batch) == 1000:
            store.extend(batch)
            batch = []
    store.extend(batch)
    return store


def timed(store: LogStore, log_filter: LogFilter, runs: int = 3) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        rows = len(matching_rows(store.rows, log_filter))
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1_000_000)
    count = parser.parse_args().entries
    gc.collect()
    before = rss_mb()
    store = build(count)
    gc.collect()
    grown = rss_mb() - before
    print(f"{count:,} entries of ~100 B: RSS +{grown:.0f} MB  (goal <= 400 MB for 1M: "
          f"{'PASS' if grown * 1_000_000 / count <= 400 else 'MISS'})")  # fmt: skip
    searches = [
        ("plain, ignore case", LogFilter(text='"SEQ": 99999')),
        # letters only: no run of non-letters to look for first, every payload is lowercased
        ("letters, ignore case", LogFilter(text="Ticker")),
        ("plain, match case", LogFilter(text='"seq": 99999', case_sensitive=True)),
        ("regex, match case", LogFilter(text=r"price\": 99\d\.", regex=True, case_sensitive=True)),
        ("regex, ignore case", LogFilter(text=r"PRICE\": 99\d\.", regex=True)),
        ("direction only", LogFilter(directions=frozenset({Direction.SENT}))),
    ]
    for name, log_filter in searches:
        ms, rows = timed(store, log_filter)
        verdict = "PASS" if ms * 1_000_000 / count <= 300 else "MISS"
        print(f"  filter {name:<21} {ms:7.0f} ms  {rows:>8,} rows  (goal <= 300 ms: {verdict})")


if __name__ == "__main__":
    main()
