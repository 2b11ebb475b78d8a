"""Each round trip is reported once (the status bar's RTT graph gets one point per ping),
even when the keep-alive watcher polls right as our own ping's pong lands."""

from __future__ import annotations

import asyncio

import pytest

from tests.core.connection.websocket.test_session import open_session, run
from tests.helpers.servers import ws_server
from tests.helpers.sinks import RecordingSink
from wsgui.core.connection.websocket import session as session_module
from wsgui.core.model.entries import Kind


def test_our_pings_are_reported_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # The watcher polls on every turn of the loop: websockets sets ws.latency from our own
    # ping's pong before ping() resumes, which the watcher must not report a second time.
    monkeypatch.setattr(session_module, "LATENCY_POLL_SECONDS", 0)
    sink = RecordingSink()

    async def scenario() -> list[float | None]:
        async with ws_server() as base:
            session, task = await open_session(f"{base}/echo", sink)
            times = [await session.ping() for _ in range(5)]
            await asyncio.sleep(0.05)  # the watcher runs many times meanwhile
            await session.close()
            await asyncio.wait_for(task, 5)
            return times

    times = run(scenario())
    assert sink.rtts == times
    assert len(sink.of_kind(Kind.PONG)) == 5
