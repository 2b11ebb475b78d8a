"""Finding entries: plain text or regex, by direction and by kind, fast enough for 1M entries.

The filter compiles once into a predicate; text payloads are searched with a compiled
pattern (a C loop), binary ones with the same pattern over bytes, events by their text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from wsgui.core.log.paging import JoinedRows, StoredSearch
from wsgui.core.model.entries import Direction, Kind, LogEntry, Row

__all__ = ["CATEGORIES", "FilterError", "LogFilter", "category_of", "matching_rows", "split_search"]

CATEGORIES = ("text", "binary", "control", "events", "errors")
_CATEGORY = {
    Kind.TEXT: "text",
    Kind.BINARY: "binary",
    Kind.PING: "control",
    Kind.PONG: "control",
    Kind.OPEN: "events",
    Kind.CLOSE: "events",
    Kind.INFO: "events",
    Kind.ERROR: "errors",
}


class FilterError(ValueError):
    """A search that cannot run (an invalid regex); the text says where it is wrong."""


def category_of(entry: LogEntry) -> str:
    return _CATEGORY[entry.kind]


@dataclass(frozen=True)
class LogFilter:
    text: str = ""
    regex: bool = False
    case_sensitive: bool = False
    directions: frozenset[Direction] = field(default_factory=lambda: frozenset(Direction))
    categories: frozenset[str] = field(default_factory=lambda: frozenset(CATEGORIES))

    @property
    def shows_everything(self) -> bool:
        return (
            not self.text
            and self.directions == frozenset(Direction)
            and self.categories == frozenset(CATEGORIES)
        )

    def predicate(self) -> Callable[[LogEntry | Row], bool]:
        """A fast test for one entry. Raises FilterError for an invalid regex."""
        directions, categories = self.directions, self.categories
        text_search, bytes_search = self._searches()

        def matches(entry: LogEntry | Row) -> bool:
            # by position, so that it reads a LogEntry or a store row (plain str codes,
            # equal to the StrEnum members they stand for)
            if entry[0] not in directions or _CATEGORY[entry[1]] not in categories:  # type: ignore[index]
                return False
            if text_search is None:
                return True
            payload = entry[2]
            if isinstance(payload, str):
                return text_search(payload) is not None
            return bytes_search is not None and bytes_search(payload) is not None

        return matches

    def kinds_shown(self) -> frozenset[Kind]:
        """The kinds of entry the category boxes let through."""
        return frozenset(
            kind for kind, category in _CATEGORY.items() if category in self.categories
        )

    def payload_test(self) -> Callable[[str | bytes], bool]:
        """The text search alone, on one payload (str or bytes), as ``predicate`` applies it
        (for a store testing payloads it holds). Raises FilterError for an invalid regex."""
        text_search, bytes_search = self._searches()
        if text_search is None:
            return lambda _payload: True

        def found(payload: str | bytes) -> bool:
            if isinstance(payload, str):
                return text_search(payload) is not None
            return bytes_search is not None and bytes_search(payload) is not None

        return found

    def text_pattern(self) -> re.Pattern[str] | None:
        """The search as a compiled pattern (None: no text). Raises FilterError if invalid."""
        if not self.text:
            return None
        try:
            return re.compile(self._source(), self._flags())
        except re.error as exc:
            where = f" at position {exc.pos + 1}" if exc.pos is not None else ""
            raise FilterError(f"Search: invalid regular expression{where}: {exc.msg}") from None

    def _source(self) -> str:
        return self.text if self.regex else re.escape(self.text)

    def _flags(self) -> re.RegexFlag:
        return re.NOFLAG if self.case_sensitive else re.IGNORECASE

    def _searches(
        self,
    ) -> tuple[Callable[[str], object] | None, Callable[[bytes], object] | None]:
        if self.text and not self.regex and not self.case_sensitive:  # as _plain_rows does
            lowered, raw_lowered, anchor, raw_anchor = _caseless(self.text)
            return (
                lambda text: True if anchor in text and lowered in text.lower() else None,
                lambda data: True if raw_anchor in data and raw_lowered in data.lower() else None,
            )
        text_pattern = self.text_pattern()
        if text_pattern is None:
            return None, None
        try:
            raw = self._source().encode("utf-8", "surrogateescape")
            bytes_pattern = re.compile(raw, self._flags())
        except re.error:
            bytes_pattern = None  # a pattern only meaningful for text (e.g. \p-like classes)
        text_search = text_pattern.search
        literal = required_literal(text_pattern) if self.regex else ""
        if literal and text_pattern.flags & re.IGNORECASE:  # the Aa box off, or (?i)
            # ASCII text without the literal cannot match: skip the slow engine
            lowered, anchor = literal.lower(), caseless_anchor(literal)

            def text_search(text: str) -> object:  # type: ignore[misc]
                if text.isascii() and (anchor not in text or lowered not in text.lower()):
                    return None
                return text_pattern.search(text)

        elif literal:  # every match holds the literal as it is

            def text_search(text: str) -> object:  # type: ignore[misc]
                return text_pattern.search(text) if literal in text else None

        return text_search, (bytes_pattern.search if bytes_pattern else None)


MIN_ANCHOR = 3  # characters: a shorter run (":", ", ") is in most JSON messages
_NOT_LETTERS = re.compile(r"[\x00-\x40\x5b-\x60\x7b-\x7f]+")


def caseless_anchor(text: str) -> str:
    """The longest run of ASCII characters that are not letters in ``text`` (``": 99999`` in
    ``"SEQ": 99999``), if it is long enough to be rare ("" if not). ``str.lower`` makes such
    characters only from themselves, so a payload whose lowercase holds ``text`` holds the run
    as it is: testing for it first needs no lowercase copy of every payload."""
    run = max(_NOT_LETTERS.findall(text), key=len, default="")
    return run if len(run) >= MIN_ANCHOR else ""


def _caseless(text: str) -> tuple[str, bytes, str, bytes]:
    """What a plain case-insensitive search for ``text`` tests, as text and as bytes: the
    lowercase text (``in`` the payload's lowercase) and its anchor (``in`` the payload as it
    is, first; "" when it has none, which every payload holds)."""
    raw = text.encode("utf-8", "surrogateescape")
    anchor = caseless_anchor(text)
    return text.lower(), raw.lower(), anchor, anchor.encode("ascii")


def required_literal(pattern: re.Pattern[str]) -> str:
    """The longest ASCII run of plain characters that every match contains ("" if none).

    Read from the pattern as Python's own regex parser sees it (``re._parser``, a private
    module: any surprise there means no shortcut, never a wrong answer). Case-insensitive
    regular expressions are several times slower than case-sensitive ones in Python's
    engine; on ASCII text, ``literal in text.lower()`` rules out most entries first.
    """
    try:
        from re import _parser  # type: ignore[attr-defined]

        items = list(_parser.parse(pattern.pattern, pattern.flags & ~re.IGNORECASE))
        literal_op = _parser.LITERAL
    except Exception:  # noqa: BLE001 - no shortcut
        return ""
    best, run = "", []
    for op, value in [*items, (None, None)]:
        if op is literal_op and value < 128:
            run.append(chr(value))
            continue
        if len(run) > len(best):
            best = "".join(run)
        run = []
    return best


def split_search(rows: JoinedRows, log_filter: LogFilter) -> tuple[list[int], StoredSearch]:
    """A search of a log with rows on disk, in two parts: the rows in memory it shows, found
    now (in order), and the stored sessions' part, a query to run (in a worker thread, by
    the log table: on 10 million rows a query the trigram index cannot help takes seconds)."""
    found, stored = rows.disk.search_plan(log_filter.predicate())
    on_disk = len(rows.disk)
    found += [on_disk + i for i in matching_rows(rows.memory, log_filter)]
    return found, stored


def matching_rows(
    entries: Sequence[LogEntry | Row] | Iterable[LogEntry | Row], log_filter: LogFilter
) -> list[int]:
    """Indexes of the entries the filter shows, in order.

    Plain-text searches run as inlined ``in`` tests (a substring scan in C, ~0.1 µs per
    entry); only regular expressions and direction/kind filters pay for a predicate call.
    """
    if isinstance(entries, JoinedRows):  # some rows on disk: their part is a query
        if log_filter.shows_everything:
            return list(range(len(entries)))
        found, stored = split_search(entries, log_filter)
        return sorted(found + stored.run(entries.disk.source, log_filter))
    if log_filter.shows_everything:
        return (
            list(range(len(entries)))
            if isinstance(entries, Sequence)
            else [i for i, _ in enumerate(entries)]
        )
    plain = log_filter.text and not log_filter.regex
    only_text_filter = log_filter.directions == frozenset(
        Direction
    ) and log_filter.categories == frozenset(CATEGORIES)
    if plain and only_text_filter:
        return _plain_rows(entries, log_filter.text, log_filter.case_sensitive)
    if only_text_filter:
        return _regex_rows(entries, *log_filter._searches())
    matches = log_filter.predicate()
    return [index for index, entry in enumerate(entries) if matches(entry)]


def _regex_rows(
    entries: Iterable[LogEntry | Row],
    text_search: Callable[[str], object] | None,
    bytes_search: Callable[[bytes], object] | None,
) -> list[int]:
    """A regex over every direction and kind, inlined (no predicate call per entry)."""
    if text_search is None:  # pragma: no cover - a text filter always has a pattern
        return [i for i, _ in enumerate(entries)]
    never = _never
    bytes_test = bytes_search or never
    return [
        i
        for i, e in enumerate(entries)
        if (text_search(e[2]) if e[2].__class__ is str else bytes_test(e[2])) is not None  # type: ignore[arg-type]
    ]


def _never(_data: bytes) -> None:
    return None


def _plain_rows(entries: Iterable[LogEntry | Row], text: str, case_sensitive: bool) -> list[int]:
    raw = text.encode("utf-8", "surrogateescape")
    if case_sensitive:
        return [
            i
            for i, e in enumerate(entries)
            if (text in e[2] if e[2].__class__ is str else raw in e[2])  # type: ignore[operator]
        ]
    lowered, raw_lowered, anchor, raw_anchor = _caseless(text)
    return [
        i
        for i, e in enumerate(entries)
        if (
            anchor in e[2] and lowered in e[2].lower()  # type: ignore[operator]
            if e[2].__class__ is str
            else raw_anchor in e[2] and raw_lowered in e[2].lower()  # type: ignore[operator]
        )
    ]
