"""Edges found in review: sends cut by an abort are not logged as sent, one file at a time,
text that cannot be UTF-8, a ping whose pong never comes does not block the next one."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.core.connection.websocket.test_session import open_session, run, wait_until_received
from tests.helpers.raw_servers import deaf_after_hello, raw_server, stops_reading_after_hello
from tests.helpers.servers import ws_server
from tests.helpers.sinks import RecordingSink
from wsgui.core.model.entries import Direction, Kind, ReadyState


def sent(sink: RecordingSink) -> list[object]:
    return [e.payload for e in sink.entries if e.direction is Direction.SENT]


def test_abort_during_sends_logs_them_as_not_sent(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(bytes(32 * 2**20))
    sink = RecordingSink()

    async def scenario() -> tuple[bool, bool, bool]:
        release = asyncio.Event()
        async with raw_server(stops_reading_after_hello(release)) as base:
            session, task = await open_session(f"{base}/", sink)
            await wait_until_received(sink, 1)
            progress: list[int] = []
            tracked = asyncio.ensure_future(
                session.send_file(big, lambda w, _t: progress.append(w))
            )
            while not progress:  # the first file is going out
                await asyncio.sleep(0.01)
            second = await session.send_file(big, lambda _w, _t: None)  # while one goes out
            plain = asyncio.ensure_future(session.send(bytes(32 * 2**20)))
            await asyncio.sleep(0.3)
            session.abort()
            results = await asyncio.gather(tracked, plain)
            await asyncio.wait_for(task, 5)
            release.set()
            return results[0], second, results[1]

    assert run(scenario()) == (False, False, False)
    assert sent(sink) == []  # nothing claimed as sent
    errors = sink.errors()
    assert "Not sent: another file is still going out (wait or Cancel)" in errors
    assert any(e.startswith("Send cancelled: ") for e in errors)
    # The plain message waited for the file's last frame (nothing may come between two
    # frames of a message), so none of it had left when the connection was dropped.
    assert "Not sent: the connection closed before the message went out" in errors
    assert sink.received() == ["hello, then silence"]


def test_text_that_is_not_utf8_is_refused_and_the_connection_stays_open() -> None:
    sink = RecordingSink()

    async def scenario() -> ReadyState:
        async with ws_server() as base:
            session, task = await open_session(f"{base}/echo", sink)
            assert not await session.send("a\ud800b")
            assert await session.send("still fine")
            await wait_until_received(sink, 1)
            state = session.state
            await session.close()
            await asyncio.wait_for(task, 5)
            return state

    assert run(scenario()) is ReadyState.OPEN
    assert sink.errors()[0] == (
        "Not sent: the text is not valid UTF-8 (a lone surrogate U+D800 at character 2)"
    )
    assert sink.received() == ["still fine"]


def test_a_lost_pong_does_not_block_the_next_ping() -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with raw_server(deaf_after_hello) as base:
            session, task = await open_session(f"{base}/", sink, ping_timeout=0.2)
            assert await session.ping() is None
            assert await session.ping() is None
            session.abort()
            await asyncio.wait_for(task, 5)

    run(scenario())
    assert sink.errors()[:2] == ["No pong within 0.2 s", "No pong within 0.2 s"]
    pings = sink.of_kind(Kind.PING)
    assert len(pings) == 2 and all(len(p.payload) == 4 for p in pings)  # random payloads
