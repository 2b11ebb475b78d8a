"""Sending files as one binary message: intact (checked on the server), progress, cancel."""

from __future__ import annotations

import asyncio
import hashlib
import itertools
from pathlib import Path

from tests.core.test_session import open_session, run, wait_until_received
from tests.helpers.raw_servers import raw_server, stops_reading_after_hello
from tests.helpers.servers import ws_server
from tests.helpers.sinks import RecordingSink
from wsgui.core.entries import Direction, Kind, ReadyState


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
    assert [e.note for e in sent] == ["file bytes.bin (256 B)", "file big.bin (50.0 MiB)"]


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
    assert "of 64.0 MiB had left; a frame cannot be cut short" in sink.errors()[0]
    assert sink.states[-1] is ReadyState.CLOSED
    assert sink.of_kind(Kind.CLOSE)  # the drop is reported as a close (1006)
    assert not [e for e in sink.entries if e.direction is Direction.SENT]
