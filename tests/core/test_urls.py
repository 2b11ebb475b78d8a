"""The URL field: what is accepted, what is rewritten, and the message for the rest."""

from __future__ import annotations

import pytest

from wsgui.core.urls import UrlError, check_url


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
        ("ws://host:70000/", "Invalid port in URL"),
        ("ws://host:0/", "Port 0 is not a valid destination port"),
        ("ws://host/a b", "URL contains a space"),
        ("ws://host/#frag", "URL has a #fragment"),
    ],
)
def test_rejected_urls(typed: str, message: str) -> None:
    with pytest.raises(UrlError, match=message.replace("(", r"\(")):
        check_url(typed)


def test_host_and_default_ports() -> None:
    assert check_url("ws://a.test/").port == 80
    assert check_url("wss://a.test/").port == 443
    assert check_url("ws://a.test:81/").host == "a.test"
