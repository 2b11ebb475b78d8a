"""Session against real servers on 127.0.0.1: every outcome a user can reach."""

from __future__ import annotations

import asyncio
import json
import ssl
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import pytest
import trustme

from tests.helpers.raw_servers import accept_upgrade, raw_server
from tests.helpers.servers import REJECT_BODY, ws_server
from tests.helpers.sinks import RecordingSink
from wsgui.core.connection.echo_server import ECHO_SUBPROTOCOL, LocalEcho, pick_port
from wsgui.core.connection.websocket.session import Session
from wsgui.core.model.close import CloseArgsError, validate_close
from wsgui.core.model.entries import Direction, Kind, ReadyState
from wsgui.core.model.options import ConnectOptions, Header

OPEN_STATES = [ReadyState.CONNECTING, ReadyState.OPEN]


def run[T](coro: Coroutine[Any, Any, T], timeout: float = 15) -> T:
    return asyncio.run(asyncio.wait_for(coro, timeout))


async def wait_for_state(session: Session, state: ReadyState) -> None:
    while session.state is not state:
        await asyncio.sleep(0.005)


async def wait_until_received(sink: RecordingSink, count: int) -> None:
    while len(sink.received()) < count:
        await asyncio.sleep(0.005)


async def open_session(url: str, sink: RecordingSink, **kwargs: Any) -> tuple[Session, Any]:
    session = Session(ConnectOptions(url=url, **kwargs), sink)
    task = asyncio.create_task(session.run())
    while session.state is not ReadyState.OPEN and not task.done():
        await asyncio.sleep(0.005)
    return session, task


def test_echo_text_binary_and_normal_close() -> None:
    """Text and bytes come back unchanged; Disconnect goes 2 -> 3 and logs a clean 1000."""
    sink = RecordingSink()

    async def scenario() -> None:
        async with ws_server() as base:
            session, task = await open_session(f"{base}/echo", sink)
            assert await session.send('{"a": 1}\n')
            assert await session.send(bytes(range(256)))
            await wait_until_received(sink, 2)
            await session.close()
            await task

    run(scenario())
    assert sink.states == [*OPEN_STATES, ReadyState.CLOSING, ReadyState.CLOSED]
    assert sink.received() == ['{"a": 1}\n', bytes(range(256))]
    sent = [e for e in sink.entries if e.direction is Direction.SENT]
    assert [e.size for e in sent] == [9, 256]
    close = sink.close_entry()
    assert close.close_code == 1000
    assert "closed by client, clean" in str(close.payload)
    assert sink.errors() == []


def test_headers_origin_and_user_agent_reach_the_server_disabled_rows_do_not() -> None:
    sink = RecordingSink()
    headers = (
        Header("X-Token", "abc"),
        Header("X-Off", "1", enabled=False),
        Header("User-Agent", "wsgui-test/1"),
    )

    async def scenario() -> None:
        async with ws_server() as base:
            session, task = await open_session(
                f"{base}/headers", sink, origin="http://example.test", headers=headers
            )
            await wait_until_received(sink, 1)
            await session.close()
            await task

    run(scenario())
    seen = dict(json.loads(str(sink.received()[0])))
    assert seen["Origin"] == "http://example.test"
    assert seen["X-Token"] == "abc"
    assert seen["User-Agent"] == "wsgui-test/1"
    assert "X-Off" not in seen


def test_builtin_echo_server_starts_on_first_connect_with_echo_protocol() -> None:
    """The open entry names the negotiated subprotocol and the limits in force."""
    sink = RecordingSink()
    port = pick_port(0)
    echo = LocalEcho(port)

    async def scenario() -> None:
        options = ConnectOptions(url=f"127.0.0.1:{port}/", subprotocols=(ECHO_SUBPROTOCOL,))
        session = Session(options, sink, local_server=echo)
        task = asyncio.create_task(session.run())
        await wait_for_state(session, ReadyState.OPEN)
        await session.send("héllo")
        await wait_until_received(sink, 1)
        await session.close()
        await task
        await echo.server.stop()

    run(scenario())
    assert sink.opened[0].subprotocol == ECHO_SUBPROTOCOL
    infos = [str(e.payload) for e in sink.of_kind(Kind.INFO)]
    assert any("ws:// added" in text for text in infos)
    assert any("Built-in echo server started" in text for text in infos)
    opened = str(sink.of_kind(Kind.OPEN)[0].payload)
    assert "subprotocol echo-protocol" in opened
    assert "Settings: compression on, max message 16,777,216 bytes, ping every 20 s" in opened
    assert sink.received() == ["héllo"]
    assert sink.entries[-1].kind is Kind.CLOSE


