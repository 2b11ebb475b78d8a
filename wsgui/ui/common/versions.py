"""Every version a bug report needs: the core's list with Qt and PySide6 added."""

from __future__ import annotations

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication

from wsgui.core.system.versions import as_text, core_versions


def all_versions() -> list[tuple[str, str]]:
    """Qt is the library loaded at run time; PySide6 the bindings built for it."""
    listed = core_versions()
    python_at = next(i for i, (name, _v) in enumerate(listed) if name == "Python") + 1
    qt = [
        ("Qt", f"{qVersion()} ({QGuiApplication.platformName() or 'no'} platform)"),
        ("PySide6", PySide6.__version__),
    ]
    return listed[:python_at] + qt + listed[python_at:]


def versions_text() -> str:
    return as_text(all_versions())
