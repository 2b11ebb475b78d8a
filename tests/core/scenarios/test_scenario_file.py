"""Scenario files as the README shows them, and a specific message for each mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from wsgui.core.scenarios.scenario import DEFAULT_WITHIN, Capture, ScenarioError, load, parse

ISSUE_SHAPE = """
[connect]
url = "ws://127.0.0.1:{{port}}/"
subprotocols = ["echo-protocol"]
headers = { Origin = "http://localhost" }

[[step]]
send = "hello {{name}}"

[[step]]
expect = "hello {{name}}"
within = 2.0
capture = { who = "$.user", n = "count=(\\\\d+)" }

[[step]]
expect_close = 1000
"""


def test_the_shape_in_the_issue_reads() -> None:
    scenario = parse(ISSUE_SHAPE, "echo")
    assert scenario.url == "ws://127.0.0.1:{{port}}/"
    assert scenario.subprotocols == ("echo-protocol",)
    assert scenario.headers == (("Origin", "http://localhost"),)
    send, expect, close = scenario.steps
    assert (send.action, send.value, send.within) == ("send", "hello {{name}}", DEFAULT_WITHIN)
    assert (expect.action, expect.within) == ("expect", 2.0)
    assert expect.captures == (
        Capture("who", json_path="$.user"),
        Capture("n", regex=r"count=(\d+)"),
    )
    assert (close.action, close.value, close.title) == (
        "expect_close",
        1000,
        "step 3: expect_close",
    )


def test_every_step_kind_reads() -> None:
    text = """
