"""The history store on real SQLite files: what goes in comes back, sessions are listed,
searched, pinned, deleted and pruned."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wsgui.core.history.cap import prune_to_cap
from wsgui.core.history.errors import MissingSessionError
from wsgui.core.history.store import HistoryStore, SessionInfo, default_path
from wsgui.core.model.entries import Direction, Kind, LogEntry, as_row, event_entry, message_entry
from wsgui.core.model.handshake import (
    AcceptCheck,
    Extension,
    HandshakeRecord,
    HttpMessage,
    Timings,
    TlsInfo,
)

SECRET = "s3cr3t-t0ken-value"


def handshake() -> HandshakeRecord:
    return HandshakeRecord(
        url=f"wss://alice:{SECRET}@example.test/feed?access_token={SECRET}&room=1",
        requested_subprotocols=("chat", "json"),
        address="127.0.0.1:443",
        request=HttpMessage(
            f"GET /feed?access_token={SECRET}&room=1 HTTP/1.1",
            (("Host", "example.test"), ("Authorization", f"Bearer {SECRET}"), ("X-Plain", "1")),
        ),
        response=HttpMessage(
            "HTTP/1.1 101 Switching Protocols",
            (("Upgrade", "websocket"), ("Set-Cookie", f"sid={SECRET}")),
            b"\x00body\xff",
        ),
        accept=AcceptCheck("a2V5", "ab12", "ZXhw", "ZXhw"),
        subprotocol="chat",
        extensions=[Extension("permessage-deflate", (("client_max_window_bits", None),))],
        timings=Timings(dns_ms=1.5, tcp_ms=2.0, tls_ms=None, upgrade_ms=3.25, total_ms=7.0),
        tls=TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256", None, True, "CN=x", sans=("x", "y")),
        engineio=(("sid", "abc"),),
        started_at=1_700_000_000.5,
    )


def conversation() -> list[LogEntry]:
    record = handshake()
    return [
        event_entry(Kind.OPEN, "Open: ws://example.test/, subprotocol chat", handshake=record),
        message_entry(Direction.SENT, 'héllo "quoted"\nnewline 😀'),
        message_entry(Direction.RECEIVED, bytes(range(256))),
        message_entry(Direction.SENT, b"", note="file empty.bin (0 B)"),
        message_entry(Direction.RECEIVED, "lone \udcff surrogate"),
        LogEntry(Direction.RECEIVED, Kind.TEXT, "size as logged, not as counted", 99, 0.5),
        LogEntry(Direction.SENT, Kind.PING, b"\x01\x02", 2, 1.0),
        LogEntry(Direction.RECEIVED, Kind.PONG, b"\x01\x02", 2, 1.5, "round trip 0.5 ms"),
        event_entry(Kind.ERROR, "Something failed"),
        event_entry(Kind.CLOSE, "Closed: code 4000 (custom)", close_code=4000),
    ]


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    return HistoryStore(tmp_path / "history" / "history.sqlite3")


def test_a_session_comes_back_exactly_as_appended(store: HistoryStore) -> None:
    entries = conversation()
    session = store.begin_session("ws://example.test/", "staging", started=100.0)
    assert store.append(session, entries[:4]) == 4
    assert store.append(session, [as_row(e) for e in entries[4:]]) == len(entries)  # rows too

    back = store.entries(session)

    assert back[1:] == entries[1:]
    assert [type(e.payload) for e in back] == [type(e.payload) for e in entries]
    assert back[0]._replace(handshake=None) == entries[0]._replace(handshake=None)
    assert store.entries(session, 2, 3) == entries[2:5]
    assert store.entries(session, 8, 100) == entries[8:]
    assert store.entries(session, 10) == []
    assert list(store.iter_entries(session, page=3)) == back
    assert store.count(session) == len(entries)


def test_the_handshake_record_is_kept_with_its_secrets_masked(store: HistoryStore) -> None:
    session = store.begin_session("ws://example.test/")
    store.append(session, conversation()[:1])

    record = store.entries(session)[0].handshake

    original = handshake()
    assert record is not None
    assert record.url == "wss://alice:••••••@example.test/feed?access_token=••••••&room=1"
    assert record.request == HttpMessage(
        "GET /feed?access_token=••••••&room=1 HTTP/1.1",
        (("Host", "example.test"), ("Authorization", "Bearer ••••••"), ("X-Plain", "1")),
    )
    assert record.response == HttpMessage(
        "HTTP/1.1 101 Switching Protocols",
        (("Upgrade", "websocket"), ("Set-Cookie", "••••••")),
        b"\x00body\xff",
    )
    unmasked = ("url", "request", "response")
    for name in vars(original):
        if name not in unmasked:
            assert getattr(record, name) == getattr(original, name), name
    store.close()
    for file in store.path.parent.iterdir():
        assert SECRET.encode() not in file.read_bytes(), file.name


def test_urls_in_the_session_and_in_event_texts_are_masked(store: HistoryStore) -> None:
    session = store.begin_session(f"ws://bob:{SECRET}@example.test/?token={SECRET}")
    store.append(session, [event_entry(Kind.INFO, f"Reconnecting to ws://h/?token={SECRET}.")])

    info = store.session(session)

    assert info is not None and info.url == "ws://bob:••••••@example.test/?token=••••••"
    assert store.entries(session)[0].payload == "Reconnecting to ws://h/?token=••••••."


def test_payloads_over_one_mebibyte_come_back_whole(store: HistoryStore) -> None:
    big_text = "é" + "x" * (3 * 2**20) + "end"
    big_binary = os.urandom(2**20 + 1)
    session = store.begin_session("ws://h/")
    store.append(
        session,
        [message_entry(Direction.RECEIVED, big_text), message_entry(Direction.SENT, big_binary)],
    )

    back = store.entries(session)

    assert [e.payload for e in back] == [big_text, big_binary]
    assert store.search(session, "xend") == [0]
    chunks = sqlite3.connect(store.path).execute("SELECT count(*) FROM chunks").fetchone()[0]
    assert chunks == 4 + 2  # 3 MiB and a bit of text, 1 MiB and a byte of binary


def test_a_session_counts_its_messages_and_their_bytes(store: HistoryStore) -> None:
    session = store.begin_session("ws://h/", "local", started=50.0)
    store.append(session, conversation())
    store.end_session(session, close_code=4000, ended=60.0)

    assert store.session(session) == SessionInfo(
        id=session,
        url="ws://h/",
        profile="local",
        started=50.0,
        ended=60.0,
        state="closed",
        close_code=4000,
        entries=10,
        sent=2,
        received=3,
        bytes=sum(e.size for e in conversation() if e.is_message),
        pinned=False,
    )
    assert store.session(session + 1) is None
    assert store.count(session + 1) == 0


def test_sessions_are_listed_newest_first(store: HistoryStore) -> None:
    first = store.begin_session("ws://one/", started=10.0)
    third = store.begin_session("ws://three/", started=30.0)
    second = store.begin_session("ws://two/", started=20.0)

    assert [s.id for s in store.sessions()] == [third, second, first]
    assert [s.id for s in store.sessions(limit=2)] == [third, second]


def test_appending_to_a_deleted_session_says_so(store: HistoryStore) -> None:
    session = store.begin_session("ws://h/")
    store.append(session, conversation()[:2])
    store.delete(session)

    with pytest.raises(MissingSessionError) as error:
        store.append(session, conversation()[2:3])
    assert str(error.value) == (
        f"Session {session} is not in the history store {store.path} (deleted?)"
    )


def test_a_session_written_by_another_store_continues_where_it_left(store: HistoryStore) -> None:
    entries = conversation()
    session = store.begin_session("ws://h/")
    store.append(session, entries[:2])
    with HistoryStore(store.path) as other:
        other.append(session, entries[2:4])
    store.append(session, entries[4:])

    assert store.entries(session)[1:] == entries[1:]


@pytest.mark.parametrize("full_text", [True, False], ids=["index", "scan"])
def test_search_finds_text_payloads_ignoring_case(tmp_path: Path, full_text: bool) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3", full_text=full_text)
    session = store.begin_session("ws://h/")
    texts = ["Alpha beta", "gamma", "ALPHABET soup", "Ünïcödé ALPHA", "al", "x\"quote'd"]
    store.append(session, [message_entry(Direction.RECEIVED, t) for t in texts])
    store.append(session, [message_entry(Direction.RECEIVED, b"alpha in binary")])
    store.append(session, [event_entry(Kind.INFO, "an alpha event")])
    if full_text:
        assert store.full_text
        assert store.index_pending(4) == 4  # a session half indexed: the rest is scanned

    assert store.search(session, "alpha") == [0, 2, 3, 7]
    assert store.search(session, "ALPHA B") == [0]
    assert store.search(session, "alphab") == [2]
    assert store.search(session, "ünïcödé") == [3]
    assert store.search(session, "al") == [0, 2, 3, 4, 7]
    assert store.search(session, 'x"quote') == [5]
    assert store.search(session, "missing") == []
    assert store.search(session + 1, "alpha") == []


@pytest.mark.parametrize("full_text", [True, False], ids=["index", "scan"])
def test_sessions_are_found_by_url_profile_or_content(tmp_path: Path, full_text: bool) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3", full_text=full_text)
    feed = store.begin_session("wss://Feed.example.test/v2", "Production", started=3.0)
    chat = store.begin_session("ws://chat.test/", "local", started=2.0)
    store.append(chat, [message_entry(Direction.RECEIVED, '{"order": 12345}')])
    quiet = store.begin_session("ws://quiet.test/", "local", started=1.0)
    today = store.begin_session("ws://today.test/")
    store.index_pending()

    def found(text: str) -> list[int]:
        return [s.id for s in store.sessions(text)]

    assert found("feed.EXAMPLE") == [feed]
    assert found("production") == [feed]
    assert found("LOCAL") == [chat, quiet]
    assert found('order": 123') == [chat]
    assert found("nowhere") == []
    assert found("local") == [chat, quiet]
    assert found(time.strftime("%Y-%m-%d %H:%M", time.localtime(2.0))) == [feed, chat, quiet]
    assert found(time.strftime("%Y-%m-%d", time.localtime())) == [today]


def test_deleting_a_session_removes_its_entries_and_index(store: HistoryStore) -> None:
    gone = store.begin_session("ws://gone/")
    kept = store.begin_session("ws://kept/")  # the next one: its first entry follows gone's
    big = os.urandom(2**20 + 10)
    for session in (gone, kept):
        store.append(session, [message_entry(Direction.RECEIVED, f"shared text {session}")])
        store.append(session, [message_entry(Direction.RECEIVED, big)])
    store.index_pending()

    store.delete(gone)
    store.delete(gone)  # already gone: nothing to do

    assert [s.id for s in store.sessions()] == [kept]
    assert store.entries(gone) == [] and store.search(gone, "shared") == []
    assert [e.payload for e in store.entries(kept)] == [f"shared text {kept}", big]
    assert store.search(kept, "shared") == [0]
    db = sqlite3.connect(store.path)
    assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == 2
    assert db.execute("SELECT count(*) FROM chunks").fetchone()[0] == 2
    index = db.execute("SELECT rowid FROM entries_fts WHERE entries_fts MATCH '\"sha\"'")
    assert [rowid >> 32 for (rowid,) in index] == [kept]
    db.execute("INSERT INTO entries_fts(entries_fts) VALUES('integrity-check')")  # or raises


def test_prune_by_age_keeps_pinned_recent_and_open_sessions(store: HistoryStore) -> None:
    old = store.begin_session("ws://old/", started=1.0)
    store.end_session(old, ended=2.0)
    old_pinned = store.begin_session("ws://pinned/", started=1.0)
    store.end_session(old_pinned, ended=2.0)
    store.set_pinned(old_pinned, True)
    old_open = store.begin_session("ws://open/", started=1.0)
    recent = store.begin_session("ws://recent/")
    store.end_session(recent)

    assert store.prune(older_than_days=30) == 1
    assert {s.id for s in store.sessions()} == {old_pinned, old_open, recent}
    store.set_pinned(old_pinned, False)
    assert store.prune(older_than_days=30) == 1
    assert prune_to_cap(store, 1).deleted == 1  # recent: by size (test_cap.py)
    assert [s.id for s in store.sessions()] == [old_open]


def test_sessions_of_a_process_that_is_gone_are_interrupted(store: HistoryStore) -> None:
    script = (
        "import sys; from pathlib import Path; from wsgui.core.history.store import HistoryStore\n"
        "from wsgui.core.model.entries import message_entry, Direction\n"
        "s = HistoryStore(Path(sys.argv[1])); i = s.begin_session('ws://child/', started=5.0)\n"
        "s.append(i, [message_entry(Direction.RECEIVED, 'last words')._replace(time=9.0)])\n"
        "print(i)"
    )
    child = subprocess.run(
        [sys.executable, "-c", script, str(store.path)], capture_output=True, text=True, check=True
    )
    orphan = int(child.stdout)
    mine = store.begin_session("ws://mine/")
    empty = store.begin_session("ws://reused-pid/", started=7.0)
    with sqlite3.connect(store.path) as db:  # this pid, another start: a reused pid
        db.execute("UPDATE sessions SET writer_token = 'another process' WHERE id = ?", (empty,))

    assert sorted(store.mark_interrupted()) == [orphan, empty]
    assert store.mark_interrupted() == []

    states = {s.id: (s.state, s.ended) for s in store.sessions()}
    assert states == {
        orphan: ("interrupted", 9.0),
        mine: ("open", None),
        empty: ("interrupted", 7.0),
    }


def test_the_store_lives_in_the_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("WSGUI_DATA_DIR", str(tmp_path / "data"))
    assert default_path() == tmp_path / "data" / "history.sqlite3"
    monkeypatch.delenv("WSGUI_DATA_DIR")
    import platformdirs

    assert default_path() == Path(platformdirs.user_data_dir("wsgui")) / "history.sqlite3"
