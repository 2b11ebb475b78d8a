"""Socket.IO against a real python-socketio server: events both ways, acks, namespaces, auth,
extra headers, polling only, polling then the upgrade to WebSocket, a server-side disconnect,
and the raw packet view (Engine.IO pings and pongs included)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from tests.core.connection.websocket.test_session import run
from tests.helpers.sinks import RecordingSink
from tests.helpers.socketio_servers import sio_server, socketio2_server
from wsgui.core.connection.socketio.args import emit_arguments
from wsgui.core.connection.socketio.session import SocketIOSession
from wsgui.core.model.entries import Direction, Kind, ReadyState
from wsgui.core.model.options import ConnectOptions, Header, OptionsError, Protocol, SioTransports


def options(url: str, **kwargs: Any) -> ConnectOptions:
    return ConnectOptions(
        **{"open_timeout": 5, **kwargs, "url": url, "protocol": Protocol.SOCKETIO}
    )


async def until(predicate: Any, timeout: float = 5) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.01)


async def opened(session: SocketIOSession) -> asyncio.Task[None]:
    task = asyncio.ensure_future(session.run())
    await until(lambda: session.state is ReadyState.OPEN or task.done())
    return task


def events(sink: RecordingSink) -> list[list[Any]]:
    return [json.loads(str(e.payload)) for e in sink.entries if e.note.startswith("event ")]


def test_events_both_ways_acks_and_raw_packets() -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with sio_server() as base:
            session = SocketIOSession(options(base), sink)
            task = await opened(session)
            assert await session.emit("anotherNews", [1, {"a": "b"}, "three"], expect_ack=False)
            assert await session.emit("ackme", ["x", 2], expect_ack=True)
            await until(lambda: len(events(sink)) >= 2)
            await session.close()
            await asyncio.wait_for(task, 5)

    run(scenario(), timeout=30)
    assert events(sink) == [["news", {"hello": "world"}], ["echo", 1, {"a": "b"}, "three"]]
    ack = next(e for e in sink.entries if e.note.startswith("ack of ackme, RTT "))
    assert json.loads(str(ack.payload)) == ["acked", "x", 2]
    opened_entry = sink.of_kind(Kind.OPEN)[0]
    assert "Engine.IO sid" in str(opened_entry.payload) and "pingInterval" in str(
        opened_entry.payload
    )
    raw = [(f.sent, bytes(f.data).decode()) for f in sink.frames]
    assert raw[0][1].startswith('0{"sid": ')  # the Engine.IO open packet
    assert (True, "40") in raw or any(s and p.startswith("40") for s, p in raw)  # connect
    assert any(not s and p.startswith('42["news"') for s, p in raw)
    assert any(s and p.startswith('42["anotherNews",1,') for s, p in raw)
    assert sink.states[-1] is ReadyState.CLOSED


def test_call_returns_the_ack_arguments_or_none_with_why() -> None:
    """An ack without arguments is [] (not [None]); an event nobody handles gets no ack,
    and the log says within how long none came."""
    sink = RecordingSink()
    answers: list[Any] = []

    async def scenario() -> None:
        async with sio_server() as base:
            session = SocketIOSession(options(base, sio_namespace="/chat"), sink)
            task = await opened(session)
            answers.append(await session.call("where", [], 5))
            answers.append(await session.call("nobody", [1], 0.2))
            await session.close()
            await asyncio.wait_for(task, 5)
            answers.append(await session.call("where", [], 5))
            root = SocketIOSession(options(base), sink)
            task = await opened(root)
            answers.append(await root.call("ackme", [[1, 2]], 5))
            answers.append(await root.call("anotherNews", [], 5))  # acked without arguments
            await root.close()
            await asyncio.wait_for(task, 5)

    run(scenario(), timeout=30)
    assert answers == [["/chat"], None, None, ["acked", [1, 2]], []]
    errors = sink.errors()
    assert errors[:2] == [
        "No ack for 'nobody' within 0.2 s",
        "Not emitted: the connection is not open (CLOSED)",
    ]
    acks = [json.loads(str(e.payload)) for e in sink.entries if e.note.startswith("ack of ")]
    assert acks == [["/chat"], ["acked", [1, 2]], []]


def test_a_close_in_the_turn_the_connection_opened_still_disconnects() -> None:
    """python-socketio marks the client connected only when its connect() returns, a turn
    after the connect handler that opens the session; a close before that must not be lost
    (a scenario closes as soon as it opened when it has no step that waits)."""
    sink = RecordingSink()
    gone: list[str] = []

    async def scenario() -> None:
        async with sio_server(gone=gone) as base:
            opened_now = asyncio.Event()
            session = SocketIOSession(options(base), sink_calling(sink, opened_now))
            task = asyncio.ensure_future(session.run())
            await opened_now.wait()  # resumed before python-socketio's connect() returns
            await session.close()
            await asyncio.wait_for(task, 5)
            await until(lambda: gone, timeout=3)

    run(scenario(), timeout=30)
    assert sink.states[-2:] == [ReadyState.CLOSING, ReadyState.CLOSED]
    assert gone == ["client disconnect"]


def sink_calling(sink: RecordingSink, opened_now: asyncio.Event) -> RecordingSink:
    """``sink``, also setting ``opened_now`` when the state becomes OPEN."""

    class Opening(RecordingSink):
        def on_state(self, state: ReadyState) -> None:
            sink.on_state(state)
            if state is ReadyState.OPEN:
                opened_now.set()

        def on_entry(self, entry: Any) -> None:
            sink.on_entry(entry)

    return Opening()


def test_namespace_auth_refused_and_polling_only() -> None:
    sink = RecordingSink()

    gone: list[str] = []

    async def scenario() -> None:
        async with sio_server(token="s3cret", polling_only=True, gone=gone) as base:
            refused = SocketIOSession(options(base, sio_auth='{"token": "wrong"}'), sink)
            await refused.run()
            assert refused.state is ReadyState.CLOSED
            ok = SocketIOSession(
                options(base, sio_auth='{"token": "s3cret"}', sio_namespace="/chat"), sink
            )
            task = await opened(ok)
            await until(lambda: events(sink))
            await ok.close()
            await asyncio.wait_for(task, 5)
            await until(lambda: gone, timeout=3)  # the server heard the goodbye at once

    run(scenario(), timeout=30)
    assert sink.errors()[0] == "Socket.IO connect_error: bad token"
    assert events(sink) == [["welcome", "to /chat"]]
    opened_text = str(sink.of_kind(Kind.OPEN)[0].payload)
    assert "namespace /chat" in opened_text and "transport polling" in opened_text
    # python-socketio's polling-only server still lists "websocket" in its OPEN packet's
    # upgrades, then refuses the upgrade ("Invalid transport"): the attempt failed.
    assert "upgrades ['websocket']" in opened_text
    assert "transport polling (HTTP long-polling: the WebSocket upgrade failed)" in opened_text


def test_server_disconnect_and_bad_input() -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with sio_server() as base:
            session = SocketIOSession(options(base, sio_transports=SioTransports.WEBSOCKET), sink)
            task = await opened(session)
            await session.emit("bye", [], expect_ack=False)
            await asyncio.wait_for(task, 10)
            bad = SocketIOSession(options(base, sio_auth="{oops"), sink)
            await bad.run()

    run(scenario(), timeout=30)
    closes = [str(e.payload) for e in sink.of_kind(Kind.CLOSE)]
    assert closes and closes[0].startswith("Socket.IO disconnected")
    assert sink.errors()[-1].startswith("Socket.IO auth: not JSON (line 1, column 2)")
    assert any(e.direction is Direction.RECEIVED for e in sink.entries)  # news came first


def test_emit_arguments() -> None:
    """The composer's message is one argument; the extra fields add more."""
    assert emit_arguments("json", "", []) == []
    assert emit_arguments("json", '[1, "two", {"x": 3}]', []) == [[1, "two", {"x": 3}]]
    assert emit_arguments("json", "1", ['{"a": "b"}', ""]) == [1, {"a": "b"}]
    assert emit_arguments("text", "hello [1]", []) == ["hello [1]"]
    assert emit_arguments("text", " ", []) == [" "]  # text is sent as typed
    assert emit_arguments("hex", "00 ff", []) == [b"\x00\xff"]  # a binary attachment
    assert emit_arguments("json", "", ["2"]) == [None, 2]  # the extra keeps its place
    with pytest.raises(OptionsError, match=r"Argument 1: not JSON \(line 1, column 2\)"):
        emit_arguments("json", "[", [])
    with pytest.raises(OptionsError, match=r"Argument 2: not JSON"):
        emit_arguments("json", "1", ["{oops"])
    with pytest.raises(OptionsError, match="File mode sends a file over plain WebSocket"):
        emit_arguments("file", "/tmp/x", [])


