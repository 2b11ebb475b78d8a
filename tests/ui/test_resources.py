"""The app icon is found (source tree or wheel) and renders."""

from __future__ import annotations

from typing import Any

from wsgui.ui.resources import app_icon, resource_path


def test_icon_exists_and_renders_small_and_large(qapp: Any) -> None:
    assert resource_path("wsgui.svg").is_file()
    icon = app_icon()
    for size in (16, 256):
        assert not icon.pixmap(size, size).isNull()
