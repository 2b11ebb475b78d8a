"""The history's size cap: the oldest sessions are deleted until the store is under it.

The policy: sessions go oldest first (by their start), never a pinned one and never an open
one (still being recorded). A cap of 0 is no cap. What a session takes on disk is estimated
from the sessions table (its payload bytes, entries and frames, as a share of the pages in
use), so the sessions to delete are chosen at once instead of measuring the file after each
delete; the file is measured after them, and another round runs (at most ROUNDS) when the
estimate fell short.

The full-text index (search.py) gives deleted text back late: a contentless FTS5 index
writes a delete as a tombstone and frees the space only when it merges its segments
(measured: deleting half of a 1M-message store freed a quarter until then). So:

- when the sessions to delete hold REBUILD_SHARE or more of the indexed entries, the index
  is emptied, they are deleted, and the sessions left are indexed again a slice at a time
  (about 14 µs per message, against 17 µs to delete each one from the index and then merge);
- else they are deleted from the index, then the index is merged MERGE_PAGES at a time (a
  step holds the write lock ~40 ms) until the store is under the cap or nothing is left to
  merge.

Every transaction is short (BATCH_COST), so the journal's writer, on another connection,
gets its turns; ``cancel`` (a threading.Event) stops the work between two of them. Run it
with a HistoryStore of its own: it takes seconds on a big store (README, History).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from wsgui.core.history.errors import history_error
from wsgui.core.history.store import HistoryStore

__all__ = ["MIB", "Candidate", "Capped", "cap_message", "choose", "prune_to_cap"]

MIB = 1024**2
ROUNDS = 3
ENTRY_COST = 40  # bytes an entry takes besides its payload (row, keys, index): measured ~35
FRAME_COST = 40
FRAME_PAYLOAD = 4096  # a frame keeps its payload's first 4 KiB (frames.py)
REBUILD_SHARE = 1 / 3  # of the indexed entries: from here emptying the index is cheaper
BATCH_COST = 200_000  # rows per delete transaction (an indexed row counts INDEX_WEIGHT)
INDEX_WEIGHT = 10
INDEX_SLICE = 10_000  # entries indexed again per transaction
MERGE_PAGES = 64  # index pages merged per transaction

_SESSIONS = (
    "SELECT id, started, state, pinned, bytes, entries, sent + received, frames, indexed "
    "FROM sessions"
)


@dataclass(frozen=True)
class Candidate:
    """A session the cap may delete, with what it is estimated to take on disk."""

    id: int
    started: float
    estimate: int  # bytes
    rows: int  # entries and frames
    indexed: int  # entries in the full-text index


@dataclass(frozen=True)
class Capped:
    """What pruning to ``cap`` bytes did: the store's size before and after (pages in use),
    how many sessions it deleted; ``left``: sessions it could still delete (0 when what is
    over the cap is pinned or being recorded)."""

    cap: int
    before: int
    after: int
    deleted: int
    left: int = 0
    cancelled: bool = False

    @property
    def freed(self) -> int:
        return max(0, self.before - self.after)

    @property
    def over(self) -> bool:
        return bool(self.cap) and self.after > self.cap


def choose(candidates: Sequence[Candidate], excess: int) -> list[Candidate]:
    """The oldest candidates (by start, then id) whose estimates add up to ``excess``
    bytes, fewest first: all of them when they do not."""
    chosen: list[Candidate] = []
    total = 0
    for candidate in sorted(candidates, key=lambda c: (c.started, c.id)):
        if total >= excess:
            break
        chosen.append(candidate)
        total += candidate.estimate
    return chosen


def prune_to_cap(
    store: HistoryStore, max_bytes: int, cancel: threading.Event | None = None
) -> Capped:
    """Delete the oldest sessions (pinned and open ones stay) until ``store`` takes at most
    ``max_bytes`` (0: no cap, nothing is deleted). HistoryError when the store fails."""
    stop = cancel or threading.Event()
    before = size = store.size_bytes()
    deleted, left = 0, 0
    for _round in range(ROUNDS if max_bytes > 0 else 0):
        candidates, indexed = _candidates(store, size)
        left = len(candidates)
        if size <= max_bytes or stop.is_set():
            break
        victims = choose(candidates, size - max_bytes)
        if not victims:
            break
        rebuild = indexed > 0 and sum(v.indexed for v in victims) >= indexed * REBUILD_SHARE
        if rebuild:
            store.clear_index()
        for batch in _batches(victims, with_index=not rebuild):
            if stop.is_set():
                break
            store.delete(*(victim.id for victim in batch), index=not rebuild)
            deleted += len(batch)
            left -= len(batch)
        if rebuild:
            while not stop.is_set() and store.index_pending(INDEX_SLICE):
                pass
        elif any(victim.indexed for victim in victims):
            _merge_index(store, max_bytes, stop)
        size = store.size_bytes()
    if deleted:
        store.give_back()
        size = store.size_bytes()
    return Capped(max_bytes, before, size, deleted, left, stop.is_set())


def cap_message(result: Capped) -> str:
    """What the History panel says of a run of prune_to_cap."""
    cap = f"{result.cap // MIB:,} MiB" if result.cap % MIB == 0 else _mib(result.cap)
    if not result.cap:
        return f"No cap: history is kept whatever its size (now {_mib(result.after)})"
    gone = f"Deleted {result.deleted} session(s) ({_mib(result.freed)})"
    if result.cancelled:
        return f"{gone} before pruning was stopped: history is {_mib(result.after)}"
    if result.deleted and result.over:
        why = "" if result.left else f": {_KEPT}"
        return f"{gone}; history is {_mib(result.after)}, over {cap}{why}"
    if result.deleted:
        return f"{gone} to keep history under {cap}"
    if result.over:
        return f"History is {_mib(result.after)}, over {cap}: {_KEPT}"
    return f"History is {_mib(result.after)}, under {cap}: nothing to delete"


_KEPT = "the rest is pinned or being recorded"


def _mib(size: int) -> str:
    return f"{size / MIB:,.1f} MiB"


def _candidates(store: HistoryStore, size: int) -> tuple[list[Candidate], int]:
    """The sessions the cap may delete, each estimated as its share of ``size``; and how
    many entries the index holds."""
    rows = store.guarded(lambda db: db.execute(_SESSIONS).fetchall())
    weights = [_weight(*row[4:8]) for row in rows]
    total = sum(weights) or 1
    found = [
        Candidate(ident, started, -(-size * weight // total), entries + frames, indexed)
        for (ident, started, state, pinned, _, entries, _, frames, indexed), weight in zip(
            rows, weights, strict=True
        )
        if not pinned and state != "open"
    ]
    return found, sum(row[8] for row in rows)


def _weight(payload: int, entries: int, messages: int, frames: int) -> int:
    """A session's bytes on disk, roughly: only the shares of these matter."""
    frame_payload = min(FRAME_PAYLOAD, payload // messages) if messages else 0
    return payload + ENTRY_COST * entries + frames * (FRAME_COST + frame_payload)


def _batches(victims: Sequence[Candidate], *, with_index: bool) -> Iterator[list[Candidate]]:
    """The victims in groups of about BATCH_COST rows each (one transaction per group)."""
    batch: list[Candidate] = []
    cost = 0
    for victim in victims:
        batch.append(victim)
        cost += victim.rows + (INDEX_WEIGHT * victim.indexed if with_index else 0)
        if cost >= BATCH_COST:
            yield batch
            batch, cost = [], 0
    if batch:
        yield batch


def _merge_index(store: HistoryStore, max_bytes: int, stop: threading.Event) -> None:
    """Merge the index's segments (freeing the space of the deletes it holds) a step at a
    time until the store is under ``max_bytes`` or a step finds nothing to merge."""
    steps = 1 + store.size_bytes() // (4096 * MERGE_PAGES)  # bound: never forever
    for _step in range(steps):
        if stop.is_set() or store.size_bytes() <= max_bytes:
            return
        if not store.guarded(_merge_step, store.path):
            return


def _merge_step(db: sqlite3.Connection, path: Path) -> bool:
    """One FTS5 merge of up to MERGE_PAGES pages (a negative count: whatever the levels),
    its own transaction; whether it wrote anything (its INSERT and structure record aside)."""
    before = db.total_changes
    try:
        db.execute(
            "INSERT INTO entries_fts (entries_fts, rank) VALUES ('merge', ?)", (-MERGE_PAGES,)
        )
    except sqlite3.Error as exc:
        raise history_error(path, exc) from None
    return db.total_changes - before > 2
