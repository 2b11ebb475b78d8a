"""Folders that cannot be written or fill up, and a flood server in a thread, for the history
tests. Read-only and full folders are real: a chmod'ed folder for an ordinary user, a
read-only or tiny tmpfs mounted for root (who writes through any mode bits)."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.servers import ws_server
from tests.helpers.threaded import in_a_thread


def _mount(folder: Path, options: str) -> bool:
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


@contextlib.contextmanager
def _mounted(folder: Path, options: str, why: str) -> Iterator[Path]:
    if not _mount(folder, options):
        pytest.skip(f"running as root, and mounting a tmpfs ({why}) is not allowed here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "read-only"
    folder.mkdir()
    if os.geteuid() == 0:
        with _mounted(folder, "ro,size=64k", "read-only") as mounted:
            yield mounted
        return
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o755)


@pytest.fixture
def tiny_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder on a 512 KiB filesystem (root only: an ordinary user cannot mount one)."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("a full disk needs a small filesystem, which only root can mount here")
    with _mounted(folder, "size=512k", "small") as mounted:
        yield mounted


@pytest.fixture
def flood_server() -> Iterator[str]:
    """tests.helpers.servers.ws_server on its own loop in a thread (its ``/flood/N`` sends
    "message 0", "message 1"...): for child processes to connect to."""
    with in_a_thread(ws_server) as base:
        yield base
