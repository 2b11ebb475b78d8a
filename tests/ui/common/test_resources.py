"""The app icon is found (source tree or wheel) and renders."""

from __future__ import annotations

from typing import Any

from wsgui.ui.common.resources import app_icon, resource_path


def test_icon_exists_and_renders_small_and_large(qapp: Any) -> None:
    assert resource_path("wsgui.svg").is_file()
    icon = app_icon()
    for size in (16, 256):
        assert not icon.pixmap(size, size).isNull()


def test_the_window_wears_the_app_icon(qapp: Any) -> None:
    from wsgui.ui.window.runtime import build_window

    window = build_window(None)
    shown = window.windowIcon().pixmap(32, 32).toImage()
    assert not shown.isNull()
    assert shown == app_icon().pixmap(32, 32).toImage()
    window.close()
