"""The on-connect sequence against a real echo server: order, waits, and why it stops."""

from __future__ import annotations

import asyncio

from tests.core.connection.websocket.test_session import open_session, run, wait_until_received
from tests.helpers.servers import ws_server
from tests.helpers.sinks import RecordingSink
from wsgui.core.connection.sequence import run_on_connect
from wsgui.core.model.entries import Direction
from wsgui.core.profiles.profile import SavedMessage

AUTH = SavedMessage("auth", '{"op": "auth"}', "json", on_connect=True, wait_for='"auth"')
SUBSCRIBE = SavedMessage("subscribe", "c3Vi", "base64", on_connect=True)
NOT_IN_SEQUENCE = SavedMessage("manual", "hello")


def conversation(sink: RecordingSink) -> list[tuple[str, str | bytes]]:
    return [
        (e.direction.value, e.payload) for e in sink.entries if e.direction is not Direction.EVENT
    ]


def test_steps_go_in_order_each_waiting_for_its_reply() -> None:
    sink = RecordingSink()

    async def scenario() -> bool:
        async with ws_server() as base:
            session, task = await open_session(f"{base}/echo", sink)
            done = await run_on_connect(session, [AUTH, NOT_IN_SEQUENCE, SUBSCRIBE])
            await wait_until_received(sink, 2)
            await session.close()
            await asyncio.wait_for(task, 5)
            return done

    assert run(scenario()) is True
    assert conversation(sink) == [
        ("sent", '{"op": "auth"}'),
        ("received", '{"op": "auth"}'),  # waited for before the next step
        ("sent", b"sub"),
        ("received", b"sub"),
    ]
    notes = [str(e.payload) for e in sink.entries if e.direction is Direction.EVENT]
    assert "On-connect sequence: 2 step(s)" in notes and "On-connect sequence done" in notes


def test_a_reply_that_never_comes_stops_the_sequence_with_a_reason() -> None:
    sink = RecordingSink()
    waiting = SavedMessage("auth", "login", on_connect=True, wait_for="^welcome")
    broken = SavedMessage("bad", "zz", "hex", on_connect=True)

    async def scenario() -> tuple[bool, bool]:
        async with ws_server() as base:
            session, task = await open_session(f"{base}/echo", sink)
            first = await run_on_connect(session, [waiting, SUBSCRIBE], wait_seconds=0.3)
            second = await run_on_connect(session, [broken])
            await session.close()
            await asyncio.wait_for(task, 5)
            return first, second

    assert run(scenario()) == (False, False)
    assert sink.errors() == [
        "On-connect sequence stopped at step 1/2 'auth': no message matching /^welcome/ "
        "within 0.3 s",
        "On-connect sequence stopped at step 1/1 'bad': Hex: 'z' at position 1 is not a hex "
        "digit (0-9, a-f)",
    ]
    assert [p for d, p in conversation(sink) if d == "sent"] == ["login"]  # not subscribe
