"""Opening the history store: the folder made, the file checked, a damaged file set aside.

A file that is not a store (garbage, another program's database, one failing SQLite's
``quick_check``) is renamed to ``<name>.corrupt-<YYYYmmdd-HHMMSS>`` with its -wal and -shm
files, never deleted (it may be the only copy of what the user recorded), and a new store is
made in its place. A folder that cannot be written, a full disk or a file that cannot be
opened raise HistoryError naming the folder or file.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import NamedTuple

from wsgui.core.history.errors import HistoryError, history_error, read_only_folder
from wsgui.core.history.schema import NotAStoreError, prepare

__all__ = ["BUSY_SECONDS", "Opened", "open_database", "set_aside"]

BUSY_SECONDS = 10.0  # how long a write waits for another process's transaction to end
_HEADER = b"SQLite format 3\x00"
_NOT_A_DATABASE, _CORRUPT = 26, 11


class Opened(NamedTuple):
    db: sqlite3.Connection
    set_aside: Path | None  # where a damaged file was moved, if one was
    why: str  # what was wrong with it


def open_database(path: Path, *, verify: bool = True) -> Opened:
    """A connection to the store at ``path``, made or migrated as needed."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HistoryError(
            f"Cannot create the history folder {folder}: {exc.strerror or exc}"
        ) from None
    if not os.access(folder, os.W_OK):
        raise read_only_folder(folder)
    try:
        _check_header(path)
        return Opened(_open(path, verify), None, "")
    except NotAStoreError as exc:
        why = str(exc)
    aside = set_aside(path)
    try:
        return Opened(_open(path, verify), aside, why)
    except NotAStoreError as exc:  # a fresh file is always a store; say so if not
        raise HistoryError(f"Cannot make a new history store {path}: {exc}") from None


def set_aside(path: Path) -> Path:
    """Rename the store (and its -wal, -shm files) to ``<name>.corrupt-<time>``; the new name."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    try:
        os.replace(path, target)
        for suffix in ("-wal", "-shm"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                os.replace(companion, target.with_name(target.name + suffix))
    except OSError as exc:
        raise HistoryError(
            f"The history store {path} is damaged and cannot be set aside: {exc.strerror or exc}"
        ) from None
    return target


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_HEADER))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise history_error(path, exc, "open") from None
    if head and head != _HEADER:
        raise NotAStoreError("not an SQLite database")


def _open(path: Path, verify: bool) -> sqlite3.Connection:
    try:
        db = sqlite3.connect(
            path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as exc:
        raise history_error(path, exc, "open") from None
    try:
        if db.execute("PRAGMA page_count").fetchone()[0] == 0:
            db.execute("PRAGMA auto_vacuum = INCREMENTAL")  # only possible before any table
        elif verify:
            result = db.execute("PRAGMA quick_check(1)").fetchone()[0]
            if result != "ok":
                raise NotAStoreError(f"quick_check: {result}")
        db.execute("PRAGMA synchronous = NORMAL")
        prepare(db, path)  # before WAL: a file that is no store is left byte for byte as it was
        db.execute("PRAGMA journal_mode = WAL")
    except NotAStoreError:
        db.close()
        raise
    except sqlite3.DatabaseError as exc:
        db.close()
        if getattr(exc, "sqlite_errorcode", 0) & 0xFF in (_NOT_A_DATABASE, _CORRUPT):
            raise NotAStoreError(str(exc)) from None
        raise history_error(path, exc, "open") from None
    except BaseException:
        db.close()
        raise
    return db
