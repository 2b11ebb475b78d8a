"""Which process writes a session, and whether it still runs.

A session is "open" while its writer runs; once the writer is gone (killed, crashed, power
cut) it is "interrupted". The pid alone is not enough: pids are reused, so a session also
keeps a start token of its writer (on Linux the boot id and the process's start time from
/proc; elsewhere empty, and the pid is all there is).
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

__all__ = ["is_running", "this_process"]

_PROC = Path("/proc")


@cache
def this_process() -> tuple[int, str]:
    """(pid, start token) of this process."""
    pid = os.getpid()
    return pid, _token(pid) or ""


def is_running(pid: int, token: str) -> bool:
    """True while the process that wrote ``token`` (see ``this_process``) still runs."""
    if pid <= 0:
        return False
    if (_PROC / "self" / "stat").exists():
        current = _token(pid)
        return current is not None and (not token or current == token)
    if sys.platform == "win32":
        return _windows_running(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def _token(pid: int) -> str | None:
    """Linux: "<boot id>/<start time>" for a live (not zombie) process, None when it is gone."""
    try:
        stat = (_PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = stat.rpartition(")")[2].split()  # the name, in parentheses, may hold spaces
    if len(fields) < 20 or fields[0] in ("Z", "X"):  # a zombie has finished running
        return None
    return f"{_boot_id()}/{fields[19]}"


@cache
def _boot_id() -> str:
    try:
        return (_PROC / "sys" / "kernel" / "random" / "boot_id").read_text().strip()
    except OSError:
        return ""


def _windows_running(pid: int) -> bool:  # pragma: no cover - not run on this platform
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)
