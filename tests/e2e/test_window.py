"""The real window against real servers on 127.0.0.1: what a user does and sees."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.helpers.servers import ws_server
from tests.helpers.ui import WindowDriver, wait_until
from wsgui.core.connection.echo_server import ECHO_SUBPROTOCOL, LocalEcho, pick_port
from wsgui.core.model.entries import Direction, Kind, ReadyState
from wsgui.ui.compose.composer import HEX_MODE
from wsgui.ui.log.frames_model import DIRECTION, FIN, LENGTH, MESSAGE, OPCODE, PAYLOAD, WIRE

OPEN_THEN_CLOSE = [ReadyState.CONNECTING, ReadyState.OPEN, ReadyState.CLOSING, ReadyState.CLOSED]


async def echo_text_and_file(driver: WindowDriver, blob: Path) -> None:
    composer = driver.window.composer
    assert composer.send_button.isEnabled()
    QTest.keyClicks(composer.editor, "hello wsgui")
    composer.send_button.click()
    await driver.wait_received(1)
    composer.send_file_button.click()
    dialog = composer.file_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.selectFile(str(blob))
    dialog.accept()
    await driver.wait_received(2)


def test_connect_send_text_and_file_disconnect(run_async: Any, tmp_path: Path) -> None:
    """0 -> 1, a typed message and a file of bytes 0-255 echo back, Disconnect 2 -> 3 with 1000."""
    blob = tmp_path / "bytes.bin"
    blob.write_bytes(bytes(range(256)))
    driver = WindowDriver()

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            assert driver.window.panel.connect_button.text() == "Disconnect"
            await echo_text_and_file(driver, blob)
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())
    assert driver.states == OPEN_THEN_CLOSE
    assert driver.received() == ["hello wsgui", bytes(range(256))]
    sent_file = [e for e in driver.entries() if e.direction is Direction.SENT][1]
    assert sent_file.note == "file bytes.bin (256 B)"
    (close,) = driver.of_kind(Kind.CLOSE)
    assert close.close_code == 1000
    assert "code 1000" in str(close.payload)
    assert driver.window.panel.connect_button.text() == "Connect"
    assert not driver.window.composer.send_button.isEnabled()


def test_builtin_echo_server_with_echo_protocol(run_async: Any, tmp_path: Path) -> None:
    """The default URL starts the built-in server on first connect and negotiates echo-protocol."""
    blob = tmp_path / "bytes.bin"
    blob.write_bytes(bytes(range(256)))
    echo = LocalEcho(pick_port(0))
    driver = WindowDriver(echo)

    async def scenario() -> None:
        await driver.connect(echo.url, ECHO_SUBPROTOCOL)
        assert driver.window.panel.state_indicator.text().startswith("1 OPEN · echo-protocol · ")
        await echo_text_and_file(driver, blob)
        await driver.disconnect()
        await driver.shutdown()
        await echo.server.stop()

    run_async(scenario())
    assert driver.states == OPEN_THEN_CLOSE
    assert driver.received() == ["hello wsgui", bytes(range(256))]
    infos = [str(e.payload) for e in driver.of_kind(Kind.INFO)]
    assert infos == [f"Built-in echo server started on {echo.url}"]
    assert driver.of_kind(Kind.CLOSE)[0].close_code == 1000


def test_selecting_a_row_shows_the_whole_entry_as_plain_text(run_async: Any) -> None:
    driver = WindowDriver()
    message = '{"html": "<b>bold?</b>", "list": [1, 2]}'

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            driver.window.composer.editor.setPlainText(message)
            driver.window.composer.send_button.click()
            await driver.wait_received(1)
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())
    rows = driver.entries()
    row = next(i for i, e in enumerate(rows) if e.direction is Direction.RECEIVED)
    driver.window.log_view.selectRow(row)
    shown = driver.window.detail.toPlainText()
    assert '"html": "<b>bold?</b>",' in shown  # pretty-printed JSON, tags kept as text
    assert "received · text · 40 B · JSON" in shown


def test_hex_mode_sends_bytes_and_names_a_bad_position(run_async: Any) -> None:
    driver = WindowDriver()
    composer = driver.window.composer

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            composer.mode.setCurrentText(HEX_MODE)
            composer.editor.setPlainText("00 01 zz")
            composer.send_button.click()
            assert composer.message.text() == (
                "Hex: 'z' at position 7 is not a hex digit (0-9, a-f)"
            )
            composer.editor.setPlainText("00 01 ff")
            composer.send_button.click()
            await driver.wait_received(1)
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())
    assert driver.received() == [b"\x00\x01\xff"]
    assert len([e for e in driver.entries() if e.direction is Direction.SENT]) == 1


def test_enter_in_the_url_field_connects(run_async: Any) -> None:
    driver = WindowDriver()

    async def scenario() -> None:
        async with ws_server() as base:
            url_edit = driver.window.panel.url_edit
            url_edit.setText(f"{base}/echo")
            QTest.keyClick(url_edit, Qt.Key.Key_Return)
            await wait_until(lambda: driver.state is ReadyState.OPEN)
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())
    assert driver.states == OPEN_THEN_CLOSE


def test_export_the_log_from_the_menu(run_async: Any, tmp_path: Path) -> None:
    """Log > Export log…: the real log written as NDJSON reads back entry for entry."""
    from wsgui.core.log.export import read_ndjson

    driver = WindowDriver()
    target = tmp_path / "session"

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            driver.window.composer.editor.setPlainText("to be exported")
            driver.window.composer.send_button.click()
            await driver.wait_received(1)
            await driver.disconnect()
            dialog = driver.window.log_transfers.choose_export_file()
            dialog.selectNameFilter("NDJSON, everything (*.ndjson)")
            dialog.selectFile(str(target))
            dialog.accept()
            task = driver.window.log_transfers.task
            assert task is not None
            await task
        await driver.shutdown()

    run_async(scenario())
    written = (tmp_path / "session.ndjson").read_text().splitlines()
    # handshake records are shown in the Handshake tab, not exported with the entries
    assert list(read_ndjson(written)) == [e._replace(handshake=None) for e in driver.entries()]
    assert driver.window.statusBar().currentMessage().startswith("Exported ")


def test_search_box_filters_the_log_and_explains_a_bad_regex(run_async: Any) -> None:
    driver = WindowDriver()
    search = driver.window.search

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            for text in ("alpha 1", "beta 2", "alpha 3"):
                driver.window.composer.editor.setPlainText(text)
                driver.window.composer.send_button.click()
            await driver.wait_received(3)
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())
    search.edit.setText("alpha")
    search.apply()  # what the debounce timer does after typing stops
    view = driver.window.log_view
    rows = [view.model().index(r, 5).data() for r in range(view.model().rowCount())]
    assert sorted(rows) == ["alpha 1", "alpha 1", "alpha 3", "alpha 3"]  # sent and echoed
    total = len(driver.entries())
    assert search.count.text() == f"4 of {total} shown"
    search.regex.setChecked(True)
    search.edit.setText("alpha (")
    search.apply()
    assert search.problem_action.isVisible()  # a ⚠ inside the edit, the message on it
    assert search.problem_action.toolTip().startswith(
        "Search: invalid regular expression at position 7"
    )
    assert search.count.text() == f"4 of {total} shown"
    assert view.model().rowCount() == 4  # the previous filter stays
    search.directions[Direction.SENT].setChecked(False)
    search.edit.setText(r"alpha \d")
    search.apply()
    assert view.model().rowCount() == 2 and search.show_button.text() == "Show: 1 hidden"


def test_delta_column_span_pause_and_follow(run_async: Any) -> None:
    """Δ since the previous entry, the time between two selected rows, and Pause capture."""
    from wsgui.ui.log.model import DELTA

    driver = WindowDriver()
    window = driver.window

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            for text in ("one", "two"):
                window.composer.editor.setPlainText(text)
                window.composer.send_button.click()
            await driver.wait_received(2)
            window.pause_action.trigger()
            assert window.model.paused
            window.composer.editor.setPlainText("while paused")
            window.composer.send_button.click()
            await wait_until(lambda: window.model.store.not_captured == 2)  # sent + echo
            window.pause_action.trigger()
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())
    entries = driver.entries()
    assert "while paused" not in [e.payload for e in entries]
    assert window.model.store.messages[Direction.RECEIVED] == 3  # still counted
    model = window.log_view.model()
    assert model.index(0, DELTA).data() == ""
    assert model.index(1, DELTA).data().startswith("+")
    window.log_view.selectRow(1)
    window.log_view.selectionModel().select(
        model.index(3, 0),
        window.log_view.selectionModel().SelectionFlag.Select
        | window.log_view.selectionModel().SelectionFlag.Rows,
    )
    assert window.statusBar().currentMessage().startswith("Between the two selected entries: ")


def test_frames_tab_shows_fragments_ping_and_close(run_async: Any) -> None:
    from tests.core.connection.websocket.test_frames import fragments_ping_close
    from tests.helpers.raw_servers import raw_server

    driver = WindowDriver()
    frames = driver.window.frames_view
    frames.capture.setChecked(True)

    async def scenario() -> None:
        async with raw_server(fragments_ping_close) as base:
            await driver.connect(f"{base}/")
            await wait_until(lambda: driver.state is ReadyState.CLOSED)
        await driver.shutdown()

    run_async(scenario())
    model = frames.model
    model.flush()
    opcodes = [model.index(r, OPCODE).data() for r in range(model.rowCount())]
    assert opcodes == ["TEXT", "CONT", "PING", "PONG", "CONT", "CLOSE", "CLOSE"]
    assert [model.index(r, FIN).data() for r in range(3)] == ["0", "0", "1"]
    assert model.index(5, PAYLOAD).data() == "4001 bye now"
    assert [model.index(r, LENGTH).data() for r in range(2)] == ["6", "6"]
    assert [model.index(r, WIRE).data() for r in range(2)] == ["6", "6"]
    places = [model.index(r, MESSAGE).data() for r in range(model.rowCount())]
    assert places == ["#1 part 1", "#1 part 2", "", "", "#1 part 3 (last)", "", ""]

    frames.table.selectRow(1)  # a middle fragment links to the whole message
    frames.show_message.click()
    entry = driver.window.log_view.selected_entries()
    assert [e.payload for e in entry] == ["frag1-frag2-frag3"]
    frames.table.selectRow(2)  # the ping is no message
    frames.show_message.click()
    assert "not messages" in driver.window.statusBar().currentMessage()

    frames.hide_control.setChecked(True)
    opcodes = [model.index(r, OPCODE).data() for r in range(model.rowCount())]
    assert opcodes == ["TEXT", "CONT", "CONT"]
    assert model.index(2, MESSAGE).data() == "#1 part 3 (last)"


def test_frames_link_to_messages_across_connections_and_filters(run_async: Any) -> None:
    """Numbers restart per connection; a message hidden by the search says so."""
    driver = WindowDriver()
    window = driver.window
    frames = window.frames_view
    frames.capture.setChecked(True)

    async def scenario() -> None:
        async with ws_server() as base:
            total = 0
            for words in (("one", "two"), ("three",)):
                await driver.connect(f"{base}/echo")
                for word in words:
                    window.controller.send(word)
                total += len(words)
                await driver.wait_received(total)
                await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())
    model = frames.model
    model.flush()
    text_rows = [r for r in range(model.rowCount()) if model.index(r, OPCODE).data() == "TEXT"]
    labels = [
        (model.index(r, DIRECTION).data()[0], model.index(r, MESSAGE).data()) for r in text_rows
    ]
    assert [label for arrow, label in labels if arrow == "↑"] == ["#1", "#2", "#1"]
    assert [label for arrow, label in labels if arrow == "↓"] == ["#1", "#2", "#1"]
    last_received = max(r for r, (arrow, _) in zip(text_rows, labels, strict=True) if arrow == "↓")
    assert window.frame_links.show_message(last_received)
    assert [e.payload for e in window.log_view.selected_entries()] == ["three"]
    assert window.log_view.selected_entries()[0].direction is Direction.RECEIVED
    window.search.edit.setText("one")
    window.search.apply()
    second_received = [r for r, (a, _) in zip(text_rows, labels, strict=True) if a == "↓"][1]
    assert not window.frame_links.show_message(second_received)  # "two"
    assert "hidden by the search" in window.statusBar().currentMessage()


def test_entry_views_copy_and_save_payload(run_async: Any, tmp_path: Path) -> None:
    from PySide6.QtGui import QGuiApplication

    driver = WindowDriver()
    window = driver.window

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            window.controller.send(b"\x00hi\xff")
            await driver.wait_received(1)
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())
    row = next(i for i, e in enumerate(driver.entries()) if e.direction is Direction.RECEIVED)
    window.log_view.selectRow(row)
    tools = window.entry_tools
    assert "00 68 69 ff" in window.detail.toPlainText()  # auto: hex for binary
    tools.view.setCurrentIndex(tools.view.findData("base64"))
    assert window.detail.toPlainText().endswith("AGhp/w==")
    tools.copy()
    assert QGuiApplication.clipboard().text() == "AGhp/w=="
    dialog = tools.choose_file()
    assert dialog is not None
    target = tmp_path / "payload.bin"
    dialog.selectFile(str(target))
    dialog.accept()
    assert target.read_bytes() == b"\x00hi\xff"
    assert tools.message.text() == f"Saved 4 B to {target}"


def test_retention_cap_dialog(qapp: Any) -> None:
    driver = WindowDriver()
    window = driver.window
    dialog = window.open_cap_dialog()
    assert dialog.intValue() == 1_000_000
    dialog.setIntValue(5_000)
    dialog.accept()
    assert window.model.store.cap == 5_000
    assert window.statusBar().currentMessage() == "The log now keeps the last 5,000 entries"
    window.close()


def test_matches_are_highlighted_and_f3_steps_through_them(run_async: Any) -> None:
    driver = WindowDriver()
    window = driver.window
    window.resize(1000, 700)

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.echo_and_close(base, ("needle one", "hay", "needle two"))

    run_async(scenario())
    window.search.edit.setText("needle")
    window.search.apply()
    image = window.log_view.viewport().grab().toImage()
    yellow = sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if image.pixelColor(x, y).name() == "#fde68a"
    )
    assert yellow > 20  # the matched words sit on the highlight colour
    window.log_view.clearSelection()
    window.step_match(1)
    assert window.log_view.currentIndex().row() == 0
    window.step_match(-1)
    assert window.log_view.currentIndex().row() == window.filtered.rowCount() - 1
