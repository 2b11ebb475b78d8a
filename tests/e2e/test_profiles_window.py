"""Profiles in the real window: create, edit, save, reopen, rename, delete and undo, the
unsaved-changes prompt, recent URLs and remembered geometry, and the command line."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import keyring
import pytest
from PySide6.QtCore import QSettings

from tests.helpers.servers import ws_server
from tests.helpers.ui import WindowDriver
from wsgui.core.model.entries import ReadyState
from wsgui.core.model.options import ConnectOptions, Header
from wsgui.core.model.secrets import KeyringSecrets
from wsgui.core.profiles.profile import Profile
from wsgui.core.profiles.store import ProfileStore
from wsgui.ui.common.window_state import WindowState
from wsgui.ui.profiles.unsaved_prompt import DISCARD, SAVE
from wsgui.ui.window.main_window import MainWindow
from wsgui.ui.window.runtime import build_window


def window_with(store: ProfileStore, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = build_window(None, store, WindowState(settings))
    window.show()
    return window


def answer_name(window: MainWindow, name: str) -> None:
    assert window.profiles_panel is not None
    dialog = window.profiles_panel.name_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.setTextValue(name)
    dialog.accept()


def test_save_as_reopen_edit_prompt_rename_delete_undo(
    qapp: Any, store: ProfileStore, tmp_path: Path
) -> None:
    window = window_with(store, tmp_path)
    panel, profiles = window.panel, window.profiles
    assert profiles is not None and window.profiles_panel is not None
    buttons = window.profiles_panel.buttons
    panel.load("ws://a.test/x", ["chat"], "http://o.test", [Header("Authorization", "Bearer t")])

    buttons["Save as…"].click()
    answer_name(window, "Alpha")
    assert [p.name for p in profiles.profiles] == ["Alpha"]
    assert "Bearer t" not in store.path_for("Alpha").read_text()
    assert window.windowTitle().startswith("Alpha — ")

    panel.url_edit.setText("ws://a.test/changed")
    assert profiles.dirty and window.windowTitle().startswith("Alpha* — ")
    assert window.profiles_panel.list.item(0).text() == "* Alpha"

    window.profiles_panel.new()  # switching away with unsaved changes asks first
    binding = window.profile_binding
    assert binding is not None and binding.prompt is not None
    binding.prompt.choose(SAVE)
    assert store.load("Alpha").options.url == "ws://a.test/changed"
    assert panel.url_edit.text() == "" and profiles.current is None

    item = window.profiles_panel.list.item(0)
    window.profiles_panel.list.itemDoubleClicked.emit(item)
    assert panel.url_edit.text() == "ws://a.test/changed"
    assert panel.headers_table.headers() == (Header("Authorization", "Bearer t"),)
    assert not profiles.dirty

    window.profiles_panel.list.setCurrentRow(0)
    buttons["Rename…"].click()
    answer_name(window, "Beta")
    assert [p.name for p in profiles.profiles] == ["Beta"]
    assert not store.path_for("Alpha").exists()

    buttons["Duplicate"].click()
    assert [p.name for p in profiles.profiles] == ["Beta", "Beta copy"]
    window.profiles_panel.list.setCurrentRow(1)
    buttons["Delete"].click()
    assert [p.name for p in profiles.profiles] == ["Beta"]
    assert buttons["Undo delete"].isEnabled()
    buttons["Undo delete"].click()
    assert [p.name for p in profiles.profiles] == ["Beta", "Beta copy"]
    assert store.load("Beta copy").options.headers[0].value == "Bearer t"
    window.close()


def test_search_filters_the_list(qapp: Any, store: ProfileStore, tmp_path: Path) -> None:
    for name, url in (("Prod feed", "wss://prod.test/"), ("Local", "ws://127.0.0.1:1/")):
        store.save(Profile(name, ConnectOptions(url=url)))
    window = window_with(store, tmp_path)
    assert window.profiles_panel is not None
    window.profiles_panel.search.setText("127.0")
    shown = [
        window.profiles_panel.list.item(i).text() for i in range(window.profiles_panel.list.count())
    ]
    assert shown == ["Local"]
    window.close()


def test_quitting_with_unsaved_changes_asks_and_discard_quits(
    qapp: Any, store: ProfileStore, tmp_path: Path
) -> None:
    store.save(Profile("P", ConnectOptions(url="ws://p.test/")))
    window = window_with(store, tmp_path)
    quits: list[bool] = []
    window.quit_requested.connect(lambda: quits.append(True))
    assert window.profile_binding is not None and window.profiles is not None
    window.profile_binding.open_now(window.profiles.profiles[0])
    window.panel.origin_edit.setText("http://changed.test")
    window.close()
    assert quits == [] and window.profile_binding.prompt is not None
    window.profile_binding.prompt.choose(DISCARD)
    assert quits == [True]
    assert store.load("P").options.origin == ""


def test_failed_save_keeps_the_window_and_says_why(
    qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    store = ProfileStore(tmp_path / "profiles", KeyringSecrets())
    window = window_with(store, tmp_path)
    assert window.profiles_panel is not None
    window.panel.load("ws://s.test/", [], "", [Header("Authorization", "Bearer raw")])
    window.profiles_panel.save_as()
    answer_name(window, "Secretive")
    message = window.profiles_panel.message.text()
    assert message.startswith(
        "Profile 'Secretive' not saved: no OS keyring can keep the secret in Header Authorization."
    )
    assert "${WSGUI_AUTHORIZATION}, read from the environment when connecting" in message
    assert window.profiles_panel.replace_secrets.isVisible()  # the one-click way out
    assert not store.path_for("Secretive").exists()
    window.close()


def test_recent_urls_and_geometry_are_remembered(
    run_async: Any, store: ProfileStore, tmp_path: Path
) -> None:
    window = window_with(store, tmp_path)
    driver = WindowDriver(window=window)  # connects its states, shows it

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            await driver.disconnect()
            seen.append(f"{base}/echo")
        await window.controller.shutdown()

    seen: list[str] = []
    run_async(scenario())
    window.resize(760, 700)
    size = window.size()  # above the minimum size, the request drawer unfolded or not
    window.close()
    again = window_with(store, tmp_path)
    combo = again.panel.url_combo
    assert [combo.itemText(i) for i in range(combo.count())] == seen
    assert again.size() == size and size.width() == 760
    again.close()


def test_command_line_lists_and_opens_profiles(tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "One.json").write_text(json.dumps({"schema": 2, "name": "One", "url": "ws://1/"}))
    env = {"WSGUI_CONFIG_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin"}
    listed = subprocess.run(
        [sys.executable, "-m", "wsgui", "--list-profiles"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert listed.stdout == "One\tws://1/\n"


def test_profile_option_opens_and_connects_and_is_remembered(
    run_async: Any, store: ProfileStore, tmp_path: Path
) -> None:
    from wsgui.app import parse_args
    from wsgui.core.connection.echo_server import LocalEcho, pick_port
    from wsgui.ui.window.runtime import open_window

    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    state = WindowState(settings)

    async def scenario() -> None:
        async with ws_server() as base:
            store.save(Profile("Echo", ConnectOptions(url=f"{base}/echo", origin="http://o.test")))
            args = parse_args(["--profile", "Echo"])
            window = open_window(args, [], LocalEcho(pick_port(0)), store, state)
            while window.controller.state is not ReadyState.OPEN:
                await asyncio.sleep(0.01)
            assert window.panel.origin_edit.text() == "http://o.test"
            assert window.windowTitle().startswith("Echo — ")
            await window.controller.shutdown()
            window.close()

    run_async(scenario())
    assert state.last_profile() == "Echo"


def test_saving_with_an_invalid_option_is_refused_and_loses_nothing(
    qapp: Any, store: ProfileStore, tmp_path: Path
) -> None:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLineEdit

    full = ConnectOptions(url="ws://full.test/", headers=(Header("X-Keep", "1"),), open_timeout=3)
    store.save(Profile("Full", full))
    window = window_with(store, tmp_path)
    assert window.profile_binding is not None and window.profiles is not None
    window.profile_binding.open_now(window.profiles.find("Full"))
    timeout = window.findChild(QLineEdit, "openTimeoutEdit")
    assert timeout is not None
    timeout.clear()
    QTest.keyClicks(timeout, "soon")  # typed: edits by the user mark the profile unsaved
    assert window.profiles.dirty
    window.profiles.save()
    assert store.load("Full").options == full  # the file still has everything
    assert window.profiles_panel is not None
    assert window.profiles_panel.message.text() == (
        "Profile 'Full' not saved: fix the options marked ⚠ first "
        "(Open timeout: 'soon' is not a number of seconds)"
    )
    window.profiles_panel.list.setCurrentRow(0)
    window.profiles_panel.buttons["Delete"].click()  # unsaved changes: refused
    assert store.path_for("Full").exists()
    window.close()
    assert window.profile_binding.prompt is not None
    window.profile_binding.prompt.choose(DISCARD)


def test_recent_urls_keep_no_password_or_token(
    run_async: Any, store: ProfileStore, tmp_path: Path
) -> None:
    window = window_with(store, tmp_path)

    async def scenario() -> None:
        async with ws_server() as base:
            url = base.replace("ws://", "ws://bob:URLSECRET@") + "/echo?access_token=QTOKEN&x=1"
            window.panel.url_edit.setText(url)
            window.panel.connect_button.click()
            while window.controller.state is not ReadyState.OPEN:
                await asyncio.sleep(0.01)
            await window.controller.shutdown()

    run_async(scenario())
    window.close()
    ini = (tmp_path / "window.ini").read_text()
    assert "URLSECRET" not in ini and "QTOKEN" not in ini
    assert "access_token=\\x2026&x=1" in ini or "access_token=…&x=1" in ini


@pytest.mark.parametrize("kind", ["websocket", "socketio"])
def test_a_profile_saved_before_the_new_layout_opens_with_the_same_settings(
    qapp: Any, store: ProfileStore, tmp_path: Path, kind: str
) -> None:
    """Every option of a full profile comes back from the new widgets (the connection kind,
    the Subprotocols & Origin tab, the drawer's tabs), and nothing marks it edited."""
    from dataclasses import replace

    from tests.core.profiles.test_profile import FULL
    from wsgui.core.model.options import Protocol

    valid = [h for h in FULL.headers if h.name != "Authorization"]  # the Auth helper sets it
    import trustme

    ca = trustme.CA()
    leaf = ca.issue_cert("client.example.test")
    files = {name: tmp_path / f"{name}.pem" for name in ("ca", "cert", "key")}
    ca.cert_pem.write_to_path(str(files["ca"]))
    leaf.cert_chain_pems[0].write_to_path(str(files["cert"]))
    leaf.private_key_pem.write_to_path(str(files["key"]))
    options = replace(
        FULL,
        ca_file=str(files["ca"]),
        client_cert=str(files["cert"]),
        client_key=str(files["key"]),
        url="wss://example.test:8443/chat?room=1",
        headers=tuple(valid),
        protocol=Protocol(kind),
    )
    store.save(Profile("Full", options))
    window = window_with(store, tmp_path)
    assert window.profiles is not None and window.profile_binding is not None
    profile = window.profiles.find("Full")
    assert profile is not None
    window.profile_binding.open_now(profile)
    assert window.panel.valid_options() == profile.options
    assert window.panel.kind_combo.currentText() == (
        "Socket.IO" if kind == "socketio" else "WebSocket"
    )
    assert window.panel.subprotocols_edit.text() == "chat.v2, chat.v1"
    assert window.composer.event_fields.isVisibleTo(window) is (kind == "socketio")
    assert not window.profiles.dirty
    window.close()
