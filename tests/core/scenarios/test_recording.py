"""Save session as scenario: the rules that turn log entries and a connection's options into
scenario steps and a [connect] table, read back with the scenario reader (each file written
here must parse), and the profile <-> scenario conversions."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
from websockets.frames import Close

from wsgui.core.model.close import describe_close
from wsgui.core.model.entries import (
    Direction,
    Kind,
    LogEntry,
    ReadyState,
    event_entry,
    message_entry,
)
from wsgui.core.model.options import Auth, ConnectOptions, Header, Protocol
from wsgui.core.profiles.profile import Profile
from wsgui.core.scenarios.connect_table import write_scenario
from wsgui.core.scenarios.profile_scenario import profile_to_scenario, scenario_to_profile
from wsgui.core.scenarios.recording import is_volatile, record_session
from wsgui.core.scenarios.scenario import Scenario, ScenarioError, parse
from wsgui.core.scenarios.variables import Scope

OPTIONS = ConnectOptions(url="ws://127.0.0.1:9/chat")
SENT, RECEIVED = Direction.SENT, Direction.RECEIVED


def recorded(entries: list[LogEntry], options: ConnectOptions = OPTIONS, **kw: Any) -> Scenario:
    return parse(record_session(entries, options, name="t", **kw).text, "t")


def steps_of(scenario: Scenario) -> list[tuple[str, Any]]:
    return [(step.action, step.value) for step in scenario.steps]


def received(text: str | bytes) -> LogEntry:
    return message_entry(RECEIVED, text)


def close_entry(rcvd: Close | None, sent: Close | None, rcvd_then_sent: bool | None) -> LogEntry:
    """A close event worded by the app's own describe_close, with the code it reports."""
    code = rcvd.code if rcvd is not None else 1006
    return event_entry(Kind.CLOSE, describe_close(rcvd, sent, rcvd_then_sent), close_code=code)


def test_each_kind_of_entry_becomes_its_step_and_events_do_not() -> None:
    scenario = recorded(
        [
            event_entry(Kind.OPEN, "Opened"),
            message_entry(SENT, "hello"),
            received("hello back"),
            message_entry(SENT, b"\x00\xff"),
            received(b"\xde\xad"),
            LogEntry(SENT, Kind.PING, b"", 0, 0.0),
            LogEntry(RECEIVED, Kind.PONG, b"", 0, 0.0),
            event_entry(Kind.ERROR, "something"),
            event_entry(Kind.INFO, "a note"),
            close_entry(Close(4000, "custom"), Close(4000, "custom"), True),
        ]
    )
    assert steps_of(scenario) == [
        ("send", "hello"),
        ("expect", "hello back"),
        ("send_hex", "00 ff"),
        ("expect_hex", "de ad"),
        ("ping", 5000),
        ("expect_close", 4000),
    ]
    assert scenario.url == "ws://127.0.0.1:9/chat" and scenario.name == "t"


def test_closes_we_started_are_close_steps_and_a_drop_is_expected_as_1006() -> None:
    ours = close_entry(Close(4001, "bye"), Close(4001, "bye"), False)
    answered_otherwise = close_entry(Close(1000, ""), Close(4002, "x"), False)
    unanswered = close_entry(None, Close(1000, ""), None)
    dropped = close_entry(None, None, None)
    assert [(s.action, s.value, s.options) for s in recorded([ours]).steps] == [
        ("close", 4001, {"reason": "bye"})
    ]
    assert steps_of(recorded([answered_otherwise])) == [("close", 4002)]
    assert steps_of(recorded([unanswered])) == [("close", 1000)]
    assert steps_of(recorded([dropped])) == [("expect_close", 1006)]


def test_a_json_object_is_checked_on_its_stable_top_level_fields() -> None:
    message = {
        "op": "joined",
        "room": "lobby",
        "count": 2,
        "ok": True,
        "ratio": 0.5,
        "two words": "kept",
        "id": 7,
        "userId": "u1",
        "created_at": "x",
        "ts": 1,
        "token": "t0k",
        "when": "2024-05-01T10:00:00Z",
        "ref": "0f8fad5b-d9cb-469f-a165-70867728950e",
        "clock": 1712345678901,
        "nested": {"a": 1},
        "list": [1],
        "none": None,
    }
    (step,) = recorded([received(json.dumps(message))]).steps
    assert step.action == "expect_json"
    assert step.value == [
        {"path": "$.op", "equals": "joined"},
        {"path": "$.room", "equals": "lobby"},
        {"path": "$.count", "equals": 2},
        {"path": "$.ok", "equals": True},
        {"path": "$.ratio", "equals": 0.5},
        {"path": '$."two words"', "equals": "kept"},
    ]


