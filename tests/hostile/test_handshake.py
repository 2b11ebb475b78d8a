"""Every handshake fault ends CLOSED with a specific message (and the attempt recorded)."""

from __future__ import annotations

import asyncio

import pytest

from tests.core.test_session import run
from tests.helpers.raw_servers import raw_server
from tests.helpers.sinks import RecordingSink
from tests.hostile.handshake_corpus import HANDSHAKE_CASES, HandshakeCase
from wsgui.core.entries import ReadyState
from wsgui.core.options import ConnectOptions
from wsgui.core.session import Session


@pytest.mark.parametrize("case", HANDSHAKE_CASES, ids=[c.name for c in HANDSHAKE_CASES])
def test_a_handshake_fault_is_named(case: HandshakeCase) -> None:
    sink = RecordingSink()

    async def scenario() -> None:
        async with raw_server(case.server) as base:
            options = ConnectOptions(url=f"{base}/", open_timeout=case.open_timeout)
            await asyncio.wait_for(Session(options, sink).run(), 15)

    run(scenario(), timeout=20)
    assert sink.states[-1] is ReadyState.CLOSED
    errors = sink.errors()
    assert len(errors) == 1 and case.expect in errors[0], errors
    assert "Traceback" not in errors[0] and "Unexpected error" not in errors[0]
    assert ("wss:// URL" in errors[0]) is case.wss_hint, errors[0]
    assert sink.handshakes and sink.handshakes[-1].error  # the Handshake tab shows why
