"""The log model: a correct Qt model, fed in batches whatever the message rate."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from wsgui.core.model.entries import Direction, Kind, event_entry, message_entry
from wsgui.ui.log.model import DATA, DIRECTION, ENTRY_ROLE, KIND, SIZE, LogModel


def filled_model() -> LogModel:
    model = LogModel()
    model.append(event_entry(Kind.OPEN, "Open: ws://x/, subprotocol none\nsecond line"))
    model.append(message_entry(Direction.SENT, "hello\nworld"))
    model.append(message_entry(Direction.RECEIVED, bytes(range(5))))
    model.append(message_entry(Direction.RECEIVED, "<b>not html</b>", note=""))
    model.flush()
    return model


def test_model_passes_qtmodeltester(qapp: Any, qtmodeltester: Any) -> None:
    qtmodeltester.check(filled_model(), force_py=True)


def test_cells_show_direction_kind_size_and_escaped_preview(qapp: Any) -> None:
    model = filled_model()

    def cell(row: int, column: int) -> Any:
        return model.data(model.index(row, column))

    assert cell(0, DATA) == "Open: ws://x/, subprotocol none"
    assert cell(0, SIZE) == ""
    assert (cell(1, DIRECTION), cell(1, KIND), cell(1, SIZE)) == ("↑ sent", "text", "11")
    assert cell(1, DATA) == "hello\\nworld"
    assert (cell(2, DIRECTION), cell(2, KIND), cell(2, DATA)) == (
        "↓ received",
        "binary",
        "00 01 02 03 04",
    )
    assert cell(3, DATA) == "<b>not html</b>"
    assert model.data(model.index(2, 0), ENTRY_ROLE).payload == bytes(range(5))
    assert model.headerData(DATA, Qt.Orientation.Horizontal) == "Data"


def test_100k_entries_arrive_in_few_insert_notifications(qtbot: Any) -> None:
    model = LogModel(flush_interval_ms=10)
    inserts: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserts.append((first, last)))
    entry = message_entry(Direction.RECEIVED, "x" * 100)
    for chunk in range(10):
        for _ in range(10_000):
            model.append(entry)
        if chunk % 3 == 0:
            qtbot.wait(20)  # let the coalescing timer fire now and then, as in real traffic
    qtbot.waitUntil(lambda: model.rowCount() == 100_000, timeout=5000)
    assert 1 <= len(inserts) <= 10
    assert inserts[0][0] == 0 and inserts[-1][1] == 99_999
    assert model.store.messages[Direction.RECEIVED] == 100_000
    assert model.store.bytes[Direction.RECEIVED] == 10_000_000


def test_clear_empties_the_model_and_counters(qapp: Any) -> None:
    model = filled_model()
    model.append(message_entry(Direction.SENT, "pending"))
    model.clear()
    model.flush()
    assert model.rowCount() == 0
    assert model.store.messages[Direction.SENT] == 0


def test_retention_removes_old_rows_once_per_chunk(qapp: Any, qtmodeltester: Any) -> None:
    from wsgui.core.log.store import LogStore

    model = LogModel(LogStore(cap=1000))
    removals: list[tuple[int, int]] = []
    model.rowsRemoved.connect(lambda _parent, first, last: removals.append((first, last)))
    for index in range(2500):
        model.append(message_entry(Direction.RECEIVED, f"m{index}"))
        if index % 100 == 99:
            model.flush()
    assert model.rowCount() <= 1000
    assert model.data(model.index(model.rowCount() - 1, DATA)) == "m2499"
    assert all(first == 0 and last == 99 for first, last in removals)  # chunks of 100
    assert len(removals) == 15 and model.store.dropped == 1500
    qtmodeltester.check(model, force_py=True)


def test_lowering_the_cap_drops_the_oldest_at_once(qapp: Any) -> None:
    model = LogModel()
    for index in range(5000):
        model.append(message_entry(Direction.RECEIVED, f"m{index}"))
    model.flush()
    model.set_cap(1000)
    assert model.rowCount() == 1000
    assert model.data(model.index(0, DATA)) == "m4000"
    assert model.store.dropped == 4000


def test_an_event_row_shows_its_whole_text_as_an_escaped_tooltip(qapp: Any) -> None:
    """A refusal's row shows its first line; the tooltip has it all, the server's HTML and
    escape sequences shown, never obeyed."""
    model = LogModel()
    text = "Server refused the WebSocket upgrade: HTTP 403 Forbidden\n\nBody:\n<b>no</b>\x1b[31m"
    model.append(event_entry(Kind.ERROR, text))
    model.append(message_entry(Direction.RECEIVED, "<b>a message</b>"))
    model.flush()
    tip = model.data(model.index(0, DATA), Qt.ItemDataRole.ToolTipRole)
    assert tip == (
        "<p style='white-space:pre-wrap'>Server refused the WebSocket upgrade: HTTP 403 "
        "Forbidden\n\nBody:\n&lt;b&gt;no&lt;/b&gt;\\x1b[31m</p>"
    )
    assert model.data(model.index(0, SIZE), Qt.ItemDataRole.ToolTipRole) is None
    assert model.data(model.index(1, DATA), Qt.ItemDataRole.ToolTipRole) is None  # Entry pane
