"""Environments and secret variables, as ``wsgui run --env`` uses them against the built-in
echo server (a child process): defaults, a scenario's [env.NAME] over environments.toml,
--var over both, secrets from the process environment and from a real (file) keyring, masked
in what is printed, and each mistake's message."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from wsgui.core.model.secrets import KeyringSecrets
from wsgui.core.scenarios.command import main
from wsgui.core.scenarios.environments import (
    Environment,
    EnvironmentsError,
    environment_scope,
    parse_environment,
)
from wsgui.core.scenarios.variables import MASK, UndefinedVariableError


def scenario(folder: Path, port: int, body: str, name: str = "s.toml") -> Path:
    path = folder / name
    path.write_text(f'[connect]\nurl = "ws://127.0.0.1:{port}/{{{{path}}}}"\n{body}')
    return path


def run(*args: str | Path) -> tuple[int, str]:
    out = io.StringIO()
    code = main([str(arg) for arg in args], out)
    return code, out.getvalue()


ECHO_WHO = '[[step]]\nsend = "{{who}} {{token}}"\n[[step]]\nexpect = "{{who}} {{token}}"\n'


def test_env_picks_the_scenarios_table_over_environments_toml_and_var_wins(
    echo_port: int, tmp_path: Path
) -> None:
    """What was sent shows in the FAIL line of an expectation that cannot match."""
    (tmp_path / "environments.toml").write_text(
        '[local]\nwho = "folder"\ntoken = "t1"\npath = "p"\n[staging]\nwho = "stage"\n'
    )
    body = '[variables]\nwho = "default"\ntoken = "t0"\npath = "d"\n[env.local]\nwho = "own"\n'
    body += '[[step]]\nsend = "{{who}}/{{token}}/{{path}}"\n[[step]]\nexpect = "x"\nwithin = 0.3\n'
    path = scenario(tmp_path, echo_port, body)
    sent = {
        (): "default/t0/d",
        ("--env", "local"): "own/t1/p",
        ("--env", "staging"): "stage/t0/d",
        ("--env", "local", "--var", "token=cli"): "own/cli/p",
    }
    for args, text in sent.items():
        code, out = run(path, *args, "--quiet")
        assert code == 1 and f"got '{text}'" in out, (args, out)


def test_an_unknown_environment_names_the_ones_there_are(echo_port: int, tmp_path: Path) -> None:
    (tmp_path / "environments.toml").write_text('[local]\nwho = "a"\n')
    path = scenario(tmp_path, echo_port, '[env.staging]\nwho = "b"\n' + ECHO_WHO)
    code, out = run(path, "--env", "prod")
    assert code == 2
    assert out.startswith("wsgui run: --env prod: s has no environment 'prod' (there are: ")
    assert "local, staging" in out and "Traceback" not in out


def test_a_secret_from_the_environment_is_used_and_masked(
    echo_port: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WSGUI_TEST_TOKEN", "s3cr3t-value")
    body = '[env.ci]\nwho = "me"\npath = "x"\ntoken = "${WSGUI_TEST_TOKEN}"\n' + ECHO_WHO
    body += '[[step]]\nexpect = "{{token}} never"\nwithin = 0.3\n'
    code, out = run(scenario(tmp_path, echo_port, body), "--env", "ci")
    assert code == 1  # the two echo steps passed: the secret went on the wire
    assert out.count("PASS") == 2
    assert f"expected the text '{MASK} never'" in out


def test_a_secret_not_set_is_undefined_with_where_it_comes_from(
    echo_port: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WSGUI_NOT_SET", raising=False)
    body = '[env.ci]\nwho = "me"\npath = "x"\ntoken = { env = "WSGUI_NOT_SET" }\n' + ECHO_WHO
    code, out = run(scenario(tmp_path, echo_port, body), "--env", "ci")
    assert code == 2
    assert (
        "step 1: send: variable {{token}} is not defined: its value comes from the "
        "environment variable WSGUI_NOT_SET, not set (or give it with --var token=VALUE)"
    ) in out


@pytest.fixture
def file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[KeyringSecrets]:
    """A real keyring backend (keyrings.alt's plain file) in a temporary folder."""
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")  # type: ignore[misc]
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield KeyringSecrets()
    finally:
        keyring.set_keyring(previous)


def test_a_secret_from_the_keyring_is_used_and_a_missing_entry_says_so(
    echo_port: int, tmp_path: Path, file_keyring: KeyringSecrets
) -> None:
    file_keyring.set("ci-token", "from-keyring")
    body = '[env.ci]\nwho = "me"\npath = "x"\ntoken = { keyring = "ci-token" }\n' + ECHO_WHO
    out = io.StringIO()
    assert main([str(scenario(tmp_path, echo_port, body)), "--env", "ci"], out, file_keyring) == 0
    missing = body.replace('"ci-token"', '"absent"')
    out = io.StringIO()
    code = main([str(scenario(tmp_path, echo_port, missing)), "--env", "ci"], out, file_keyring)
    assert code == 2
    assert "its value comes from the keyring entry absent, which is not there (the OS keyring" in (
        out.getvalue()
    )


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"token": {"value": "x"}}, 'e: token: a secret is { env = "VARIABLE" } or { keyring'),
        ({"token": True}, "e: token: write a string"),
        ({"token": {"env": ""}}, "e: token: a secret is"),
    ],
)
def test_a_bad_environment_value_names_the_variable(table: object, message: str) -> None:
    with pytest.raises(EnvironmentsError) as caught:
        parse_environment("local", table, "e")
    assert str(caught.value).startswith(message)


def test_a_bad_environments_file_stops_before_connecting(echo_port: int, tmp_path: Path) -> None:
    (tmp_path / "environments.toml").write_text("[local\n")
    code, out = run(scenario(tmp_path, echo_port, ECHO_WHO), "--env", "local")
    assert code == 2 and "environments.toml: not TOML" in out


def test_layers_and_var_clear_an_unavailable_secret() -> None:
    base = Environment("variables", {"a": "1", "b": "1"})
    env = parse_environment("ci", {"b": "2", "s": "${WSGUI_SURELY_UNSET_42}"}, "e")
    scope = environment_scope([base, env], {}, None, environ={})
    assert scope.resolve("{{a}}{{b}}", "x") == "12"
    with pytest.raises(UndefinedVariableError):
        scope.resolve("{{s}}", "x")
    scope = environment_scope([base, env], {"s": "given"}, None, environ={})
    assert scope.resolve("{{s}}", "x") == "given" and "s" not in scope.secrets
