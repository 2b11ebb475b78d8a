"""What the history journal's tests share: rows of a flood, logs journaled as a tab's are,
and waiting for the writer thread."""

from __future__ import annotations

import time
from collections.abc import Callable

from wsgui.core.history.journal import Journal, SessionJournal
from wsgui.core.log.store import LogStore
from wsgui.core.model.entries import Row

HOT = 200  # rows a journaled test log keeps in memory


def rows(count: int, text: str = "message") -> list[Row]:
    """``count`` received text rows, "message 0", "message 1", …"""
    return [("received", "text", f"{text} {i}", 9, float(i), "", None, None) for i in range(count)]


def wait_until(condition: Callable[[], object], timeout: float = 10.0) -> None:
    """Block until ``condition()`` is true (the writer thread's work), failing after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def varied(start: int, count: int) -> list[Row]:
    """Text, binary (with NUL bytes), non-ASCII text, events with notes and close codes."""
    rows: list[Row] = []
    for i in range(start, start + count):
        if i % 7 == 0:
            rows.append(("received", "binary", b"\x00bin%d\xffZ" % i, 8, float(i), "", None, None))
        elif i % 11 == 0:
            rows.append(("event", "close", f"Closed {i}", 0, float(i), "1000 bye", 1000, None))
        elif i % 13 == 0:
            rows.append(("sent", "text", f"Grüße {i} ÉTÉ", 20, float(i), "", None, None))
        else:
            text = f'{{"seq": {i}, "Price": "{i % 97}.5%_"}}'
            rows.append(("received", "text", text, len(text), float(i), "", None, None))
    return rows


def committed(recorder: SessionJournal, count: int) -> None:
    deadline = time.monotonic() + 20
    while recorder.committed < count:
        assert time.monotonic() < deadline, f"journal committed {recorder.committed} of {count}"
        time.sleep(0.005)


def feed(store: LogStore, recorder: SessionJournal, rows: list[Row], recorded: int) -> int:
    """Append ``rows`` in batches as the log model's flush does, moving to disk as it goes."""
    for at in range(0, len(rows), 50):
        store.extend_rows(rows[at : at + 50])
        recorded += len(rows[at : at + 50])
        committed(recorder, recorded)
        store.spill()
    return recorded


def journaled_store(
    journal: Journal, path: str, cap: int = 1_000_000, hot: int = HOT
) -> tuple[LogStore, SessionJournal]:
    """A log store journaling into a new session of ``journal``, as a tab's connection does."""
    store = LogStore(cap=cap, hot_rows=hot)
    recorder = journal.start_session(f"ws://127.0.0.1:1/{path}")
    store.record_into(recorder)
    return store, recorder
