"""Take docs/history.png: View > History in the real window after three sessions against the
built-in echo server (one pinned, the first with its frames captured), that one opened as a
read-only log tab (Messages / Frames).

    sh tools/screenshots.sh docs   (all of them, under xvfb-run and openbox)
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

from wsgui.core.connection.echo_server import ECHO_SUBPROTOCOL, LocalEcho, pick_port
from wsgui.core.history.journal import Journal
from wsgui.core.model.entries import ReadyState
from wsgui.ui.window.runtime import build_window


async def scenario(app: QApplication, out: str) -> int:
    app.setQuitOnLastWindowClosed(False)
    echo = LocalEcho(pick_port(0))
    journal = Journal(Path(tempfile.mkdtemp(prefix="wsgui-history-shot-")) / "history.sqlite3")
    window = build_window(echo, journal=journal)
    window.show()
    window.frames_view.capture.setChecked(True)  # the first session keeps its frames
    for texts in (["hello", '{"op": "subscribe", "channel": "ticker"}'], ["ping 1", "ping 2"]):
        window.panel.load(echo.url, [ECHO_SUBPROTOCOL])
        window.panel.toggle()
        while window.controller.state is not ReadyState.OPEN:
            await asyncio.sleep(0.02)
        for text in texts:
            window.composer.editor.setPlainText(text)
            window.composer.send()
        await asyncio.sleep(0.3)
        window.panel.toggle()
        while window.controller.state is not ReadyState.CLOSED:
            await asyncio.sleep(0.02)
        window.frames_view.capture.setChecked(False)
    await asyncio.sleep(0.5)  # the journal's last commits
    window.history_dock.show()
    panel = window.history_panel
    panel.refresh()
    panel.list.setCurrentItem(panel.list.topLevelItem(1))
    panel.toggle_pin()
    panel.list.setCurrentItem(panel.list.topLevelItem(1))
    panel.open_selected()  # the older session: the one with frames
    await asyncio.sleep(0.8)
    geometry = window.screen().geometry()
    screen_steps.grab(f"{out}/history.png", geometry.width(), geometry.height())
    await window.controller.shutdown()
    journal.close()
    await echo.server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(screen_steps.run(scenario))
