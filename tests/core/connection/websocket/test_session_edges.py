"""Session edge cases from review: redirects, secrets in messages, TLS mix-ups, stuck closes."""

from __future__ import annotations

import asyncio
import ssl

import pytest
import trustme

from tests.core.connection.websocket.test_session import open_session, run, wait_until_received
from tests.helpers.raw_servers import deaf_after_hello, raw_server
from tests.helpers.servers import ws_server
from tests.helpers.sinks import RecordingSink
from wsgui.core.connection.echo_server import EchoServer, LocalEcho
from wsgui.core.connection.websocket.session import Session
from wsgui.core.model.entries import Kind, ReadyState
from wsgui.core.model.options import ConnectOptions, Header


def test_redirect_is_shown_not_followed() -> None:
    """Browsers fail on a 3xx to the Upgrade; the user sees the status and the Location."""
    sink = RecordingSink()

    async def scenario() -> None:
        async with ws_server() as base:
            await Session(ConnectOptions(url=f"{base}/redirect"), sink).run()

    run(scenario())
    (error,) = sink.errors()
    lines = error.split("\n")
    assert lines[0] == "Server refused the WebSocket upgrade: HTTP 302 Found — moved"
    assert lines[1] == "Redirect to /echo not followed (browsers do not either)"
    assert "Location: /echo" in lines
    assert sink.opened == []


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            Header("Authorization", "Bearer s3cr3t✓"),
            "Not connected: Header Authorization: character U+2713 at position 14 of the value "
            "is not allowed in HTTP (tabs, ASCII and Latin-1 only)",
        ),
        (Header("Host", "evil.test"), "Not connected: Header Host cannot be set here: it comes"),
        (Header("Origin", "x"), "Not connected: Header Origin cannot be set here: use the Origin"),
    ],
)
def test_header_errors_never_quote_the_value(header: Header, message: str) -> None:
    sink = RecordingSink()
    run(Session(ConnectOptions(url="ws://127.0.0.1:1/", headers=(header,)), sink).run())
    (error,) = sink.errors()
    assert error.startswith(message)
    assert "s3cr3t" not in error


def test_password_in_url_is_masked_in_every_entry() -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with ws_server() as base:
            url = base.replace("ws://", "alice:s3cr3t@") + "/echo"
            session, task = await open_session(url, sink)
            await session.close()
            await task

    run(scenario())
    texts = [str(e.payload) for e in sink.entries]
    assert any("alice:••••••@127.0.0.1" in text for text in texts)
    assert not any("s3cr3t" in text for text in texts)


@pytest.fixture(scope="module")
def tls_context() -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    trustme.CA().issue_cert("localhost").configure_cert(context)
    return context


def test_wss_to_a_plain_server_says_so() -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with ws_server() as base:
            url = base.replace("ws://", "wss://") + "/echo"
            await Session(ConnectOptions(url=url), sink).run()

    run(scenario())
    assert sink.errors() == [
        "TLS handshake with 127.0.0.1 failed: the server closed the connection. "
        "Is it a plain ws:// server? Then use a ws:// URL."
    ]


def test_ws_to_a_tls_server_suggests_wss(tls_context: ssl.SSLContext) -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with ws_server(tls=tls_context) as base:
            url = base.replace("wss://", "ws://") + "/echo"
            await Session(ConnectOptions(url=url), sink).run()

    run(scenario())
    (error,) = sink.errors()
    assert error.startswith("Handshake failed: the server did not send a valid HTTP response")
    assert error.endswith("If the server speaks TLS, use a wss:// URL.")


def test_abort_ends_a_close_the_server_never_answers() -> None:
    """CLOSING against a deaf server: abort drops the connection at once, keeping the log."""
    sink = RecordingSink()

    async def scenario() -> None:
        async with raw_server(deaf_after_hello) as base:
            session, task = await open_session(f"{base}/", sink)
            await wait_until_received(sink, 1)
            closing = asyncio.create_task(session.close())
            while session.state is not ReadyState.CLOSING:
                await asyncio.sleep(0.005)
            await asyncio.sleep(0.1)
            assert not task.done()  # still waiting for the server's close frame
            session.abort()
            await asyncio.wait_for(task, 2)
            await closing

    run(scenario())
    assert sink.received() == ["hello from a deaf server"]
    infos = [str(e.payload) for e in sink.of_kind(Kind.INFO)]
    assert infos == ["Aborted: TCP connection dropped without waiting for the server"]
    assert sink.close_entry().close_code == 1006
    assert sink.states[-2:] == [ReadyState.CLOSING, ReadyState.CLOSED]


def test_server_started_close_passes_through_closing() -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with ws_server() as base:
            _, task = await open_session(f"{base}/close4000", sink)
            await task

    run(scenario())
    assert sink.states == [
        ReadyState.CONNECTING,
        ReadyState.OPEN,
        ReadyState.CLOSING,
        ReadyState.CLOSED,
    ]


def test_builtin_port_taken_later_connects_to_whatever_listens() -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        other = EchoServer(0)  # another program took the port after the app picked it
        await other.start()
        try:
            local = LocalEcho(other.port)
            options = ConnectOptions(url=other.url)
            session = Session(options, sink, local_server=local)
            task = asyncio.create_task(session.run())
            while session.state is not ReadyState.OPEN and not task.done():
                await asyncio.sleep(0.005)
            await session.send("still works")
            await wait_until_received(sink, 1)
            await session.close()
            await task
        finally:
            await other.stop()

    run(scenario())
    infos = [str(e.payload) for e in sink.of_kind(Kind.INFO)]
    assert infos[0].startswith("Built-in echo server not started: port")
    assert "in use by another program; connecting to whatever listens there" in infos[0]
    assert sink.received() == ["still works"]


def test_close_when_not_open_says_why() -> None:
    sink = RecordingSink()
    session = Session(ConnectOptions(url="ws://127.0.0.1:1/"), sink)
    run(session.close())
    assert sink.errors() == ["Not closed: the connection is CLOSED"]


def test_environment_reference_in_a_header_is_expanded_or_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import json

    sink = RecordingSink()
    headers = (Header("Authorization", "Bearer ${WSGUI_TEST_TOKEN}"),)

    async def scenario() -> None:
        async with ws_server() as base:
            await Session(ConnectOptions(url=f"{base}/headers", headers=headers), sink).run()
            monkeypatch.setenv("WSGUI_TEST_TOKEN", "t0k")
            session, task = await open_session(f"{base}/headers", sink, headers=headers)
            await wait_until_received(sink, 1)
            await session.close()
            await task

    run(scenario())
    assert sink.errors() == [
        "Not connected: Header Authorization: environment variable WSGUI_TEST_TOKEN is not set"
    ]
    seen = dict(json.loads(str(sink.received()[0])))
    assert seen["Authorization"] == "Bearer t0k"
