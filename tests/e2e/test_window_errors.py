"""Every error a user can reach from the window: the exact message shown, and nothing lost.

Each scenario first exchanges a message ("kept") on a good connection, then meets the
error, and checks that the earlier exchange is still in the log.
"""

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
from wsgui.core.connection.echo_server import pick_port
from wsgui.core.model.entries import Direction, Kind, ReadyState

TOO_BIG = (
    "Message too big: the server sent a message over 16.0 MiB (Settings › Max message size) "
    "once inflated "
    "(permessage-deflate); wsgui closed with 1009 (message too big), waiting up to 10 s "
    "(close timeout) for the server to close"
)


def first_line(text: str) -> str:
    return text.split("\n", 1)[0]


def run_after_earlier_exchange(run_async: Any, driver: WindowDriver, url: str) -> None:
    """Log a good exchange, then connect to ``url`` (a path of the test server, or a URL)."""

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.log_earlier_exchange(base)
            await driver.connect(url.replace("{base}", base))
            await wait_until(lambda: driver.state is ReadyState.CLOSED)
        await driver.shutdown()

    run_async(scenario())
    assert driver.kept_earlier_exchange()


def test_invalid_url_is_explained_next_to_the_field_and_in_the_log(run_async: Any) -> None:
    driver = WindowDriver()
    run_after_earlier_exchange(run_async, driver, "ftp://example.test/")
    message = driver.window.panel.url_message.text()
    assert message == "URL: Unsupported scheme 'ftp://': use ws:// or wss://"
    assert driver.errors() == ["Invalid URL: Unsupported scheme 'ftp://': use ws:// or wss://"]


def test_bare_host_gets_ws_scheme_note_while_typing(qapp: Any) -> None:
    driver = WindowDriver()
    driver.window.panel.url_edit.setText("localhost:1740/x")
    assert driver.window.panel.url_message.text() == (
        "Will connect to ws://localhost:1740/x (ws:// added)"
    )
    driver.window.panel.url_edit.setText("bob:pw@localhost:1740/x")
    assert driver.window.panel.url_message.text() == (
        "Will connect to ws://bob:••••••@localhost:1740/x (ws:// added)"
    )
    driver.window.close()


def test_refused_connection(run_async: Any) -> None:
    driver = WindowDriver()
    port = pick_port(0)
    run_after_earlier_exchange(run_async, driver, f"ws://127.0.0.1:{port}/")
    assert driver.errors() == [
        f"Connection refused by 127.0.0.1:{port}: is a server listening on that port?"
    ]
    assert driver.states[-2:] == [ReadyState.CONNECTING, ReadyState.CLOSED]


def test_dns_failure(run_async: Any) -> None:
    driver = WindowDriver()
    run_after_earlier_exchange(run_async, driver, "ws://no-such-host.invalid/")
    (error,) = driver.errors()
    prefix = "DNS lookup failed for host 'no-such-host.invalid': "
    assert error.startswith(prefix)
    assert len(error) > len(prefix)  # the resolver's reason follows


def test_403_shows_status_headers_and_body_in_the_detail(run_async: Any) -> None:
    driver = WindowDriver()
    run_after_earlier_exchange(run_async, driver, "{base}/reject")
    (error,) = driver.errors()
    assert first_line(error) == "Server refused the WebSocket upgrade: HTTP 403 Forbidden — token"
    row = next(i for i, e in enumerate(driver.entries()) if e.kind is Kind.ERROR)
    view = driver.window.log_view
    assert view.model().index(row, 5).data() == first_line(error)
    view.selectRow(row)
    detail = driver.window.detail.toPlainText()
    assert "X-Reject-Reason: token" in detail
    assert f"Body (21 B):\n{REJECT_BODY}" in detail


def test_open_timeout(run_async: Any) -> None:
    driver = WindowDriver()

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.log_earlier_exchange(base)
            options = replace(driver.window.panel.options(), url=f"{base}/slow", open_timeout=0.3)
            driver.window.controller.connect_to(options)
            await wait_until(lambda: driver.states[-1:] == [ReadyState.CLOSED] and driver.errors())
        await driver.shutdown()

    run_async(scenario())
    assert driver.errors() == [
        "Timed out: no completed handshake from 127.0.0.1 within 0.3 s (open timeout)"
    ]
    assert driver.kept_earlier_exchange()


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
    run_after_earlier_exchange(run_async, driver, "{base}" + path)
    assert driver.received() == ["kept", *kept]
    assert driver.errors() == ([error] if error else [])
    close = driver.of_kind(Kind.CLOSE)[-1]
    assert close.close_code == code
    assert driver.window.panel.state_indicator.badge.text().strip() == "3 CLOSED"


def test_tls_failure_is_specific(run_async: Any) -> None:
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost").configure_cert(context)
    driver = WindowDriver()

    async def scenario() -> None:
        async with ws_server() as plain, ws_server(tls=context) as secure:
            await driver.log_earlier_exchange(plain)
            await driver.connect(f"{secure}/echo")
        await driver.shutdown()

    run_async(scenario())
    assert driver.errors() == [
        "TLS certificate verification failed for localhost: unable to get local issuer "
        "certificate\nTrust the server's CA, or turn TLS verification off for this connection."
    ]
    assert driver.kept_earlier_exchange()


def test_unreadable_file_sends_nothing(run_async: Any, tmp_path: Path) -> None:
    driver = WindowDriver()
    gone = tmp_path / "deleted-after-picking.bin"

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            driver.window.composer.editor.setPlainText("kept")
            driver.window.composer.send_button.click()
            await driver.wait_received(1)
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
    assert [e.payload for e in driver.entries() if e.direction is Direction.SENT] == ["kept"]
    assert driver.kept_earlier_exchange()


