"""Log > Export log… never writes a secret in clear: the URL's password, credential-like
query values (token, access_token…) and secret headers are masked in the HAR, NDJSON and CSV
files, as they are on screen, while the messages themselves are written as they were."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import jsonschema

from tests.helpers.har_schema import HAR_SCHEMA
from tests.helpers.servers import ws_server
from tests.helpers.ui import WindowDriver
from wsgui.core.model.options import Header
from wsgui.core.profiles.importers.har import import_har

SECRETS = ("hunter2", "tok123", "s3cr3t-hdr", base64.b64encode(b"alice:hunter2").decode())


def test_exports_mask_the_url_password_tokens_and_secret_headers(
    run_async: Any, tmp_path: Path
) -> None:
    driver = WindowDriver()
    window = driver.window
    written: dict[str, str] = {}

    async def scenario() -> str:
        async with ws_server() as base:
            window.panel.headers_table.set_headers([Header("X-Auth-Token", "s3cr3t-hdr")])
            url = base.replace("ws://", "ws://alice:hunter2@") + "/echo?access_token=tok123&x=1"
            await driver.connect(url)
            window.composer.editor.setPlainText("hello")
            window.composer.send_button.click()
            await driver.wait_received(1)
            await driver.disconnect()
            for suffix in ("har", "ndjson", "csv"):  # as Log > Export log… does
                window.log_transfers.export(str(tmp_path / f"log.{suffix}"))
                task = window.log_transfers.task
                assert task is not None
                await task
                written[suffix] = (tmp_path / f"log.{suffix}").read_text(encoding="utf-8")
        await driver.shutdown()
        return base

    base = run_async(scenario())
    host = base.removeprefix("ws://")
    for suffix, text in written.items():
        assert not [s for s in SECRETS if s in text], suffix  # nowhere, in any format
    har = json.loads(written["har"])
    jsonschema.validate(har, HAR_SCHEMA)
    (entry,) = har["log"]["entries"]
    request = entry["request"]
    assert request["url"] == f"http://alice:••••••@{host}/echo?access_token=••••••&x=1"
    assert request["queryString"] == [
        {"name": "access_token", "value": "••••••"},
        {"name": "x", "value": "1"},
    ]
    headers = {h["name"]: h["value"] for h in request["headers"]}
    assert headers["Authorization"] == "Basic ••••••"  # from alice:hunter2@ in the URL
    assert headers["X-Auth-Token"] == "••••••"
    assert headers["Upgrade"] == "websocket"  # the other headers as they were sent
    assert {h["name"] for h in entry["response"]["headers"]} >= {"Upgrade", "Connection"}
    assert [m["data"] for m in entry["_webSocketMessages"]] == ["hello", "hello"]
    # The open entry in NDJSON and CSV names the URL the same way.
    shown = f"ws://alice:••••••@{host}/echo?access_token=••••••&x=1"
    opened = [json.loads(line) for line in written["ndjson"].splitlines()]
    assert any(row["text"].startswith(f"Open: {shown},") for row in opened if row["kind"] == "open")
    assert f"Open: {shown}," in written["csv"]
    # Importing the HAR back as a profile does not take the masks for secrets.
    (profile,) = import_har(written["har"])
    assert ":••••••@" not in profile.options.url
    assert [h.enabled for h in profile.options.headers if h.name == "X-Auth-Token"] == [False]
    assert "Password in the URL: masked in the file, not imported" in profile.notes
    assert "URL parameter access_token: masked in the file; type its value" in profile.notes