def test_server_close_4000_is_reported_with_code_and_reason() -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with ws_server() as base:
            _, task = await open_session(f"{base}/close4000", sink)
            await task

    run(scenario())
    assert sink.received() == ["bye soon"]
    close = sink.close_entry()
    assert close.close_code == 4000
    assert str(close.payload) == (
        "Closed: code 4000 (private use), reason 'custom close', closed by server, clean"
    )
    assert sink.states[-1] is ReadyState.CLOSED


def test_403_handshake_shows_status_headers_and_body() -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with ws_server() as base:
            await Session(ConnectOptions(url=f"{base}/reject"), sink).run()

    run(scenario())
    (error,) = sink.errors()
    assert error.startswith("Server refused the WebSocket upgrade: HTTP 403 Forbidden")
    assert "X-Reject-Reason: token" in error
    assert REJECT_BODY.strip() in error
    assert sink.states == [ReadyState.CONNECTING, ReadyState.CLOSED]


def test_tcp_drop_mid_stream_is_1006_and_keeps_what_arrived() -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with ws_server() as base:
            _, task = await open_session(f"{base}/drop", sink)
            await task

    run(scenario())
    assert sink.received() == ["before drop"]
    close = sink.close_entry()
    assert close.close_code == 1006
    assert "dropped without a close frame" in str(close.payload)


def test_oversize_message_is_1009_and_keeps_what_arrived() -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with ws_server() as base:
            _, task = await open_session(f"{base}/big", sink)
            await task

    run(scenario())
    assert sink.received() == ["small first"]
    (error,) = sink.errors()
    assert error.startswith("Message too big: the server sent a message over 16.0 MiB")
    assert "1009" in str(sink.close_entry().payload)


def test_slow_handshake_times_out() -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with ws_server() as base:
            await Session(ConnectOptions(url=f"{base}/slow", open_timeout=0.3), sink).run()

    run(scenario())
    (error,) = sink.errors()
    assert error.startswith("Timed out: no completed handshake from 127.0.0.1 within 0.3 s")
    assert sink.states[-1] is ReadyState.CLOSED


def test_connection_refused() -> None:
    sink = RecordingSink()
    port = pick_port(0)  # free, so nothing listens there
    run(Session(ConnectOptions(url=f"ws://127.0.0.1:{port}/"), sink).run())
    assert sink.errors() == [
        f"Connection refused by 127.0.0.1:{port}: is a server listening on that port?"
    ]


def test_dns_failure() -> None:
    sink = RecordingSink()
    run(Session(ConnectOptions(url="ws://no-such-host.invalid/"), sink).run())
    (error,) = sink.errors()
    assert error.startswith("DNS lookup failed for host 'no-such-host.invalid'")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "Invalid URL: URL is empty"),
        ("ftp://example.test/", "Invalid URL: Unsupported scheme 'ftp://'"),
        ("ws://host:99999/", "Invalid URL: Invalid port '99999' in URL: use a number from 1"),
    ],
)
def test_invalid_url(url: str, message: str) -> None:
    sink = RecordingSink()
    run(Session(ConnectOptions(url=url), sink).run())
    (error,) = sink.errors()
    assert error.startswith(message)
    assert sink.states == [ReadyState.CONNECTING, ReadyState.CLOSED]


@pytest.fixture(scope="module")
def tls_setup(tmp_path_factory: pytest.TempPathFactory) -> tuple[ssl.SSLContext, Path]:
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost").configure_cert(server_context)
    ca_file = tmp_path_factory.mktemp("tls") / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    return server_context, ca_file


def test_tls_failure_untrusted_certificate(tls_setup: tuple[ssl.SSLContext, Path]) -> None:
    sink = RecordingSink()
    server_context, _ = tls_setup

    async def scenario() -> None:
        async with ws_server(tls=server_context) as base:
            await Session(ConnectOptions(url=f"{base}/echo"), sink).run()

    run(scenario())
    (error,) = sink.errors()
    assert error.startswith("TLS certificate verification failed for localhost:")
    assert "turn TLS verification off" in error


@pytest.mark.parametrize("trust", ["ca_file", "no_verify"])
def test_tls_succeeds_with_ca_or_verification_off(
    tls_setup: tuple[ssl.SSLContext, Path], trust: str
) -> None:
    sink = RecordingSink()
    server_context, ca_file = tls_setup
    extra: dict[str, Any] = (
        {"ca_file": str(ca_file)} if trust == "ca_file" else {"verify_tls": False}
    )

    async def scenario() -> None:
        async with ws_server(tls=server_context) as base:
            session, task = await open_session(f"{base}/echo", sink, **extra)
            await session.send("over tls")
            await wait_until_received(sink, 1)
            await session.close()
            await task

    run(scenario())
    assert sink.received() == ["over tls"]


