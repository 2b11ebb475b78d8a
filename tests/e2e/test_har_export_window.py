"""Log > Export log… as HAR after a real session: the entry's startedDateTime is when the
opening handshake started, not when the first message went out (issue 18), and its time and
timings are that handshake's."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import jsonschema
from websockets.asyncio.server import ServerConnection, serve
from websockets.http11 import Request

from tests.helpers.har_schema import HAR_SCHEMA
from tests.helpers.ui import WindowDriver
from wsgui.core.log.export import har_datetime
from wsgui.core.model.entries import Kind

PAUSE = 1.5  # seconds between the open and the first message


def test_har_started_date_time_is_the_real_handshakes(run_async: Any, tmp_path: Path) -> None:
    driver = WindowDriver()
    window = driver.window
    seen: dict[str, float] = {}

    def on_request(_ws: ServerConnection, _request: Request) -> None:
        seen["request"] = time.time()  # the Upgrade request reached the server

    async def echo(ws: ServerConnection) -> None:
        async for message in ws:
            await ws.send(message)

    async def scenario() -> None:
        async with serve(echo, "127.0.0.1", 0, process_request=on_request) as server:
            port = server.sockets[0].getsockname()[1]
            seen["clicked"] = time.time()
            await driver.connect(f"ws://127.0.0.1:{port}/feed")
            seen["open"] = time.time()
            await asyncio.sleep(PAUSE)
            seen["sent"] = time.time()
            window.composer.editor.setPlainText("late")
            window.composer.send_button.click()
            await driver.wait_received(1)
            await driver.disconnect()
            window.log_transfers.export(str(tmp_path / "session.har"))
            task = window.log_transfers.task
            assert task is not None
            await task
        await driver.shutdown()

    run_async(scenario())
    document = json.loads((tmp_path / "session.har").read_text(encoding="utf-8"))
    jsonschema.validate(document, HAR_SCHEMA)
    (entry,) = document["log"]["entries"]
    started = datetime.fromisoformat(entry["startedDateTime"]).timestamp()
    assert entry["startedDateTime"].endswith("+00:00")  # ISO 8601, a time zone...
    assert len(entry["startedDateTime"].split(".")[1]) == len("123+00:00")  # ...and ms
    # The handshake's: the open entry's record, started its total before the open entry.
    (opened,) = driver.of_kind(Kind.OPEN)
    record = opened.handshake
    assert record is not None and record.timings.total_ms is not None
    assert record.started_at is not None  # stamped when the attempt began
    assert entry["startedDateTime"] == har_datetime(record.started_at)
    # ...which is between the click and the server receiving the Upgrade (startedDateTime
    # truncated to ms; the open entry is stamped a moment after the handshake's total ends,
    # so allow a few ms)...
    assert seen["clicked"] - 0.001 <= started <= seen["request"]
    assert seen["request"] - started < 0.5
    # ...and not the first message's, sent 1.5 s later (Qt's timers may be early by 5 %).
    first = entry["_webSocketMessages"][0]
    assert first["data"] == "late" and first["time"] >= seen["sent"]
    assert first["time"] - started >= PAUSE * 0.9
    assert entry["time"] == round(
        sum(v for k, v in entry["timings"].items() if k != "ssl" and v > 0), 3
    )
    assert entry["time"] <= (seen["open"] - seen["clicked"]) * 1000
    assert entry["timings"]["wait"] > 0 and entry["timings"]["dns"] >= 0
