"""What the log table shows: the LogModel's rows that pass the search and filters.

It keeps a list of source rows (or none at all when nothing is filtered, the common case)
and follows the source: new batches are tested as they arrive, trimmed rows are dropped
with one removal, a reset recomputes. Views use it exactly like the LogModel.

Rows on disk (a journaled log beyond its memory window) are searched in a worker thread,
through a connection of its own: the rows in memory are shown at once, the stored ones
join them when the query ends (``searching_stored`` meanwhile; ``stored_search_done``
says how it went). A query the trigram index cannot help (a regular expression, a text
in nearly every row) scans every stored row: seconds on 10 million, and the window stays
usable. A newer filter, a reset or a trim of the source makes a running search's answer
stale; it is dropped when it comes.
"""

from __future__ import annotations

import contextlib
import threading
from bisect import bisect_left, bisect_right
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from wsgui.core.log.filter import LogFilter, matching_rows, split_search
from wsgui.core.log.paging import JoinedRows, RowSource, StoredSearch
from wsgui.core.model.entries import LogEntry, Row
from wsgui.core.model.options import OptionsError
from wsgui.ui.log.model import LogModel

Index = QModelIndex | QPersistentModelIndex


class FilteredLogModel(QAbstractTableModel):
    stored_search_done = Signal(str)  # "" or why the stored rows could not be searched
    _stored_found = Signal(int, object, str)  # generation, rows found, problem (any thread)

    def __init__(self, source: LogModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.filter = LogFilter()
        self._rows: list[int] | None = None  # None: every source row, in order
        self._generation = 0  # of the search whose stored part is awaited
        self.searching_stored = False
        self._stored_found.connect(self._take_stored)
        source.rowsAboutToBeInserted.connect(self._source_about_to_insert)
        source.rowsInserted.connect(self._source_inserted)
        source.rowsAboutToBeRemoved.connect(self._source_about_to_remove)
        source.rowsRemoved.connect(self._source_removed)
        source.modelAboutToBeReset.connect(self.beginResetModel)
        source.modelReset.connect(self._source_reset)

    @property
    def store(self) -> Any:
        return self.source.store

    def set_filter(self, log_filter: LogFilter) -> None:
        """Apply a filter (FilterError for an invalid regex leaves the current one)."""
        log_filter.predicate()  # raises FilterError before anything changes
        self.beginResetModel()
        self.filter = log_filter
        self._rows = self._matching_now()
        self.endResetModel()

    def _matching_now(self) -> list[int] | None:
        """The rows the filter shows that can be found at once; a search of the stored
        rows, if any, is started for the rest."""
        self._generation += 1
        self.searching_stored = False
        if self.filter.shows_everything:
            return None
        rows = self.store.rows
        if not isinstance(rows, JoinedRows):
            return matching_rows(rows, self.filter)
        found, stored = split_search(rows, self.filter)
        if stored:
            self.searching_stored = True
            worker = threading.Thread(
                target=self._search_stored,
                args=(self._generation, rows.disk.source, stored, self.filter),
                name="wsgui log search",
                daemon=True,
            )
            worker.start()
        return found

    def _search_stored(
        self, generation: int, source: RowSource, stored: StoredSearch, log_filter: LogFilter
    ) -> None:
        """The worker thread's part: the stored rows' query, on a connection of its own."""
        found: list[int] = []
        problem = "the search stopped"
        try:
            with source.searching() as own:
                found = stored.run(own, log_filter)
            problem = ""
        except OptionsError as exc:
            problem = str(exc)
        finally:
            with contextlib.suppress(RuntimeError):  # the model is gone: nobody to tell
                self._stored_found.emit(generation, found, problem)

    def _take_stored(self, generation: int, found: list[int], problem: str) -> None:
        if generation != self._generation or self._rows is None:
            return  # a newer filter, reset or trim: this answer is stale
        self.searching_stored = False
        if found:
            if not self._rows or found[-1] < self._rows[0]:  # the usual case: older rows
                self.beginInsertRows(QModelIndex(), 0, len(found) - 1)
                self._rows[:0] = found
                self.endInsertRows()
            else:
                self.beginResetModel()
                self._rows = sorted(self._rows + found)
                self.endResetModel()
        self.stored_search_done.emit(
            f"Search: the rows on disk could not be searched: {problem}" if problem else ""
        )

    def shown_rows(self) -> list[Row]:
        """A copy of the raw rows shown now (every row when nothing is filtered)."""
        self.source.flush()
        rows = self.store.rows
        return list(rows) if self._rows is None else [rows[i] for i in self._rows]

    def entry(self, row: int) -> LogEntry:
        return self.source.entry(self._source_row(row))

    def flush(self) -> None:
        self.source.flush()

    def clear(self) -> None:
        self.source.clear()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self.store) if self._rows is None else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.source.columnCount()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return self.source.headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        try:
            return self.source.cell(self._source_row(index.row()), index.column(), role)
        except IndexError:  # asked between the source's change and its signal
            return None

    def row_for_source(self, source_row: int) -> int | None:
        """The shown row of a source row, or None when the filter hides it."""
        if self._rows is None:
            return source_row
        position = bisect_left(self._rows, source_row)
        found = position < len(self._rows) and self._rows[position] == source_row
        return position if found else None

    def nearest_row(self, source_row: int) -> int | None:
        """The shown row of a source row, or of the nearest shown entry before it (after it
        when none is before); None when nothing is shown."""
        count = self.rowCount()
        if not count:
            return None
        if self._rows is None:
            return max(0, min(source_row, count - 1))
        return max(0, bisect_right(self._rows, source_row) - 1)

    def source_row(self, row: int) -> int:
        """The source row a shown row stands for."""
        return self._source_row(row)

    def _source_row(self, row: int) -> int:
        return row if self._rows is None else self._rows[row]

    def _source_about_to_insert(self, _parent: QModelIndex, first: int, last: int) -> None:
        if self._rows is None:
            self.beginInsertRows(QModelIndex(), first, last)

    def _source_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        if self._rows is None:
            self.endInsertRows()
            return
        store = self.store
        batch = store.rows[first : last + 1]
        new = [first + index for index in matching_rows(batch, self.filter)]  # the fast path
        if new:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
            self._rows.extend(new)
            self.endInsertRows()

    def _source_about_to_remove(self, _parent: QModelIndex, first: int, last: int) -> None:
        if self._rows is None:
            self.beginRemoveRows(QModelIndex(), first, last)

    def _source_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        """The source drops its oldest rows (first is 0): drop ours that pointed there."""
        if self._rows is None:
            self.endRemoveRows()
            return
        count = last - first + 1
        if self.searching_stored:  # its rows would be counted from before the trim
            self.beginResetModel()
            self._rows = self._matching_now()
            self.endResetModel()
            return
        gone = sum(1 for row in self._rows if row <= last)
        if gone:
            self.beginRemoveRows(QModelIndex(), 0, gone - 1)
            del self._rows[:gone]
            self.endRemoveRows()
        self._rows = [row - count for row in self._rows]

    def _source_reset(self) -> None:
        if self._rows is not None:
            self._rows = self._matching_now()
        self.endResetModel()
