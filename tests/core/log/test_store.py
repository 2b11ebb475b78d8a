"""The log's retention cap: oldest entries dropped in chunks, counted, totals kept."""

from __future__ import annotations

import pytest

from wsgui.core.log.store import LogStore
from wsgui.core.model.entries import Direction, message_entry


def texts(store: LogStore) -> list[str]:
    return [str(entry.payload) for entry in store]


def test_cap_drops_the_oldest_in_chunks_and_counts_them() -> None:
    store = LogStore(cap=100)
    store.extend(message_entry(Direction.RECEIVED, f"m{i}") for i in range(100))
    assert len(store) == 100 and store.dropped == 0
    store.extend([message_entry(Direction.RECEIVED, "m100")])
    assert store.dropped == 10  # a chunk is a tenth of the cap
    assert len(store) == 91
    assert texts(store)[0] == "m10" and texts(store)[-1] == "m100"
    assert store.messages[Direction.RECEIVED] == 101  # totals count every message seen


def test_a_batch_bigger_than_the_cap_keeps_its_newest_part() -> None:
    store = LogStore(cap=10)
    store.extend(message_entry(Direction.SENT, f"m{i}") for i in range(5))
    store.extend(message_entry(Direction.SENT, f"n{i}") for i in range(25))
    assert texts(store) == [f"n{i}" for i in range(15, 25)]
    assert store.dropped == 20
    assert store.messages[Direction.SENT] == 30


def test_cap_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1 entry"):
        LogStore(cap=0)
