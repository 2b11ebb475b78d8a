"""Parsing what the user types and previewing what arrived."""

from __future__ import annotations

import pytest

from wsgui.core.model.payload import (
    PayloadError,
    escape_control,
    format_size,
    hex_dump,
    parse_hex,
    pretty_json,
    preview,
)


@pytest.mark.parametrize(
    "text", ["00 01 ff", "0001ff", "00:01:FF", "0x00 0x01 0xff", " 00\n01\tff "]
)
def test_parse_hex_accepts_common_spellings(text: str) -> None:
    assert parse_hex(text) == b"\x00\x01\xff"


def test_parse_hex_names_the_bad_position() -> None:
    with pytest.raises(PayloadError, match=r"'g' at position 4 is not a hex digit"):
        parse_hex("00 g1")


def test_parse_hex_rejects_an_odd_digit_count() -> None:
    with pytest.raises(PayloadError, match="odd number of digits"):
        parse_hex("0 01")


def test_preview_escapes_control_characters_and_truncates() -> None:
    assert preview("a\nb\x00c\u001e") == "a\\nb\\x00c\\x1e"
    assert preview("x" * 300, limit=10) == "x" * 10 + "…"
    assert preview(bytes(range(4))) == "00 01 02 03"
    assert preview(bytes(200), limit=11).endswith("…")


def test_escape_control_keeps_printable_unicode() -> None:
    assert escape_control("héllo 世界 <b>") == "héllo 世界 <b>"


def test_pretty_json_only_for_objects_and_arrays() -> None:
    assert pretty_json('{"a":[1,2]}') == '{\n  "a": [\n    1,\n    2\n  ]\n}'
    assert pretty_json("42") is None
    assert pretty_json("{broken") is None


def test_hex_dump_has_offsets_hex_and_ascii() -> None:
    dump = hex_dump(b"ABCDEFGHIJKLMNOPQ")
    first, second = dump.splitlines()
    assert first.startswith("00000000  41 42 43 44 45 46 47 48  49 4a")
    assert first.endswith("|ABCDEFGHIJKLMNOP|")
    assert second.startswith("00000010  51")
    assert "more bytes not shown" in hex_dump(bytes(100), limit=32)


def test_format_size() -> None:
    assert [format_size(n) for n in (0, 512, 1536, 3 * 2**20)] == [
        "0 B",
        "512 B",
        "1.5 KiB",
        "3.0 MiB",
    ]
