"""The status bar after connecting to the built-in echo server: the readyState, how long the
connection has been open (ticking), messages and bytes each way, the last RTT."""

from __future__ import annotations

from typing import Any

from tests.helpers.ui import WindowDriver, wait_until
from wsgui.core.connection.echo_server import ECHO_SUBPROTOCOL, LocalEcho, pick_port
from wsgui.core.model.entries import ReadyState
from wsgui.ui.connection.clock import format_duration
from wsgui.ui.theme.colors import STATE_BADGES


def test_state_time_counts_and_rtt(run_async: Any) -> None:
    echo = LocalEcho(pick_port(0))
    driver = WindowDriver(echo)
    window = driver.window
    status = window.log_status
    now = [1000.0]
    status.clock.clock = lambda: now[0]  # time, moved on by the test
    assert status.clock.badge.text() == "3 CLOSED" and status.clock.elapsed.text() == ""
    assert status.clock.isVisibleTo(window.statusBar())

    async def scenario() -> None:
        await driver.connect(echo.url, ECHO_SUBPROTOCOL)
        assert status.clock.badge.text() == "1 OPEN"
        assert status.clock.badge.property("tone") == STATE_BADGES[ReadyState.OPEN]
        assert status.clock.elapsed.text() == "open 0:00:00"
        now[0] += 65
        await wait_until(lambda: status.clock.elapsed.text() == "open 0:01:05", 3)  # it ticks
        window.composer.editor.setPlainText("hello")
        window.composer.send_button.click()
        await driver.wait_received(1)
        window.model.flush()
        assert "↑ 1 msgs 5 B" in status.counters.text()
        assert "↓ 1 msgs 5 B" in status.counters.text()
        window.composer.ping_button.click()
        await wait_until(lambda: status.rtt_label.text().startswith("RTT "))
        assert status.rtt_label.text().endswith(" ms")
        now[0] += 3600
        await driver.disconnect()
        assert status.clock.badge.text() == "3 CLOSED"
        assert status.clock.elapsed.text() == "was open 1:01:05"
        await driver.shutdown()
        await echo.server.stop()

    run_async(scenario())


def test_durations_read_as_hours_minutes_seconds() -> None:
    assert format_duration(0) == "0:00:00"
    assert format_duration(59.9) == "0:00:59"
    assert format_duration(3 * 3600 + 4 * 60 + 5) == "3:04:05"
