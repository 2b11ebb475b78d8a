"""Asking the trigram index for candidates cheaply: by the text's rarest trigrams only.

The index (``entries_fts``, FTS5 with the trigram tokenizer and ``detail=none``) keeps, per
trigram, the ids of the entries that hold it. A query for every trigram of a text merges
every one of those lists, and a common trigram (``"se``, ``": ``) is in nearly every entry:
on 10 million messages, asking for all twelve trigrams of ``seq": 000123`` took 1.5 s.
Asking for the rarest one took 0.1 s and gave the same 1,000 entries after the check for
the text itself (which the candidates always get: the index keeps no positions).

How rare a trigram is, is sampled in the range searched: its first ``_SAMPLE`` ids there
(one short read per trigram, a few milliseconds even for a common one); fewer than that
is its exact count. The rarest trigram is asked for, and the next ones while they are
rare too (under ``_RARE`` of the entries), since a common one costs more to merge than it
removes. When even the rarest is common, the index is no help: a candidate costs about
3 µs, a row scanned about 0.25 µs (10M entries: 27 s against 2.3 s), so over ``_RARE`` the
answer is None and the caller scans.

The tokenizer folds case itself (the same way on the payloads and on the query), so the
trigrams are taken from the text as typed. That makes the candidates every entry that can
hold the text when the search is case-sensitive, or case-insensitive for a text whose
letters fold one to one (ASCII, most accented letters); ``usable`` says which texts those
are (a text with ``ß``, which folds to ``ss``, is scanned instead).
"""

from __future__ import annotations

import sqlite3

__all__ = ["rarest_match", "usable"]

_SAMPLE = 64
_RARE = 0.05  # of the entries in the range: rarer trigrams are worth asking the index for
_MAX_GRAMS = 3
_MAX_SAMPLED = 32  # of a long text's trigrams: a spread of them is enough to find rare ones


def usable(text: str, case_sensitive: bool) -> bool:
    """Whether the index can give every candidate for this search (3 characters or more,
    and for a case-insensitive one, letters that fold one to one)."""
    if len(text) < 3:
        return False
    if case_sensitive or text.isascii():
        return True
    return all(len(c.casefold()) == 1 and c.casefold() == c.lower() for c in text)


def rarest_match(db: sqlite3.Connection, text: str, first: int, last: int) -> str | None:
    """An FTS5 query for the rarest trigrams of ``text`` among entries ``first`` ..
    ``last``, or None when a scan is cheaper (no trigram, or none of them rare)."""
    grams = list(dict.fromkeys(text[i : i + 3] for i in range(len(text) - 2)))
    if not grams:
        return None
    if len(grams) > _MAX_SAMPLED:
        step = len(grams) / _MAX_SAMPLED
        grams = [grams[int(i * step)] for i in range(_MAX_SAMPLED)]
    density = {gram: _density(db, gram, first, last) for gram in grams}
    ranked = sorted(grams, key=density.__getitem__)
    if density[ranked[0]] > _RARE:
        return None
    chosen = [ranked[0]]
    for gram in ranked[1:_MAX_GRAMS]:
        if density[gram] > _RARE or density[ranked[0]] == 0.0:
            break
        chosen.append(gram)
    return " AND ".join(_quoted(gram) for gram in chosen)


def _density(db: sqlite3.Connection, gram: str, first: int, last: int) -> float:
    """The share of entries ``first`` .. ``last`` that hold the trigram, from its first
    ``_SAMPLE`` ids there (exact when it has fewer)."""
    ids = db.execute(
        "SELECT rowid FROM entries_fts WHERE entries_fts MATCH ? AND rowid BETWEEN ? AND ? "
        f"ORDER BY rowid LIMIT {_SAMPLE}",
        (_quoted(gram), first, last),
    ).fetchall()
    if len(ids) < _SAMPLE:
        return len(ids) / (last - first + 1)
    return len(ids) / (int(ids[-1][0]) - first + 1)


def _quoted(gram: str) -> str:
    return '"' + gram.replace('"', '""') + '"'