def test_reconnects_by_socketio_rules_after_the_transport_dies() -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with sio_server() as base:
            session = SocketIOSession(
                options(
                    base,
                    sio_transports=SioTransports.WEBSOCKET,
                    reconnect=True,
                    reconnect_initial_delay=0.1,
                    reconnect_max_delay=0.2,
                ),
                sink,
            )
            task = await opened(session)
            await session.emit("drop", [], expect_ack=False)
            await until(lambda: len(sink.of_kind(Kind.OPEN)) == 2, timeout=10)
            await session.close()
            await asyncio.wait_for(task, 10)

    run(scenario(), timeout=30)
    assert sink.reconnects[0] == 1 and sink.reconnects[-1] == 0  # shown, then over
    assert events(sink).count(["news", {"hello": "world"}]) == 2  # connected again
    closes = [str(e.payload) for e in sink.of_kind(Kind.CLOSE)]
    assert "reconnecting by Socket.IO's rules" in closes[0]
    assert sink.states[-1] is ReadyState.CLOSED


def test_failures_end_closed_with_a_message_and_never_hang() -> None:
    from tests.helpers.servers import ws_server

    sink = RecordingSink()

    async def scenario() -> None:
        async with sio_server() as base, ws_server() as plain:
            kicked = SocketIOSession(options(base, reconnect=True), sink)
            task = await opened(kicked)
            await kicked.emit("bye", [], expect_ack=False)  # the server says goodbye:
            await asyncio.wait_for(task, 10)  # Socket.IO does not reconnect after that
            for bad in (
                options(base, sio_auth='{"token": "${WSGUI_TEST_UNSET_VARIABLE}"}'),
                options("foo://example.test/"),
                options(f"{plain}/echo", sio_transports=SioTransports.WEBSOCKET, open_timeout=1),
            ):
                session = SocketIOSession(bad, sink)
                await asyncio.wait_for(session.run(), 10)
                assert session.state is ReadyState.CLOSED

    run(scenario(), timeout=40)
    assert sink.reconnects in ([], [0])  # never left showing RECONNECTING
    errors = sink.errors()
    assert "WSGUI_TEST_UNSET_VARIABLE is not set" in errors[0]
    assert errors[1].startswith("URL: Unsupported scheme 'foo://'")
    assert errors[2].startswith(("Timed out: no Socket.IO connection", "Socket.IO connect_error"))
    assert "None" not in errors[2]


