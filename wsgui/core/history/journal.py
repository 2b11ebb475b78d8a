"""Journaling sessions as they happen, off the UI thread.

The hot path (every received message) only appends a row to a deque: ``SessionJournal.
append_row`` *is* the deque's bound ``append`` (one C call, no Python frame). A writer thread
with its own connection to the store takes what has accumulated and commits it every
FLUSH_SECONDS, or as soon as FLUSH_ENTRIES rows wait: all that wait, of every session, in one
transaction of up to MAX_BATCH rows (fewer, bigger transactions keep up with a flood, and
with a load run's thousand sessions: see appending.py), the sessions that ended closed in
it too. So a kill loses the rows of about the last interval, and the store stays whole
(SQLite rolls an unfinished transaction back). With nothing to write, the writer fills the
full-text index (``HistoryStore.index_pending``) a slice at a time.

Captured frames (a connection whose Frames tab captures them) take the same way:
``append_frame`` / ``extend_frames`` are a second deque's, and the writer commits a
session's frames in the transaction of its rows (see frames.py for what is kept).

When journaling cannot go on (read-only folder, full disk, a store that cannot be opened),
``problem`` says why and the journal keeps accepting rows and drops them: the app goes on
with its log in memory. A deleted session is dropped alone (its rows are discarded).
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from queue import Empty, SimpleQueue

from wsgui.core.history.appending import Appending
from wsgui.core.history.errors import HistoryError
from wsgui.core.history.reading import SessionReader
from wsgui.core.history.store import HistoryStore
from wsgui.core.model.entries import LogEntry, Row, as_row
from wsgui.core.model.frames import RawFrame

__all__ = ["FLUSH_ENTRIES", "FLUSH_SECONDS", "Journal", "SessionJournal"]

FLUSH_SECONDS = 0.1
FLUSH_ENTRIES = 2000
MAX_BATCH = 32_768  # rows per transaction at most, when a flood has more waiting
INDEX_SLICE = 10_000  # entries indexed per idle turn: about 25 ms of the writer's time
_POLL = 0.01  # while rows come in: how often the writer looks whether FLUSH_ENTRIES wait


def _discard(_row: object) -> None:
    """``append_row`` and ``extend`` of a session that is not journaled."""


class SessionJournal:
    """One connection's journal. Its rows queue from the first one; ``id`` is its session in
    the store once the writer thread has made it (0 until then, and for good when it is not
    journaled: the journal has a problem), ``wait_id`` waits for it; ``committed`` how many of
    its entries are committed so far (never more than 0 before ``id`` is known)."""

    append_row: Callable[[Row], None]
    """Queue one Row (this is ``deque.append`` itself)."""
    extend: Callable[[list[Row]], None]
    """Queue a batch of rows (the log's flush: ``deque.extend`` itself)."""
    append_frame: Callable[[RawFrame], None]
    """Queue one captured frame (``deque.append`` itself)."""
    extend_frames: Callable[[list[RawFrame]], None]
    """Queue a batch of frames (the Frames model's flush: ``deque.extend`` itself)."""

    def __init__(self, source: SessionReader | None = None, *, journaled: bool = True) -> None:
        self.id = 0  # set by the writer thread, before anything of the session is committed
        self.source = source  # where the log reads committed rows back (paging)
        self.rows: deque[Row] = deque()
        self.append_row = self.rows.append if journaled else _discard
        self.extend = self.rows.extend if journaled else _discard
        self.frames: deque[RawFrame] = deque()
        self.append_frame = self.frames.append if journaled else _discard
        self.extend_frames = self.frames.extend if journaled else _discard
        self.committed = 0
        self.ended: tuple[int | None, float] | None = None
        self._settled = threading.Event()  # the id is known, or will never be
        if not journaled:
            self._settled.set()

    @property
    def journaled(self) -> bool:
        return self.append_row is not _discard

    def wait_id(self, timeout: float | None = None) -> int:
        """The session's id in the store, waiting up to ``timeout`` s for the writer thread to
        make it; 0 when it is not made by then, or never will be (not journaled)."""
        self._settled.wait(timeout)
        return self.id

    def begun(self, session_id: int) -> None:
        """The writer made the session ``session_id`` in the store (its thread only)."""
        self.id = session_id
        self._settled.set()

    def append(self, entry: LogEntry) -> None:
        self.append_row(as_row(entry))

    def end(self, close_code: int | None = None) -> None:
        """The connection is over: its entries are written, then the session is closed."""
        if self.ended is None:
            self.ended = (close_code, time.time())

    def drop(self) -> None:
        self.append_row = self.extend = self.append_frame = self.extend_frames = _discard
        self.rows.clear()
        self.frames.clear()
        self._settled.set()


class Journal:
    """A writer thread owning its own sqlite3 connection: append() is a deque append (cheap,
    called on the hot path for every entry), the thread commits every FLUSH_SECONDS = 0.1 or
    FLUSH_ENTRIES = 2000 entries. ``problem``: "" or why journaling stopped; ``notice``: a
    damaged store that was set aside when it opened."""

    def __init__(
        self, path: Path, flush_seconds: float = FLUSH_SECONDS, *, verify: bool = True
    ) -> None:
        self.path = path
        self.flush_seconds = flush_seconds
        self.problem = ""
        self.notice = ""
        self._store: HistoryStore | None = None
        self._sessions: list[SessionJournal] = []  # the writer thread's alone
        # sessions to make in the store (journal, url, profile, started), oldest first; the
        # gate makes start_session's put and the writer's last turn take turns (never I/O)
        self._requests: SimpleQueue[tuple[SessionJournal, str, str, float]] = SimpleQueue()
        self._gate = threading.Lock()
        self._accepting = True
        self._wake = threading.Event()
        self._stopping = False
        self._unindexed = True  # entries may wait for the full-text index
        self._reader: SessionReader | None = None
        try:
            self._store = HistoryStore(path, verify=verify)
            self.notice = self._store.notice
        except HistoryError as exc:
            self._stop_journaling(exc)
        else:  # opened before the writer runs, so never waiting on its write lock
            self.reader()
        self._thread = threading.Thread(target=self._run, name="wsgui journal", daemon=True)
        self._thread.start()

    def start_session(self, url: str, profile: str = "") -> SessionJournal:
        """A new session, at once (this never waits for the writer thread): its rows queue
        from the first one; the writer makes the session in the store on its next turn (then
        ``id`` is known) and writes them. When the store cannot begin it, the session's rows
        are dropped and ``problem`` says why."""
        with self._gate:
            if self.problem or self._stopping or not self._accepting:
                return SessionJournal(journaled=False)
            journal = SessionJournal(self._reader)
            self._requests.put((journal, url, profile, time.time()))
        self._wake.set()
        return journal

    def reader(self) -> SessionReader | None:
        """The store opened once more for reading back what was journaled (the logs' rows on
        disk, History): shared, its reads one at a time. None when it cannot be opened."""
        if self._reader is None:
            try:
                self._reader = SessionReader(HistoryStore(self.path, verify=False))
            except HistoryError:
                return None
        return self._reader

    @property
    def pending(self) -> int:
        """Rows and frames waiting to be written (benchmarks, tests)."""
        return sum(len(journal.rows) + len(journal.frames) for journal in list(self._sessions))

    def close(self, timeout: float = 5.0) -> None:
        """Write everything still waiting, close the sessions not ended, stop the thread."""
        self._stopping = True
        self._wake.set()
        self._thread.join(timeout)
        if self._reader is not None:
            self._reader.close()
            self._reader = None  # reader() opens it again (History, after the window)
        if self._thread.is_alive() and not self.problem:
            self.problem = f"The journal {self.path} did not finish writing in {timeout:g} s"

    # --- the writer thread -----------------------------------------------------------------
    def _run(self) -> None:
        next_flush = time.monotonic() + self.flush_seconds
        try:
            while not self._stopping:
                self._serve_requests()
                now, waiting = time.monotonic(), self.pending
                if now >= next_flush or waiting >= FLUSH_ENTRIES:
                    next_flush = now + self.flush_seconds
                    if not self._flush() and not self._stopping:
                        self._index_some()
                    waiting = self.pending
                self._wake.wait(self._pause(waiting, next_flush - time.monotonic()))
                self._wake.clear()
            self._refuse_requests()
            self._serve_requests()
            self._flush()
            for journal in self._sessions:
                journal.end()
            self._flush()
        except Exception as exc:  # noqa: BLE001 - any failure stops journaling, not the app
            self._stop_journaling(exc)
        finally:
            self._refuse_requests()
            self._serve_requests()  # after a failure: each dropped (problem is set)
            if self._store is not None:
                with contextlib.suppress(Exception):
                    self._store.close()

    def _pause(self, waiting: int, until_flush: float) -> float | None:
        if self._sessions and waiting:
            return min(_POLL, max(until_flush, 0.0))
        busy = self._sessions or (self._unindexed and not self.problem)
        return self.flush_seconds if busy else None  # None: until a session starts

    def _refuse_requests(self) -> None:
        """No session starts after this: the ones asked for so far are served last."""
        with self._gate:
            self._accepting = False

    def _serve_requests(self) -> None:
        """Make the sessions asked for in the store, in order, all in one transaction; when
        the store cannot begin them they are dropped (and journaling stops: ``problem`` says
        why)."""
        asked: list[tuple[SessionJournal, str, str, float]] = []
        with contextlib.suppress(Empty):
            while True:
                asked.append(self._requests.get_nowait())
        if not asked:
            return
        made: list[int] = []
        if self._store is not None and not self.problem:
            try:
                made = self._store.begin_sessions([request[1:] for request in asked])
            except HistoryError as exc:
                self._stop_journaling(exc)  # the problem said before the ids are settled
        for (journal, *_), ident in itertools.zip_longest(asked, made):
            if ident is None:
                journal.drop()
            else:
                journal.begun(ident)
                self._sessions.append(journal)

    def _flush(self) -> int:
        """Write what each session has queued (as much as it had when this began, so a flood
        on one connection cannot starve the others), with its frames, and end the sessions
        that ended, all in one transaction (more when over MAX_BATCH rows or frames: a
        session's part in each in order). How many rows and frames were written."""
        if self._store is None or self.problem:
            for journal in self._sessions:
                journal.drop()
            return 0
        written = 0
        parts: list[tuple[SessionJournal, Appending]] = []
        room, frames_room = MAX_BATCH, MAX_BATCH
        for journal in list(self._sessions):
            if not journal.journaled:
                self._sessions.remove(journal)
                continue
            ended, rows, frames = journal.ended, journal.rows, journal.frames
            todo, frames_todo = len(rows), len(frames)
            while True:
                take, take_frames = min(todo, room), min(frames_todo, frames_room)
                batch = [rows.popleft() for _ in range(take)]
                batch_frames = [frames.popleft() for _ in range(take_frames)]
                todo, frames_todo = todo - take, frames_todo - take_frames
                last = not todo and not frames_todo
                end = ended if last and not rows and not frames else None
                if batch or batch_frames or end is not None:
                    parts.append((journal, Appending(journal.id, batch, batch_frames, end)))
                    room, frames_room = room - take, frames_room - take_frames
                if not room or not frames_room:  # a transaction's worth: commit it
                    written += self._commit(parts)
                    parts, room, frames_room = [], MAX_BATCH, MAX_BATCH
                    if self.problem:
                        return written
                if last or not journal.journaled:
                    break
        return written + self._commit(parts)

    def _commit(self, parts: list[tuple[SessionJournal, Appending]]) -> int:
        """Write ``parts`` in one transaction; then each session's ``committed`` is its
        count, an ended one is done, a deleted one dropped (alone). Rows and frames written."""
        if not parts:
            return 0
        assert self._store is not None
        try:
            counts = self._store.append_many([part for _, part in parts])
        except HistoryError as exc:
            self._stop_journaling(exc)
            return 0
        written = 0
        for (journal, part), count in zip(parts, counts, strict=True):
            if count is None:  # deleted from the store meanwhile
                journal.drop()
                self._sessions.remove(journal)
                continue
            journal.committed = count
            written += len(part.entries) + len(part.frames)
            if part.ended is not None:
                self._sessions.remove(journal)
        self._unindexed = self._unindexed or written > 0
        return written

    def _index_some(self) -> None:
        if self._store is None or not self._store.full_text or not self._unindexed:
            return
        try:
            self._unindexed = self._store.index_pending(INDEX_SLICE) == INDEX_SLICE
        except HistoryError as exc:
            self._stop_journaling(exc)

    def _stop_journaling(self, exc: BaseException) -> None:
        detail = str(exc) if isinstance(exc, HistoryError) else f"{type(exc).__name__}: {exc}"
        self.problem = f"{detail}. Journaling stopped: the log is kept in memory only"
        for journal in self._sessions:
            journal.drop()
