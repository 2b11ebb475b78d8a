"""A stored session's frames read back by page (StoredFrames): the frames as captured, each
long payload's whole length, slices and iteration, a bounded cache of pages, and frames
whose session was deleted meanwhile."""

from __future__ import annotations

from pathlib import Path

import pytest

from wsgui.core.history.frame_pages import PAGE_FRAMES, StoredFrames
from wsgui.core.history.frames import FRAME_PREFIX
from wsgui.core.history.store import HistoryStore
from wsgui.core.model.frames import RawFrame


def flood(count: int) -> list[RawFrame]:
    """``count`` frames, received text "frame 0", "frame 1"…, every 7th a sent ping."""
    return [
        (True, 9, True, False, b"", float(i), 0)
        if i % 7 == 6
        else (False, 1, True, False, f"frame {i}".encode(), float(i), len(f"frame {i}"))
        for i in range(count)
    ]


def test_the_frames_come_back_by_page_as_captured(tmp_path: Path) -> None:
    count = PAGE_FRAMES * 5 + 17
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        session = store.begin_session("ws://127.0.0.1:1/")
        captured = flood(count)
        store.append(session, [], captured)
        frames = StoredFrames(store, session, count, cached_pages=2)
        assert len(frames) == count and frames.reads == 0  # nothing read until asked
        assert frames[0] == captured[0] and frames[-1] == captured[-1]
        assert frames.reads == 2  # the first page and the last
        assert frames[PAGE_FRAMES + 3] == captured[PAGE_FRAMES + 3]
        assert frames[PAGE_FRAMES + 4] == captured[PAGE_FRAMES + 4]
        assert frames.reads == 3  # the same page: read once
        assert (
            frames[PAGE_FRAMES - 2 : PAGE_FRAMES + 2] == captured[PAGE_FRAMES - 2 : PAGE_FRAMES + 2]
        )
        assert frames[5:30:5] == captured[5:30:5]
        assert list(frames) == captured
        assert frames.length(3) == len(b"frame 3")
        for page in range(5):  # every page once: two stay cached
            frames[page * PAGE_FRAMES]
        assert len(frames._pages) == 2
        with pytest.raises(IndexError):
            frames[count]


def test_a_long_payload_keeps_its_whole_length(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        session = store.begin_session("ws://127.0.0.1:1/")
        store.append(session, [], [(True, 2, True, False, bytes(10_000), 1.0, 10_000)])
        frames = StoredFrames(store, session, 1)
        assert len(frames[0][4]) == FRAME_PREFIX and frames.length(0) == 10_000


def test_frames_of_a_deleted_session_read_as_gone(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        session = store.begin_session("ws://127.0.0.1:1/")
        store.append(session, [], flood(10))
        frames = StoredFrames(store, session, 10)
        store.delete(session)
        assert bytes(frames[4][4]) == b"(this frame is no longer in the history store)"
        assert [bytes(f[4]) for f in frames[8:10]] == [frames[4][4]] * 2


def test_the_heads_are_the_frames_direction_opcode_and_fin(tmp_path: Path) -> None:
    count = PAGE_FRAMES * 2 + 5
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        session = store.begin_session("ws://127.0.0.1:1/")
        captured = [*flood(count), (True, 2, False, False, b"ab", 1.0, 2)]
        store.append(session, [], captured)
        heads = StoredFrames(store, session, len(captured)).heads
        wanted = [(f[0], f[1], f[2], False, b"", 0.0, 0) for f in captured]
        assert heads[PAGE_FRAMES + 7] == wanted[PAGE_FRAMES + 7]
        assert heads[PAGE_FRAMES - 3 : PAGE_FRAMES + 3] == wanted[PAGE_FRAMES - 3 : PAGE_FRAMES + 3]
        assert heads[-1] == (True, 2, False, False, b"", 0.0, 0)
        assert list(heads) == wanted and len(heads) == len(captured)
        store.delete(session)
        assert bytes(heads[3][4]).startswith(b"(this frame is no longer")
