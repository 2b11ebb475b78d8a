"""What went wrong with the history store, said the way a user can act on it: which folder or
file, and what failed (read-only, disk full, cannot open), never a bare sqlite3 traceback."""

from __future__ import annotations

import errno
from pathlib import Path

from wsgui.core.model.options import OptionsError

__all__ = ["HistoryError", "MissingSessionError", "history_error", "read_only_folder"]


class HistoryError(OptionsError):
    """The history store cannot be used; the text names the folder or file and what failed."""


class MissingSessionError(HistoryError):
    """A session that is not (or no longer) in the store: deleted while it was being written."""


# sqlite3 extended error codes reduced to their primary code (the low byte)
_FULL, _READONLY, _CANTOPEN, _PERM = 13, 8, 14, 3
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}


def history_error(path: Path, exc: BaseException, doing: str = "write") -> HistoryError:
    """``exc`` (an OSError or a sqlite3.Error met while using the store at ``path``) as a
    HistoryError saying which file or folder and what failed."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    number = getattr(exc, "errno", None)
    if primary == _FULL or number == errno.ENOSPC:
        return HistoryError(f"Cannot {doing} the history store {path}: the disk is full")
    if primary in (_READONLY, _PERM) or number in _READ_ONLY_ERRNOS:
        return HistoryError(
            f"Cannot {doing} the history store {path}: it is read-only ({_detail(exc)})"
        )
    if primary == _CANTOPEN:
        return HistoryError(f"Cannot open the history store {path}: {_detail(exc)}")
    return HistoryError(f"Cannot {doing} the history store {path}: {_detail(exc)}")


def read_only_folder(folder: Path) -> HistoryError:
    return HistoryError(f"The history folder {folder} is read-only: history cannot be saved there")


def _detail(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
