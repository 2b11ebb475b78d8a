"""Real processes on one store: a journaling client killed with SIGKILL in the middle of a
flood from a real server, and two processes writing at once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wsgui.core.history.journal import FLUSH_SECONDS
from wsgui.core.history.store import HistoryStore

# as a module: run as a file, tests/helpers/secrets.py would hide the standard secrets
CHILD = [sys.executable, "-m", "tests.helpers.history_child"]
ROOT = Path(__file__).parents[3]


def start(*arguments: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*CHILD, *arguments],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def integrity(path: Path) -> str:
    db = sqlite3.connect(path)
    try:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        db.close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_journal_keeps_what_it_committed_and_is_interrupted(
    tmp_path: Path, flood_server: str
) -> None:
    path = tmp_path / "history.sqlite3"
    child = start("flood", str(path), f"{flood_server}/flood/50000000")
    assert child.stdout is not None
    try:
        first = child.stdout.readline().split()
        assert first[0] == "session", (first, child.stderr.read() if child.poll() else "")
        session = int(first[1])
        committed_before = received_before = received_at_kill = 0
        while True:  # until well into the flood, with commits behind us
            line = child.stdout.readline().split()
            assert line, child.stderr.read() if child.stderr else "the child stopped"
            received_before, committed_before = int(line[1]), int(line[2])
            if committed_before >= 20_000:
                break
        waited_until = time.monotonic() + 3 * FLUSH_SECONDS
        while time.monotonic() < waited_until:  # keep reading: a full pipe would stall it
            received_at_kill = int(child.stdout.readline().split()[1])
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(10)
        for pipe in (child.stdin, child.stdout, child.stderr):
            if pipe is not None:
                pipe.close()
    assert child.returncode == -signal.SIGKILL

    store = HistoryStore(path)
    assert store.mark_interrupted() == [session]
    info = store.session(session)
    assert info is not None and info.state == "interrupted"
    count = store.count(session)
    # what it said was committed, and all it had received three intervals before the kill
    assert committed_before <= count and received_before <= count
    assert count <= received_at_kill + 10_000  # (it went on reading during the last report)
    sample = [0, 1, count // 2, count - 2, count - 1]
    for index in sample:  # every entry is the server's message of its rank
        assert store.entries(session, index, 1)[0].payload == f"message {index}"
    assert integrity(path) == "ok"


def test_two_processes_journal_into_one_store_at_once(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"  # made by whichever child comes first
    count = 40_000
    children = {name: start("write", str(path), name, str(count)) for name in ("left", "right")}
    for child in children.values():  # both have a session in the store, then both go
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
    for child in children.values():
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    outputs = {name: child.communicate(timeout=120) for name, child in children.items()}

    for name, (out, err) in outputs.items():
        assert children[name].returncode == 0, err
        assert out.split()[0] == "done" and len(out.split()) == 2, out  # no problem after id
    with HistoryStore(path) as store:
        sessions = {s.profile: s for s in store.sessions()}
        assert sorted(sessions) == ["left", "right"]
        for name, info in sessions.items():
            assert (info.state, info.entries, info.sent) == ("closed", count, count)
            back = store.entries(info.id)
            assert [e.payload for e in back] == [f"{name} {i}" for i in range(count)]
        left, right = sessions["left"], sessions["right"]
        assert left.ended is not None and right.ended is not None
        # they wrote at once: each one's first entry came before the other's last
        assert store.entries(left.id, 0, 1)[0].time < store.entries(right.id, count - 1)[0].time
        assert store.entries(right.id, 0, 1)[0].time < store.entries(left.id, count - 1)[0].time
    assert integrity(path) == "ok"
