"""A tab is named after the host and port its URL connects to, as ``check_url`` normalises
it (issue 18: ``localhost:18090/feed`` made a tab titled ":80"), never with a password; a
scheme missing its ':' (``ws//host:1/``) is refused under the field with what was meant."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLabel

from wsgui.ui.window.runtime import build_window


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("localhost:18090/feed", "localhost:18090"),
        ("ws://[::1]:9000/x", "[::1]:9000"),
        ("wss://alice:hunter2@h.test/?token=t", "h.test:443"),
        ("ws//alice:hunter2@h.test/", "h.test/"),
        ("", "New connection"),
    ],
)
def test_the_tab_title_uses_the_normalised_url(qapp: Any, typed: str, title: str) -> None:
    window = build_window(None)
    page = window.new_tab()
    page.panel.url_edit.setText(typed)  # as typed: textChanged renames the tab
    tab = window.tabs.tabText(window.tabs.indexOf(page))
    assert tab == page.title() == title
    assert "hunter2" not in tab
    window.close()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("ws//host:1/", "URL: missing ':' after 'ws': did you mean ws://host:1/?"),
        ("wss//host:1/", "URL: missing ':' after 'wss': did you mean wss://host:1/?"),
        ("http//host/x", "URL: missing ':' after 'http': did you mean http://host/x?"),
        ("https//host", "URL: missing ':' after 'https': did you mean https://host/?"),
        ("ws:/host", "URL: missing '//' after 'ws:': did you mean ws://host/?"),
    ],
)
def test_a_missing_colon_is_said_under_the_url_field(qapp: Any, typed: str, message: str) -> None:
    window = build_window(None)
    window.show()
    window.panel.url_edit.setText(typed)
    shown = window.panel.findChild(QLabel, "urlMessage")
    assert shown is not None and shown.isVisible()
    assert shown.text() == message
    window.close()
