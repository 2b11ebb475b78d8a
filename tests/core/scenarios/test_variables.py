"""{{name}} variables and the dynamic values: what is sent, what is shown, and the message
for a variable without a value."""

from __future__ import annotations

import random
import re
import time
import uuid

import pytest

from wsgui.core.model.options import OptionsError
from wsgui.core.scenarios.variables import DYNAMIC, MASK, Scope, UndefinedVariableError, names_in


def test_later_layers_win_and_captures_join_in() -> None:
    scope = Scope.layered({"host": "staging", "port": "80"}, {"port": "9000"})
    assert scope.resolve("ws://{{host}}:{{ port }}/", "URL") == "ws://staging:9000/"
    scope.set("token", "abc")
    assert scope.resolve('{"auth": "{{token}}"}', "Step 2 send") == '{"auth": "abc"}'


def test_an_undefined_variable_names_itself_and_where_it_is() -> None:
    scope = Scope.layered({"host": "h"})
    with pytest.raises(UndefinedVariableError) as raised:
        scope.resolve("ws://{{host}}:{{port}}/", "URL")
    assert str(raised.value) == (
        "URL: variable {{port}} is not defined "
        "(add it to the environment, or give it with --var port=VALUE)"
    )
    assert raised.value.name == "port" and isinstance(raised.value, OptionsError)


def test_secrets_go_on_the_wire_and_are_masked_on_screen() -> None:
    scope = Scope.layered({"token": "s3cr3t"}, secrets={"token"})
    assert scope.resolve("Bearer {{token}}", "Header Authorization") == "Bearer s3cr3t"
    assert scope.shown("Bearer {{token}}", "Header Authorization") == f"Bearer {MASK}"
    assert scope.shown("{{missing}}", "URL") == "{{missing}}"  # the error says it, not this


def test_text_without_variables_and_lookalikes_are_left_alone() -> None:
    scope = Scope()
    for text in ("plain", "{ {x} }", "{{}}", "{{ two words }}", '{"a": {"b": 1}}', "${ENV}"):
        assert scope.resolve(text, "Message") == text
    assert names_in("{{a}} {{ b }} {{a}} {{$uuid}}") == ["a", "b", "$uuid"]


def test_dynamic_values_are_fresh_at_each_use() -> None:
    scope = Scope(rng=random.Random(7))
    first, second = (scope.resolve("{{$uuid}}", "Message") for _ in range(2))
    assert first != second and uuid.UUID(first).version == 4
    assert scope.resolve("{{$counter}},{{$counter}}", "Message") == "1,2"
    assert abs(int(scope.resolve("{{$timestamp}}", "Message")) - time.time()) < 5
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", scope.resolve("{{$isoTimestamp}}", "M")
    )
    assert all(0 <= int(scope.resolve("{{$randomInt}}", "M")) <= 1000 for _ in range(50))
    with pytest.raises(OptionsError, match=r"Message: \{\{\$uid\}\} is not a dynamic value"):
        scope.resolve("{{$uid}}", "Message")
    assert set(DYNAMIC) == {
        "$uuid",
        "$timestamp",
        "$isoTimestamp",
        "$randomInt",
        "$counter",
        "$openBraces",
    }


def test_open_braces_writes_a_literal_pair_that_is_not_read_again() -> None:
    scope = Scope()
    assert scope.resolve("a {{$openBraces}}name}} b", "Message") == "a {{name}} b"
    assert scope.resolve("{{$openBraces}}{{$openBraces}}", "Message") == "{{{{"
