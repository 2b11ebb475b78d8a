"""A scheme typed without its ':' (``ws//host:1/``) was taken for a host named ``ws``: wsgui
looked up ``ws`` in the DNS and logged a DNS error (issue 18). Now Connect refuses it with
what was probably meant, under the field and in the log, before any lookup or connection."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import pytest

from tests.helpers.ui import WindowDriver
from wsgui.core.model.entries import Direction, ReadyState


@pytest.mark.parametrize("scheme", ["ws", "wss", "http", "https"])
def test_connect_with_a_missing_colon_logs_the_suggestion_and_sends_nothing(
    run_async: Any, monkeypatch: pytest.MonkeyPatch, scheme: str
) -> None:
    looked_up: list[object] = []
    real_getaddrinfo = socket.getaddrinfo

    def recording_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        looked_up.append(host)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", recording_getaddrinfo)
    driver = WindowDriver()
    accepted: list[object] = []

    def on_connection(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(writer.get_extra_info("peername"))
        writer.close()

    async def scenario() -> int:
        server = await asyncio.start_server(on_connection, "127.0.0.1", 0)
        port = int(server.sockets[0].getsockname()[1])
        async with server:
            await driver.connect(f"{scheme}//127.0.0.1:{port}/echo")  # Connect pressed anyway
            await asyncio.sleep(0.2)  # time for a connection that should not come
        await driver.shutdown()
        return port

    port = run_async(scenario())
    suggestion = f"missing ':' after '{scheme}': did you mean {scheme}://127.0.0.1:{port}/echo?"
    assert driver.window.panel.url_message.text() == f"URL: {suggestion}"
    assert driver.errors() == [f"Invalid URL: {suggestion}"]
    assert driver.states[-1] is ReadyState.CLOSED and ReadyState.OPEN not in driver.states
    assert looked_up == [] and accepted == []  # no DNS lookup of "ws", no connection
    assert not [e for e in driver.entries() if e.direction is not Direction.EVENT]
    assert driver.window.tabs.tabText(0) == f"{scheme}//127.0.0.1:{port}/echo"
