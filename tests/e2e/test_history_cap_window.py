"""The history's size cap through the real window: History > Keep at most N MiB
(``historyCap``) is remembered, applied at start and when changed (in a worker thread, the
window goes on), deletes the oldest sessions first and never the pinned one nor the one being
recorded, and says what it deleted; a bad stored value gives the default, 2048 MiB."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QSpinBox

from tests.helpers.servers import ws_server
from tests.helpers.ui import WindowDriver, wait_until
from wsgui.core.history.journal import Journal
from wsgui.core.history.store import HistoryStore
from wsgui.core.model.entries import Direction, message_entry
from wsgui.ui.common.window_state import HISTORY_CAP_MIB, WindowState
from wsgui.ui.history.panel import HistoryPanel
from wsgui.ui.window.runtime import build_window

MIB = 1024**2


def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


def one_mib_sessions(path: Path, count: int) -> list[int]:
    """``count`` closed sessions of 5 x 200 kB binary messages, started 1, 2, 3…; the first
    one pinned."""
    with HistoryStore(path) as store:
        ids = []
        for started in range(1, count + 1):
            session = store.begin_session(f"ws://127.0.0.1:1/{started}", started=float(started))
            blobs = [message_entry(Direction.RECEIVED, os.urandom(200_000)) for _ in range(5)]
            store.append(session, blobs)
            store.end_session(session, ended=started + 0.5)
            ids.append(session)
        store.set_pinned(ids[0], True)
    return ids


def stored(path: Path) -> tuple[list[int], int]:
    """The sessions in the store (oldest first) and its size."""
    with HistoryStore(path, verify=False) as store:
        return sorted(s.id for s in store.sessions()), store.size_bytes()


def test_the_cap_prunes_at_start_and_when_changed_and_says_what_it_deleted(
    run_async: Any, tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    ids = one_mib_sessions(path, 7)  # ~7.1 MiB
    state = WindowState(settings(tmp_path))
    state.set_history_cap_mib(5)
    journal = Journal(path)
    window = build_window(None, state=state, journal=journal)  # prunes to 5 MiB, in a thread
    driver = WindowDriver(window=window)
    panel = window.history_panel
    cap = panel.findChild(QSpinBox, "historyCap")
    assert cap is not None and cap.value() == 5 and cap.specialValueText() == "no cap"
    assert "oldest first" in cap.toolTip() and "Pinned sessions" in cap.toolTip()
    said = {"status": ""}
    panel.capped.connect(lambda text: said.update(status=text))

    async def scenario() -> None:
        await wait_until(lambda: said["status"], timeout=20)
        left, size = stored(path)
        gone = len(ids) - len(left)
        assert left == [ids[0], *ids[1 + gone :]]  # the pinned one and the newest
        assert size <= 5 * MIB < size + MIB  # not one session more than needed
        text = panel.message.text()
        assert re.fullmatch(
            rf"Deleted {gone} session\(s\) \(\d+\.\d MiB\) to keep history under 5 MiB", text
        ), text
        assert window.statusBar().currentMessage() == said["status"] == text
        assert panel.list.topLevelItemCount() == len(left)  # listed again

        async with ws_server() as base:  # a session being recorded
            await driver.connect(f"{base}/echo")
            window.composer.editor.setPlainText("live")
            window.composer.send_button.click()
            await driver.wait_received(1)
            with HistoryStore(path, verify=False) as store:
                await wait_until(lambda: any(s.state == "open" for s in store.sessions()))
                live = next(s.id for s in store.sessions() if s.state == "open")
            said["status"] = ""
            cap.setValue(1)  # as the arrows or Enter do: applied after a short pause
            await wait_until(lambda: said["status"], timeout=20)
            left, size = stored(path)
            assert left == [ids[0], live]  # pinned and being recorded: kept
            text = panel.message.text()
            match = re.fullmatch(
                r"Deleted \d session\(s\) \(\d+\.\d MiB\); history is (\d+\.\d) MiB, over "
                r"1 MiB: the rest is pinned or being recorded",
                text,
            )
            assert match is not None, text
            assert abs(float(match[1]) * MIB - size) < 0.2 * MIB
            await driver.disconnect()

        cap.setValue(0)
        await wait_until(lambda: panel.message.text().startswith("No cap"), timeout=20)
        assert cap.text() == "no cap"
        await driver.shutdown()

    run_async(scenario(), timeout=60)
    panel.cap_runner.stop()
    journal.close()
    assert WindowState(settings(tmp_path)).history_cap_mib() == 0  # remembered
    window.close()


@pytest.mark.parametrize("stored_value", ["lots", "-5", "1e3", "", "99999999999"])
def test_a_bad_stored_cap_falls_back_to_2048(qapp: Any, tmp_path: Path, stored_value: str) -> None:
    (tmp_path / "window.ini").write_text(f"[General]\nhistory_cap_mib={stored_value}\n")
    state = WindowState(settings(tmp_path))
    assert state.history_cap_mib() == HISTORY_CAP_MIB == 2048
    panel = HistoryPanel(lambda: None, state=state)
    assert panel.cap.value() == 2048 and panel.cap.text() == "2048 MiB"
    assert not panel.apply_cap()  # no store: nothing to prune


def test_a_good_stored_cap_is_read_back(qapp: Any, tmp_path: Path) -> None:
    (tmp_path / "window.ini").write_text("[General]\nhistory_cap_mib=512\n")
    assert WindowState(settings(tmp_path)).history_cap_mib() == 512
    state = WindowState(settings(tmp_path))
    state.set_history_cap_mib(0)
    state.sync()
    assert WindowState(settings(tmp_path)).history_cap_mib() == 0
