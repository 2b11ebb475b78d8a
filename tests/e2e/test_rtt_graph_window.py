"""The RTT graph in the status bar (rttGraph): hidden until the first round trip, then one
point per pong — the same times the log's pong entries show — drawn as a line."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor

from tests.helpers.servers import ws_server
from tests.helpers.ui import WindowDriver, wait_until
from wsgui.core.model.entries import Kind


def drawn_pixels(widget: Any) -> int:
    """Pixels inside the frame that are not the background: the line, if there is one."""
    image = widget.grab().toImage()
    base = widget.palette().base().color().rgb()
    return sum(
        QColor(image.pixel(x, y)).rgb() != base
        for x in range(2, image.width() - 2)
        for y in range(2, image.height() - 2)
    )


def test_the_rtt_graph_gets_a_point_per_ping(run_async: Any) -> None:
    driver = WindowDriver()
    window = driver.window
    status = window.log_status
    graph = window.findChild(type(status.rtt_graph), "rttGraph")
    assert graph is status.rtt_graph

    async def scenario() -> list[float]:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            assert not graph.isVisibleTo(window)  # no round trip yet
            assert list(graph.values()) == []
            for count in range(1, 4):
                window.composer.ping_button.click()
                await wait_until(lambda n=count: len(driver.of_kind(Kind.PONG)) == n)
                await wait_until(lambda n=count: len(graph.values()) == n)
                if count == 1:
                    assert graph.isVisibleTo(window)
                    assert drawn_pixels(graph) == 0  # one point is not a line yet
            points = list(graph.values())
            chip = window.panel.state_indicator.text()
            assert chip.endswith(f" · RTT {points[-1]:,.1f} ms")  # the latest, in the chip
            await driver.disconnect()
        await driver.shutdown()
        return points

    points = run_async(scenario())
    pongs = [e.note for e in driver.of_kind(Kind.PONG)]
    assert pongs == [f"RTT {ms:.1f} ms" for ms in points]  # the log's times, in order
    assert drawn_pixels(graph) > 0  # three points: a line is drawn
