"""The profiles dock as a rail: it folds to a narrow strip beside the tabs (a click on the
strip, « in its title, or View > Profiles) and comes back at the width it had. Whether it is
folded, and that width, are remembered across restarts."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSizePolicy,
    QStyle,
    QStyleOptionToolButton,
    QStylePainter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from wsgui.ui.common.window_state import WindowState
from wsgui.ui.profiles.panel import ProfilesPanel

SHORTCUT = "Ctrl+B"  # as the side bar in VS Code and the browsers
FOLDED_KEY = "profiles_rail/folded"
WIDTH_KEY = "profiles_rail/width"
DEFAULT_WIDTH = 260
WIDGET_MAX = 16_777_215  # QWIDGETSIZE_MAX


class RailButton(QToolButton):
    """A tool button whose text runs down the strip (read top to bottom)."""

    def sizeHint(self) -> QSize:
        return super().sizeHint().transposed()

    def minimumSizeHint(self) -> QSize:
        return super().minimumSizeHint().transposed()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionToolButton()
        self.initStyleOption(option)
        painter.rotate(90)
        painter.translate(0, -self.width())
        option.rect = option.rect.transposed()
        painter.drawComplexControl(QStyle.ComplexControl.CC_ToolButton, option)


class ProfilesRail(QWidget):
    """The dock's content: the profiles panel, or (folded) a strip that unfolds it."""

    def __init__(
        self,
        panel: ProfilesPanel,
        dock: QDockWidget,
        window: QMainWindow,
        state: WindowState | None = None,
    ) -> None:
        super().__init__(dock)
        self.setObjectName("profilesRail")
        self.panel = panel
        self.dock = dock
        self.window_ = window
        self.state = state
        self.folded = False
        self.width_ = DEFAULT_WIDTH
        if state is not None:
            self.width_ = _int(state.settings.value(WIDTH_KEY, DEFAULT_WIDTH), DEFAULT_WIDTH)

        self.strip = RailButton()
        self.strip.setObjectName("profilesRailButton")
        self.strip.setText("Profiles  »")
        self.strip.setAccessibleName("Show the profiles")
        self.strip.setToolTip(f"Show the profiles ({SHORTCUT})")
        self.strip.setAutoRaise(True)
        self.strip.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.strip.clicked.connect(lambda: self.set_folded(False))

        self.title_bar = QWidget()
        self.title_bar.setObjectName("profilesTitleBar")
        title = QLabel("Profiles")
        fold = QToolButton()
        fold.setObjectName("profilesFoldButton")
        fold.setText("«")
        fold.setAccessibleName("Fold the profiles")
        fold.setToolTip(f"Fold the profiles into a narrow rail ({SHORTCUT})")
        fold.setAutoRaise(True)
        fold.clicked.connect(lambda: self.set_folded(True))
        row = QHBoxLayout(self.title_bar)
        row.setContentsMargins(6, 2, 2, 2)
        row.addWidget(title, 1)
        row.addWidget(fold)
        self.fold_button = fold
        self.no_title = QWidget()  # folded: no title bar, the strip says it all

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(panel, 1)
        layout.addWidget(self.strip, 1)
        self.strip.setVisible(False)

        self.action = QAction("&Profiles", window)
        self.action.setCheckable(True)
        self.action.setChecked(True)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setToolTip("Show the profiles panel, or fold it into a narrow rail")
        self.action.toggled.connect(lambda shown: self.set_folded(not shown))

        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )  # not closable: folding is the way to make room, and the strip brings it back
        dock.setTitleBarWidget(self.title_bar)
        dock.setWidget(self)
        folded = state is not None and _bool(state.settings.value(FOLDED_KEY, False))
        if folded:
            self.set_folded(True, remember=False)
        # An older window state may have the dock hidden (it could be closed then).
        QTimer.singleShot(0, self, self._show_hidden_dock)

    def toggle(self) -> None:
        self.set_folded(not self.folded)

    def set_folded(self, folded: bool, *, remember: bool = True) -> None:
        """Fold into the strip, or unfold at the width the panel had."""
        if folded == self.folded:
            return
        self.folded = folded
        if folded:
            if self.dock.isVisible() and self.dock.width() > self.strip.sizeHint().width() * 2:
                self.width_ = self.dock.width()
            if self.dock.isFloating():
                self.dock.setFloating(False)
            self.panel.setVisible(False)
            self.strip.setVisible(True)
            self.dock.setTitleBarWidget(self.no_title)
            self.setMaximumWidth(self.strip.sizeHint().width())
        else:
            self.setMaximumWidth(WIDGET_MAX)
            self.strip.setVisible(False)
            self.panel.setVisible(True)
            self.dock.setTitleBarWidget(self.title_bar)
            self.dock.show()
            self.window_.resizeDocks([self.dock], [self.width_], Qt.Orientation.Horizontal)
        self.action.blockSignals(True)
        self.action.setChecked(not folded)
        self.action.blockSignals(False)
        if remember and self.state is not None:
            self.state.settings.setValue(FOLDED_KEY, folded)
            self.state.settings.setValue(WIDTH_KEY, self.width_)

    def _show_hidden_dock(self) -> None:
        if self.dock.isHidden():
            self.set_folded(True)
            self.dock.show()


def _bool(value: object) -> bool:
    """QSettings' ini files give "true" / "false" back as text."""
    return value is True or str(value).lower() == "true"


def _int(value: object, default: int) -> int:
    try:
        return max(int(str(value)), 120)
    except ValueError:
        return default
