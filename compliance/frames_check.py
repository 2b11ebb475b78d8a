"""Is the Frames view exact? The frames the session captured in a case, against the frames
the suite says it sent ("TF") and received ("RF") in that case's report.

The suite logs each frame as opcode, FIN, the three RSV bits and the payload, shortened to
64 bytes and shown as text when it decodes as UTF-8, else as hex after "0x" (a long payload
made by repeating a pattern is logged as the pattern and the length). A captured frame is
put in the same form, so both compare with ==.

What the session shows must be what the suite sent, in order, frame for frame. It may show
fewer: nothing is read after a close frame is received, nor after the session fails the
connection (RFC 6455 7.1.7), so the suite's frames from then on never reach the Frames view.
"""

from __future__ import annotations

import binascii
import json
from pathlib import Path
from typing import Any

from wsgui.core.model.frames import RawFrame

__all__ = ["LoggedFrame", "captured", "check_case", "logged", "shown_like_the_suite"]

LoggedFrame = tuple[int, bool, int, int, str]  # opcode, FIN, RSV bits, length, payload as shown
_ELLIPSIS = b" ..."
CLOSE_OPCODE = 8


def _hex(data: bytes, limit: int = 64) -> str:
    if len(data) > limit - len(_ELLIPSIS):
        return binascii.hexlify(data[:limit]).decode("ascii") + _ELLIPSIS.decode()
    return binascii.hexlify(data).decode("ascii")


def shown_like_the_suite(data: bytes, limit: int = 64) -> str:
    """A payload as the suite's wirelog shows it (its ``asciiLogData``)."""
    shortened = data[:limit] + _ELLIPSIS if len(data) > limit - len(_ELLIPSIS) else data
    try:
        return shortened.decode("utf-8")
    except UnicodeDecodeError:
        return "0x" + _hex(data, limit)


def logged(report: dict[str, Any], kind: str) -> list[LoggedFrame]:
    """The frames of a case's report: "TF" those the suite sent, "RF" those it received."""
    frames = []
    for entry in report["wirelog"]:
        if entry[0] == kind:
            (length, shown), opcode, fin, rsv = entry[1], entry[2], entry[3], entry[4]
            repeated = entry[6] if kind == "TF" else None
            if repeated:
                length, shown = repeated, _repeated(str(shown), int(repeated))
            frames.append((int(opcode), bool(fin), int(rsv), int(length), str(shown)))
    return frames


def _repeated(shown: str, length: int) -> str:
    """How the suite would show ``length`` bytes of the pattern it logged as ``shown``."""
    if shown.endswith(_ELLIPSIS.decode()):
        raise ValueError(f"a repeated pattern logged shortened cannot be rebuilt: {shown!r}")
    pattern = bytes.fromhex(shown[2:]) if shown.startswith("0x") else shown.encode()
    return shown_like_the_suite((pattern * (length // len(pattern) + 1))[:length])


def captured(frames: list[RawFrame], *, sent: bool) -> list[LoggedFrame]:
    """The session's frames of one direction, in the suite's form."""
    return [
        (opcode, fin, 4 if rsv1 else 0, len(data), shown_like_the_suite(bytes(data)))
        for outgoing, opcode, fin, rsv1, data, _time, _wire in frames
        if outgoing is sent
    ]


def check_case(report: dict[str, Any], frames: list[RawFrame]) -> tuple[list[str], bool]:
    """What differs between the suite's log and the capture (nothing: an empty list), and
    whether the session showed every frame the suite sent (False: it stopped reading)."""
    problems = []
    sent_to_us, received = logged(report, "TF"), captured(frames, sent=False)
    complete = received == sent_to_us
    if not complete and (received != sent_to_us[: len(received)] or not _stopped(frames)):
        problems.append(_difference(report, "received", "TF", sent_to_us, received))
    sent_by_us, their_log = captured(frames, sent=True), logged(report, "RF")
    if sent_by_us != their_log:
        problems.append(_difference(report, "sent", "RF", their_log, sent_by_us))
    return problems, complete


def _stopped(frames: list[RawFrame]) -> bool:
    """Did the session stop reading: a close received, or a failure close (not 1000) sent?"""
    for outgoing, opcode, _fin, _rsv1, data, _time, _wire in frames:
        if opcode == CLOSE_OPCODE and (not outgoing or bytes(data[:2]) != b"\x03\xe8"):
            return True
    return False


def _difference(
    report: dict[str, Any], what: str, kind: str, theirs: list[LoggedFrame], mine: list[LoggedFrame]
) -> str:
    return (
        f"{report['id']}: frames {what} by the session differ from the suite's {kind} log: "
        + _first_difference(theirs, mine)
    )


def _first_difference(theirs: list[LoggedFrame], mine: list[LoggedFrame]) -> str:
    for index, (a, b) in enumerate(zip(theirs, mine, strict=False)):
        if a != b:
            return f"frame {index}: suite {a}, session {b}"
    return f"suite has {len(theirs)} frames, session {len(mine)}"


def load_report(folder: Path, report_file: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / report_file).read_text())
    return data
