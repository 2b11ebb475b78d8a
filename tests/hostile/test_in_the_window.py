"""The whole corpus once more through the real window: each case ends with the message in the
log, readyState 3 CLOSED, what came before the fault kept, and the window responsive (a 20 ms
timer never stalls for long while the case plays)."""

from __future__ import annotations

import itertools
import time
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from tests.helpers.raw_servers import raw_server
from tests.helpers.ui import WindowDriver, wait_until
from tests.hostile.frames_corpus import FRAME_CASES, FrameCase
from tests.hostile.handshake_corpus import HANDSHAKE_CASES, HandshakeCase
from tests.hostile.test_frames import fault_server
from wsgui.core.model.entries import ReadyState
from wsgui.core.model.options import ConnectOptions

CASES = [*HANDSHAKE_CASES, *FRAME_CASES]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_case_in_the_window(run_async: Any, case: HandshakeCase | FrameCase) -> None:
    driver = WindowDriver()
    window = driver.window
    beats: list[float] = []
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: beats.append(time.monotonic()))
    framing = isinstance(case, FrameCase)
    server = fault_server(case) if isinstance(case, FrameCase) else case.server

    async def scenario() -> None:
        async with raw_server(server) as base:
            options = ConnectOptions(
                f"{base}/",
                open_timeout=getattr(case, "open_timeout", 5.0),
                compression=getattr(case, "compression", False),
                max_size=getattr(case, "max_size", 2**20),
            )
            beats.append(time.monotonic())  # the start and the end count as beats too: a
            timer.start()  # refusal can be over before the first 20 ms tick
            window.controller.connect_to(options)
            await wait_until(lambda: driver.states[-1:] == [ReadyState.CLOSED], timeout=12)
            timer.stop()
            beats.append(time.monotonic())
        await driver.shutdown()

    run_async(scenario(), 20)
    said = [str(e.payload) for e in driver.entries() if e.kind.value in ("error", "close")]
    assert any(case.expect in text for text in said), said
    if framing:
        assert driver.received()[:1] == ["before the fault"]
    gaps = [b - a for a, b in itertools.pairwise(beats)]
    assert len(beats) >= 2 and max(gaps) < 1.0  # never frozen, from connect to CLOSED
