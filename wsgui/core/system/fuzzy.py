"""Finding an action by part of its name, as command palettes do: the best matches first.

"clear" finds "Log > Clear log", "exp sh" finds "Log > Export shown entries…" (every word, in
any order), "clrlg" finds it too (the letters in order), and the action's own name weighs more
than its menu path.
"""

from __future__ import annotations

from collections.abc import Sequence

# Lower is better; None: no match.
_PREFIX, _WORD_START, _SUBSTRING, _PATH, _WORDS, _LETTERS = range(6)


def _letters_in_order(query: str, text: str) -> bool:
    position = 0
    for letter in query:
        position = text.find(letter, position) + 1
        if not position:
            return False
    return True


def match_rank(query: str, name: str, path: str = "") -> int | None:
    """How well ``query`` matches an action called ``name`` found under ``path``."""
    query, name, path = query.strip().casefold(), name.casefold(), path.casefold()
    if not query:
        return _PREFIX
    if name.startswith(query):
        return _PREFIX
    if f" {query}" in f" {name}":
        return _WORD_START
    if query in name:
        return _SUBSTRING
    full = f"{path} {name}"
    if query in full:
        return _PATH
    words = query.split()
    if all(word in full for word in words):
        return _WORDS
    if _letters_in_order(query.replace(" ", ""), name):
        return _LETTERS
    return None


def ranked(query: str, candidates: Sequence[tuple[str, str]]) -> list[int]:
    """Indexes of the (name, path) candidates that match, best first, ties in menu order."""
    scored = [
        (rank, index)
        for index, (name, path) in enumerate(candidates)
        if (rank := match_rank(query, name, path)) is not None
    ]
    return [index for _rank, index in sorted(scored)]
