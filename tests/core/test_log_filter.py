"""Search and filters over the log: text, regex, case, direction, kind; clear regex errors."""

from __future__ import annotations

import pytest

from wsgui.core.entries import Direction, Kind, event_entry, message_entry
from wsgui.core.log_filter import FilterError, LogFilter, matching_rows

ENTRIES = [
    event_entry(Kind.OPEN, "Open: ws://h/ subscribe"),  # 0
    message_entry(Direction.SENT, '{"op": "Subscribe", "topic": "btc"}'),  # 1
    message_entry(Direction.RECEIVED, '{"op": "ack"}'),  # 2
    message_entry(Direction.RECEIVED, b"\x00subscribe\xff"),  # 3
    event_entry(Kind.ERROR, "Message too big"),  # 4
    message_entry(Direction.RECEIVED, "price 42.5 btc"),  # 5
]


@pytest.mark.parametrize(
    ("log_filter", "rows"),
    [
        (LogFilter(), [0, 1, 2, 3, 4, 5]),
        (LogFilter(text="subscribe"), [0, 1, 3]),
        (LogFilter(text="subscribe", case_sensitive=True), [0, 3]),
        (LogFilter(text=r"\d+\.\d", regex=True), [5]),
        (LogFilter(text=r"sub\w+", regex=True), [0, 1, 3]),
        (LogFilter(directions=frozenset({Direction.SENT})), [1]),
        (LogFilter(categories=frozenset({"binary"})), [3]),
        (LogFilter(categories=frozenset({"events", "errors"})), [0, 4]),
        (LogFilter(text="btc", directions=frozenset({Direction.RECEIVED})), [5]),
    ],
)
def test_filters(log_filter: LogFilter, rows: list[int]) -> None:
    assert matching_rows(ENTRIES, log_filter) == rows
    matches = log_filter.predicate()
    assert [i for i, e in enumerate(ENTRIES) if matches(e)] == rows  # the same, one by one


def test_an_invalid_regex_is_a_message_not_an_exception_trace() -> None:
    with pytest.raises(FilterError, match=r"Search: invalid regular expression at position 4: "):
        LogFilter(text="abc(", regex=True).predicate()
