"""One payload in each view, and the automatic choice."""

from __future__ import annotations

from wsgui.core.entry_views import best_view, render


def test_auto_picks_json_text_or_hex() -> None:
    assert best_view('{"a": 1}') == "json"
    assert best_view("plain words") == "text"
    assert best_view(b"\x00\x01") == "hex"


def test_each_view() -> None:
    assert render('{"a":[1]}', "auto") == ("json", '{\n  "a": [\n    1\n  ]\n}')
    assert render("hi", "base64") == ("base64", "aGk=")
    assert render(b"AB", "text") == ("text", "AB")
    assert render(b"AB", "hex")[1].startswith("00000000  41 42")
    assert render("{broken", "json") == (
        "json",
        "Not JSON (line 1, column 2): Expecting property name enclosed in double quotes",
    )


def test_big_payloads_are_cut_with_a_note() -> None:
    big = "x" * (3 * 2**20)
    view, text = render(big, "text")
    assert view == "text" and text.endswith("not shown (Save payload writes it all)")
    assert len(text) < 2**21 + 200
