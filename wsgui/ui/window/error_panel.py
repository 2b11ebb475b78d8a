"""The non-modal panel that lists unexpected errors: one window however many come, the same
error counted rather than listed again; details, Copy (with the versions) and the log file."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from wsgui.core.system.crash_log import ErrorReport
from wsgui.ui.common.labels import plain_label

MAX_LISTED = 100  # the oldest go first; the log file keeps them all
INTRO = (
    "wsgui ran into an unexpected error (a bug in wsgui, not in your server). It keeps "
    "running: your connections and the log are as they were."
)


class ErrorPanel(QDialog):
    """Shows the errors reported so far; ``versions`` is added to what Copy puts on the
    clipboard."""

    def __init__(self, versions: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorPanel")
        self.setModal(False)
        self.resize(720, 460)
        self.versions = versions
        self.reports: list[ErrorReport] = []
        self.counts: dict[str, int] = {}
        self.title = plain_label("errorTitle")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        warning = QLabel()
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        warning.setPixmap(icon.pixmap(QSize(32, 32), self.devicePixelRatioF()))
        self.intro = plain_label("errorSummary")
        self.intro.setText(INTRO)
        self.log_note = plain_label("errorLogPath")
        self.log_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.list = QListWidget()
        self.list.setObjectName("errorList")
        self.list.setAccessibleName("Errors")
        self.details = QPlainTextEdit()
        self.details.setObjectName("errorDetails")
        self.details.setAccessibleName("Error details")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.copy_button = QPushButton("Copy for a bug report")
        self.copy_button.setObjectName("errorCopy")
        self.copy_button.setToolTip("Copy the selected error's details and the versions")
        self.folder_button = QPushButton("Open log folder")
        self.folder_button.setObjectName("errorLogFolder")
        self.folder_button.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list)
        splitter.addWidget(self.details)
        splitter.setSizes([110, 300])
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addWidget(self.folder_button)
        row.addStretch(1)
        row.addWidget(buttons)
        text = QVBoxLayout()
        text.addWidget(self.title)
        text.addWidget(self.intro)
        text.addWidget(self.log_note)
        heading = QHBoxLayout()
        heading.addWidget(warning, 0, Qt.AlignmentFlag.AlignTop)
        heading.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(splitter, 1)
        layout.addLayout(row)
        self.list.currentRowChanged.connect(self._show_details)
        self.copy_button.clicked.connect(self.copy)
        self.folder_button.clicked.connect(self._open_folder)
        self._folder: Path | None = None
        self._retitle()

    def add(self, report: ErrorReport) -> int:
        """List the report (or count it again); returns how often it has come."""
        count = self.counts.get(report.signature, 0) + 1
        self.counts[report.signature] = count
        if count > 1:
            row = next(i for i, r in enumerate(self.reports) if r.signature == report.signature)
            self.reports[row] = report
            self.list.item(row).setText(_row_text(report, count))
        else:
            if len(self.reports) >= MAX_LISTED:
                dropped = self.reports.pop(0)
                del self.counts[dropped.signature]
                self.list.takeItem(0)
            self.reports.append(report)
            self.list.addItem(QListWidgetItem(_row_text(report, 1)))
            row = len(self.reports) - 1
        self.list.setCurrentRow(row)
        self._show_details(row)
        self._retitle()
        return count

    def set_log_state(self, path: Path, problem: str | None) -> None:
        """Say where the errors were written, or why they could not be."""
        if problem is None:
            self.log_note.setText(f"Written to {path}")
            self._folder = path.parent
        else:
            self.log_note.setText(f"Not written to the log file: {problem}")
        self.folder_button.setEnabled(self._folder is not None)

    def text(self) -> str:
        """The selected error and the versions, as Copy puts them on the clipboard."""
        row = self.list.currentRow()
        details = self.reports[row].details.rstrip() if 0 <= row < len(self.reports) else ""
        return f"{details}\n\n{self.versions.rstrip()}\n"

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())

    def _show_details(self, row: int) -> None:
        if 0 <= row < len(self.reports):
            self.details.setPlainText(self.reports[row].details)

    def _retitle(self) -> None:
        total = sum(self.counts.values())
        self.setWindowTitle(f"wsgui — unexpected errors ({total})" if total else "wsgui")
        self.title.setText("1 unexpected error" if total == 1 else f"{total} unexpected errors")

    def _open_folder(self) -> None:
        if self._folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._folder)))


def _row_text(report: ErrorReport, count: int) -> str:
    stamp = time.strftime("%H:%M:%S", time.localtime(report.time))
    times = f"  ×{count}" if count > 1 else ""
    return f"{stamp}  [{report.origin}]  {report.summary}{times}"
