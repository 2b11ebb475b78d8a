"""Ingest benchmark: how fast the app logs a flood, how responsive it stays, how fast it stops.

A separate server process (raw asyncio, websockets' ServerProtocol only for the handshake)
writes N pre-encoded unmasked 100-byte text frames (N is the URL path) as fast as it can, then
a close frame; it stops early and answers when the client closes. Compression is off and the
limits are equal everywhere. Each run measures, in this order:

- bare: websockets.asyncio.client on a plain asyncio loop, counting messages; "bare, qasync"
  is the same client on a qasync.QEventLoop (qasync's own share);
- app: QApplication (offscreen) + qasync, build_window(None) shown, connect_to(...); done when
  the flushed LogStore holds N received messages. Rates run from OPEN to the last message (for
  the app, to the flush holding it). A 10 ms PreciseTimer heartbeat records interval - 10 ms
  (negative when Qt catches up after a late tick) during the flood: p50/p99;
- disconnect: a 2,000,000-message flood; 0.5 s after OPEN the Disconnect button is clicked;
  time to CLOSING and to CLOSED, with the bare client's ws.close() as the floor.

Run: uv run python bench/ingest.py [--messages 200000] [--runs 3] [--shape tiny|fragments]
(--shape tiny --messages 1000000: the flood of tiny frames whose reads used to stall the
window; --shape fragments --messages 300: 300,000 frames, 299,700 of them empty fragments)
Prints every run and the medians. Exits 0 whether goals are met or not.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import os
import statistics
import subprocess
import sys
import time

from websockets.asyncio.client import ClientConnection, connect
from websockets.frames import Opcode
from websockets.http11 import Request
from websockets.server import ServerProtocol

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["QT_API"] = "pyside6"

FLOOD_FRAME = b"\x81\x64" + b"m" * 100  # FIN + text, unmasked, 100-byte payload
# --shape: what one "message" of the flood is on the wire.
SHAPES = {
    "text100": FLOOD_FRAME,
    "tiny": b"\x81\x01m",  # 1-byte text messages: the most frames a read can hold
    # one text message in 1,000 frames: 999 empty ones (TEXT, CONT...), the last holds "m"
    "fragments": b"\x01\x00" + b"\x00\x00" * 998 + b"\x80\x01m",
}
CLOSE_FRAME = b"\x88\x02\x03\xe8"  # close 1000
CHUNK = 1000
DISCONNECT_FLOOD = 2_000_000
STALL_MS = 50  # a heartbeat later than this is a stall a user sees
MAX_SIZE = 2**20


# --- server process ---------------------------------------------------------------------------
async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    protocol = ServerProtocol(max_size=None)
    protocol.receive_data(await reader.readuntil(b"\r\n\r\n"))
    request = protocol.events_received()[0]
    assert isinstance(request, Request)
    protocol.send_response(protocol.accept(request))
    writer.write(b"".join(protocol.data_to_send()))
    shape, _, number = request.path.strip("/").rpartition("/")
    count, unit = int(number), SHAPES[shape or "text100"]
    client_closed = asyncio.Event()

    async def read_frames() -> None:
        while data := await reader.read(65536):
            protocol.receive_data(data)
            if any(getattr(e, "opcode", None) is Opcode.CLOSE for e in protocol.events_received()):
                break
        client_closed.set()

    reader_task = asyncio.create_task(read_frames())
    per_write = max(1, CHUNK * len(FLOOD_FRAME) // len(unit))  # ~100 KB a write
    chunk, sent = unit * per_write, 0
    with contextlib.suppress(ConnectionError):
        while sent < count and not client_closed.is_set():
            k = min(per_write, count - sent)
            writer.write(chunk if k == per_write else unit * k)
            sent += k
            await writer.drain()
        writer.write(CLOSE_FRAME)  # ends the flood, or answers the client's close
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(client_closed.wait(), 10)
    reader_task.cancel()
    writer.close()


async def serve() -> None:
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


# --- measurements -----------------------------------------------------------------------------
class LoopBeat:
    """A 10 ms heartbeat on the event loop itself (asyncio or qasync): how late each beat
    came is how long the loop was kept from running anything else."""

    def __init__(self) -> None:
        self.beats: list[float] = []
        self._handle: asyncio.TimerHandle | None = None

    def start(self) -> None:
        self.beats.append(time.perf_counter())
        self._handle = asyncio.get_running_loop().call_later(0.01, self.start)

    def stop(self) -> list[float]:
        if self._handle is not None:
            self._handle.cancel()
        return [(b - a) * 1000 - 10 for a, b in itertools.pairwise(self.beats)]


BARE_GAPS: list[list[float]] = []  # the bare qasync runs' heartbeat lateness, per run


async def bare_run(url: str, n: int, disconnect: bool) -> float:
    """msg/s for n messages; with disconnect, how long ws.close() takes 0.5 s into the flood.
    A run on qasync (Qt running) records its loop heartbeat in BARE_GAPS."""
    beat = LoopBeat()
    async with connect(url, compression=None, max_size=MAX_SIZE, ping_interval=None) as ws:
        if disconnect:
            reader = asyncio.create_task(consume(ws))
            await asyncio.sleep(0.5)
            t0 = time.perf_counter()
            await ws.close()
            elapsed = time.perf_counter() - t0
            await reader
            return elapsed * 1000
        count, t0 = 0, time.perf_counter()
        beat.start()
        async for _ in ws:
            count += 1
            if count == n:
                break
        rate = n / (time.perf_counter() - t0)
        gaps = beat.stop()
        if type(asyncio.get_running_loop()).__module__.startswith("qasync"):
            BARE_GAPS.append(gaps)
        return rate


async def consume(ws: ClientConnection) -> None:
    async for _ in ws:
        pass


CAPTURE_FRAMES = QUIET_TAB = SEARCH = BACKGROUND_TAB = False


async def app_run(url: str, n: int, disconnect: bool, journaled: bool = False) -> dict[str, float]:
    from PySide6.QtCore import Qt, QTimer

    from wsgui.core.model.entries import Direction, ReadyState
    from wsgui.core.model.options import ConnectOptions
    from wsgui.ui.window.runtime import build_window

    loop = asyncio.get_running_loop()
    journal = None
    if journaled:  # --journal: every entry also goes to a fresh history store
        import tempfile
        from pathlib import Path

        from wsgui.core.history.journal import Journal

        journal = Journal(Path(tempfile.mkdtemp(prefix="wsgui-bench-")) / "history.sqlite3")
    window = build_window(None, journal=journal)
    window.show()
    if CAPTURE_FRAMES:  # --frames: the Frames tab records every frame (shown unless --quiet-tab)
        window.frames_view.capture.setChecked(True)
        if not QUIET_TAB:
            window.inspector.setCurrentWidget(window.frames_view)
    if SEARCH:  # --search: a filter that every message matches
        window.search.edit.setText("mmm")  # the flood payload is m * 100: every row, 20 bands
        window.search.apply()
    page = window.page
    if BACKGROUND_TAB:  # --background-tab: the flood goes to a tab that is not shown
        window.new_tab()
    model, controller = page.model, page.controller
    opened, closed, done = loop.create_future(), loop.create_future(), loop.create_future()
    marks: dict[str, float] = {}
    beats: list[float] = []

    def on_state(value: int) -> None:
        now = time.perf_counter()
        marks.setdefault(ReadyState(value).name, now)
        if value == ReadyState.OPEN and not opened.done():
            opened.set_result(now)
            beats.append(now)
            heartbeat.start()
        if value == ReadyState.CLOSED and not closed.done():
            closed.set_result(now)

    def on_flush(_rows: int) -> None:
        if model.store.messages[Direction.RECEIVED] >= n and not done.done():
            done.set_result(time.perf_counter())

    heartbeat = QTimer(timerType=Qt.TimerType.PreciseTimer, interval=10)
    heartbeat.timeout.connect(lambda: beats.append(time.perf_counter()))
    controller.state_changed.connect(on_state)
    model.flushed.connect(on_flush)
    options = ConnectOptions(url, compression=False, max_size=MAX_SIZE, ping_interval=None)
    try:
        async with asyncio.timeout(120):
            controller.connect_to(options)
            t_open = await opened
            if not disconnect:
                t_done = await done
                heartbeat.stop()
                gaps = [(b - a) * 1000 - 10 for a, b in itertools.pairwise(beats)]
                return {
                    "rate": n / (t_done - t_open),
                    "p50": pct(gaps, 50),
                    "p99": pct(gaps, 99),
                    "max": max(gaps, default=0.0),
                    "stalls": sum(g > STALL_MS for g in gaps),
                }
            await asyncio.sleep(0.5)
            model.flush()
            before = model.store.messages[Direction.RECEIVED]
            t_req = time.perf_counter()
            page.panel.connect_button.click()  # it reads Disconnect while OPEN
            t_closed = await closed
            model.flush()
            return {
                "closing": (marks.get("CLOSING", t_closed) - t_req) * 1000,
                "closed": (t_closed - t_req) * 1000,
                "flood_s": t_req - t_open,
                "after": model.store.messages[Direction.RECEIVED] - before,
            }
    finally:
        heartbeat.stop()
        await window.shutdown()
        controller.state_changed.disconnect(on_state)
        model.flushed.disconnect(on_flush)
        window.close()
        model.clear()  # release this run's entries: a big heap slows the next run's GC
        window.deleteLater()
        if journal is not None:
            journal.close()  # its last batch written before the next run
        await asyncio.sleep(0.05)  # lets Qt process the deferred delete


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def start_qt():  # type: ignore[no-untyped-def]
    import PySide6.QtWidgets  # before qasync
    import qasync
    from PySide6.QtCore import qInstallMessageHandler

    def qt_message(_mode: object, _context: object, message: str) -> None:
        if "propagateSizeHints" not in message:  # the offscreen plugin says it per window
            print(message, file=sys.stderr)

    from wsgui.core.system.collector import tune_collector

    tune_collector()  # as wsgui.app does (process-wide: the bare runs get it too)
    qInstallMessageHandler(qt_message)
    app = PySide6.QtWidgets.QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)  # as wsgui.app does; else window.close() stops the loop
    return lambda coro: asyncio.run(coro, loop_factory=lambda: qasync.QEventLoop(app))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--frames", action="store_true", help="capture frames, Frames tab shown")
    parser.add_argument("--quiet-tab", action="store_true", help="with --frames: tab not shown")
    parser.add_argument("--search", action="store_true", help="a search active during the run")
    parser.add_argument(
        "--background-tab", action="store_true", help="flood a tab while another one is shown"
    )
    parser.add_argument(
        "--shape",
        choices=sorted(SHAPES),
        default="text100",
        help="text100: 100 B text messages; tiny: 1 B text messages; fragments: messages in "
        "1,000 frames each (999 empty); --messages counts messages",
    )
    parser.add_argument(
        "--no-disconnect", action="store_true", help="skip the Disconnect-during-a-flood runs"
    )
    parser.add_argument(
        "--journal", action="store_true", help="also run the app journaling to a history store"
    )
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    global CAPTURE_FRAMES, QUIET_TAB, SEARCH, BACKGROUND_TAB
    CAPTURE_FRAMES, QUIET_TAB, SEARCH = args.frames, args.quiet_tab, args.search
    BACKGROUND_TAB = args.background_tab
    if args.serve:
        asyncio.run(serve())
        return 0
    on_qasync = start_qt()
    server = subprocess.Popen([sys.executable, __file__, "--serve"], stdout=subprocess.PIPE)
    n, med = args.messages, statistics.median
    bare, bare_q, apps, bare_dc, app_dc, journaled = [], [], [], [], [], []
    try:
        assert server.stdout is not None
        url = f"ws://127.0.0.1:{int(server.stdout.readline())}/"
        flood = f"{url}{args.shape}/{n}"
        for run in range(1, args.runs + 1):
            bare.append(asyncio.run(bare_run(flood, n, disconnect=False)))
            bare_q.append(on_qasync(bare_run(flood, n, disconnect=False)))
            apps.append(on_qasync(app_run(flood, n, disconnect=False)))
            if args.journal:
                journaled.append(on_qasync(app_run(flood, n, disconnect=False, journaled=True)))
            a, b = apps[-1], BARE_GAPS[-1]
            line = (
                f"run {run}: bare {bare[-1]:,.0f}, bare-qasync {bare_q[-1]:,.0f}, "
                f"app {a['rate']:,.0f} msg/s (x{a['rate'] / bare[-1]:.2f}), lateness p50 "
                f"{a['p50']:.1f} p99 {a['p99']:.1f} max {a['max']:.0f} ms, {a['stalls']} "
                f"stall(s) > {STALL_MS} ms (bare-qasync: max {max(b, default=0):.0f} ms, "
                f"{sum(g > STALL_MS for g in b)} stall(s))"
            )
            if not args.no_disconnect:
                bare_dc.append(asyncio.run(bare_run(f"{url}{DISCONNECT_FLOOD}", 0, True)))
                app_dc.append(on_qasync(app_run(f"{url}{DISCONNECT_FLOOD}", 0, True)))
                d = app_dc[-1]
                line += (
                    f" | click after {d['flood_s']:.2f} s: CLOSING {d['closing']:.0f} ms, "
                    f"CLOSED {d['closed']:.0f} ms, {d['after']:,.0f} msgs logged after the "
                    f"click; bare close {bare_dc[-1]:.0f} ms"
                )
            print(line, flush=True)
    finally:
        server.terminate()
        server.wait()
    ratio = med(a["rate"] / b for a, b in zip(apps, bare, strict=True))
    p99, worst = med(a["p99"] for a in apps), max(a["max"] for a in apps)
    stalls = sum(a["stalls"] for a in apps)
    bare_worst = max(max(g, default=0.0) for g in BARE_GAPS)
    rows = [
        ("bare websockets client, asyncio", f"{med(bare):,.0f} msg/s", ""),
        ("bare websockets client, qasync", f"{med(bare_q):,.0f} msg/s", ""),
        ("app (window shown, offscreen)", f"{med(a['rate'] for a in apps):,.0f} msg/s", ""),
        ("ratio app/bare (per run)", f"{ratio:.2f}", ">= 0.6 " + verdict(ratio >= 0.6)),
        ("UI lateness p50 during flood", f"{med(a['p50'] for a in apps):.1f} ms", ""),
        ("UI lateness p99 during flood", f"{p99:.1f} ms", "<= 50 ms " + verdict(p99 <= 50)),
        ("UI lateness, worst of all runs", f"{worst:.0f} ms", ""),
        (f"stalls > {STALL_MS} ms, all runs", f"{stalls}", "0 " + verdict(stalls == 0)),
        ("bare-qasync loop lateness, worst", f"{bare_worst:.0f} ms", ""),
    ]
    if journaled:
        kept = med(j["rate"] / a["rate"] for j, a in zip(journaled, apps, strict=True))
        rows += [
            ("app journaling to history", f"{med(j['rate'] for j in journaled):,.0f} msg/s", ""),
            ("ratio journaled/in-memory app", f"{kept:.2f}", ">= 0.8 " + verdict(kept >= 0.8)),
        ]
    if app_dc:
        closed = med(d["closed"] for d in app_dc)
        rows += [
            ("click Disconnect -> CLOSING", f"{med(d['closing'] for d in app_dc):.0f} ms", ""),
            (
                "click Disconnect -> CLOSED",
                f"{closed:.0f} ms",
                "<= 200 ms " + verdict(closed <= 200),
            ),
            ("bare ws.close() during flood", f"{med(bare_dc):.0f} ms", ""),
        ]
    shape = {"text100": "text messages of 100 B", "tiny": "text messages of 1 B",
             "fragments": "text messages of 1,000 frames"}[args.shape]  # fmt: skip
    print(f"\n{n:,} {shape}, compression off; median of {args.runs} run(s)")
    for name, value, goal in rows:
        print(f"  {name:32} {value:>14}   {goal}")
    return 0


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


if __name__ == "__main__":
    sys.exit(main())
