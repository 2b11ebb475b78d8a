"""``wsgui run --junit``: the report is valid against a JUnit XSD of the format CI servers read
(tests/helpers/junit.xsd), holds one testsuite per file and one testcase per step, and a
FAIL's <failure> message is the FAIL line's reason."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import xmlschema

from wsgui.core.scenarios.command import main

SCHEMA = xmlschema.XMLSchema(Path(__file__).parents[2] / "helpers" / "junit.xsd")


def test_two_files_make_two_valid_testsuites_with_failures_errors_and_skips(
    echo_port: int, tmp_path: Path
) -> None:
    good = tmp_path / "a_good.toml"
    good.write_text(
        f'[connect]\nurl = "ws://127.0.0.1:{echo_port}/"\n'
        '[[step]]\nsend = "hi"\n[[step]]\nexpect = "hi"\n'
        '[[step]]\nname = "the pong"\nexpect = "pong"\nwithin = 0.2\n'
    )
    broken = tmp_path / "b_broken.toml"
    broken.write_text(
        f'[connect]\nurl = "ws://127.0.0.1:{echo_port}/"\n'
        '[[step]]\nsend = "ok"\n[[step]]\nsend = "{{nope}}"\n[[step]]\nwait = 0\n'
    )
    report = tmp_path / "out" / "junit.xml"
    out = io.StringIO()
    code = main([str(tmp_path), "--junit", str(report)], out)
    assert code == 2  # the variable error wins over the failed check
    SCHEMA.validate(str(report))  # raises with the first problem if it is not valid

    root = ET.parse(report).getroot()
    assert (root.tag, root.get("tests"), root.get("failures"), root.get("errors")) == (
        "testsuites",
        "7",
        "1",
        "1",
    )
    first, second = root.findall("testsuite")
    assert first.get("name") == "a_good" and first.get("tests") == "3"
    names = [case.get("name") for case in first.findall("testcase")]
    assert names == ["step 1: send", "step 2: expect", "the pong"]
    failure = first.find("testcase[@name='the pong']/failure")
    assert failure is not None
    line = next(line for line in out.getvalue().splitlines() if line.startswith("FAIL"))
    assert line.endswith(f"the pong: {failure.get('message')}")
    assert failure.get("message") == ("expected the text 'pong' within 0.2 s; got no message")
    assert (second.get("tests"), second.get("errors"), second.get("skipped")) == ("4", "1", "2")
    error = second.find("testcase[@name='run']/error")
    assert error is not None and "variable {{nope}} is not defined" in error.get("message", "")
    skipped = [
        case.get("name") for case in second.findall("testcase") if case.find("skipped") is not None
    ]
    assert skipped == ["step 2: send", "step 3: wait"]


def test_an_unwritable_junit_path_is_a_message_and_exit_2(echo_port: int, tmp_path: Path) -> None:
    good = tmp_path / "s.toml"
    good.write_text(f'[connect]\nurl = "ws://127.0.0.1:{echo_port}/"\n[[step]]\nsend = "x"\n')
    (tmp_path / "taken").write_text("a file, not a folder")
    out = io.StringIO()
    assert main([str(good), "--junit", str(tmp_path / "taken" / "j.xml")], out) == 2
    assert out.getvalue().splitlines()[-1].startswith(f"wsgui run: --junit {tmp_path}/taken/j.xml")


def test_junit_with_connections_is_refused_with_why(tmp_path: Path) -> None:
    out = io.StringIO()
    assert (
        main(["examples/echo.toml", "--connections", "2", "--junit", str(tmp_path / "j")], out) == 2
    )
    assert out.getvalue().startswith("wsgui run: --junit reports the steps of one connection")
    assert not (tmp_path / "j").exists()
