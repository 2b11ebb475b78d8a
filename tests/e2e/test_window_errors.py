"""Every error a user can reach from the window: the message shown, and nothing lost."""

from __future__ import annotations

import ssl
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import trustme
from PySide6.QtCore import Qt

from tests.helpers.servers import REJECT_BODY, ws_server
from tests.helpers.ui import WindowDriver, wait_until
from wsgui.core.echo_server import pick_port
from wsgui.core.entries import Direction, Kind, ReadyState

TOO_BIG = (
    "Message too big: the server sent a message over 1.0 MiB (max_size); "
    "the connection was closed with 1009"
)


def first_line(text: str) -> str:
    return text.split("\n", 1)[0]


def test_invalid_url_is_explained_next_to_the_field_and_in_the_log(run_async: Any) -> None:
    driver = WindowDriver()

    async def scenario() -> None:
        await driver.connect("ftp://example.test/")
        await driver.shutdown()

    run_async(scenario())
    message = driver.window.panel.url_message.text()
    assert message == "URL: Unsupported scheme 'ftp://': use ws:// or wss://"
    assert driver.errors() == ["Invalid URL: Unsupported scheme 'ftp://': use ws:// or wss://"]
    assert driver.state is ReadyState.CLOSED


def test_bare_host_gets_ws_scheme_note_while_typing(qapp: Any) -> None:
    driver = WindowDriver()
    driver.window.panel.url_edit.setText("localhost:1740/x")
    assert driver.window.panel.url_message.text() == (
        "Will connect to ws://localhost:1740/x (ws:// added)"
    )
    driver.window.close()


def test_refused_connection_keeps_the_earlier_log(run_async: Any) -> None:
    """A failed second connection adds an error and loses nothing of the first one."""
    driver = WindowDriver()
    port = pick_port(0)

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            driver.window.composer.editor.setPlainText("kept")
            driver.window.composer.send_button.click()
            await driver.wait_received(1)
            await driver.disconnect()
        await driver.connect(f"ws://127.0.0.1:{port}/")
        await driver.shutdown()

    run_async(scenario())
    assert driver.received() == ["kept"]
    assert driver.errors() == [
        f"Connection refused by 127.0.0.1:{port}: is a server listening on that port?"
    ]
    assert driver.states[-2:] == [ReadyState.CONNECTING, ReadyState.CLOSED]


def test_403_shows_status_headers_and_body_in_the_detail(run_async: Any) -> None:
    driver = WindowDriver()

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/reject")
        await driver.shutdown()

    run_async(scenario())
    (error,) = driver.errors()
    assert first_line(error) == "Server refused the WebSocket upgrade: HTTP 403 Forbidden"
    row = next(i for i, e in enumerate(driver.entries()) if e.kind is Kind.ERROR)
    view = driver.window.log_view
    assert view.model().index(row, 4).data() == first_line(error)
    view.selectRow(row)
    detail = driver.window.detail.toPlainText()
    assert "X-Reject-Reason: token" in detail
    assert REJECT_BODY.strip() in detail


@pytest.mark.parametrize(
    ("path", "kept", "error", "code"),
    [
        ("/drop", ["before drop"], None, 1006),
        ("/big", ["small first"], TOO_BIG, 1006),
        ("/close4000", ["bye soon"], None, 4000),
    ],
)
def test_server_side_endings_keep_what_arrived(
    run_async: Any, path: str, kept: list[str], error: str | None, code: int
) -> None:
    driver = WindowDriver()

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}{path}")
            await wait_until(lambda: driver.state is ReadyState.CLOSED)
        await driver.shutdown()

    run_async(scenario())
    assert driver.received() == kept
    assert [first_line(e) for e in driver.errors()] == ([error] if error else [])
    close = driver.of_kind(Kind.CLOSE)[0]
    assert close.close_code == code
    assert driver.window.panel.state_indicator.badge.text().strip() == "3 CLOSED"


def test_tls_failure_is_specific(run_async: Any) -> None:
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost").configure_cert(context)
    driver = WindowDriver()

    async def scenario() -> None:
        async with ws_server(tls=context) as base:
            await driver.connect(f"{base}/echo")
        await driver.shutdown()

    run_async(scenario())
    (error,) = driver.errors()
    assert first_line(error).startswith("TLS certificate verification failed for localhost:")


