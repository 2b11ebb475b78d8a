"""The test proxies (tests/helpers/proxies.py) really carry websockets connections."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Coroutine
from typing import Any, Literal

import pytest
import python_socks
from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed, InvalidProxyStatus, ProxyError

from tests.helpers.proxies import ProxyInfo, http_connect_proxy, socks5_proxy

PROXY_VARIABLES = ("ws", "wss", "socks", "http", "https", "all", "no")


def run[T](coro: Coroutine[Any, Any, T], timeout: float = 10) -> T:
    """Run ``coro`` with a timeout, then check that the proxies left no task running."""

    async def checked() -> T:
        result = await asyncio.wait_for(coro, timeout)
        assert asyncio.all_tasks() == {asyncio.current_task()}
        return result

    return asyncio.run(checked())


@contextlib.asynccontextmanager
async def echo_server() -> AsyncIterator[int]:
    """Yield the port of a websockets echo server on 127.0.0.1."""

    async def echo(ws: ServerConnection) -> None:
        async for message in ws:
            await ws.send(message)

    async with serve(echo, "127.0.0.1", 0) as server:
        yield server.sockets[0].getsockname()[1]


async def round_trip(url: str, proxy: str | Literal[True] | None) -> None:
    async with connect(url, proxy=proxy, open_timeout=5) as ws:
        await ws.send("through the proxy")
        assert await ws.recv() == "through the proxy"
        await ws.send(b"\x00\xff")
        assert await ws.recv() == b"\x00\xff"


@pytest.fixture(autouse=True)
def no_proxy_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    """websockets follows *_proxy variables by default: keep the machine's out of these tests."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(f"{name}_proxy", raising=False)
        monkeypatch.delenv(f"{name.upper()}_PROXY", raising=False)


# --- HTTP CONNECT -------------------------------------------------------------------------------


def test_http_proxy_tunnels_an_echo_round_trip() -> None:
    async def scenario() -> ProxyInfo:
        async with echo_server() as port, http_connect_proxy() as info:
            assert info.url.startswith("http://127.0.0.1:")
            await round_trip(f"ws://127.0.0.1:{port}/", info.url)
            assert info.tunnels == [f"127.0.0.1:{port}"]
            assert info.requests[0].startswith(f"CONNECT 127.0.0.1:{port} HTTP/1.1\r\n".encode())
            assert b"proxy-authorization" not in info.requests[0].lower()
        return info

    assert run(scenario()).refused == 0


def test_http_proxy_with_credentials() -> None:
    async def scenario() -> None:
        async with (
            echo_server() as port,
            http_connect_proxy(username="alice", password="s3cret:!") as info,
        ):
            assert info.url.startswith("http://alice:s3cret%3A%21@127.0.0.1:")
            await round_trip(f"ws://127.0.0.1:{port}/", info.url)
            assert info.tunnels == [f"127.0.0.1:{port}"]
            # base64("alice:s3cret:!")
            assert b"Proxy-Authorization: Basic YWxpY2U6czNjcmV0OiE=\r\n" in info.requests[0]
            assert info.refused == 0

    run(scenario())


def test_http_proxy_wrong_or_missing_credentials_is_407() -> None:
    async def scenario() -> None:
        async with (
            echo_server() as port,
            http_connect_proxy(username="alice", password="secret") as info,
        ):
            url = f"ws://127.0.0.1:{port}/"
            wrong = info.url.replace("secret", "wrong")
            missing = info.url.replace("alice:secret@", "")
            for proxy in (wrong, missing):
                with pytest.raises(InvalidProxyStatus) as caught:
                    await round_trip(url, proxy)
                assert caught.value.response.status_code == 407
                assert caught.value.response.headers["Proxy-Authenticate"] == 'Basic realm="test"'
                assert isinstance(caught.value, ProxyError)  # what a UI can catch for all proxies
            assert info.tunnels == []
            assert info.refused == 2
            assert len(info.requests) == 2

    run(scenario())


def test_http_proxy_refuses_non_loopback_targets_with_403() -> None:
    async def scenario() -> None:
        async with http_connect_proxy() as info:
            # .invalid never resolves, and the proxy refuses before dialling anything.
            with pytest.raises(InvalidProxyStatus) as caught:
                await round_trip("ws://forbidden.invalid:80/", info.url)
            assert caught.value.response.status_code == 403
            assert info.tunnels == []
            assert info.refused == 1

    run(scenario())