def test_json_with_nothing_stable_arrays_and_exact_json_fall_back_as_documented() -> None:
    only_ids, array, scalar = received('{"id": 1, "ts": 2}'), received("[1, 2]"), received("42")
    first, second, third = recorded([only_ids, array, scalar]).steps
    assert (first.action, first.value) == ("expect_regex", r"^\s*\{")
    assert first.title == "step 1: a JSON object (no field to compare)"
    assert [(s.action, s.value) for s in (second, third)] == [
        ("expect", "[1, 2]"),
        ("expect", "42"),
    ]
    exact = recorded([received('{"op": "x", "id": 1}')], exact_json=True)
    assert steps_of(exact) == [("expect", '{"op": "x", "id": 1}')]


def test_chosen_json_paths_for_all_messages_or_per_entry() -> None:
    entries = [
        received('{"op": "a", "type": "t", "n": 1}'),
        received('{"op": "b", "deep": {"x": [1, 2]}, "z": null}'),
        received('{"other": 1}'),
    ]
    policy = recorded(entries, json_fields=("$.op", "$.type"))
    assert [s.value for s in policy.steps] == [
        [{"path": "$.op", "equals": "a"}, {"path": "$.type", "equals": "t"}],
        [{"path": "$.op", "equals": "b"}],
        [{"path": "$.other", "equals": 1}],  # holds none of them: the default rule
    ]
    per_entry = record_session(entries, OPTIONS, json_fields={1: ["$.deep", "$.z"]})
    second = parse(per_entry.text, "t").steps[1]
    assert second.value == [{"path": "$.deep", "equals": {"x": [1, 2]}}]
    assert "entry 2: $.z holds a null, which a scenario cannot hold" in per_entry.notes
    assert parse(per_entry.text, "t").steps[0].value[0] == {"path": "$.op", "equals": "a"}
    with pytest.raises(ScenarioError, match=r"JSON field '\$\.\.\[': '\$\.\.\[' is not a JSON"):
        record_session(entries, OPTIONS, json_fields=["$..["])


def test_text_that_looks_like_a_variable_plays_back_as_it_was() -> None:
    texts = ["hi {{name}}", "{{{{x}}}}", "{{$uuid}}", '{"t": "{{a}}"}', "{{ not a var }}"]
    scenario = recorded(
        [message_entry(SENT, text) for text in texts] + [received('{"t": "{{a}}"}')]
    )
    scope = Scope()
    sent = [scope.resolve(step.value, step.title) for step in scenario.steps[:-1]]
    assert sent == texts
    (check,) = scenario.steps[-1].value
    assert scope.resolve(check["equals"], "x") == "{{a}}"


def test_only_the_last_connection_with_messages_is_kept() -> None:
    first = [event_entry(Kind.OPEN, "Opened"), message_entry(SENT, "one")]
    second = [event_entry(Kind.OPEN, "Opened"), message_entry(SENT, "two")]
    third = [event_entry(Kind.OPEN, "Opened"), event_entry(Kind.ERROR, "dropped")]
    result = record_session(first + second + third, OPTIONS)
    assert steps_of(parse(result.text, "t")) == [("send", "two")]
    assert result.notes[0] == "the entries hold 3 connections: kept the last one with messages"


