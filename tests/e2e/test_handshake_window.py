"""The handshake inspector and the option tabs in the real window, against local peers."""

from __future__ import annotations

import shlex
from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit

from tests.helpers.proxies import http_connect_proxy
from tests.helpers.raw_servers import UPGRADE_HEADERS, answer, raw_server
from tests.helpers.servers import ws_server
from tests.helpers.ui import WindowDriver
from wsgui.core.model.entries import Kind, ReadyState
from wsgui.core.model.options import Header


def child[T](driver: WindowDriver, kind: type[T], name: str) -> T:
    found = driver.window.findChild(kind, name)
    assert found is not None, name
    return found


def test_handshake_tab_shows_request_response_and_accept(run_async: Any) -> None:
    driver = WindowDriver()
    view = driver.window.handshake_view

    async def scenario() -> None:
        async with ws_server() as base:
            driver.window.panel.headers_table.set_headers(
                [Header("Authorization", "Bearer s3cr3t")]
            )
            await driver.connect(f"{base}/echo", "chat.v1")
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())
    assert view.attempts.count() == 1
    assert view.accept_mark.text() == "Accept ✔ matches"
    summary = view.summary.toPlainText()
    assert "Accept check (RFC 6455 §4.2.2)" in summary
    assert "+ GUID                   258EAFA5-E914-47DA-95CA-C5AB0DC85B11" in summary
    assert "subprotocol   none (requested: chat.v1)" in summary
    assert (
        view.warnings.text() == "⚠ Subprotocols were requested (chat.v1) but the server chose none"
    )
    request_raw = view.request_view.raw.toPlainText()
    assert request_raw.startswith("GET /echo HTTP/1.1\nHost: 127.0.0.1:")
    assert "Authorization: Bearer ••••••" in request_raw and "s3cr3t" not in request_raw
    table = view.request_view.table
    names = [table.item(row, 0).text() for row in range(table.rowCount())]
    assert names[:3] == ["Host", "Upgrade", "Connection"]
    assert view.response_view.start_line.text() == "HTTP/1.1 101 Switching Protocols"


def test_wrong_accept_is_marked_and_the_error_links_to_it(run_async: Any) -> None:
    driver = WindowDriver()
    window = driver.window

    async def scenario() -> None:
        async with raw_server(answer(headers=UPGRADE_HEADERS, accept="d3Jvbmc=")) as base:
            await driver.connect(f"{base}/")
        await driver.shutdown()

    run_async(scenario())
    (error,) = driver.errors()
    assert error.startswith("Handshake failed: the server's Sec-WebSocket-Accept does not match")
    row = next(i for i, e in enumerate(driver.entries()) if e.kind is Kind.ERROR)
    window.inspector.setCurrentIndex(0)
    window.log_view.selectRow(row)
    window.log_view.doubleClicked.emit(window.log_view.model().index(row, 0))
    assert window.inspector.currentWidget() is window.handshake_view
    assert window.handshake_view.accept_mark.text() == "Accept ✘ MISMATCH"
    assert "received: d3Jvbmc=" in error


def test_invalid_options_block_connecting_and_are_shown_by_their_fields(run_async: Any) -> None:
    driver = WindowDriver()
    panel = driver.window.panel

    async def scenario() -> None:
        async with ws_server() as base:
            panel.url_edit.setText(f"{base}/echo")
            child(driver, QLineEdit, "openTimeoutEdit").setText("soon")
            child(driver, QLineEdit, "caFileEdit").setText("/no/such/ca.pem")
            panel.connect_button.click()
        await driver.shutdown()

    run_async(scenario())
    assert driver.states == []  # nothing was attempted
    assert panel.url_message.text() == "Not connected: fix the options marked ⚠ first"
    assert child(driver, QLabel, "openTimeoutMessage").text() == (
        "Open timeout: 'soon' is not a number of seconds"
    )
    assert child(driver, QLabel, "caFileMessage").text() == (
        "CA bundle: /no/such/ca.pem does not exist"
    )
    titles = [panel.tabs.tabText(i) for i in range(panel.tabs.count())]
    assert titles == [
        "Headers",
        "Params",
        "Auth",
        "Settings ⚠",
        "TLS ⚠",
        "Proxy",
        "Subprotocols && Origin",
        "Socket.IO",
    ]
    assert not panel.tabs.isTabVisible(7)  # a WebSocket connection: no Socket.IO tab
    assert panel.tabs.currentIndex() == 3
    assert panel.drawer.unfolded and panel.drawer.toggle.text() == "Request ▾ ⚠"


