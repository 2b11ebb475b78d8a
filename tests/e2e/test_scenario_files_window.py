"""Scenario files from the window: Log > Save session as scenario… (and the log's context
menu) writes the selected entries, or all, through a non-modal file picker; File > Export
profile as scenario… and File > Open scenario as connection… go between profiles and
scenario files. Secrets never reach a file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from tests.helpers.secrets import MemoryKeyring
from tests.helpers.servers import ws_server
from tests.helpers.ui import wait_until
from wsgui.core.model.entries import Direction, ReadyState
from wsgui.core.model.options import ConnectOptions, Header
from wsgui.core.model.secrets import KeyringSecrets
from wsgui.core.profiles.profile import Profile
from wsgui.core.profiles.store import ProfileStore
from wsgui.core.scenarios.scenario import load
from wsgui.ui.common.window_state import WindowState
from wsgui.ui.window import scenario_files
from wsgui.ui.window.action_catalog import menu_entries
from wsgui.ui.window.main_window import MainWindow
from wsgui.ui.window.runtime import build_window

SECRET = "Bearer s3cr3t-in-the-window"


@pytest.fixture
def window(qapp: Any, tmp_path: Path, memory_keyring: MemoryKeyring) -> Iterator[MainWindow]:
    store = ProfileStore(tmp_path / "profiles", KeyringSecrets())
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = build_window(None, store, WindowState(settings))
    window.show()
    yield window
    window.close()


def menu_action(window: MainWindow, menu: str, name: str) -> QAction:
    """The action called ``name`` in the menu bar's ``menu`` (as the palette lists them)."""
    for entry in menu_entries(window.menuBar()):
        if (entry.path, entry.name) == (menu, name):
            return entry.action
    raise AssertionError(f"no {name} in the {menu} menu")


def choose(window: MainWindow, path: Path) -> None:
    dialog = window.scenario_files.dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    dialog.selectFile(str(path))
    dialog.accept()


async def converse(window: MainWindow, base: str) -> None:
    """Connect with a secret header, send two texts, get their echoes."""
    options = ConnectOptions(url=f"{base}/echo", headers=(Header("Authorization", SECRET),))
    window.panel.load_options(options)
    window.panel.connect_button.click()
    await wait_until(lambda: window.controller.state is ReadyState.OPEN)
    for text in ("hello", "world"):
        window.composer.editor.setPlainText(text)
        window.composer.send_button.click()
    await wait_until(lambda: received(window) == ["hello", "world"])


def received(window: MainWindow) -> list[str | bytes]:
    window.model.flush()
    entries = [window.model.entry(row) for row in range(window.model.rowCount())]
    return [e.payload for e in entries if e.direction is Direction.RECEIVED]


def test_save_session_writes_the_whole_log_then_only_the_selected_entries(
    window: MainWindow, run_async: Any, tmp_path: Path
) -> None:
    said: list[str] = []

    async def scenario() -> None:
        async with ws_server() as base:
            await converse(window, base)
            menu_action(window, "Log", "Save session as scenario…").trigger()
            choose(window, tmp_path / "whole")  # no suffix: .toml is added
            window.model.flush()
            row = next(  # the echo of "world", as the filtered view shows it
                r
                for r in range(window.filtered.rowCount())
                if window.filtered.entry(r).payload == "world"
                and window.filtered.entry(r).direction is Direction.RECEIVED
            )
            window.log_view.selectRow(row)
            (save,) = [
                a for a in window.log_view.context_menu().actions() if "scenario" in a.text()
            ]
            save.trigger()
            choose(window, tmp_path / "one.toml")
            said.append(window.statusBar().currentMessage())
            window.panel.connect_button.click()
            await wait_until(lambda: window.controller.state is ReadyState.CLOSED)
        await window.controller.shutdown()

    run_async(scenario())
    whole = load(tmp_path / "whole.toml")
    assert [(s.action, s.value) for s in whole.steps] == [
        ("send", "hello"),
        ("send", "world"),
        ("expect", "hello"),
        ("expect", "world"),
    ] or [(s.action, s.value) for s in whole.steps] == [
        ("send", "hello"),
        ("expect", "hello"),
        ("send", "world"),
        ("expect", "world"),
    ]
    assert whole.headers == (("Authorization", "Bearer ${WSGUI_AUTHORIZATION}"),)
    text = (tmp_path / "whole.toml").read_text()
    assert "s3cr3t" not in text and "s3cr3t" not in (tmp_path / "one.toml").read_text()
    one = load(tmp_path / "one.toml")
    assert [(s.action, s.value) for s in one.steps] == [("expect", "world")]
    assert said == [
        f"Saved 1 step to {tmp_path / 'one.toml'}; Header Authorization: set "
        "WSGUI_AUTHORIZATION in the environment to the value after 'Bearer '"
    ]


