"""Every framing fault ends the same good way: a specific message in the log, readyState 3
CLOSED, and the message received before the fault still there."""

from __future__ import annotations

import asyncio

import pytest
from websockets.extensions.permessage_deflate import ServerPerMessageDeflateFactory
from websockets.server import ServerProtocol

from tests.core.connection.websocket.test_session import open_session, run
from tests.helpers.raw_servers import raw_server, read_request, text_frame
from tests.helpers.sinks import RecordingSink
from tests.hostile.frames_corpus import FRAME_CASES, FrameCase
from wsgui.core.model.entries import Kind, ReadyState


def fault_server(case: FrameCase):  # type: ignore[no-untyped-def]
    async def behaviour(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = await read_request(reader)
        extensions = [ServerPerMessageDeflateFactory()] if case.compression else None
        protocol = ServerProtocol(extensions=extensions)
        writer.write(protocol.accept(request).serialize())
        writer.write(text_frame("before the fault"))
        await writer.drain()
        await asyncio.sleep(0.05)  # the good message is read on its own
        writer.write(case.data)
        await writer.drain()
        await reader.read(65536)  # the client's close frame; then the server hangs up
        writer.close()

    return behaviour


@pytest.mark.parametrize("case", FRAME_CASES, ids=[c.name for c in FRAME_CASES])
def test_a_framing_fault_is_named_and_nothing_is_lost(case: FrameCase) -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with raw_server(fault_server(case)) as base:
            _session, task = await open_session(
                f"{base}/", sink, compression=case.compression, max_size=case.max_size
            )
            await asyncio.wait_for(task, 10)

    run(scenario())
    assert sink.received()[:1] == ["before the fault"]  # nothing received before is lost
    assert sink.states[-1] is ReadyState.CLOSED
    said = [str(e.payload) for e in sink.entries if e.kind in (Kind.ERROR, Kind.CLOSE)]
    assert any(case.expect in text for text in said), said


def test_unlimited_still_takes_a_message_over_the_default_limit() -> None:
    """Unlimited goes to websockets as 2**63 - 1 (so that a length with its top bit set
    fails): a real 3 MiB message still arrives whole."""
    big = bytes(range(256)) * (3 * 2**20 // 256)

    async def behaviour(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = await read_request(reader)
        writer.write(ServerProtocol().accept(request).serialize())
        writer.write(b"\x82\x7f" + len(big).to_bytes(8, "big") + big + b"\x88\x02\x03\xe8")
        await writer.drain()
        await reader.read(65536)

    sink = RecordingSink()

    async def scenario() -> None:
        async with raw_server(behaviour) as base:
            _session, task = await open_session(f"{base}/", sink, max_size=None)
            await asyncio.wait_for(task, 10)

    run(scenario())
    assert sink.received() == [big]
    assert sink.errors() == [] and sink.close_entry().close_code == 1000
