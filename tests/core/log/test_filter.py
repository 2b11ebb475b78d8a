"""Search and filters over the log: text, regex, case, direction, kind; clear regex errors."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from wsgui.core.log.filter import FilterError, LogFilter, matching_rows
from wsgui.core.model.entries import Direction, Kind, event_entry, message_entry

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


CORPUS = [
    message_entry(Direction.RECEIVED, text)
    for text in (
        "Price: 991.25",
        "price : 991",
        "PRICE: 99x.",
        "ſtop price: 990",  # long s: matches "s" only case-insensitively
        "\u212aelvin: 42",  # Kelvin sign: matches "k" only case-insensitively
        "İstanbul ok",
        "abc",
        "ab",
        "xabcy",
    )
] + [message_entry(Direction.RECEIVED, b"PRICE: 990"), event_entry(Kind.INFO, "price: 993 event")]


@pytest.mark.parametrize(
    "pattern",
    [
        r"price: 99\d",
        r"STOP",
        r"kelvin",
        r"a|xab",
        r"ab?c",
        r"x(abc)+y",
        r"[a-z]+ ok",
        "İst",
        "(?-i:Price)",
    ],
)
def test_case_insensitive_regex_shortcut_never_changes_the_answer(pattern: str) -> None:
    """A required literal rules out ASCII text quickly; the answer is what re.search says."""
    import re

    expected = [
        i
        for i, e in enumerate(CORPUS)
        if re.search(
            pattern.encode() if isinstance(e.payload, bytes) else pattern,
            e.payload,  # type: ignore[arg-type]
            re.IGNORECASE,
        )
    ]
    assert matching_rows(CORPUS, LogFilter(text=pattern, regex=True)) == expected


def test_required_literal() -> None:
    import re

    from wsgui.core.log.filter import required_literal

    def literal(source: str) -> str:
        return required_literal(re.compile(source, re.IGNORECASE))

    assert literal(r"price: 99\d") == "price: 99"
    assert literal(r"a|bc") == ""  # alternation at the top: nothing is required
    assert literal(r"ab?cd") == "cd"
    assert literal(r"İst") == "st"


_payloads = st.one_of(
    # U+212A KELVIN SIGN lowers to "k"; U+017F LONG S matches "s" ignoring case, lowers to itself
    st.text(alphabet="abcKkK\u212as\u017f é\n:1", max_size=12),
    st.binary(max_size=8).map(lambda b: b + b"k"),
)
_filters = st.builds(
    LogFilter,
    text=st.sampled_from(
        ["k", "K", "ab", "é", r"a.c", r"^K", r"b\s", "Kk", "S", r"s\w", "K:1:", ":1:k", r"K:1\d"]
    ),
    regex=st.booleans(),
    case_sensitive=st.booleans(),
)


@settings(max_examples=200, deadline=None)
@example(payloads=["\u017f", b"s", "x"], log_filter=LogFilter(text="S", regex=True))
@example(payloads=["\u017f"], log_filter=LogFilter(text="S"))
@example(payloads=["xk:1:y", b"K:1:", "K:1"], log_filter=LogFilter(text="K:1:"))
@example(payloads=["k:12", "K:1x"], log_filter=LogFilter(text=r"K:1\d", regex=True))
@example(payloads=["k:12"], log_filter=LogFilter(r"(?i)K:1\d", regex=True, case_sensitive=True))
@given(payloads=st.lists(_payloads, max_size=40), log_filter=_filters)
def test_the_fast_scans_agree_with_the_predicate_entry_by_entry(
    payloads: list[str | bytes], log_filter: LogFilter
) -> None:
    """The inlined scans (with their shortcuts: a regex's literal, a text's run of
    non-letters) and the one-entry predicate (used with direction and kind filters) show
    exactly the entries the plain rules show."""
    from wsgui.core.model.entries import as_row

    rows = [as_row(message_entry(Direction.RECEIVED, payload)) for payload in payloads]
    expected = [i for i, payload in enumerate(payloads) if _shown(payload, log_filter)]
    matches = log_filter.predicate()
    assert [i for i, row in enumerate(rows) if matches(row)] == expected
    assert matching_rows(rows, log_filter) == expected


def _shown(payload: str | bytes, log_filter: LogFilter) -> bool:
    """The rules, written plainly: no shortcut."""
    text, flags = log_filter.text, re.NOFLAG if log_filter.case_sensitive else re.IGNORECASE
    if not log_filter.regex and not log_filter.case_sensitive:
        needle = text if isinstance(payload, str) else text.encode()
        return needle.lower() in payload.lower()  # type: ignore[operator]
    source = text if log_filter.regex else re.escape(text)
    if isinstance(payload, str):
        return re.search(source, payload, flags) is not None
    try:
        return re.search(source.encode(), payload, flags) is not None
    except re.error:
        return False
