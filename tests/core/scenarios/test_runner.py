"""Scenarios played against a real websockets server on 127.0.0.1: each step kind passes
where it should, fails with a reason that says what came instead, and a run that cannot
happen (a variable, the connection) says why."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.helpers.servers import ws_server
from wsgui.core.scenarios.runner import RunResult, run_scenario
from wsgui.core.scenarios.scenario import parse
from wsgui.core.scenarios.variables import Scope


def play(body: str, values: dict[str, str] | None = None, path: str = "/echo") -> RunResult:
    async def scenario() -> RunResult:
        async with ws_server() as base:
            text = f'[connect]\nurl = "{base}{{{{path}}}}"\n' + body
            scope = Scope.layered({"path": path, **(values or {})})
            return await run_scenario(parse(text, "t"), scope)

    return asyncio.run(asyncio.wait_for(scenario(), 30))


def reasons(result: RunResult) -> list[str]:
    return [step.reason for step in result.steps]


def test_send_expect_capture_and_reuse_pass_against_an_echo() -> None:
    result = play(
        '[[step]]\nsend = "hello {{name}}"\n'
        '[[step]]\nexpect = "hello {{name}}"\nwithin = 2\n'
        '[[step]]\nsend_json = { op = "auth", token = "t-{{$counter}}" }\n'
        '[[step]]\nexpect_json = { path = "$.op", equals = "auth" }\n'
        'capture = { tok = "$.token" }\n'
        '[[step]]\nsend = "again {{tok}}"\n'
        '[[step]]\nexpect_regex = "^again t-(\\\\d+)$"\n'
        '[[step]]\nsend_hex = "00 ff"\n'
        "[[step]]\nping = 2000\n"
        '[[step]]\nexpect_none = { regex = "error" }\nwithin = 0.2\n',
        {"name": "bob"},
    )
    assert result.error == ""
    assert reasons(result) == [""] * 9, reasons(result)
    assert result.failed == 0


def test_a_failed_expect_says_what_came_and_the_run_goes_on() -> None:
    result = play(
        '[[step]]\nsend = "one"\n'
        '[[step]]\nexpect = "two"\nwithin = 0.3\n'
        '[[step]]\nsend = "three"\n'
        '[[step]]\nexpect = "three"\n'
    )
    assert result.failed == 1
    assert (
        reasons(result)[1]
        == "expected the text 'two' within 0.3 s; got 'one' (the last one of 1 received)"
    )
    assert reasons(result)[3] == ""  # later steps still ran


def test_expect_close_and_expect_none_fail_with_what_happened() -> None:
    result = play(
        '[[step]]\nexpect_none = { regex = "bye" }\nwithin = 0.3\n[[step]]\nexpect_close = 1000\n',
        path="/close4000",
    )
    first, second = reasons(result)
    assert first == "1 matching message(s) arrived within 0.3 s"
    assert second.startswith("expected close 1000; ") and "4000" in second


def test_an_undefined_variable_or_a_refused_connection_stops_the_run_with_why() -> None:
    missing = play('[[step]]\nsend = "{{nobody}}"\n', path="/echo")
    assert missing.steps == []  # a variable without a value stops the run (exit code 2)
    assert missing.error.startswith("step 1: send: variable {{nobody}} is not defined")
    refused = play('[[step]]\nsend = "x"\n', path="/reject")
    assert refused.steps == [] and refused.error.startswith("Not connected to ")
    assert "401" in refused.error or "403" in refused.error

    async def no_server() -> Any:
        text = '[connect]\nurl = "ws://127.0.0.1:{{port}}/"\n'
        return await run_scenario(parse(text, "t"), Scope())

    result = asyncio.run(no_server())
    assert result.error.startswith("[connect] url: variable {{port}} is not defined")


CHECKED = (
    '[[step]]\nsend = "a"\n[[step]]\nexpect = "a"\n[[step]]\nsend = "b"\n[[step]]\nexpect = "b"\n'
)


def test_checks_pass_or_fail_with_what_was_measured() -> None:
    passing = play(CHECKED + "[checks]\nmax_latency_ms = 10000\nmessage_count = 2\n")
    assert [s.title for s in passing.steps[-2:]] == [
        "check: every latency ≤ 10000 ms",
        "check: 2 message(s) received",
    ]
    assert all(step.passed for step in passing.steps) and passing.received == 2
    failing = play(CHECKED + "[checks]\nmax_latency_ms = 0\nmessage_count = 3\n")
    latency, count = failing.steps[-2:]
    assert not latency.passed and latency.reason.startswith("step ")
    assert latency.reason.endswith(" ms (over 0 ms)") and " expect took " in latency.reason
    assert (count.passed, count.reason) == (False, "2 received, not 3")


def test_a_latency_check_without_an_answered_expect_fails_saying_so() -> None:
    result = play('[[step]]\nsend = "a"\n[checks]\nmax_latency_ms = 100\n')
    assert result.steps[-1].reason == "no expect answered a send, so there is no latency to check"
