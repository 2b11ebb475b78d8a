"""History's size cap: pruning a big store to a fraction of its size.

Builds (once, kept at --store) a store of --sessions sessions of --messages 100 B text
messages each, the full-text index built (as the journal leaves it), then, on a fresh copy
for each run, prunes it to --fraction of its size (pages in use) with
core.history.cap.prune_to_cap, and, as the baseline in the same run, with the way wsgui
pruned before (delete the oldest session, measure the store, again), on another copy.
Prints, for each: the time, sessions deleted and sessions per second, and the size reached
against the cap (the old way over-deletes: a deleted message's index entries are freed only
when the index merges).

Run: uv run python bench/history_cap.py [--sessions 200] [--messages 5000] [--fraction 0.5]
[--store PATH] [--no-baseline]. Exits 0 whatever the numbers.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from wsgui.core.history.cap import MIB, prune_to_cap
from wsgui.core.history.store import HistoryStore
from wsgui.core.model.entries import RECEIVED, TEXT, Row


def rows(count: int, session: int) -> list[Row]:
    pad = "x" * 64
    return [
        (RECEIVED, TEXT, f'{{"s": {session:04d}, "seq": {i:09d}, "pad": "{pad}"}}', 100,
         1000.0 + session + i * 1e-6, "", None, None)
        for i in range(count)
    ]  # fmt: skip


def build(path: Path, sessions: int, messages: int) -> None:
    if path.exists():
        with HistoryStore(path, verify=False) as store:
            found = store.sessions(limit=sessions + 1)
            if len(found) == sessions and all(s.entries == messages for s in found):
                return
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    with HistoryStore(path) as store:
        ids = store.begin_sessions(
            [(f"ws://127.0.0.1:1/s{i}", "bench", 1000.0 + i) for i in range(sessions)]
        )
        for number, session in enumerate(ids):
            store.append(session, rows(messages, number))
            store.end_session(session, ended=1000.5 + number)
        while store.index_pending(1_000_000):
            pass
        store.give_back()
        size = store.size_bytes()
    took = time.perf_counter() - started
    print(f"built {sessions} x {messages:,} messages ({size / MIB:.0f} MiB) in {took:.0f} s")


def copy(source: Path, folder: Path, name: str) -> Path:
    target = folder / name
    shutil.copy(source, target)
    return target


def old_prune(store: HistoryStore, max_bytes: int) -> int:
    """How HistoryStore.prune did it: the oldest session deleted, the store measured, again."""
    ids = [s.id for s in sorted(store.sessions(limit=10**9), key=lambda s: (s.started, s.id))]
    deleted = 0
    for ident in ids:
        if store.size_bytes() <= max_bytes:
            break
        store.delete(ident)
        deleted += 1
    store.give_back()
    return deleted


def report(name: str, seconds: float, deleted: int, after: int, cap: int) -> None:
    rate = deleted / seconds if seconds else 0.0
    print(
        f"{name}: {seconds:.1f} s, {deleted} sessions deleted ({rate:.1f} sessions/s), "
        f"{after / MIB:.1f} MiB for a cap of {cap / MIB:.1f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--fraction", type=float, default=0.5)
    parser.add_argument("--store", type=Path, default=Path("/tmp/wsgui-history-cap.sqlite3"))
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    build(args.store, args.sessions, args.messages)
    with tempfile.TemporaryDirectory() as folder:
        work = copy(args.store, Path(folder), "cap.sqlite3")
        with HistoryStore(work, verify=False) as store:
            before = store.size_bytes()
            cap = int(before * args.fraction)
            print(f"store: {before / MIB:.1f} MiB, pruned to {args.fraction:g} of it")
            started = time.perf_counter()
            result = prune_to_cap(store, cap)
            took = time.perf_counter() - started
            report("prune_to_cap", took, result.deleted, result.after, cap)
        if args.no_baseline:
            return
        work = copy(args.store, Path(folder), "old.sqlite3")
        with HistoryStore(work, verify=False) as store:
            started = time.perf_counter()
            deleted = old_prune(store, cap)
            old = time.perf_counter() - started
            report("before (measure after each delete)", old, deleted, store.size_bytes(), cap)
        print(f"time ratio, before / prune_to_cap: {old / took:.2f}")


if __name__ == "__main__":
    main()
