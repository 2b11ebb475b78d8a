"""``wsgui --install-desktop-entry``: the launcher and icon for the current user (XDG).

The entry goes to ``$XDG_DATA_HOME/applications/wsgui.desktop`` and the icon to
``$XDG_DATA_HOME/icons/hicolor/scalable/apps/wsgui.svg`` (``~/.local/share`` when the variable
is unset, empty or relative, as the XDG Base Directory spec says). The shipped entry says
``Exec=wsgui``; the installed one names the executable that is running now, because a
virtualenv's ``bin/`` is seldom on the desktop's PATH.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from wsgui.core.system.files import write_atomically
from wsgui.core.system.resource_files import resource_path

ENTRY_NAME = "wsgui.desktop"
ICON_NAME = "wsgui.svg"
# Characters that make the Desktop Entry spec require an argument of Exec to be quoted.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")
_ESCAPED_IN_QUOTES = set('"`$\\')


def data_home(environ: Mapping[str, str], home: Path) -> Path:
    """``$XDG_DATA_HOME`` if it is an absolute path, else ``~/.local/share``."""
    value = environ.get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    return home / ".local" / "share"


def entry_path(data: Path) -> Path:
    return data / "applications" / ENTRY_NAME


def icon_path(data: Path) -> Path:
    return data / "icons" / "hicolor" / "scalable" / "apps" / ICON_NAME


def launch_command(argv0: str, python: str) -> list[str]:
    """How to start this wsgui again: the ``wsgui`` script that runs now, the one next to the
    interpreter (a virtualenv's), or ``python -m wsgui``."""
    started_as = Path(argv0)
    if started_as.name == "wsgui" and started_as.is_file():
        return [os.path.abspath(started_as)]
    beside = Path(python).parent / "wsgui"
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    return [python, "-m", "wsgui"]


def exec_argument(argument: str) -> str:
    """One argument of Exec, quoted as the spec asks, then escaped as a string value."""
    argument = argument.replace("%", "%%")
    if any(char in _RESERVED for char in argument):
        inner = "".join("\\" + c if c in _ESCAPED_IN_QUOTES else c for c in argument)
        argument = f'"{inner}"'
    return argument.replace("\\", "\\\\")  # the string escape layer comes before quoting


def entry_text(template: str, command: Sequence[str]) -> str:
    """The shipped entry with Exec and TryExec pointing at ``command``."""
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = "Exec=" + " ".join(exec_argument(part) for part in command) + " %u"
        elif line.startswith("TryExec="):
            line = "TryExec=" + command[0].replace("\\", "\\\\")
        lines.append(line)
    return "\n".join(lines) + "\n"


def install(data: Path, command: Sequence[str]) -> list[Path]:
    """Write the entry and the icon under ``data``; returns the files written."""
    template = resource_path(ENTRY_NAME).read_text(encoding="utf-8")
    entry, icon = entry_path(data), icon_path(data)
    write_atomically(icon, resource_path(ICON_NAME).read_bytes())
    write_atomically(entry, entry_text(template, command).encode("utf-8"))
    return [entry, icon]


def uninstall(data: Path) -> list[Path]:
    """Remove the entry and the icon under ``data``; returns the files that were there."""
    removed = []
    for path in (entry_path(data), icon_path(data)):
        if path.is_file():
            path.unlink()
            removed.append(path)
    return removed


def run(action: str, environ: Mapping[str, str] | None = None) -> int:
    """The command line's ``--install-desktop-entry`` / ``--uninstall-desktop-entry``."""
    data = data_home(os.environ if environ is None else environ, Path.home())
    try:
        return _install_or_uninstall(action, data)
    except OSError as exc:
        print(f"wsgui: could not {action} the desktop entry: {exc}", file=sys.stderr)
        return 1


def _install_or_uninstall(action: str, data: Path) -> int:
    if action == "install":
        command = launch_command(sys.argv[0], sys.executable)
        for path in install(data, command):
            print(f"wsgui: installed {path}")
        print(f"wsgui: the launcher runs: {' '.join(command)}")
        return 0
    removed = uninstall(data)
    for path in removed:
        print(f"wsgui: removed {path}")
    if not removed:
        print(f"wsgui: no desktop entry or icon of wsgui under {data}")
    return 0
