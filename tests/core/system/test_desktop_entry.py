"""``wsgui --install-desktop-entry``: a valid entry and the icon under XDG_DATA_HOME, with an
Exec line that starts this very wsgui; ``--uninstall-desktop-entry`` takes them away."""

from __future__ import annotations

import configparser
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from wsgui.app import main
from wsgui.core.system.desktop_entry import (
    data_home,
    entry_path,
    exec_argument,
    icon_path,
    launch_command,
)
from wsgui.core.system.resource_files import resource_path

REQUIRED = {
    "Type": "Application",
    "Name": "wsgui",
    "Icon": "wsgui",
    "Terminal": "false",
    "Categories": "Development;Network;",
    "Keywords": "websocket;ws;socket.io;debug;",
}


def parsed_entry(path: Path) -> dict[str, str]:
    """The [Desktop Entry] group, read as the spec's key=value lines (case kept)."""
    parser = configparser.ConfigParser(interpolation=None, strict=True, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text(encoding="utf-8"))
    assert parser.sections() == ["Desktop Entry"]
    return dict(parser["Desktop Entry"])


def check_entry(path: Path) -> dict[str, str]:
    """desktop-file-validate when installed (Debian desktop-file-utils), and always the keys."""
    validator = shutil.which("desktop-file-validate")
    if validator is not None:
        result = subprocess.run([validator, str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "error:" not in result.stdout, result.stdout
    entry = parsed_entry(path)
    for key, value in REQUIRED.items():
        assert entry[key] == value, key
    for key in ("GenericName", "Comment", "Exec"):
        assert entry[key].strip(), key
    return entry


def test_the_shipped_entry_is_valid() -> None:
    entry = check_entry(resource_path("wsgui.desktop"))
    assert entry["Exec"] == "wsgui %u"


def test_install_writes_a_valid_entry_that_starts_this_wsgui_and_uninstall_removes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert main(["--install-desktop-entry"]) == 0
    entry_file = tmp_path / "applications" / "wsgui.desktop"
    icon_file = tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "wsgui.svg"
    said = capsys.readouterr().out
    assert f"installed {entry_file}" in said and f"installed {icon_file}" in said
    assert icon_file.read_bytes() == resource_path("wsgui.svg").read_bytes()
    entry = check_entry(entry_file)
    command = shlex.split(entry["Exec"])
    assert command[-1] == "%u"
    assert Path(command[0]).is_absolute() and os.access(command[0], os.X_OK)
    assert entry["TryExec"] == command[0]
    assert not list(tmp_path.rglob("*.tmp"))  # written atomically, nothing left over

    assert main(["--uninstall-desktop-entry"]) == 0
    said = capsys.readouterr().out
    assert f"removed {entry_file}" in said and f"removed {icon_file}" in said
    assert not entry_file.exists() and not icon_file.exists()
    assert main(["--uninstall-desktop-entry"]) == 0
    assert "no desktop entry or icon of wsgui" in capsys.readouterr().out


def test_the_real_command_installs_without_loading_qt(tmp_path: Path) -> None:
    """Run as a user would: no window opens, Qt is never imported, the exit code is 0."""
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    code = (
        "import sys; from wsgui.app import main; code = main(['--install-desktop-entry']);"
        "assert 'PySide6' not in sys.modules; sys.exit(code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
    assert entry_path(tmp_path).is_file() and icon_path(tmp_path).is_file()


def test_the_launch_command_is_the_running_script_or_the_interpreter(tmp_path: Path) -> None:
    script = tmp_path / "bin" / "wsgui"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    assert launch_command(str(script), "/usr/bin/python3") == [str(script)]
    python = tmp_path / "bin" / "python"
    assert launch_command("/x/wsgui/__main__.py", str(python)) == [str(script)]
    elsewhere = str(tmp_path / "python3")
    assert launch_command("/x/wsgui/__main__.py", elsewhere) == [elsewhere, "-m", "wsgui"]


def test_exec_arguments_are_quoted_as_the_spec_says() -> None:
    assert exec_argument("/opt/wsgui/bin/wsgui") == "/opt/wsgui/bin/wsgui"
    assert exec_argument("/home/a b/wsgui") == '"/home/a b/wsgui"'
    assert exec_argument("/x/$HOME/wsgui") == '"/x/\\\\$HOME/wsgui"'
    assert exec_argument("/x/100%/wsgui") == "/x/100%%/wsgui"


def test_data_home_follows_xdg_and_ignores_relative_paths(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert data_home({}, home) == home / ".local" / "share"
    assert data_home({"XDG_DATA_HOME": ""}, home) == home / ".local" / "share"
    assert data_home({"XDG_DATA_HOME": "relative/dir"}, home) == home / ".local" / "share"
    assert data_home({"XDG_DATA_HOME": str(tmp_path)}, home) == tmp_path
