"""From a frame to the message it forms: the Frames tab asks, the Messages log answers.

Each connection that captures frames marks where the log stood when it started; a data
frame's message number then finds its entry (see wsgui.core.connection.websocket.frame_messages).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from wsgui.core.connection.factory import is_socketio
from wsgui.core.model.entries import ReadyState
from wsgui.ui.connection.controller import SessionController
from wsgui.ui.log.filtered_model import FilteredLogModel
from wsgui.ui.log.frames_model import FramesModel
from wsgui.ui.log.message_log import MessageLog


class FrameLinks(QObject):
    def __init__(
        self,
        controller: SessionController,
        frames: FramesModel,
        log_view: MessageLog,
        filtered: FilteredLogModel,
        report: Callable[[str], None],
    ) -> None:
        super().__init__(log_view)
        self.controller, self.frames = controller, frames
        self.log_view, self.filtered, self.report = log_view, filtered, report
        controller.state_changed.connect(self._on_state)

    def _on_state(self, value: int) -> None:
        if value == ReadyState.CONNECTING and self.controller.capture_frames:
            self.frames.start_connection(self.filtered.source.anchor())
        elif value == ReadyState.CLOSED:
            self.frames.stop_polling()

    def show_message(self, frame_row: int) -> bool:
        """Select, in the Messages log, the entry of the message this frame belongs to."""
        if is_socketio(self.controller.session):
            self.report(
                "Socket.IO: packets are not linked to log entries (an event may span several)"
            )
            return False
        place = self.frames.message_place(frame_row)
        if not place.message:
            self.report("Control frames (ping, pong, close) are not messages")
            return False
        if place.anchor is None:
            self.report("This frame's connection is not known to the log")
            return False
        source = self.filtered.source
        source.flush()
        store = source.store
        if store.not_captured != place.anchor.not_captured:
            self.report("Capture was paused during that connection: its messages cannot be matched")
            return False
        frame = self.frames.frame(frame_row)
        try:
            row = store.nth_message(place.anchor.position, frame.direction, place.message)
        except LookupError as exc:
            self.report(f"Message #{place.message} not shown: {exc}")
            return False
        if not self.log_view.show_source_row(row):
            self.report(f"Message #{place.message} is hidden by the search or filters")
            return False
        self.report(f"Message #{place.message} selected in the log")
        return True
