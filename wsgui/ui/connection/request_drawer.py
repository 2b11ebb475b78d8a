"""The request drawer: the option tabs under the URL row, folded behind ``Request ▸``.

It folds by itself when the connection opens (the log gets the room) and unfolds when a
connect fails or an option is wrong (where the fix is); "Keep open" pins it open.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from wsgui.core.model.entries import ReadyState
from wsgui.ui.connection.options_tabs import OptionsTabs

DRAWER_LINES = 18  # the drawer at most, in lines of text (it is as tall as its tallest tab)


class RequestDrawer(QWidget):
    """Hosts ``tabs``; ``toggle`` (for the URL row) shows or folds it."""

    pinned_changed = Signal(bool)

    def __init__(self, tabs: OptionsTabs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("requestDrawer")
        self.tabs = tabs
        self.toggle = QToolButton()
        self.toggle.setObjectName("requestToggle")
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName("Request options")
        self.toggle.setToolTip(
            "Show or fold the request options: headers, params, auth, settings, TLS, proxy,\n"
            "subprotocols and Origin (Ctrl+Shift+O). They fold when the connection opens."
        )
        self.pin = QCheckBox("Keep open")
        self.pin.setObjectName("requestPin")
        self.pin.setToolTip("Keep the request options shown when the connection opens")
        tabs.setCornerWidget(self.pin)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.addWidget(tabs)
        self.setMaximumHeight(DRAWER_LINES * self.fontMetrics().lineSpacing())
        self._warning = False
        self._opened = False  # the current attempt reached OPEN
        self.toggle.setChecked(True)  # unfolded (shown with its parent), before the wiring
        self.toggle.toggled.connect(self._show)
        self.pin.toggled.connect(self.pinned_changed)
        self._label()

    def sizeHint(self) -> QSize:
        """Tall enough for the tallest tab's fields (the Settings tab shows all of them), up
        to DRAWER_LINES: the scroll areas' own hints are smaller than what they hold."""
        hint = super().sizeHint()
        pages = [area.widget() for area in self._areas()]
        tallest = max((page.sizeHint().height() for page in pages if page is not None), default=0)
        needed = tallest + self.tabs.tabBar().sizeHint().height() + 8
        return QSize(hint.width(), min(self.maximumHeight(), max(hint.height(), needed)))

    def _areas(self) -> list[QScrollArea]:
        pages = (self.tabs.widget(i) for i in range(self.tabs.count()))
        return [page for page in pages if isinstance(page, QScrollArea)]

    @property
    def unfolded(self) -> bool:
        return self.toggle.isChecked()

    def set_unfolded(self, on: bool) -> None:
        self.toggle.setChecked(on)

    def set_warning(self, warning: bool) -> None:
        """A tab has a problem: the toggle says so while the drawer is folded too."""
        self._warning = warning
        self._label()

    def follow_state(self, state: ReadyState) -> None:
        """Fold on OPEN (unless pinned); unfold when an attempt ends without opening."""
        if state is ReadyState.CONNECTING:
            self._opened = False
        elif state is ReadyState.OPEN:
            self._opened = True
            if not self.pin.isChecked():
                self.set_unfolded(False)
        elif state is ReadyState.CLOSED and not self._opened:
            self.set_unfolded(True)

    def _show(self, on: bool) -> None:
        self.setVisible(on)
        self._label()

    def _label(self) -> None:
        mark = " ⚠" if self._warning else ""
        self.toggle.setText(("Request ▾" if self.unfolded else "Request ▸") + mark)
