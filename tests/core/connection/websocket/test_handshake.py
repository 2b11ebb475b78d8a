"""The handshake record: request as sent, response as received, Accept checked, timings, TLS."""

from __future__ import annotations

import json
import ssl
from pathlib import Path
from typing import Any

import pytest
import trustme

from tests.core.connection.websocket.test_session import open_session, run
from tests.helpers.raw_servers import UPGRADE_HEADERS, answer, raw_server
from tests.helpers.servers import ws_server
from tests.helpers.sinks import RecordingSink
from wsgui.core.connection.websocket.session import Session
from wsgui.core.model.handshake import GUID, HandshakeRecord, check_accept
from wsgui.core.model.options import ConnectOptions, Header


def test_accept_is_recomputed_as_the_rfc_example() -> None:
    """RFC 6455 §1.3: key dGhlIHNhbXBsZSBub25jZQ== gives s3pPLMBiTxaQ9kYGzzhZRbK+xOo=."""
    check = check_accept("dGhlIHNhbXBsZSBub25jZQ==", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    assert check.concatenated == "dGhlIHNhbXBsZSBub25jZQ==" + GUID
    assert check.sha1_hex == "b37a4f2cc0624f1690f64606cf385945b2bec4ea"
    assert check.expected == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
    assert check.matches


def connect_and_close(url: str, **options: Any) -> RecordingSink:
    sink = RecordingSink()

    async def scenario() -> None:
        session, task = await open_session(url, sink, **options)
        if session.state.name == "OPEN":
            await session.close()
        await task

    run(scenario())
    return sink


def only_record(sink: RecordingSink) -> HandshakeRecord:
    (record,) = sink.handshakes
    return record


def test_request_and_response_are_recorded_in_order() -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with ws_server() as base:
            options = {
                "subprotocols": ("chat.v1",),
                "origin": "http://o.test",
                "headers": (Header("X-Custom", "1"),),
            }
            session, task = await open_session(f"{base}/echo?x=1", sink, **options)
            await session.close()
            await task

    run(scenario())
    record = only_record(sink)
    assert record.request is not None and record.response is not None
    assert record.request.start_line == "GET /echo?x=1 HTTP/1.1"
    names = [name for name, _ in record.request.headers]
    assert names == [
        "Host",
        "Origin",
        "Upgrade",
        "Connection",
        "Sec-WebSocket-Key",
        "Sec-WebSocket-Version",
        "Sec-WebSocket-Extensions",
        "Sec-WebSocket-Protocol",
        "X-Custom",
        "User-Agent",
    ]
    assert record.response.start_line == "HTTP/1.1 101 Switching Protocols"
    assert record.accept is not None and record.accept.matches
    assert record.accept.key == record.request.header("Sec-WebSocket-Key")
    assert [str(e) for e in record.extensions] == [
        "permessage-deflate; server_max_window_bits=12; client_max_window_bits=12"
    ]
    timings = record.timings
    assert timings.dns_ms is not None and timings.tcp_ms is not None
    assert timings.upgrade_ms is not None and timings.tls_ms is None
    assert record.address.startswith("127.0.0.1:")
    assert record.subprotocol is None
    assert record.warnings() == ["Subprotocols were requested (chat.v1) but the server chose none"]
    assert "GET /echo?x=1 HTTP/1.1\r\nHost: 127.0.0.1:" in record.request.raw()


def test_compression_off_sends_and_negotiates_no_extension() -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with ws_server() as base:
            session, task = await open_session(f"{base}/echo", sink, compression=False)
            await session.close()
            await task

    run(scenario())
    record = only_record(sink)
    assert record.request is not None
    assert record.request.header("Sec-WebSocket-Extensions") is None
    assert record.extensions == []


def test_wrong_accept_is_shown_as_a_mismatch() -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with raw_server(answer(headers=UPGRADE_HEADERS, accept="d3Jvbmc=")) as base:
            await Session(ConnectOptions(url=f"{base}/"), sink).run()

    run(scenario())
    (error,) = sink.errors()
    assert error == (
        "Handshake failed: the server's Sec-WebSocket-Accept does not match the key we sent\n"
        "received: d3Jvbmc="
    )
    record = only_record(sink)
    assert record.accept is not None
    assert record.accept.received == "d3Jvbmc=" and not record.accept.matches
    assert record.error == error.split("\n")[0]
    assert "Sec-WebSocket-Accept does not match the key that was sent" in record.warnings()


def test_missing_upgrade_header() -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with raw_server(answer(headers=[("Connection", "Upgrade")])) as base:
            await Session(ConnectOptions(url=f"{base}/"), sink).run()

    run(scenario())
    assert sink.errors() == [
        "Handshake failed: the server did not upgrade to WebSocket (missing Upgrade header)"
    ]
    record = only_record(sink)
    assert record.response is not None and record.response.header("Upgrade") is None


def test_401_with_a_json_body() -> None:
    body = json.dumps({"error": "unauthorized", "hint": "send a token"}).encode()
    sink = RecordingSink()
    headers = [("Content-Type", "application/json"), ("WWW-Authenticate", 'Bearer realm="x"')]

    async def scenario() -> None:
        async with raw_server(answer("401 Unauthorized", headers, body, accept=None)) as base:
            await Session(ConnectOptions(url=f"{base}/"), sink).run()

    run(scenario())
    (error,) = sink.errors()
    assert error.startswith("Server refused the WebSocket upgrade: HTTP 401 Unauthorized")
    assert body.decode() in error
    record = only_record(sink)
    assert record.response is not None
    assert record.response.body == body
    assert record.response.start_line == "HTTP/1.1 401 Unauthorized"
    assert not record.upgraded


def test_302_shows_location() -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with ws_server() as base:
            await Session(ConnectOptions(url=f"{base}/redirect"), sink).run()

    run(scenario())
    record = only_record(sink)
    assert record.response is not None
    assert record.response.start_line == "HTTP/1.1 302 Found"
    assert record.response.header("Location") == "/echo"


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    ca = trustme.CA()
    folder = tmp_path_factory.mktemp("pki")
    ca_file = folder / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    server_cert = ca.issue_cert("localhost", "127.0.0.1")
    client_cert = ca.issue_cert("client@wsgui.test")
    cert_file, key_file = folder / "client.pem", folder / "client.key"
    client_cert.cert_chain_pems[0].write_to_path(str(cert_file))
    client_cert.private_key_pem.write_to_path(str(key_file))

    def server_context(require_client: bool = False) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server_cert.configure_cert(context)
        if require_client:
            ca.configure_trust(context)
            context.verify_mode = ssl.CERT_REQUIRED
        return context

    return {
        "ca": str(ca_file),
        "cert": str(cert_file),
        "key": str(key_file),
        "server": server_context,
    }


def tls_session(pki: dict[str, Any], require_client: bool, **options: Any) -> RecordingSink:
    sink = RecordingSink()

    async def scenario() -> None:
        async with ws_server(tls=pki["server"](require_client)) as base:
            session, task = await open_session(f"{base}/echo", sink, **options)
            if session.state.name == "OPEN":
                await session.send("over tls")
                while not sink.received() and not task.done():
                    import asyncio

                    await asyncio.sleep(0.01)
                await session.close()
            await task

    run(scenario())
    return sink


def test_tls_details_and_certificate(pki: dict[str, Any]) -> None:
    sink = tls_session(pki, False, ca_file=pki["ca"])
    record = only_record(sink)
    tls = record.tls
    assert tls is not None
    assert tls.version == "TLSv1.3" and tls.cipher
    assert tls.verified
    assert "DNS:localhost" in tls.sans and "IP:127.0.0.1" in tls.sans
    assert len(tls.sha256.split(":")) == 32
    assert tls.not_before.endswith("UTC") and tls.not_after.endswith("UTC")
    assert record.timings.tls_ms is not None
    assert record.warnings() == []


def test_verification_off_connects_and_warns(pki: dict[str, Any]) -> None:
    sink = tls_session(pki, False, verify_tls=False)
    assert sink.received() == ["over tls"]
    record = only_record(sink)
    assert record.tls is not None and not record.tls.verified
    assert record.tls.sha256  # the certificate is read even when it was not verified
    assert "TLS certificate verification is off: the server's identity is unchecked" in (
        record.warnings()
    )


def test_mutual_tls(pki: dict[str, Any]) -> None:
    sink = tls_session(pki, True, ca_file=pki["ca"], client_cert=pki["cert"], client_key=pki["key"])
    assert sink.received() == ["over tls"]
    refused = tls_session(pki, True, ca_file=pki["ca"])
    assert refused.errors() == [
        "Handshake failed: the server closed the connection before answering the Upgrade\n"
        "Over TLS, this is how a server refuses a connection without a client certificate "
        "(mutual TLS): set one in the TLS options."
    ]


@pytest.mark.parametrize("override", [True, False])
def test_sni_override_matches_the_certificate_name(
    pki: dict[str, Any], tmp_path: Path, override: bool
) -> None:
    """The certificate names only ws.test: 127.0.0.1 verifies only with that SNI override."""
    ca = trustme.CA()
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("ws.test").configure_cert(context)
    sink = RecordingSink()

    async def scenario() -> None:
        async with ws_server(tls=context) as base:
            url = base.replace("localhost", "127.0.0.1") + "/echo"
            options: dict[str, Any] = {"ca_file": str(ca_file)}
            if override:
                options["server_name"] = "ws.test"
            session, task = await open_session(url, sink, **options)
            if session.state.name == "OPEN":
                await session.close()
            await task

    run(scenario())
    if override:
        assert sink.errors() == []
        assert only_record(sink).tls is not None
    else:
        (error,) = sink.errors()
        assert error.startswith("TLS certificate verification failed for 127.0.0.1:")


def test_bad_files_are_refused_before_connecting(tmp_path: Path) -> None:
    sink = RecordingSink()
    missing = tmp_path / "nope.pem"
    run(Session(ConnectOptions(url="wss://localhost/", ca_file=str(missing)), sink).run())
    assert sink.errors() == [f"Not connected: CA bundle: {missing} does not exist"]
    assert sink.handshakes == []
