"""{{variables}} in the window: the environment chosen in the tab bar's corner resolves the
URL, a header, the message and a snippet when connecting and sending (the fields keep what
was typed); an undefined one is named with its field and nothing connects or is sent; the
environments file is edited in a dialog that refuses a bad file with the reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialogButtonBox

from tests.helpers.servers import ws_server
from tests.helpers.ui import WindowDriver, wait_until
from wsgui.core.model.entries import Direction, ReadyState
from wsgui.core.model.options import Header
from wsgui.core.profiles.profile import SavedMessage
from wsgui.ui.scenarios.environment_picker import NO_ENVIRONMENT, EnvironmentPicker
from wsgui.ui.window.runtime import build_window


def driver_with(picker: EnvironmentPicker) -> WindowDriver:
    window = build_window(None, environments=picker)
    driver = WindowDriver(window=window)  # connects its states, shows it
    return driver


def test_the_environment_resolves_the_url_headers_messages_and_snippets(
    run_async: Any, tmp_path: Path
) -> None:
    path = tmp_path / "environments.toml"
    picker = EnvironmentPicker(path)
    driver = driver_with(picker)
    window, panel, composer = driver.window, driver.window.panel, driver.window.composer
    assert picker.combo.itemText(0) == NO_ENVIRONMENT and picker.combo.count() == 1

    async def scenario() -> None:
        async with ws_server() as base:
            port = base.rsplit(":", 1)[1]
            panel.url_edit.setText("ws://127.0.0.1:{{port}}/{{path}}")
            assert panel.url_message.text() == (
                "URL: variable {{port}} is not defined (add it to the environment, or give "
                "it with --var port=VALUE)"
            )
            panel.connect_button.click()
            assert panel.url_message.text().startswith("Not connected: URL: variable {{port}}")
            assert window.controller.state is ReadyState.CLOSED

            path.write_text(f'[local]\nport = "{port}"\npath = "headers"\nwho = "Ada"\n')
            picker.reload()
            picker.combo.setCurrentText("local")
            assert panel.url_message.text() == f"Will connect to ws://127.0.0.1:{port}/headers"
            panel.tabs.headers_table.set_headers([Header("X-Who", "{{who}}")])
            window.snippets.add(SavedMessage("auth", "auth {{who}}", "text", on_connect=True))
            panel.connect_button.click()
            await wait_until(lambda: window.controller.state is ReadyState.OPEN)
            # the /headers route answers with the request's headers: X-Who went resolved
            await driver.wait_received(1)
            assert '["x-who", "ada"]' in str(driver.received()[0]).lower()
            assert panel.url_edit.text() == "ws://127.0.0.1:{{port}}/{{path}}"  # as typed
            composer.editor.setPlainText("hi {{who}}")
            composer.send_button.click()
            composer.editor.setPlainText("hi {{nobody}}")
            composer.send_button.click()
            assert composer.message.text() == (
                "Message: variable {{nobody}} is not defined (add it to the environment, or "
                "give it with --var nobody=VALUE)"
            )
            window.snippets.add(SavedMessage("greet", "snippet {{who}}", "text"))
            window.page.snippet_binding.send(window.snippets.snippets[-1])
            await wait_until(lambda: len(driver.sent()) >= 3)
            await driver.disconnect()
        await window.controller.shutdown()

    run_async(scenario())
    assert driver.sent() == ["auth Ada", "hi Ada", "snippet Ada"]


def test_the_environments_dialog_refuses_a_bad_file_and_saves_a_good_one(
    qapp: Any, tmp_path: Path
) -> None:
    path = tmp_path / "environments.toml"
    picker = EnvironmentPicker(path)
    dialog = picker.open_editor()
    assert "[local]" in dialog.editor.toPlainText()  # an example to start from
    dialog.editor.setPlainText('[local]\ntoken = { value = "plain" }\n')
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    ok.click()
    assert dialog.message.text().startswith(
        'Not saved: environments.toml: token: a secret is { env = "VARIABLE" } or '
    )
    assert not path.exists()
    dialog.editor.setPlainText('[local]\nhost = "a"\n[staging]\ntoken = "${TOKEN}"\n')
    ok.click()
    assert path.read_text().startswith("[local]") and (path.stat().st_mode & 0o777) == 0o600
    assert [picker.combo.itemText(i) for i in range(picker.combo.count())] == [
        NO_ENVIRONMENT,
        "local",
        "staging",
    ]


def test_a_secret_variable_is_masked_on_the_url_line(
    qapp: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("WSGUI_TEST_SECRET", "hunter2")
    path = tmp_path / "environments.toml"
    path.write_text('[ci]\ntoken = "${WSGUI_TEST_SECRET}"\n')
    picker = EnvironmentPicker(path, remembered="ci")
    driver = driver_with(picker)
    panel = driver.window.panel
    panel.url_edit.setText("ws://127.0.0.1:9/feed?token={{token}}")
    assert "hunter2" not in panel.url_message.text()
    assert panel.url_message.text() == "Will connect to ws://127.0.0.1:9/feed?token=••••••"
    assert picker.resolve_text("{{token}}", "x") == "hunter2"  # what goes on the wire
    driver.window.close()


def test_a_secret_goes_on_the_wire_and_is_masked_in_the_log_and_the_handshake(
    run_async: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("WSGUI_TEST_SECRET", "hunter2-secret")
    path = tmp_path / "environments.toml"
    path.write_text('[ci]\ntoken = "${WSGUI_TEST_SECRET}"\n')
    picker = EnvironmentPicker(path, remembered="ci")
    driver = driver_with(picker)
    window, panel = driver.window, driver.window.panel
    records: list[Any] = []
    window.controller.handshake_recorded.connect(records.append)

    async def scenario() -> None:
        async with ws_server() as base:
            panel.url_edit.setText(f"{base}/headers?token={{{{token}}}}")
            panel.tabs.headers_table.set_headers([Header("X-Token", "{{token}}")])
            panel.connect_button.click()
            await wait_until(lambda: window.controller.state is ReadyState.OPEN)
            await driver.wait_received(1)
            window.composer.editor.setPlainText("auth {{token}}")
            window.composer.send_button.click()
            await driver.wait_received(2)
            await driver.disconnect()
        await window.controller.shutdown()

    run_async(scenario())
    # the server got the real value (the /headers route sends back the request's headers)
    assert '["x-token", "hunter2-secret"]' in str(driver.received()[0]).lower()
    assert driver.sent() == ["auth ••••••"]  # what the log shows of the sent message
    shown = [str(e.payload) for e in driver.entries() if e.direction is not Direction.RECEIVED]
    assert shown and not any("hunter2-secret" in text for text in shown)
    request = records[-1].request
    assert ("X-Token", "••••••") in request.headers and "hunter2" not in request.start_line
    assert "hunter2" not in records[-1].url
