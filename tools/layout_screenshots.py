"""Screenshot the window at the screen size it runs on, and print how it uses the screen.

    sh tools/screenshots.sh docs   (all of them, under xvfb-run and openbox)

Under a real window manager (openbox here), the window opens at the size it picks for the
screen, connects to the built-in echo server, sends 36 messages, selects one, and saves
``window-<W>x<H>.png`` (the screen, frame included). It prints the log's share of the
height, the rows it shows, whether the frame fits the screen's available geometry, and the
minimum size with a connection open: the figures the README quotes.
"""

from __future__ import annotations

import asyncio
import os
import sys

os.environ.setdefault("QT_API", "pyside6")
import screen_steps  # tools/, beside this script
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication

from wsgui.core.connection.echo_server import LocalEcho, pick_port
from wsgui.ui.window.main_window import MainWindow
from wsgui.ui.window.runtime import build_window


def messages() -> list[str | bytes]:
    out: list[str | bytes] = []
    for i in range(12):
        out.append(f"hello {i} from wsgui")
        out.append(f'{{"type": "tick", "seq": {i}, "price": {101.25 + i / 4}, "sym": "BTC"}}')
        out.append(bytes(range(i, i + 24)))
    return out


async def scenario(app: QApplication, out: str) -> int:
    app.setQuitOnLastWindowClosed(False)
    echo = LocalEcho(pick_port(0))
    store = screen_steps.demo_store(echo)
    window = build_window(echo, store)
    assert window.profiles is not None and window.profile_binding is not None
    window.profile_binding.open_now(window.profiles.find("Local echo"))
    window.show()
    await asyncio.sleep(0.5)
    window.panel.toggle()
    while window.controller.state.name != "OPEN":
        await asyncio.sleep(0.02)
    for message in messages():
        window.controller.send(message)
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.5)
    window.model.flush()
    window.log_view.selectRow(window.filtered.rowCount() - 5)
    window.composer.editor.setPlainText('{"type": "subscribe", "channel": "ticker"}')
    await asyncio.sleep(1.0)
    screen = window.screen().availableGeometry()
    name = f"window-{screen.width()}x{screen.height()}.png"
    full = window.screen().geometry()
    screen_steps.grab(f"{out}/{name}", full.width(), full.height())
    report(window, screen)
    await window.controller.shutdown()
    await echo.server.stop()
    return 0


def report(window: MainWindow, screen: QRect) -> None:
    viewport = window.log_view.viewport()
    frame = window.frameGeometry()
    rows = viewport.height() / max(1, window.log_view.verticalHeader().defaultSectionSize())
    print(f"screen available {screen.width()}x{screen.height()} at {screen.x()},{screen.y()}")
    print(f"window frame {frame.width()}x{frame.height()} at {frame.x()},{frame.y()}")
    print(f"fits the available geometry: {screen.contains(frame)}")
    print(
        f"log viewport {viewport.height()} px = {viewport.height() / window.height():.0%} "
        f"of the window's height, {rows:.0f} rows"
    )
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    print(f"minimum size with a connection open: {minimum.width()}x{minimum.height()}")


if __name__ == "__main__":
    sys.exit(screen_steps.run(scenario))
