"""Take docs/socketio.png: a Socket.IO connection in the real window, against the tests'
python-socketio server (on 127.0.0.1): the connection kind, the composer's event fields,
an emit with two arguments, one with an ack, and the raw Engine.IO packets in Frames.

    sh tools/screenshots.sh docs   (all of them, under xvfb-run and openbox)
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))  # the tests' server helpers
os.environ.setdefault("QT_API", "pyside6")
import screen_steps  # tools/, beside this script
from PySide6.QtWidgets import QApplication

from tests.helpers.socketio_servers import sio_server
from wsgui.core.model.entries import ReadyState
from wsgui.ui.window.runtime import build_window


async def scenario(app: QApplication, out: str) -> int:
    app.setQuitOnLastWindowClosed(False)
    window = build_window(None)
    window.show()
    async with sio_server() as base:
        window.panel.url_edit.setText(base)
        window.panel.set_socketio(True)
        window.frames_view.capture.setChecked(True)
        window.panel.toggle()
        while window.controller.state is not ReadyState.OPEN:
            await asyncio.sleep(0.02)
        composer, fields = window.composer, window.composer.event_fields
        composer.set_mode("json")
        fields.event_name.setText("anotherNews")
        composer.editor.setPlainText('{"room": "lobby", "text": "hello"}')
        fields.add_argument("42")
        composer.send()
        await asyncio.sleep(0.3)
        fields.event_name.setText("ackme")
        fields.ack.setChecked(True)
        composer.send()
        await asyncio.sleep(0.5)
        window.model.flush()
        window.log_view.selectRow(window.filtered.rowCount() - 1)
        window.inspector.setCurrentWidget(window.frames_view)
        window.frames_model.flush()
        await asyncio.sleep(0.8)
        geometry = window.screen().geometry()
        screen_steps.grab(f"{out}/socketio.png", geometry.width(), geometry.height())
        await window.controller.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(screen_steps.run(scenario))
