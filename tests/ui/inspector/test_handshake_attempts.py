"""The Handshake tab lists attempts; a reconnect loop running for hours must not grow it forever."""

from __future__ import annotations

from typing import Any

from wsgui.core.model.handshake import HandshakeRecord
from wsgui.core.model.options import ConnectOptions
from wsgui.ui.inspector.handshake_view import MAX_ATTEMPTS, HandshakeView


def test_only_the_newest_attempts_are_kept_and_numbering_goes_on(qtbot: Any) -> None:
    view = HandshakeView(lambda: ConnectOptions(url="ws://127.0.0.1:9/"))
    qtbot.addWidget(view)
    records = [HandshakeRecord(url=f"ws://127.0.0.1:9/{n}") for n in range(MAX_ATTEMPTS + 5)]
    for n, record in enumerate(records):
        view.add_record(record, 1_700_000_000.0 + n)
    assert len(view.records) == view.attempts.count() == MAX_ATTEMPTS
    assert view.attempts.itemText(0).startswith("#6 ")
    assert view.attempts.itemText(MAX_ATTEMPTS - 1).startswith(f"#{MAX_ATTEMPTS + 5} ")
    assert view.current() is records[-1]
    view.show_record(records[10])
    assert view.current() is records[10]
    view.show_record(records[0])  # dropped: the current attempt stays
    assert view.current() is records[10]
