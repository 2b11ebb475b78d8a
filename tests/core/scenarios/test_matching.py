"""Matching received messages to expect steps, captures, and the FAIL reason's text."""

from __future__ import annotations

import pytest

from wsgui.core.scenarios.matching import capture_source, captured, matches, missed, same_json
from wsgui.core.scenarios.scenario import ScenarioError, parse
from wsgui.core.scenarios.variables import Scope


def steps(body: str) -> list:  # type: ignore[type-arg]
    return list(parse('[connect]\nurl = "ws://h/"\n' + body, "t").steps)


def test_each_expectation_matches_what_it_says_and_nothing_else() -> None:
    scope = Scope.layered({"name": "bob"})
    exact, regex, json_eq, none = steps(
        '[[step]]\nexpect = "hello {{name}}"\n'
        '[[step]]\nexpect_regex = "^hello (\\\\w+)$"\n'
        '[[step]]\nexpect_json = { path = "$.user.name", equals = "{{name}}" }\n'
        '[[step]]\nexpect_none = { regex = "error" }\n'
    )
    assert matches(exact, "hello bob", scope)
    assert not matches(exact, "hello bobby", scope) and not matches(exact, b"hello bob", scope)
    assert matches(regex, "hello alice", scope) and not matches(regex, "hello, alice", scope)
    assert matches(json_eq, '{"user": {"name": "bob"}}', scope)
    assert not matches(json_eq, '{"user": {"name": "eve"}}', scope)
    assert not matches(json_eq, "not json", scope) and not matches(json_eq, b"\x00", scope)
    assert matches(none, "an error happened", scope)


def test_captures_take_a_json_value_or_a_regex_group() -> None:
    (step,) = steps(
        '[[step]]\nexpect_regex = "."\ncapture = { token = "$.token", n = "n=(\\\\d+)" }'
    )
    assert captured(step.captures, '{"token": "t0k", "x": "n=42"}', "step 1") == {
        "token": "t0k",
        "n": "42",
    }
    (numbers,) = steps('[[step]]\nexpect_regex = "."\ncapture = { id = "$.id" }')
    assert captured(numbers.captures, '{"id": 7}', "step 1") == {"id": "7"}  # as JSON text
    with pytest.raises(ScenarioError, match=r"step 1: capture id: \$\.id is not in '\{\}'"):
        captured(numbers.captures, "{}", "step 1")


def test_a_missed_expectation_says_what_was_awaited_and_what_came() -> None:
    scope = Scope.layered({"token": "s3cr3t"}, secrets={"token"})
    (step,) = steps('[[step]]\nexpect = "ok {{token}}"')
    recent: list[str | bytes] = ["one", "two", b"\x01\x02", "four"]
    assert missed(step, scope, recent, 2.0) == (
        "expected the text 'ok ••••••' within 2 s; got 'two', '01 02', 'four' "
        "(the last 3 of 4 received)"
    )
    assert missed(step, scope, [], 0.5) == (
        "expected the text 'ok ••••••' within 0.5 s; got no message"
    )


def test_an_event_matches_by_name_and_exact_arguments() -> None:
    scope = Scope.layered({"room": "lobby"})
    any_args, exact = steps(
        '[[step]]\nexpect_event = "joined"\n'
        '[[step]]\nexpect_event = "joined"\nargs = [{ room = "{{room}}" }, 2]\n'
        'capture = { r = "$[0].room" }\n'
    )
    event = '["joined", {"room": "lobby"}, 2]'
    assert matches(any_args, event, scope) and matches(exact, event, scope)
    assert matches(any_args, '["joined"]', scope) and not matches(exact, '["joined"]', scope)
    assert not matches(exact, '["joined", {"room": "lobby"}, 2, 3]', scope)
    assert not matches(exact, '["left", {"room": "lobby"}, 2]', scope)
    assert not matches(any_args, '{"joined": 1}', scope) and not matches(any_args, "joined", scope)
    assert captured(exact.captures, capture_source(exact, event), "s") == {"r": "lobby"}
    assert 'with args [{"room": "lobby"}, 2] within 1 s' in missed(exact, scope, [], 1)


