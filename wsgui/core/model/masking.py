"""Secret values kept off the screen: a variable marked secret (``${VAR}``, the keyring) is
sent as it is, and wherever its value shows up in what wsgui logs (a sent message, an event
such as the open entry's URL, the handshake's request) it is replaced by the mask.

Received messages are not rewritten: the hot path stays untouched, and what a server sends
back is the server's. Values shorter than ``MIN_MASKED`` characters are left alone: masking
every "1" or "ab" in a log would hide more than it protects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from wsgui.core.model.entries import Direction, LogEntry
from wsgui.core.model.handshake import HandshakeRecord, HttpMessage

__all__ = ["MASK", "MIN_MASKED", "Mask", "masked_entry", "masked_record", "value_mask"]

MASK = "••••••"
MIN_MASKED = 4
Mask = Callable[[str], str]


def value_mask(values: Iterable[str]) -> Mask | None:
    """A function replacing each of ``values`` in a text by the mask (longest first, so a
    secret that contains another is masked whole); None when there is nothing to mask."""
    secrets = sorted({v for v in values if len(v) >= MIN_MASKED}, key=len, reverse=True)
    if not secrets:
        return None

    def mask(text: str) -> str:
        for secret in secrets:
            if secret in text:
                text = text.replace(secret, MASK)
        return text

    return mask


def masked_entry(entry: LogEntry, mask: Mask) -> LogEntry:
    """A sent message or an event with the secrets masked (binary payloads as they are)."""
    if entry.direction is Direction.RECEIVED or not isinstance(entry.payload, str):
        return entry
    shown = mask(entry.payload)
    return entry if shown == entry.payload else entry._replace(payload=shown)


def masked_record(record: HandshakeRecord, mask: Mask) -> HandshakeRecord:
    """The handshake as the Handshake tab shows it: URL and request with secrets masked."""
    request = record.request
    if request is not None:
        request = HttpMessage(
            mask(request.start_line),
            tuple((name, mask(value)) for name, value in request.headers),
            request.body,
        )
    return replace(record, url=mask(record.url), request=request)
