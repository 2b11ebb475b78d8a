"""Save session as scenario, when the log holds received JSON: which fields the expects check
(ids, times and tokens unticked, so a replay is not flaky), or every text exactly, and how
long each expect waits. Non-modal (``open()``); the choice goes to ``chosen``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wsgui.core.scenarios.scenario import DEFAULT_WITHIN
from wsgui.ui.common.dialog_fit import fit_title
from wsgui.ui.common.labels import plain_label

if TYPE_CHECKING:  # recording (and tomli-w) load when a session is saved
    from wsgui.core.scenarios.recording import FieldChoice

__all__ = ["RecordChoice", "RecordDialog"]

EXAMPLE_CHARS = 40


@dataclass(frozen=True)
class RecordChoice:
    paths: tuple[str, ...]  # the JSON fields each received object's expect checks
    exact: bool  # every received text expected exactly instead
    within: float  # seconds each expect waits


class RecordDialog(QDialog):
    chosen = Signal(object)  # RecordChoice

    def __init__(
        self, fields: Sequence[FieldChoice], count: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recordDialog")
        self.setWindowTitle("Save session as scenario")
        intro = plain_label()
        intro.setText(
            f"{count:,} entries. A received JSON object becomes an expect that checks the "
            "fields ticked here; untick what changes from run to run (ids, times, tokens: "
            "unticked already when they look like one)."
        )
        self.fields = QListWidget()
        self.fields.setObjectName("recordFields")
        self.fields.setAccessibleName("Fields to check")
        for field in fields:
            example = json.dumps(field.example, ensure_ascii=False)
            if len(example) > EXAMPLE_CHARS:
                example = example[: EXAMPLE_CHARS - 1] + "…"
            item = QListWidgetItem(f"{field.path}    e.g. {example}")
            item.setData(Qt.ItemDataRole.UserRole, field.path)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if field.volatile else Qt.CheckState.Checked)
            self.fields.addItem(item)
        self.exact = QCheckBox("Expect every received text exactly (no fields)")
        self.exact.setObjectName("recordExact")
        self.exact.toggled.connect(lambda on: self.fields.setEnabled(not on))
        self.within = QDoubleSpinBox()
        self.within.setObjectName("recordWithin")
        self.within.setRange(0.1, 600.0)
        self.within.setDecimals(1)
        self.within.setSuffix(" s")
        self.within.setValue(DEFAULT_WITHIN)
        self.within.setToolTip("How long each expect waits for its message when the file runs")
        self.message = plain_label("recordMessage")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = QPushButton("Save…")
        self.save_button.setObjectName("recordSaveButton")
        self.save_button.setDefault(True)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Each expect waits", self.within)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.fields, 1)
        layout.addWidget(self.exact)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(560, 420)
        fit_title(self)
        self.finished.connect(self.deleteLater)

    def ticked(self) -> tuple[str, ...]:
        items = (self.fields.item(i) for i in range(self.fields.count()))
        return tuple(
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item is not None and item.checkState() is Qt.CheckState.Checked
        )

    def _save(self) -> None:
        exact, paths = self.exact.isChecked(), self.ticked()
        if not exact and not paths:
            self.message.setText("Tick at least one field, or expect every received text exactly")
            return
        self.accept()
        self.chosen.emit(RecordChoice(() if exact else paths, exact, self.within.value()))
