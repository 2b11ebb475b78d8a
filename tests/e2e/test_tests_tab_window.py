"""The Tests tab against a real websockets server: a scenario opened in a tab runs on that
tab's connection (connecting first), each row says PASS or FAIL with the reason, the summary
counts them, a re-run reads the file again, and "Show in log" selects a step's entry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.helpers.servers import ws_server
from tests.helpers.ui import WindowDriver, wait_until
from wsgui.core.model.entries import ReadyState
from wsgui.ui.window.runtime import build_window

STEPS = """\
[connect]
url = "ws://unused.invalid/"          # the tab's own connection is used

[variables]
who = "Ada"

[[step]]
send = "hello {{who}}"

[[step]]
expect = "hello {{who}}"

[[step]]
send = "second"

[[step]]
name = "a reply that never comes"
expect = "third"
within = 0.3

[checks]
message_count = 2
max_latency_ms = 5000
"""


def test_a_scenario_runs_on_the_tabs_connection_with_a_row_per_step(
    run_async: Any, tmp_path: Path
) -> None:
    window = build_window(None)
    driver = WindowDriver(window=window)  # connects its states, shows it
    page = window.page
    tab, run = page.tests_tab, page.tests_run
    path = tmp_path / "chat.toml"
    path.write_text(STEPS)

    async def scenario() -> None:
        async with ws_server() as base:
            window.panel.url_edit.setText(f"{base}/echo")
            assert run.open(path)
            assert tab.results() == ["pending"] * 6
            assert tab.run_button.isEnabled() and not tab.jump_button.isEnabled()
            tab.run_button.click()  # CLOSED: the run connects first
            await wait_until(lambda: run.task is not None and run.task.done(), 10)
            assert window.controller.state is ReadyState.OPEN
            assert tab.results() == ["PASS", "PASS", "PASS", "FAIL", "PASS", "PASS"]
            reason = tab.table.topLevelItem(3).text(4)
            assert reason == (
                "expected the text 'third' within 0.3 s; got 'second' (the last one of 1 received)"
            )
            assert tab.summary.text() == "5 passed, 1 failed"

            tab.table.setCurrentItem(tab.table.topLevelItem(3))
            assert tab.jump_button.isEnabled()
            tab.jump_button.click()  # the failed step: the last message before it failed
            assert window.log_view.selected_entries()[0].payload == "second"
            tab.table.setCurrentItem(tab.table.topLevelItem(1))
            tab.jump_button.click()  # the expect: the message it matched
            assert window.log_view.selected_entries()[0].payload == "hello Ada"

            path.write_text(STEPS.replace('expect = "third"', 'expect = "second"'))
            tab.run_button.click()  # on the open connection, the file read again
            await wait_until(lambda: run.task is not None and run.task.done(), 10)
            # the second "second" comes after this run began: the old one is not looked at
            assert tab.results() == ["PASS"] * 6
            assert tab.summary.text() == "6 passed, 0 failed"
            await driver.disconnect()
        await window.controller.shutdown()

    run_async(scenario(), timeout=30)


def test_a_bad_file_or_a_refused_connection_says_why(run_async: Any, tmp_path: Path) -> None:
    window = build_window(None)
    window.show()
    page = window.page
    tab, run = page.tests_tab, page.tests_run
    bad = tmp_path / "bad.toml"
    bad.write_text('[connect]\nurl = "ws://x/"\n[[step]]\nexpect_json = { path = "$..[" }\n')
    assert not run.open(bad)
    assert tab.summary.text().startswith("Not opened: ")
    assert "step 1" in tab.summary.text() and not tab.run_button.isEnabled()
    good = tmp_path / "good.toml"
    good.write_text('[connect]\nurl = "ws://x/"\n[[step]]\nsend = "x"\n')

    async def scenario() -> None:
        window.panel.url_edit.setText("ws://127.0.0.1:1/")
        assert run.open(good)
        tab.run_button.click()
        await wait_until(lambda: run.task is not None and run.task.done(), 20)
        assert tab.summary.text() == "Not run: the connection did not open (the log says why)"
        assert tab.results() == ["pending"]
        await window.controller.shutdown()

    run_async(scenario(), timeout=30)


def test_the_tests_menu_shows_the_tab_and_f5_runs_from_anywhere(
    run_async: Any, tmp_path: Path
) -> None:
    from PySide6.QtGui import QAction

    window = build_window(None)
    window.show()
    page = window.page
    run = next(a for a in window.findChildren(QAction) if a.text() == "&Run scenario")
    assert run.shortcut().toString() == "F5"
    assert not page.detail_pane.shown
    run.trigger()  # nothing opened yet: the tab says what to do
    assert page.detail_pane.shown and page.inspector.currentWidget() is page.tests_tab
    assert page.tests_tab.summary.text() == "Open a scenario first (Tests > Open scenario…)"
    path = tmp_path / "s.toml"
    path.write_text('[connect]\nurl = "ws://x/"\n[[step]]\nwait = 0\n')

    async def scenario() -> None:
        async with ws_server() as base:
            window.panel.url_edit.setText(f"{base}/echo")
            assert page.tests_run.open(path)
            page.detail_pane.fold()
            run.trigger()  # the pane folded: F5 opens it and runs
            await wait_until(lambda: page.tests_run.task is not None and page.tests_run.task.done())
            assert page.detail_pane.shown and page.tests_tab.results() == ["PASS"]
        await window.controller.shutdown()

    run_async(scenario(), timeout=30)
