"""One payload in each view, page by page, the automatic choice, and Copy as."""

from __future__ import annotations

import base64

import pytest

from wsgui.core.log.entry_views import PAGE_SIZES, best_view, copy_text, parse_json, render


def test_auto_picks_json_text_or_hex() -> None:
    assert best_view('{"a": 1}') == "json"
    assert best_view("plain words") == "text"
    assert best_view(b"\x00\x01") == "hex"


def test_each_view() -> None:
    assert render('{"a":[1]}', "auto")[:2] == ("json", '{\n  "a": [\n    1\n  ]\n}')
    assert render("hi", "base64").text == "aGk="
    assert render(b"AB", "text")[:2] == ("text", "AB")
    assert render(b"AB", "hex").text.startswith("00000000  41 42")
    assert render("{broken", "json").text == (
        "Not JSON (line 1, column 2): Expecting property name enclosed in double quotes"
    )
    assert render('{"a": 1}', "tree").view == "json"


def test_a_64_mib_payload_is_shown_one_page_at_a_time() -> None:
    payload = bytes(range(256)) * (64 * 2**20 // 256)
    first = render(payload, "hex")
    assert (first.page, first.pages) == (0, 1024)
    assert first.text.count("\n") == PAGE_SIZES["hex"] // 16 - 1
    last = render(payload, "hex", page=5000)  # clamped to the last page
    assert last.page == 1023 and last.start == 1023 * 65536 and last.end == len(payload)
    assert last.text.startswith(f"{1023 * 65536:08x}  00 01 02")  # offsets are absolute
    chunks = [render(payload, "base64", p).text for p in range(render(payload, "base64").pages)]
    assert base64.b64decode("".join(chunks)) == payload  # pages join back exactly
    text = "é" * (PAGE_SIZES["text"] + 10)
    second = render(text, "text", 1)
    assert (second.pages, second.text, second.unit) == (2, "é" * 10, "characters")


def test_parse_json_explains_why_not() -> None:
    assert parse_json('[1, {"b": null}]') == ([1, {"b": None}], "")
    assert parse_json("[1,")[1].startswith("Not JSON (line 1, column 4)")


def test_copy_as_each_format() -> None:
    assert copy_text(b"\x00hi\xff", "hex") == "00 68 69 ff"
    assert copy_text(b"\x00hi\xff", "base64") == "AGhp/w=="
    assert copy_text('{"a":1}', "json") == '{\n  "a": 1\n}'
    assert copy_text(b"caf\xc3\xa9", "text") == "café"
    with pytest.raises(ValueError, match="Not JSON"):
        copy_text("nope", "json")
    with pytest.raises(ValueError, match="Save payload"):
        copy_text(bytes(16 * 2**20 + 1), "hex")