def test_the_auth_payload_is_hidden_in_the_frames() -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with sio_server(token="s3cret") as base:
            session = SocketIOSession(options(base, sio_auth='{"token": "s3cret"}'), sink)
            task = await opened(session)
            await session.close()
            await asyncio.wait_for(task, 5)

    run(scenario(), timeout=30)
    sent = [bytes(f.data).decode() for f in sink.frames if f.sent]
    assert "40•••••• (auth, hidden)" in sent
    assert not any("s3cret" in packet for packet in sent)


def raw_packets(sink: RecordingSink) -> list[tuple[bool, str]]:
    return [(f.sent, bytes(f.data).decode()) for f in sink.frames]


async def transport_seen_by_the_server(session: SocketIOSession, sink: RecordingSink) -> str:
    assert await session.emit("transport", [], expect_ack=True)
    ack = next(e for e in reversed(sink.entries) if e.note.startswith("ack of transport"))
    (transport,) = json.loads(str(ack.payload))
    return str(transport)


def test_extra_headers_reach_the_server_on_every_transport() -> None:
    """The Headers table goes with the Engine.IO handshake request, whether it is a polling
    GET or a WebSocket upgrade (a Cookie too, which python-engineio moves to its cookie jar
    for WebSocket), secrets in clear on the wire."""
    sent = (
        Header("X-Wsgui-Test", "yes"),
        Header("Authorization", "Bearer t0k3n"),
        Header("Cookie", "flavour=oat"),
    )
    seen: list[dict[str, str]] = []
    sink = RecordingSink()

    async def scenario() -> list[str]:
        transports = []
        async with sio_server(headers=seen) as base:
            for choice in SioTransports:
                session = SocketIOSession(options(base, headers=sent, sio_transports=choice), sink)
                task = await opened(session)
                transports.append(await transport_seen_by_the_server(session, sink))
                await session.close()
                await asyncio.wait_for(task, 5)
        return transports

    transports = run(scenario(), timeout=40)
    assert transports == ["websocket", "websocket", "polling"]  # as SioTransports lists them
    assert len(seen) == 3
    for request in seen:
        assert request["HTTP_X_WSGUI_TEST"] == "yes"
        assert request["HTTP_AUTHORIZATION"] == "Bearer t0k3n"
        assert request["HTTP_COOKIE"] == "flavour=oat"
    assert "HTTP_UPGRADE" in seen[1] and "HTTP_UPGRADE" not in seen[0]  # ws-only, then polling


