"""The first-run hint over the empty log: how to connect and send, gone once there is an entry,
back when the log is cleared."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QLabel

CONNECT_KEYS = "Ctrl+Shift+Return"  # Connection > Connect / Disconnect (a test checks it)
SEND_KEYS = "Ctrl+Enter"
BUILTIN = " The URL is wsgui's built-in echo server, ready with no network."
HINT = (
    "No entries yet.\n"
    f"Connect: Enter in the URL field, or {CONNECT_KEYS}.{BUILTIN}\n"
    f"Send: type in the message box above the log, then {SEND_KEYS}."
)
MARGIN = 12
MAX_WIDTH = 760
TEXT_WEIGHT = 0.72  # of the text color against the background: muted, still over 4.5:1


class EmptyLogHint(QLabel):
    """Lies over ``view``'s viewport while ``model`` (the whole log, not what a filter
    shows) has no rows; clicks go through to the view."""

    def __init__(self, view: QAbstractItemView, model: QAbstractItemModel) -> None:
        super().__init__(view.viewport())
        self.viewport = view.viewport()
        self.setObjectName("emptyLogHint")
        self.set_builtin(False)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.model = model
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self.update_visibility)
        self.viewport.installEventFilter(self)
        self._fit()
        self._mute()
        self.update_visibility()

    def set_builtin(self, at_builtin: bool) -> None:
        """Say that the URL is the built-in echo server only while it is."""
        self.setText(HINT if at_builtin else HINT.replace(BUILTIN, ""))

    def update_visibility(self) -> None:
        self.setVisible(self.model.rowCount() == 0)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._mute()

    def _mute(self) -> None:
        """Text color between the view's text and background (Qt's placeholder grey is
        under 4.5:1 on white); recomputed when the theme changes the palette."""
        palette = self.palette()
        text = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Base)
        muted = QColor.fromRgbF(
            *(
                t * TEXT_WEIGHT + b * (1 - TEXT_WEIGHT)
                for t, b in zip(
                    (text.redF(), text.greenF(), text.blueF()),
                    (base.redF(), base.greenF(), base.blueF()),
                    strict=True,
                )
            )
        )
        if palette.color(QPalette.ColorRole.WindowText) != muted:
            only_text = QPalette()  # sets this one role: the others still follow the theme
            only_text.setColor(QPalette.ColorRole.WindowText, muted)
            self.setPalette(only_text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._fit()
        return False

    def _fit(self) -> None:
        """At the top of the viewport (a short log pane still shows it whole), centered, no
        wider than a comfortable line."""
        area = self.viewport.rect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        width = min(area.width(), MAX_WIDTH)
        area.setLeft(area.left() + (area.width() - width) // 2)
        area.setWidth(width)
        self.setGeometry(area)
