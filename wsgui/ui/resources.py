"""Finding files of resources/: inside the installed package, or in the source tree."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtGui import QIcon

_SOURCE_TREE = Path(__file__).resolve().parents[2] / "resources"


def resource_path(name: str) -> Path:
    """A wheel carries resources/ as wsgui/resources; a source checkout has it at the top."""
    packaged = resources.files("wsgui") / "resources" / name
    if packaged.is_file():
        return Path(str(packaged))
    return _SOURCE_TREE / name


def app_icon() -> QIcon:
    return QIcon(str(resource_path("wsgui.svg")))
