"""The journal through the real window: a connection's messages are journaled as they come,
the History panel lists the session (closed, with its counts), opens it as a read-only log
tab holding the same entries, pins and deletes it; and ``wsgui history`` reads the same file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.helpers.servers import ws_server
from tests.helpers.ui import WindowDriver, wait_until
from wsgui.core.history.journal import Journal
from wsgui.core.history.store import HistoryStore
from wsgui.core.model.entries import Direction
from wsgui.ui.window.runtime import build_window

ROOT = Path(__file__).parents[2]


def test_a_connection_is_journaled_listed_reopened_and_exported(
    run_async: Any, tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    journal = Journal(path)
    window = build_window(None, journal=journal)
    driver = WindowDriver(window=window)  # connects its states, shows it

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.echo_and_close(base, ("one", "two", "three"))

    run_async(scenario())
    journal.close()
    store = HistoryStore(path)
    (info,) = store.sessions()
    assert (info.state, info.sent, info.received, info.close_code) == ("closed", 3, 3, 1000)
    kept = [(e.direction, e.payload) for e in store.entries(info.id) if e.is_message]
    assert kept == [
        (d, t) for t in ("one", "two", "three") for d in (Direction.SENT, Direction.RECEIVED)
    ] or sorted(kept) == sorted(
        [(Direction.SENT, t) for t in ("one", "two", "three")]
        + [(Direction.RECEIVED, t) for t in ("one", "two", "three")]
    )
    store.close()

    window.history_dock.show()
    panel = window.history_panel
    panel.refresh()
    assert panel.list.topLevelItemCount() == 1
    assert panel.list.topLevelItem(0).text(3) == "closed"
    panel.list.setCurrentItem(panel.list.topLevelItem(0))
    opened = panel.open_selected()
    assert opened is not None and window.log_tabs.count() == 2  # Live + the session
    assert [e.payload for e in opened if e.direction is Direction.RECEIVED] == [
        "one",
        "two",
        "three",
    ]
    panel.toggle_pin()
    assert "pinned" in panel.list.topLevelItem(0).text(3)
    assert panel.prune("0") == 0  # pinned: kept
    panel.search.setText("two")
    panel.refresh()
    assert panel.list.topLevelItemCount() == 1
    panel.search.setText("no such text anywhere")
    panel.refresh()
    assert panel.list.topLevelItemCount() == 0

    listed = subprocess.run(
        [sys.executable, "-m", "wsgui", "history", "--store", str(path), "list"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert listed.returncode == 0, listed.stderr
    session_id, _started, url, state, counts = listed.stdout.strip().split("\t")
    assert url.startswith("ws://127.0.0.1:") and state == "closed"
    assert counts.startswith("3 sent, 3 received") or "3 sent, 3 received" in counts
    exported = subprocess.run(
        [sys.executable, "-m", "wsgui", "history", "--store", str(path), "export", session_id],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert exported.returncode == 0 and exported.stdout.count('"direction": "received"') == 3
    missing = subprocess.run(
        [sys.executable, "-m", "wsgui", "history", "--store", str(path), "export", "999"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert missing.returncode == 2
    assert missing.stderr.strip() == "wsgui history: no session 999 (see wsgui history list)"
    window.close()


def test_a_private_tab_is_not_journaled(run_async: Any, tmp_path: Path) -> None:
    from PySide6.QtGui import QAction

    path = tmp_path / "history.sqlite3"
    journal = Journal(path)
    window = build_window(None, journal=journal)
    driver = WindowDriver(window=window)  # connects its states, shows it
    private = window.findChild(QAction, "privateTabAction")
    assert private is not None and not private.isChecked()
    private.setChecked(True)

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.echo_and_close(base, ("secret stuff",))

    run_async(scenario())
    journal.close()
    assert driver.received() == ["secret stuff"]  # the log has it
    with HistoryStore(path) as store:
        assert store.sessions() == []  # the journal does not
    window.close()


def test_keep_in_history_unchecked_writes_nothing_and_checked_writes_the_session(
    run_async: Any, tmp_path: Path
) -> None:
    """Settings > Keep in history (``journalCheck``, on by default): unchecked, a connection
    is in the log but not in the history store; checked again, the next one is."""
    from PySide6.QtWidgets import QCheckBox

    path = tmp_path / "history.sqlite3"
    journal = Journal(path)
    window = build_window(None, journal=journal)
    driver = WindowDriver(window=window)  # connects its states, shows it
    keep = window.panel.findChild(QCheckBox, "journalCheck")
    assert keep is not None and keep.isChecked()
    keep.setChecked(False)

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            window.composer.editor.setPlainText("off the record")
            window.composer.send_button.click()
            await driver.wait_received(1)
            await driver.disconnect()
            with HistoryStore(path) as store:
                assert store.sessions() == []
            keep.setChecked(True)
            await driver.connect(f"{base}/echo")
            window.composer.editor.setPlainText("on the record")
            window.composer.send_button.click()
            await driver.wait_received(2)
            await driver.disconnect()
            await driver.shutdown()

    run_async(scenario())
    journal.close()
    assert driver.received() == ["off the record", "on the record"]  # the log has both
    with HistoryStore(path) as store:
        (info,) = store.sessions()
        assert (info.state, info.received) == ("closed", 1)
        kept = [e.payload for e in store.entries(info.id) if e.is_message]
        assert kept == ["on the record", "on the record"]
    window.close()


def test_a_journal_that_cannot_write_is_said_and_the_window_goes_on(
    run_async: Any, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    journal = Journal(blocker / "history.sqlite3")
    window = build_window(None, journal=journal)
    driver = WindowDriver(window=window)  # connects its states, shows it

    async def scenario() -> None:
        await wait_until(lambda: bool(journal.problem))
        await wait_until(lambda: str(blocker) in window.statusBar().currentMessage(), 5)
        async with ws_server() as base:
            await driver.echo_and_close(base, ("kept in memory",))

    run_async(scenario())
    assert driver.received() == ["kept in memory"]
    assert journal.problem.endswith("Journaling stopped: the log is kept in memory only")
    journal.close()
    window.close()


def flooded_window(run_async: Any, path: Path, count: int) -> tuple[Journal, Any]:
    """A window journaling to ``path`` whose tab keeps 500 rows in memory, after a flood of
    ``count`` messages from a real server (some of them already on disk) and a disconnect."""
    journal = Journal(path, flush_seconds=0.02)
    window = build_window(None, journal=journal)
    driver = WindowDriver(window=window)
    store = window.page.model.store
    store.hot_rows = 500

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/flood/{count}")
            await driver.wait_received(count)
            await wait_until(lambda: store.on_disk > 0, timeout=20)
            await driver.disconnect()
            await driver.shutdown()

    run_async(scenario())
    return journal, window


def test_a_flood_beyond_the_memory_window_is_read_back_from_disk_in_place(
    run_async: Any, tmp_path: Path
) -> None:
    """A journaled tab keeps only its newest rows in memory: the others are read back from
    the store, the table still shows every row, a search finds rows that are only on disk,
    and an export writes every entry."""
    count = 6_000
    journal, window = flooded_window(run_async, tmp_path / "history.sqlite3", count)
    store = window.page.model.store
    model = window.page.model
    table = window.page.log_view.model()
    assert store.on_disk >= count - 750 and model.rowCount() == len(store) >= count
    received = [e.payload for e in store if e.direction is Direction.RECEIVED]
    assert received == [f"message {i}" for i in range(count)]  # every one, in order
    first = next(i for i in range(model.rowCount()) if model.entry(i).payload == "message 0")
    assert table.data(table.index(first, 5)) == "message 0"  # shown, read from disk
    window.page.search.edit.setText("MESSAGE 12")
    window.page.search.apply()
    assert window.page.filtered.searching_stored  # the rows on disk: in a worker thread
    assert "searching the rows on disk" in window.page.search.count.text()
    run_async(wait_until(lambda: not window.page.filtered.searching_stored, timeout=10))
    assert "searching" not in window.page.search.count.text()
    found = [table.data(table.index(r, 5)) for r in range(table.rowCount())]
    assert found == ["message 12"] + [f"message 12{i}" for i in range(10)] + [
        f"message 12{i:02d}" for i in range(100)
    ]
    journal.close()


def test_a_search_of_rows_on_disk_that_fails_says_why_and_keeps_the_rows_in_memory(
    run_async: Any, tmp_path: Path
) -> None:
    """The store's file is deleted under a running window: the search of the rows on disk
    (a worker thread's own read-only connection) fails with a message naming the store,
    and the rows in memory are still found and shown."""
    path = tmp_path / "history.sqlite3"
    count = 3_000
    journal, window = flooded_window(run_async, path, count)
    store = window.page.model.store
    for name in ("history.sqlite3", "history.sqlite3-wal", "history.sqlite3-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    window.page.search.edit.setText("MESSAGE 29")
    window.page.search.apply()
    run_async(wait_until(lambda: not window.page.filtered.searching_stored, timeout=10))
    shown = window.statusBar().currentMessage()
    assert shown.startswith("Search: the rows on disk could not be searched: ")
    assert f"Cannot open the history store {path}" in shown
    table = window.page.log_view.model()
    found = [table.data(table.index(r, 5)) for r in range(table.rowCount())]
    assert "message 2999" in found and "message 29" not in found  # newest in memory, oldest not
    assert len(store) >= count  # nothing already received is dropped
    journal.close()


def test_history_is_used_from_the_keyboard(run_async: Any, tmp_path: Path) -> None:
    """View > History puts the keyboard in the panel's search box, and Enter on a session in
    the list opens it (as a double click does)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    journal = Journal(tmp_path / "history.sqlite3")
    window = build_window(None, journal=journal)
    driver = WindowDriver(window=window)
    panel = window.history_panel

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            window.composer.editor.setPlainText("typed")
            window.composer.send_button.click()
            await driver.wait_received(1)
            await driver.disconnect()
        with HistoryStore(tmp_path / "history.sqlite3") as store:  # written, then listed
            await wait_until(lambda: store.sessions()[0].state == "closed")
        window.activateWindow()
        window.history_dock.toggleViewAction().trigger()  # what Ctrl+Shift+H does
        await wait_until(lambda: panel.list.topLevelItemCount() == 1)  # read when shown
        assert window.focusWidget() is panel.search or not window.isActiveWindow()
        panel.list.setFocus()
        panel.list.setCurrentItem(panel.list.topLevelItem(0))
        QTest.keyClick(panel.list, Qt.Key.Key_Return)
        assert window.log_tabs.count() == 2
        opened = window.log_tabs.imported()[0]
        assert [e.payload for e in opened.model.store if e.is_message] == ["typed", "typed"]
        await driver.shutdown()

    run_async(scenario())
    journal.close()


def _open_only_session(window: Any) -> Any:
    """Open the one stored session from the History panel; its read-only tab."""
    window.history_dock.show()
    panel = window.history_panel
    panel.refresh()
    panel.list.setCurrentItem(panel.list.topLevelItem(0))
    assert panel.open_selected() is not None
    (tab,) = window.log_tabs.imported()
    return tab


def test_an_opened_session_shows_its_captured_frames(run_async: Any, tmp_path: Path) -> None:
    """Recorded with Capture frames on, a session opens with two views, Messages and
    Frames (N): N the frames the store holds, the rows what was sent and echoed (a long
    frame's whole length, though the store keeps its first 4 KiB)."""
    from PySide6.QtWidgets import QTabWidget

    from wsgui.ui.inspector.frames_view import FramesView
    from wsgui.ui.log.frames_model import DIRECTION, LENGTH, OPCODE, PAYLOAD

    path = tmp_path / "history.sqlite3"
    journal = Journal(path)
    window = build_window(None, journal=journal)
    driver = WindowDriver(window=window)
    window.frames_view.capture.setChecked(True)
    long_text = "x" * 5000
    texts = ("one", "two", long_text)

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            for text in texts:  # one at a time: the frames' order is then known
                window.composer.editor.setPlainText(text)
                window.composer.send_button.click()
                await driver.wait_received(texts.index(text) + 1)
            await driver.disconnect()
            await driver.shutdown()

    run_async(scenario())
    journal.close()
    with HistoryStore(path) as store:
        (info,) = store.sessions()
        stored = store.frames(info.id)
    assert info.frames == len(stored) >= 8  # 3 sent, 3 echoed, a close each way

    tab = _open_only_session(window)
    views = tab.findChild(QTabWidget, "importedViews")
    frames = tab.findChild(FramesView, "importedFrames")
    assert views is not None and frames is not None
    assert [views.tabText(i) for i in range(views.count())] == [
        "Messages",
        f"Frames ({len(stored)})",
    ]
    model = frames.model
    assert model.rowCount() == len(stored)
    shown = [
        tuple(model.index(row, column).data() for column in (DIRECTION, OPCODE, LENGTH, PAYLOAD))
        for row in range(6)
    ]
    assert shown == [
        (way, "TEXT", f"{len(text):,}", text if len(text) < 100 else shown[4][3])
        for text in texts
        for way in ("↑ sent", "↓ received")
    ]
    assert shown[4][3].startswith("xxxx") and shown[4][2] == "5,000"
    closes = [model.index(row, OPCODE).data() for row in range(6, model.rowCount())]
    assert closes.count("CLOSE") == 2
    assert not frames.isVisibleTo(window)  # Messages is the current view
    views.setCurrentWidget(frames)
    assert frames.table.isVisibleTo(window) and not frames.capture.isVisibleTo(window)
    window.close()


def test_an_opened_session_without_frames_has_no_frames_view(
    run_async: Any, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QTabWidget

    path = tmp_path / "history.sqlite3"
    journal = Journal(path)
    window = build_window(None, journal=journal)
    driver = WindowDriver(window=window)  # Capture frames is off by default

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.echo_and_close(base, ("plain",))

    run_async(scenario())
    journal.close()
    tab = _open_only_session(window)
    assert tab.findChild(QTabWidget, "importedViews") is None
    assert tab.view.isVisibleTo(window) and tab.view.parent() is tab
    assert [e.payload for e in tab.model.store if e.is_message] == ["plain", "plain"]
    window.close()


def test_an_opened_sessions_open_entry_shows_its_handshake(run_async: Any, tmp_path: Path) -> None:
    """Selecting the open entry of a session opened from History (in a later window) shows
    its stored handshake in the Handshake view, listed once however often it is selected."""
    path = tmp_path / "history.sqlite3"
    journal = Journal(path)
    window = build_window(None, journal=journal)
    driver = WindowDriver(window=window)

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            await driver.disconnect()
            await driver.shutdown()

    run_async(scenario())
    journal.close()
    later = Journal(path)  # another start of the window: its Handshake view lists nothing
    window = build_window(None, journal=later)
    live = window.page.handshake_view
    attempts = len(live.records)
    tab = _open_only_session(window)
    opened = next(i for i in range(tab.model.rowCount()) if tab.model.entry(i).handshake)
    stored = tab.model.entry(opened).handshake
    assert stored is not None and stored.response is not None
    for _ in range(2):
        tab.view.selectRow(opened)
        tab.view.clearSelection()
    tab.view.selectRow(opened)
    assert live.current() == stored
    assert len(live.records) == attempts + 1
    assert "101" in live.attempts.currentText()
    later.close()
