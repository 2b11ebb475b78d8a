"""Snippets in the window: saved from the composer, sent by click and Alt+N, kept with the
profile, and the on-connect sequence run after the connection opens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction, QKeySequence

from tests.helpers.servers import ws_server
from tests.helpers.ui import WindowDriver, wait_until
from wsgui.core.model.options import ConnectOptions
from wsgui.core.profiles.profile import Profile, SavedMessage
from wsgui.core.profiles.store import ProfileStore
from wsgui.ui.window.runtime import build_window


def test_snippets_saved_sent_and_kept_with_the_profile(
    run_async: Any, store: ProfileStore, tmp_path: Path
) -> None:
    window = build_window(None, store)
    driver = WindowDriver(window=window)  # connects its states, shows it
    snippets, composer = window.snippets, window.composer

    async def scenario() -> None:
        async with ws_server() as base:
            store.save(Profile("Echo", ConnectOptions(url=f"{base}/echo")))
            assert window.profiles is not None and window.profile_binding is not None
            window.profiles.reload()
            window.profile_binding.open_now(window.profiles.find("Echo"))
            composer.set_mode("json")
            composer.editor.setPlainText('{"op": "sub"')
            snippets._named("broken")
            assert snippets.message.text().startswith("Snippet not saved: JSON: line 1")
            composer.editor.setPlainText('{"op": "sub"}')
            dialog = snippets._ask_name()
            dialog.setTextValue("subscribe")
            dialog.accept()
            composer.set_mode("hex")
            composer.editor.setPlainText("00 ff")
            snippets._named("raw")
            assert window.profiles.dirty  # snippets are part of the profile
            window.profiles.save()
            window.panel.toggle()
            await wait_until(lambda: window.controller.state.name == "OPEN")
            snippets.list.setCurrentRow(0)
            snippets.buttons["sendSnippetButton"].click()
            alt_2 = window.findChild(QAction, "sendSnippet2")  # Message > Send snippet
            window.inspector.setCurrentIndex(0)  # Alt+N must work with the Snippets tab hidden
            assert alt_2.shortcut() == QKeySequence("Alt+2")
            alt_2.trigger()  # the offscreen platform has no active window to type into
            await wait_until(lambda: len(driver.received()) == 2)
            await driver.disconnect()
        await window.controller.shutdown()

    run_async(scenario())
    assert driver.received() == ['{"op": "sub"}', b"\x00\xff"]
    saved = store.load("Echo").messages
    assert [(m.name, m.mode, m.body) for m in saved] == [
        ("subscribe", "json", '{"op": "sub"}'),
        ("raw", "hex", "00 ff"),
    ]
    assert snippets.list.item(1).text().startswith("Alt+2  raw · Hex bytes · 00 ff")


def test_on_connect_sequence_runs_after_each_open(run_async: Any) -> None:
    driver = WindowDriver()
    window = driver.window
    snippets = window.snippets
    snippets.load(
        (
            SavedMessage("auth", "login", on_connect=True, wait_for="^login$"),
            SavedMessage("manual", "not on connect"),
            SavedMessage("subscribe", "sub", on_connect=True),
        )
    )
    snippets.list.setCurrentRow(0)
    snippets.wait_for.setText("(")
    snippets.wait_for.editingFinished.emit()
    assert snippets.message.text().startswith("Wait for: invalid regular expression")
    assert snippets.snippets[0].wait_for == "^login$"  # the bad pattern was not kept

    async def scenario() -> None:
        async with ws_server() as base:
            for run in range(1, 3):  # a second open runs it again
                await driver.connect(f"{base}/echo")
                await wait_until(lambda n=run: driver.received().count("sub") == n)
                await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())
    assert driver.received() == ["login", "sub"] * 2
