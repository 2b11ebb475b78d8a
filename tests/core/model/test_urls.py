"""The URL field: what is accepted, what is rewritten, and the message for the rest."""

from __future__ import annotations

import pytest

from wsgui.core.model.handshake import HttpMessage
from wsgui.core.model.urls import (
    UrlError,
    check_url,
    display_url,
    host_and_port,
    mask_urls_in,
    tab_title,
)


@pytest.mark.parametrize(
    ("typed", "url", "note"),
    [
        ("ws://127.0.0.1:1740/", "ws://127.0.0.1:1740/", ""),
        ("wss://example.test/chat?x=1", "wss://example.test/chat?x=1", ""),
        ("localhost:1740/x", "ws://localhost:1740/x", "ws:// added"),
        ("example.test", "ws://example.test/", "ws:// added"),
        ("http://example.test/a", "ws://example.test/a", "http:// changed to ws://"),
        ("https://example.test", "wss://example.test/", "https:// changed to wss://"),
        ("  ws://[::1]:80/  ", "ws://[::1]:80/", ""),
        ("[::1]:8080/x", "ws://[::1]:8080/x", "ws:// added"),
    ],
)
def test_accepted_urls(typed: str, url: str, note: str) -> None:
    checked = check_url(typed)
    assert (checked.url, checked.note) == (url, note)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "URL is empty"),
        ("ftp://example.test", "Unsupported scheme 'ftp://': use ws:// or wss://"),
        ("mailto:someone", "Unsupported scheme 'mailto:'"),
        ("ws://", "URL has no host"),
        ("ws://host:70000/", "Invalid port '70000' in URL: use a number from 1 to 65535"),
        ("ws://host:-1/", "Invalid port '-1' in URL"),
        ("ws://[::1", "Invalid IPv6 address in URL: write it in brackets"),
        ("ws:/host", "missing '//' after 'ws:': did you mean ws://host/?"),
        ("ws:/", "missing '//' after 'ws:': write ws://host/"),
        ("ws://" + "a" * 64 + ".test/", "Host name '" + "a" * 64 + ".test' is not valid"),
        ("ws://host:0/", "Port 0 is not a valid destination port"),
        ("ws://host/a b", "URL contains a space"),
        ("ws://host/#frag", "URL has a #fragment"),
    ],
)
def test_rejected_urls(typed: str, message: str) -> None:
    with pytest.raises(UrlError, match=message.replace("(", r"\(")):
        check_url(typed)


def test_passwords_in_urls_are_masked_for_display() -> None:
    assert display_url("ws://alice:s3cr3t@host:81/p?q") == "ws://alice:••••••@host:81/p?q"
    assert display_url("ws://alice@host/") == "ws://alice@host/"
    assert check_url("alice:pw@host/").shown == "ws://alice:••••••@host/"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "ws://alice:hunter2@h:1/p?access_token=tok123&x=1",
            "ws://alice:••••••@h:1/p?access_token=••••••&x=1",
        ),
        ("ws://h?token=t", "ws://h?token=••••••"),
        ("alice:pw@h/?key=k", "alice:••••••@h/?key=••••••"),  # as typed, before ws://
        (
            "wss://h/?apiKey=1&client_secret=2&password=3&auth=4&X-Amz-Signature=5#top",
            "wss://h/?apiKey=••••••&client_secret=••••••&password=••••••&auth=••••••"
            "&X-Amz-Signature=••••••#top",
        ),
        # Whole words only: a debugger must still see these.
        ("wss://gateway/?encoding=json&v=10&author=me&sid=9", None),
        ("ws://h/?token=&debug", None),  # nothing to hide
    ],
)
def test_secret_query_values_are_masked_for_display(url: str, shown: str | None) -> None:
    assert display_url(url) == (shown or url)
    assert display_url(display_url(url)) == display_url(url)  # masking twice changes nothing


def test_urls_in_sentences_are_masked_and_the_sentence_kept() -> None:
    text = "Open: ws://a:b@h/?token=x, subprotocol none (see http://h/?key=1)."
    assert mask_urls_in(text) == (
        "Open: ws://a:••••••@h/?token=••••••, subprotocol none (see http://h/?key=••••••)."
    )
    assert mask_urls_in("no URL here") == "no URL here"


