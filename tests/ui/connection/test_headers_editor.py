"""The Headers tab: the table or Bulk edit text, secrets masked in both, each change announced."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QToolButton

from wsgui.core.model.options import ConnectOptions, Header
from wsgui.ui.connection.headers_editor import HeadersEditor
from wsgui.ui.connection.headers_table import REMOVE
from wsgui.ui.connection.options_tabs import WARN, OptionsTabs
from wsgui.ui.connection.panel import ConnectionPanel

HEADERS = (
    Header("X-One", "1"),
    Header("X-Off", "2", enabled=False),
    Header("Authorization", "Bearer abc"),
)


def make_tabs(qtbot: Any) -> OptionsTabs:
    """The option tabs of a connection panel, which checks them on every change."""
    panel = ConnectionPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.load_options(ConnectOptions(url="ws://127.0.0.1/", headers=HEADERS))
    return panel.tabs


def parts(tabs: OptionsTabs) -> tuple[QToolButton, QPlainTextEdit]:
    toggle = tabs.findChild(QToolButton, "headersBulkToggle")
    text = tabs.findChild(QPlainTextEdit, "headersBulkEdit")
    assert toggle is not None and text is not None
    return toggle, text


def collected(tabs: OptionsTabs) -> tuple[ConnectOptions | None, dict[str, str]]:
    return tabs.collect(ConnectOptions(url="ws://127.0.0.1/"))


def test_bulk_edit_shows_lines_with_secrets_masked_and_reads_them_back(qtbot: Any) -> None:
    tabs = make_tabs(qtbot)
    toggle, text = parts(tabs)
    assert toggle.text() == "Bulk edit" and toggle.isCheckable()
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert text.isVisible() and not tabs.headers_table.isVisible()
    assert text.toPlainText() == "X-One: 1\n# X-Off: 2\nAuthorization: Bearer ••••••\n"
    options, errors = collected(tabs)  # what Connect would send: the real token
    assert errors == {} and options is not None and options.headers == HEADERS
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert tabs.headers_table.isVisible() and not text.isVisible()
    assert tabs.headers_table.headers() == HEADERS


def test_text_edited_in_bulk_goes_into_the_table(qtbot: Any) -> None:
    tabs = make_tabs(qtbot)
    toggle, text = parts(tabs)
    toggle.click()
    with qtbot.waitSignal(tabs.changed, timeout=1000):
        text.setPlainText(
            "// X-One: 1\nX-New: fresh\n\nX-Auth: Bearer ••••••\n# X-Off: 2\nCookie: c=1\n"
        )
    expected = (
        Header("X-One", "1", enabled=False),
        Header("X-New", "fresh"),
        Header("X-Auth", "Bearer abc"),  # renamed, the token kept
        Header("X-Off", "2", enabled=False),
        Header("Cookie", "c=1"),
    )
    options, _errors = collected(tabs)
    assert options is not None and options.headers == expected
    toggle.click()
    assert not toggle.isChecked()
    assert tabs.headers_table.headers() == expected
    secret = [secret for _header, secret in tabs.headers_table.rows()]
    assert secret == [False, False, True, False, True]  # the kept token stays masked
    toggle.click()
    assert "abc" not in text.toPlainText() and "c=1" not in text.toPlainText()
    assert "X-Auth: Bearer ••••••" in text.toPlainText()


def test_a_line_without_colon_keeps_the_text_and_says_which_line(qtbot: Any) -> None:
    tabs = make_tabs(qtbot)
    toggle, text = parts(tabs)
    toggle.click()
    typed = "X-One: 1\nX-Broken\n"
    text.setPlainText(typed)
    message = "Headers, line 2: no colon; write the header as 'Name: value'"
    assert tabs.headers_message.text() == message  # as soon as it is typed
    assert tabs.headers_message.isVisible()
    assert tabs.tabText(0) == "Headers" + WARN
    toggle.click()  # back to the table: refused
    assert toggle.isChecked() and text.isVisible()
    assert text.toPlainText() == typed
    assert tabs.headers_message.text() == message
    options, errors = collected(tabs)
    assert options is None and errors["headers"] == message
    assert tabs.headers_table.headers() == HEADERS  # untouched until the text is a header list
    text.setPlainText("X-One: 1\nX-Fixed: yes\n")
    assert tabs.headers_message.isHidden() and tabs.tabText(0) == "Headers"
    toggle.click()
    assert not toggle.isChecked()
    assert tabs.headers_table.headers() == (Header("X-One", "1"), Header("X-Fixed", "yes"))


def test_a_header_problem_stays_shown_after_switching_views(qtbot: Any) -> None:
    tabs = make_tabs(qtbot)
    toggle, text = parts(tabs)
    toggle.click()
    text.setPlainText("Host: example.com\n")
    toggle.click()
    assert not toggle.isChecked()
    assert tabs.headers_message.text().startswith("Header Host cannot be set here")
    assert tabs.headers_message.isVisible()


def test_removing_a_row_marks_the_options_changed(qtbot: Any) -> None:
    tabs = make_tabs(qtbot)
    table = tabs.headers_table
    with qtbot.waitSignal(tabs.changed, timeout=1000):
        qtbot.mouseClick(table.cellWidget(0, REMOVE), Qt.MouseButton.LeftButton)
    assert table.headers() == HEADERS[1:]
    table.setCurrentCell(0, 0)
    with qtbot.waitSignal(tabs.changed, timeout=1000):
        qtbot.keyClick(table, Qt.Key.Key_Delete)
    options, _errors = collected(tabs)
    assert options is not None and options.headers == HEADERS[2:]


def test_loading_while_in_bulk_view_shows_the_loaded_headers(qtbot: Any) -> None:
    editor = HeadersEditor()
    qtbot.addWidget(editor)
    assert editor.set_bulk(True)
    with qtbot.assertNotEmitted(editor.changed):
        editor.set_headers([Header("Cookie", "sid=1")])
    assert editor.bulk_edit.toPlainText() == "Cookie: ••••••\n"
    assert editor.headers() == (Header("Cookie", "sid=1"),)
