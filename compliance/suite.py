"""Installing the Autobahn|Testsuite in a cache folder outside the repository, and running it.

The suite runs only under Python 2.7. The steps are those of shared/research/autobahn.md:
a Python 3 venv holding ``virtualenv==20.21.1`` (the last release that makes 2.7
environments), a 2.7 environment made with it, and ``autobahntestsuite==25.10.1`` in that,
which pulls a consistent set of its dependencies by itself. wstest always starts through
loopback_wstest.py, so that nothing listens beyond 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from platformdirs import user_cache_dir

__all__ = [
    "LOOPBACK",
    "Suite",
    "SuiteUnavailableError",
    "cache_folder",
    "find_python27",
    "free_port",
    "install",
    "new_run_folder",
]

LOOPBACK = "127.0.0.1"
VIRTUALENV_PIN = "virtualenv==20.21.1"
SUITE_PIN = "autobahntestsuite==25.10.1"
LAUNCHER = Path(__file__).with_name("loopback_wstest.py")
CACHE_VARIABLE = "WSGUI_AUTOBAHN_CACHE"
PYTHON27_VARIABLE = "WSGUI_PYTHON27"


class SuiteUnavailableError(RuntimeError):
    """The suite cannot run on this machine (no Python 2.7); the text says what was tried."""


@dataclass(frozen=True)
class Suite:
    """An installed suite: its Python 2.7 and the folder reports go to."""

    folder: Path

    @property
    def python(self) -> Path:
        return self.folder / "venv2" / "bin" / "python"

    def ready(self) -> bool:
        return (self.folder / "ready.json").exists() and self.python.exists()

    def command(self, *arguments: str) -> list[str]:
        return [str(self.python), str(LAUNCHER), *arguments]

    def versions(self) -> str:
        """``autobahntestsuite 25.10.1 (autobahn 0.10.9, Twisted 19.10.0), Python 2.7.18``."""
        marker = json.loads((self.folder / "ready.json").read_text())
        return str(marker["versions"])


def cache_folder() -> Path:
    """$WSGUI_AUTOBAHN_CACHE, else the user's cache folder (~/.cache/wsgui-autobahn)."""
    configured = os.environ.get(CACHE_VARIABLE, "").strip()
    return Path(configured) if configured else Path(user_cache_dir("wsgui-autobahn"))


def find_python27() -> tuple[Path | None, list[str]]:
    """A working Python 2.7 and the places looked at (to say them when there is none)."""
    candidates: list[str] = []
    configured = os.environ.get(PYTHON27_VARIABLE, "").strip()
    if configured:
        candidates.append(configured)
    pyenv_root = os.environ.get("PYENV_ROOT") or str(Path.home() / ".pyenv")
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        if shutil.which("pyenv"):
            pyenv_root = subprocess.run(
                ["pyenv", "root"], capture_output=True, text=True, timeout=10, check=True
            ).stdout.strip()
    candidates += sorted(str(p) for p in Path(pyenv_root).glob("versions/2.7*/bin/python2.7"))
    on_path = shutil.which("python2.7")
    if on_path:
        candidates.append(on_path)
    for candidate in candidates:
        if _is_python27(candidate):
            return Path(candidate), candidates
    looked = [f"${PYTHON27_VARIABLE}", f"{pyenv_root}/versions/2.7*", "python2.7 on PATH"]
    return None, looked


