"""Without Python 2.7 the compliance run says so plainly: CI goes on (--if-available), a
person asking for it gets exit code 2."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BARE_PATH = "/usr/bin:/bin"
pytestmark = pytest.mark.skipif(
    shutil.which("python2.7", path=BARE_PATH) is not None, reason="this machine has python2.7"
)


def run(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": BARE_PATH,
        "PYENV_ROOT": str(tmp_path / "no-pyenv"),
        "WSGUI_PYTHON27": "",
        "WSGUI_AUTOBAHN_CACHE": str(tmp_path / "cache"),
    }
    return subprocess.run(
        [sys.executable, "-m", "compliance.run", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parents[2],
    )


def test_ci_is_told_plainly_and_goes_on(tmp_path: Path) -> None:
    done = run(tmp_path, "--if-available")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(
        "compliance: SKIPPED (not a failure): the Autobahn|Testsuite needs Python 2.7, "
        "and this machine has none (looked at $WSGUI_PYTHON27, "
    )
    assert not (tmp_path / "cache").exists()


def test_asked_for_it_fails_with_2(tmp_path: Path) -> None:
    done = run(tmp_path)
    assert done.returncode == 2
    assert done.stdout.startswith("compliance: CANNOT RUN: the Autobahn|Testsuite needs Python 2.7")
