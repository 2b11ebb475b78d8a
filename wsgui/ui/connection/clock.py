"""The status bar's readyState and how long the connection has been open, ticking each
second; after a close, how long it was open."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QWidget

from wsgui.core.model.entries import ReadyState
from wsgui.ui.common.labels import plain_label
from wsgui.ui.common.steady_label import SteadyLabel
from wsgui.ui.theme.colors import STATE_BADGES, set_tone

TICK_MS = 1000


def format_duration(seconds: float) -> str:
    """``0:00:05``, ``1:02:03``: hours, minutes, seconds."""
    minutes, whole = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:d}:{minutes:02d}:{whole:02d}"


class ConnectionClock(QWidget):
    """``clock`` is injectable so a test can move time on."""

    def __init__(
        self, parent: QWidget | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.badge = plain_label("statusState")
        self.badge.setWordWrap(False)
        self.elapsed = SteadyLabel("statusConnectedFor")  # ticks: no relayout each second
        self.elapsed.setToolTip("How long the connection has been open")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.badge)
        layout.addWidget(self.elapsed)
        self.opened_at: float | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self.set_state(ReadyState.CLOSED)

    def set_state(self, state: ReadyState) -> None:
        self.badge.setText(f"{state.value} {state.name}")
        self.badge.setToolTip(f"readyState {state.value} {state.name}")
        set_tone(self.badge, STATE_BADGES[state])
        if state is ReadyState.OPEN:
            self.opened_at = self.clock()
            self._timer.start()
        elif state is ReadyState.CONNECTING:
            self.opened_at = None
            self._timer.stop()
        elif state is ReadyState.CLOSED:
            self._timer.stop()
        self.tick()
        if state is ReadyState.CLOSED and self.opened_at is not None:
            self.elapsed.setText(f"was open {format_duration(self.clock() - self.opened_at)}")
            self.opened_at = None

    def tick(self) -> None:
        if self.opened_at is None:
            self.elapsed.setText("")
        else:
            self.elapsed.setText(f"open {format_duration(self.clock() - self.opened_at)}")
