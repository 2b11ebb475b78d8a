"""Startup benchmark: time from process start to the main window's first paint.

For each run the parent takes time.perf_counter() right before starting a child with
``subprocess.Popen`` and stops the clock when the child writes "SHOWN" on stdout. The wsgui
child installs an application-wide event filter, then calls the real ``wsgui.app.main([])``
unchanged (echo-server URL loaded, no connection); at the first Paint event it lets the paint
pass finish (QTimer.singleShot(0)), prints "SHOWN" and leaves with os._exit(0). In the same
run, measured the same way, the floors: ``python -c pass``, ``import PySide6.QtWidgets``, and
a bare QMainWindow shown to its first paint. QT_QPA_PLATFORM=offscreen everywhere.

Run: uv run python bench/startup.py [--runs 7]
Reports the median (and min/max) per variant; goal: wsgui median <= 1.0 s. Always exits 0
unless a child fails.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

GOAL_S = 1.0

FIRST_PAINT = """
import os, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    seen = False

    def eventFilter(self, obj, event):
        if not self.seen and event.type() == QEvent.Type.Paint:
            self.seen = True
            QTimer.singleShot(0, self.report)  # after the whole paint pass
        return False

    def report(self):
        sys.stdout.write("SHOWN\\n")
        sys.stdout.flush()
        os._exit(0)

app = QApplication(sys.argv[:1])
first_paint = FirstPaint()
app.installEventFilter(first_paint)
"""

WSGUI_CHILD = (
    FIRST_PAINT
    + """
from wsgui.app import main
sys.exit(main([]))
"""
)

QT_CHILD = (
    FIRST_PAINT
    + """
window = QMainWindow()
window.resize(1100, 760)
window.show()
sys.exit(app.exec())
"""
)

SAY_SHOWN = "; import os; print('SHOWN', flush=True); os._exit(0)"  # no teardown, as below
VARIANTS = {
    "python -c pass": "pass" + SAY_SHOWN,
    "python -c 'import PySide6.QtWidgets'": "import PySide6.QtWidgets" + SAY_SHOWN,
    "bare QMainWindow to first paint": QT_CHILD,
    "wsgui main window to first paint": WSGUI_CHILD,
}


def time_child(code: str, env: dict[str, str]) -> float:
    """Seconds from just before Popen to the child's "SHOWN" line on stdout."""
    t0 = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - t0
    try:
        _, err = child.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        child.kill()
        _, err = child.communicate()
    if line.strip() != "SHOWN":
        raise RuntimeError(f"child did not report SHOWN (exit {child.returncode}):\n{err}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_API="pyside6")
    times: dict[str, list[float]] = {name: [] for name in VARIANTS}
    time_child("import wsgui.app, PySide6.QtWidgets" + SAY_SHOWN, env)  # warm the file cache
    for _ in range(args.runs):
        for name, code in VARIANTS.items():  # interleaved, so drift hits every variant
            times[name].append(time_child(code, env))

    print(f"process start -> ready, median of {args.runs} run(s), QT_QPA_PLATFORM=offscreen")
    print(f"  {'':36} {'median':>8} {'min':>8} {'max':>8}   all runs (ms)")
    for name, values in times.items():
        med, low, high = statistics.median(values), min(values), max(values)
        runs = " ".join(f"{v * 1000:.0f}" for v in values)
        print(f"  {name:36} {med * 1000:6.0f}ms {low * 1000:6.0f}ms {high * 1000:6.0f}ms   {runs}")
    app = statistics.median(times["wsgui main window to first paint"])
    qt = statistics.median(times["bare QMainWindow to first paint"])
    own = (app - qt) * 1000
    print(f"\n  wsgui / bare QMainWindow: x{app / qt:.2f}; wsgui's own share {own:.0f} ms")
    verdict = "PASS" if app <= GOAL_S else "MISS"
    print(f"  goal: median <= {GOAL_S:.1f} s -> {app:.3f} s {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
