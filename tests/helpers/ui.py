"""Helpers for end-to-end tests of the real window on a qasync loop.

Inside a scenario coroutine, never call qtbot.wait*/processEvents (that nests a Qt loop
inside a task): poll with ``await wait_until(...)`` instead.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from wsgui.core.connection.echo_server import LocalEcho
from wsgui.core.model.entries import Direction, Kind, LogEntry, ReadyState
from wsgui.ui.window.main_window import MainWindow
from wsgui.ui.window.runtime import build_window


async def wait_until(predicate: Callable[[], object], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s: {predicate}")
        await asyncio.sleep(0.01)


def messages(page: Any, direction: Direction) -> list[str | bytes]:
    """The payloads one tab's log shows in ``direction`` (flushing what is buffered)."""
    page.model.flush()
    entries = [page.model.entry(row) for row in range(page.model.rowCount())]
    return [e.payload for e in entries if e.direction is direction]


class WindowDriver:
    """Drives a MainWindow as a user would and reads back what the user sees."""

    def __init__(
        self, local_echo: LocalEcho | None = None, window: MainWindow | None = None
    ) -> None:
        """Drives ``window`` (one a test built with a store, a journal…), else a new one."""
        self.window: MainWindow = window if window is not None else build_window(local_echo)
        self.states: list[ReadyState] = []
        self.window.controller.state_changed.connect(lambda s: self.states.append(ReadyState(s)))
        self.window.show()

    @property
    def state(self) -> ReadyState:
        return self.window.controller.state

    def entries(self) -> list[LogEntry]:
        """What the log shows (flushing what is buffered, as the timer would)."""
        self.window.model.flush()
        model = self.window.model
        return [model.entry(row) for row in range(model.rowCount())]

    def received(self) -> list[str | bytes]:
        return [e.payload for e in self.entries() if e.direction is Direction.RECEIVED]

    def sent(self) -> list[str | bytes]:
        return [e.payload for e in self.entries() if e.direction is Direction.SENT]

    def errors(self) -> list[str]:
        return [str(e.payload) for e in self.entries() if e.kind is Kind.ERROR]

    def of_kind(self, kind: Kind) -> list[LogEntry]:
        return [e for e in self.entries() if e.kind is kind]

    async def connect(self, url: str, subprotocols: str = "") -> None:
        panel = self.window.panel
        panel.url_edit.setText(url)
        panel.subprotocols_edit.setText(subprotocols)
        before = len(self.states)
        panel.connect_button.click()
        settled = (ReadyState.OPEN, ReadyState.CLOSED)
        await wait_until(lambda: len(self.states) > before and self.states[-1] in settled)

    async def connect_new_tab(self, url: str) -> Any:
        """Open a tab (it becomes the current one), connect it to ``url``; its page."""
        page = self.window.new_tab()
        page.panel.url_edit.setText(url)
        page.panel.toggle()
        await wait_until(lambda: page.controller.state is ReadyState.OPEN)
        return page

    async def disconnect(self) -> None:
        self.window.panel.connect_button.click()
        await wait_until(lambda: self.state is ReadyState.CLOSED)

    async def echo_and_close(self, base: str, texts: tuple[str, ...]) -> None:
        """Connect to ``base``/echo, send each text, wait for the echoes, disconnect, end."""
        await self.connect(f"{base}/echo")
        for text in texts:
            self.window.composer.editor.setPlainText(text)
            self.window.composer.send_button.click()
        await self.wait_received(len(texts))
        await self.disconnect()
        await self.shutdown()

    async def log_earlier_exchange(self, base: str) -> None:
        """Connect to ``base``/echo, exchange "kept", disconnect: what a later error must keep."""
        await self.connect(f"{base}/echo")
        self.window.composer.editor.setPlainText("kept")
        self.window.composer.send_button.click()
        await self.wait_received(1)
        await self.disconnect()

    def kept_earlier_exchange(self) -> bool:
        return self.sent()[:1] == ["kept"] and self.received()[:1] == ["kept"]

    async def wait_received(self, count: int) -> None:
        await wait_until(lambda: len(self.received()) >= count)

    async def shutdown(self) -> None:
        await self.window.controller.shutdown()
        self.window.close()