def test_the_handshake_request_line_masks_tokens_unless_revealed() -> None:
    request = HttpMessage("GET /p?access_token=tok123&x=1 HTTP/1.1", (("Host", "h"),))
    assert request.shown_start_line == "GET /p?access_token=••••••&x=1 HTTP/1.1"
    assert "tok123" not in request.raw()
    assert request.raw(reveal_secrets=True).startswith("GET /p?access_token=tok123&x=1 ")


def test_host_and_port_for_messages() -> None:
    assert host_and_port("ws://[::1]/") == "[::1]:80"
    assert host_and_port("wss://h.test/") == "h.test:443"
    # As typed, without a scheme: not "localhost" read as the scheme and ":80" (issue 18).
    assert host_and_port("localhost:18090/feed") == "localhost:18090"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("ws//host:1/", "missing ':' after 'ws': did you mean ws://host:1/?"),
        ("wss//host/x?y=1", "missing ':' after 'wss': did you mean wss://host/x?y=1?"),
        ("http//host:8080", "missing ':' after 'http': did you mean http://host:8080/?"),
        ("https//host", "missing ':' after 'https': did you mean https://host/?"),
        ("WS//Host:1/", "missing ':' after 'WS': did you mean ws://Host:1/?"),
        ("ws///host/", "missing ':' after 'ws': did you mean ws://host/?"),
        ("ws//", "missing ':' after 'ws': write ws://host/"),
        ("ws:/host:1/p", "missing '//' after 'ws:': did you mean ws://host:1/p?"),
        ("wss:host", "missing '//' after 'wss:': did you mean wss://host/?"),
        # The suggestion masks a password and tokens as every shown URL does.
        (
            "ws//alice:hunter2@host/?token=t",
            "did you mean ws://alice:••••••@host/?token=••••••?",
        ),
    ],
)
def test_a_scheme_missing_its_colon_or_slashes_is_refused_with_a_suggestion(
    typed: str, message: str
) -> None:
    """``ws//host:1/`` was taken for the host ``ws`` (ws://ws//host:1/, a DNS error)."""
    with pytest.raises(UrlError) as caught:
        check_url(typed)
    assert message in str(caught.value)
    assert "hunter2" not in str(caught.value)


@pytest.mark.parametrize(
    ("typed", "url"),
    [
        ("ws:8080/x", "ws://ws:8080/x"),  # a host named ws and its port, as before
        ("wss:443", "ws://wss:443/"),
        ("wsserver//x", "ws://wsserver//x"),  # only the schemes themselves
        ("ws.test//x", "ws://ws.test//x"),
    ],
)
def test_hosts_that_look_like_schemes_are_still_hosts(typed: str, url: str) -> None:
    assert check_url(typed).url == url


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("", "New connection"),
        ("localhost:18090/feed", "localhost:18090"),
        ("ws://127.0.0.1:1740/", "127.0.0.1:1740"),
        ("example.test/x", "example.test:80"),
        ("https://example.test/", "example.test:443"),
        ("ws://[::1]:9000/x", "[::1]:9000"),
        ("[::1]:9000/x", "[::1]:9000"),
        ("ws://alice:hunter2@h.test:81/", "h.test:81"),
        ("alice:hunter2@h.test/", "h.test:80"),
        # Unusable URLs are named as typed, never with their password or tokens.
        ("ws//host:1/", "ws//host:1/"),
        ("ws//alice:hunter2@h/?token=t", "h/?token=••••••"),
        ("ws://alice:hunter2@h/a b", "ws://h/a b"),
        ("ws://h/?token=t#x", "ws://h/?token=••••••#x"),
    ],
)
def test_tab_titles_name_the_normalised_host_and_port(typed: str, title: str) -> None:
    assert tab_title(typed) == title
    assert "hunter2" not in tab_title(typed)


def test_host_and_default_ports() -> None:
    assert check_url("ws://a.test/").port == 80
    assert check_url("wss://a.test/").port == 443
    assert check_url("ws://a.test:81/").host == "a.test"
