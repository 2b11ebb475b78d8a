"""A stored session written as NDJSON, HAR or CSV by the log's own writers (core/log/
export.py: the same formats, the same masking as exporting the live log), its entries read
from the store a page at a time."""

from __future__ import annotations

from typing import TextIO

from wsgui.core.history.errors import HistoryError
from wsgui.core.history.store import HistoryStore
from wsgui.core.log.export import write_csv, write_har, write_ndjson

__all__ = ["FORMATS", "export_session"]

FORMATS = ("ndjson", "har", "csv")


def export_session(store: HistoryStore, session_id: int, fmt: str, handle: TextIO) -> int:
    """Write the session to ``handle`` in ``fmt``; how many entries (HAR: messages) were
    written. HistoryError names an unknown session or format."""
    if fmt not in FORMATS:
        raise HistoryError(f"Unknown export format {fmt!r}: use ndjson, har or csv")
    info = store.session(session_id)
    if info is None:
        raise HistoryError(f"There is no session {session_id} in the history store {store.path}")
    entries = store.iter_entries(session_id)
    if fmt == "har":
        return write_har(entries, info.url, handle)
    if fmt == "csv":
        return write_csv(entries, handle)
    return write_ndjson(entries, handle)
