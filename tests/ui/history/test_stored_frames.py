"""The Frames view of a session opened from History: the live table's model over frames read
from a real store by page (qtmodeltester), numbered as the live table numbers them, Length
the whole payload's, Hide control frames; a session without frames gets no Frames view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wsgui.core.history.frame_pages import PAGE_FRAMES, StoredFrames
from wsgui.core.history.store import HistoryStore
from wsgui.core.model.entries import Direction, message_entry
from wsgui.core.model.frames import RawFrame
from wsgui.ui.history.stored_frames import StoredFramesModel
from wsgui.ui.log.frames_model import LENGTH, MESSAGE, OPCODE, PAYLOAD, FramesModel
from wsgui.ui.log.imported_log import ImportedLog
from wsgui.ui.window.history_dock import add_stored_frames


def captured(count: int) -> list[RawFrame]:
    """Received text frames "frame 0"…, every 5th a ping, and a fragmented one at the end."""
    frames: list[RawFrame] = [
        (False, 9, True, False, b"", float(i), 0)
        if i % 5 == 4
        else (False, 1, True, False, f"frame {i}".encode(), float(i), 9)
        for i in range(count)
    ]
    frames += [
        (True, 1, False, False, b"x" * 5000, 1.0, 5000),  # long: stored as its start
        (True, 0, True, False, b"end", 1.0, 3),
    ]
    return frames


def cells(model: FramesModel, row: int) -> list[str]:
    return [model.index(row, column).data() for column in range(model.columnCount())]


def test_the_stored_model_shows_what_the_live_one_shows(qapp: Any, tmp_path: Path) -> None:
    frames = captured(PAGE_FRAMES * 3)
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        session = store.begin_session("ws://127.0.0.1:1/")
        store.append(session, [], frames)
        stored = StoredFramesModel(StoredFrames(store, session, len(frames), cached_pages=2))
        live = FramesModel()
        for frame in frames:
            live.append(frame)
        live.flush()
        assert stored.rowCount() == live.rowCount() == len(frames)
        last = len(frames) - 1
        assert cells(stored, last - 1)[MESSAGE] == "#1 part 1"  # the last page first
        for row in (0, 4, PAGE_FRAMES + 1, last):
            assert cells(stored, row) == cells(live, row)
        assert cells(stored, last - 1)[LENGTH] == "5,000"  # its whole length
        assert cells(stored, last - 1)[PAYLOAD] == cells(live, last - 1)[PAYLOAD]
        assert cells(stored, last - 2)[MESSAGE] == f"#{len(frames) - 2 - PAGE_FRAMES * 3 // 5}"
        stored.set_hide_control(True)
        live.set_hide_control(True)
        assert stored.rowCount() == live.rowCount()
        assert {stored.index(r, OPCODE).data() for r in range(stored.rowCount())} == {
            "TEXT",
            "CONT",
        }


def test_a_session_without_frames_gets_no_frames_view(
    qapp: Any, qtmodeltester: Any, tmp_path: Path
) -> None:
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        session = store.begin_session("ws://127.0.0.1:1/")
        store.append(session, [message_entry(Direction.SENT, "hi")])
        log = ImportedLog("a session", store.entries(session))
        assert add_stored_frames(log, store, store.session(session)) is None
        assert log.views is None and log.view.parent() is log
        store.append(session, [], captured(5))
        view = add_stored_frames(log, store, store.session(session))
        assert view is not None and log.views is not None
        assert [log.views.tabText(i) for i in range(log.views.count())] == [
            "Messages",
            "Frames (7)",
        ]
        assert view.objectName() == "importedFrames" and view.model.rowCount() == 7
        assert not view.capture.isVisibleTo(log)
        qtmodeltester.check(view.model, force_py=True)  # through Hide control frames
        view.hide_control.setChecked(True)
        assert view.model.rowCount() == 6
