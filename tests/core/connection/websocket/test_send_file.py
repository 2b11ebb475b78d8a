"""Sending files as one binary message: intact (checked on the server), in frames of 1 MiB,
progress, cancel."""

from __future__ import annotations

import asyncio
import hashlib
import itertools
from pathlib import Path
from typing import Any

from tests.core.connection.websocket.test_session import open_session, run, wait_until_received
from tests.helpers.raw_servers import raw_server, stops_reading_after_hello
from tests.helpers.servers import ws_server
from tests.helpers.sinks import RecordingSink
from wsgui.core.connection.progress_send import FRAME_BYTES, MAX_FRAMES, frame_plan
from wsgui.core.model.entries import Direction, Kind, ReadyState
from wsgui.core.model.frames import FrameRecord

MiB = 2**20


def sent_data_frames(sink: RecordingSink) -> list[FrameRecord]:
    return [f for f in sink.frames if f.sent and f.is_data]


def test_files_arrive_intact_with_progress(tmp_path: Path) -> None:
    every_byte = tmp_path / "bytes.bin"
    every_byte.write_bytes(bytes(range(256)))
    big = tmp_path / "big.bin"
    big.write_bytes(bytes(range(256)) * (50 * 2**20 // 256))  # 50 MiB
    sink = RecordingSink()
    progress: list[tuple[int, int]] = []

    async def scenario() -> None:
        async with ws_server() as base:
            session, task = await open_session(f"{base}/sha256", sink, max_size=2**20)
            assert await session.send_file(every_byte)
            assert await session.send_file(big, lambda w, t: progress.append((w, t)))
            await wait_until_received(sink, 2)
            await session.close()
            await asyncio.wait_for(task, 10)

    run(scenario(), timeout=60)
    expected = [
        f"{p.stat().st_size} {hashlib.sha256(p.read_bytes()).hexdigest()}"
        for p in (every_byte, big)
    ]
    assert sink.received() == expected  # what the server got, byte for byte
    assert progress[-1] == (big.stat().st_size, big.stat().st_size)
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(progress))
    sent = [e for e in sink.entries if e.direction is Direction.SENT]
    assert [e.note for e in sent] == [
        "file bytes.bin (256 B)",
        "file big.bin (50.0 MiB, 50 frames of 1.0 MiB)",
    ]
    frames = sent_data_frames(sink)  # one frame, then one message in 50 frames of 1 MiB
    assert [(f.opcode, f.fin, f.length) for f in frames[:2]] == [
        ("BINARY", True, 256),
        ("BINARY", False, MiB),
    ]
    assert [(f.opcode, f.length) for f in frames[2:]] == [("CONT", MiB)] * 49
    assert [f.fin for f in frames[2:]] == [False] * 48 + [True]


def test_a_large_file_goes_out_in_exact_frames_and_the_loop_runs_between_them(
    tmp_path: Path,
) -> None:
    """2.5 MiB + 3 bytes: BINARY 1 MiB, CONT 1 MiB, CONT 0.5 MiB + 3 with FIN (no empty
    final frame); the server gets one message, byte for byte; other tasks run between the
    frames (one 256 MiB frame held the loop for most of a second)."""
    data = bytes(range(256)) * (5 * MiB // 2 // 256) + b"end"
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    timeline: list[str] = []

    class TimelineSink(RecordingSink):
        def on_frame(self, record: Any) -> None:
            super().on_frame(record)
            if self.frames[-1].sent and self.frames[-1].is_data:
                timeline.append("frame")

    sink = TimelineSink()

    async def scenario() -> None:
        async with ws_server() as base:
            session, task = await open_session(f"{base}/sha256", sink)

            async def ticker() -> None:
                while True:
                    timeline.append("tick")
                    await asyncio.sleep(0)

            ticking = asyncio.ensure_future(ticker())
            assert await session.send_file(path)
            ticking.cancel()
            await wait_until_received(sink, 1)
            await session.close()
            await asyncio.wait_for(task, 10)

    run(scenario(), timeout=30)
    assert sink.received() == [f"{len(data)} {hashlib.sha256(data).hexdigest()}"]
    frames = sent_data_frames(sink)
    assert [(f.opcode, f.fin, f.length) for f in frames] == [
        ("BINARY", False, MiB),
        ("CONT", False, MiB),
        ("CONT", True, MiB // 2 + 3),
    ]
    assert b"".join(bytes(f.data) for f in frames) == data
    first, last = timeline.index("frame"), len(timeline) - 1 - timeline[::-1].index("frame")
    assert "tick" in timeline[first:last]


def test_a_message_sent_during_a_file_waits_for_its_last_frame(tmp_path: Path) -> None:
    """No frame of another message may come between two frames of the file's: it goes
    after, and both arrive whole."""
    data = bytes(8 * MiB)
    path = tmp_path / "zeros.bin"
    path.write_bytes(data)
    sink = RecordingSink()

    async def scenario() -> None:
        async with ws_server() as base:
            session, task = await open_session(f"{base}/sha256", sink)
            sending = asyncio.ensure_future(session.send_file(path, lambda _w, _t: None))
            while not [f for f in sink.frames if f.sent]:  # the file has started
                await asyncio.sleep(0)
            assert await session.send("after the file")
            assert await sending
            await wait_until_received(sink, 2)
            await session.close()
            await asyncio.wait_for(task, 10)

    run(scenario(), timeout=30)
    text = b"after the file"
    assert sink.received() == [
        f"{len(data)} {hashlib.sha256(data).hexdigest()}",
        f"{len(text)} {hashlib.sha256(text).hexdigest()}",
    ]
    assert [f.opcode for f in sent_data_frames(sink)] == ["BINARY"] + ["CONT"] * 7 + ["TEXT"]
    assert not sink.errors()


def test_frame_plan() -> None:
    assert frame_plan(0) == (1, 0)
    assert frame_plan(FRAME_BYTES) == (1, FRAME_BYTES)
    assert frame_plan(FRAME_BYTES + 1) == (2, FRAME_BYTES)
    assert frame_plan(256 * MiB) == (256, MiB)
    # Over 4 GiB the frames grow: never more fragments than websockets' servers accept.
    frames, size = frame_plan(5 * 2**30)
    assert frames <= MAX_FRAMES and frames * size >= 5 * 2**30 and size > FRAME_BYTES


def test_cancel_a_send_the_server_does_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(bytes(64 * 2**20))
    sink = RecordingSink()
    progress: list[tuple[int, int]] = []

    async def scenario() -> bool:
        release = asyncio.Event()
        async with raw_server(stops_reading_after_hello(release)) as base:
            session, task = await open_session(f"{base}/", sink)
            await wait_until_received(sink, 1)
            sending = asyncio.ensure_future(
                session.send_file(big, lambda w, t: progress.append((w, t)))
            )
            while not progress:  # the buffers fill up, the send waits
                await asyncio.sleep(0.01)
            assert session.cancel_send()
            sent = await asyncio.wait_for(sending, 5)
            await asyncio.wait_for(task, 5)
            release.set()
            return sent

    assert run(scenario()) is False
    assert sink.received() == ["hello, then silence"]  # what arrived before is kept
    assert sink.errors()[0].startswith("Send cancelled: ")
    assert "of 64.0 MiB had left; a message cannot be cut short" in sink.errors()[0]
    assert sink.states[-1] is ReadyState.CLOSED
    assert sink.of_kind(Kind.CLOSE)  # the drop is reported as a close (1006)
    assert not [e for e in sink.entries if e.direction is Direction.SENT]
