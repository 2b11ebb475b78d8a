"""Repeat send controls: every N ms, K times (0: until stopped), Repeat / Stop with a count."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget


class RepeatBar(QWidget):
    start_requested = Signal(int, int)  # every (ms), times (0: until stopped)
    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.every = QSpinBox()
        self.every.setObjectName("repeatEvery")
        self.every.setRange(1, 3_600_000)
        self.every.setValue(1000)
        self.every.setSuffix(" ms")
        self.every.setToolTip("Time between two sends")
        self.times = QSpinBox()
        self.times.setObjectName("repeatTimes")
        self.times.setRange(0, 10_000_000)
        self.times.setValue(10)
        self.times.setSpecialValueText("until stopped")
        self.times.setToolTip("How many sends; 0 repeats until Stop")
        self.button = QPushButton("Repeat")
        self.button.setObjectName("repeatButton")
        self.button.setToolTip("Send the editor's message repeatedly; press again to stop")
        self.button.setCheckable(True)
        self.status = QLabel("")
        self.status.setObjectName("repeatStatus")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Repeat every"))
        layout.addWidget(self.every)
        layout.addWidget(QLabel("times"))
        layout.addWidget(self.times)
        layout.addWidget(self.button)
        layout.addWidget(self.status, 1)
        self.button.clicked.connect(self._clicked)
        self.running = False

    def set_open(self, is_open: bool) -> None:
        self.button.setEnabled(is_open or self.running)

    def show_progress(self, sent: int, times: int) -> None:
        self.running = True
        self.button.setChecked(True)
        self.button.setText("Stop")
        total = f" of {times:,}" if times else ""
        self.status.setText(f"repeating: {sent:,}{total} sent")

    def show_finished(self, text: str) -> None:
        self.running = False
        self.button.setChecked(False)
        self.button.setText("Repeat")
        self.status.setText(text)

    def _clicked(self) -> None:
        if self.running:
            self.stop_requested.emit()
        else:
            self.button.setChecked(False)  # checked once the controller says it runs
            self.start_requested.emit(self.every.value(), self.times.value())
