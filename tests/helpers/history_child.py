"""Child processes for the history tests, journaling the way the app does.

``flood STORE URL``: connect to URL (a flood) with websockets, journal every received message
as a Row through SessionJournal.append_row, and print ``progress RECEIVED COMMITTED`` every
20 ms until killed.

``write STORE NAME COUNT``: start a session, print ``ready``, wait for a line on stdin, then
journal COUNT text messages "NAME i" in bursts of 500, end the session, close the journal and
print ``done SESSION`` (and the journal's problem, if it had one).
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from websockets.asyncio.client import connect

from wsgui.core.history.journal import Journal
from wsgui.core.model.entries import RECEIVED, TEXT, Row, text_size


def flood(store: Path, url: str) -> None:
    journal = Journal(store)
    session = journal.start_session(url)
    print(f"session {session.wait_id(10)} {journal.problem}", flush=True)

    async def read() -> None:
        async with connect(url, max_size=None, compression=None, ping_interval=None) as ws:
            received, report = 0, time.monotonic()
            append_row, now = session.append_row, time.time
            async for message in ws:
                assert isinstance(message, str)
                row: Row = (RECEIVED, TEXT, message, text_size(message), now(), "", None, None)
                append_row(row)
                received += 1
                if time.monotonic() >= report:
                    # committed first: what it says is committed was so before "received"
                    committed = session.committed
                    print(f"progress {received} {committed}", flush=True)
                    report += 0.02

    asyncio.run(read())


def write(store: Path, name: str, count: int) -> None:
    journal = Journal(store)
    session = journal.start_session(f"ws://{name}.test/", profile=name)
    print("ready", flush=True)
    sys.stdin.readline()
    for index in range(count):
        session.append_row(
            ("sent", "text", f"{name} {index}", len(f"{name} {index}"), time.time(), "", None, None)
        )
        if index % 500 == 499:
            time.sleep(0.002)
    session.end(1000)
    journal.close(30)
    print(f"done {session.id} {journal.problem}", flush=True)


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    if command == "flood":
        flood(Path(arguments[0]), arguments[1])
    else:
        write(Path(arguments[0]), arguments[1], int(arguments[2]))
