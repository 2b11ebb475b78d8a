"""The retry decision for every way a connection fails or ends, from real failures: only
what the same settings could get past next time is retried, and a "no" says why."""

from __future__ import annotations

import asyncio
import datetime
import ssl
from typing import Any

import pytest
import trustme

from tests.core.connection.websocket.test_session import open_session, run
from tests.helpers.raw_servers import accept_upgrade, answer, raw_server, text_frame
from tests.helpers.servers import ws_server
from tests.helpers.sinks import RecordingSink
from tests.hostile.handshake_corpus import HANDSHAKE_CASES
from wsgui.core.connection.echo_server import pick_port
from wsgui.core.connection.reconnect import Retry, retry_after_seconds
from wsgui.core.connection.websocket.session import Session
from wsgui.core.model.options import ConnectOptions

# Handshake faults another attempt could get past: the server closing while it answers
# (starting or restarting), and timeouts. Everything else is the server's fixed answer.
RETRIED_HANDSHAKES = {
    "status 500 Internal Server Error",
    "status 500 Internal Server Error with a body",
    "status 503 Service Unavailable",
    "status 503 Service Unavailable with a body",
    "the connection closed in the middle of the response",
    "a server that never answers",
    "one byte every 0.2 s (slowloris)",
}


def attempt(url: str, **options: Any) -> tuple[Session, RecordingSink]:
    sink = RecordingSink()
    session = Session(ConnectOptions(url=url, **options), sink)
    return session, sink


@pytest.mark.parametrize("case", HANDSHAKE_CASES, ids=[c.name for c in HANDSHAKE_CASES])
def test_the_decision_for_each_handshake_fault(case: Any) -> None:
    async def scenario() -> Session:
        async with raw_server(case.server) as base:
            session, _sink = attempt(f"{base}/", open_timeout=case.open_timeout)
            await session.run()
            return session

    session = run(scenario(), timeout=20)
    retried = case.name in RETRIED_HANDSHAKES
    assert session.retryable is retried, session.retry
    if not retried:
        assert session.retry.why.startswith("Not reconnecting: ")
        assert session.retry.why.endswith("Press Connect to try again.")


@pytest.mark.parametrize(
    ("status", "headers", "retry", "delay", "why"),
    [
        ("408 Request Timeout", [("Retry-After", "2")], True, 2.0, ""),
        ("429 Too Many Requests", [("Retry-After", "7")], True, 7.0, ""),
        ("429 Too Many Requests", [], False, None, "HTTP 429 without Retry-After"),
        ("503 Service Unavailable", [("Retry-After", "3")], True, 3.0, ""),
        ("502 Bad Gateway", [], True, None, ""),
        (
            "401 Unauthorized",
            [("Retry-After", "3")],
            False,
            None,
            "refused the upgrade with HTTP 401",
        ),
        ("426 Upgrade Required", [], False, None, "refused the upgrade with HTTP 426"),
        ("501 Not Implemented", [], False, None, "refused the upgrade with HTTP 501"),
    ],
)
def test_the_decision_for_refused_upgrades(
    status: str, headers: list[tuple[str, str]], retry: bool, delay: float | None, why: str
) -> None:
    body = b"no"  # with a Content-Length, the answer ends at once

    async def scenario() -> Retry:
        async with raw_server(answer(status, headers, body, accept=None)) as base:
            session, _sink = attempt(f"{base}/")
            await session.run()
            return session.retry

    decision = run(scenario())
    assert (decision.retry, decision.delay) == (retry, delay)
    assert why in decision.why


def test_retry_after_as_an_http_date() -> None:
    from websockets.datastructures import Headers
    from websockets.http11 import Response

    later = datetime.datetime(2030, 1, 1, 0, 0, 30, tzinfo=datetime.UTC)
    headers = Headers([("Retry-After", "Tue, 01 Jan 2030 00:00:30 GMT")])
    response = Response(429, "Too Many Requests", headers)
    assert retry_after_seconds(response, now=later.timestamp() - 30) == 30.0
    headers = Headers([("Retry-After", "soon")])
    assert retry_after_seconds(Response(429, "", headers)) is None


def test_network_failures_are_retried() -> None:
    refused, _ = attempt(f"ws://127.0.0.1:{pick_port(0)}/")
    run(refused.run())
    dns, _ = attempt("ws://no-such-host.invalid/")
    run(dns.run())
    assert refused.retryable and dns.retryable


def test_bad_urls_and_settings_are_not_retried() -> None:
    bad_url, _ = attempt("ftp://example.test/")
    run(bad_url.run())
    bad_header, _ = attempt("ws://127.0.0.1:9/", subprotocols=("bad protocol",))
    run(bad_header.run())
    assert not bad_url.retryable and "URL or a setting" in bad_url.retry.why
    assert not bad_header.retryable


def _tls_server(issue: Any) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    issue().configure_cert(context)
    return context


