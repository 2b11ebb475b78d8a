"""Log > Export log…: a non-modal file picker, then the file written off the UI thread."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QWidget

from wsgui.core.entries import LogEntry
from wsgui.core.log_export import LogFormatError, export_path
from wsgui.ui.log_model import LogModel

FILTERS = "NDJSON, everything (*.ndjson);;CSV (*.csv);;HAR, messages only (*.har)"
_SUFFIXES = {"NDJSON": ".ndjson", "CSV": ".csv", "HAR": ".har"}


class LogExporter(QObject):
    def __init__(
        self,
        window: QWidget,
        model: LogModel,
        url: Callable[[], str],
        report: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.model = model
        self.url = url
        self.report = report
        self.dialog: QFileDialog | None = None
        self.task: asyncio.Future[None] | None = None

    def choose_file(self) -> QFileDialog:
        dialog = QFileDialog(self.window, "Export the log")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(FILTERS)
        dialog.fileSelected.connect(lambda path: self.export(path, dialog.selectedNameFilter()))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def export(self, path: str, name_filter: str = "") -> None:
        """Snapshot the entries now, write them in a worker thread, report when done."""
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(_SUFFIXES.get(name_filter.split(",")[0], ".ndjson"))
        self.model.flush()
        entries = list(self.model.store)  # FIXME
        self.task = asyncio.ensure_future(self._write(target, entries))

    async def _write(self, target: Path, entries: list[LogEntry]) -> None:
        try:
            count = await asyncio.to_thread(export_path, target, entries, self.url())
        except (LogFormatError, OSError) as exc:
            self.report(f"Log not exported: {exc}")
            return
        self.report(f"Exported {count:,} entries to {target}")
