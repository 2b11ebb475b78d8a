"""History at scale: a session of N x 100 B messages opened as a log tab, read from disk.

Builds (once, kept at --store) a store holding one session of N text messages of 100 bytes,
then, in a fresh process state: opens it as a read-only log tab (LogStore.of_session behind
the real LogModel and MessageLog, shown offscreen) and times the first screen; scrolls to the
end and back; runs the log's search over every entry (SQL over the rows on disk in a worker
thread, see core/history/reading.py: once a text the trigram index answers, once a regular
expression, which scans) and the History search (FTS5 trigram index where built, --index
builds it first); prints the process's RSS growth over the whole of it.

Run: uv run python bench/history_scale.py [--messages 1000000] [--store PATH] [--index]
(10 million: --messages 10000000; building that store takes minutes). Exits 0 whatever the
numbers.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from wsgui.core.history.reading import SessionReader
from wsgui.core.history.store import HistoryStore
from wsgui.core.log.filter import LogFilter
from wsgui.core.log.store import LogStore

BATCH = 100_000


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def build(path: Path, count: int) -> int:
    with HistoryStore(path) as store:
        for info in store.sessions():
            if info.entries == count and info.profile == "bench":
                return info.id
        session = store.begin_session("ws://127.0.0.1:1/flood", "bench")
        now = time.time()
        started = time.perf_counter()
        for first in range(0, count, BATCH):
            rows = [
                ("received", "text", f'{{"seq": {i:09d}, "pad": "{"x" * 71}"}}', 100,
                 now + i * 1e-5, "", None, None)
                for i in range(first, min(count, first + BATCH))
            ]  # fmt: skip
            store.append(session, rows)
        store.end_session(session)
        print(f"built {count:,} messages in {time.perf_counter() - started:.1f} s")
        return session


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--store", type=Path, default=Path("/tmp/wsgui-history-scale.sqlite3"))
    parser.add_argument("--index", action="store_true", help="build the full-text index first")
    args = parser.parse_args()
    session = build(args.store, args.messages)
    if args.index:
        with HistoryStore(args.store) as store:
            started = time.perf_counter()
            while store.index_pending(1_000_000):
                pass
            print(f"index built in {time.perf_counter() - started:.1f} s")

    from PySide6.QtWidgets import QApplication

    from wsgui.ui.log.filtered_model import FilteredLogModel
    from wsgui.ui.log.imported_log import ImportedLog

    app = QApplication(sys.argv)
    before = rss_mb()
    started = time.perf_counter()
    reader = SessionReader(HistoryStore(args.store, verify=False))
    info = reader.store.session(session)
    assert info is not None
    store = LogStore.of_session(reader, session, info.entries, received=info.received)
    tab = ImportedLog("bench", store)
    tab.resize(1200, 800)
    tab.show()
    app.processEvents()
    first_screen = time.perf_counter() - started
    view = tab.view
    started = time.perf_counter()
    view.scrollToBottom()
    app.processEvents()
    view.scrollToTop()
    app.processEvents()
    scroll = time.perf_counter() - started
    filtered = FilteredLogModel(tab.model)

    def searched(log_filter: LogFilter) -> tuple[float, int, float]:
        """Seconds until every hit is in, hits, and the longest the UI thread was held."""
        started = time.perf_counter()
        filtered.set_filter(log_filter)
        held = time.perf_counter() - started
        while filtered.searching_stored:  # the rows on disk: a worker thread's query
            tick = time.perf_counter()
            app.processEvents()
            held = max(held, time.perf_counter() - tick)
            time.sleep(0.001)
        return time.perf_counter() - started, filtered.rowCount(), held

    search, hits, search_held = searched(LogFilter(text='SEQ": 000123'))
    scan, scan_hits, scan_held = searched(LogFilter(text=r'seq": 00012\d{3}9,', regex=True))
    started = time.perf_counter()
    history_hits = len(reader.store.search(session, 'seq": 000123'))
    history = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"rows in the table: {len(store):,}")
    print(f"open to first screen: {first_screen * 1000:.0f} ms")
    print(f"scroll to the end and back: {scroll * 1000:.0f} ms")
    print(
        f"log search over every entry (SQL, trigram index): {search:.2f} s, {hits:,} rows "
        f"(UI thread held at most {search_held * 1000:.0f} ms)"
    )
    print(
        f"log search by regular expression (a scan, in a worker thread): {scan:.2f} s, "
        f"{scan_hits:,} rows (UI thread held at most {scan_held * 1000:.0f} ms)"
    )
    print(f"History search (FTS where indexed): {history:.2f} s, {history_hits:,} entries")
    print(f"RSS growth: {rss_mb() - before:.0f} MB (peak RSS {peak:.0f} MB)")
    print(f"store bytes per message: {reader.store.size_bytes() / info.entries:.0f}")


if __name__ == "__main__":
    main()
