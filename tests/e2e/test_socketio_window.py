"""Socket.IO in the window against a real python-socketio server: the tab's settings, Emit
with and without an ack, received events in the log, the listen filter, the raw packets,
extra headers, the transport in use after polling then the upgrade."""

from __future__ import annotations

import json
from typing import Any

from tests.helpers.socketio_servers import sio_server
from tests.helpers.ui import WindowDriver, wait_until
from wsgui.app import parse_args
from wsgui.core.model.entries import Direction, ReadyState
from wsgui.core.model.options import Header, SioTransports
from wsgui.ui.window.runtime import open_window


def events(driver: WindowDriver) -> list[Any]:
    return [
        json.loads(str(e.payload))
        for e in driver.entries()
        if e.direction is Direction.RECEIVED and e.note.startswith(("event ", "ack of "))
    ]


def test_emit_listen_and_raw_packets_in_the_window(run_async: Any) -> None:
    driver = WindowDriver()
    window = driver.window
    panel, tabs, composer = window.panel, window.panel.tabs, window.composer
    fields = composer.event_fields
    window.frames_view.capture.setChecked(True)

    async def scenario() -> None:
        async with sio_server() as base:
            panel.url_edit.setText(base)
            assert not fields.isVisibleTo(window) and not tabs.isTabVisible(7)
            assert "http:// changed to ws://" in panel.url_message.text()
            panel.kind_combo.setCurrentIndex(panel.kind_combo.findText("Socket.IO"))
            assert fields.isVisibleTo(window)  # the one composer gains the event fields
            assert tabs.isTabVisible(7) and tabs.tabText(7) == "Socket.IO"
            assert composer.send_button.text() == "Emit"
            assert panel.url_message.text().startswith("Socket.IO: http(s):// and")
            tabs.socketio_editor.auth.setText("{oops")
            panel.toggle()
            assert "Socket.IO ⚠" in [tabs.tabText(i) for i in range(tabs.count())]
            tabs.socketio_editor.auth.setText("")
            panel.toggle()
            await wait_until(lambda: driver.state is ReadyState.OPEN)
            assert not composer.ping_button.isEnabled()
            assert "Engine.IO" in composer.ping_button.toolTip()
            window.show_handshake()
            summary = window.handshake_view.summary.toPlainText()
            assert "Engine.IO handshake (Socket.IO)" in summary and "pingInterval" in summary
            composer.set_mode("json")
            fields.event_name.setText("anotherNews")
            composer.editor.setPlainText("1")
            fields.add_argument('{"a": "b"}')  # + argument: a second one
            composer.send_button.click()
            composer.editor.setPlainText('[1, "two", {"x": 3}]')  # one argument, an array
            fields.extras[0].setText("")
            composer.send_button.click()
            composer.set_mode("text")
            fields.event_name.setText("ackme")
            composer.editor.setPlainText("x")
            fields.ack.setChecked(True)
            composer.send_button.click()
            await wait_until(lambda: len(events(driver)) >= 4)
            fields.event_name.setText("")
            composer.send_button.click()
            assert composer.message.text() == (
                "Not emitted: the event name is empty (the field above the message)"
            )
            fields.listen.setText("echo")
            fields.listen.editingFinished.emit()
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario(), 30)
    assert ["news", {"hello": "world"}] in events(driver)
    assert ["echo", 1, {"a": "b"}] in events(driver)
    assert ["echo", [1, "two", {"x": 3}]] in events(driver)
    assert ["acked", "x"] in events(driver)
    shown = [window.filtered.entry(r).payload for r in range(window.filtered.rowCount())]
    assert shown == [  # the listen filter; nothing was dropped
        '["echo", 1, {"a": "b"}]',
        '["echo", [1, "two", {"x": 3}]]',
    ]
    window.frames_model.flush()
    raw = [window.frames_model.index(r, 8).data() for r in range(window.frames_model.rowCount())]
    assert any(p.startswith("0{") for p in raw) and any(p.startswith('42["news"') for p in raw)
    assert not window.frame_links.show_message(0)
    assert "not linked to log entries" in window.statusBar().currentMessage()


def test_headers_upgrade_and_engineio_pings_in_the_window(run_async: Any) -> None:
    """Polling then upgrade (the default): the Headers table reaches the server, the
    Handshake tab says the connection ended on WebSocket after the upgrade, the Frames tab
    shows the upgrade's probe packets and the Engine.IO pings (2) and pongs (3)."""
    driver = WindowDriver()
    window = driver.window
    tabs = window.panel.tabs
    window.frames_view.capture.setChecked(True)
    seen: list[dict[str, str]] = []

    def raw() -> list[str]:
        window.frames_model.flush()
        model = window.frames_model
        return [model.index(r, 8).data() for r in range(model.rowCount())]

    async def scenario() -> None:
        async with sio_server(headers=seen, ping_interval=0.1) as base:
            window.panel.url_edit.setText(base)
            window.panel.set_socketio(True)
            transports = tabs.socketio_editor.transports
            assert transports.currentData() == SioTransports.POLLING_THEN_UPGRADE  # default
            window.panel.headers_table.set_headers([Header("X-Wsgui-Test", "from the table")])
            window.panel.toggle()
            await wait_until(lambda: driver.state is ReadyState.OPEN)
            await wait_until(lambda: raw().count("3") >= 2)
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario(), 30)
    assert seen[0]["HTTP_X_WSGUI_TEST"] == "from the table"
    window.show_handshake()
    summary = window.handshake_view.summary.toPlainText()
    assert "transport    websocket (upgraded from HTTP long-polling)" in summary
    packets = raw()
    assert packets.index("2probe") < packets.index("3probe") < packets.index("5")
    assert "2" in packets and "3" in packets  # Engine.IO ping from the server, our pong
    (opened,) = [e for e in driver.entries() if e.kind.value == "open"]
    assert "transport websocket (upgraded from HTTP long-polling)" in str(opened.payload)


def test_socketio_from_the_command_line(run_async: Any) -> None:
    async def scenario() -> list[str]:
        from wsgui.core.connection.echo_server import LocalEcho, pick_port

        async with sio_server() as base:
            window = open_window(parse_args(["--socketio", base]), [], LocalEcho(pick_port(0)))
            assert window.panel.kind_combo.currentText() == "Socket.IO"
            assert window.focusWidget() is window.composer.editor
            await wait_until(lambda: window.controller.state is ReadyState.OPEN)
            window.model.flush()
            notes = [window.model.entry(r).note for r in range(window.model.rowCount())]
            await window.shutdown()
            window.close()
            return notes

    notes = run_async(scenario(), 30)
    assert "event news" in notes
