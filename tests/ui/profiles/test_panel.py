"""The profiles panel in the real window: one click saves a secret as ${VARIABLE} where no
keyring exists, the saved-messages box is labelled or hidden, dialogs fit their titles, the
selection follows the current tab, a new profile is named host:port."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import QSettings
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from tests.helpers.servers import ws_server
from tests.helpers.ui import wait_until
from wsgui.core.model.entries import ReadyState
from wsgui.core.model.options import Auth, ConnectOptions, Header
from wsgui.core.model.secrets import KeyringSecrets
from wsgui.core.profiles.profile import Profile, SavedMessage
from wsgui.core.profiles.store import ProfileStore
from wsgui.ui.common.window_state import WindowState
from wsgui.ui.profiles.panel import ProfilesPanel
from wsgui.ui.window.main_window import MainWindow
from wsgui.ui.window.runtime import build_window

VARIABLES = ("WSGUI_AUTHORIZATION", "WSGUI_COOKIE", "WSGUI_AUTH_TOKEN")


def window_with(store: ProfileStore, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = build_window(None, store, WindowState(settings))
    window.show()
    return window


def panel_of(window: MainWindow) -> ProfilesPanel:
    assert window.profiles_panel is not None
    return window.profiles_panel


def answer_name(window: MainWindow, name: str | None = None) -> str:
    """Accept the name prompt (with ``name`` typed, else as offered); the name it offered."""
    dialog = panel_of(window).name_dialog
    assert dialog is not None and dialog.isVisible()
    offered = dialog.textValue()
    if name is not None:
        dialog.setTextValue(name)
    dialog.accept()
    return offered


def selected_name(window: MainWindow) -> str | None:
    profile = panel_of(window).selected()
    return None if profile is None else profile.name


@pytest.fixture
def keyless_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ProfileStore]:
    """A store on a machine without an OS keyring; the variables the test sets are undone."""
    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    for name in VARIABLES:
        monkeypatch.setenv(name, "")  # recorded as unset before the test: undone after
        monkeypatch.delenv(name)
    yield ProfileStore(tmp_path / "profiles", KeyringSecrets())


def test_without_a_keyring_one_click_saves_the_secrets_as_variables(
    run_async: Any, keyless_store: ProfileStore, tmp_path: Path
) -> None:
    window = window_with(keyless_store, tmp_path)
    panel = panel_of(window)
    button = panel.replace_secrets
    assert button.objectName() == "replaceSecretsButton" and button.isHidden()

    async def scenario() -> None:
        async with ws_server() as base:
            options = ConnectOptions(
                url=f"{base}/headers",
                headers=(Header("Authorization", "Bearer abc"), Header("Cookie", "sid=c00kie")),
            )
            window.panel.load_options(options)
            panel.save_as()
            answer_name(window, "Keyless")
            assert not keyless_store.path_for("Keyless").exists()
            assert panel.message.text() == (
                "Profile 'Keyless' not saved: no OS keyring can keep the secret in Header "
                "Authorization, Header Cookie. Replace them with ${WSGUI_AUTHORIZATION}, "
                "${WSGUI_COOKIE}, read from the environment when connecting."
            )
            assert button.isVisible() and button.text() == "Replace with ${VARIABLE} and save"
            assert "Replace with ${…} variables and save" in button.toolTip()
            assert panel.secrets_note.isHidden()  # the message says it: not twice

            button.click()
            written = keyless_store.path_for("Keyless").read_text()
            assert "abc" not in written and "c00kie" not in written
            assert json.loads(written)["headers"] == [
                {"name": "Authorization", "value": "Bearer ${WSGUI_AUTHORIZATION}"},
                {"name": "Cookie", "value": "${WSGUI_COOKIE}"},
            ]
            # The tab shows the references (nothing secret left to mask), and says what to set.
            assert window.panel.headers_table.headers() == (
                Header("Authorization", "Bearer ${WSGUI_AUTHORIZATION}"),
                Header("Cookie", "${WSGUI_COOKIE}"),
            )
            assert panel.message.text() == (
                f"Saved profile 'Keyless' to {keyless_store.path_for('Keyless')}; its secrets "
                "are read from the environment:\n"
                "Header Authorization: WSGUI_AUTHORIZATION holds the value after 'Bearer '\n"
                "Header Cookie: WSGUI_COOKIE holds the value\n"
                "Set for this session; before starting wsgui again: "
                "export WSGUI_AUTHORIZATION=… WSGUI_COOKIE=…"
            )
            assert button.isHidden() and not panel.secrets_note.isHidden()
            assert window.profiles is not None and not window.profiles.dirty
            assert window.windowTitle().startswith("Keyless — ")
            # This session has the values: connecting sends what was typed.
            window.panel.connect_button.click()
            await wait_until(lambda: window.controller.state is ReadyState.OPEN)
            window.model.flush()
            received = [window.model.entry(r).payload for r in range(window.model.rowCount())]
            sent = next(json.loads(p) for p in received if isinstance(p, str) and "[[" in p)
            assert ["Authorization", "Bearer abc"] in sent and ["Cookie", "sid=c00kie"] in sent
            await window.controller.shutdown()

    run_async(scenario())
    assert os.environ["WSGUI_AUTHORIZATION"] == "abc"
    window.close()


def test_the_auth_helpers_secret_is_replaced_too(
    qapp: Any, keyless_store: ProfileStore, tmp_path: Path
) -> None:
    window = window_with(keyless_store, tmp_path)
    panel = panel_of(window)
    bearer = ConnectOptions(url="ws://t.test/", auth=Auth.BEARER, auth_secret="tok-123")
    window.panel.load_options(bearer)
    panel.save_as()
    answer_name(window, "Token")
    assert "Auth secret. Replace it with ${WSGUI_AUTH_TOKEN}," in panel.message.text()
    panel.replace_secrets.click()
    written = keyless_store.path_for("Token").read_text()
    assert "tok-123" not in written
    assert json.loads(written)["auth_secret"] == "${WSGUI_AUTH_TOKEN}"
    editor = window.panel.tabs.auth_editor
    assert editor.kind() is Auth.BEARER and editor.secret_edit.text() == "${WSGUI_AUTH_TOKEN}"
    assert "Auth secret: WSGUI_AUTH_TOKEN holds the value\n" in panel.message.text()
    window.close()


def test_the_offer_goes_with_the_tab_it_was_made_for(
    qapp: Any, keyless_store: ProfileStore, tmp_path: Path
) -> None:
    window = window_with(keyless_store, tmp_path)
    panel = panel_of(window)
    window.panel.load("ws://a.test/", [], "", [Header("Cookie", "sid=1")])
    panel.save_as()
    assert answer_name(window, "A") == "a.test:80"
    assert panel.replace_secrets.isVisible()
    window.new_tab()  # another tab: its fields are not the ones refused
    assert panel.replace_secrets.isHidden()
    assert window.profiles is not None and window.profiles.refused is None
    window.close()


def test_the_saved_messages_box_is_labelled_or_hidden(
    qapp: Any, store: ProfileStore, tmp_path: Path
) -> None:
    window = window_with(store, tmp_path)
    panel = panel_of(window)
    assert panel.messages.objectName() == "savedMessages"
    assert panel.messages.isHidden() and panel.messages_title.isHidden()  # nothing to show
    messages = (SavedMessage("hi", "hello"), SavedMessage("in", "AAE=", "base64", "received"))
    assert window.profiles is not None
    window.profiles.add(Profile("Chat", ConnectOptions(url="ws://c.test/"), messages))
    window.profiles.add(Profile("Plain", ConnectOptions(url="ws://p.test/")))
    assert panel.messages.isHidden()
    panel.list.setCurrentRow(0)
    assert selected_name(window) == "Chat"
    assert panel.messages.isVisible() and panel.messages_title.isVisible()
    assert panel.messages_title.text() == "Saved messages of Chat (2)"
    assert panel.messages.count() == 2
    panel.list.setCurrentRow(1)
    assert panel.messages.isHidden() and panel.messages_title.isHidden()
    window.close()


def title_fits(dialog: QWidget) -> bool:
    """Wide enough for the title in the application's font, plus a title bar's buttons."""
    text = QFontMetrics(QApplication.font()).horizontalAdvance(dialog.windowTitle())
    return dialog.width() >= text + 150


def test_dialogs_are_wide_enough_for_their_titles(
    qapp: Any, store: ProfileStore, tmp_path: Path
) -> None:
    store.save(Profile("A profile with a rather long name", ConnectOptions(url="ws://a.test/")))
    window = window_with(store, tmp_path)
    panel = panel_of(window)
    assert window.profiles is not None and window.profile_binding is not None
    seen: dict[str, int] = {}

    def check(dialog: QWidget | None) -> None:
        assert dialog is not None and dialog.isVisible()
        qapp.processEvents()
        seen[dialog.windowTitle()] = dialog.width()
        assert title_fits(dialog), (dialog.windowTitle(), dialog.width())
        dialog.close()

    panel.save_as()
    check(panel.name_dialog)
    panel.list.setCurrentRow(0)
    panel.rename()
    check(panel.name_dialog)
    window.profile_binding.open_now(window.profiles.profiles[0])
    window.panel.origin_edit.setText("http://changed.test")
    panel.new()  # unsaved changes: asks first
    check(window.profile_binding.prompt)
    io = window.profile_io
    for pick in (io.import_har, io.import_profiles, io.export_all):
        check(pick())
    exported = io.export_one(window.profiles.profiles[0])
    assert exported.windowTitle() == "Export profile"  # the name is in the file name
    assert exported.selectedFiles()[0].endswith("A-profile-with-a-rather-long-name.json")
    check(exported)
    assert set(seen) >= {"Save profile as", "Rename profile", "Unsaved changes"}
    assert isinstance(io.dialog, QFileDialog)
    window.panel.origin_edit.setText("")  # as saved: closing does not ask
    window.close()


def test_the_selection_follows_the_current_tab(
    qapp: Any, store: ProfileStore, tmp_path: Path
) -> None:
    for name in ("Alpha", "Beta"):
        store.save(Profile(name, ConnectOptions(url=f"ws://{name.lower()}.test/")))
    window = window_with(store, tmp_path)
    panel, binding, profiles = panel_of(window), window.profile_binding, window.profiles
    assert binding is not None and profiles is not None
    first = window.page
    binding.open_now(profiles.find("Alpha"))
    second = window.new_tab()
    assert selected_name(window) is None  # a new tab has no profile
    assert not panel.buttons["Rename…"].isEnabled()
    binding.open_now(profiles.find("Beta"))
    assert selected_name(window) == "Beta"
    window.tabs.setCurrentWidget(first)
    assert selected_name(window) == "Alpha" and window.windowTitle().startswith("Alpha — ")
    panel.rename()
    assert answer_name(window, "Alpha renamed") == "Alpha"  # the tab's profile, as titled
    assert [p.name for p in profiles.profiles] == ["Alpha renamed", "Beta"]
    assert selected_name(window) == "Alpha renamed"
    window.tabs.setCurrentWidget(second)
    assert selected_name(window) == "Beta"
    panel.list.setCurrentRow(0)  # the user may still pick another one to act on
    assert selected_name(window) == "Alpha renamed"
    panel.rename()
    answer_name(window, "Gamma")  # not the tab's profile: it stays selected, renamed
    assert selected_name(window) == "Gamma" and window.windowTitle().startswith("Beta — ")
    window.close()


def test_save_as_in_another_tab_selects_the_new_profile(
    qapp: Any, store: ProfileStore, tmp_path: Path
) -> None:
    """The report's steps: save tab A as "A"; in tab B, Save as "B"; Rename offers "B"."""
    window = window_with(store, tmp_path)
    window.panel.url_edit.setText("ws://a.test/")
    panel_of(window).save_as()
    answer_name(window, "A")
    window.new_tab().panel.url_edit.setText("ws://b.test/")
    panel_of(window).save_as()
    answer_name(window, "B")
    assert selected_name(window) == "B"
    panel_of(window).rename()
    assert answer_name(window) == "B"
    window.close()


def test_a_new_profile_is_named_after_host_and_port(
    qapp: Any, store: ProfileStore, tmp_path: Path
) -> None:
    window = window_with(store, tmp_path)
    window.panel.url_edit.setText("localhost:18090/feed")
    panel_of(window).save_as()
    assert answer_name(window) == "localhost:18090"
    assert store.path_for("localhost:18090").exists()
    window.new_tab().panel.url_edit.setText("ws://localhost:18090/other")
    panel_of(window).save_as()
    assert answer_name(window) == "localhost:18090 (2)"
    window.new_tab()  # no URL yet
    panel_of(window).save_as()
    assert answer_name(window) == "New profile"
    window.close()
