"""The frames table model: qtmodeltester through appends, hiding control frames, cap and clear."""

from __future__ import annotations

from typing import Any

from wsgui.core.connection.websocket.frame_messages import LogAnchor
from wsgui.core.model.frames import RawFrame
from wsgui.ui.log.frames_model import MESSAGE, OPCODE, WIRE, FramesModel


def raw(opcode: int, fin: bool = True, sent: bool = False) -> RawFrame:
    return (sent, opcode, fin, opcode == 1, b"hello", 1_700_000_000.0, 3)


def test_frames_model_passes_qtmodeltester_through_changes(qapp: Any, qtmodeltester: Any) -> None:
    model = FramesModel(max_frames=20)
    qtmodeltester.check(model, force_py=True)  # keeps checking every change below
    model.start_connection(LogAnchor(0, 0))
    for opcode in (1, 9, 10, 2, 8):
        model.append(raw(opcode))
    model.flush()
    assert [model.index(r, OPCODE).data() for r in range(5)] == [
        "TEXT",
        "PING",
        "PONG",
        "BINARY",
        "CLOSE",
    ]
    assert model.index(0, WIRE).data() == "3"
    model.set_hide_control(True)
    assert model.rowCount() == 2
    model.append(raw(9))
    model.append(raw(1))
    model.flush()
    assert [model.index(r, MESSAGE).data() for r in range(model.rowCount())] == ["#1", "#2", "#3"]
    model.set_hide_control(False)
    for _ in range(15):  # past the cap: the newest half stays, numbers kept
        model.append(raw(1))
    model.flush()
    assert model.rowCount() == 10
    assert model.index(9, MESSAGE).data() == "#18"
    model.clear()
    assert model.rowCount() == 0
    model.append(raw(1))
    model.flush()
    assert model.index(0, MESSAGE).data() == "#1"
    assert model.place(0).anchor == LogAnchor(0, 0)  # Clear empties the log too


def test_the_delegates_one_call_per_cell_says_what_the_roles_say(qapp: Any) -> None:
    from PySide6.QtCore import Qt

    from wsgui.ui.log.batched_model import CELL_ROLE

    model = FramesModel()
    model.start_connection(LogAnchor(0, 0))
    for opcode, fin in ((1, False), (9, True), (0, True), (8, True)):
        model.append(raw(opcode, fin=fin))
    model.flush()
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            text, color, right = index.data(CELL_ROLE)
            assert text == index.data()
            assert color == index.data(Qt.ItemDataRole.ForegroundRole)
            assert right == (index.data(Qt.ItemDataRole.TextAlignmentRole) is not None)
    assert model.index(2, MESSAGE).data() == "#1 part 2 (last)"


def test_record_into_journals_every_frame_flushed_until_stopped(qapp: Any) -> None:
    model = FramesModel(max_frames=4)
    journaled: list[RawFrame] = []
    model.append(raw(1))  # buffered before: shown, not journaled
    model.record_into(journaled.extend)
    assert model.rowCount() == 1 and journaled == []
    for opcode in (1, 9, 2, 1, 1):  # past the table's cap: every one journaled all the same
        model.append(raw(opcode))
    model.flush()
    assert [frame[1] for frame in journaled] == [1, 9, 2, 1, 1] and model.rowCount() <= 4
    model.append(raw(10))
    model.record_into(None)  # what was buffered goes to the journal first
    model.append(raw(8))
    model.flush()
    assert [frame[1] for frame in journaled] == [1, 9, 2, 1, 1, 10]
