"""Auto-reconnect against real servers: after a drop it reconnects and re-sends the
on-connect snippets, shows RECONNECTING with the attempt, stops on Disconnect, gives up after
the set attempts, and never retries what cannot get better (a 403)."""

from __future__ import annotations

import asyncio
import dataclasses
import re
import socket
from typing import Any

from tests.helpers.servers import ws_server
from tests.helpers.ui import WindowDriver, wait_until
from wsgui.core.connection.reconnect import delays, is_retryable
from wsgui.core.model.entries import ReadyState
from wsgui.core.model.options import ConnectOptions
from wsgui.core.profiles.profile import SavedMessage

FAST = {"reconnect": True, "reconnect_initial_delay": 0.05, "reconnect_max_delay": 0.1}


def infos(driver: WindowDriver) -> list[str]:
    return [str(e.payload) for e in driver.entries() if e.direction.value == "event"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_backoff_and_what_is_worth_retrying() -> None:
    waits = delays(ConnectOptions("ws://x/", reconnect_initial_delay=2, reconnect_max_delay=5))
    first, *rest = [next(waits) for _ in range(5)]
    assert 0 <= first <= 2 and rest == [2, 2 * 1.618, 5, 5]
    assert is_retryable(ConnectionRefusedError()) and is_retryable(TimeoutError())
    assert not is_retryable(ValueError("bad URL"))


def test_reconnects_after_a_drop_and_resends_the_sequence(run_async: Any) -> None:
    driver = WindowDriver()
    window = driver.window
    window.snippets.load((SavedMessage("hello", "hi again", on_connect=True),))
    attempts: list[int] = []
    window.controller.reconnecting.connect(lambda attempt, _delay: attempts.append(attempt))

    async def scenario() -> None:
        async with ws_server() as base:
            window.controller.connect_to(ConnectOptions(f"{base}/drop", **FAST))
            await wait_until(lambda: driver.received().count("before drop") >= 2)
            assert window.controller.busy
            window.panel.toggle()  # Disconnect (or Stop reconnecting): no more attempts
            await wait_until(lambda: not window.controller.busy)
            count = driver.received().count("before drop")
            await asyncio.sleep(0.4)  # several backoff delays: no attempt may follow
            assert driver.received().count("before drop") == count
        await driver.shutdown()

    run_async(scenario())
    assert 1 in attempts and 0 in attempts  # RECONNECTING #1 shown, then cleared
    assert any(text.startswith("Reconnecting in ") for text in infos(driver))
    sent = [e.payload for e in driver.entries() if e.direction.value == "sent"]
    assert sent.count("hi again") >= 2  # the on-connect snippet after each open
    assert window.panel.connect_button.text() == "Connect"


def test_stop_while_waiting_and_give_up_after_the_attempts(run_async: Any) -> None:
    driver = WindowDriver()
    window = driver.window
    url = f"ws://127.0.0.1:{free_port()}/"  # nothing listens: refused, worth retrying

    async def scenario() -> None:
        slow = dataclasses.replace(ConnectOptions(url, **FAST), reconnect_initial_delay=5)
        slow = dataclasses.replace(slow, reconnect_max_delay=5)
        window.controller.connect_to(slow)
        await wait_until(lambda: window.controller.reconnect_pending, timeout=10)
        assert window.panel.connect_button.text() == "Stop reconnecting"
        assert window.panel.state_indicator.badge.text().strip().startswith("RECONNECTING #1")
        window.panel.toggle()
        await wait_until(lambda: not window.controller.busy)
        assert window.panel.state_indicator.badge.text().strip() == "3 CLOSED"
        window.controller.connect_to(ConnectOptions(url, reconnect_attempts=2, **FAST))
        await wait_until(lambda: any("gave up" in t for t in infos(driver)), timeout=10)
        await driver.shutdown()

    run_async(scenario(), 30)
    texts = infos(driver)
    assert "Reconnecting stopped" in texts
    assert texts[-1] == "Reconnect: gave up after 2 attempt(s)"
    assert sum(t.startswith("Connection refused") for t in texts) == 1 + 3  # 1, then 1 + 2


def test_a_refused_upgrade_is_not_retried(run_async: Any) -> None:
    driver = WindowDriver()
    window = driver.window

    async def scenario() -> None:
        async with ws_server() as base:
            window.controller.connect_to(ConnectOptions(f"{base}/reject", **FAST))
            await wait_until(lambda: driver.errors())
            await wait_until(lambda: not window.controller.busy)
        await driver.shutdown()

    run_async(scenario())
    assert len(driver.errors()) == 1 and "403" in driver.errors()[0]
    assert not any(t.startswith("Reconnecting") for t in infos(driver))
    assert infos(driver)[-1] == (
        "Not reconnecting: the server refused the upgrade with HTTP 403, and would again. "
        "Press Connect to try again."
    )
    assert driver.state is ReadyState.CLOSED


def test_a_connection_wsgui_failed_is_not_retried_and_says_why(run_async: Any) -> None:
    """The server breaks the protocol on every connection: one attempt, not an endless loop
    (the received code is 1006, since we closed: the decision looks at what we sent)."""
    from tests.helpers.raw_servers import accept_upgrade, raw_server, text_frame

    connections: list[int] = []

    async def behaviour(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(1)
        await accept_upgrade(reader, writer)
        writer.write(text_frame("hello") + b"\x83\x00")  # a reserved opcode
        await writer.drain()
        await reader.read(65536)  # our close 1002; then hang up

    driver = WindowDriver()
    window = driver.window

    async def scenario() -> None:
        async with raw_server(behaviour) as base:
            window.controller.connect_to(ConnectOptions(f"{base}/", **FAST))
            await wait_until(lambda: any(t.startswith("Not reconnecting") for t in infos(driver)))
            await asyncio.sleep(0.3)  # several backoff delays: no attempt may follow
            assert not window.controller.busy
        await driver.shutdown()

    run_async(scenario())
    assert connections == [1]
    assert infos(driver)[-1] == (
        "Not reconnecting: wsgui failed the connection with 1002 (protocol error): the server "
        "would send the same again. Press Connect to try again."
    )
    assert window.panel.connect_button.text() == "Connect"


def test_the_wait_counts_down_with_the_attempts_left(run_async: Any) -> None:
    driver = WindowDriver()
    window = driver.window
    url = f"ws://127.0.0.1:{free_port()}/"
    details: list[str] = []

    async def scenario() -> None:
        options = dataclasses.replace(
            ConnectOptions(url, **FAST), reconnect_initial_delay=2.5, reconnect_max_delay=2.5
        )
        window.controller.connect_to(options)
        await wait_until(lambda: window.controller.reconnect_pending, timeout=10)
        await wait_until(lambda: "attempt 2" in window.panel.state_indicator.details.text(), 10)
        for _ in range(6):
            details.append(window.panel.state_indicator.details.text())
            await asyncio.sleep(0.4)
        window.panel.toggle()  # Stop reconnecting
        await wait_until(lambda: not window.controller.busy)
        await driver.shutdown()

    run_async(scenario(), 30)
    # The first wait is random (up to 2.5 s), the next ones 2.5 s: follow the second attempt.
    shown = [re.fullmatch(r"attempt (\d+) of 10 (?:in (\d) s|now)", d) for d in details]
    assert all(shown), details
    second = [int(m[2] or 0) for m in shown if m and m[1] == "2"]
    assert second == sorted(second, reverse=True) and len(set(second)) >= 2, details


def test_a_server_that_accepts_then_closes_is_not_retried_forever(run_async: Any) -> None:
    """Each connection opens, then the server closes (4000): the attempts limit still holds,
    since a short-lived connection does not start a new series."""
    driver = WindowDriver()
    window = driver.window

    async def scenario() -> None:
        async with ws_server() as base:
            options = ConnectOptions(f"{base}/close4000", reconnect_attempts=2, **FAST)
            window.controller.connect_to(options)
            await wait_until(lambda: any("gave up" in t for t in infos(driver)), timeout=10)
            await wait_until(lambda: not window.controller.busy)
        await driver.shutdown()

    run_async(scenario(), 30)
    assert driver.received() == ["bye soon"] * 3  # the first connection, then 2 attempts
    assert infos(driver)[-1] == "Reconnect: gave up after 2 attempt(s)"


def test_quitting_during_a_stuck_send_drops_the_connection(run_async: Any, tmp_path: Any) -> None:
    import time

    from tests.helpers.raw_servers import raw_server, stops_reading_after_hello

    big = tmp_path / "big.bin"
    big.write_bytes(bytes(64 * 2**20))
    driver = WindowDriver()
    window = driver.window

    async def scenario() -> float:
        release = asyncio.Event()
        async with raw_server(stops_reading_after_hello(release)) as base:
            await driver.connect(f"{base}/")
            window.controller.send_file(big)
            await wait_until(lambda: window.composer.send_progress.isVisible())
            started = time.monotonic()
            await window.shutdown()  # the close cannot get through: after 2 s, abort
            elapsed = time.monotonic() - started
            release.set()
            return elapsed

    elapsed = run_async(scenario(), 30)
    assert driver.state is ReadyState.CLOSED and elapsed < 5
    texts = infos(driver)
    assert any(t.startswith("Aborted: TCP connection dropped") for t in texts)
    assert not [e for e in driver.entries() if e.direction.value == "sent"]  # never claimed
