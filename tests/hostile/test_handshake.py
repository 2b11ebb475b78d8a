"""Every handshake fault ends CLOSED with a specific message (and the attempt recorded)."""

from __future__ import annotations

import asyncio

import pytest

from tests.core.connection.websocket.test_session import run
from tests.helpers.raw_servers import raw_server
from tests.helpers.sinks import RecordingSink
from tests.hostile.handshake_corpus import HANDSHAKE_CASES, HandshakeCase
from wsgui.core.connection.websocket.session import Session
from wsgui.core.model.entries import ReadyState
from wsgui.core.model.options import ConnectOptions


@pytest.mark.parametrize("case", HANDSHAKE_CASES, ids=[c.name for c in HANDSHAKE_CASES])
def test_a_handshake_fault_is_named(case: HandshakeCase) -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with raw_server(case.server) as base:
            options = ConnectOptions(url=f"{base}/", open_timeout=case.open_timeout)
            await asyncio.wait_for(Session(options, sink).run(), 15)

    run(scenario(), timeout=20)
    assert sink.states[-1] is ReadyState.CLOSED
    errors = sink.errors()
    assert len(errors) == 1 and case.expect in errors[0], errors
    assert "Traceback" not in errors[0] and "Unexpected error" not in errors[0]
    assert ("wss:// URL" in errors[0]) is case.wss_hint, errors[0]
    assert sink.handshakes and sink.handshakes[-1].error  # the Handshake tab shows why


async def _answers_http_to_tls(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """A plain HTTP server reading a TLS hello: it answers 400 in plain text."""
    await reader.read(65536)
    writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
    await writer.drain()
    await reader.read(65536)


async def _waits_for_http(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """A plain server that waits for the end of an HTTP request, which a TLS hello lacks."""
    while await reader.read(65536):
        pass


async def _hangs_up_on_tls(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.read(65536)
    writer.close()


PLAIN_SERVERS = [
    (
        "answers plain HTTP",
        _answers_http_to_tls,
        "TLS handshake with 127.0.0.1 failed: the server answered in plain text, not TLS "
        "(WRONG_VERSION_NUMBER). This server speaks plain HTTP: use a ws:// URL.",
    ),
    (
        "waits for an HTTP request",
        _waits_for_http,
        "Timed out: the TLS handshake with 127.0.0.1 did not finish within 1 s (open timeout): "
        "the server never answered the TLS hello. Is it a plain ws:// server? Then use a ws:// "
        "URL.",
    ),
    (
        "hangs up",
        _hangs_up_on_tls,
        "TLS handshake with 127.0.0.1 failed: the server closed the connection. Is it a plain "
        "ws:// server? Then use a ws:// URL.",
    ),
]


@pytest.mark.parametrize(
    ("name", "server", "expect"), PLAIN_SERVERS, ids=[p[0] for p in PLAIN_SERVERS]
)
def test_wss_to_a_plain_server_suggests_ws(name: str, server: object, expect: str) -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with raw_server(server) as base:  # type: ignore[arg-type]
            url = base.replace("ws://", "wss://") + "/"
            await Session(ConnectOptions(url=url, open_timeout=1.0), sink).run()

    run(scenario(), timeout=20)
    assert sink.errors() == [expect]
    assert sink.states[-1] is ReadyState.CLOSED
