"""The status bar's view of one connection, in ``box`` (the window shows it while that
connection's tab is current): rates and counters only (the state is the URL row's chip):
counts each way, entries kept, dropped and not captured, the rate in msg/s and bytes/s with a
graph of the last minute, the graph of the last round-trip times, and the search count."""

from __future__ import annotations

import time
from collections import deque

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QHBoxLayout, QWidget

from wsgui.core.log.rates import RateMeter
from wsgui.core.model.entries import Direction
from wsgui.core.model.payload import format_size
from wsgui.ui.common.steady_label import SteadyLabel
from wsgui.ui.log.filtered_model import FilteredLogModel
from wsgui.ui.log.model import LogModel
from wsgui.ui.log.search import LogSearch
from wsgui.ui.log.spark_line import SparkLine

RATE_SAMPLE_MS = 1000
RTT_POINTS = 30
PAUSED_REFRESH_MS = 500


class LogStatus(QObject):
    def __init__(
        self,
        box: QWidget,
        model: LogModel,
        filtered: FilteredLogModel,
        search: LogSearch,
    ) -> None:
        super().__init__(box)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.model, self.filtered, self.search = model, filtered, search
        filtered.stored_search_done.connect(lambda _problem: self.update_counters())
        self.counters = SteadyLabel("countersLabel")
        self.rate_meter = RateMeter()
        self.rate_label = SteadyLabel("rateLabel")
        self.rate_graph = SparkLine(
            lambda: [r.messages_per_s for r in self.rate_meter.history],
            self.rate_meter.history.maxlen or 60,
            "rate_line",
            "rateGraph",
            "Messages per second (both ways) over the last minute",
        )
        self.rtts: deque[float] = deque(maxlen=RTT_POINTS)
        self.rtt_graph = SparkLine(
            lambda: self.rtts,
            RTT_POINTS,
            "rtt_line",
            "rttGraph",
            f"Round-trip times of the last {RTT_POINTS} pings",
        )
        self.rtt_graph.setFixedWidth(60)
        self.rtt_graph.setVisible(False)  # until the first round trip
        for widget in (
            self.rtt_graph,
            self.rate_label,
            self.rate_graph,
            self.counters,
        ):
            row.addWidget(widget)
        self._rate_timer = QTimer(self)
        self._rate_timer.timeout.connect(self.sample_rate)
        self._rate_timer.start(RATE_SAMPLE_MS)
        self._paused_refresh = QTimer(self)  # no flushes while paused: refresh the counts
        self._paused_refresh.timeout.connect(self.update_counters)
        model.flushed.connect(self.update_counters)
        model.modelReset.connect(self.update_counters)
        self.update_counters()

    def set_paused(self, paused: bool) -> None:
        self.model.flush()
        self.model.paused = paused
        if paused:
            self._paused_refresh.start(PAUSED_REFRESH_MS)
        else:
            self._paused_refresh.stop()
        self.update_counters()

    def sample_rate(self) -> None:
        """Once a second: msg/s and bytes/s (both ways), and the graph of the last minute."""
        store = self.model.store
        rate = self.rate_meter.sample(
            time.monotonic(), sum(store.messages.values()), sum(store.bytes.values())
        )
        self.rate_label.setText(
            f"{rate.messages_per_s:,.0f} msg/s {format_size(int(rate.bytes_per_s))}/s"
        )
        self.rate_graph.update()

    def add_rtt(self, seconds: float) -> None:
        self.rtts.append(seconds * 1000)
        self.rtt_graph.setVisible(True)
        self.rtt_graph.setToolTip(
            f"Round-trip times of the last {RTT_POINTS} pings; the latest: {seconds * 1000:,.1f} ms"
        )
        self.rtt_graph.update()

    def update_counters(self) -> None:
        filtered = self.filtered
        self.search.show_count(
            filtered.rowCount(), len(self.model.store), filtered.searching_stored
        )
        store = self.model.store
        sent, received = Direction.SENT, Direction.RECEIVED
        self.counters.setText(
            f"↑ {store.messages[sent]:,} msgs {format_size(store.bytes[sent])}   "
            f"↓ {store.messages[received]:,} msgs {format_size(store.bytes[received])}   "
            f"{len(store):,} {'entry' if len(store) == 1 else 'entries'}"
            + (f" ({store.dropped:,} oldest dropped: cap {store.cap:,})" if store.dropped else "")
            + (f"  ⏸ capture paused, {store.not_captured:,} not kept" if self.model.paused else "")
        )
