"""The readyState badge: number, name and color as in the browser API, plus what was negotiated."""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QWidget

from wsgui.core.model.entries import ReadyState
from wsgui.ui.common.labels import plain_label
from wsgui.ui.common.steady_label import SteadyLabel
from wsgui.ui.connection.clock import format_duration
from wsgui.ui.theme.colors import STATE_BADGES, Tone, set_tone

STATE_TOOLTIPS = {
    ReadyState.CONNECTING: "0 CONNECTING: the opening handshake is in progress",
    ReadyState.OPEN: "1 OPEN: messages can be sent and received",
    ReadyState.CLOSING: "2 CLOSING: the closing handshake is in progress",
    ReadyState.CLOSED: "3 CLOSED: no connection (or the connection could not be opened)",
}


class StateIndicator(QWidget):
    """Shows ``1 OPEN`` on a colored badge, the subprotocol and how long it has been open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stateIndicator")
        self.badge = plain_label("stateBadge")
        self.details = SteadyLabel("stateDetails")
        self.badge.setWordWrap(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.badge)
        layout.addWidget(self.details, 1)
        self.state = ReadyState.CLOSED
        self._subprotocol = ""
        self._opened_at: float | None = None
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._refresh_details)
        self._countdown = QTimer(self)  # while auto-reconnect waits: the time left, ticking
        self._countdown.setInterval(250)
        self._countdown.timeout.connect(self._refresh_countdown)
        self._attempt = self._attempts = 0
        self._attempt_at = 0.0
        self.set_state(ReadyState.CLOSED)

    def set_state(self, state: ReadyState) -> None:
        self.state = state
        self._countdown.stop()
        self.badge.setText(f" {state.value} {state.name} ")
        set_tone(self.badge, STATE_BADGES[state])
        self.badge.setToolTip(STATE_TOOLTIPS[state])
        self.setToolTip(STATE_TOOLTIPS[state])
        if state is ReadyState.OPEN:
            self._opened_at = time.monotonic()
            self._clock.start()
        elif state is ReadyState.CLOSED:
            self._clock.stop()
        if state is ReadyState.CONNECTING:
            self._subprotocol = ""
            self._opened_at = None
        self._refresh_details()

    def set_reconnecting(self, attempt: int, delay: float, attempts: int = 0) -> None:
        """While auto-reconnect waits: ``RECONNECTING #2`` and a countdown to the attempt
        (``attempt 2 of 10 in 3 s``; ``attempts`` 0: no limit); (0, 0) puts the readyState
        back."""
        if not attempt:
            self.set_state(self.state)
            return
        self.badge.setText(f" RECONNECTING #{attempt} ")
        set_tone(self.badge, Tone.RECONNECTING_BADGE)
        tip = "readyState 3 CLOSED; auto-reconnect will try again (Disconnect stops it)"
        self.badge.setToolTip(tip)
        self.setToolTip(tip)
        self._attempt, self._attempts = attempt, attempts
        self._attempt_at = time.monotonic() + delay
        self._refresh_countdown()
        self._countdown.start()

    def _refresh_countdown(self) -> None:
        left = max(0.0, self._attempt_at - time.monotonic())
        of = f" of {self._attempts}" if self._attempts else ""
        when = f"in {math.ceil(left)} s" if left > 0 else "now"
        self.details.setText(f"attempt {self._attempt}{of} {when}")

    def set_subprotocol(self, subprotocol: str) -> None:
        self._subprotocol = subprotocol
        self._refresh_details()

    def _refresh_details(self) -> None:
        parts = []
        if self._opened_at is not None:
            parts.append(f"subprotocol: {self._subprotocol or 'none'}")
            elapsed = int(time.monotonic() - self._opened_at) if self._clock.isActive() else None
            if elapsed is not None:
                parts.append(f"open for {format_duration(elapsed)}")
        self.details.setText("   ".join(parts))
