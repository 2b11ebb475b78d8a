"""Log rows as the history stores them, and back.

One table row per entry, keyed by ``session << 32 | index`` (the rowid: a session's entries
are one range of the table's own B-tree, in order, with no second index to keep up). The
payload is stored as bytes with a ``form`` saying whether it was text (UTF-8, lone surrogates
kept with ``surrogatepass``), so what comes back is exactly what was appended: str or bytes.
Direction and kind are small integer codes (fixed here, not taken from the enums' order,
so that adding a kind never renumbers a stored one).

Payloads over ``INLINE_LIMIT`` (1 MiB) are stored in the ``chunks`` table in parts of that
size, in the same transaction as their entry (so a kill never leaves half an entry, and
deleting a session deletes its chunks); the entry's payload column is then NULL. This keeps
the entries table compact for paging and scanning.

Events are stored as exports write them: URLs in their text with the password and
credential-like query values masked (``mask_urls_in``); messages are kept as they crossed
the wire.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import NamedTuple

from wsgui.core.history.records import record_from_json, record_to_json
from wsgui.core.model.entries import LogEntry, Row, as_entry
from wsgui.core.model.urls import mask_urls_in

__all__ = [
    "INDEX_BITS",
    "INLINE_LIMIT",
    "Batch",
    "decode_as_row",
    "decode_row",
    "encode_rows",
    "entry_id",
    "joined_chunks",
]

INLINE_LIMIT = 2**20
INDEX_BITS = 32  # entries of one session: up to 4,294,967,296
FORM_BINARY = 0  # the payload was bytes, stored inline
FORM_TEXT = 1  # the payload was a str (stored as its UTF-8 bytes)
FORM_CHUNKED = 2  # the payload is in the chunks table

DIRECTION_CODES = {"sent": 0, "received": 1, "event": 2}
KIND_CODES = {
    "text": 0,
    "binary": 1,
    "open": 2,
    "close": 3,
    "error": 4,
    "info": 5,
    "ping": 6,
    "pong": 7,
}
DIRECTION_NAMES = tuple(sorted(DIRECTION_CODES, key=DIRECTION_CODES.__getitem__))
KIND_NAMES = tuple(sorted(KIND_CODES, key=KIND_CODES.__getitem__))

COLUMNS = 10  # values per stored row, in the order of the entries table
# A plain message (text or binary, no note, no close code, no handshake, size the length of
# its payload: every message of a flood) is stored from 4 values: id, a code packing
# direction, kind and form (direction * 100 + kind * 10 + form), payload and time; SQL
# unpacks them (PLAIN_SELECT). Half the Python work of a full row, on the writer's share of
# the GIL, which is time taken from the event loop's thread during a flood.
PLAIN_COLUMNS = 4
PLAIN_SELECT = (
    "SELECT column1, column2 / 100, column2 / 10 % 10, column2 % 10, column3, "
    "length(column3), column4 FROM (VALUES {values})"
)
_PLAIN_CODES = {
    (direction, kind): DIRECTION_CODES[direction] * 100 + KIND_CODES[kind] * 10
    for direction in ("sent", "received")
    for kind in ("text", "binary")
}
Value = int | float | str | bytes | None


def joined_chunks(db: sqlite3.Connection, entry: int) -> bytes:
    """The payload of an entry stored in chunks, whole."""
    parts = db.execute("SELECT data FROM chunks WHERE entry = ? ORDER BY part", (entry,))
    return b"".join(data for (data,) in parts)


def entry_id(session_id: int, index: int) -> int:
    return (session_id << INDEX_BITS) | index


class Batch(NamedTuple):
    """Rows ready to insert, their values one after the other (many rows per statement):
    ``plain`` PLAIN_COLUMNS per row, ``full`` COLUMNS per row; and the chunks of big
    payloads."""

    plain: list[Value]
    full: list[Value]
    chunks: list[tuple[int, int, bytes]]


def encode_rows(first_id: int, rows: Iterable[Row | LogEntry]) -> Batch:
    """The table rows for ``rows``, the first with id ``first_id``. LogEntry tuples work too:
    their StrEnum members are equal to (and hash as) the str codes of a Row."""
    plain: list[Value] = []
    add_plain = plain.extend
    full: list[Value] = []
    chunks: list[tuple[int, int, bytes]] = []
    plain_codes = _PLAIN_CODES
    for ident, row in enumerate(rows, first_id):
        direction, kind, payload, size, when, note, close_code, handshake = row
        if isinstance(payload, str):
            data = payload.encode("utf-8", "surrogatepass")
            form = FORM_TEXT
        else:
            data, form = bytes(payload), 0
        code = plain_codes.get((direction, kind))
        if (
            code is not None
            and size == len(data) <= INLINE_LIMIT
            and not note
            and close_code is None
            and handshake is None
        ):
            add_plain((ident, code + form, data, when))
            continue
        if direction == "event":
            if isinstance(payload, str):
                data = mask_urls_in(payload).encode("utf-8", "surrogatepass")
            note = mask_urls_in(note)
        stored: bytes | None = data
        if len(data) > INLINE_LIMIT:
            chunks += [
                (ident, part, data[start : start + INLINE_LIMIT])
                for part, start in enumerate(range(0, len(data), INLINE_LIMIT))
            ]
            stored, form = None, form | FORM_CHUNKED
        record = record_to_json(handshake) if handshake is not None else None
        full += (
            ident,
            DIRECTION_CODES[direction],
            KIND_CODES[kind],
            form,
            stored,
            size,
            when,
            note,
            close_code,
            record,
        )
    return Batch(plain, full, chunks)


def decode_row(
    direction: int,
    kind: int,
    form: int,
    data: bytes,
    size: int,
    when: float,
    note: str | None,
    close_code: int | None,
    record: str | None,
) -> LogEntry:
    """The entry of one stored row (``data``: the inline payload or the joined chunks)."""
    return as_entry(
        decode_as_row(direction, kind, form, data, size, when, note, close_code, record)
    )


def decode_as_row(
    direction: int,
    kind: int,
    form: int,
    data: bytes,
    size: int,
    when: float,
    note: str | None,
    close_code: int | None,
    record: str | None,
) -> Row:
    """``decode_row`` as a log Row (plain str codes: what a LogStore holds)."""
    payload: str | bytes = data.decode("utf-8", "surrogatepass") if form & FORM_TEXT else data
    handshake = record_from_json(record) if record is not None else None
    return (
        DIRECTION_NAMES[direction],
        KIND_NAMES[kind],
        payload,
        size,
        when,
        note or "",
        close_code,
        handshake,
    )