def test_http_proxy_answers_405_to_other_methods() -> None:
    async def scenario() -> None:
        async with http_connect_proxy() as info:
            host, port = info.url.removeprefix("http://").split(":")
            reader, writer = await asyncio.open_connection(host, int(port))
            writer.write(b"GET http://127.0.0.1/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            answer = await reader.read()  # the proxy closes after answering
            writer.close()
            await writer.wait_closed()
            assert answer.startswith(b"HTTP/1.1 405 Method Not Allowed\r\n")
            assert info.refused == 1

    run(scenario())


def test_leaving_the_proxy_closes_open_tunnels_and_silent_clients() -> None:
    async def scenario() -> None:
        async with echo_server() as port:
            async with http_connect_proxy() as info, socks5_proxy() as socks:
                ws = await connect(f"ws://127.0.0.1:{port}/", proxy=info.url)
                host, socks_port = socks.url.removeprefix("socks5://").split(":")
                reader, writer = await asyncio.open_connection(host, int(socks_port))
                await asyncio.sleep(0.05)  # the silent client is now waiting in the handshake
            try:
                with pytest.raises(ConnectionClosed):
                    await ws.recv()
                assert await reader.read() == b""  # closed by the proxy, not by a timeout
            finally:
                await ws.close()
                writer.close()
                await writer.wait_closed()

    run(scenario())


def test_websockets_follows_proxy_variables_by_default_even_for_loopback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def scenario(variables: dict[str, str]) -> list[str]:
        async with echo_server() as port, http_connect_proxy() as info:
            for name in ("http_proxy", "ws_proxy", "no_proxy"):
                monkeypatch.delenv(name, raising=False)
            for name, value in variables.items():
                monkeypatch.setenv(name, value.replace("PROXY", info.url))
            await round_trip(f"ws://127.0.0.1:{port}/", proxy=True)
            return info.tunnels

    assert len(run(scenario({"http_proxy": "PROXY"}))) == 1  # 127.0.0.1 is not bypassed
    assert len(run(scenario({"ws_proxy": "PROXY"}))) == 1  # a websockets-specific variable
    assert run(scenario({"http_proxy": "PROXY", "no_proxy": "127.0.0.1"})) == []


# --- SOCKS5 -------------------------------------------------------------------------------------


def test_socks5_proxy_tunnels_an_echo_round_trip() -> None:
    async def scenario() -> None:
        async with echo_server() as port, socks5_proxy() as info:
            assert info.url.startswith("socks5://127.0.0.1:")
            await round_trip(f"ws://127.0.0.1:{port}/", info.url)
            assert info.tunnels == [f"127.0.0.1:{port}"]
            # VER CMD=CONNECT RSV ATYP=IPv4 127.0.0.1 port
            ipv4 = socket.inet_aton("127.0.0.1") + port.to_bytes(2, "big")
            assert info.requests == [b"\x05\x01\x00\x01" + ipv4]
            assert info.refused == 0

    run(scenario())


def test_socks5_proxy_with_credentials() -> None:
    async def scenario() -> None:
        async with echo_server() as port, socks5_proxy(username="bob", password="pw") as info:
            assert info.url.startswith("socks5://bob:pw@127.0.0.1:")
            await round_trip(f"ws://127.0.0.1:{port}/", info.url)
            assert info.tunnels == [f"127.0.0.1:{port}"]
            # Wrong password: python-socks' ProxyError, wrapped by websockets in its ProxyError.
            with pytest.raises(ProxyError) as caught:
                await round_trip(f"ws://127.0.0.1:{port}/", info.url.replace(":pw@", ":no@"))
            assert isinstance(caught.value.__cause__, python_socks.ProxyError)
            # No credentials at all: the proxy offers no acceptable method.
            with pytest.raises(ProxyError):
                await round_trip(f"ws://127.0.0.1:{port}/", info.url.replace("bob:pw@", ""))
            assert info.refused == 2
            assert len(info.tunnels) == 1

    run(scenario())


def test_socks5h_sends_the_domain_name_to_the_proxy() -> None:
    async def scenario() -> None:
        async with echo_server() as port, socks5_proxy() as info:
            proxy = info.url.replace("socks5://", "socks5h://")
            await round_trip(f"ws://localhost:{port}/", proxy)  # dialled as 127.0.0.1
            assert info.tunnels == [f"localhost:{port}"]
            domain = b"\x09localhost" + port.to_bytes(2, "big")
            assert info.requests == [b"\x05\x01\x00\x03" + domain]

    run(scenario())


def test_socks5_proxy_refuses_non_loopback_targets() -> None:
    async def scenario() -> None:
        async with socks5_proxy() as info:
            proxy = info.url.replace("socks5://", "socks5h://")  # no local name resolution
            with pytest.raises(ProxyError) as caught:
                await round_trip("ws://forbidden.invalid:80/", proxy)
            cause = caught.value.__cause__
            assert isinstance(cause, python_socks.ProxyError)
            assert cause.error_code == 0x02  # connection not allowed by ruleset
            assert info.tunnels == []
            assert info.refused == 1

    run(scenario())


def test_socks5_proxy_refuses_other_commands_and_address_types() -> None:
    async def exchange(url: str, request: bytes) -> bytes:
        host, port = url.removeprefix("socks5://").split(":")
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            writer.write(b"\x05\x01\x00" + request)
            assert await reader.readexactly(2) == b"\x05\x00"
            return await reader.read()  # the proxy closes after its reply
        finally:
            writer.close()
            await writer.wait_closed()

    async def scenario() -> None:
        async with socks5_proxy() as info:
            bind = b"\x05\x02\x00\x01\x7f\x00\x00\x01\x00\x50"  # BIND 127.0.0.1:80
            assert (await exchange(info.url, bind))[:2] == b"\x05\x07"
            assert (await exchange(info.url, b"\x05\x01\x00\x09"))[:2] == b"\x05\x08"
            assert info.refused == 2
            assert info.tunnels == []

    run(scenario())