CA = trustme.CA()
PAST = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
TLS_FAILURES = {
    "an unknown CA": (lambda: CA.issue_cert("localhost"), False),
    "an expired certificate": (
        lambda: CA.issue_cert("localhost", not_after=PAST),
        True,
    ),
    "a certificate for another host": (lambda: CA.issue_cert("other.example"), True),
}


@pytest.mark.parametrize("name", list(TLS_FAILURES))
def test_certificate_failures_are_not_retried(name: str, tmp_path: Any) -> None:
    issue, trusted = TLS_FAILURES[name]
    ca_file = tmp_path / "ca.pem"
    CA.cert_pem.write_to_path(str(ca_file))
    extra = {"ca_file": str(ca_file)} if trusted else {}

    async def scenario() -> tuple[Session, RecordingSink]:
        async with ws_server(tls=_tls_server(issue)) as base:
            session, sink = attempt(f"{base}/echo", **extra)
            await session.run()
            return session, sink

    session, sink = run(scenario())
    assert sink.errors()[0].startswith("TLS certificate verification failed for localhost")
    assert not session.retryable
    assert "TLS certificate was not accepted" in session.retry.why


def test_wss_to_a_plain_server_is_not_retried() -> None:
    async def scenario() -> Session:
        async with ws_server() as base:
            session, _sink = attempt(base.replace("ws://", "wss://") + "/echo")
            await session.run()
            return session

    assert not run(scenario()).retryable


def fault_after_hello(data: bytes) -> Any:
    async def behaviour(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await accept_upgrade(reader, writer)
        writer.write(text_frame("hello") + data)
        await writer.drain()
        if data:
            await reader.read(65536)  # our close; then hang up

    return behaviour


CLOSES = [
    ("we fail it: a protocol error", b"\x83\x00", False, "failed the connection with 1002"),
    ("we fail it: invalid UTF-8", b"\x81\x02\xff\xfe", False, "with 1007"),
    ("we fail it: too big", b"\x82\x7f" + (2**25).to_bytes(8, "big"), False, "with 1009"),
    ("the server closes with 1008", b"\x88\x02\x03\xf0", False, "closed with 1008"),
    ("the server closes with 1003", b"\x88\x02\x03\xeb", False, "closed with 1003"),
    ("the server closes with 1000", b"\x88\x02\x03\xe8", True, ""),
    ("the server closes with 1001", b"\x88\x02\x03\xe9", True, ""),
    ("the server closes with 1011", b"\x88\x02\x03\xf3", True, ""),
    ("the server closes with 1013", b"\x88\x02\x03\xf5", True, ""),
    ("the server closes with 4000", b"\x88\x02\x0f\xa0", True, ""),
    ("the server drops TCP", b"", True, ""),
]


@pytest.mark.parametrize(("name", "data", "retry", "why"), CLOSES, ids=[c[0] for c in CLOSES])
def test_the_decision_after_an_open_connection_ends(
    name: str, data: bytes, retry: bool, why: str
) -> None:
    async def scenario() -> Session:
        async with raw_server(fault_after_hello(data)) as base:
            session, task = await open_session(f"{base}/", RecordingSink(), close_timeout=1)
            await asyncio.wait_for(task, 10)
            return session

    session = run(scenario())
    assert session.retryable is retry, session.retry
    assert why in session.retry.why


def test_no_pong_to_the_keepalive_is_retried() -> None:
    async def deaf(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await accept_upgrade(reader, writer)
        while await reader.read(65536):  # our pings and close: never answered
            pass

    async def scenario() -> Session:
        async with raw_server(deaf) as base:
            options = {"ping_interval": 0.1, "ping_timeout": 0.1, "close_timeout": 0.3}
            session, task = await open_session(f"{base}/", RecordingSink(), **options)
            await asyncio.wait_for(task, 10)
            return session

    assert run(scenario()).retryable


@pytest.mark.parametrize(
    ("max_size", "reason", "limit"),
    [
        (2**20, "frame with 3145728 bytes exceeds limit of 1048576 bytes", 4 * 2**20),
        (2**20, "frame with 20971520 bytes exceeds limit of 1048576 bytes", 32 * 2**20),
        (2**20, "frame with 10 bytes after reading 3000000 bytes exceeds limit of 3 bytes", 2**22),
        (2**20, "frame exceeds limit of 1048576 bytes", 4 * 2**20),  # inflating: size unknown
        (2**20, "too many fragments", None),
        (2**20, f"frame with {2**63} bytes exceeds limit of 1048576 bytes", None),
        (None, "frame exceeds limit of 67108864 bytes", None),
        (2**20, f"frame with {2**31} bytes exceeds limit of 1048576 bytes", None),  # over 1 GiB
    ],
)
def test_the_limit_offered_after_a_message_too_big(
    max_size: int | None, reason: str, limit: int | None
) -> None:
    from wsgui.core.connection.errors import raised_limit

    assert raised_limit(max_size, reason) == limit
