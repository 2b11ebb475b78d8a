"""Received text that looks like HTML, or carries ANSI escapes and bidi overrides, is shown
literally in the log, the detail view and the exports."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from PySide6.QtGui import QGuiApplication

from tests.helpers.servers import ws_server
from tests.helpers.ui import WindowDriver
from wsgui.core.log.transfer import Progress, export_rows, import_log
from wsgui.core.model.entries import Direction, as_row
from wsgui.ui.inspector.entry_detail import ESCAPED_NOTE
from wsgui.ui.log.model import DATA

HOSTILE = "<img src=x onerror=alert(1)> \x1b[31mred\x1b[0m \u202eevil\u202c <b>bold</b>"
HOSTILE_JSON = json.dumps({"\u202ekey": HOSTILE, "c1": "\x85"}, ensure_ascii=False)
RAW = ("\u202e", "\u202c", "\x1b", "\x85")  # obeyed by Qt (or a terminal) if shown as they are


def obeys_nothing(text: str) -> bool:
    return not any(char in text for char in RAW)


def test_hostile_text_is_shown_and_exported_literally(run_async: Any, tmp_path: Path) -> None:
    driver = WindowDriver()
    window = driver.window

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            window.controller.send(HOSTILE)
            window.controller.send(HOSTILE_JSON)
            await driver.wait_received(2)
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())
    entries = driver.entries()
    row, json_row = [i for i, e in enumerate(entries) if e.direction is Direction.RECEIVED]
    shown = window.model.index(row, DATA).data()
    assert "<img src=x onerror=alert(1)>" in shown and "<b>bold</b>" in shown
    assert "\\x1b[31m" in shown and "\\u202e" in shown  # escapes spelled out, not obeyed
    assert obeys_nothing(shown)

    # the detail view, Auto and Text: a QPlainTextEdit (never HTML), escapes spelled out
    tools = window.entry_tools
    window.log_view.selectRow(row)
    for view in ("auto", "text"):
        tools.view.setCurrentIndex(tools.view.findData(view))
        header, _, body = window.detail.toPlainText().partition("\n\n")
        assert (
            body
            == "<img src=x onerror=alert(1)> \\x1b[31mred\\x1b[0m \\u202eevil\\u202c <b>bold</b>"
        )
        assert ESCAPED_NOTE in header, view
    tools.copy()  # Copy and Save keep the payload exactly as it came
    assert QGuiApplication.clipboard().text() == HOSTILE
    tools.save_to(str(tmp_path / "payload.txt"))
    assert (tmp_path / "payload.txt").read_bytes() == HOSTILE.encode()

    # the JSON view stays valid JSON (a bidi override becomes a JSON escape); the tree too
    window.log_view.selectRow(json_row)
    tools.view.setCurrentIndex(tools.view.findData("json"))
    body = window.detail.toPlainText().partition("\n\n")[2]
    assert obeys_nothing(body) and json.loads(body) == json.loads(HOSTILE_JSON)
    tools.view.setCurrentIndex(tools.view.findData("tree"))
    items = [tools.tree.topLevelItem(i) for i in range(tools.tree.topLevelItemCount())]
    cells = [item.text(column) for item in items for column in (0, 1)]
    assert cells[0] == "\\u202ekey" and "\\u001b[31m" in cells[1] and cells[3] == '"\\u0085"'
    assert all(obeys_nothing(cell) for cell in cells)
    tools.view.setCurrentIndex(tools.view.findData("auto"))

    # the exports are data files: they keep the text exactly (JSON escapes where JSON needs
    # them), and read back equal; what shows them is the app, escaped as above
    rows = [as_row(e) for e in entries]
    for suffix in ("ndjson", "csv", "har"):
        export_rows(tmp_path / f"log.{suffix}", rows, "ws://h/", Progress())
    ndjson = (tmp_path / "log.ndjson").read_text(encoding="utf-8")
    assert "\\u001b[31m" in ndjson and "\u202e" in ndjson  # ESC as JSON writes it
    assert [e.payload for e in import_log(tmp_path / "log.ndjson", Progress())] == [
        e.payload for e in entries
    ]
    with (tmp_path / "log.csv").open(encoding="utf-8", newline="") as handle:
        payloads = [line["payload"] for line in csv.DictReader(handle)]
    assert HOSTILE in payloads and HOSTILE_JSON in payloads  # raw, as a data file does
    har = json.loads((tmp_path / "log.har").read_text(encoding="utf-8"))
    messages = har["log"]["entries"][0]["_webSocketMessages"]
    assert [m["data"] for m in messages if m["type"] == "receive"] == [HOSTILE, HOSTILE_JSON]
    assert HOSTILE in [str(e.payload) for e in import_log(tmp_path / "log.har", Progress())]
    for suffix in ("ndjson", "csv", "har"):
        written = (tmp_path / f"log.{suffix}").read_text(encoding="utf-8")
        assert "<img src=x onerror=alert(1)>" in written, suffix


def test_secrets_stay_masked_in_the_raw_copy_and_the_open_entry(
    run_async: Any, tmp_path: Path
) -> None:
    from PySide6.QtGui import QGuiApplication

    from wsgui.core.model.options import Header

    driver = WindowDriver()
    window = driver.window

    async def scenario() -> None:
        async with ws_server() as base:
            window.panel.headers_table.set_headers([Header("Authorization", "Bearer s3cr3t-t0k")])
            await driver.connect(f"{base}/headers")
            await driver.wait_received(1)
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())
    window.show_handshake()
    window.handshake_view.request_view.copy_raw()
    copied = QGuiApplication.clipboard().text()
    assert "Authorization: Bearer ••••••" in copied and "s3cr3t-t0k" not in copied
    shown = [window.model.index(r, DATA).data() for r in range(window.model.rowCount())]
    assert not any("s3cr3t-t0k" in str(text) for text in shown if "Open:" in str(text))
