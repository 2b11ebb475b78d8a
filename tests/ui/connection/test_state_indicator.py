"""The readyState badge speaks the browser API: number, name, a color and a tooltip per state."""

from __future__ import annotations

from typing import Any

from wsgui.core.model.entries import ReadyState
from wsgui.ui.connection.state_indicator import StateIndicator
from wsgui.ui.theme.colors import DARK, LIGHT, STATE_BADGES, badge_color


def test_each_state_has_number_name_color_and_tooltip(qapp: Any) -> None:
    indicator = StateIndicator()
    for theme in (LIGHT, DARK):
        assert len({badge_color(theme, state) for state in ReadyState}) == 4
    for state in ReadyState:
        indicator.set_state(state)
        assert indicator.badge.text().strip() == f"{state.value} {state.name}"
        assert indicator.badge.property("tone") == STATE_BADGES[state]
        assert indicator.toolTip().startswith(f"{state.value} {state.name}:")
        assert indicator.text().startswith(f"{state.value} {state.name}")


def test_open_shows_subprotocol_and_duration(qapp: Any) -> None:
    indicator = StateIndicator()
    indicator.set_state(ReadyState.CONNECTING)
    indicator.set_state(ReadyState.OPEN)
    indicator.set_subprotocol("echo-protocol")
    assert indicator.text() == "1 OPEN · echo-protocol · 0:00:00"
    indicator.set_rtt(0.00061)
    assert indicator.text() == "1 OPEN · echo-protocol · 0:00:00 · RTT 0.6 ms"
    indicator.set_state(ReadyState.CLOSED)
    assert indicator.text() == "3 CLOSED · was open 0:00:00"
    indicator.set_state(ReadyState.CONNECTING)
    assert indicator.text() == "0 CONNECTING"  # the last attempt's facts are gone


def test_rate_graph_paints_a_minute_of_rates(qapp: Any) -> None:
    from wsgui.core.log.rates import RateMeter
    from wsgui.ui.log.spark_line import SparkLine

    meter = RateMeter()
    for second, total in enumerate((0, 100, 300, 600, 600)):
        meter.sample(float(second), total, total * 100)
    graph = SparkLine(lambda: [r.messages_per_s for r in meter.history], 60, "rate_line", "g", "")
    graph.resize(120, 18)
    image = graph.grab().toImage()
    green = [
        (x, y)
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).green() > image.pixelColor(x, y).red() + 40
    ]
    assert green  # the line is drawn