def test_a_socketio_session_is_saved_as_emits_and_expected_events_and_replays() -> None:
    """Recorded from a real Socket.IO session (python-socketio server on 127.0.0.1), the
    scenario emits the same events (with the ack it waited for) and expects the server's
    events by name, and passes against the same server."""
    import asyncio

    from tests.helpers.sinks import RecordingSink
    from tests.helpers.socketio_servers import sio_server
    from wsgui.core.connection.factory import make_session
    from wsgui.core.scenarios.runner import run_scenario
    from wsgui.core.scenarios.variables import Scope

    async def scenario() -> tuple[str, Any]:
        async with sio_server() as base:
            options = ConnectOptions(url=base, protocol=Protocol.SOCKETIO)
            sink = RecordingSink()
            session = make_session(options, sink, None, capture_frames=False)
            task = asyncio.ensure_future(session.run())
            while ReadyState.OPEN not in sink.states:
                await asyncio.sleep(0.02)
            await session.emit("anotherNews", [{"room": "lobby"}, 2], expect_ack=False)
            await session.emit("ackme", ["x"], expect_ack=True)
            while not any(e.note.startswith("event echo") for e in sink.entries):
                await asyncio.sleep(0.02)
            await session.close()
            await task
            recorded = record_session(sink.entries, options, name="sio")
            return recorded.text, await run_scenario(parse(recorded.text, "sio"), Scope())

    text, result = asyncio.run(asyncio.wait_for(scenario(), 30))
    steps = steps_of(parse(text, "sio"))
    assert ("expect_event", "news") in steps  # the welcome the server emits on connect
    assert ("emit", "anotherNews") in steps and ("emit", "ackme") in steps
    assert ("expect_event", "echo") in steps
    assert "ack = true" in text and 'args = [{ room = "lobby" }, 2]' in text.replace("\n", "")
    assert result.error == "" and all(step.passed for step in result.steps), result


SECRET_OPTIONS = ConnectOptions(
    url="ws://alice:pa55word@127.0.0.1:9/x?access_token=qs3cret&room=1",
    subprotocols=("chat",),
    origin="http://example.test",
    headers=(
        Header("Authorization", "Bearer s3cr3t-bearer"),
        Header("X-Api-Key", "k3y-value"),
        Header("Cookie", "${SESSION_COOKIE}"),
        Header("X-Trace", "visible"),
        Header("X-Token", "{{tok}}"),
        Header("X-Off", "disabled-secret-token", enabled=False),
    ),
    auth=Auth.BEARER,
    auth_secret="helper-s3cret",
    compression=False,
)
SECRETS = ("pa55word", "qs3cret", "s3cr3t-bearer", "k3y-value", "helper-s3cret", "disabled")


def test_secrets_are_written_as_references_never_as_values() -> None:
    result = record_session([message_entry(SENT, "hi")], SECRET_OPTIONS)
    for secret in SECRETS:
        assert secret not in result.text
    scenario = parse(result.text, "t")
    assert scenario.url == (
        "ws://alice:${WSGUI_URL_PASSWORD}@127.0.0.1:9/x?access_token={{access_token}}&room=1"
    )
    assert scenario.headers == (
        ("Authorization", "Bearer ${WSGUI_AUTHORIZATION_2}"),  # the auth helper's, after
        ("X-Api-Key", "${WSGUI_X_API_KEY}"),
        ("Cookie", "${SESSION_COOKIE}"),  # already a reference: kept
        ("X-Trace", "visible"),
        ("X-Token", "{{tok}}"),
    )
    assert scenario.subprotocols == ("chat",) and scenario.origin == "http://example.test"
    assert result.secrets == (
        "Password in the URL: set WSGUI_URL_PASSWORD in the environment to the value",
        "Query parameter access_token: give it with --var access_token=…",
        "Header Authorization: set WSGUI_AUTHORIZATION in the environment to the value "
        "after 'Bearer '",
        "Header X-Api-Key: set WSGUI_X_API_KEY in the environment to the value",
        "Header Authorization: set WSGUI_AUTHORIZATION_2 in the environment to the value "
        "after 'Bearer '",
    )
    assert "not in a scenario (wsgui run uses its defaults): compression" in result.notes
    assert result.text.startswith("# Recorded with wsgui (Save session as scenario).")


def test_basic_auth_becomes_an_authorization_reference_with_a_note() -> None:
    options = ConnectOptions(url="ws://h/", auth=Auth.BASIC, auth_user="al", auth_secret="pw")
    result = record_session([], options)
    assert parse(result.text, "t").headers == (("Authorization", "Basic ${WSGUI_AUTHORIZATION}"),)
    assert (
        "Basic auth: the Authorization header's value after 'Basic ' is the base64 of "
        in (result.notes[0])
    )