def test_json_equality_tells_booleans_from_numbers() -> None:
    assert same_json([1, {"a": [2.0, None]}], [1.0, {"a": [2, None]}])
    assert not same_json([True], [1]) and not same_json(0, False) and not same_json("1", 1)
    assert not same_json({"a": 1}, {"a": 1, "b": 2}) and not same_json([1], [1, 1])


def test_expect_hex_matches_those_bytes_and_no_text() -> None:
    (step,) = steps('[[step]]\nexpect_hex = "de ad {{tail}}"')
    scope = Scope.layered({"tail": "00"})
    assert matches(step, b"\xde\xad\x00", scope)
    assert not matches(step, b"\xde\xad", scope) and not matches(step, "\xde\xad\x00", scope)
    assert missed(step, scope, [], 1) == "expected the bytes 'de ad 00' within 1 s; got no message"


def test_expect_json_with_a_list_of_checks_needs_all_of_them_in_one_message() -> None:
    (step,) = steps(
        '[[step]]\nexpect_json = [{ path = "$.op", equals = "joined" }, '
        '{ path = "$.n", equals = 2 }]'
    )
    scope = Scope()
    assert matches(step, '{"op": "joined", "n": 2, "id": "x1"}', scope)
    assert not matches(step, '{"op": "joined", "n": 3}', scope)
    assert not matches(step, '{"n": 2}', scope)


def test_a_missed_json_expectation_says_which_fields_of_the_closest_message_differ() -> None:
    (step,) = steps(
        '[[step]]\nexpect_json = [{ path = "$.op", equals = "joined" }, '
        '{ path = "$.room", equals = "lobby" }, { path = "$.ok", equals = true }]'
    )
    recent: list[str | bytes] = ['{"op": "left"}', '{"op": "joined", "room": "hall"}', "bye"]
    assert missed(step, Scope(), recent, 1) == (
        'expected JSON with $.op == "joined" and $.room == "lobby" and $.ok == true within 1 s; '
        'got \'{"op": "left"}\', \'{"op": "joined", "room": "hall"}\', \'bye\' '
        "(the last 3 of 3 received); the closest (message 2 of 3) differs: "
        '$.room is "hall", not "lobby"; $.ok is missing (expected true)'
    )


def test_a_missed_text_says_where_the_closest_one_differs_but_never_near_a_secret() -> None:
    (step,) = steps('[[step]]\nexpect = "hello {{who}}, welcome to the lobby"')
    scope = Scope.layered({"who": "bob"})
    recent: list[str | bytes] = ["hello bob, welcome to the hall", "unrelated", b"hello"]
    assert missed(step, scope, recent, 1).endswith(
        "(the last 3 of 3 received); the closest (message 1 of 3) differs at character 27 "
        "(after 'me to the '): expected 'lobby', got 'hall'"
    )
    older = missed(step, scope, [recent[0], "a", "b", "c"], 1)
    assert older.endswith(
        "(the last 3 of 4 received); the closest, 'hello bob, welcome to the hall' (message 1 "
        "of 4), differs at character 27 (after 'me to the '): expected 'lobby', got 'hall'"
    )
    assert missed(step, scope, ["hello bob, welcome"], 1).endswith(
        "received); it differs at character 19 (after 'b, welcome'): "
        "expected ' to the lobby', got the end"
    )
    secret = Scope.layered({"who": "bob"}, secrets={"who"})
    assert "differs" not in missed(step, secret, recent, 1)  # no hint at the secret's letters
    (short,) = steps('[[step]]\nexpect = "pong"')
    assert "differs" not in missed(short, scope, ["ping"], 1)  # one letter in common: no help
    (blob,) = steps('[[step]]\nexpect_hex = "01 02 03 04 05"')
    assert missed(blob, scope, [b"\x01\x02\x03\x04\xff"], 1).endswith(
        "differs at byte 5 (after '01 02 03 04'): expected '05', got 'ff'"
    )