def test_save_session_says_why_when_there_is_nothing_too_much_or_it_cannot_write(
    window: MainWindow, run_async: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.panel.url_edit.setText("ws://127.0.0.1:9/")
    menu_action(window, "Log", "Save session as scenario…").trigger()
    assert window.statusBar().currentMessage() == (
        "Scenario not saved: the log is empty (connect, send, then save)"
    )
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    said: list[str] = []

    async def scenario() -> None:
        async with ws_server() as base:
            await converse(window, base)
            with monkeypatch.context() as patch:
                patch.setattr(scenario_files, "MAX_ENTRIES", 3)
                assert window.scenario_files.save_session() is None
                said.append(window.statusBar().currentMessage())
            window.scenario_files.save_session()
            choose(window, blocker / "s.toml")
            said.append(window.statusBar().currentMessage())
        await window.controller.shutdown()

    run_async(scenario())
    assert said[0] == (
        "Scenario not saved: the log holds 5 entries; a scenario takes at most 3 (select the "
        "ones to save)"
    )
    assert said[1].startswith(f"Scenario not saved: {blocker / 's.toml'}: not written (")


def test_a_profile_exports_as_a_scenario_and_a_scenario_opens_as_a_connection(
    window: MainWindow, tmp_path: Path
) -> None:
    profiles = window.profiles
    assert profiles is not None and window.profiles_panel is not None
    options = ConnectOptions(
        url="ws://127.0.0.1:9/chat",
        subprotocols=("v2",),
        headers=(Header("X-Api-Key", "k3y-s3cr3t"), Header("X-Team", "blue")),
    )
    profiles.add(Profile("Chat", options))
    window.profiles_panel.select("Chat")
    menu_action(window, "File", "Export profile as scenario…").trigger()
    choose(window, tmp_path / "chat.toml")
    text = (tmp_path / "chat.toml").read_text()
    assert "k3y-s3cr3t" not in text and load(tmp_path / "chat.toml").steps == ()
    assert window.profiles_panel.message.text() == (
        f"Exported profile 'Chat' as the scenario {tmp_path / 'chat.toml'} "
        "(1 secret(s) written as references)"
    )
    scenario_file = tmp_path / "room.toml"
    scenario_file.write_text(
        text.replace('name = "Chat"', 'name = "Room"') + '\n[[step]]\nsend = "hi"\n'
    )
    menu_action(window, "File", "Open scenario as connection…").trigger()
    choose(window, scenario_file)
    opened = profiles.find("Room")
    assert opened is not None and profiles.current is opened
    assert window.panel.url_edit.text() == "ws://127.0.0.1:9/chat"
    assert opened.options.subprotocols == ("v2",)
    assert [(h.name, h.value) for h in opened.options.headers] == [
        ("X-Api-Key", "${WSGUI_X_API_KEY}"),
        ("X-Team", "blue"),
    ]
    assert window.profiles_panel.message.text() == (
        "Imported 1 profile(s) from room.toml\n"
        "Room: its 1 step stays in the scenario file (play it with wsgui run)"
    )


def test_a_scenario_file_that_cannot_be_read_is_named_with_the_problem(
    window: MainWindow, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('[connect]\nurl = ""\n')
    window.scenario_files.open_scenario()
    choose(window, broken)
    assert window.profiles_panel is not None
    assert window.profiles_panel.message.text() == (
        f'Not opened: {broken}: [connect] needs url = "ws://host:port/path"'
    )


async def _stamping(ws: Any) -> None:
    """Answers each text with JSON: the text as "op", and an id and a time that change."""
    import json
    import time
    import uuid

    async for message in ws:
        await ws.send(json.dumps({"op": message, "id": str(uuid.uuid4()), "ts": time.time()}))


def test_received_json_asks_which_fields_to_check_and_replays_without_flaking(
    window: MainWindow, run_async: Any, tmp_path: Path
) -> None:
    """The id and time are unticked: the saved scenario passes against the same server
    again (new ids, new times) and fails, saying which field, when "op" changes."""
    from websockets.asyncio.server import serve

    from wsgui.core.scenarios.runner import run_scenario
    from wsgui.core.scenarios.variables import Scope

    results: list[Any] = []

    async def shouting(ws: Any) -> None:
        import json

        async for message in ws:
            await ws.send(json.dumps({"op": message.upper(), "id": "x", "ts": 0}))

    async def scenario() -> None:
        async with serve(_stamping, "127.0.0.1", 0) as server:
            port = server.sockets[0].getsockname()[1]
            window.panel.load_options(ConnectOptions(url=f"ws://127.0.0.1:{port}/"))
            window.panel.connect_button.click()
            await wait_until(lambda: window.controller.state is ReadyState.OPEN)
            window.composer.editor.setPlainText("hello")
            window.composer.send_button.click()
            await wait_until(lambda: len(received(window)) == 1)
            assert window.scenario_files.save_session() is None  # the field choice first
            dialog = window.scenario_files.record_dialog
            assert dialog is not None and dialog.isVisible()
            assert dialog.ticked() == ("$.op",)  # id and ts look like they change
            dialog.within.setValue(2.0)
            dialog.save_button.click()
            choose(window, tmp_path / "stamped.toml")
            window.panel.connect_button.click()
            await wait_until(lambda: window.controller.state is ReadyState.CLOSED)
            saved = load(tmp_path / "stamped.toml")
            results.append(await run_scenario(saved, Scope()))
        async with serve(shouting, "127.0.0.1", port):
            results.append(await run_scenario(saved, Scope()))
        await window.controller.shutdown()

    run_async(scenario(), timeout=30)
    again, changed = results
    assert [s.passed for s in again.steps] == [True, True], again
    assert [s.passed for s in changed.steps] == [True, False]
    assert changed.steps[1].reason.startswith('expected JSON with $.op == "hello" within 2 s')
    assert '$.op is "HELLO", not "hello"' in changed.steps[1].reason


def test_the_field_choice_refuses_nothing_ticked(window: MainWindow) -> None:
    from wsgui.core.scenarios.recording import FieldChoice
    from wsgui.ui.scenarios.record_dialog import RecordDialog

    dialog = RecordDialog([FieldChoice("$.id", "a1", True)], 3, window)
    chosen: list[Any] = []
    dialog.chosen.connect(chosen.append)
    dialog.open()
    dialog.save_button.click()
    assert dialog.message.text() == "Tick at least one field, or expect every received text exactly"
    assert chosen == [] and dialog.isVisible()
    dialog.exact.setChecked(True)
    dialog.save_button.click()
    assert chosen[0].exact and chosen[0].paths == () and not dialog.isVisible()
