"""Print the README's Keyboard table, read from the real window's actions (the same rows as
Help > Keyboard shortcuts). tests/e2e/test_keyboard_window.py checks the README has it.

    uv run python tools/keyboard_table.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtWidgets import QApplication

from wsgui.core.history.journal import Journal
from wsgui.core.model.entries import Direction, message_entry
from wsgui.core.model.secrets import KeyringSecrets
from wsgui.core.profiles.store import ProfileStore
from wsgui.ui.scenarios.environment_picker import EnvironmentPicker
from wsgui.ui.window.action_catalog import keyboard_markdown, shortcut_rows
from wsgui.ui.window.main_window import MainWindow
from wsgui.ui.window.runtime import build_window

Rows = list[tuple[str, str, str]]


def documented_rows(window: MainWindow) -> Rows:
    """The window's keys with the live log in front, then those an opened log adds (its
    Send again has a key too). The window must be shown."""
    rows = shortcut_rows(window, window.menuBar())
    window.log_tabs.open_log("opened.ndjson", [message_entry(Direction.SENT, "x")])
    rows += [row for row in shortcut_rows(window, window.menuBar()) if row not in rows]
    window.log_tabs.close_tab(window.log_tabs.count() - 1)
    return rows


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix="wsgui-keys-"))
    environments = EnvironmentPicker(folder / "environments.toml")
    journal = Journal(folder / "history.sqlite3")
    window = build_window(
        None, ProfileStore(folder, KeyringSecrets()), environments=environments, journal=journal
    )
    window.show()
    app.processEvents()
    print(keyboard_markdown(documented_rows(window)))
    journal.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
