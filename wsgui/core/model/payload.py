"""Turning what the user typed into bytes, and what arrived into something readable.

Everything here is pure and fast: previews run for every visible row of the log.
"""

from __future__ import annotations

import json
import re
import string

__all__ = [
    "PayloadError",
    "escape_control",
    "hex_dump",
    "parse_hex",
    "ping_payload_problem",
    "pretty_json",
    "preview",
    "text_problem",
    "visible",
]

_HEX_DIGITS = frozenset(string.hexdigits)
_SEPARATORS = re.compile(r"[\s:,\-]+")
# Control characters (C0, DEL, C1) shown as escapes so that a preview stays on one line and
# nothing invisible hides in the log; a backslash is doubled so that ``\n`` typed as two
# characters is not mistaken for a newline. Invisible format characters (zero-width, bidi
# overrides, BOM) are shown as \u escapes: they could otherwise disguise a message.
_CONTROL_ESCAPES = {i: f"\\x{i:02x}" for i in [*range(0x20), *range(0x7F, 0xA0)]}
_CONTROL_ESCAPES.update({0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r", 0x5C: "\\\\"})
_INVISIBLE = [
    0x061C,  # Arabic letter mark, a bidi control like those below
    *range(0x200B, 0x2010),
    *range(0x2028, 0x202F),
    *range(0x2060, 0x2070),
    0xFEFF,
]
_CONTROL_ESCAPES.update({i: f"\\u{i:04x}" for i in _INVISIBLE})
# Multi-line views (the entry detail, the JSON tree) keep tabs and line breaks and do not
# double backslashes; C1 controls are written \u0085 there, which JSON reads too, so that
# the JSON view stays valid JSON.
_VISIBLE_ESCAPES = {i: f"\\x{i:02x}" for i in [*range(0x20), 0x7F] if i not in (9, 10, 13)}
_VISIBLE_ESCAPES.update({i: f"\\u{i:04x}" for i in [*range(0x80, 0xA0), *_INVISIBLE]})
_NEEDS_ESCAPE = re.compile("[" + "".join(f"\\u{i:04x}" for i in _VISIBLE_ESCAPES) + "]")


class PayloadError(ValueError):
    """Input that cannot become a message; the text names the bad position."""


def parse_hex(text: str) -> bytes:
    """Parse ``00 01 ff``, ``0001ff``, ``00:01:FF`` or ``0x00 0x01`` into bytes.

    Groups are separated by spaces, colons, commas or dashes; each may start with ``0x`` and
    must have an even number of digits. Raises PayloadError naming the 1-based position.
    """
    chunks: list[str] = []
    position = 0
    for group in _SEPARATORS.split(text):
        start = text.index(group, position) if group else position
        position = start + len(group)
        digits = group[2:] if group[:2] in ("0x", "0X") else group
        offset = start + len(group) - len(digits)
        for index, char in enumerate(digits):
            if char not in _HEX_DIGITS:
                raise PayloadError(
                    f"Hex: {char!r} at position {offset + index + 1} is not a hex digit (0-9, a-f)"
                )
        if len(digits) % 2:
            raise PayloadError(
                f"Hex: '{group}' at position {start + 1} has an odd number of digits; "
                "each byte needs two, e.g. 0f not f"
            )
        if group and not digits:
            raise PayloadError(f"Hex: '0x' at position {start + 1} has no digits after it")
        chunks.append(digits)
    return bytes.fromhex("".join(chunks))


MAX_CONTROL_PAYLOAD = 125  # RFC 6455 5.5: control frames carry at most 125 bytes


def ping_payload_problem(payload: bytes) -> str:
    """Why a ping cannot carry ``payload`` ("" when it can)."""
    if len(payload) > MAX_CONTROL_PAYLOAD:
        return (
            f"Ping payload: {len(payload)} bytes; a control frame carries at most "
            f"{MAX_CONTROL_PAYLOAD}"
        )
    return ""


def text_problem(payload: str | bytes) -> str:
    """Why a text message cannot go out ("" when it can): a text frame must be valid UTF-8,
    and a lone surrogate (from a broken paste or an imported log) cannot be encoded."""
    if isinstance(payload, bytes) or payload.isascii():
        return ""
    try:
        payload.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(payload[exc.start])
        return (
            f"Not sent: the text is not valid UTF-8 (a lone surrogate U+{code:04X} "
            f"at character {exc.start + 1})"
        )
    return ""


def escape_control(text: str) -> str:
    """Make control characters visible (``\\n``, ``\\x00``...) so text stays on one line."""
    return text.translate(_CONTROL_ESCAPES)


def visible(text: str) -> str:
    """``text`` for a multi-line view: control, bidi and other invisible characters as
    escapes (``\\x1b``, ``\\u202e``) so that none is obeyed; tabs and line breaks kept."""
    return _NEEDS_ESCAPE.sub(_escape_one, text)  # a scan, fast on a 512 Ki page


def _escape_one(match: re.Match[str]) -> str:
    return _VISIBLE_ESCAPES[ord(match[0])]


def preview(payload: str | bytes, limit: int = 200) -> str:
    """A one-line preview: escaped text, or hex for binary, truncated to ``limit`` characters."""
    if isinstance(payload, bytes):
        head = payload[: limit // 3 + 1].hex(" ")
        more = len(payload) * 3 - 1 > limit
        return head[:limit] + ("…" if more else "")
    clipped = payload[: limit + 1]
    shown = escape_control(clipped)
    if len(shown) > limit or len(payload) > limit:
        return shown[:limit] + "…"
    return shown


def pretty_json(text: str) -> str | None:
    """Indent ``text`` if it is a JSON object or array, else None (plain text stays as is)."""
    stripped = text.lstrip()
    if not stripped or stripped[0] not in "[{":
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return json.dumps(value, indent=2, ensure_ascii=False)


def hex_dump(data: bytes, limit: int = 64 * 1024, base: int = 0) -> str:
    """Classic hex dump (offset, 16 bytes in hex, ASCII), at most ``limit`` bytes of it;
    ``base`` is the offset of ``data[0]`` in the whole payload (for a page of it)."""
    lines = []
    shown = data[:limit]
    for offset in range(0, len(shown), 16):
        chunk = shown[offset : offset + 16]
        hex_part = " ".join(f"{b:02x}" for b in chunk[:8])
        if len(chunk) > 8:
            hex_part += "  " + " ".join(f"{b:02x}" for b in chunk[8:])
        ascii_part = "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in chunk)
        lines.append(f"{base + offset:08x}  {hex_part:<49}  |{ascii_part}|")
    if len(data) > limit:
        lines.append(f"… {len(data) - limit:,} more bytes not shown")
    return "\n".join(lines)


def format_size(size: int) -> str:
    """Bytes in a short human form: 512 B, 1.5 KiB, 3.0 MiB."""
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{size} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")