def test_send_when_closed_and_unreadable_file(tmp_path: Path) -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with ws_server() as base:
            session, task = await open_session(f"{base}/echo", sink)
            assert await session.send("kept")
            await wait_until_received(sink, 1)
            assert not await session.send_file(tmp_path / "missing.bin")
            await session.close()
            await task
            assert not await session.send("late")

    run(scenario())
    errors = sink.errors()
    assert errors[0].startswith("Not sent: cannot read file")
    assert "No such file or directory" in errors[0]
    assert errors[1] == "Not sent: the connection is not open (readyState 3 CLOSED)"
    assert sink.received() == ["kept"]
    assert [e.payload for e in sink.entries if e.direction is Direction.SENT] == ["kept"]


def test_send_file_goes_as_one_binary_message(tmp_path: Path) -> None:
    sink = RecordingSink()
    path = tmp_path / "blob.bin"
    path.write_bytes(bytes(range(256)) * 8)

    async def scenario() -> None:
        async with ws_server() as base:
            session, task = await open_session(f"{base}/echo", sink)
            assert await session.send_file(path)
            await wait_until_received(sink, 1)
            await session.close()
            await task

    run(scenario())
    assert sink.received() == [bytes(range(256)) * 8]
    sent = next(e for e in sink.entries if e.direction is Direction.SENT)
    assert sent.note == "file blob.bin (2.0 KiB)"


@pytest.mark.parametrize(
    ("code", "reason", "message"),
    [
        (
            1005,
            "",
            "Close code 1005 cannot be sent (no status received: it only reports what happened, "
            "it is never sent): use 1000-1003, 1007-1014 or 3000-4999",
        ),
        (1004, "", "Close code 1004 cannot be sent (reserved): use 1000-1003"),
        (5000, "", "Close code 5000 cannot be sent: use 1000-1003, 1007-1014 or 3000-4999"),
        (4000, "é" * 62, "Close reason is 124 bytes in UTF-8; the limit is 123"),
    ],
)
def test_close_arguments_are_validated(code: int, reason: str, message: str) -> None:
    session = Session(ConnectOptions(url="ws://127.0.0.1:1/"), RecordingSink())
    with pytest.raises(CloseArgsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run(session.close(code, reason))


@pytest.mark.parametrize("code", [1000, 1001, 1002, 1003, 1007, 1011, 1014, 3000, 4999])
def test_every_code_a_client_may_send_is_accepted(code: int) -> None:
    validate_close(code, "")


def test_a_server_that_answers_another_code_is_reported_with_both() -> None:
    """We close with 4001 'bye', the server answers 1000: the log says both."""

    async def behaviour(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await accept_upgrade(reader, writer)
        await reader.read(65536)  # our close frame
        writer.write(b"\x88\x02\x03\xe8")
        await writer.drain()
        writer.close()

    sink = RecordingSink()

    async def scenario() -> None:
        async with raw_server(behaviour) as base:
            session, task = await open_session(f"{base}/", sink)
            await session.close(4001, "bye")
            await task

    run(scenario())
    close = sink.close_entry()
    assert close.close_code == 1000
    assert str(close.payload) == (
        "Closed: code 1000 (normal closure), no reason, closed by client (sent 4001 'bye'; the "
        "server answered 1000), clean"
    )


def test_close_with_custom_code_is_echoed_by_server() -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with ws_server() as base:
            session, task = await open_session(f"{base}/echo", sink)
            await session.close(4321, "done here")
            await task

    run(scenario())
    close = sink.close_entry()
    assert close.close_code == 4321
    assert "reason 'done here', closed by client, clean" in str(close.payload)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"headers": (Header("X Bad", "v"),)},
            "Not connected: Header name 'X Bad': ' ' is not allowed in a header name",
        ),
        (
            {"headers": (Header("X-Inject", "a\r\nEvil: 1"),)},
            "Not connected: Header X-Inject: character U+000D at position 2 of the value is not "
            "allowed in HTTP (tabs, ASCII and Latin-1 only)",
        ),
        (
            {"subprotocols": ("chat/v1",)},
            "Not connected: Subprotocol 'chat/v1': '/' is not allowed",
        ),
    ],
)
def test_bad_headers_and_subprotocols_are_named(options: dict[str, Any], message: str) -> None:
    sink = RecordingSink()
    run(Session(ConnectOptions(url="ws://127.0.0.1:1/", **options), sink).run())
    (error,) = sink.errors()
    assert error.startswith(message)


def test_disabled_bad_header_is_not_checked_nor_sent() -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with ws_server() as base:
            headers = (Header("X Bad", "v", enabled=False), Header("X-Good", "é ok"))
            session, task = await open_session(f"{base}/echo", sink, headers=headers)
            await session.close()
            await task

    run(scenario())
    assert sink.errors() == []
    assert sink.close_entry().close_code == 1000
