"""Socket.IO scenarios played against a real python-socketio server on 127.0.0.1: emit with
args, acks awaited, compared and captured from, the server's events expected by name and
arguments, a namespace, a refused connection, and what a WebSocket-only step says."""

from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path
from typing import Any

from tests.helpers.servers import ws_server
from tests.helpers.socketio_servers import sio_server, sio_server_in_a_thread
from wsgui.core.scenarios import command
from wsgui.core.scenarios.runner import RunResult, run_scenario
from wsgui.core.scenarios.scenario import parse
from wsgui.core.scenarios.variables import Scope

NEWS = json.dumps(["news", {"hello": "world"}])  # what the server emits on connect, as logged


def play(body: str, connect: str = "", scope: Scope | None = None, **server: Any) -> RunResult:
    """Play ``body``'s steps on a Socket.IO connection to a fresh server; ``connect`` adds
    lines to its [connect] table."""

    async def scenario() -> RunResult:
        async with sio_server(**server) as base:
            text = f'[connect]\nurl = "{base}"\nsocketio = true\n{connect}\n{body}'
            return await run_scenario(parse(text, "t"), scope or Scope())

    return asyncio.run(asyncio.wait_for(scenario(), 30))


def reasons(result: RunResult) -> list[str]:
    assert result.error == ""
    return [step.reason for step in result.steps]


def test_emits_acks_captures_and_events_pass() -> None:
    result = play(
        '[[step]]\nexpect_event = "news"\nargs = [{ hello = "world" }]\n'
        '[[step]]\nemit = "ackme"\nargs = [{ id = "r-{{n}}" }, 2]\nack = true\n'
        'capture = { id = "$[1].id" }\n'  # the ack is ["acked", {"id": "r-7"}, 2]
        '[[step]]\nemit = "ackme"\nargs = ["{{id}}", true]\nack = ["acked", "r-7", true]\n'
        '[[step]]\nemit = "where"\nack = ["/"]\n'
        '[[step]]\nemit = "anotherNews"\nargs = [1, "two"]\n'  # no ack awaited
        '[[step]]\nexpect_event = "echo"\nargs = [1, "two"]\ncapture = { second = "$[1]" }\n'
        '[[step]]\nemit = "ackme"\nargs = ["{{second}}"]\nack = ["acked", "two"]\n'
        '[[step]]\nemit = "anotherNews"\nargs = [{ op = "x" }]\n'
        '[[step]]\nexpect_json = { path = "$[1].op", equals = "x" }\n'  # ["echo", {"op": "x"}]
        '[[step]]\nexpect_none = { regex = "error" }\nwithin = 0.2\n'
        "[[step]]\nclose = 1000\n",
        scope=Scope.layered({"n": "7"}),
    )
    assert reasons(result) == [""] * 11, reasons(result)


def test_an_ack_that_differs_or_never_comes_fails_with_why_and_the_run_goes_on() -> None:
    result = play(
        '[[step]]\nemit = "ackme"\nargs = [1]\nack = ["acked", "{{token}}"]\n'
        '[[step]]\nemit = "ackme"\nargs = [1]\nack = ["acked", true]\n'  # true is not 1
        '[[step]]\nemit = "nobody"\nack = true\nwithin = 0.3\n'
        '[[step]]\nemit = "where"\nack = true\ncapture = { gone = "$[3]" }\n'
        '[[step]]\nemit = "where"\nack = ["/"]\n',
        scope=Scope.layered({"token": "s3cret"}, secrets={"token"}),
    )
    assert reasons(result) == [
        """ack of 'ackme': expected ["acked", "••••••"], got ["acked", 1]""",
        """ack of 'ackme': expected ["acked", true], got ["acked", 1]""",
        "no ack for 'nobody' within 0.3 s",
        """step 4: emit: capture gone: $[3] is not in '["/"]'""",
        "",
    ]


def test_an_event_that_does_not_come_says_what_came() -> None:
    result = play(
        '[[step]]\nexpect_event = "news"\nargs = [1]\nwithin = 0.3\n'
        '[[step]]\nexpect_event = "never"\nwithin = 0.3\n'
    )
    assert reasons(result) == [
        f"expected the event 'news' with args [1] within 0.3 s; got {NEWS!r} "
        "(the last one of 1 received)",
        f"expected the event 'never' within 0.3 s; got {NEWS!r} (the last one of 1 received)",
    ]


def test_a_namespace_is_where_the_events_and_acks_are() -> None:
    result = play(
        '[[step]]\nexpect_event = "welcome"\nargs = ["to /chat"]\n'
        '[[step]]\nemit = "where"\nack = ["/chat"]\n'
        '[[step]]\nexpect_event = "news"\nwithin = 0.3\n',  # sent on "/", not to /chat
        connect='namespace = "/{{room}}"',
        scope=Scope.layered({"room": "chat"}),
    )
    assert reasons(result) == [
        "",
        "",
        "expected the event 'news' within 0.3 s; got no message",  # welcome was matched
    ]


def test_a_refused_connection_ends_the_run_with_the_servers_reason() -> None:
    result = play('[[step]]\nemit = "where"\n', token="s3cret")
    assert result.steps == []
    assert result.error.startswith("Not connected to http://127.0.0.1:")
    assert result.error.endswith(": Socket.IO connect_error: bad token")


def test_websocket_steps_on_socketio_and_socketio_steps_on_websocket_say_what_to_use() -> None:
    result = play(
        '[[step]]\nsend = "x"\n[[step]]\nsend_json = { a = 1 }\n'
        "[[step]]\nping = 100\n[[step]]\nexpect_close = 1000\n"
    )
    use_emit = 'needs a WebSocket connection; use emit, e.g. emit = "message" with args = ["hello"]'
    assert reasons(result) == [
        f"send {use_emit}",
        f"send_json {use_emit}",
        "ping needs a WebSocket connection; Socket.IO pings by itself, with Engine.IO packets "
        "2 and 3",
        "expect_close needs a WebSocket connection; a Socket.IO disconnect has no close code",
    ]

    async def on_websocket() -> RunResult:
        async with ws_server() as base:
            text = (
                f'[connect]\nurl = "{base}/echo"\n[[step]]\nsend = \'["news", 1]\'\n'
                '[[step]]\nexpect_event = "news"\n[[step]]\nemit = "news"\n'
            )
            return await run_scenario(parse(text, "t"), Scope())

    assert reasons(asyncio.run(on_websocket())) == [
        "",
        "expect_event needs a Socket.IO connection",  # though the echo looks like an event
        "emit needs a Socket.IO connection",
    ]


def test_wsgui_run_passes_a_socketio_scenario_file(tmp_path: Path) -> None:
    path = tmp_path / "chat.toml"
    out = io.StringIO()
    with sio_server_in_a_thread() as base:
        path.write_text(
            f'[connect]\nurl = "{base}"\nsocketio = true\nnamespace = "/chat"\n'
            '[[step]]\nexpect_event = "welcome"\n'
            '[[step]]\nemit = "where"\nargs = ["{{who}}"]\nack = ["/chat"]\n'
        )
        code = command.main([str(path), "--var", "who=ci"], out=out)
    lines = out.getvalue().splitlines()
    assert code == 0, out.getvalue()
    assert lines[0] == "== chat" and lines[-1] == "2 passed, 0 failed"
    assert [line.split()[0] for line in lines[1:-1]] == ["PASS", "PASS"]
