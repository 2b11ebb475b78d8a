"""One state: the chip in the URL row says the readyState, the subprotocol, how long the
connection has been open (ticking) and the last RTT; the status bar holds rates and counters
only, never the readyState."""

from __future__ import annotations

from typing import Any

from tests.helpers.ui import WindowDriver, wait_until
from wsgui.core.connection.echo_server import ECHO_SUBPROTOCOL, LocalEcho, pick_port
from wsgui.core.model.entries import ReadyState
from wsgui.ui.connection.state_indicator import format_duration
from wsgui.ui.theme.colors import STATE_BADGES


def status_bar_text(window: Any) -> str:
    from PySide6.QtWidgets import QLabel

    bar = window.statusBar()
    labels = [label.text() for label in bar.findChildren(QLabel) if label.isVisibleTo(bar)]
    return " | ".join([bar.currentMessage(), *labels])


def test_the_chip_holds_state_time_and_rtt_and_the_status_bar_counts(run_async: Any) -> None:
    echo = LocalEcho(pick_port(0))
    driver = WindowDriver(echo)
    window = driver.window
    chip, status = window.panel.state_indicator, window.log_status
    now = [1000.0]
    chip.clock = lambda: now[0]  # time, moved on by the test
    assert chip.text() == "3 CLOSED"
    assert chip.isVisibleTo(window)
    assert chip.parentWidget() is not None and chip.window() is window

    async def scenario() -> None:
        await driver.connect(echo.url, ECHO_SUBPROTOCOL)
        assert chip.text() == "1 OPEN · echo-protocol · 0:00:00"
        assert chip.badge.property("tone") == STATE_BADGES[ReadyState.OPEN]
        now[0] += 65
        await wait_until(lambda: chip.text().endswith("0:01:05"), 3)  # it ticks
        window.composer.editor.setPlainText("hello")
        window.composer.send_button.click()
        await driver.wait_received(1)
        window.model.flush()
        assert "↑ 1 msgs 5 B" in status.counters.text()
        assert "↓ 1 msgs 5 B" in status.counters.text()
        window.composer.ping_button.click()
        await wait_until(lambda: "RTT " in chip.text())
        assert chip.text().startswith("1 OPEN · echo-protocol · 0:01:05 · RTT ")
        assert chip.text().endswith(" ms")
        assert "OPEN" not in status_bar_text(window) and "readyState" not in status_bar_text(window)
        now[0] += 3600
        await driver.disconnect()
        assert chip.text() == "3 CLOSED · was open 1:01:05"
        assert "CLOSED" not in status_bar_text(window)
        await driver.shutdown()
        await echo.server.stop()

    run_async(scenario())


def test_the_chip_never_stretches_into_a_bar() -> None:
    from PySide6.QtWidgets import QSizePolicy

    from wsgui.ui.connection.state_indicator import StateIndicator

    chip = StateIndicator()
    assert chip.sizePolicy().horizontalPolicy() is QSizePolicy.Policy.Maximum


def test_durations_read_as_hours_minutes_seconds() -> None:
    assert format_duration(0) == "0:00:00"
    assert format_duration(59.9) == "0:00:59"
    assert format_duration(3 * 3600 + 4 * 60 + 5) == "3:04:05"
