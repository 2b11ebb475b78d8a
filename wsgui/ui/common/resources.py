"""The app icon as a QIcon; the files themselves are found by wsgui.core.system.resource_files."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from wsgui.core.system.resource_files import resource_path

__all__ = ["app_icon", "resource_path"]


def app_icon() -> QIcon:
    """The SVG icon: Qt renders it at whatever size and pixel ratio is asked, so it stays sharp."""
    return QIcon(str(resource_path("wsgui.svg")))
