"""Headers as 'Name: value' lines (Bulk edit): written masked, read back with the real values."""

from __future__ import annotations

import pytest

from wsgui.core.model.headers_text import HeadersTextError, format_headers, parse_headers
from wsgui.core.model.options import Header, OptionsError, mask_value

HEADERS = (
    Header("X-One", "1"),
    Header("X-Off", "2", enabled=False),
    Header("Authorization", "Bearer abc"),
    Header("Cookie", "sid=42"),
    Header("X-Empty", ""),
)


def test_format_writes_a_line_per_header_disabled_after_a_hash() -> None:
    assert format_headers(HEADERS, masked=False) == (
        "X-One: 1\n# X-Off: 2\nAuthorization: Bearer abc\nCookie: sid=42\nX-Empty:\n"
    )
    assert format_headers(()) == ""


def test_format_masks_secret_values_and_rows_named_secret() -> None:
    text = format_headers(HEADERS, masked=True, secret_rows={0})
    assert text == (
        "X-One: ••••••\n# X-Off: 2\nAuthorization: Bearer ••••••\nCookie: ••••••\nX-Empty:\n"
    )
    assert "abc" not in text and "sid=42" not in text


def test_round_trip_in_clear_and_masked() -> None:
    assert parse_headers(format_headers(HEADERS, masked=False)) == HEADERS
    masked = format_headers(HEADERS, masked=True)
    assert parse_headers(masked, HEADERS) == HEADERS


def test_reading_accepts_postman_slashes_blank_lines_and_colons_in_values() -> None:
    text = "\n  X-A :  a  \n\n//X-B: b\n#X-C:c\n# \nX-Time: 12:00:01\n"
    assert parse_headers(text) == (
        Header("X-A", "a"),
        Header("X-B", "b", enabled=False),
        Header("X-C", "c", enabled=False),
        Header("X-Time", "12:00:01"),
    )


def test_a_line_without_colon_names_its_line_and_not_its_text() -> None:
    with pytest.raises(HeadersTextError) as caught:
        parse_headers("X-A: a\n\nBearer s3cr3t\n")
    assert caught.value.line == 3
    assert str(caught.value) == "Headers, line 3: no colon; write the header as 'Name: value'"
    assert "s3cr3t" not in str(caught.value)
    assert isinstance(caught.value, OptionsError) and isinstance(caught.value, ValueError)
    with pytest.raises(HeadersTextError, match=r"line 1: no colon; .*'# Name: value'"):
        parse_headers("# just a note")


def test_a_line_without_a_name() -> None:
    with pytest.raises(HeadersTextError, match="line 2: no header name before the colon"):
        parse_headers("X-A: a\n : value")


def test_a_placeholder_keeps_the_real_value_edits_around_it_are_kept() -> None:
    previous = (Header("Authorization", "Bearer abc"), Header("X-Api-Key", "k1"))
    edited = "# authorization: Bearer ••••••\nX-Api-Key: ••••••\nX-New: n\n"
    assert parse_headers(edited, previous) == (
        Header("authorization", "Bearer abc", enabled=False),
        Header("X-Api-Key", "k1"),
        Header("X-New", "n"),
    )


def test_a_typed_value_replaces_the_secret() -> None:
    previous = (Header("Authorization", "Bearer abc"),)
    assert parse_headers("Authorization: Bearer xyz", previous) == (
        Header("Authorization", "Bearer xyz"),
    )


def test_same_named_secrets_are_matched_in_order() -> None:
    previous = (Header("Cookie", "a=1"), Header("Cookie", "b=2"))
    text = format_headers(previous)
    assert text == "Cookie: ••••••\nCookie: ••••••\n"
    assert parse_headers(text, previous) == previous


def test_a_renamed_line_keeps_the_only_secret_with_that_placeholder() -> None:
    previous = (Header("Authorization", "Bearer abc"), Header("Cookie", "sid=1"))
    assert parse_headers("X-Auth: Bearer ••••••", previous) == (Header("X-Auth", "Bearer abc"),)


def test_a_placeholder_with_nothing_to_stand_for_is_refused() -> None:
    with pytest.raises(HeadersTextError, match="line 1: the value of Cookie is a masked"):
        parse_headers("Cookie: ••••••")
    previous = (Header("Cookie", "a=1"), Header("Token", "t"))
    with pytest.raises(HeadersTextError, match="several earlier values match it"):
        parse_headers("X-Renamed: ••••••", previous)


def test_env_references_are_written_as_they_are() -> None:
    headers = (Header("Authorization", "Bearer ${TOKEN}"),)
    assert format_headers(headers) == "Authorization: Bearer ${TOKEN}\n"
    assert mask_value("${TOKEN}") == "${TOKEN}"
    assert mask_value("Bearer abc") == "Bearer ••••••"
