"""write_atomically: the whole new file or the old one, never a temporary left behind."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from wsgui.core.system.files import write_atomically


def test_writes_the_file_with_its_mode_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "deeper" / "a.toml"
    write_atomically(target, b"one", mode=0o600)
    write_atomically(target, b"two", mode=0o600)
    assert target.read_bytes() == b"two"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["a.toml"]


def test_a_failed_write_keeps_the_older_file_and_removes_the_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a.toml"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        write_atomically(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.toml"]
