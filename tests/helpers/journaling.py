"""What the history journal's tests share: rows of a flood, and waiting for the writer thread."""

from __future__ import annotations

import time
from collections.abc import Callable

from wsgui.core.model.entries import Row


def rows(count: int, text: str = "message") -> list[Row]:
    """``count`` received text rows, "message 0", "message 1", …"""
    return [("received", "text", f"{text} {i}", 9, float(i), "", None, None) for i in range(count)]


def wait_until(condition: Callable[[], object], timeout: float = 10.0) -> None:
    """Block until ``condition()`` is true (the writer thread's work), failing after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)
