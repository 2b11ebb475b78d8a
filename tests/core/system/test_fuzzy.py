"""The command palette's matching: the action's name first, then its menu path, every word in
any order, the letters in order; no match is no match."""

from __future__ import annotations

from wsgui.core.system.fuzzy import match_rank, ranked

ACTIONS = [
    ("Export log…", "Log"),
    ("Export shown entries…", "Log"),
    ("Clear log", "Log"),
    ("Dark", "View › Theme"),
    ("Close with code…", "Connection"),
    ("Close tab", "File"),
]


def names(query: str) -> list[str]:
    return [ACTIONS[i][0] for i in ranked(query, ACTIONS)]


def test_the_name_beats_the_path() -> None:
    assert names("clo")[:2] == ["Close with code…", "Close tab"]  # prefixes, in menu order
    assert names("log") == ["Export log…", "Clear log", "Export shown entries…"]  # path last
    assert names("theme") == ["Dark"]  # only its path says theme


def test_every_word_in_any_order() -> None:
    assert names("shown exp") == ["Export shown entries…"]
    assert names("theme dark") == ["Dark"]


def test_letters_in_order() -> None:
    assert names("clrlg") == ["Clear log"]
    assert names("cwc") == ["Close with code…"]


def test_case_and_spaces_do_not_matter() -> None:
    assert names("  CLEAR ") == ["Clear log"]
    assert match_rank("", "Anything") == match_rank("any", "Anything")  # empty: all listed


def test_no_match() -> None:
    assert names("zzz") == []
    assert match_rank("gol", "Clear log") is None  # letters out of order
