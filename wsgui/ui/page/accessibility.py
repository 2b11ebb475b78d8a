"""What assistive technology reads out for each control, and the keyboard order of a tab's
key controls (URL, Connect, message editor, Send).

A control needs a name when nothing visible names it: a form label whose buddy is the row
around the field rather than the field, a field whose label is a placeholder, a symbol
button (▲, ◀, +, .*), a table. A name set where the widget is made wins over this list;
tests/ui/page/test_accessibility.py fails for any control left without one.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

if TYPE_CHECKING:
    from wsgui.ui.compose.composer import Composer
    from wsgui.ui.connection.panel import ConnectionPanel

# Controls a user acts on: each needs a name (its own text, a label, or an accessible name).
CONTROL_TYPES = (
    QLineEdit,
    QAbstractButton,
    QComboBox,
    QAbstractItemView,
    QPlainTextEdit,
    QTextEdit,
    QAbstractSpinBox,
)

ACCESSIBLE_NAMES = {
    # connection panel
    "urlCombo": "URL",
    "urlEdit": "URL",
    "headersTable": "Request headers",
    "queryTable": "Query parameters",
    "userAgentEdit": "Custom User-Agent",
    "newTabButton": "New connection tab",
    # log and its search bar
    "messageLog": "Message log",
    "logFilter": "Search the log",
    "logFilterRegex": "Search with a regular expression",
    "logFilterCase": "Match case",
    "logFilterShow": "Show directions and kinds",
    # inspector
    "entryView": "View the entry as",
    "entryDetail": "Selected entry",
    "jsonTree": "Selected entry as a JSON tree",
    "pagePrevious": "Previous part",
    "pageSpin": "Part",
    "pageNext": "Next part",
    "handshakeAttempts": "Handshake attempt",
    "handshakeSummary": "Handshake summary",
    "requestRaw": "Raw request",
    "requestHeaders": "Request headers sent",
    "responseRaw": "Raw response",
    "responseHeaders": "Response headers received",
    "framesView": "Frames",
    "snippetsList": "Saved messages",
    "snippetUp": "Move the saved message up",
    "snippetDown": "Move the saved message down",
    "snippetWaitFor": "Wait for a reply matching",
    # composer
    "composerEdit": "Message to send",
    "composerMode": "Message format",
    "repeatEvery": "Repeat every (milliseconds)",
    "repeatTimes": "Repeat times",
    "eventNameEdit": "Socket.IO event name",
    "eventArgsEdit": "Socket.IO event arguments (JSON)",
    "listenFilter": "Show only these Socket.IO events",
    # profiles
    "profilesSearch": "Search profiles",
    "profilesList": "Profiles",
    "savedMessages": "Saved messages of the profile",
    # command palette
    "commandPaletteEdit": "Find an action",
    "commandPaletteList": "Matching actions",
}


def name_controls(root: QWidget) -> None:
    """Give every control under ``root`` that has no name yet the one it needs."""
    label_fields(root)
    for widget in [root, *root.findChildren(QWidget)]:
        name = ACCESSIBLE_NAMES.get(widget.objectName())
        if name and not widget.accessibleName():
            widget.setAccessibleName(name)


def label_fields(root: QWidget) -> None:
    """A form label whose field is a row around the input (input, Browse…, a message) names
    that row's input instead: screen readers read it, its Alt+mnemonic focuses it."""
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            label = label_item.widget() if label_item is not None else None
            field = field_item.widget() if field_item is not None else None
            if not isinstance(label, QLabel) or field is None or not label.text():
                continue
            if isinstance(field, CONTROL_TYPES):
                label.setBuddy(field)
                continue
            inputs = [w for w in field.findChildren(QWidget) if _is_field(w)]
            if len(inputs) == 1:
                label.setBuddy(inputs[0])
            elif inputs and not inputs[0].accessibleName():
                inputs[0].setAccessibleName(label.text().replace("&", "").rstrip(":"))


def _is_field(widget: QWidget) -> bool:
    """Something typed or chosen in; not a button next to it, not a part of another field."""
    if not isinstance(widget, QLineEdit | QComboBox | QAbstractSpinBox | QPlainTextEdit):
        return False
    parent = widget.parentWidget()
    return not isinstance(parent, QComboBox | QAbstractSpinBox)


def order_key_controls(panel: ConnectionPanel, composer: Composer) -> None:
    """Tab goes from the kind and the URL to Connect and then straight to the message editor
    (Tab moves on from it), Send and the buttons beside it; then the request drawer's toggle
    and the rest of the window in screen order."""
    chain = [
        panel.kind_combo,
        panel.url_combo,  # the URL field's focus proxy
        panel.connect_button,
        composer.editor,
        composer.send_button,
        composer.send_menu_button,
        composer.ping_button,
        composer.send_file_button,
        composer.mode,
        composer.format_button,
        panel.raise_limit_button,
        panel.drawer.toggle,
    ]
    for first, second in pairwise(chain):
        QWidget.setTabOrder(first, second)
