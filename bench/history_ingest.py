"""History benchmark: what journaling every received message costs a flood, and what it stores.

The flood server of bench/ingest.py (a separate process writing N pre-encoded 100-byte text
frames as fast as it can) is read by a websockets client on a plain asyncio loop that builds
the log row of every message as wsgui's reader does, and keeps it:

- memory: in a list (the in-memory log: the baseline);
- journal: in the list and through ``SessionJournal.append_row`` (the writer thread commits
  every 100 ms or 2,000 rows to a fresh store in a temporary folder).

The two alternate, run after run. Each prints its ingest rate (first to last message) and the
CPU time the client process spent per message (all threads: for the journal, until every row
was committed), which the other loads of a shared machine disturb less than rates; the
journal also the rate until every row was committed and the most rows ever waiting in memory.
Then, on the last journal run's store: bytes per message (pages in use) before and after the
full-text index is built, how long building the index took, and a search for a text no
message holds (the worst case: nothing stops it early) by index and by scanning, and reading
the first screen (50 entries) and the last one.

Run: uv run python bench/history_ingest.py [--messages 200000] [--runs 3]
Exits 0 whatever the numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from websockets.asyncio.client import connect

from wsgui.core.history.journal import Journal, SessionJournal
from wsgui.core.history.store import HistoryStore
from wsgui.core.model.entries import RECEIVED, TEXT, Row, text_size

MAX_SIZE = 2**20
INGEST = Path(__file__).with_name("ingest.py")


async def flood(url: str, n: int, journal: SessionJournal | None) -> float:
    """Messages per second from the first to the last of ``n``; every row kept."""
    rows: list[Row] = []
    keep = rows.append
    append_row = journal.append_row if journal is not None else None
    now = time.time
    async with connect(url, compression=None, max_size=MAX_SIZE, ping_interval=None) as ws:
        count, started = 0, 0.0
        async for message in ws:
            if not count:
                started = time.perf_counter()
            size = text_size(message) if isinstance(message, str) else len(message)
            row: Row = (RECEIVED, TEXT, message, size, now(), "", None, None)
            keep(row)
            if append_row is not None:
                append_row(row)
            count += 1
            if count == n:
                break
        return (n - 1) / (time.perf_counter() - started)


def memory_run(url: str, n: int) -> tuple[float, float]:
    """(msg/s, CPU µs per message)."""
    cpu = time.process_time()
    rate = asyncio.run(flood(url, n, None))
    return rate, (time.process_time() - cpu) / n * 1e6


def journal_run(url: str, n: int, folder: Path) -> tuple[float, float, float, int, Path]:
    """(ingest msg/s, CPU µs per message until all committed, msg/s until all committed,
    most rows waiting, the store's path)."""
    path = folder / f"run-{time.monotonic_ns()}.sqlite3"
    journal = Journal(path)
    session = journal.start_session(url)
    peak = [0]

    async def watched() -> float:
        async def watch() -> None:
            while True:
                peak[0] = max(peak[0], journal.pending)
                await asyncio.sleep(0.01)

        watcher = asyncio.create_task(watch())
        try:
            return await flood(url, n, session)
        finally:
            watcher.cancel()

    started, cpu = time.perf_counter(), time.process_time()
    rate = asyncio.run(watched())
    while session.committed < n:
        time.sleep(0.001)
    cpu_per_message = (time.process_time() - cpu) / n * 1e6
    committed_rate = n / (time.perf_counter() - started)
    session.end(1000)
    journal.close()
    if journal.problem:
        raise SystemExit(journal.problem)
    return rate, cpu_per_message, committed_rate, peak[0], path


def seconds(work: object) -> float:
    started = time.perf_counter()
    work()  # type: ignore[operator]
    return time.perf_counter() - started


def store_figures(path: Path, n: int) -> None:
    with HistoryStore(path, verify=False) as store:
        (info,) = store.sessions()
        print(f"store: {store.size_bytes() / n:.1f} bytes per 100 B message (no index yet)")
        if store.full_text:
            took = seconds(lambda: [None for _ in iter(lambda: store.index_pending(50_000), 0)])
            print(
                f"full-text index built in {took:.2f} s ({n / took:,.0f} msg/s): "
                f"{store.size_bytes() / n:.1f} bytes per message with it"
            )
            indexed = seconds(lambda: store.search(info.id, "zzzz"))
            print(f"search for an absent text, by index: {indexed * 1000:.1f} ms")
        with HistoryStore(path, verify=False, full_text=False) as scanning:
            scanned = seconds(lambda: scanning.search(info.id, "zzzz"))
            print(f"search for an absent text, by scan: {scanned * 1000:.0f} ms for {n:,}")
        first = seconds(lambda: store.entries(info.id, 0, 50))
        last = seconds(lambda: store.entries(info.id, n - 50, 50))
        print(f"first screen (50 entries): {first * 1000:.2f} ms, last one {last * 1000:.2f} ms")
        opened = seconds(lambda: HistoryStore(path).close())
        print(f"opening the store with quick_check: {opened * 1000:.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    n = args.messages
    server = subprocess.Popen([sys.executable, str(INGEST), "--serve"], stdout=subprocess.PIPE)
    memory, memory_cpu, journaled, journal_cpu, committed, peaks = [], [], [], [], [], []
    try:
        assert server.stdout is not None
        url = f"ws://127.0.0.1:{int(server.stdout.readline())}/text100/{n}"
        with tempfile.TemporaryDirectory(prefix="wsgui-history-bench-") as folder:
            path = Path(folder)
            for run in range(1, args.runs + 1):
                rate, cpu = memory_run(url, n)
                memory.append(rate)
                memory_cpu.append(cpu)
                rate, cpu, all_in, peak, path = journal_run(url, n, Path(folder))
                journaled.append(rate)
                journal_cpu.append(cpu)
                committed.append(all_in)
                peaks.append(peak)
                print(
                    f"run {run}: memory {memory[-1]:,.0f} msg/s ({memory_cpu[-1]:.1f} µs CPU), "
                    f"journal {rate:,.0f} msg/s ({cpu:.1f} µs CPU; ratio "
                    f"{rate / memory[-1]:.2f}), all committed at {all_in:,.0f} msg/s, "
                    f"at most {peak:,} rows waiting"
                )
            med = statistics.median
            print(
                f"median of {args.runs}: memory {med(memory):,.0f} msg/s, journal "
                f"{med(journaled):,.0f} msg/s, ratio journal/memory "
                f"{med(journaled) / med(memory):.2f} (median of the runs' ratios "
                f"{med(j / m for j, m in zip(journaled, memory, strict=True)):.2f}); "
                f"all committed at {med(committed):,.0f} msg/s "
                f"(ratio {med(committed) / med(memory):.2f}); at most {max(peaks):,} rows waiting"
            )
            print(
                f"CPU per message (client process, all threads): memory "
                f"{med(memory_cpu):.1f} µs, journal {med(journal_cpu):.1f} µs "
                f"(+{med(journal_cpu) - med(memory_cpu):.1f} µs)"
            )
            store_figures(path, n)
    finally:
        server.terminate()
        server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
