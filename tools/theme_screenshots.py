"""Take the README's theme screenshots: the real window on a real X server, light then dark,
then the command palette (run under xvfb-run; ImageMagick's ``import`` grabs the screen).

    sh tools/screenshots.sh docs   (all of them, under xvfb-run and openbox)

Connects to the built-in echo server, sends a few messages, pings, searches the log (the match
band), shows the JSON tree, and turns TLS verification off (the orange badge): every color the
themes choose is on screen. Then pngquant (when installed) makes the files small.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_API", "pyside6")
import qasync
import screen_steps  # tools/, beside this script
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from wsgui.core.connection.echo_server import ECHO_SUBPROTOCOL, LocalEcho, pick_port
from wsgui.core.model.options import ConnectOptions
from wsgui.core.model.secrets import KeyringSecrets
from wsgui.core.profiles.profile import Profile
from wsgui.core.profiles.store import ProfileStore
from wsgui.ui.common.window_state import WindowState
from wsgui.ui.theme.manager import ThemeChoice, ThemeManager
from wsgui.ui.window.main_window import MainWindow
from wsgui.ui.window.runtime import build_window

WIDTH, HEIGHT = 1400, 900
MESSAGES: list[str | bytes] = [
    '{"type": "subscribe", "channel": "ticker", "symbols": ["BTC", "ETH"], "depth": 10}',
    "hello from wsgui",
    bytes(range(32)),
    '{"type": "ticker", "price": 101.25, "open": true, "note": null}',
]


async def scenario(app: QApplication, out: Path) -> int:
    app.setQuitOnLastWindowClosed(False)
    folder = Path(tempfile.mkdtemp(prefix="wsgui-themes-"))
    state = WindowState(QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat))
    themes = ThemeManager(app, state, app)
    echo = LocalEcho(pick_port(0))
    store = ProfileStore(folder / "profiles", KeyringSecrets())
    store.save(Profile("Ticker (staging)", ConnectOptions(url="wss://ticker.example/feed")))
    store.save(
        Profile("Local echo", ConnectOptions(url=echo.url, subprotocols=(ECHO_SUBPROTOCOL,)))
    )
    window = build_window(echo, store, state, themes)
    assert window.profiles is not None and window.profile_binding is not None
    window.profile_binding.open_now(window.profiles.find("Local echo"))
    window.move(0, 0)
    window.show()
    window.panel.tabs.tls_editor.verify_check.setChecked(False)  # the TLS tab's warning badge
    tabs = window.panel.tabs
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == "TLS"))
    window.panel.toggle()
    while window.controller.state.name != "OPEN":
        await asyncio.sleep(0.02)
    for message in MESSAGES:
        window.controller.send(message)
        await asyncio.sleep(0.05)
    window.controller.ping(b"")
    await asyncio.sleep(0.4)
    await fill_the_view(window)
    for choice, name in ((ThemeChoice.LIGHT, "theme-light"), (ThemeChoice.DARK, "theme-dark")):
        themes.set_choice(choice)
        await asyncio.sleep(1.2)  # the clock ticks, the palette reaches every widget
        grab(out / f"{name}.png")
    window.command_palette.open()
    window.command_palette.edit.setText("theme")
    await asyncio.sleep(0.5)
    grab(out / "command-palette.png")
    window.command_palette.close_palette()
    await window.controller.shutdown()
    await echo.server.stop()
    return 0


async def fill_the_view(window: MainWindow) -> None:
    """The JSON echo selected and shown as a tree; the search highlights a word."""
    window.search.edit.setText("ticker")  # the rows that match, the word on a band
    window.search.apply()
    screen_steps.show_json_as_tree(window)
    window.page.detail_pane.set_shown(True)
    await asyncio.sleep(0.3)


def grab(path: Path) -> None:
    screen_steps.grab(str(path), WIDTH, HEIGHT)


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    app = QApplication(sys.argv[:1])
    return asyncio.run(scenario(app, out), loop_factory=lambda: qasync.QEventLoop(app))


if __name__ == "__main__":
    sys.exit(main())
