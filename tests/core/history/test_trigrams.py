"""The index asked by its rarest trigrams: a rare text is found through the index (and the
same entries as a scan finds), a text of common trigrams is scanned."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from wsgui.core.history.rows import INDEX_BITS
from wsgui.core.history.store import HistoryStore
from wsgui.core.history.trigrams import rarest_match, usable
from wsgui.core.model.entries import Direction, message_entry

COUNT = 3000


def _flood(store: HistoryStore) -> int:
    session = store.begin_session("ws://flood/")
    texts = [f'{{"seq": {n:06d}, "pad": "xxxxxxxx"}}' for n in range(COUNT)]
    texts[1234] = '{"seq": 001234, "note": "Needle in the HAYSTACK"}'
    texts[2999] = '{"seq": 002999, "note": "needle again"}'
    store.append(session, [message_entry(Direction.RECEIVED, t) for t in texts])
    return session


@pytest.fixture
def indexed(tmp_path: Path) -> tuple[HistoryStore, int]:
    store = HistoryStore(tmp_path / "h.sqlite3", full_text=True)
    assert store.full_text
    session = _flood(store)
    store.index_pending(COUNT - 500)  # the last 500 are not indexed yet: they are scanned
    return store, session


def test_a_rare_text_is_asked_of_the_index_by_its_rarest_trigrams(
    indexed: tuple[HistoryStore, int],
) -> None:
    store, session = indexed
    db = sqlite3.connect(store.path)
    first = session << INDEX_BITS
    last = first + COUNT - 501

    assert rarest_match(db, "needle", first, last) is not None
    assert rarest_match(db, "HAYSTACK", first, last) == '"HAY" AND "AYS" AND "YST"'
    assert rarest_match(db, '"seq": 0', first, last) is None  # every trigram is common
    assert rarest_match(db, "ab", first, last) is None  # no trigram


def test_the_index_finds_what_a_scan_finds(
    indexed: tuple[HistoryStore, int], tmp_path: Path
) -> None:
    store, session = indexed
    scanned = HistoryStore(tmp_path / "scan.sqlite3", full_text=False)
    other = _flood(scanned)

    for text in ("NEEDLE", "haystack", 'seq": 0012', "001234", '"seq": 0', "zzz"):
        assert store.search(session, text) == scanned.search(other, text), text
    assert store.search(session, "needle") == [1234, 2999]  # one indexed, one scanned


def test_only_texts_whose_letters_fold_one_to_one_use_the_index() -> None:
    assert usable("héllo", case_sensitive=False)
    assert not usable("straße", case_sensitive=False)  # ß folds to "ss"
    assert usable("straße", case_sensitive=True)
    assert not usable("ab", case_sensitive=True)


def test_a_version_2_store_gains_the_binary_index_and_keeps_its_entries(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with HistoryStore(path) as store:
        session = store.begin_session("ws://old/")
        store.append(session, [message_entry(Direction.RECEIVED, b"\x00old bytes")])
    db = sqlite3.connect(path)
    db.execute("DROP INDEX entries_binary")  # what version 2 had
    db.execute("PRAGMA user_version = 2")
    db.commit()

    with HistoryStore(path) as store:
        assert [e.payload for e in store.entries(session)] == [b"\x00old bytes"]
    (version,) = db.execute("PRAGMA user_version").fetchone()
    (made,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'entries_binary'").fetchone()
    assert version == 3 and made.endswith("WHERE form = 0")
