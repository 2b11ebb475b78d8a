"""Take the README screenshot: the real window on a real X server (run under xvfb-run).

    sh tools/screenshots.sh docs   (all of them, under xvfb-run and openbox)

Connects to the built-in echo server, sends text, JSON and bytes, selects the JSON echo,
then captures the whole screen with ImageMagick's ``import -window root``: main-window.png
(the JSON tree), frames.png (the Frames tab), log-file.png (the log exported, then opened in a
read-only tab; not in the README), then the Handshake tab as handshake.png.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_API", "pyside6")
import screen_steps  # tools/, beside this script
from PySide6.QtWidgets import QApplication

from wsgui.core.connection.echo_server import LocalEcho, pick_port
from wsgui.core.model.options import Header
from wsgui.ui.window.runtime import build_window

WIDTH, HEIGHT = 1400, 900
MESSAGES: list[str | bytes] = [
    "hello from wsgui",
    '{"type": "subscribe", "channel": "ticker", "symbols": ["BTC", "ETH"], "depth": 10}',
    bytes(range(0, 48)),
    "line one\nline two\ttabbed",
    '{"rows": [' + ", ".join(f'{{"id": {i}, "price": 101.25}}' for i in range(120)) + "]}",
]


async def scenario(app: QApplication, out: str) -> int:
    app.setQuitOnLastWindowClosed(False)
    echo = LocalEcho(pick_port(0))
    store = screen_steps.demo_store(echo, origin="http://localhost")
    window = build_window(echo, store)
    assert window.profiles is not None and window.profile_binding is not None
    window.profile_binding.open_now(window.profiles.find("Local echo"))
    window.move(0, 0)
    window.show()
    os.environ.setdefault("API_TOKEN", "demo-token")  # the header reads it when connecting
    window.panel.headers_table.set_headers([Header("Authorization", "Bearer ${API_TOKEN}")])
    window.frames_view.capture.setChecked(True)
    window.panel.toggle()
    while window.controller.state.name != "OPEN":
        await asyncio.sleep(0.02)
    for message in MESSAGES:
        window.controller.send(message)
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)
    screen_steps.show_json_as_tree(window)
    await asyncio.sleep(1.2)
    grab(f"{out}/main-window.png")
    window.inspector.setCurrentWidget(window.frames_view)
    window.frames_model.flush()
    await asyncio.sleep(0.5)
    grab(f"{out}/frames.png")
    export = Path(tempfile.mkdtemp(prefix="wsgui-shot-")) / "recorded.ndjson"
    window.log_transfers.export(str(export))
    await window.log_transfers.task  # type: ignore[misc]
    window.log_transfers.import_file(str(export))
    await window.log_transfers.task  # type: ignore[misc]
    window.inspector.setCurrentIndex(0)
    await asyncio.sleep(0.5)
    grab(f"{out}/log-file.png")
    window.log_tabs.setCurrentIndex(0)
    window.show_handshake()
    window.page.detail_pane.set_shown(True)
    await asyncio.sleep(0.5)
    grab(f"{out}/handshake.png")
    await window.controller.shutdown()
    await echo.server.stop()
    return 0


def grab(path: str) -> None:
    screen_steps.grab(path, WIDTH, HEIGHT)


if __name__ == "__main__":
    sys.exit(screen_steps.run(scenario))
