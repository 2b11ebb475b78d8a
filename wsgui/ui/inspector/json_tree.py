"""The JSON view as a foldable tree, built lazily: children are made when a node is opened,
a thousand at a time, so a huge array opens at once."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QBrush, QColor, QFontDatabase
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QTreeWidgetItemIterator, QWidget

from wsgui.core.model.payload import visible
from wsgui.ui.theme.colors import theme_for

CHUNK = 1000
_PLACEHOLDER = "…"
_COLOR_FIELDS = {
    str: "json_string",
    bool: "json_bool",
    type(None): "json_null",
    int: "json_number",
    float: "json_number",
}
_KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # which theme color the value column takes


def describe_value(value: Any) -> str:
    """One line for a value: containers by size, scalars as JSON writes them (cut at 300)."""
    if isinstance(value, dict):
        return f"{{{len(value):,} {'key' if len(value) == 1 else 'keys'}}}"
    if isinstance(value, list):
        return f"[{len(value):,} {'item' if len(value) == 1 else 'items'}]"
    text = visible(json.dumps(value, ensure_ascii=False))  # a bidi override is not obeyed
    return text if len(text) <= 300 else text[:299] + "…"


class _Node(QTreeWidgetItem):
    """An item that keeps its Python value (Qt's item data would convert it to a QVariant)."""

    value: Any = None  # the container to open
    more_from: int | None = None  # on a "… more" item: the next index of ``value``


class JsonTree(QTreeWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jsonTree")
        self.setColumnCount(2)
        self.setHeaderLabels(["Key", "Value"])
        self.setColumnWidth(0, 220)
        self.setUniformRowHeights(True)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setToolTip("Click ▸ to open a node; double-click “… more” to show the next items")
        self.itemExpanded.connect(self._fill)
        self.itemActivated.connect(self._more)

    def show_value(self, value: Any) -> None:
        self.clear()
        self._add_children(self.invisibleRootItem(), value, 0)
        if self.topLevelItemCount() <= 50:
            for index in range(self.topLevelItemCount()):
                item = self.topLevelItem(index)
                if item is not None and item.childCount():
                    item.setExpanded(True)

    def show_problem(self, text: str) -> None:
        self.clear()
        QTreeWidgetItem(self, ["", text])

    def _add_children(self, parent: QTreeWidgetItem, value: Any, start: int) -> None:
        items = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
        if not isinstance(value, dict | list):
            items = [("", value)]
        for key, child in items[start : start + CHUNK]:
            item = _Node(parent, [visible(str(key)), describe_value(child)])
            field = _COLOR_FIELDS.get(type(child))
            if field:
                item.setData(1, _KIND_ROLE, field)
                item.setForeground(1, self._brush(field))
            if isinstance(child, dict | list) and child:
                item.value = child
                QTreeWidgetItem(item, [_PLACEHOLDER])
        rest = len(items) - start - CHUNK
        if rest > 0:
            more = _Node(parent, ["", f"… {rest:,} more (double-click)"])
            more.value, more.more_from = value, start + CHUNK

    def changeEvent(self, event: QEvent) -> None:
        """A theme switch: recolor the values already shown."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            items = QTreeWidgetItemIterator(self)
            while item := items.value():
                field = item.data(1, _KIND_ROLE)
                if field:
                    item.setForeground(1, self._brush(str(field)))
                items += 1

    def _brush(self, field: str) -> QBrush:
        return QBrush(QColor(getattr(theme_for(self.palette()), field)))

    def _fill(self, item: QTreeWidgetItem) -> None:
        first = item.child(0)
        if isinstance(item, _Node) and first is not None and first.text(0) == _PLACEHOLDER:
            item.takeChild(0)
            self._add_children(item, item.value, 0)

    def _more(self, item: QTreeWidgetItem) -> None:
        if not isinstance(item, _Node) or item.more_from is None:
            return
        parent = item.parent() or self.invisibleRootItem()
        value, start = item.value, item.more_from
        parent.removeChild(item)
        self._add_children(parent, value, start)
