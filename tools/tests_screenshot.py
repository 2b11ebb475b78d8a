"""Take docs/tests-tab.png: the Tests tab running a scenario on the built-in echo server in
the real window, with the environment chosen in the tab bar's corner ({{host}} in the URL),
each step's row (one FAIL with its reason) and the summary.

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

from wsgui.core.connection.echo_server import LocalEcho, pick_port
from wsgui.ui.scenarios.environment_picker import EnvironmentPicker
from wsgui.ui.window.runtime import build_window

ROOT = Path(__file__).parents[1]


async def scenario(app: QApplication, out: str) -> int:
    app.setQuitOnLastWindowClosed(False)
    folder = Path(tempfile.mkdtemp(prefix="wsgui-tests-shot-"))
    echo = LocalEcho(pick_port(0))
    await echo.ensure_running()
    host = echo.url.split("//", 1)[1].rstrip("/")
    (folder / "environments.toml").write_text(f'[local]\nhost = "{host}"\n[staging]\nhost = "x"\n')
    text = (ROOT / "examples" / "checks.toml").read_text()
    text += '\n[[step]]\nname = "a reply the echo never sends"\nexpect = "pong"\nwithin = 0.3\n'
    path = folder / "checks.toml"
    path.write_text(text)
    picker = EnvironmentPicker(folder / "environments.toml", remembered="local")
    window = build_window(echo, environments=picker)
    window.show()
    page = window.page
    window.panel.url_edit.setText("ws://{{host}}/")
    window.panel.subprotocols_edit.setText("echo-protocol")
    page.detail_pane.open()
    page.splitter.setSizes([330, 330])  # room for every row
    window.inspector.setCurrentWidget(page.tests_tab)
    page.tests_run.open(path)
    page.tests_tab.run_button.click()
    while page.tests_run.task is None or not page.tests_run.task.done():
        await asyncio.sleep(0.05)
    page.tests_tab.table.setCurrentItem(page.tests_tab.table.topLevelItem(5))
    page.tests_tab.jump_button.click()
    await asyncio.sleep(0.8)
    geometry = window.screen().geometry()
    screen_steps.grab(f"{out}/tests-tab.png", geometry.width(), geometry.height())
    await window.controller.shutdown()
    await echo.server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(screen_steps.run(scenario))
