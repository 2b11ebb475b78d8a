"""What a bug report needs to know about this installation, without Qt (the UI adds Qt's)."""

from __future__ import annotations

import platform
from collections.abc import Callable
from importlib import metadata

from wsgui import __version__

# The distributions whose behaviour shows in the app, by their names on PyPI.
PACKAGES = ("websockets", "qasync", "python-socketio", "python-engineio")


def package_version(name: str, lookup: Callable[[str], str] = metadata.version) -> str:
    """The installed version of ``name``, or why there is none."""
    try:
        return lookup(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def core_versions() -> list[tuple[str, str]]:
    """wsgui, Python, the operating system and the protocol packages, in the order shown."""
    python = f"{platform.python_version()} ({platform.python_implementation()})"
    return [
        ("wsgui", __version__),
        ("Python", python),
        *((name, package_version(name)) for name in PACKAGES),
        ("OS", platform.platform()),
    ]


def as_text(versions: list[tuple[str, str]]) -> str:
    """One ``name: version`` line each, for pasting into a bug report."""
    return "\n".join(f"{name}: {version}" for name, version in versions)
