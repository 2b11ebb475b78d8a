"""Sending a large file as one binary message: wsgui against the bare websockets client.

    uv run python bench/send_file.py [--mb 256] [--runs 3]

A separate server process reads each message and answers with its length. Both clients send
the same bytes (one frame, compression off); the time runs from the send to the server's
answer. wsgui sends through the window (controller.send_file: the file is read, framed and
sent with its progress reported) on the qasync loop. Goal: rate >= 0.8 x the bare client's.
"""

from __future__ import annotations

import argparse
import asyncio
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


async def answer(ws: ServerConnection) -> None:
    async for message in ws:
        await ws.send(str(len(message)))


async def serve_forever() -> None:
    async with serve(answer, "127.0.0.1", 0, max_size=LIMIT, compression=None) as server:
        print(server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()


async def bare_run(url: str, path: Path) -> float:
    async with connect(url, compression=None, max_size=LIMIT, ping_interval=None) as ws:
        start = time.perf_counter()
        data = await asyncio.to_thread(path.read_bytes)
        await ws.send(data)
        assert int(await ws.recv()) == len(data)
        return time.perf_counter() - start


async def app_run(url: str, path: Path) -> float:
    from wsgui.core.entries import Direction, ReadyState
    from wsgui.core.options import ConnectOptions
    from wsgui.ui.window_runtime import build_window

    window = build_window(None)
    window.show()
    controller, model = window.controller, window.model
    options = ConnectOptions(url, compression=False, max_size=LIMIT, ping_interval=None)
    controller.connect_to(options)
    while controller.state is not ReadyState.OPEN:
        await asyncio.sleep(0.01)
    start = time.perf_counter()
    controller.send_file(path)
    while model.store.messages[Direction.RECEIVED] < 1:
        await asyncio.sleep(0.002)
        model.flush()
    elapsed = time.perf_counter() - start
    await controller.shutdown()
    window.close()
    model.clear()
    window.deleteLater()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=256)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(serve_forever())
        return 0
    import PySide6.QtWidgets
    import qasync

    from wsgui.core.collector import tune_collector

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
            bare, apps = [], []
            for run in range(1, args.runs + 1):
                bare.append(asyncio.run(bare_run(url, path)))
                apps.append(
                    asyncio.run(app_run(url, path), loop_factory=lambda: qasync.QEventLoop(app))
                )
                mb_s = args.mb / bare[-1], args.mb / apps[-1]
                print(
                    f"run {run}: bare {mb_s[0]:,.0f} MB/s, wsgui {mb_s[1]:,.0f} MB/s "
                    f"(x{bare[-1] / apps[-1]:.2f})",
                    flush=True,
                )
        finally:
            server.terminate()
            server.wait()
    ratio = statistics.median(b / a for b, a in zip(bare, apps, strict=True))
    print(f"\n{args.mb} MiB as one binary message, median of {args.runs}:")
    print(f"  bare websockets client   {args.mb / statistics.median(bare):8,.0f} MiB/s")
    print(f"  wsgui (window, qasync)   {args.mb / statistics.median(apps):8,.0f} MiB/s")
    print(f"  ratio wsgui / bare       {ratio:8.2f}   >= 0.8 {'PASS' if ratio >= 0.8 else 'MISS'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