def test_close_with_code_validates_then_closes(run_async: Any) -> None:
    driver = WindowDriver()
    assert not driver.window.close_with_code_action.isEnabled()  # nothing to close yet

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            assert driver.window.close_with_code_action.isEnabled()
            dialog = driver.window.open_close_dialog()
            hint = "use 1000-1003, 1007-1014 or 3000-4999"
            for code, reason, message, label in [
                (
                    "1006",
                    "",
                    "Close code 1006 cannot be sent (abnormal closure: it only reports what "
                    f"happened, it is never sent): {hint}",
                    dialog.code_message,
                ),
                ("abc", "", f"Code 'abc' is not a number: {hint}", dialog.code_message),
                ("3000²", "", f"Code '3000²' is not a number: {hint}", dialog.code_message),
                (
                    "4000",
                    "x" * 124,
                    "Close reason is 124 bytes in UTF-8; the limit is 123",
                    dialog.reason_message,
                ),
            ]:
                dialog.code_edit.setText(code)
                dialog.reason_edit.setText(reason)
                dialog.submit()
                assert dialog.message is label and label.text() == message
                assert label.isVisible() and dialog.isVisible()
                assert dialog.height() >= dialog.sizeHint().height()  # never clipped
            dialog.code_edit.setText("1001")  # may be sent, with a word of warning
            assert dialog.code_warning.text().startswith("1001 (going away) tells the server")
            dialog.code_edit.setText("4000")
            assert not dialog.code_warning.isVisible()
            dialog.reason_edit.setText("done testing")
            dialog.submit()
            assert not dialog.isVisible()
            await wait_until(lambda: driver.state is ReadyState.CLOSED)
        await driver.shutdown()

    run_async(scenario())
    (close,) = driver.of_kind(Kind.CLOSE)
    assert close.close_code == 4000
    assert str(close.payload) == (
        "Closed: code 4000 (private use), reason 'done testing', closed by client, clean"
    )


def test_close_with_a_common_code_from_the_dropdown(run_async: Any) -> None:
    driver = WindowDriver()

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            dialog = driver.window.open_close_dialog()
            dialog.code_box.setCurrentIndex(dialog.code_box.findData(1001))
            assert dialog.code_text() == "1001"
            dialog.submit()
            await wait_until(lambda: driver.state is ReadyState.CLOSED)
        await driver.shutdown()

    run_async(scenario())
    (close,) = driver.of_kind(Kind.CLOSE)
    assert close.close_code == 1001
    assert (
        str(close.payload) == "Closed: code 1001 (going away), no reason, closed by client, clean"
    )


def test_send_while_closed_says_why(qapp: Any) -> None:
    driver = WindowDriver()
    composer = driver.window.composer
    composer.editor.setPlainText("nobody listens")
    composer.send()
    assert composer.message.text() == (
        "Not sent: the connection is not open (readyState CLOSED): connect first"
    )
    assert not composer.send_button.isEnabled()
    driver.window.close()


def test_html_in_user_input_is_shown_as_text(qapp: Any) -> None:
    driver = WindowDriver()
    panel = driver.window.panel
    panel.url_edit.setText("<b>bold</b>://x")
    assert panel.url_message.textFormat() == Qt.TextFormat.PlainText
    assert (
        panel.url_message.text() == "URL: Unsupported scheme '<b>bold</b>://': use ws:// or wss://"
    )
    driver.window.close()


def test_a_message_over_the_limit_offers_to_raise_it_and_reconnect(
    run_async: Any, tmp_path: Path
) -> None:
    """A 3 MB file echoed back over a 1 MiB limit: the error names the setting, one click
    sets a limit that takes it and connects again, and the next echo arrives whole."""
    data = bytes(range(256)) * (3 * 10**6 // 256)
    path = tmp_path / "three.bin"
    path.write_bytes(data)
    driver = WindowDriver()
    window = driver.window
    panel = window.panel

    async def scenario() -> None:
        async with ws_server() as base:
            panel.tabs.settings_editor.edits["max_size"].setText("1 MiB")
            await driver.connect(f"{base}/echo")
            window.controller.send_file(path)
            await wait_until(lambda: driver.state is ReadyState.CLOSED, timeout=10)
            await wait_until(lambda: panel.raise_limit_button.isVisible())
            assert panel.raise_limit_button.text() == "Raise limit to 4 MiB and reconnect"
            panel.raise_limit_button.click()
            await wait_until(lambda: driver.state is ReadyState.OPEN, timeout=10)
            assert not panel.raise_limit_button.isVisible()
            window.controller.send_file(path)
            await driver.wait_received(1)
        await driver.shutdown()

    run_async(scenario(), 40)
    (error,) = driver.errors()
    assert error.startswith(
        "Message too big: the server sent a message over 1.0 MiB (Settings › Max message size)"
    )
    assert driver.received() == [data]
    assert panel.tabs.settings_editor.edits["max_size"].text() == "4 MiB"


def test_the_default_limit_takes_an_echoed_3_mb_file(run_async: Any, tmp_path: Path) -> None:
    data = bytes(3 * 10**6)
    path = tmp_path / "three.bin"
    path.write_bytes(data)
    driver = WindowDriver()

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            driver.window.controller.send_file(path)
            await driver.wait_received(1)
        await driver.shutdown()

    run_async(scenario(), 40)
    assert driver.received() == [data] and driver.errors() == []
