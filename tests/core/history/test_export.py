"""A stored session exported with the log's writers: NDJSON reads back to what was stored."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.core.history.test_store import SECRET, conversation
from wsgui.core.history.export import export_session
from wsgui.core.history.store import HistoryError, HistoryStore
from wsgui.core.log.export import read_ndjson


@pytest.fixture
def stored(tmp_path: Path) -> tuple[HistoryStore, int]:
    store = HistoryStore(tmp_path / "history.sqlite3")
    session = store.begin_session(f"ws://example.test/?token={SECRET}")
    store.append(session, conversation())
    return store, session


def exported(store: HistoryStore, session: int, fmt: str) -> tuple[int, str]:
    handle = io.StringIO()
    count = export_session(store, session, fmt, handle)
    return count, handle.getvalue()


def test_ndjson_reads_back_to_the_stored_entries(stored: tuple[HistoryStore, int]) -> None:
    store, session = stored
    count, text = exported(store, session, "ndjson")

    back = list(read_ndjson(text.splitlines()))
    assert count == len(back) == 10
    assert back[1:] == [e._replace(handshake=None) for e in store.entries(session)[1:]]


def test_har_has_the_messages_and_the_masked_handshake(stored: tuple[HistoryStore, int]) -> None:
    store, session = stored
    count, text = exported(store, session, "har")

    (entry,) = json.loads(text)["log"]["entries"]
    assert count == len(entry["_webSocketMessages"]) == 5
    assert {"name": "Authorization", "value": "Bearer ••••••"} in entry["request"]["headers"]
    assert SECRET not in text


def test_csv_has_a_line_per_entry(stored: tuple[HistoryStore, int]) -> None:
    store, session = stored
    count, text = exported(store, session, "csv")

    rows = list(csv.reader(io.StringIO(text)))
    assert count == len(rows) - 1 == 10


def test_an_unknown_session_or_format_is_named(stored: tuple[HistoryStore, int]) -> None:
    store, session = stored
    with pytest.raises(HistoryError) as error:
        exported(store, session + 7, "ndjson")
    assert str(error.value) == (
        f"There is no session {session + 7} in the history store {store.path}"
    )
    with pytest.raises(HistoryError) as error:
        exported(store, session, "xml")
    assert str(error.value) == "Unknown export format 'xml': use ndjson, har or csv"
