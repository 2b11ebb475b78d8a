"""The detail pane (the inspector under the log): folded until a row is selected, as in the
browser DevTools; folded by the user, it stays so until they open it again."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QSplitter, QToolButton, QWidget

SHARE = 0.3  # of the splitter's height, when it opens


class DetailPane(QObject):
    """``splitter`` holds the log (index 0) and the pane (index 1)."""

    shown_changed = Signal(bool)

    def __init__(self, splitter: QSplitter, pane: QWidget) -> None:
        super().__init__(splitter)
        self.splitter, self.pane = splitter, pane
        self.folded_by_user = False
        self.toggle = QToolButton()
        self.toggle.setObjectName("detailToggle")
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName("Detail pane")
        self.toggle.setToolTip(
            "Show or fold the detail pane: the selected message, frames, handshake and\n"
            "snippets (Ctrl+J). It opens when a row is selected."
        )
        splitter.setCollapsible(0, False)
        splitter.setCollapsible(1, True)
        splitter.splitterMoved.connect(lambda _pos, _index: self._moved())
        self.toggle.clicked.connect(self._clicked)
        self._label()

    @property
    def shown(self) -> bool:
        sizes = self.splitter.sizes()
        return len(sizes) > 1 and sizes[1] > 0

    def open(self) -> None:
        """Show the pane (a selection, Show handshake, the toggle)."""
        if self.shown:
            return
        total = sum(self.splitter.sizes()) or self.splitter.height()
        pane = max(self.pane.minimumSizeHint().height(), int(total * SHARE))
        self.splitter.setSizes([max(1, total - pane), pane])
        self._label()

    def fold(self) -> None:
        total = sum(self.splitter.sizes())
        self.splitter.setSizes([total, 0])
        self._label()

    def follow_selection(self, selected: bool) -> None:
        """A row was selected: open, unless the user folded the pane."""
        if selected and not self.folded_by_user:
            self.open()

    def set_shown(self, on: bool) -> None:
        """The toggle or View > Detail pane: what the user asks for is kept."""
        self.folded_by_user = not on
        if on:
            self.open()
        else:
            self.fold()

    def _clicked(self) -> None:
        self.set_shown(self.toggle.isChecked())

    def _moved(self) -> None:
        self.folded_by_user = not self.shown  # dragged shut: the user's choice
        self._label()

    def _label(self) -> None:
        shown = self.shown
        self.toggle.setChecked(shown)
        self.toggle.setText("Details ▾" if shown else "Details ▴")
        self.shown_changed.emit(shown)
