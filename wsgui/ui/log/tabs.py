"""The live log and the logs opened from files, as tabs; opened ones close with their tab."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStyle, QTabWidget, QWidget

from wsgui.core.log.store import LogStore
from wsgui.core.model.entries import LogEntry
from wsgui.ui.log.imported_log import ImportedLog


class LogTabs(QTabWidget):
    entry_selected = Signal(object)  # LogEntry | None, from an opened log
    resend_requested = Signal(list)  # payloads to send on the live connection

    def __init__(self, live: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("logTabs")
        self.setDocumentMode(True)
        self.setTabsClosable(True)
        self.addTab(live, "Live")
        self.setTabToolTip(0, "This window's connection")
        self.tabBar().setTabButton(0, self.tabBar().ButtonPosition.RightSide, None)  # stays
        self.tabCloseRequested.connect(self.close_tab)

    def open_log(self, source: str, entries: list[LogEntry] | LogStore) -> ImportedLog:
        imported = ImportedLog(source, entries)
        imported.view.entry_selected.connect(self.entry_selected)
        imported.resend_requested.connect(self.resend_requested)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        index = self.addTab(imported, icon, source)
        self.setTabToolTip(index, f"{source} (read-only)")
        self.setCurrentIndex(index)
        return imported

    def imported(self) -> list[ImportedLog]:
        return [w for i in range(self.count()) if isinstance(w := self.widget(i), ImportedLog)]

    def close_tab(self, index: int) -> None:
        widget = self.widget(index)
        if index > 0 and widget is not None:
            self.removeTab(index)
            widget.deleteLater()
