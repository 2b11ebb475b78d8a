"""The History panel: past sessions from the journal (URL, profile, start, state, counts,
size), searched by URL, profile or message content; open one as a read-only log tab, pin it,
delete it, or delete the sessions older than N days; and the size cap (Keep at most N MiB,
remembered in WindowState), applied off the UI thread at start and when it changes
(capping.py). It reads the store when shown and when asked (Refresh), never on a timer."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wsgui.core.history.cap import MIB, Capped, cap_message
from wsgui.core.history.store import HistoryStore, SessionInfo
from wsgui.core.log.paging import RowSource
from wsgui.core.log.store import LogStore
from wsgui.core.model.entries import LogEntry
from wsgui.core.model.options import OptionsError
from wsgui.core.model.payload import format_size
from wsgui.core.model.urls import display_url
from wsgui.ui.common.labels import plain_label
from wsgui.ui.common.text_dialog import open_text_dialog
from wsgui.ui.common.window_state import HISTORY_CAP_MIB, MAX_HISTORY_CAP_MIB, WindowState
from wsgui.ui.history.capping import CapRunner
from wsgui.ui.theme.colors import Tone, set_tone

__all__ = ["COLUMNS", "HistoryPanel"]

COLUMNS = ("Started", "URL", "Profile", "State", "Entries", "Size", "Close")
ID_ROLE = Qt.ItemDataRole.UserRole + 1
PINNED_ROLE = Qt.ItemDataRole.UserRole + 2
URL_COLUMN = COLUMNS.index("URL")
CAP_DELAY_MS = 600  # after the last change of the cap (arrows held down): then it is applied
CAP_TIP = (
    "The history store's size cap: when the store is over it, sessions are deleted oldest "
    "first (by their start) until it is under. Pinned sessions and the ones being recorded "
    "are never deleted. It is applied when wsgui starts and when you change it; "
    '"no cap" (0) keeps everything.'
)


class HistoryPanel(QWidget):
    """``open_requested(title, log, info)``: the window opens the log (a list of entries, or
    a LogStore reading them from disk by page) as a read-only log tab, with the session's
    frames when its SessionInfo (or None) counts some. ``pages``: where a
    session's rows are read back (core.history's SessionReader); without it a session is
    read whole."""

    open_requested = Signal(str, object, object)
    capped = Signal(str)  # what pruning to the cap deleted (the window's status bar says it)

    def __init__(
        self,
        store: Callable[[], HistoryStore | None],
        parent: QWidget | None = None,
        pages: Callable[[], RowSource | None] | None = None,
        state: WindowState | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store  # None when the journal could not be opened (the message says why)
        self.pages = pages
        self.state = state
        self.cap_runner = CapRunner(self._store_path, self)
        self.cap_runner.done.connect(self._pruned)
        self._quiet = False  # the start's prune says nothing when it deleted nothing
        self.search = QLineEdit()
        self.search.setObjectName("historySearch")
        self.search.setPlaceholderText("Search sessions: URL, profile or message text")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.refresh)
        self.list = QTreeWidget()
        self.list.setObjectName("historyList")
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setHeaderLabels(list(COLUMNS))
        self.list.setAccessibleName("Past sessions")
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(URL_COLUMN, QHeaderView.ResizeMode.Stretch)  # elided
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)  # the scheme and host first
        # Enter opens the current session, as a double click does (activation is both)
        self.list.itemActivated.connect(lambda _item, _column: self.open_selected())
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for name, text, tip, slot in (
            ("historyOpen", "Open", "Open the session as a read-only log tab", self.open_selected),
            ("historyPin", "Pin", "Pinned sessions are never pruned", self.toggle_pin),
            ("historyDelete", "Delete", "Delete the session from the journal", self.delete),
            ("historyPrune", "Older…", "Delete the sessions older than N days", self.ask_prune),
            ("historyRefresh", "Refresh", "Read the journal again", self.refresh),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            self.buttons[name] = button
            row.addWidget(button)
        self.message = plain_label("historyMessage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addLayout(self._cap_row())
        layout.addWidget(self.message)
        self._update_buttons()

    def _cap_row(self) -> QHBoxLayout:
        """Keep at most [2048 MiB]: the spin box ``historyCap`` (0 shows "no cap")."""
        self.cap = QSpinBox()
        self.cap.setObjectName("historyCap")
        self.cap.setRange(0, MAX_HISTORY_CAP_MIB)
        self.cap.setSingleStep(256)
        self.cap.setSuffix(" MiB")
        self.cap.setSpecialValueText("no cap")
        self.cap.setKeyboardTracking(False)  # typed: applied on Enter or leaving the box
        self.cap.setAccessibleName("History size cap")
        self.cap.setToolTip(CAP_TIP)
        self.cap.setValue(self.state.history_cap_mib() if self.state else HISTORY_CAP_MIB)
        self._cap_delay = QTimer(self, singleShot=True, interval=CAP_DELAY_MS)
        self._cap_delay.timeout.connect(self.apply_cap)
        self.cap.valueChanged.connect(self._cap_changed)
        label = QLabel("&Keep at most")
        label.setBuddy(self.cap)
        label.setToolTip(CAP_TIP)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.cap)
        row.addStretch(1)
        return row

    def _cap_changed(self, mib: int) -> None:
        if self.state is not None:
            self.state.set_history_cap_mib(mib)
        self._cap_delay.start()

    def apply_cap(self, *, quiet: bool = False) -> bool:
        """Prune the store to the cap in the spin box, in the worker thread (its result is
        said when it is done); ``quiet``: say it only if sessions were deleted or it failed
        (at start). False when there is no store."""
        self._cap_delay.stop()
        self._quiet = quiet
        started = self.cap_runner.start(self.cap.value() * MIB)
        if started and not quiet and self.cap.value():
            self._say(f"Keeping history under {self.cap.value():,} MiB…", Tone.NOTE)
        return started

    def _pruned(self, result: Capped | str) -> None:
        if isinstance(result, str):
            self._say(result, Tone.ERROR)
            self.capped.emit(result)
            return
        if self._quiet and not result.deleted and not result.over:
            return
        self.refresh()
        text = cap_message(result)
        self._say(text, Tone.ERROR if result.over and not result.deleted else Tone.NOTE)
        if result.deleted or not self._quiet:
            self.capped.emit(text)

    def _store_path(self) -> Path | None:
        store = self.store()
        return None if store is None else store.path

    def refresh(self) -> None:
        store = self.store()
        self.list.clear()
        if store is None:
            self._say("No history: the journal is not open (see the status bar)", Tone.ERROR)
            return
        try:
            found = store.sessions(self.search.text().strip())
        except OptionsError as exc:
            self._say(f"History not read: {exc}", Tone.ERROR)
            return
        for info in found:
            self.list.addTopLevelItem(_item(info))
        what = "session" if len(found) == 1 else "sessions"
        self._say(f"{len(found)} {what}" + (" found" if self.search.text() else ""), Tone.NOTE)
        self._update_buttons()

    def selected(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(0, ID_ROLE))

    def open_selected(self) -> list[LogEntry] | LogStore | None:
        store, session = self.store(), self.selected()
        if store is None or session is None:
            return None
        info = store.session(session)
        source = self.pages() if self.pages is not None else None
        opened: list[LogEntry] | LogStore
        try:
            if source is not None and info is not None:
                opened = LogStore.of_session(
                    source, info.id, info.entries, sent=info.sent, received=info.received
                )
            else:
                opened = store.entries(session)
        except OptionsError as exc:
            self._say(f"Not opened: {exc}", Tone.ERROR)
            return None
        title = f"{_started(info.started)} {display_url(info.url)}" if info else str(session)
        self.open_requested.emit(title, opened, info)
        self._say(f"Opened {len(opened):,} entries", Tone.NOTE)
        return opened

    def toggle_pin(self) -> None:
        store, session = self.store(), self.selected()
        info = store.session(session) if store is not None and session is not None else None
        if store is None or info is None:
            return
        store.set_pinned(info.id, not info.pinned)
        self.refresh()

    def delete(self) -> None:
        store, session = self.store(), self.selected()
        if store is None or session is None:
            return
        info = store.session(session)
        if info is not None and info.state == "open":
            self._say("Not deleted: that session is still being recorded", Tone.ERROR)
            return
        store.delete(session)
        self.refresh()

    def ask_prune(self) -> None:
        open_text_dialog(
            self,
            "historyPruneDialog",
            "Delete old sessions",
            "Delete the sessions older than this many days (pinned ones stay):",
            self.prune,
        )

    def prune(self, text: str) -> int:
        store = self.store()
        try:
            days = float(text)
            if days < 0:
                raise ValueError
        except ValueError:
            self._say(f"Not deleted: {text!r} is not a number of days (e.g. 30)", Tone.ERROR)
            return 0
        if store is None:
            return 0
        gone = store.prune(older_than_days=days)
        self.refresh()
        self._say(f"Deleted {gone} session(s) older than {days:g} days", Tone.NOTE)
        return gone

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        item = self.list.currentItem()
        pinned = item is not None and bool(item.data(0, PINNED_ROLE))
        self.buttons["historyPin"].setText("Unpin" if pinned else "Pin")
        for name in ("historyOpen", "historyPin", "historyDelete"):
            self.buttons[name].setEnabled(chosen)

    def _say(self, text: str, tone: Tone) -> None:
        set_tone(self.message, tone)
        self.message.setText(text)


def _item(info: SessionInfo) -> QTreeWidgetItem:
    close = "" if info.close_code is None else str(info.close_code)
    state = info.state + (" · pinned" if info.pinned else "")
    item = QTreeWidgetItem(
        [
            _started(info.started),
            display_url(info.url),
            info.profile,
            state,
            f"{info.entries:,}",
            format_size(info.bytes),
            close,
        ]
    )
    item.setData(0, ID_ROLE, info.id)
    item.setData(0, PINNED_ROLE, info.pinned)
    item.setToolTip(1, display_url(info.url))
    return item


def _started(seconds: float) -> str:
    """``12-04 21:29:15`` this year, ``2025-12-04 21:29`` before."""
    when = time.localtime(seconds)
    same_year = when.tm_year == time.localtime().tm_year
    return time.strftime("%m-%d %H:%M:%S" if same_year else "%Y-%m-%d %H:%M", when)
