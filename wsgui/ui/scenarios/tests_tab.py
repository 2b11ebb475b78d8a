"""The Tests tab: a scenario's steps as rows (pending, pass, fail with the reason), its
summary, and the buttons to open a scenario, run it again and jump to a step's log entry.

It only shows; ``TestsRun`` plays the scenario on the tab's connection and feeds it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wsgui.core.scenarios.runner import StepResult
from wsgui.ui.common.labels import plain_label
from wsgui.ui.theme.colors import Tone, set_tone, theme_for

__all__ = ["COLUMNS", "TestsTab"]

COLUMNS = ("#", "Step", "Result", "Time", "Reason")
NUMBER, STEP, RESULT, TIME, REASON = range(len(COLUMNS))
POSITION_ROLE = Qt.ItemDataRole.UserRole + 1  # the step's entry in the log (absolute), or -1


class TestsTab(QWidget):
    open_requested = Signal()
    run_requested = Signal()
    jump_requested = Signal(int)  # the log position (entries ever appended) of a step

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.open_button = QPushButton("Open scenario…")
        self.open_button.setObjectName("openScenarioButton")
        self.open_button.setToolTip("Choose a scenario file (.toml) to run on this connection")
        self.open_button.clicked.connect(self.open_requested)
        self.run_button = QPushButton("Run")
        self.run_button.setObjectName("runTestsButton")
        self.run_button.setToolTip(
            "Run the scenario's steps on this tab's connection (F5); it connects first if "
            "needed. The file is read again at each run"
        )
        self.run_button.setEnabled(False)
        self.run_button.clicked.connect(self.run_requested)
        self.jump_button = QPushButton("Show in log")
        self.jump_button.setObjectName("jumpToLogButton")
        self.jump_button.setToolTip(
            "Select the log entry of the chosen step: the message it matched, or the last one "
            "before it failed (double-click a row does the same)"
        )
        self.jump_button.setEnabled(False)
        self.jump_button.clicked.connect(self._jump)
        self.file_label = plain_label("scenarioFileLabel")
        self.file_label.setText("No scenario: open one, or save this session as one")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for widget in (self.open_button, self.run_button, self.jump_button):
            bar.addWidget(widget)
        bar.addWidget(self.file_label, 1)
        self.table = QTreeWidget()
        self.table.setObjectName("testsTable")
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setHeaderLabels(list(COLUMNS))
        self.table.setAccessibleName("Scenario steps")
        header = self.table.header()
        header.setStretchLastSection(True)
        for column in (NUMBER, RESULT, TIME):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(STEP, 260)
        self.table.currentItemChanged.connect(self._on_current)
        self.table.itemDoubleClicked.connect(lambda _item, _column: self._jump())
        self.summary = plain_label("testsSummary")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)

    def show_scenario(self, name: str, where: str, titles: list[str]) -> None:
        """A scenario read: one pending row per step."""
        self.file_label.setText(f"{name} · {where}")
        self.file_label.setToolTip(where)
        self.run_button.setEnabled(True)
        self.table.clear()
        for number, title in enumerate(titles, 1):
            item = QTreeWidgetItem([str(number), title, "pending", "", ""])
            item.setData(NUMBER, POSITION_ROLE, -1)
            self.table.addTopLevelItem(item)
        self.say(f"{len(titles)} step(s); Run (F5) plays them on this connection", Tone.NOTE)

    def start(self) -> None:
        """A run begins: every row pending again."""
        self.run_button.setEnabled(False)
        for item in self._items():
            for column, text in ((RESULT, "pending"), (TIME, ""), (REASON, "")):
                item.setText(column, text)
            item.setForeground(RESULT, self.palette().placeholderText())
            item.setData(NUMBER, POSITION_ROLE, -1)
        self.say("Running…", Tone.NOTE)

    def step_running(self, index: int) -> None:
        item = self.table.topLevelItem(index)
        if item is not None:
            item.setText(RESULT, "running")
            self.table.scrollToItem(item)

    def step_done(self, index: int, result: StepResult, position: int) -> None:
        item = self.table.topLevelItem(index)
        if item is None:
            return
        item.setText(RESULT, "PASS" if result.passed else "FAIL")
        theme = theme_for(self.palette())
        item.setForeground(RESULT, QColor(theme.ok_text if result.passed else theme.error_text))
        item.setText(TIME, f"{result.seconds * 1000:,.1f} ms")
        item.setText(REASON, result.reason)
        item.setToolTip(REASON, result.reason)
        item.setData(NUMBER, POSITION_ROLE, position)
        self._on_current(self.table.currentItem())

    def finish(self, text: str, tone: Tone) -> None:
        self.run_button.setEnabled(True)
        self.say(text, tone)

    def say(self, text: str, tone: Tone) -> None:
        set_tone(self.summary, tone)
        self.summary.setText(text)

    def results(self) -> list[str]:
        """What the Result column shows, row by row (for tests and screen readers)."""
        return [item.text(RESULT) for item in self._items()]

    def _items(self) -> list[QTreeWidgetItem]:
        table = self.table
        found = (table.topLevelItem(i) for i in range(table.topLevelItemCount()))
        return [item for item in found if item is not None]

    def _position(self) -> int:
        item = self.table.currentItem()
        return -1 if item is None else int(item.data(NUMBER, POSITION_ROLE))

    def _on_current(self, _item: object) -> None:
        self.jump_button.setEnabled(self._position() >= 0)

    def _jump(self) -> None:
        position = self._position()
        if position >= 0:
            self.jump_requested.emit(position)
