"""A stored session as the History lists it: the columns read and the record they make."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["SESSION_COLUMNS", "SessionInfo", "session_info"]

SESSION_COLUMNS = (
    "id, url, profile, started, ended, state, close_code, entries, sent, received, bytes, pinned, "
    "frames"
)


@dataclass(frozen=True)
class SessionInfo:
    """One stored connection. ``entries`` counts every entry committed; ``sent`` and
    ``received`` count messages; ``bytes`` is their payload bytes (UTF-8 for text);
    ``frames`` counts the frames committed (0 when it did not capture them)."""

    id: int
    url: str
    profile: str
    started: float
    ended: float | None
    state: str  # "open" | "closed" | "interrupted"
    close_code: int | None
    entries: int
    sent: int
    received: int
    bytes: int
    pinned: bool
    frames: int = 0


def session_info(row: tuple[Any, ...]) -> SessionInfo:
    """The SessionInfo of a row of SESSION_COLUMNS (more columns may follow them)."""
    ident, url, profile, started, ended, state, code, entries, sent, received, size = row[:11]
    return SessionInfo(
        ident, url, profile, started, ended, state, code, entries, sent, received, size,
        bool(row[11]), row[12],
    )  # fmt: skip
