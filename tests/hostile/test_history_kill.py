"""kill -9 of a real ``wsgui`` window process during a flood from a real server: the journal
keeps every entry committed before the kill, the store passes ``PRAGMA integrity_check``, and
the next start (``wsgui history list``) lists the session as interrupted."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.helpers.servers import ws_server
from tests.helpers.threaded import in_a_thread
from wsgui.core.history.store import HistoryStore

ROOT = Path(__file__).parents[2]
FLOOD = 2_000_000  # more than the window reads before the kill
COMMITTED_BEFORE_KILL = 20_000
BATCH_INTERVAL = 0.1  # the journal's commit interval (Journal's default flush_seconds)


def committed(path: Path) -> int:
    """The entries committed so far, read through a connection of our own (WAL: readers
    see the last commit while the writer goes on)."""
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as db:
            return int(db.execute("SELECT count(*) FROM entries").fetchone()[0])
    except sqlite3.Error:
        return 0  # the schema is not made yet


def test_a_killed_window_keeps_what_it_committed_and_its_session_is_interrupted(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "WSGUI_DATA_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    path = tmp_path / "history.sqlite3"

    async def scenario() -> int:
        with in_a_thread(ws_server) as base:  # its sends must not starve our polling
            child = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "wsgui",
                f"{base}/flood/{FLOOD}",
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                deadline = time.monotonic() + 60
                while committed(path) < COMMITTED_BEFORE_KILL:
                    assert time.monotonic() < deadline, "the journal never got the flood"
                    assert child.returncode is None, "wsgui ended before the kill"
                    await asyncio.sleep(0.05)
                before = committed(path)
                await asyncio.sleep(2 * BATCH_INTERVAL)  # these two intervals may be lost
            finally:
                child.kill()  # SIGKILL: no handler, no last flush
                await child.wait()
            return before

    before = asyncio.run(asyncio.wait_for(scenario(), 120))
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    listed = subprocess.run(
        [sys.executable, "-m", "wsgui", "history", "list"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=env,
    )
    assert listed.returncode == 0, listed.stderr
    (line,) = listed.stdout.splitlines()
    session_id, _started, url, state, _counts = line.split("\t")
    assert state == "interrupted" and url.endswith(f"/flood/{FLOOD}")
    with HistoryStore(path) as store:
        kept = store.count(int(session_id))
        received = [e for e in store.entries(int(session_id), 0, 50) if e.is_message]
    assert kept >= before  # nothing committed before the kill was lost
    assert [e.payload for e in received[:3]] == ["message 0", "message 1", "message 2"]