def test_query_params_and_url_stay_in_sync(qapp: Any) -> None:
    driver = WindowDriver()
    panel = driver.window.panel
    panel.url_edit.setText("ws://h.test/p?a=1&b=two")
    table = panel.tabs.query_table
    assert table.pairs() == [("a", "1"), ("b", "two")]
    table.item(0, 1).setText("9")
    assert panel.url_edit.text() == "ws://h.test/p?a=9&b=two"
    driver.window.close()


def test_copy_as_uses_the_current_settings(qapp: Any) -> None:
    driver = WindowDriver()
    panel = driver.window.panel
    panel.load("ws://127.0.0.1:9/chat", ["a", "b"], "http://o.test", [Header("X-K", "v 1")])
    driver.window.handshake_view.copy_as_actions["wscat"].trigger()
    words = shlex.split(QGuiApplication.clipboard().text())
    assert words[:3] == ["wscat", "-c", "ws://127.0.0.1:9/chat"]
    assert words[words.index("-H") : words.index("-H") + 2] == ["-H", "X-K: v 1"]
    assert driver.window.handshake_view.message.text().startswith("Copied as wscat")
    driver.window.close()


def test_tls_verification_off_shows_a_badge(qapp: Any) -> None:
    driver = WindowDriver()
    panel = driver.window.panel
    panel.url_edit.setText("wss://secure.test/")
    assert not panel.tls_badge.isVisibleTo(driver.window)
    child(driver, QCheckBox, "verifyTlsCheck").setChecked(False)
    assert panel.tls_badge.isVisibleTo(driver.window)
    child(driver, QLineEdit, "openTimeoutEdit").setText("soon")  # another option goes bad
    assert panel.tls_badge.isVisibleTo(driver.window)
    panel.url_edit.setText("ws://plain.test/")  # TLS is not used: no badge
    assert not panel.tls_badge.isVisibleTo(driver.window)
    driver.window.close()


def test_proxy_set_in_the_window_is_used_and_shown(run_async: Any) -> None:
    driver = WindowDriver()
    seen: dict[str, Any] = {}

    async def scenario() -> None:
        async with http_connect_proxy() as proxy, ws_server() as base:
            mode = child(driver, QComboBox, "proxyMode")
            mode.setCurrentIndex(2)
            child(driver, QLineEdit, "proxyUrlEdit").setText(proxy.url)
            await driver.connect(f"{base}/echo")
            assert driver.state is ReadyState.OPEN
            seen["tunnels"] = list(proxy.tunnels)
            seen["url"] = proxy.url
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())
    assert len(seen["tunnels"]) == 1
    summary = driver.window.handshake_view.summary.toPlainText()
    assert f"proxy      {seen['url']}" in summary
    assert "TCP + proxy" in summary


def test_copy_as_refuses_while_an_option_is_invalid(qapp: Any) -> None:
    driver = WindowDriver()
    driver.window.panel.load("ws://127.0.0.1:9/", [], "", [Header("X-Api-Key", "k")])
    QGuiApplication.clipboard().setText("before")
    child(driver, QLineEdit, "pingTimeoutEdit").setText("later")
    driver.window.handshake_view.copy_as_actions["wscat"].trigger()
    assert QGuiApplication.clipboard().text() == "before"
    assert driver.window.handshake_view.message.text() == (
        "Not copied as wscat: fix the options marked ⚠ first "
        "(Ping timeout: 'later' is not a number of seconds or 'off')"
    )
    driver.window.close()
