"""Steps both screenshot tools take in the real window (imported by them: tools/ is on
sys.path when one of them runs as a script)."""

from __future__ import annotations

import shutil
import subprocess

from wsgui.core.model.entries import Direction
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