def _is_python27(executable: str) -> bool:
    try:
        out = subprocess.run(
            [executable, "-c", "import sys; print(sys.version_info[:2] == (2, 7))"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return out.returncode == 0 and out.stdout.strip() == "True"


def install(folder: Path) -> Suite:
    """The suite in ``folder``, installed first if needed (about 30-100 s from PyPI); two
    runs at once wait for each other here.

    Raises SuiteUnavailableError without Python 2.7, CalledProcessError when a step fails (its
    output is in ``folder/install.log``).
    """
    suite = Suite(folder)
    if suite.ready():
        return suite
    python27, looked = find_python27()
    if python27 is None:
        raise SuiteUnavailableError("this machine has none (looked at " + ", ".join(looked) + ")")
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not suite.ready():
            _install(folder, python27)
    return suite


def _install(folder: Path, python27: Path) -> None:
    venv3, venv2 = folder / "venv3", folder / "venv2"
    env = {**os.environ, "VIRTUALENV_OVERRIDE_APP_DATA": str(folder / "virtualenv-data")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    with (folder / "install.log").open("w") as out:
        steps: list[Sequence[str]] = [
            [_base_python(), "-m", "venv", "--clear", str(venv3)],
            [str(venv3 / "bin" / "pip"), "install", "-q", VIRTUALENV_PIN],
            [str(venv3 / "bin" / "virtualenv"), "-q", "-p", str(python27), str(venv2)],
            [str(venv2 / "bin" / "pip"), "install", "-q", SUITE_PIN],
        ]
        for step in steps:
            print("compliance: " + " ".join(step), file=out, flush=True)
            subprocess.run(step, stdout=out, stderr=subprocess.STDOUT, env=env, check=True)
    versions = subprocess.run(
        [str(venv2 / "bin" / "python"), "-c", _VERSIONS_SCRIPT],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (folder / "ready.json").write_text(json.dumps({"versions": versions}))


def new_run_folder(suite: Suite, side: str) -> Path:
    """A folder for this run's spec, log and reports, ``runs/SIDE-PID``; those of earlier
    runs whose process is gone are removed, so that runs at the same time do not clash."""
    runs = suite.folder / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    for old in runs.glob(f"{side}-*"):
        pid = old.name.rsplit("-", 1)[1]
        if not pid.isdigit() or not Path(f"/proc/{pid}").exists():
            shutil.rmtree(old, ignore_errors=True)
    folder = runs / f"{side}-{os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    return folder


_VERSIONS_SCRIPT = """
import platform, autobahn, twisted, pkg_resources
print("autobahntestsuite %s (autobahn %s, Twisted %s) on Python %s" % (
    pkg_resources.get_distribution("autobahntestsuite").version, autobahn.__version__,
    twisted.__version__, platform.python_version()))
"""


def _base_python() -> str:
    """The interpreter behind this one (a venv's python may lack ensurepip's pip)."""
    base = Path(sys.base_prefix) / "bin" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    return str(base) if base.exists() else sys.executable


def free_port() -> int:
    with contextlib.closing(socket.socket()) as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


@contextlib.asynccontextmanager
async def fuzzing_server(suite: Suite, spec: Path, port: int, log: Path) -> AsyncIterator[None]:
    """wstest's fuzzingserver (web UI off) while the block runs; ready when ``port`` (the
    spec's) answers."""
    with log.open("w") as out:
        process = await _start_wstest(suite, spec, out, "fuzzingserver", "-u", "0")
        try:
            await _wait_listening(port, process)
            yield
        finally:
            if process.returncode is None:
                process.terminate()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(process.wait(), 10)
            if process.returncode is None:
                process.kill()
                await process.wait()


async def _start_wstest(
    suite: Suite, spec: Path, out: IO[str], mode: str, *extra: str
) -> asyncio.subprocess.Process:
    """wstest in ``mode`` with the spec, run in the spec's folder, its output to ``out``."""
    return await asyncio.create_subprocess_exec(
        *suite.command("-m", mode, "-s", str(spec), *extra),
        cwd=spec.parent,
        stdout=out,
        stderr=subprocess.STDOUT,
    )


async def _wait_listening(port: int, process: asyncio.subprocess.Process) -> None:
    for _ in range(300):
        if process.returncode is not None:
            raise RuntimeError(f"wstest exited with {process.returncode} before listening")
        try:
            _reader, writer = await asyncio.open_connection(LOOPBACK, port)
        except OSError:
            await asyncio.sleep(0.1)
            continue
        writer.close()
        await writer.wait_closed()
        return
    raise RuntimeError(f"wstest did not listen on {LOOPBACK}:{port} within 30 s")


async def fuzzing_client(suite: Suite, spec: Path, log: Path) -> None:
    """wstest's fuzzingclient against the servers the spec names; returns when it is done
    (cancelled, it kills wstest)."""
    with log.open("w") as out:
        process = await _start_wstest(suite, spec, out, "fuzzingclient")
        try:
            code = await process.wait()
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    if code != 0:
        raise RuntimeError(f"wstest fuzzingclient exited with {code}; see {log}")
