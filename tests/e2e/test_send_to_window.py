"""Send to… (sendToButton) as a user uses it: open its menu, read the open connections it
lists, pick another tab's connection; the message goes there and only there."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QAction

from tests.helpers.servers import ws_server
from tests.helpers.ui import WindowDriver, messages, wait_until
from wsgui.core.model.entries import Direction, ReadyState


def menu_actions(page: Any) -> list[QAction]:
    """Show Send ▾ > Send to as the menu does (popup, no nested event loop): its actions
    are filled in when it is about to show."""
    button = page.composer.send_menu_button
    menu = page.composer.send_to_menu
    menu.popup(button.mapToGlobal(button.rect().bottomLeft()))
    actions = [a for a in menu.actions() if not a.isSeparator()]
    menu.hide()
    return actions


# The offscreen platform cannot raise a popup or grab the keyboard for it; it says so.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_send_to_another_tab_through_the_menu(run_async: Any) -> None:
    driver = WindowDriver()
    window = driver.window
    first = window.page

    async def scenario() -> None:
        async with ws_server() as one, ws_server() as two:
            await driver.connect(f"{one}/echo")
            second = await driver.connect_new_tab(f"{two}/echo")
            second.composer.editor.setPlainText("for the first tab")
            actions = menu_actions(second)
            first_title = window.tabs.tabText(0)
            assert [a.text() for a in actions] == [
                "All open connections (2)",
                first_title,
                window.tabs.tabText(1),
            ]
            assert all(a.isEnabled() for a in actions)
            actions[1].trigger()  # the first tab's connection, chosen from the second tab
            await wait_until(lambda: "for the first tab" in messages(first, Direction.RECEIVED))
            assert messages(first, Direction.SENT) == ["for the first tab"]
            assert messages(second, Direction.SENT) == []  # not on this tab's own connection
            assert second.composer.message.text() == "Sent on 1 connection(s)"
            # Once the first tab is disconnected the menu no longer offers it.
            first.panel.toggle()
            await wait_until(lambda: first.controller.state is ReadyState.CLOSED)
            assert [a.text() for a in menu_actions(second)] == [
                "All open connections (1)",
                window.tabs.tabText(1),
            ]
            second.panel.toggle()
            await wait_until(lambda: second.controller.state is ReadyState.CLOSED)
            (none,) = menu_actions(second)
            assert none.text() == "No open connection" and not none.isEnabled()
        await window.shutdown()

    run_async(scenario())
    assert messages(first, Direction.RECEIVED) == ["for the first tab"]
