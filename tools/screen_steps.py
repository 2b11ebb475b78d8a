"""Steps both screenshot tools take in the real window (imported by them: tools/ is on
sys.path when one of them runs as a script)."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication

from wsgui.core.connection.echo_server import ECHO_SUBPROTOCOL, LocalEcho
from wsgui.core.model.entries import Direction
from wsgui.core.model.options import ConnectOptions
from wsgui.core.model.secrets import KeyringSecrets
from wsgui.core.profiles.profile import Profile
from wsgui.core.profiles.store import ProfileStore
from wsgui.ui.window.main_window import MainWindow


def show_json_as_tree(window: MainWindow) -> None:
    """Select the first received JSON message the log shows, view it as a tree, and leave a
    JSON message in the composer."""
    window.model.flush()
    shown = window.filtered
    rows = [shown.entry(r) for r in range(shown.rowCount())]
    json_row = next(
        i for i, e in enumerate(rows) if e.direction is Direction.RECEIVED and "{" in str(e.payload)
    )
    window.log_view.selectRow(json_row)
    tools = window.entry_tools
    tools.view.setCurrentIndex(tools.view.findData("tree"))
    window.composer.editor.setPlainText('{"type": "ping"}')


def grab(path: str, width: int, height: int) -> None:
    """The top-left width x height of the X screen, with ImageMagick's ``import``."""
    subprocess.run(
        ["import", "-window", "root", "-crop", f"{width}x{height}+0+0", path], check=True
    )
    if shutil.which("pngquant"):  # 64 colours: a third of the size, the same to the eye
        subprocess.run(
            ["pngquant", "--force", "--skip-if-larger", "--output", path, "64", path],
            check=False,
        )


def demo_store(echo: LocalEcho, origin: str = "") -> ProfileStore:
    """A fresh profile folder: two remote profiles and "Local echo" for the built-in server."""
    store = ProfileStore(Path(tempfile.mkdtemp(prefix="wsgui-shot-")), KeyringSecrets())
    for name, url in (
        ("Ticker (staging)", "wss://ticker.staging.example/feed"),
        ("Chat — local dev", "ws://localhost:8080/chat"),
    ):
        store.save(Profile(name, ConnectOptions(url=url)))
    options = ConnectOptions(url=echo.url, subprotocols=(ECHO_SUBPROTOCOL,), origin=origin)
    store.save(Profile("Local echo", options))
    return store


def run(scenario: Callable[[QApplication, str], Awaitable[int]]) -> int:
    """A tool's main: the output folder from the command line (docs by default), the app,
    the scenario on a qasync loop."""
    out = sys.argv[1] if len(sys.argv) > 1 else "docs"
    app = QApplication(sys.argv[:1])

    async def main() -> int:
        return await scenario(app, out)

    return asyncio.run(main(), loop_factory=lambda: qasync.QEventLoop(app))
