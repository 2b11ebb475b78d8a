"""Secret values masked in what the window logs: longest first, short values left alone,
received messages and bytes untouched."""

from __future__ import annotations

from wsgui.core.model.entries import Direction, Kind, LogEntry
from wsgui.core.model.handshake import HandshakeRecord, HttpMessage
from wsgui.core.model.masking import MASK, masked_entry, masked_record, value_mask


def test_values_are_masked_longest_first_and_short_ones_are_left() -> None:
    mask = value_mask(["abcd", "abcdef", "no"])
    assert mask is not None
    assert mask("x abcdef y abcd z no") == f"x {MASK} y {MASK} z no"
    assert value_mask(["ab", ""]) is None


def test_sent_entries_and_handshakes_are_masked_received_ones_are_not() -> None:
    mask = value_mask(["s3cret"])
    assert mask is not None
    sent = LogEntry(Direction.SENT, Kind.TEXT, "auth s3cret", 11, 0.0)
    assert masked_entry(sent, mask).payload == f"auth {MASK}"
    assert masked_entry(sent, mask).size == 11  # the size of what went on the wire
    received = sent._replace(direction=Direction.RECEIVED)
    assert masked_entry(received, mask) is received
    binary = sent._replace(payload=b"s3cret")
    assert masked_entry(binary, mask) is binary
    record = HandshakeRecord(
        "ws://h/?t=s3cret",
        request=HttpMessage("GET /?t=s3cret HTTP/1.1", (("X-T", "Bearer s3cret"),)),
    )
    shown = masked_record(record, mask)
    assert shown.url == f"ws://h/?t={MASK}" and shown.request is not None
    assert shown.request.start_line == f"GET /?t={MASK} HTTP/1.1"
    assert shown.request.headers == (("X-T", f"Bearer {MASK}"),)
