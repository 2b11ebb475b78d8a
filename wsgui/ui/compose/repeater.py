"""Runs the composer's Repeat: one task at a time, stopped by Stop or when the connection
leaves OPEN, reporting its count as it goes."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QObject, Signal

from wsgui.core.compose.repeat import repeat_send
from wsgui.core.model.entries import ReadyState
from wsgui.ui.connection.controller import SessionController


class Repeater(QObject):
    progress = Signal(int, int)  # sent so far, times (0: until stopped)
    finished = Signal(str)  # what happened, for the repeat bar

    def __init__(self, controller: SessionController, parent: QObject | None = None) -> None:
        super().__init__(parent or controller)
        self.controller = controller
        self.task: asyncio.Task[int] | None = None
        self.sent = 0
        controller.state_changed.connect(self._on_state)

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done()

    def start(self, payload: str | bytes, every_ms: int, times: int) -> None:
        session = self.controller.session
        if session is None or self.controller.state is not ReadyState.OPEN:
            self.finished.emit("not started: the connection is not open")
            return
        self.stop()
        self.sent = 0

        def sent(count: int) -> None:
            self.sent = count
            self.progress.emit(count, times)

        async def run() -> int:
            return await repeat_send(lambda: session.send(payload), every_ms / 1000, times, sent)

        self.progress.emit(0, times)
        self.task = self.controller.spawn(run())
        self.task.add_done_callback(lambda task: self._done(task, times))

    def stop(self) -> None:
        if self.running and self.task is not None:
            self.task.cancel()

    def _done(self, task: asyncio.Task[int], times: int) -> None:
        if task.cancelled():
            self.finished.emit(f"stopped after {self.sent:,} sent")
        elif task.exception() is None and (not times or task.result() < times):
            self.finished.emit(f"stopped after {task.result():,} sent: the connection closed")
        elif task.exception() is None:
            self.finished.emit(f"done: {task.result():,} sent")

    def _on_state(self, value: int) -> None:
        if value != ReadyState.OPEN:
            self.stop()
