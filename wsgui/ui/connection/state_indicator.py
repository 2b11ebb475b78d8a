"""The one place that shows a connection's state: a chip in the URL row with the readyState
(number, name and color as in the browser API), the subprotocol, how long it has been open
(after a close: how long it was) and the latest round-trip time."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QWidget

from wsgui.core.model.entries import ReadyState
from wsgui.ui.common.labels import plain_label
from wsgui.ui.common.steady_label import SteadyLabel
from wsgui.ui.theme.colors import STATE_BADGES, Tone, set_tone

SEPARATOR = " · "
TICK_MS = 1000
STATE_TOOLTIPS = {
    ReadyState.CONNECTING: "0 CONNECTING: the opening handshake is in progress",
    ReadyState.OPEN: "1 OPEN: messages can be sent and received",
    ReadyState.CLOSING: "2 CLOSING: the closing handshake is in progress",
    ReadyState.CLOSED: "3 CLOSED: no connection (or the connection could not be opened)",
}


def format_duration(seconds: float) -> str:
    """``0:00:05``, ``1:02:03``: hours, minutes, seconds."""
    minutes, whole = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:d}:{minutes:02d}:{whole:02d}"


class StateIndicator(QFrame):
    """``1 OPEN`` on a colored badge, then ``echo-protocol · 0:12:05 · RTT 0.6 ms``; sized
    to its text (it never stretches into a bar). ``clock`` is injectable for tests."""

    def __init__(
        self, parent: QWidget | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self.setObjectName("stateIndicator")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.clock = clock
        self.badge = plain_label("stateBadge")
        self.badge.setWordWrap(False)
        self.details = SteadyLabel("stateDetails")  # ticks each second: no relayout
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.setSpacing(4)
        layout.addWidget(self.badge)
        layout.addWidget(self.details)
        self.state = ReadyState.CLOSED
        self._subprotocol = ""
        self._rtt_ms: float | None = None
        self._opened_at: float | None = None
        self._was_open: float | None = None  # seconds, after a close
        self._clock = QTimer(self)
        self._clock.setInterval(TICK_MS)
        self._clock.timeout.connect(self._refresh_details)
        self._countdown = QTimer(self)  # while auto-reconnect waits: the time left, ticking
        self._countdown.setInterval(250)
        self._countdown.timeout.connect(self._refresh_countdown)
        self._attempt = self._attempts = 0
        self._attempt_at = 0.0
        self.set_state(ReadyState.CLOSED)

    def text(self) -> str:
        """What the chip says, as one line: ``1 OPEN · echo-protocol · 0:00:05``."""
        parts = [self.badge.text().strip(), self.details.text()]
        return SEPARATOR.join(part for part in parts if part)

    def set_state(self, state: ReadyState) -> None:
        previous, self.state = self.state, state
        self._countdown.stop()
        self.badge.setText(f" {state.value} {state.name} ")
        set_tone(self.badge, STATE_BADGES[state])
        self.setToolTip(STATE_TOOLTIPS[state])
        if state is ReadyState.OPEN:
            self._opened_at, self._was_open = self.clock(), None
            self._clock.start()
        elif state is ReadyState.CONNECTING:
            self._subprotocol, self._rtt_ms = "", None
            self._opened_at = self._was_open = None
            self._clock.stop()
        elif state is ReadyState.CLOSED:
            self._clock.stop()
            if self._opened_at is not None and previous is not ReadyState.CLOSED:
                self._was_open = self.clock() - self._opened_at
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
        self.setToolTip("readyState 3 CLOSED; auto-reconnect will try again (Disconnect stops it)")
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

    def set_rtt(self, seconds: float) -> None:
        """The latest ping's round-trip time (yours or a keep-alive)."""
        self._rtt_ms = seconds * 1000
        self._refresh_details()

    def _refresh_details(self) -> None:
        parts = []
        if self._opened_at is not None:
            parts.append(self._subprotocol or "no subprotocol")
            parts.append(format_duration(self.clock() - self._opened_at))
            if self._rtt_ms is not None:
                parts.append(f"RTT {self._rtt_ms:,.1f} ms")
        elif self._was_open is not None:
            parts.append(f"was open {format_duration(self._was_open)}")
        self.details.setText(SEPARATOR.join(parts))
        self.details.setToolTip(
            "Subprotocol · how long the connection has been open · latest round-trip time"
        )
