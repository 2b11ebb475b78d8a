"""Several connections in tabs: each its own connection and log, the readyState on the tab,
Send to… on several at once, closing a tab closes its connection cleanly."""

from __future__ import annotations

from typing import Any

from tests.helpers.servers import ws_server
from tests.helpers.ui import WindowDriver, messages, wait_until
from wsgui.core.model.entries import Direction, Kind, ReadyState
from wsgui.ui.theme.colors import badge_color
from wsgui.ui.window.main_window import _dot


def received(page: Any) -> list[str | bytes]:
    return messages(page, Direction.RECEIVED)


def test_two_tabs_two_servers_send_to_both_and_close_one(run_async: Any) -> None:
    driver = WindowDriver()
    window = driver.window
    first = window.page

    async def scenario() -> None:
        async with ws_server() as one, ws_server() as two:
            await driver.connect(f"{one}/echo")
            second = await driver.connect_new_tab(f"{two}/headers")
            assert window.page is second and window.tabs.count() == 2
            assert window.panel is second.panel  # the menus act on the current tab
            assert first.controller.state is ReadyState.OPEN  # both open at once
            assert second.status_box.isVisibleTo(window)
            assert not first.status_box.isVisibleTo(window)
            assert window.tabs.tabText(1) == two.removeprefix("ws://")
            titles = [title for title, _send in second.composer.targets()]
            assert len(titles) == 2
            second.composer.editor.setPlainText("to everyone")
            second.composer.send_to([send for _title, send in second.composer.targets()])
            await wait_until(lambda: "to everyone" in received(first))
            await wait_until(lambda: "to everyone" in received(second))
            window.close_tab(second)  # closes its connection with 1000 first
            assert window.tabs.count() == 1 and window.page is first
            assert first.status_box.isVisibleTo(window)  # the status bar shows this tab's log
            await wait_until(lambda: second.controller.state is ReadyState.CLOSED)
            closes = [e for e in _entries(second) if e.kind is Kind.CLOSE]
            assert closes and closes[0].close_code == 1000
            window.close_tab(first)  # the last tab stays
            assert window.tabs.count() == 1
            await driver.disconnect()
        await window.shutdown()

    run_async(scenario())
    assert received(first) == ["to everyone"]


def _entries(page: Any) -> list[Any]:
    page.model.flush()
    return [page.model.entry(r) for r in range(page.model.rowCount())]


def test_tab_icon_follows_the_ready_state(run_async: Any) -> None:
    driver = WindowDriver()
    window = driver.window

    def icon_color() -> str:
        image = window.tabs.tabIcon(0).pixmap(12, 12).toImage()
        return str(image.pixelColor(6, 6).name())

    closed = icon_color()
    dot = _dot(ReadyState.CLOSED, window.theme).pixmap(12, 12).toImage()
    assert closed == dot.pixelColor(6, 6).name()

    async def scenario() -> None:
        async with ws_server() as base:
            await driver.connect(f"{base}/echo")
            assert icon_color() == badge_color(window.theme, ReadyState.OPEN)  # green
            await driver.disconnect()
        await driver.shutdown()

    run_async(scenario())
    assert icon_color() == closed


def test_unsaved_edits_in_any_tab_are_asked_about(
    run_async: Any, store: Any, tmp_path: Any
) -> None:
    from tests.e2e.test_profiles_window import window_with
    from wsgui.core.model.options import ConnectOptions
    from wsgui.core.profiles.profile import Profile
    from wsgui.ui.profiles.unsaved_prompt import CANCEL, SAVE

    store.save(Profile("A", ConnectOptions(url="ws://a.test/")))
    window = window_with(store, tmp_path)
    quits: list[bool] = []
    window.quit_requested.connect(lambda: quits.append(True))
    binding, profiles = window.profile_binding, window.profiles
    assert binding is not None and profiles is not None
    binding.open_now(profiles.find("A"))
    first = window.page
    first.panel.origin_edit.setText("http://edited.test")
    second = window.new_tab()
    assert not profiles.dirty  # the new tab has no profile
    window.close()  # the edit is in the other tab: it is shown and asked about
    assert window.page is first and binding.prompt is not None and quits == []
    binding.prompt.choose(CANCEL)
    window.close_tab(first)  # Ctrl+W on the edited tab asks too
    assert binding.prompt is not None and window.tabs.count() == 2
    binding.prompt.choose(SAVE)
    assert store.load("A").options.origin == "http://edited.test"
    assert window.tabs.count() == 1 and window.page is second
    window.close()
    assert quits == [True]
    run_async(window.shutdown())


def test_a_closed_tab_frees_its_log(run_async: Any) -> None:
    from shiboken6 import isValid

    driver = WindowDriver()
    window = driver.window
    second = window.new_tab()
    box = second.status_box
    second.log_status.set_paused(True)  # its refresh timer must die with the tab

    async def scenario() -> None:
        window.close_tab(second)
        await wait_until(lambda: not isValid(box))
        await driver.shutdown()

    run_async(scenario())
    assert window.tabs.count() == 1