@pytest.mark.parametrize(
    ("name", "value", "volatile"),
    [
        ("op", "join", False),
        ("id", 1, True),
        ("ID", 1, True),
        ("userId", "x", True),
        ("paid", True, False),
        ("user_id", 1, True),
        ("createdAt", "x", True),
        ("format", "json", False),
        ("updated_at", "x", True),
        ("timestamp", 1, True),
        ("accessToken", "x", True),
        ("ref", "123e4567-e89b-12d3-a456-426614174000", True),
        ("at", "2024-01-01 10:00", True),
        ("count", 1700000000, True),
        ("count", 170, False),
        ("flag", True, False),
    ],
)
def test_which_fields_look_volatile(name: str, value: Any, volatile: bool) -> None:
    assert is_volatile(name, value) is volatile


def test_a_scenario_file_is_written_whole_and_private_or_says_why_not(tmp_path: Path) -> None:
    target = tmp_path / "s.toml"
    write_scenario(target, "name = 'x'\n")
    assert target.read_text() == "name = 'x'\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ScenarioError) as raised:
        write_scenario(blocker / "s.toml", "x")
    assert str(raised.value).startswith(f"{blocker / 's.toml'}: not written (")


def test_a_profile_exports_as_a_scenario_with_no_steps_and_comes_back() -> None:
    profile = Profile("Chat staging", SECRET_OPTIONS)
    text = profile_to_scenario(profile)
    for secret in SECRETS:
        assert secret not in text
    scenario = parse(text, "file")
    assert scenario.name == "Chat staging" and scenario.steps == ()
    back = scenario_to_profile(scenario)
    assert back.name == "Chat staging"
    assert back.options.url == scenario.url and back.options.subprotocols == ("chat",)
    assert back.options.origin == "http://example.test"
    assert [(h.name, h.value) for h in back.options.headers] == list(scenario.headers)
    assert back.notes == (
        "URL uses {{access_token}}, which the window sends as written: type the value, or a "
        "${VARIABLE} read from the environment",
        "Header X-Token uses {{tok}}, which the window sends as written: type the value, or a "
        "${VARIABLE} read from the environment",
    )
    again = parse(profile_to_scenario(back), "file")
    assert (again.url, again.headers, again.subprotocols) == (
        scenario.url,
        scenario.headers,
        scenario.subprotocols,
    )


def test_a_scenario_with_steps_and_socketio_opens_as_a_profile_saying_what_stays() -> None:
    scenario = parse(
        '[connect]\nurl = "http://127.0.0.1:9/"\nsocketio = true\nnamespace = "/chat"\n'
        '[[step]]\nemit = "hi"\n[[step]]\nwait = 1\n',
        "room",
    )
    profile = scenario_to_profile(scenario)
    assert profile.name == "room"
    assert profile.options.protocol is Protocol.SOCKETIO
    assert profile.options.sio_namespace == "/chat"
    assert profile.notes == ("its 2 steps stay in the scenario file (play them with wsgui run)",)
    text = profile_to_scenario(profile)
    assert 'socketio = true\nnamespace = "/chat"\n' in text


def test_the_json_fields_offered_are_the_received_objects_top_level_scalars() -> None:
    from wsgui.core.model.entries import Direction, message_entry
    from wsgui.core.scenarios.recording import FieldChoice, json_field_choices

    entries = [
        message_entry(Direction.SENT, '{"op": "mine"}'),
        message_entry(Direction.RECEIVED, '{"op": "auth", "id": "a1", "n": 2, "deep": {"x": 1}}'),
        message_entry(Direction.RECEIVED, '{"op": "sub", "ts": 1764800000, "two words": true}'),
        message_entry(Direction.RECEIVED, "[1, 2]"),
        message_entry(Direction.RECEIVED, "not json"),
    ]
    assert json_field_choices(entries) == [
        FieldChoice("$.op", "auth", False),
        FieldChoice("$.id", "a1", True),
        FieldChoice("$.n", 2, False),
        FieldChoice("$.ts", 1764800000, True),
        FieldChoice('$."two words"', True, False),
    ]
