"""What the composer sends, by mode: text and JSON as typed, hex and base64 as bytes, a file.

Byte-exact: text and JSON go on the wire exactly as typed (JSON is only checked, never
rewritten unless the user presses Format); hex and base64 become exactly the bytes they spell.
Every error names where the input is wrong.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from wsgui.core.model.payload import PayloadError, parse_hex

__all__ = [
    "MODES",
    "SentHistory",
    "editor_note",
    "encode",
    "format_json",
    "json_problem",
    "parse_base64",
    "reveal_invisibles",
]

MODES = ("text", "json", "hex", "base64", "file")
MODE_LABELS = {
    "text": "Text",
    "json": "JSON",
    "hex": "Hex bytes",
    "base64": "Base64",
    "file": "File",
}
_BASE64_CHARS = re.compile(r"[A-Za-z0-9+/=]")
_WHITESPACE = frozenset(" \t\r\n")


def json_problem(text: str) -> str:
    """Why ``text`` is not JSON ("" when it is), with line and column."""
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return f"JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}"
    except (ValueError, RecursionError) as exc:
        return f"JSON: not usable ({type(exc).__name__})"
    return ""


CHECK_LIMIT = 256 * 1024  # characters: a larger paste is checked on Send (~75 ms per 360 K)


def bytes_problem(mode: str, text: str) -> tuple[str, int]:
    """Hex or Base64 as typed: (why it cannot be sent, "" when it can; the bytes it makes,
    -1 for a text too long to check at each key). Checked as you type, with the position
    of the first bad character."""
    if len(text) > CHECK_LIMIT:
        return "", -1
    try:
        data = encode(mode, text)
    except PayloadError as exc:
        return str(exc), 0
    return "", len(data)


def editor_note(mode: str, text: str) -> tuple[str, bool]:
    """What the composer says under the editor as you type, and whether it is a problem:
    the first JSON or hex/Base64 mistake, "Valid JSON", "Valid hex: 3 bytes", a path that
    is not a file; "" for text (and for a large hex paste, checked on Send)."""
    stripped = text.strip()
    if not stripped:
        return "", False
    if mode == "json":
        problem = json_problem(text)
        return (problem, True) if problem else ("Valid JSON", False)
    if mode in ("hex", "base64"):
        problem, size = bytes_problem(mode, text)
        if size < 0:
            return "", False
        name = "hex" if mode == "hex" else "Base64"
        count = f"{size:,} byte" + ("" if size == 1 else "s")
        return (problem, True) if problem else (f"Valid {name}: {count}", False)
    if mode == "file" and not Path(stripped).is_file():
        return f"File: {stripped} is not a file", True
    return "", False


def format_json(text: str) -> str:
    """Pretty-printed (two spaces, keys in their order, non-ASCII kept). Raises PayloadError."""
    problem = json_problem(text)
    if problem:
        raise PayloadError(problem)
    return json.dumps(json.loads(text), indent=2, ensure_ascii=False)


def parse_base64(text: str) -> bytes:
    """Standard or URL-safe base64; spaces and line breaks are ignored. Raises PayloadError
    naming the first character that does not belong, or the missing padding."""
    urlsafe = ("-" in text or "_" in text) and "+" not in text and "/" not in text
    compact: list[str] = []
    for index, char in enumerate(text, 1):
        if char in _WHITESPACE:
            continue
        if urlsafe and char in "-_":
            char = "+" if char == "-" else "/"
        if not _BASE64_CHARS.fullmatch(char):
            raise PayloadError(
                f"Base64: {char!r} at position {index} is not a base64 character "
                "(A-Z, a-z, 0-9, + /, or - _ for URL-safe; = for padding)"
            )
        compact.append(char)
    joined = "".join(compact)
    if urlsafe and len(joined) % 4:
        joined += "=" * (-len(joined) % 4)  # URL-safe base64 often drops its padding
    if len(joined) % 4:
        raise PayloadError(
            f"Base64: {len(joined)} characters is not a multiple of 4; is '=' padding missing?"
        )
    try:
        return base64.b64decode(joined, validate=True)
    except (binascii.Error, ValueError):
        position = joined.find("=") + 1
        raise PayloadError(f"Base64: '=' padding in the middle (character {position})") from None


def encode(mode: str, text: str) -> str | bytes:
    """The message for ``text`` typed in ``mode`` (not "file"). Raises PayloadError."""
    if mode == "hex":
        return parse_hex(text)
    if mode == "base64":
        return parse_base64(text)
    if mode == "json":
        problem = json_problem(text)
        if problem:
            raise PayloadError(problem)
    return text


_REVEAL = {0x09: "→\t", 0x0D: "\\r", 0x20: "·"}
_REVEAL.update(
    {i: f"\\u{i:04x}" for i in [*range(0x20), 0x7F, *range(0x80, 0xA0)] if i not in (9, 10, 13)}
)
_REVEAL.update({0xA0: "\\u00a0", 0x2028: "\\u2028", 0xFEFF: "\\ufeff", 0x200B: "\\u200b"})


def reveal_invisibles(text: str) -> str:
    """The text with what cannot be seen made visible: control characters as \\u escapes
    (\\u0000, \\u001e...), spaces as ·, tabs as →, carriage returns as \\r, and ¶ at each
    line end (so trailing newlines show)."""
    return "¶\n".join(line.translate(_REVEAL) for line in text.split("\n"))


@dataclass
class SentHistory:
    """Messages sent from the composer, newest last (consecutive repeats kept once); Up and
    Down walk through them like a shell's history."""

    limit: int = 200
    items: list[tuple[str, str]] = field(default_factory=list)  # (mode, text)
    _position: int | None = None
    _draft: tuple[str, str] | None = None  # what the editor held before the first Up

    def add(self, mode: str, text: str) -> None:
        if not self.items or self.items[-1] != (mode, text):
            self.items.append((mode, text))
            del self.items[: -self.limit]
        self._position = None

    def step(self, direction: int, draft: tuple[str, str]) -> tuple[str, str] | None:
        """-1: an older message, +1: a newer one, past the newest the ``draft`` the editor
        held before the first Up; None when there is nothing to change."""
        if self._position is None:
            if direction > 0 or not self.items:
                return None
            self._draft = draft
            self._position = len(self.items) - 1
        else:
            self._position = max(0, self._position + direction)
            if self._position >= len(self.items):
                self._position = None
                return self._draft
        return self.items[self._position]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.items)
