"""``wsgui run`` as a user runs it: a child process with no display and no Qt settings,
against the built-in echo server in another process; its lines and its exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[3]


def write(folder: Path, text: str) -> Path:
    path = folder / "scenario.toml"
    path.write_text(text)
    return path


def wsgui_run(*args: str, data: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    if data is not None:
        env["WSGUI_DATA_DIR"] = str(data)
    return subprocess.run(
        [sys.executable, "-m", "wsgui", "run", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=ROOT,
    )


def test_the_example_passes_with_no_setup(tmp_path: Path) -> None:
    """The example's URL is the built-in echo server's: wsgui run starts it itself. (If
    port 1740 is taken, by a wsgui window say, that program answers; it echoes too.)"""
    done = wsgui_run("examples/echo.toml")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "== echo" and lines[-1] == "7 passed, 0 failed"
    assert all(line.startswith("PASS ") for line in lines[1:-1])
    assert done.stderr == ""


def test_a_failed_check_exits_1_with_its_reason(echo_port: int, tmp_path: Path) -> None:
    path = tmp_path / "fails.toml"
    path.write_text(
        f'[connect]\nurl = "ws://127.0.0.1:{echo_port}/"\n'
        '[[step]]\nsend = "ping"\n[[step]]\nexpect = "pong"\nwithin = 0.3\n'
    )
    done = wsgui_run(str(path), "--quiet")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        done.stdout.splitlines()[0],
        "1 passed, 1 failed",
    ]
    fail = done.stdout.splitlines()[0]
    assert fail.startswith("FAIL ") and fail.endswith(
        "step 2: expect: expected the text 'pong' within 0.3 s; got 'ping' "
        "(the last one of 1 received)"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["UNDEFINED"], "step 1: send: variable {{name}} is not defined"),
        (["no/such.toml"], "wsgui run: no/such.toml: cannot be read"),
        (["examples/echo.toml", "--var", "name"], "--var 'name': write NAME=VALUE"),
        (["UNREACHABLE"], "Not connected to ws://127.0.0.1:1/: Connection refused"),
    ],
)
def test_a_file_variable_or_connection_problem_exits_2_with_a_message(
    args: list[str], message: str, tmp_path: Path
) -> None:
    if args == ["UNDEFINED"]:
        args = [
            str(
                write(
                    tmp_path,
                    '[connect]\nurl = "ws://127.0.0.1:1740/"\n[[step]]\nsend = "{{name}}"\n',
                )
            )
        ]
    if args == ["UNREACHABLE"]:
        args = [
            str(write(tmp_path, '[connect]\nurl = "ws://127.0.0.1:1/"\n[[step]]\nsend = "x"\n'))
        ]
    done = wsgui_run(*args)
    assert done.returncode == 2
    assert message in done.stdout and "Traceback" not in done.stdout + done.stderr


def test_the_examples_folder_passes_with_its_environments(tmp_path: Path) -> None:
    """environments.toml beside the examples is not a scenario: it gives --env its values."""
    done = wsgui_run("examples/", "--env", "local", "--junit", str(tmp_path / "r.xml"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].endswith(" passed, 0 failed")
    suites = (tmp_path / "r.xml").read_text().count("<testsuite ")
    assert suites == len([p for p in (ROOT / "examples").glob("*.toml")]) - 1


def test_a_run_is_kept_in_the_history_unless_asked_not_to(tmp_path: Path) -> None:
    from wsgui.core.history.store import HistoryStore

    assert wsgui_run("examples/echo.toml", data=tmp_path).returncode == 0
    assert wsgui_run("examples/echo.toml", "--no-history", data=tmp_path).returncode == 0
    with HistoryStore(tmp_path / "history.sqlite3") as store:
        (info,) = store.sessions()
        kept = [e.payload for e in store.entries(info.id) if e.is_message]
    assert (info.profile, info.state, info.close_code) == ("wsgui run echo", "closed", 1000)
    assert kept[:2] == ["hello world", "hello world"]  # sent, then its echo


def test_a_profile_not_kept_in_history_is_not_journaled_by_wsgui_run(
    echo_port: int, tmp_path: Path
) -> None:
    """A profile with Keep in history unchecked exports as ``journal = false`` in [connect]
    (and opens back as such); wsgui run then keeps that file's run out of the history."""
    from wsgui.core.history.store import HistoryStore
    from wsgui.core.model.options import ConnectOptions
    from wsgui.core.profiles.profile import Profile
    from wsgui.core.scenarios.profile_scenario import profile_to_scenario, scenario_to_profile
    from wsgui.core.scenarios.scenario import parse

    folder = tmp_path / "scenarios"
    folder.mkdir()
    steps = '\n[[step]]\nsend = "hush"\n[[step]]\nexpect = "hush"\n'
    for name, kept in (("Quiet", False), ("Loud", True)):
        options = ConnectOptions(url=f"ws://127.0.0.1:{echo_port}/", journal=kept)
        text = profile_to_scenario(Profile(name, options))
        assert ("journal = false" in text) is not kept and "not in a scenario" not in text
        assert scenario_to_profile(parse(text, name)).options.journal is kept
        (folder / f"{name.lower()}.toml").write_text(text + steps)
    done = wsgui_run(str(folder), data=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    with HistoryStore(tmp_path / "history.sqlite3") as store:
        assert [info.profile for info in store.sessions()] == ["wsgui run Loud"]


def test_a_connect_journal_that_is_not_true_or_false_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, '[connect]\nurl = "ws://127.0.0.1:1/"\njournal = "no"\n')
    done = wsgui_run(str(path))
    assert done.returncode == 2
    assert "[connect] journal takes true or false, not 'no'" in done.stdout