def test_dns_failure_is_specific(run_async: Any) -> None:
    driver = WindowDriver()

    async def scenario() -> None:
        await driver.connect("ws://no-such-host.invalid/")
        await driver.shutdown()

    run_async(scenario())
    (error,) = driver.errors()
    assert error.startswith("DNS lookup failed for host 'no-such-host.invalid'")


def test_unreadable_file_sends_nothing(run_async: Any, tmp_path: Path) -> None:
    driver = WindowDriver()
    gone = tmp_path / "deleted-after-picking.bin"

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            driver.window.composer.send_file_requested.emit(str(gone))
            await wait_until(lambda: driver.errors())
            driver.window.composer.send_file_requested.emit(str(tmp_path))  # a directory
            await wait_until(lambda: len(driver.errors()) == 2)
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())
    missing, directory = driver.errors()
    assert missing == f"Not sent: cannot read file '{gone}': No such file or directory"
    assert directory == f"Not sent: cannot read file '{tmp_path}': Is a directory"
    assert not [e for e in driver.entries() if e.direction is Direction.SENT]


def test_close_with_code_validates_then_closes(run_async: Any) -> None:
    driver = WindowDriver()

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            dialog = driver.window.open_close_dialog()
            dialog.code_edit.setText("1001")
            dialog.submit()
            assert dialog.message.text() == (
                "Close code 1001 cannot be sent: use 1000 (normal closure) or 3000-4999"
            )
            dialog.code_edit.setText("abc")
            dialog.submit()
            assert dialog.message.text() == "Code 'abc' is not a number: use 1000 or 3000-4999"
            dialog.code_edit.setText("4000")
            dialog.reason_edit.setText("x" * 124)
            dialog.submit()
            assert "124 bytes" in dialog.message.text()
            dialog.reason_edit.setText("done testing")
            dialog.submit()
            assert not dialog.isVisible()
            await wait_until(lambda: driver.state is ReadyState.CLOSED)
        await driver.shutdown()

    run_async(scenario())
    (close,) = driver.of_kind(Kind.CLOSE)
    assert close.close_code == 4000
    assert "reason 'done testing', closed by client, clean" in str(close.payload)


def test_send_while_closed_says_why(qapp: Any) -> None:
    driver = WindowDriver()
    composer = driver.window.composer
    composer.editor.setPlainText("nobody listens")
    composer.send()
    assert composer.message.text() == "Not sent: connect first (the connection is not open)"
    assert not composer.send_button.isEnabled()
    driver.window.close()


def test_open_timeout_is_specific(run_async: Any) -> None:
    driver = WindowDriver()

    async def scenario() -> None:
        async with ws_server() as base:
            options = replace(driver.window.panel.options(), url=f"{base}/slow", open_timeout=0.3)
            driver.window.controller.connect_to(options)
            await wait_until(lambda: driver.states[-1:] == [ReadyState.CLOSED])
        await driver.shutdown()

    run_async(scenario())
    (error,) = driver.errors()
    assert error == "Timed out: no completed handshake from 127.0.0.1 within 0.3 s (open timeout)"


def test_disconnect_while_connecting_cancels_the_attempt(run_async: Any) -> None:
    driver = WindowDriver()

    async def scenario() -> None:
        async with ws_server() as base:
            driver.window.panel.url_edit.setText(f"{base}/slow")
            driver.window.panel.connect_button.click()
            await wait_until(lambda: driver.state is ReadyState.CONNECTING)
            assert driver.window.panel.connect_button.text() == "Disconnect"
            driver.window.panel.connect_button.click()
            await wait_until(lambda: driver.state is ReadyState.CLOSED)
        await driver.shutdown()

    run_async(scenario())
    assert [str(e.payload) for e in driver.of_kind(Kind.INFO)] == ["Connection attempt cancelled"]
    assert driver.errors() == []


def test_html_in_user_input_is_shown_as_text(qapp: Any) -> None:
    driver = WindowDriver()
    panel = driver.window.panel
    panel.url_edit.setText("<b>bold</b>://x")
    assert panel.url_message.textFormat() == Qt.TextFormat.PlainText
    assert "<b>bold</b>" in panel.url_message.text()
    driver.window.close()
