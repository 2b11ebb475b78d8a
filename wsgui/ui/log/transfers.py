"""Log > Export log… and Log > Open log file…: a non-modal file picker, then the work in a
worker thread behind a progress dialog with Cancel (see wsgui.core.log.transfer)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget
from shiboken6 import isValid

from wsgui.core.connection.errors import file_reason
from wsgui.core.log.export import LogFormatError
from wsgui.core.log.transfer import Progress, TransferCancelledError, export_rows, import_log
from wsgui.core.model.entries import LogEntry
from wsgui.ui.log.filtered_model import FilteredLogModel

EXPORT_FILTERS = "NDJSON, everything (*.ndjson);;CSV (*.csv);;HAR, messages only (*.har)"
IMPORT_FILTERS = "Logs (*.ndjson *.jsonl *.har);;All files (*)"
_SUFFIXES = {"NDJSON": ".ndjson", "CSV": ".csv", "HAR": ".har"}
_SCALE = 1000  # progress bar steps


class LogTransfers(QObject):
    imported = Signal(str, list)  # a name for the tab, the entries read

    def __init__(
        self,
        window: QWidget,
        model: FilteredLogModel,
        url: Callable[[], str],
        report: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.model = model
        self.url = url
        self.report = report
        self.dialog: QFileDialog | None = None
        self.progress_dialog: QProgressDialog | None = None
        # The progress dialog shows once a transfer has run this long (a test sets 0: Qt
        # starts that wait when the dialog is made, so changing it later is too late).
        self.show_after_ms = 400
        self.task: asyncio.Future[None] | None = None
        self.progress: Progress | None = None

    def choose_export_file(self, shown_only: bool = False) -> QFileDialog:
        """Every entry, or (``shown_only``) those the search and filters show."""
        title = "Export the shown entries" if shown_only else "Export the log"
        dialog = self._file_dialog(title, EXPORT_FILTERS, save=True)
        dialog.fileSelected.connect(
            lambda path: self.export(path, dialog.selectedNameFilter(), shown_only)
        )
        dialog.open()
        return dialog

    def choose_import_file(self) -> QFileDialog:
        dialog = self._file_dialog("Open a log file (read-only)", IMPORT_FILTERS, save=False)
        dialog.fileSelected.connect(self.import_file)
        dialog.open()
        return dialog

    def export(self, path: str, name_filter: str = "", shown_only: bool = False) -> None:
        """Snapshot the rows now (a list copy), write them in a worker thread."""
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(_SUFFIXES.get(name_filter.split(",")[0], ".ndjson"))
        if shown_only:
            rows = self.model.shown_rows()
        else:
            self.model.flush()
            rows = self.model.store.snapshot()
        url = self.url()
        label = f"Exporting {len(rows):,} entries to {target.name}…"
        self._start(
            label, target, "written", self._exported, partial(export_rows, target, rows, url)
        )

    def import_file(self, path: str) -> None:
        source = Path(path)
        self._start(
            f"Reading {source.name}…", source, "read", self._imported, partial(import_log, source)
        )

    def _start(
        self,
        label: str,
        path: Path,
        verb: str,
        done: Callable[[Path, Any], None],
        work: Callable[[Progress], Any],
    ) -> None:
        progress = self.progress = Progress()
        dialog = QProgressDialog(label, "Cancel", 0, _SCALE, self.window)
        dialog.setObjectName("transferProgress")
        dialog.setWindowTitle("wsgui")
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setMinimumDuration(self.show_after_ms)  # quick transfers never show it
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(progress.cancel)
        timer = QTimer(dialog, interval=100)
        timer.timeout.connect(lambda: dialog.setValue(_fraction(progress)))
        timer.start()
        self.progress_dialog = dialog
        job = self._run(path, verb, partial(work, progress), dialog, done)
        self.task = asyncio.ensure_future(job)

    async def _run(
        self,
        path: Path,
        verb: str,
        work: Callable[[], Any],
        dialog: QProgressDialog,
        done: Callable[[Path, Any], None],
    ) -> None:
        try:
            result = await asyncio.to_thread(work)
        except TransferCancelledError:
            self.report(f"Cancelled: {path.name} was not {verb}")
            return
        except LogFormatError as exc:
            self.report(f"{path.name} not {verb}: {exc}")
            return
        except OSError as exc:
            self.report(f"{path.name} not {verb}: {file_reason(exc)}")
            return
        finally:
            if isValid(dialog):  # gone if its tab was closed
                dialog.close()
                dialog.deleteLater()
        done(path, result)

    def cancel(self) -> None:
        """Stop what is running (its tab is closing): the worker stops at its next check."""
        if self.task is not None and not self.task.done():
            if self.progress is not None:
                self.progress.cancel()
            self.task.cancel()

    def _exported(self, path: Path, count: int) -> None:
        noun = "message" if path.suffix.lower() == ".har" else "entry"  # HAR keeps messages
        plural = noun if count == 1 else ("messages" if noun == "message" else "entries")
        self.report(f"Exported {count:,} {plural} to {path}")

    def _imported(self, path: Path, entries: list[LogEntry]) -> None:
        self.report(f"Opened {path.name}: {len(entries):,} entries (read-only)")
        self.imported.emit(path.name, entries)

    def _file_dialog(self, title: str, filters: str, *, save: bool) -> QFileDialog:
        dialog = QFileDialog(self.window, title)
        mode = QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen
        dialog.setAcceptMode(mode)
        if not save:
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter(filters)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        return dialog


def _fraction(progress: Progress) -> int:
    return min(_SCALE, progress.done * _SCALE // progress.total) if progress.total else 0
