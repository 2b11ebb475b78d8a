"""Sending a large file as one binary message: wsgui against the bare websockets client.

    uv run python bench/send_file.py [--mb 256] [--runs 5]

A separate server process reads each message and answers with its length, which every run
checks. Three senders of the same bytes (compression off), each run in turn:

- bare, one frame: websockets' client, ``ws.send(data)``, on a plain asyncio loop;
- bare, 1 MiB frames: the same client's own fragmented send, ``ws.send(iterable)`` of
  1 MiB memoryview slices (it adds an empty final frame);
- wsgui: the window's controller.send_file on the qasync loop (the file is read, sent as one
  message in frames of 1 MiB without the empty final frame, its progress reported).

The time runs from the send to the server's answer. While each send runs, a 10 ms heartbeat
records how late it fires (interval - 10 ms): in the window a PreciseTimer QTimer (what the
UI's own timers see), in the bare runs an ``asyncio.sleep(0.01)`` loop. p99 and max say
whether the loop kept ticking; "longest busy" is the most CPU time the loop's thread spent
between two beats, which other processes on a shared machine do not inflate.

Goals: wsgui's rate >= 0.8 x each bare client's (ratio of the median rates; each run's own
ratio range shown too); the window's heartbeat p99 <= 50 ms during the send.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["QT_API"] = "pyside6"
LIMIT = 2**31
HEARTBEAT_MS = 10
FRAME_BYTES = 2**20  # wsgui's frames for a file (wsgui.core.connection.progress_send.FRAME_BYTES)
NAMES = ("bare, one frame", "bare, 1 MiB frames", "wsgui (window, qasync)")


class Run:
    """One send: seconds from the send to the server's answer, and its heartbeat: each beat
    is (wall clock, this thread's CPU time). Lateness is wall time past 10 ms; the CPU time
    between two beats is how long the loop's own thread was busy, which other processes on
    a shared machine do not inflate."""

    def __init__(self, seconds: float, beats: list[tuple[float, float]]) -> None:
        self.seconds = seconds
        pairs = list(itertools.pairwise(beats)) or [(beats[0], beats[0])]
        self.lateness = [(b[0] - a[0]) * 1000 - HEARTBEAT_MS for a, b in pairs]
        self.busy = [(b[1] - a[1]) * 1000 for a, b in pairs]

    @property
    def p99(self) -> float:
        return pct(self.lateness, 99)

    @property
    def max(self) -> float:
        return max(self.lateness)

    @property
    def max_busy(self) -> float:
        return max(self.busy)

    def line(self, mb: int) -> str:
        return (
            f"{mb / self.seconds:6,.0f} MiB/s  heartbeat p99 {self.p99:5,.0f} ms, "
            f"max {self.max:5,.0f} ms, longest busy {self.max_busy:5,.0f} ms"
        )


def beat() -> tuple[float, float]:
    return time.perf_counter(), time.thread_time()


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def answer(ws: ServerConnection) -> None:
    async for message in ws:
        await ws.send(str(len(message)))


async def serve_forever() -> None:
    async with serve(answer, "127.0.0.1", 0, max_size=LIMIT, compression=None) as server:
        print(server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()


async def bare_run(url: str, path: Path, fragment: int = 0) -> Run:
    """The bare client: ``ws.send(data)`` (one frame), or with ``fragment`` bytes the
    library's own fragmented send of the same message (frames of that size, plus the empty
    final frame websockets adds)."""
    beats: list[tuple[float, float]] = []

    async def heartbeat() -> None:
        while True:
            beats.append(beat())
            await asyncio.sleep(HEARTBEAT_MS / 1000)

    async with connect(url, compression=None, max_size=LIMIT, ping_interval=None) as ws:
        ticking = asyncio.ensure_future(heartbeat())
        start = time.perf_counter()
        data = await asyncio.to_thread(path.read_bytes)
        if fragment:
            view = memoryview(data)
            await ws.send(view[i : i + fragment] for i in range(0, len(view), fragment))
        else:
            await ws.send(data)
        reported = await ws.recv()
        elapsed = time.perf_counter() - start
        ticking.cancel()
        assert int(reported) == len(data), f"the server got {reported} bytes, not {len(data)}"
        beats.append(beat())
        return Run(elapsed, beats)


async def app_run(url: str, path: Path, size: int) -> Run:
    from PySide6.QtCore import Qt, QTimer

    from wsgui.core.model.entries import Direction, ReadyState
    from wsgui.core.model.options import ConnectOptions
    from wsgui.ui.window.runtime import build_window

    window = build_window(None)
    window.show()
    controller, model = window.controller, window.model
    options = ConnectOptions(url, compression=False, max_size=LIMIT, ping_interval=None)
    controller.connect_to(options)
    while controller.state is not ReadyState.OPEN:
        await asyncio.sleep(0.01)
    beats: list[tuple[float, float]] = []
    heartbeat = QTimer(timerType=Qt.TimerType.PreciseTimer, interval=HEARTBEAT_MS)
    heartbeat.timeout.connect(lambda: beats.append(beat()))
    start = time.perf_counter()
    beats.append(beat())
    heartbeat.start()
    controller.send_file(path)
    while model.store.messages[Direction.RECEIVED] < 1:
        await asyncio.sleep(0.002)
        model.flush()
    elapsed = time.perf_counter() - start
    heartbeat.stop()
    beats.append(beat())
    reply = next(e.payload for e in model.store if e.direction is Direction.RECEIVED)
    await controller.shutdown()
    window.close()
    model.clear()
    window.deleteLater()
    assert reply == str(size), f"the server got {reply!r} bytes, not {size}"
    return Run(elapsed, beats)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=256)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(serve_forever())
        return 0
    import PySide6.QtWidgets
    import qasync

    from wsgui.core.system.collector import tune_collector

    tune_collector()  # as wsgui.app does
    app = PySide6.QtWidgets.QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    server = subprocess.Popen([sys.executable, __file__, "--serve"], stdout=subprocess.PIPE)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "payload.bin"
        path.write_bytes(os.urandom(2**20) * args.mb)
        try:
            assert server.stdout is not None
            url = f"ws://127.0.0.1:{int(server.stdout.readline())}/"
            bare: list[Run] = []
            frags: list[Run] = []
            apps: list[Run] = []
            for run in range(1, args.runs + 1):
                bare.append(asyncio.run(bare_run(url, path)))
                frags.append(asyncio.run(bare_run(url, path, FRAME_BYTES)))
                apps.append(
                    asyncio.run(
                        app_run(url, path, args.mb * 2**20),
                        loop_factory=lambda: qasync.QEventLoop(app),
                    )
                )
                print(f"run {run}:", flush=True)
                for name, r in zip(NAMES, (bare[-1], frags[-1], apps[-1]), strict=True):
                    print(f"  {name:24}{r.line(args.mb)}", flush=True)
        finally:
            server.terminate()
            server.wait()

    def median(runs: list[Run], value: str) -> float:
        return statistics.median(getattr(r, value) for r in runs)

    rows = tuple(zip(NAMES, (bare, frags, apps), strict=True))
    rate = {name: args.mb / median(runs, "seconds") for name, runs in rows}
    print(f"\n{args.mb} MiB as one binary message, median of {args.runs} runs:")
    print(f"{'':26}{'MiB/s':>8}{'heartbeat p99':>15}{'max':>9}{'longest busy':>14}")
    for name, runs in rows:
        print(
            f"  {name:24}{rate[name]:8,.0f}{median(runs, 'p99'):12,.0f} ms"
            f"{median(runs, 'max'):6,.0f} ms{median(runs, 'max_busy'):11,.0f} ms"
        )
    app_rate = rate[NAMES[2]]
    for name, runs in rows[:2]:
        ratio = app_rate / rate[name]
        singles = sorted(b.seconds / a.seconds for b, a in zip(runs, apps, strict=True))
        print(
            f"  ratio wsgui / {name:19}{ratio:5.2f}  (of the medians; single runs "
            f"{singles[0]:.2f}-{singles[-1]:.2f})  >= 0.8 {'PASS' if ratio >= 0.8 else 'MISS'}"
        )
    p99 = median(apps, "p99")
    print(f"  wsgui heartbeat p99     {p99:5.0f} ms   <= 50 ms {'PASS' if p99 <= 50 else 'MISS'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
