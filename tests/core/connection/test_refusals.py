"""A refused upgrade says the server's reason on its first line (the log row), and hints at
what in the request may explain it; from real raw servers."""

from __future__ import annotations

from typing import Any

import pytest

from tests.core.connection.websocket.test_session import run
from tests.helpers.raw_servers import answer, raw_server
from tests.helpers.sinks import RecordingSink
from wsgui.core.connection.websocket.session import Session
from wsgui.core.model.options import ConnectOptions, Header

REFUSED = "Server refused the WebSocket upgrade: "


def refused(status: str, answer_headers: list[tuple[str, str]], body: bytes, **options: Any) -> str:
    sink = RecordingSink()
    headers = answer_headers if body else [*answer_headers, ("Content-Length", "0")]

    async def scenario() -> None:  # (without a length the answer would end only at EOF)
        async with raw_server(answer(status, headers, body, accept=None)) as base:
            await Session(ConnectOptions(url=f"{base}/", **options), sink).run()

    run(scenario())
    (error,) = sink.errors()
    return error


@pytest.mark.parametrize(
    ("status", "headers", "body", "first_line"),
    [
        (
            "403 Forbidden",
            [],
            b"token missing or expired\n",
            "HTTP 403 Forbidden — token missing or expired",
        ),
        (
            "401 Unauthorized",
            [("Content-Type", "application/json")],
            b'{"error": {"code": 40101, "message": "signature expired"}}',
            "HTTP 401 Unauthorized — signature expired",
        ),
        (
            "400 Bad Request",
            [("X-Reject-Reason", "room is full")],
            b"",
            "HTTP 400 Bad Request — room is full",
        ),
        (
            "503 Service Unavailable",
            [("Content-Type", "text/html")],
            b"<html><head><title>Down for maintenance</title></head><body>...</body></html>",
            "HTTP 503 Service Unavailable — Down for maintenance",
        ),
        ("404 Not Found", [], b"<html><body><p>no</p></body></html>", "HTTP 404 Not Found"),
        ("500 Internal Server Error", [], bytes(range(200, 256)), "HTTP 500 Internal Server Error"),
        (
            "403 Forbidden",
            [],
            b"x" * 300,
            "HTTP 403 Forbidden — " + "x" * 119 + "…",
        ),
        ("403 Forbidden", [], b"bad \x1b[31m\r\nsecond line", "HTTP 403 Forbidden — bad \\x1b[31m"),
    ],
)
def test_the_server_reason_is_on_the_first_line(
    status: str, headers: list[tuple[str, str]], body: bytes, first_line: str
) -> None:
    error = refused(status, headers, body, origin="http://localhost")
    assert error.split("\n", 1)[0] == REFUSED + first_line


def test_a_403_without_origin_hints_at_it() -> None:
    error = refused("403 Forbidden", [], b"origin not allowed")
    assert error.split("\n")[1] == (
        "Hint: no Origin was sent; a server that checks where a page comes from refuses a "
        "request without one (set Origin, e.g. the page's https://host)"
    )
    with_origin = refused("403 Forbidden", [], b"origin not allowed", origin="http://a.test")
    assert "Hint:" not in with_origin


def test_the_subprotocols_and_versions_the_server_wants_are_named() -> None:
    error = refused("400 Bad Request", [("Sec-WebSocket-Protocol", "graphql-transport-ws")], b"x")
    assert (
        "Hint: the server wants one of these subprotocols: graphql-transport-ws (offered: none)"
        in error.split("\n")
    )
    error = refused("426 Upgrade Required", [("Sec-WebSocket-Version", "8")], b"")
    assert "Hint: the server speaks WebSocket version 8; wsgui speaks 13 (RFC 6455)" in error
    error = refused("400 Bad Request", [], b"subprotocol required")
    assert "Hint: no subprotocol was offered; the server may require one (Subprotocols)" in error


def test_a_401_without_credentials_hints_at_them() -> None:
    assert "Hint: no credentials were sent" in refused("401 Unauthorized", [], b"")
    sent = refused("401 Unauthorized", [], b"", headers=(Header("Cookie", "s=1"),))
    assert "Hint:" not in sent
