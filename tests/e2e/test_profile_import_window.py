"""Import and export from the File menu: command lines, a HAR file, export files."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog

from tests.helpers.secrets import MemoryKeyring
from wsgui.core.model.options import ConnectOptions, Header
from wsgui.core.model.secrets import KeyringSecrets
from wsgui.core.profiles.profile import Profile
from wsgui.core.profiles.store import ProfileStore
from wsgui.ui.common.window_state import WindowState
from wsgui.ui.profiles.import_command_dialog import ImportCommandDialog
from wsgui.ui.window.main_window import MainWindow
from wsgui.ui.window.runtime import build_window


@pytest.fixture
def window(qapp: Any, tmp_path: Path, memory_keyring: MemoryKeyring) -> Iterator[MainWindow]:
    store = ProfileStore(tmp_path / "profiles", KeyringSecrets())
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = build_window(None, store, WindowState(settings))
    window.show()
    yield window
    window.close()


def choose_file(window: MainWindow, path: Path) -> None:
    dialog = window.profile_io.dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    dialog.selectFile(str(path))
    dialog.accept()


COMMANDS = {
    "wscat": "wscat -c ws://127.0.0.1:9/chat -s v2 -H 'X-Team: blue' -o http://o.test",
    "websocat": "websocat --protocol v2 -H 'X-Team: blue' --origin http://o.test ws://127.0.0.1:9/chat",
    "curl": (
        "curl -i -N --http1.1 -H 'Connection: Upgrade' -H 'Upgrade: websocket' \\\n"
        "  -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' \\\n"
        "  -H 'Sec-WebSocket-Protocol: v2' -H 'X-Team: blue' -H 'Origin: http://o.test' \\\n"
        "  http://127.0.0.1:9/chat"
    ),
}


@pytest.mark.parametrize("tool", sorted(COMMANDS))
def test_import_a_pasted_command_line(window: MainWindow, tool: str) -> None:
    dialog = window.profile_io.import_command_line()
    dialog.editor.setPlainText(COMMANDS[tool])
    dialog.submit()
    assert not dialog.isVisible()
    assert window.profiles is not None and window.profiles.current is not None
    panel = window.panel
    assert panel.url_edit.text() == "ws://127.0.0.1:9/chat"
    assert panel.subprotocols_edit.text() == "v2"
    assert panel.origin_edit.text() == "http://o.test"
    assert Header("X-Team", "blue") in panel.headers_table.headers()
    assert [p.name for p in window.profiles.profiles] == ["127.0.0.1:9/chat"]


def test_a_bad_command_line_is_explained_and_the_dialog_stays(window: MainWindow) -> None:
    dialog = window.profile_io.import_command_line()
    assert isinstance(dialog, ImportCommandDialog)
    dialog.editor.setPlainText("ssh example.test")
    dialog.submit()
    assert dialog.isVisible()
    assert dialog.message.text() == ("Not a wscat, websocat or curl command: it starts with 'ssh'")


def test_import_a_har_file(window: MainWindow, tmp_path: Path) -> None:
    har = {
        "log": {
            "entries": [
                {
                    "_resourceType": "websocket",
                    "request": {
                        "url": "wss://feed.test/live",
                        "headers": [
                            {"name": "Sec-WebSocket-Protocol", "value": "v1"},
                            {"name": "Cookie", "value": "sid=s3cr3t"},
                        ],
                    },
                    "response": {"status": 101, "headers": []},
                    "_webSocketMessages": [
                        {"type": "send", "time": 1.5, "opcode": 1, "data": "subscribe"},
                        {
                            "type": "receive",
                            "time": 1.6,
                            "opcode": 2,
                            "data": base64.b64encode(b"\x00\x01").decode(),
                        },
                    ],
                },
                {"request": {"url": "https://feed.test/app.js", "headers": []},
                 "response": {"status": 200, "headers": []}},
            ]
        }
    }  # fmt: skip
    path = tmp_path / "session.har"
    path.write_text(json.dumps(har))
    window.profile_io.import_har()
    choose_file(window, path)
    assert window.profiles is not None
    (profile,) = window.profiles.profiles
    assert profile.options.url == "wss://feed.test/live"
    assert profile.options.subprotocols == ("v1",)
    assert [(m.direction, m.mode, m.body) for m in profile.messages] == [
        ("sent", "text", "subscribe"),
        ("received", "base64", "AAE="),
    ]
    written = window.profiles.store.path_for(profile.name).read_text()
    assert "s3cr3t" not in written and '"subscribe"' in written
    assert window.profiles_panel is not None
    assert window.profiles_panel.message.text().startswith(
        "Imported 1 profile(s) from session.har with 2 saved message(s)"
    )
    window.profiles_panel.list.setCurrentRow(0)
    listed = window.profiles_panel.messages
    assert [listed.item(i).text() for i in range(listed.count())] == [
        "↑ sent · text · subscribe",
        "↓ received · base64 · AAE=",
    ]


def test_export_then_import_all_profiles(window: MainWindow, tmp_path: Path) -> None:
    profiles = window.profiles
    assert profiles is not None
    profiles.add(Profile("One", ConnectOptions(url="ws://1.test/")))
    secret = (Header("Authorization", "Bearer s3cr3t"),)
    profiles.add(Profile("Two", ConnectOptions(url="ws://2.test/", headers=secret)))
    target = tmp_path / "exported.json"
    window.profile_io.export_all()
    choose_file(window, target)
    text = target.read_text()
    assert "s3cr3t" not in text
    document = json.loads(text)
    assert document["notes"] == ["Two: Authorization value not exported"]
    for profile in list(profiles.profiles):
        profiles.delete(profile)
    window.profile_io.import_profiles()
    choose_file(window, target)
    assert [p.name for p in profiles.profiles] == ["One", "Two"]
    assert profiles.find("Two").options.headers == (Header("Authorization", ""),)  # type: ignore[union-attr]
