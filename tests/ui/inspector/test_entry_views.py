"""A chosen view that does not fit the entry (JSON, JSON tree on binary or broken JSON) shows
the entry as Auto and says so in the header; the choice stays for the next entry that fits."""

from __future__ import annotations

from typing import Any

from wsgui.core.model.entries import Direction, message_entry
from wsgui.ui.inspector.entry_detail import EntryDetail
from wsgui.ui.inspector.entry_tools import EntryTools


def make_tools(qtbot: Any) -> EntryTools:
    tools = EntryTools(EntryDetail())
    qtbot.addWidget(tools)
    qtbot.addWidget(tools.body)
    return tools


def choose(tools: EntryTools, view: str) -> None:
    tools.view.setCurrentIndex(tools.view.findData(view))


def header_and_body(tools: EntryTools) -> tuple[str, str]:
    header, _, body = tools.detail.toPlainText().partition("\n\n")
    return header, body


def tree_top(tools: EntryTools) -> list[tuple[str, str]]:
    tree = tools.tree
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    return [(item.text(0), item.text(1)) for item in items if item is not None]


def test_json_tree_falls_back_to_auto_for_binary_and_comes_back(qtbot: Any) -> None:
    tools = make_tools(qtbot)
    choose(tools, "tree")
    tools.detail.show_entry(message_entry(Direction.RECEIVED, '{"id": 1, "ok": true}'))
    assert tools.body.currentWidget() is tools.tree
    assert tree_top(tools) == [("id", "1"), ("ok", "true")]

    tools.detail.show_entry(message_entry(Direction.RECEIVED, b"\x00hi\xff"))
    assert tools.body.currentWidget() is tools.detail  # not a tree saying "Not JSON"
    header, body = header_and_body(tools)
    assert header.endswith(" · received · binary · 4 B · shown as Auto: not JSON")
    assert body.startswith("00000000  00 68 69 ff")  # the hex dump Auto picks for binary
    assert tools.view.currentData() == "tree"  # the user's choice stays

    tools.detail.show_entry(message_entry(Direction.RECEIVED, '[1, {"a": null}]'))
    assert tools.body.currentWidget() is tools.tree
    assert tree_top(tools) == [("0", "1"), ("1", "{1 key}")]


def test_json_view_of_broken_json_text_shows_the_text_and_where_it_breaks(qtbot: Any) -> None:
    tools = make_tools(qtbot)
    choose(tools, "json")
    tools.detail.show_entry(message_entry(Direction.SENT, '{"id": 1 "ok": true}'))
    header, body = header_and_body(tools)
    assert header.endswith(
        " · shown as Auto: not JSON (line 1, column 10): Expecting ',' delimiter"
    )
    assert body == '{"id": 1 "ok": true}'

    tools.detail.show_entry(message_entry(Direction.SENT, '{"id": 2}'))
    header, body = header_and_body(tools)
    assert header.endswith(" · JSON") and body == '{\n  "id": 2\n}'

    tools.detail.show_entry(message_entry(Direction.RECEIVED, b'{"bytes": "json"}'))
    header, body = header_and_body(tools)  # binary that holds JSON fits the JSON views
    assert header.endswith(" · JSON") and '"bytes": "json"' in body
