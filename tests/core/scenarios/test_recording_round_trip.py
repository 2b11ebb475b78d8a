"""The round trip: a real session with a real websockets server on 127.0.0.1 is recorded,
saved as a scenario file, and played back with run_scenario: against the same server every
step passes; against one that answers differently the FAIL lines say what differs."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import AsyncIterator
from http import HTTPStatus
from pathlib import Path

import pytest
from websockets.asyncio.server import ServerConnection, serve
from websockets.http11 import Request, Response

from tests.helpers.sinks import RecordingSink
from wsgui.core.connection.factory import make_session
from wsgui.core.model.entries import Kind, ReadyState
from wsgui.core.model.options import ConnectOptions, Header
from wsgui.core.scenarios.connect_table import write_scenario
from wsgui.core.scenarios.recording import record_session
from wsgui.core.scenarios.runner import RunResult, run_scenario
from wsgui.core.scenarios.scenario import load
from wsgui.core.scenarios.variables import Scope

TOKEN = "s3cr3t-t0ken"


@contextlib.asynccontextmanager
async def room_server(room: str = "lobby", shout: bool = False) -> AsyncIterator[str]:
    """A chat-like server behind a bearer token: ``join`` is answered with JSON (with a fresh
    id and time each run), ``say X`` with ``you said: X``, bytes with the same bytes, ``bye``
    with a close 4000. The changed server (``room``, ``shout``) answers otherwise."""

    async def handler(ws: ServerConnection) -> None:
        async for message in ws:
            if isinstance(message, bytes):
                await ws.send(message[:-1] + b"\xff" if shout else message)
            elif message == "join":
                reply = {"op": "joined", "room": room, "id": str(uuid.uuid4()), "ts": time.time()}
                await ws.send(json.dumps(reply))
            elif message.startswith("say "):
                said = message[4:].upper() if shout else message[4:]
                await ws.send(f"you said: {said}")
            elif message == "bye":
                await ws.close(4001 if shout else 4000, "see you")
                return

    def check_token(ws: ServerConnection, request: Request) -> Response | None:
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return ws.respond(HTTPStatus.UNAUTHORIZED, "bad token\n")
        return None

    async with serve(handler, "127.0.0.1", 0, process_request=check_token) as server:
        yield f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}/room"


async def record_a_session(url: str) -> RecordingSink:
    """Drive the window's own session as a user would: join, say, bytes, bye."""
    options = ConnectOptions(url=url, headers=(Header("Authorization", f"Bearer {TOKEN}"),))
    sink = RecordingSink()
    session = make_session(options, sink, None, capture_frames=False)
    task = asyncio.ensure_future(session.run())
    while session.state is not ReadyState.OPEN:
        await asyncio.sleep(0.005)
    for count, message in enumerate(["join", "say hi", b"\x01\x02\x03\x04\x05"], 1):
        assert await session.send(message)
        while len(sink.received()) < count:
            await asyncio.sleep(0.005)
    assert await session.send("bye")
    await asyncio.wait_for(task, 10)
    assert sink.of_kind(Kind.CLOSE)
    return sink


def play(path: Path, shout: bool = False, room: str = "lobby") -> RunResult:
    async def scenario() -> RunResult:
        async with room_server(room, shout) as url:
            scenario = load(path)
            port = url.rsplit(":", 1)[1].split("/")[0]
            assert scenario.url == url.replace(f":{port}/", ":{{port}}/")
            return await run_scenario(scenario, Scope.layered({"port": port}))

    return asyncio.run(asyncio.wait_for(scenario(), 30))


@pytest.fixture
def saved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A session recorded against the room server, saved; the file holds the token only as
    ${WSGUI_AUTHORIZATION}, which the environment gives when playing."""

    async def record() -> tuple[str, RecordingSink]:
        async with room_server() as url:
            return url, await record_a_session(url)

    url, sink = asyncio.run(asyncio.wait_for(record(), 20))
    options = ConnectOptions(url=url, headers=(Header("Authorization", f"Bearer {TOKEN}"),))
    recording = record_session(sink.entries, options, name="room", within=1.0)
    port = url.rsplit(":", 1)[1].split("/")[0]  # a new one for each server: give it as {{port}}
    path = tmp_path / "room.toml"
    write_scenario(path, recording.text.replace(f":{port}/", ":{{port}}/"))
    monkeypatch.setenv("WSGUI_AUTHORIZATION", TOKEN)
    return path


def test_a_recorded_session_plays_back_and_passes_against_the_same_server(saved: Path) -> None:
    text = saved.read_text()
    assert TOKEN not in text and 'Authorization = "Bearer ${WSGUI_AUTHORIZATION}"' in text
    result = play(saved)
    assert result.error == ""
    assert [step.title for step in result.steps] == [
        "step 1: send",
        "step 2: expect_json",
        "step 3: send",
        "step 4: expect",
        "step 5: send_hex",
        "step 6: expect_hex",
        "step 7: send",
        "step 8: expect_close",
    ]
    assert [step.reason for step in result.steps] == [""] * 8
    assert result.failed == 0


def test_against_a_server_that_answers_otherwise_each_fail_says_what_differs(
    saved: Path,
) -> None:
    result = play(saved, shout=True, room="hall")
    assert result.error == ""
    failures = {step.title: step.reason for step in result.steps if not step.passed}
    assert list(failures) == [
        "step 2: expect_json",
        "step 4: expect",
        "step 6: expect_hex",
        "step 8: expect_close",
    ]
    joined = failures["step 2: expect_json"]
    assert joined.startswith(
        'expected JSON with $.op == "joined" and $.room == "lobby" within 1 s; got '
    )
    assert joined.endswith(
        ' (the last one of 1 received); it differs: $.room is "hall", not "lobby"'
    )
    assert failures["step 4: expect"].endswith(
        "(the last 2 of 2 received); the closest (message 2 of 2) differs at character 11 "
        "(after 'you said: '): expected 'hi', got 'HI'"
    )
    assert failures["step 6: expect_hex"].endswith(
        "; the closest (message 3 of 3) differs at byte 5 (after '01 02 03 04'): "
        "expected '05', got 'ff'"
    )
    assert failures["step 8: expect_close"].startswith("expected close 4000; Closed: code 4001")


def test_without_the_secret_in_the_environment_the_run_says_it_is_not_set(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WSGUI_AUTHORIZATION")
    result = play(saved)
    assert result.steps == []
    assert "Header Authorization: environment variable WSGUI_AUTHORIZATION is not set" in (
        result.error
    )
