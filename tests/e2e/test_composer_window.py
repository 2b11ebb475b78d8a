"""The composer in the window: JSON checked as typed, Format, Base64, File, invisibles,
history with Up/Down, and Repeat against a real echo server."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.helpers.servers import ws_server
from tests.helpers.ui import WindowDriver, wait_until


def test_json_mode_checks_as_you_type_and_formats(qapp: Any) -> None:
    composer = WindowDriver().window.composer
    composer.set_mode("json")
    assert composer.format_button.isVisible()
    composer.editor.setPlainText('{"op": "auth",\n "token": }')
    assert composer.message.text() == "JSON: line 2, column 11: Expecting value"
    composer.format_json()  # refuses, says why, leaves the text alone
    assert composer.editor.exact_text() == '{"op": "auth",\n "token": }'
    composer.editor.setPlainText('{"op":"auth","token":"t"}')
    assert composer.message.text() == "Valid JSON"
    composer.format_json()
    assert composer.editor.exact_text() == '{\n  "op": "auth",\n  "token": "t"\n}'
    composer.set_mode("text")
    assert not composer.format_button.isVisible() and composer.message.text() == ""


def test_hex_and_base64_are_checked_as_you_type(qapp: Any) -> None:
    """Each key typed in Hex mode says at once what is wrong, or how many bytes it makes."""
    window = WindowDriver().window
    composer = window.composer
    composer.set_mode("hex")
    composer.editor.setFocus()
    said = []
    for key in "00 f":
        QTest.keyClicks(composer.editor, key)
        said.append(composer.message.text())
    assert said == [
        "Hex: '0' at position 1 has an odd number of digits; each byte needs two, e.g. 0f not f",
        "Valid hex: 1 byte",
        "Valid hex: 1 byte",
        "Hex: 'f' at position 4 has an odd number of digits; each byte needs two, e.g. 0f not f",
    ]
    QTest.keyClicks(composer.editor, "z")
    assert composer.message.text() == "Hex: 'z' at position 5 is not a hex digit (0-9, a-f)"
    assert composer.message.isVisibleTo(window)
    composer.editor.setPlainText("00 ff 10")
    assert composer.message.text() == "Valid hex: 3 bytes"
    composer.set_mode("base64")
    composer.editor.setPlainText("aGVsbG8=")
    assert composer.message.text() == "Valid Base64: 5 bytes"
    composer.editor.setPlainText("aGVsbG8")
    assert composer.message.text().startswith("Base64:")
    composer.editor.clear()
    assert composer.message.text() == "" and not composer.message.isVisibleTo(window)


def test_invisibles_are_shown_on_request(qapp: Any) -> None:
    composer = WindowDriver().window.composer
    composer.editor.setPlainText("CONNECT\naccept-version:1.2\n\n\u0000")
    assert not composer.revealed.isVisible()
    composer.invisibles.setChecked(True)
    assert composer.revealed.isVisible()
    assert composer.revealed.text() == "CONNECT¶accept-version:1.2¶¶\\u0000"
    composer.invisibles.setChecked(False)
    assert not composer.revealed.isVisible()


def test_modes_history_and_file_against_a_server(run_async: Any, tmp_path: Path) -> None:
    driver = WindowDriver()
    window = driver.window
    composer = window.composer
    blob = tmp_path / "all-bytes.bin"
    blob.write_bytes(bytes(range(256)) * 4)

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            composer.set_mode("base64")
            composer.editor.setPlainText("AA*A")
            composer.send_button.click()
            assert composer.message.text().startswith("Base64: '*' at position 3")
            composer.editor.setPlainText("AAH/")
            composer.send_button.click()
            composer.set_mode("json")
            composer.editor.setPlainText('{"n": 1}')
            composer.send_button.click()
            composer.set_mode("file")
            composer.editor.setPlainText(str(tmp_path / "missing.bin"))
            assert composer.message.text().endswith("is not a file")
            composer.editor.setPlainText(str(blob))
            composer.send_button.click()
            await driver.wait_received(3)
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())
    received = driver.received()
    assert received[:2] == [b"\x00\x01\xff", '{"n": 1}']
    assert hashlib.sha256(received[2]).digest() == hashlib.sha256(blob.read_bytes()).digest()

    composer.set_mode("text")
    composer.editor.setPlainText("my draft")
    composer.editor.setFocus()
    QTest.keyClick(composer.editor, Qt.Key.Key_Down)  # nothing recalled: the draft stays
    assert composer.editor.exact_text() == "my draft"
    QTest.keyClick(composer.editor, Qt.Key.Key_Up)
    assert (composer.current_mode, composer.editor.exact_text()) == ("file", str(blob))
    QTest.keyClick(composer.editor, Qt.Key.Key_Up)
    assert (composer.current_mode, composer.editor.exact_text()) == ("json", '{"n": 1}')
    QTest.keyClick(composer.editor, Qt.Key.Key_Up)
    assert (composer.current_mode, composer.editor.exact_text()) == ("base64", "AAH/")
    QTest.keyClick(composer.editor, Qt.Key.Key_Down)
    assert composer.editor.exact_text() == '{"n": 1}'
    QTest.keyClick(composer.editor, Qt.Key.Key_Down)
    QTest.keyClick(composer.editor, Qt.Key.Key_Down)
    assert (composer.current_mode, composer.editor.exact_text()) == ("text", "my draft")
    composer.editor.undo()  # a recall is an edit like any other
    assert composer.editor.exact_text() == str(blob)


def test_repeat_k_times_then_until_stopped(run_async: Any) -> None:
    driver = WindowDriver()
    window = driver.window
    composer, bar = window.composer, window.composer.repeat_bar

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            composer.editor.setPlainText("tick")
            bar.every.setValue(10)
            bar.times.setValue(4)
            bar.button.click()
            await wait_until(lambda: bar.status.text() == "done: 4 sent")
            assert bar.button.text() == "Repeat"
            await driver.wait_received(4)
            composer.editor.setPlainText("tock")
            bar.times.setValue(0)  # until stopped
            bar.button.click()
            await wait_until(lambda: window.repeater.sent >= 3)
            assert bar.button.text() == "Stop" and bar.status.text().startswith("repeating: ")
            bar.button.click()
            await wait_until(lambda: bar.status.text().startswith("stopped after "))
            sent = window.repeater.sent
            await driver.wait_received(4 + sent)
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())
    received = driver.received()
    assert received[:4] == ["tick"] * 4 and set(received[4:]) == {"tock"}


def test_ping_button_logs_the_pong_and_shows_the_rtt(run_async: Any) -> None:
    from wsgui.core.log.filter import LogFilter
    from wsgui.core.model.entries import Kind

    driver = WindowDriver()
    window = driver.window

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            window.composer.ping_button.click()
            await wait_until(lambda: any(e.kind is Kind.PONG for e in driver.entries()))
            assert " · RTT " in window.panel.state_indicator.text()
            dialog = window.open_ping_dialog()
            dialog.setTextValue("é" * 63)  # 126 bytes
            dialog.accept()
            await wait_until(lambda: driver.errors())
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())
    pong = next(e for e in driver.entries() if e.kind is Kind.PONG)
    assert pong.note.startswith("RTT ")
    assert driver.errors() == ["Ping payload: 126 bytes; a control frame carries at most 125"]
    window.filtered.set_filter(LogFilter(categories=frozenset({"control"})))
    kinds = [window.filtered.entry(r).kind for r in range(window.filtered.rowCount())]
    assert kinds == [Kind.PING, Kind.PONG]
    assert window.model.store.messages == {d: 0 for d in window.model.store.messages}


def test_large_file_send_shows_progress_and_cancels(run_async: Any, tmp_path: Path) -> None:
    import asyncio

    from tests.helpers.raw_servers import raw_server, stops_reading_after_hello
    from wsgui.core.model.entries import ReadyState

    big = tmp_path / "big.bin"
    big.write_bytes(bytes(64 * 2**20))
    driver = WindowDriver()
    window = driver.window
    progress = window.composer.send_progress

    async def scenario() -> None:
        release = asyncio.Event()
        async with raw_server(stops_reading_after_hello(release)) as base:
            await driver.connect(f"{base}/")
            await driver.wait_received(1)
            window.composer.send_file_requested.emit(str(big))
            await wait_until(lambda: progress.isVisible())
            assert progress.bar.format().startswith("sending ")
            assert progress.bar.format().endswith(
                "of 64.0 MiB (%p%), one message in 64 frames of 1.0 MiB"
            )
            progress.cancel.click()
            await wait_until(lambda: driver.state is ReadyState.CLOSED)
            await wait_until(lambda: not progress.isVisible())
            release.set()
        await driver.shutdown()

    run_async(scenario())
    assert driver.received() == ["hello, then silence"]
    assert driver.errors()[0].startswith("Send cancelled: ")
