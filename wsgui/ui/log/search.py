"""The search box and filters above the log (Ctrl+F): text or regex, case, directions, kinds,
and the count of shown entries. Typing is debounced so the window stays responsive.

An invalid regex is told inside the edit (a ⚠ at its end, red text, the message in the
tooltips of both): nothing beside the edit changes size, so the edit keeps its width while
the user fixes the pattern."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QStyle,
    QToolButton,
    QWidget,
)

from wsgui.core.log.filter import CATEGORIES, FilterError, LogFilter
from wsgui.core.model.entries import Direction
from wsgui.ui.common.steady_label import SteadyLabel
from wsgui.ui.theme.colors import Tone, set_tone

DEBOUNCE_MS = 150
EDIT_TIP = "Shows only the entries containing this text (or matching the regex)"
_DIRECTIONS = (
    (Direction.SENT, "↑ Sent"),
    (Direction.RECEIVED, "↓ Received"),
    (Direction.EVENT, "• Events"),
)
_CATEGORY_LABELS = {
    "text": "Text",
    "binary": "Binary",
    "control": "Ping/pong",
    "events": "Open/close",
    "errors": "Errors",
}


class LogSearch(QWidget):
    """Emits ``filter_changed`` with a valid LogFilter; says what is wrong otherwise."""

    filter_changed = Signal(object)  # LogFilter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("logSearch")
        self.edit = QLineEdit()
        self.edit.setObjectName("logFilter")
        self.edit.setPlaceholderText("Search the log (Ctrl+F)")
        self.edit.setClearButtonEnabled(True)
        self.edit.setToolTip(EDIT_TIP)
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        trailing = QLineEdit.ActionPosition.TrailingPosition
        self.problem_action = self.edit.addAction(warning, trailing)
        self.problem_action.setObjectName("logFilterProblem")
        self.problem_action.setVisible(False)
        self.problem = ""  # what is wrong with the search typed, "" when it is valid
        self.regex = QCheckBox(".*")
        self.regex.setObjectName("logFilterRegex")
        self.regex.setToolTip("Regular expression (Python syntax)")
        self.case = QCheckBox("Aa")
        self.case.setObjectName("logFilterCase")
        self.case.setToolTip("Match case")
        self.directions: dict[Direction, QAction] = {}
        self.categories: dict[str, QAction] = {}
        self.show_button = QToolButton()
        self.show_button.setObjectName("logFilterShow")
        self.show_button.setText("Show: all")
        self.show_button.setToolTip("Which directions and kinds of entries the log shows")
        self.show_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.show_button)
        for direction, text in _DIRECTIONS:
            self.directions[direction] = self._toggle(menu, text)
        menu.addSeparator()
        for category in CATEGORIES:
            self.categories[category] = self._toggle(menu, _CATEGORY_LABELS[category])
        self.show_button.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.regex)
        layout.addWidget(self.case)
        layout.addWidget(self.show_button)
        self.count = SteadyLabel("logFilterCount")
        set_tone(self.count, Tone.NOTE)
        layout.addWidget(self.count)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.apply)
        self.edit.textChanged.connect(lambda _text: self._timer.start())
        for box in (self.regex, self.case):
            box.toggled.connect(lambda _on: self.apply())

    def current(self) -> LogFilter:
        return LogFilter(
            text=self.edit.text(),
            regex=self.regex.isChecked(),
            case_sensitive=self.case.isChecked(),
            directions=frozenset(d for d, box in self.directions.items() if box.isChecked()),
            categories=frozenset(c for c, box in self.categories.items() if box.isChecked()),
        )

    def apply(self) -> None:
        """Check the filter now (the debounce calls this) and announce it if valid."""
        self._timer.stop()
        log_filter = self.current()
        hidden = [a.text() for a in (*self.directions.values(), *self.categories.values())
                  if not a.isChecked()]  # fmt: skip
        self.show_button.setText("Show: all" if not hidden else f"Show: {len(hidden)} hidden")
        try:
            log_filter.predicate()
        except FilterError as exc:
            self._show_problem(f"{exc} (the log keeps the previous search)")
            return
        self._show_problem("")
        self.filter_changed.emit(log_filter)

    def _show_problem(self, message: str) -> None:
        """Say what is wrong inside the edit (its width stays), or that nothing is."""
        if message == self.problem:
            return
        self.problem = message
        self.problem_action.setToolTip(message)
        self.problem_action.setVisible(bool(message))
        self.edit.setToolTip(message or EDIT_TIP)
        self.edit.setAccessibleDescription(message)
        set_tone(self.edit, Tone.ERROR if message else Tone.NONE)

    def show_count(self, shown: int, total: int, searching: bool = False) -> None:
        """How many entries the filter shows; ``searching``: the rows on disk are still
        being searched (more may come)."""
        text = f"{shown:,} of {total:,} shown" if shown != total else f"{total:,} entries"
        self.count.setText(text + (" · searching the rows on disk…" if searching else ""))

    def _toggle(self, menu: QMenu, text: str) -> QAction:
        action = menu.addAction(text)
        action.setCheckable(True)
        action.setChecked(True)
        action.toggled.connect(lambda _on: self.apply())
        return action
