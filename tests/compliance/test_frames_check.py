"""The frames check on per-case reports the suite wrote here (trimmed to their wirelog): the
session's capture must equal the suite's log, frame for frame, in both directions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from compliance.frames_check import check_case, logged, shown_like_the_suite
from wsgui.core.model.frames import RawFrame

FIXTURES = Path(__file__).with_name("fixtures")
TEXT, CONT, CLOSE, PING, PONG = 1, 0, 8, 9, 10
CLOSE_1000 = b"\x03\xe8"


def report(case: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"case_{case}.json").read_text())
    return data


def frame(sent: bool, opcode: int, data: bytes, fin: bool = True) -> RawFrame:
    return (sent, opcode, fin, False, data, 0.0, len(data))


# 5.6: a text message in 2 fragments with a ping between them, as the session captures it.
CASE_5_6 = [
    frame(False, TEXT, b"fragment1", fin=False),
    frame(False, PING, b"ping payload"),
    frame(True, PONG, b"ping payload"),
    frame(False, CONT, b"fragment2"),
    frame(True, TEXT, b"fragment1fragment2"),
    frame(False, CLOSE, CLOSE_1000),
    frame(True, CLOSE, CLOSE_1000),
]


def test_an_exact_capture_matches_in_both_directions() -> None:
    assert check_case(report("5_6"), CASE_5_6) == ([], True)


@pytest.mark.parametrize(
    ("index", "changed"),
    [
        (0, frame(False, TEXT, b"fragment1", fin=True)),  # FIN wrong
        (3, frame(False, CONT, b"fragment3")),  # payload wrong
        (1, frame(False, PONG, b"ping payload")),  # opcode wrong
        (4, frame(True, TEXT, b"fragment1fragment2!")),  # what we sent is wrong
    ],
)
def test_any_difference_is_reported(index: int, changed: RawFrame) -> None:
    frames = list(CASE_5_6)
    frames[index] = changed
    problems, _ = check_case(report("5_6"), frames)
    assert len(problems) == 1
    assert problems[0].startswith("5.6: frames ")


def test_a_missing_frame_without_a_close_is_a_difference() -> None:
    frames = [f for f in CASE_5_6 if f[1] != PING and f[1] != PONG]
    problems, _ = check_case(report("5_6"), frames)
    assert "frame 1: suite (9, True, 0, 12, 'ping payload'), session (0, True, 0, 9," in problems[0]


def test_nothing_is_read_after_the_session_fails_the_connection() -> None:
    """2.5: a ping with a 126-byte payload is refused unparsed (1002), and the suite's close
    that follows is never read: the capture is exact but not complete."""
    sent_close = b"\x03\xeacontrol frame too long"
    assert check_case(report("2_5"), [frame(True, CLOSE, sent_close)]) == ([], False)
    problems, _ = check_case(report("2_5"), [])  # no close sent: nothing explains the gap
    assert problems == [
        "2.5: frames received by the session differ from the suite's TF log: "
        "suite has 2 frames, session 0",
        "2.5: frames sent by the session differ from the suite's RF log: "
        "suite has 1 frames, session 0",
    ]


def test_a_repeated_payload_is_rebuilt_from_its_pattern() -> None:
    """7.1.6: 256 KiB logged as the pattern 'BAsd7&jh23' and a length; then nothing after
    the close is read (the ping)."""
    (first, *_rest) = logged(report("7_1_6"), "TF")
    assert first == (TEXT, True, 0, 262144, "BAsd7&jh23BAsd7&jh23BAsd7&jh23BAsd7&jh23BAsd7&"
                     "jh23BAsd7&jh23BAsd ...")  # fmt: skip
    capture = [
        frame(False, TEXT, (b"BAsd7&jh23" * 26215)[:262144]),
        frame(False, TEXT, b"Hello World!"),
        frame(False, CLOSE, CLOSE_1000),
        frame(True, CLOSE, CLOSE_1000),
    ]
    assert check_case(report("7_1_6"), capture) == ([], False)
    capture[0] = frame(False, TEXT, b"x" * 262144)
    assert check_case(report("7_1_6"), capture)[0]


@pytest.mark.parametrize(
    ("payload", "shown"),
    [
        (b"", ""),
        (b"Hello", "Hello"),
        (b"\x03\xe8", "0x03e8"),
        ("κόσμε".encode(), "κόσμε"),
        (b"*" * 60, "*" * 60),
        (b"*" * 61, "*" * 61 + " ..."),
        (b"*" * 65535, "*" * 64 + " ..."),
        (b"\xfe" * 126, "0x" + "fe" * 64 + " ..."),
        # cut inside a 2-byte character: not UTF-8 any more, so hex
        (b"a" * 63 + "é".encode(), "0x" + "61" * 63 + "c3 ..."),
    ],
)
def test_payloads_are_shown_as_the_suite_shows_them(payload: bytes, shown: str) -> None:
    assert shown_like_the_suite(payload) == shown
