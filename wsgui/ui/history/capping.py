"""Keeping the history under its size cap off the UI thread: a worker thread with a
HistoryStore connection of its own runs core.history.cap.prune_to_cap (seconds on a big
store), and ``done`` reports on the UI thread (a timer looks for the result: the worker never
touches Qt). A cap asked for while one runs is applied after it, the last one only."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from wsgui.core.history.cap import Capped, prune_to_cap
from wsgui.core.history.errors import HistoryError
from wsgui.core.history.store import HistoryStore

__all__ = ["CapRunner"]

POLL_MS = 50


class CapRunner(QObject):
    """``done(result)``: a Capped, or the text of the HistoryError that stopped it."""

    done = Signal(object)

    def __init__(self, path: Callable[[], Path | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path  # the store's file, None when there is no store
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()
        self._result: list[Capped | str] = []
        self._pending: int | None = None
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self._poll)

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, cap_bytes: int) -> bool:
        """Prune the store to ``cap_bytes`` (0: no cap) in the worker; False without a store."""
        path = self.path()
        if path is None:
            return False
        if self._thread is not None:
            self._pending = cap_bytes
            return True
        self._cancel = threading.Event()
        self._result = []
        self._thread = threading.Thread(
            target=_work,
            args=(path, cap_bytes, self._cancel, self._result),
            name="wsgui history cap",
            daemon=True,
        )
        self._thread.start()
        self._timer.start()
        return True

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the worker between two transactions (the window is closing) and wait for it."""
        self._pending = None
        self._cancel.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._timer.stop()
        self._thread = None

    def _poll(self) -> None:
        thread = self._thread
        if thread is None or thread.is_alive():
            return
        self._timer.stop()
        self._thread = None
        result = self._result[0] if self._result else "History not pruned: the worker stopped"
        pending, self._pending = self._pending, None
        self.done.emit(result)
        if pending is not None:
            self.start(pending)


def _work(path: Path, cap: int, cancel: threading.Event, out: list[Capped | str]) -> None:
    try:
        with HistoryStore(path, verify=False) as store:
            out.append(prune_to_cap(store, cap, cancel))
    except HistoryError as exc:  # which file, what failed
        out.append(f"History not pruned: {exc}")
