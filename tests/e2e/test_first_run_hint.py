"""The empty log says how to start (the keys it names are the real ones); the hint goes when
the first entry comes, stays away while a filter hides everything, and comes back on Clear."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.helpers.ui import wait_until
from wsgui.app import parse_args
from wsgui.core.connection.echo_server import LocalEcho, pick_port
from wsgui.core.model.entries import ReadyState
from wsgui.ui.log.empty_hint import CONNECT_KEYS, SEND_KEYS
from wsgui.ui.window.runtime import open_window


def contrast(one: QColor, two: QColor) -> float:
    """WCAG's contrast ratio of two colors."""

    def luminance(color: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        red, green, blue = (channel(v) for v in (color.redF(), color.greenF(), color.blueF()))
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def hint_color(hint: Any) -> QColor:
    return hint.palette().color(QPalette.ColorRole.WindowText)


def test_the_hint_names_real_keys_and_leaves_and_returns_with_the_entries(
    run_async: Any,
) -> None:
    echo = LocalEcho(pick_port(0))
    window = open_window(parse_args([]), [], echo)
    hint = window.page.log_hint

    async def scenario() -> None:
        assert hint.isVisible() and "built-in echo server" in hint.text()
        viewport = window.log_view.viewport().rect()
        assert viewport.contains(hint.geometry()) and hint.width() > 200
        text_color = hint.palette().color(QPalette.ColorRole.WindowText)
        background = window.log_view.viewport().palette().color(QPalette.ColorRole.Base)
        assert contrast(text_color, background) >= 4.5  # muted, still readable (WCAG AA)
        connect = next(
            a
            for a in window.findChildren(QAction)
            if a.text().replace("&", "") == "Connect / Disconnect"
        )
        assert connect.shortcut() == QKeySequence(CONNECT_KEYS) and CONNECT_KEYS in hint.text()
        send = next(a for a in window.findChildren(QAction) if a.text().replace("&", "") == "Send")
        assert QKeySequence(SEND_KEYS) in send.shortcuts() and SEND_KEYS in hint.text()

        QTest.keyClick(window.panel.url_edit, Qt.Key.Key_Return)  # as the hint says
        await wait_until(lambda: window.controller.state is ReadyState.OPEN)
        await wait_until(lambda: not hint.isVisible())
        window.composer.editor.setPlainText("hello")
        window.composer.send_button.click()
        await wait_until(lambda: window.model.rowCount() >= 3)

        window.search.edit.setText("nothing matches this")
        window.search.apply()
        await wait_until(lambda: window.filtered.rowCount() == 0)
        assert not hint.isVisible()  # the log is not empty, only filtered
        window.search.edit.setText("")
        window.search.apply()

        window.log_view.clear_action.trigger()
        assert window.model.rowCount() == 0 and hint.isVisible()
        light = QApplication.palette()
        dark = QPalette(light)
        dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
        dark.setColor(QPalette.ColorRole.Text, QColor("#e5e5e5"))
        QApplication.setPalette(dark)  # as a switch to a dark theme does
        try:
            await wait_until(  # the palette change reaches the widgets as posted events
                lambda: hint_color(hint).lightness() > 128
            )
            muted = hint_color(hint)
            assert contrast(muted, QColor("#1e1e1e")) >= 4.5
        finally:
            QApplication.setPalette(light)
        await wait_until(lambda: hint_color(hint).lightness() < 128)
        other = window.new_tab()
        assert other.log_hint.isVisible() and other.log_hint is not hint
        await window.shutdown()
        window.close()

    window.show()
    run_async(scenario())


def test_the_echo_subprotocol_and_the_hint_follow_the_built_in_server(qapp: Any) -> None:
    """echo-protocol is offered to the built-in server only: typing another URL takes it away
    (and the hint stops saying the URL is the built-in server); typing the built-in URL
    back offers it again; once the user types subprotocols, they are theirs."""
    echo = LocalEcho(pick_port(0))
    window = open_window(parse_args([]), [], echo)
    panel, hint = window.panel, window.page.log_hint
    assert panel.subprotocols_edit.text() == "echo-protocol"
    assert "built-in echo server" in hint.text()
    panel.url_edit.setText("ws://example.test:8080/feed")
    assert panel.subprotocols_edit.text() == ""
    assert panel.options().subprotocols == ()
    assert "built-in echo server" not in hint.text()
    panel.url_edit.setText(echo.url.rstrip("/"))  # the same server, typed without the slash
    assert panel.subprotocols_edit.text() == "echo-protocol"
    assert "built-in echo server" in hint.text()
    QTest.keyClicks(panel.subprotocols_edit, ", chat.v2")  # the user's own now
    panel.url_edit.setText("ws://example.test:8080/feed")
    assert panel.subprotocols_edit.text() == "echo-protocol, chat.v2"
    window.close()


def test_a_url_on_the_command_line_gets_no_echo_subprotocol(run_async: Any) -> None:
    echo = LocalEcho(pick_port(0))

    async def scenario() -> Any:
        window = open_window(parse_args([f"ws://127.0.0.1:{pick_port(0)}/"]), [], echo)
        await wait_until(lambda: window.controller.state is ReadyState.CLOSED)
        await window.shutdown()
        return window

    window = run_async(scenario())
    assert window.panel.subprotocols_edit.text() == ""
    assert "built-in echo server" not in window.page.log_hint.text()
