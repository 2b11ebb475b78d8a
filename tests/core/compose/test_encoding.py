"""Composer modes: JSON checked with line and column, base64 with positions, invisibles
revealed, the history walked like a shell's, and Repeat against a real server."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.core.connection.websocket.test_session import open_session, run
from tests.helpers.servers import ws_server
from tests.helpers.sinks import RecordingSink
from wsgui.core.compose.encoding import (
    SentHistory,
    encode,
    format_json,
    json_problem,
    parse_base64,
    reveal_invisibles,
)
from wsgui.core.compose.repeat import repeat_send
from wsgui.core.model.entries import Direction
from wsgui.core.model.payload import PayloadError


def test_json_is_checked_and_sent_as_typed() -> None:
    typed = '{ "op":"auth",\n  "token": "é" }'
    assert encode("json", typed) == typed  # not rewritten
    assert json_problem('{"a": 1,\n "b": }') == "JSON: line 2, column 7: Expecting value"
    with pytest.raises(PayloadError, match=r"JSON: line 1, column 9"):
        encode("json", '{"a": 1 "b": 2}')
    assert format_json('{"a":[1,2],"é":null}') == '{\n  "a": [\n    1,\n    2\n  ],\n  "é": null\n}'


def test_base64_standard_urlsafe_and_errors() -> None:
    assert parse_base64("AAH/\n AGhp") == b"\x00\x01\xff\x00hi"
    assert parse_base64("AAH_-w") == b"\x00\x01\xff\xfb"  # URL-safe, padding dropped
    with pytest.raises(PayloadError, match=r"Base64: '\*' at position 3 is not a base64"):
        parse_base64("AA*A")
    with pytest.raises(PayloadError, match=r"5 characters is not a multiple of 4"):
        parse_base64("AAH/A")
    with pytest.raises(PayloadError, match=r"padding in the middle"):
        parse_base64("AA==AAAA")
    assert encode("base64", "aGk=") == b"hi"
    assert encode("hex", "00 ff") == b"\x00\xff"


def test_invisibles_are_revealed() -> None:
    shown = reveal_invisibles('{"a":1}\u001e\u0000 x\tend\n')
    assert shown == '{"a":1}\\u001e\\u0000·x→\tend¶\n'


def test_history_walks_like_a_shell_and_keeps_the_draft() -> None:
    history = SentHistory(limit=3)
    draft = ("text", "half-typed")
    assert history.step(-1, draft) is None
    for text in ("one", "two", "two", "three", "four"):
        history.add("text", text)
    assert list(history) == [("text", "two"), ("text", "three"), ("text", "four")]
    assert history.step(1, draft) is None  # Down with nothing recalled changes nothing
    steps = [history.step(-1, draft) for _ in range(4)]
    assert steps == [("text", "four"), ("text", "three"), ("text", "two"), ("text", "two")]
    assert history.step(1, ("text", "ignored")) == ("text", "three")
    assert history.step(1, ("text", "ignored")) == ("text", "four")
    assert history.step(1, ("text", "ignored")) == draft  # past the newest: the draft back
    history.add("json", "{}")
    assert history.step(-1, draft) == ("json", "{}")


def test_repeat_sends_k_times_then_stops_when_the_connection_closes() -> None:
    sink = RecordingSink()
    counts: list[int] = []

    async def scenario() -> tuple[int, int]:
        async with ws_server() as base:
            session, task = await open_session(f"{base}/echo", sink)
            done = await repeat_send(lambda: session.send("tick"), 0.01, 5, counts.append)
            endless = asyncio.ensure_future(
                repeat_send(lambda: session.send("tock"), 0.01, 0, counts.append)
            )
            await asyncio.sleep(0.1)
            await session.close()
            stopped = await asyncio.wait_for(endless, 5)  # a failed send ends the series
            await asyncio.wait_for(task, 5)
            return done, stopped

    done, stopped = run(scenario())
    assert done == 5 and counts[:5] == [1, 2, 3, 4, 5]
    sent = [e.payload for e in sink.entries if e.direction is Direction.SENT]
    assert sent[:5] == ["tick"] * 5 and sent[5:] == ["tock"] * stopped and stopped >= 3
    assert sink.errors()[-1].startswith("Not sent: the connection is not open")


def test_ping_logs_the_pong_with_its_round_trip_time() -> None:
    from wsgui.core.model.entries import Kind

    sink = RecordingSink()

    async def scenario() -> None:
        async with ws_server() as base:
            session, task = await open_session(f"{base}/echo", sink, ping_interval=0.2)
            latency = await session.ping(b"are you there")
            assert latency is not None and latency > 0
            assert await session.ping(b"x" * 126) is None
            await asyncio.sleep(1.2)  # keep-alive pings, polled twice a second
            await session.close()
            await asyncio.wait_for(task, 5)
        assert await session.ping() is None  # closed

    run(scenario())
    ping, pong = sink.of_kind(Kind.PING)[0], sink.of_kind(Kind.PONG)[0]
    assert (ping.direction, ping.payload) == (Direction.SENT, b"are you there")
    assert (pong.direction, pong.payload) == (Direction.RECEIVED, b"are you there")
    assert pong.note.startswith("RTT ") and pong.note.endswith(" ms")
    assert len(sink.rtts) >= 2  # ours, then the keep-alive's
    assert sink.errors()[0] == "Ping payload: 126 bytes; a control frame carries at most 125"
    assert sink.errors()[-1] == "Ping Not sent: the connection is not open (readyState 3 CLOSED)"
    assert not ping.is_message and ping.has_payload


def test_bytes_problem_says_what_is_wrong_or_how_many_bytes() -> None:
    from wsgui.core.compose.encoding import bytes_problem

    assert bytes_problem("hex", "00 ff") == ("", 2)
    assert bytes_problem("hex", "0g")[0] == "Hex: 'g' at position 2 is not a hex digit (0-9, a-f)"
    assert bytes_problem("base64", "aGk=") == ("", 2)
    problem, size = bytes_problem("base64", "a")
    assert problem.startswith("Base64:") and size == 0
    assert bytes_problem("hex", "zz" * 200_000) == ("", -1)  # too long to check at each key


def test_the_editor_note_says_what_is_wrong_or_valid_as_you_type(tmp_path: Path) -> None:
    from wsgui.core.compose.encoding import editor_note

    assert editor_note("json", '{"a": 1}') == ("Valid JSON", False)
    assert editor_note("json", '{"a": ')[1] is True
    assert editor_note("hex", "00 ff 10") == ("Valid hex: 3 bytes", False)
    assert editor_note("base64", "aGk=") == ("Valid Base64: 2 bytes", False)
    assert editor_note("hex", "0z")[1] is True
    assert editor_note("file", str(tmp_path / "none")) == (
        f"File: {tmp_path / 'none'} is not a file",
        True,
    )
    assert editor_note("text", "anything") == ("", False) == editor_note("json", "  ")
