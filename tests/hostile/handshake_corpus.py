"""Handshake faults: what a server answers to the Upgrade instead of a good 101."""

from __future__ import annotations

import asyncio
from typing import NamedTuple

from tests.helpers.raw_servers import UPGRADE_HEADERS, Behaviour, answer, read_request


class HandshakeCase(NamedTuple):
    name: str
    server: Behaviour
    expect: str
    open_timeout: float = 5.0
    wss_hint: bool = False  # "use a wss:// URL" only where the answer may be TLS


def _raw(data: bytes, *, then_close: bool = True) -> Behaviour:
    async def behaviour(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(data)
        await writer.drain()
        if not then_close:
            await reader.read(65536)

    return behaviour


async def _silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await read_request(reader)
    await reader.read(65536)  # nothing, until the client gives up


async def _slowloris(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await read_request(reader)
    for byte in b"HTTP/1.1 101 Switching Protocols\r\n":
        writer.write(bytes([byte]))
        await writer.drain()
        await asyncio.sleep(0.2)


def _status(status: str, body: bytes = b"") -> HandshakeCase:
    code = status.split()[0]
    label = f"status {status}" + (" with a body" if body else "")
    # without a body there is no Content-Length: the answer ends when the server closes,
    # and this one does not, so the status must be named when the open timeout comes
    return HandshakeCase(label, answer(status, [], body, accept=None), code, open_timeout=1.0)


BODIES = {
    "200 OK": b"<html>hello</html>",
    "301 Moved Permanently": b"<a href='/elsewhere'>moved</a>",
    "400 Bad Request": b"bad request",
    "401 Unauthorized": b"token expired",
    "403 Forbidden": b"origin not allowed",
    "404 Not Found": b"no such path",
    "426 Upgrade Required": b"use WebSocket version 13",
    "500 Internal Server Error": b"boom",
    "503 Service Unavailable": b"try again later",
}

HANDSHAKE_CASES = [
    *[case for status, body in BODIES.items() for case in (_status(status), _status(status, body))],
    HandshakeCase(
        "HTTP/1.0 101",
        _raw(b"HTTP/1.0 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", then_close=False),
        "HTTP/1.0",
    ),
    HandshakeCase(
        "no Upgrade header",
        answer("101 Switching Protocols", [("Connection", "Upgrade")]),
        "Upgrade",
    ),
    HandshakeCase(
        "a wrong Upgrade header (h2c)",
        answer("101 Switching Protocols", [("Upgrade", "h2c"), ("Connection", "Upgrade")]),
        "invalid Upgrade header: h2c",
    ),
    HandshakeCase(
        "no Connection header",
        answer("101 Switching Protocols", [("Upgrade", "websocket")]),
        "missing Connection header",
    ),
    HandshakeCase(
        "a wrong Connection header",
        answer("101 Switching Protocols", [("Upgrade", "websocket"), ("Connection", "close")]),
        "Connection",
    ),
    HandshakeCase(
        "no Sec-WebSocket-Accept",
        answer("101 Switching Protocols", UPGRADE_HEADERS, accept=None),
        "Sec-WebSocket-Accept",
    ),
    HandshakeCase(
        "a wrong Sec-WebSocket-Accept",
        answer("101 Switching Protocols", UPGRADE_HEADERS, accept="d3JvbmcgYWNjZXB0IGtleQ=="),
        "Sec-WebSocket-Accept",
    ),
    HandshakeCase(
        "a duplicated Sec-WebSocket-Accept",
        answer(
            "101 Switching Protocols",
            [*UPGRADE_HEADERS, ("Sec-WebSocket-Accept", "c2Vjb25kIHZhbHVl")],
        ),
        "Sec-WebSocket-Accept",
    ),
    HandshakeCase(
        "a subprotocol that was not offered",
        answer("101 Switching Protocols", [*UPGRADE_HEADERS, ("Sec-WebSocket-Protocol", "evil")]),
        "Handshake failed: the server chose the subprotocol 'evil', which wsgui did not offer "
        "(offered: none); a client must refuse it. Add 'evil' to Subprotocols if you want it",
    ),
    HandshakeCase(
        "an extension that was not offered",
        answer(
            "101 Switching Protocols", [*UPGRADE_HEADERS, ("Sec-WebSocket-Extensions", "x-evil")]
        ),
        "Handshake failed: the server chose the extension 'x-evil', which wsgui did not offer "
        "(offered: ",
    ),
    HandshakeCase(
        "headers too long",
        answer("101 Switching Protocols", [*UPGRADE_HEADERS, ("X-Long", "x" * 10_000)]),
        "Handshake failed: the server's answer has a line over 8,192 bytes (its X-Long header "
        "line), more than websockets reads in one line (WEBSOCKETS_MAX_LINE_LENGTH)",
    ),
    HandshakeCase(
        "a 100 KB header line",
        answer("101 Switching Protocols", [*UPGRADE_HEADERS, ("Set-Cookie", "c" * 100_000)]),
        "a line over 8,192 bytes (its Set-Cookie header line)",
    ),
    HandshakeCase(
        "a 100 KB status line",
        _raw(b"HTTP/1.1 101 " + b"S" * 100_000 + b"\r\n\r\n", then_close=False),
        "a line over 8,192 bytes (its status line)",
    ),
    HandshakeCase(
        "too many headers",
        answer(
            "101 Switching Protocols", [*UPGRADE_HEADERS, *[(f"X-{i}", "1") for i in range(300)]]
        ),
        "expected no more than 128 headers",
    ),
    HandshakeCase(
        "TLS instead of HTTP",
        _raw(b"\x15\x03\x01\x00\x02\x02\x46"),  # a TLS alert (protocol version)
        "It answered with TLS (a TLS alert record, first byte 0x15): use a wss:// URL.",
        wss_hint=True,
    ),
    HandshakeCase(
        "garbage instead of HTTP",
        _raw(b"SSH-2.0-OpenSSH_9.6\r\n\r\n"),
        "What came is not HTTP: 'SSH-2.0-OpenSSH_9.6\\r\\n\\r\\n'.",
        wss_hint=True,
    ),
    HandshakeCase(
        "the connection closed in the middle of the response",
        _raw(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: webs"),
        "closed",
    ),
    HandshakeCase("a server that never answers", _silent, "Timed out", open_timeout=1.0),
    HandshakeCase(
        "one byte every 0.2 s (slowloris)",
        _slowloris,
        "Timed out: 127.0.0.1 did not finish its handshake answer within 1 s (open timeout): ",
        open_timeout=1.0,
    ),
]