def test_polling_then_upgrade_ends_on_websocket_and_says_so() -> None:
    sink = RecordingSink()
    handshakes: list[Any] = []

    async def scenario() -> str:
        async with sio_server() as base:
            session = SocketIOSession(
                options(base, sio_transports=SioTransports.POLLING_THEN_UPGRADE), sink
            )
            task = await opened(session)
            transport = await transport_seen_by_the_server(session, sink)
            handshakes.extend(sink.handshakes)
            await session.close()
            await asyncio.wait_for(task, 5)
        return transport

    assert run(scenario(), timeout=30) == "websocket"  # the server agrees
    opened_text = str(sink.of_kind(Kind.OPEN)[0].payload)
    assert "transport websocket (upgraded from HTTP long-polling)" in opened_text
    (record,) = handshakes
    assert dict(record.engineio)["transport"] == "websocket (upgraded from HTTP long-polling)"
    assert record.request.start_line == "GET /socket.io/?EIO=4&transport=polling HTTP/1.1"
    raw = raw_packets(sink)
    probe = raw.index((True, "2probe"))  # the upgrade, as python-engineio sent and read it
    assert raw[probe : probe + 3] == [(True, "2probe"), (False, "3probe"), (True, "5")]


def test_polling_then_upgrade_stays_on_polling_when_no_upgrade_is_offered() -> None:
    sink = RecordingSink()

    async def scenario() -> str:
        async with sio_server(upgrades=False) as base:
            session = SocketIOSession(
                options(base, sio_transports=SioTransports.POLLING_THEN_UPGRADE), sink
            )
            task = await opened(session)
            transport = await transport_seen_by_the_server(session, sink)
            await session.close()
            await asyncio.wait_for(task, 5)
        return transport

    assert run(scenario(), timeout=30) == "polling"
    opened_text = str(sink.of_kind(Kind.OPEN)[0].payload)
    assert "upgrades none" in opened_text
    assert "(HTTP long-polling: the server offers no WebSocket upgrade)" in opened_text
    assert (True, "2probe") not in raw_packets(sink)


def test_engineio_pings_and_pongs_are_in_the_raw_packets() -> None:
    """Engine.IO 4: the server pings (``2``), the client answers (``3``); with a short
    pingInterval several go by while the connection is open."""
    sink = RecordingSink()

    async def scenario() -> None:
        async with sio_server(ping_interval=0.1) as base:
            session = SocketIOSession(options(base, sio_transports=SioTransports.WEBSOCKET), sink)
            task = await opened(session)
            await until(lambda: raw_packets(sink).count((True, "3")) >= 3)
            await session.close()
            await asyncio.wait_for(task, 5)

    run(scenario(), timeout=30)
    raw = raw_packets(sink)
    pings = [i for i, packet in enumerate(raw) if packet == (False, "2")]
    assert len(pings) >= 3
    for index in pings[:3]:  # each ping is answered before the next packet we send
        assert (True, "3") in raw[index + 1 : index + 3]


def test_a_socketio_2_server_is_named_for_what_it_is() -> None:
    """Socket.IO 2.x (protocol 4, Engine.IO 3), as recorded from Socket.IO 2.5.1: over
    polling the handshake cannot be read, and the error says why; over WebSocket it
    connects, with a warning, and the server drops it after pingInterval + pingTimeout."""
    sink = RecordingSink()

    async def scenario() -> list[ReadyState]:
        async with socketio2_server(ping_ms=200) as base:
            polling = SocketIOSession(options(base), sink)
            await asyncio.wait_for(polling.run(), 10)
            websocket = SocketIOSession(options(base, sio_transports=SioTransports.WEBSOCKET), sink)
            task = await opened(websocket)
            state = websocket.state
            await asyncio.wait_for(task, 10)  # ended by the server, not by us
            return [polling.state, state, websocket.state]

    states = run(scenario(), timeout=30)
    assert states == [ReadyState.CLOSED, ReadyState.OPEN, ReadyState.CLOSED]
    errors = sink.errors()
    assert errors[0] == (
        "Socket.IO connect_error: OPEN packet not returned by server (the answer is not an "
        "Engine.IO 4 handshake; Socket.IO 2.x servers answer with Engine.IO 3, which wsgui's "
        "client does not speak: it talks to Socket.IO 3.x and 4.x servers)"
    )
    assert errors[1].startswith("This server answered CONNECT as Socket.IO 2.x servers do")
    assert errors[1].endswith("dropped after pingInterval + pingTimeout (0.4 s)")
    assert events(sink) == [["news", {"hello": "world"}]]
    assert str(sink.of_kind(Kind.CLOSE)[-1].payload).startswith("Socket.IO disconnected")
