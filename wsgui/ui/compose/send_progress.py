"""Progress of a file being sent, with Cancel; hidden when nothing large is on its way."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

from wsgui.core.connection.progress_send import describe_frames
from wsgui.core.model.payload import format_size

_SCALE = 1000


class SendProgress(QWidget):
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setObjectName("sendProgress")
        self.bar.setRange(0, _SCALE)
        self.cancel = QPushButton("Cancel")
        self.cancel.setObjectName("cancelSendButton")
        self.cancel.setToolTip(
            "Stop sending: a message cannot be cut short, so the connection is dropped"
        )
        self.cancel.clicked.connect(self.cancel_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel)
        self.setVisible(False)

    def show_progress(self, written: int, total: int) -> None:
        """Shown while bytes are still on their way; hidden once all have left."""
        done = written >= total
        self.setVisible(not done)
        self.bar.setValue(_SCALE if done or not total else written * _SCALE // total)
        self.bar.setFormat(
            f"sending {format_size(written)} of {format_size(total)} (%p%), one message in "
            f"{describe_frames(total)}"
        )
