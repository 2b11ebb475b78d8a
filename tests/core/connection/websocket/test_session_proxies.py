"""Connections through real local proxies (HTTP CONNECT, SOCKS5) and from the environment."""

from __future__ import annotations

from typing import Any

import pytest

from tests.core.connection.websocket.test_session import open_session, run, wait_until_received
from tests.helpers.proxies import http_connect_proxy, socks5_proxy
from tests.helpers.servers import ws_server
from tests.helpers.sinks import RecordingSink
from wsgui.core.connection.websocket.session import Session
from wsgui.core.model.options import ConnectOptions, ProxyMode

PROXY_VARIABLES = ("ws_proxy", "wss_proxy", "socks_proxy", "https_proxy", "http_proxy", "all_proxy")


@pytest.fixture(autouse=True)
def clean_proxy_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (*PROXY_VARIABLES, "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.mark.parametrize("factory", [http_connect_proxy, socks5_proxy])
@pytest.mark.parametrize("credentials", [False, True])
def test_connection_goes_through_the_proxy(factory: Any, credentials: bool) -> None:
    sink = RecordingSink()
    seen: dict[str, Any] = {}

    async def scenario() -> None:
        auth = {"username": "u", "password": "p w"} if credentials else {}
        async with factory(**auth) as proxy, ws_server() as base:
            session, task = await open_session(
                f"{base}/echo", sink, proxy_mode=ProxyMode.URL, proxy_url=proxy.url
            )
            await session.send("via proxy")
            await wait_until_received(sink, 1)
            await session.close()
            await task
            seen["tunnels"] = list(proxy.tunnels)
            seen["url"] = proxy.url

    run(scenario())
    assert sink.received() == ["via proxy"]
    assert len(seen["tunnels"]) == 1
    (record,) = sink.handshakes
    assert record.request is not None
    assert record.request.header("Host") == seen["tunnels"][0]
    assert record.response is not None and record.upgraded
    assert record.proxy.startswith(seen["url"].split("://")[0] + "://")
    assert "p w" not in record.proxy and "p%20w" not in record.proxy


def test_wrong_proxy_credentials_are_reported() -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with http_connect_proxy(username="u", password="right") as proxy, ws_server() as base:
            wrong = proxy.url.replace("right", "wrong")
            options = ConnectOptions(url=f"{base}/echo", proxy_mode=ProxyMode.URL, proxy_url=wrong)
            await Session(options, sink).run()

    run(scenario())
    (error,) = sink.errors()
    assert error.startswith("Proxy refused the connection: HTTP 407 Proxy Authentication Required")
    assert 'Proxy-Authenticate: Basic realm="test"' in error


def test_environment_proxy_is_used_and_named(monkeypatch: pytest.MonkeyPatch) -> None:
    sink = RecordingSink()
    seen: dict[str, Any] = {}

    async def scenario() -> None:
        async with http_connect_proxy() as proxy, ws_server() as base:
            monkeypatch.setenv("http_proxy", proxy.url)
            monkeypatch.setenv("ws_proxy", proxy.url)
            session, task = await open_session(
                f"{base}/echo", sink, proxy_mode=ProxyMode.ENVIRONMENT
            )
            await session.close()
            await task
            seen["tunnels"] = list(proxy.tunnels)
            seen["url"] = proxy.url

    run(scenario())
    assert len(seen["tunnels"]) == 1
    (record,) = sink.handshakes
    assert record.proxy == f"from the environment: {seen['url']}"


def test_no_proxy_mode_ignores_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    sink = RecordingSink()
    seen: dict[str, Any] = {}

    async def scenario() -> None:
        async with http_connect_proxy() as proxy, ws_server() as base:
            monkeypatch.setenv("ws_proxy", proxy.url)
            session, task = await open_session(f"{base}/echo", sink)
            await session.close()
            await task
            seen["tunnels"] = list(proxy.tunnels)

    run(scenario())
    assert seen["tunnels"] == []
    (record,) = sink.handshakes
    assert record.proxy == "none (direct connection)"
    assert record.timings.dns_ms is not None


def test_an_unreachable_proxy_is_named_not_the_server() -> None:
    from wsgui.core.connection.echo_server import pick_port

    sink = RecordingSink()
    port = pick_port(0)  # nothing listens there

    async def scenario() -> None:
        async with ws_server() as base:
            proxy = f"http://user:Pr0xyPw@127.0.0.1:{port}"
            options = ConnectOptions(url=f"{base}/echo", proxy_mode=ProxyMode.URL, proxy_url=proxy)
            await Session(options, sink).run()

    run(scenario())
    assert sink.errors() == [
        f"Cannot reach the proxy http://user:••••••@127.0.0.1:{port}: Connection refused"
    ]
    (record,) = sink.handshakes
    assert record.proxy == f"http://user:••••••@127.0.0.1:{port}"