name = "all kinds"
[connect]
url = "ws://h/"
[[step]]
send_json = { op = "auth", token = "{{token}}" }
[[step]]
send_hex = "00 ff"
[[step]]
send_file = "blob.bin"
[[step]]
expect_regex = "^hello (\\\\w+)$"
[[step]]
expect_json = { path = "$.op", equals = "auth" }
[[step]]
expect_none = { regex = "error" }
within = 0.5
[[step]]
ping = 200
[[step]]
wait = 1.5
[[step]]
close = 4000
reason = "bye"
[[step]]
emit = "chat"
args = [1, "two"]
ack = true
[[step]]
expect_event = "chat"
args = [{ id = 3 }]
[checks]
max_latency_ms = 50
message_count = 4
"""
    scenario = parse(text, "file-name")
    assert scenario.name == "all kinds"
    kinds = [step.action for step in scenario.steps]
    assert kinds == [
        "send_json", "send_hex", "send_file", "expect_regex", "expect_json",
        "expect_none", "ping", "wait", "close", "emit", "expect_event",
    ]  # fmt: skip
    assert scenario.steps[0].value == {"op": "auth", "token": "{{token}}"}
    assert scenario.steps[7].within == 1.5  # a wait lasts its own seconds
    assert scenario.steps[8].options == {"reason": "bye"}
    assert scenario.steps[9].options == {"args": [1, "two"], "ack": True}
    assert scenario.steps[10].options == {"args": [{"id": 3}]}
    assert scenario.checks == {"max_latency_ms": 50.0, "message_count": 4.0}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[connect]\nurl = ", "s.toml: not TOML"),
        ('[[step]]\nsend = "x"', "s.toml: [connect] is missing"),
        ("[connect]\nport = 1", "s.toml: [connect]: unknown key(s) port"),
        ('[connect]\nurl = ""', 's.toml: [connect] needs url = "ws://host:port/path"'),
        ('[connect]\nurl = "ws://h/"\n[[step]]\nwithin = 1', "s.toml: step 1: needs exactly one"),
        (
            '[connect]\nurl = "ws://h/"\n[[step]]\nsend = "a"\nexpect = "b"',
            "found expect, send",
        ),
        ('[connect]\nurl = "ws://h/"\n[[step]]\nsend = 3', "step 1: send takes a string, not int"),
        ('[connect]\nurl = "ws://h/"\n[[step]]\nexpect_regex = "("', "step 1: expect_regex: '('"),
        (
            '[connect]\nurl = "ws://h/"\n[[step]]\nexpect_json = { path = "$..[", equals = 1 }',
            "step 1: expect_json path: '$..[' is not a JSON path",
        ),
        (
            '[connect]\nurl = "ws://h/"\n[[step]]\nexpect_json = "x"',
            'expect_json takes { path = "$.op", equals = "auth" }',
        ),
        (
            '[connect]\nurl = "ws://h/"\n[[step]]\nexpect_json = [{ path = "$.a", equals = 1 }, '
            '{ path = "$.b" }]',
            "(or a list of them, all held by one message)",
        ),
        (
            '[connect]\nurl = "ws://h/"\n[[step]]\nexpect_hex = "0g"',
            "step 1: expect_hex: Hex: 'g' at position 2 is not a hex digit",
        ),
        ('[connect]\nurl = "ws://h/"\n[[step]]\nsend_hex = "abc"', "step 1: send_hex: Hex: 'abc'"),
        ('[connect]\nurl = "ws://h/"\n[[step]]\nexpect_hex = 1', "expect_hex takes a string"),
        ('[connect]\nurl = "ws://h/"\n[[step]]\nexpect_close = 999', "a close code 1000-4999"),
        ('[connect]\nurl = "ws://h/"\n[[step]]\nwait = -1', "wait takes seconds"),
        ('[connect]\nurl = "ws://h/"\n[[step]]\nsend = "a"\nwithin = "soon"', "within must be"),
        (
            '[connect]\nurl = "ws://h/"\n[[step]]\nexpect = "a"\ncapture = { t = "tok" }',
            "capture t: the regex needs a group",
        ),
        ('[connect]\nurl = "ws://h/"\n[[step]]\nsend_json = 1979-05-27', "a TOML date"),
        ('[connect]\nurl = "ws://h/"\n[checks]\nmax_latency_ms = -2', "must be a number ≥ 0"),
        ('[connect]\nurl = "ws://h/"\n[setup]\nx = 1', "unknown table(s) setup"),
        ('[connect]\nurl = "ws://h/"\nsocketio = "yes"', "socketio takes true or false, not 'yes'"),
        ('[connect]\nurl = "ws://h/"\nnamespace = "/chat"', "namespace goes with socketio = true"),
        (
            '[connect]\nurl = "ws://h/"\nsocketio = true\nnamespace = "chat"',
            "s.toml: [connect] namespace starts with /, e.g. namespace = \"/chat\", not 'chat'",
        ),
        (
            '[connect]\nurl = "ws://h/"\n[[step]]\nemit = "e"\nargs = 1',
            'step 1: args takes a list of the arguments, e.g. args = [1, "two", { id = 3 }]',
        ),
        (
            '[connect]\nurl = "ws://h/"\n[[step]]\nemit = "e"\nargs = [1979-05-27]',
            "step 1: args: holds a TOML date; write it as a string",
        ),
        (
            '[connect]\nurl = "ws://h/"\n[[step]]\nemit = "e"\nack = "ok"',
            "step 1: ack takes true (wait for the server's ack) or the ack's arguments as a list, "
            'e.g. ack = ["ok", { id = 3 }]',
        ),
        (
            '[connect]\nurl = "ws://h/"\n[[step]]\nsend = "x"\nargs = [1]',
            "step 1: args goes with emit or expect_event, not send",
        ),
        (
            '[connect]\nurl = "ws://h/"\n[[step]]\nexpect_event = "e"\nack = true',
            "step 1: ack goes with emit, not expect_event",
        ),
        (
            '[connect]\nurl = "ws://h/"\n[[step]]\nemit = "e"\ncapture = { id = "$[0]" }',
            "step 1: capture on an emit reads the server's ack: add ack = true",
        ),
        ('[connect]\nurl = "ws://h/"\n[[step]]\nexpect_event = 3', "expect_event takes a string"),
    ],
)
def test_each_mistake_is_named_where_it_is(text: str, message: str) -> None:
    with pytest.raises(ScenarioError) as raised:
        parse(text, "s", "s.toml")
    assert message in str(raised.value)


def test_a_file_that_cannot_be_read_says_so(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot be read"):
        load(tmp_path / "missing.toml")
    path = tmp_path / "binary.toml"
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(ScenarioError, match=r"binary\.toml: cannot be read"):
        load(path)


def test_the_readmes_scenario_examples_read() -> None:
    """Each TOML example of README's Scenarios section is a file wsgui run accepts."""
    readme = (Path(__file__).parents[3] / "README.md").read_text(encoding="utf-8")
    section = readme[
        readme.index("## Scenarios") : readme.index("\n## ", readme.index("## Scenarios") + 1)
    ]
    examples = section.split("```toml\n")[1:]
    assert len(examples) >= 2  # the WebSocket one and the Socket.IO one
    scenarios = [parse(example.split("```")[0], "readme") for example in examples]
    assert all(scenario.steps for scenario in scenarios)
    assert any(scenario.socketio for scenario in scenarios)
