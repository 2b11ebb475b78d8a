"""Help > About wsgui: the versions a bug report needs, with a Copy button; non-modal."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wsgui import __version__
from wsgui.core.system.versions import as_text
from wsgui.ui.common.labels import plain_label
from wsgui.ui.common.resources import app_icon
from wsgui.ui.common.versions import all_versions
from wsgui.ui.theme.colors import Tone, set_tone

ICON_SIZE = 64


class AboutDialog(QDialog):
    """Shows wsgui's, Python's, Qt's and the protocol libraries' versions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About wsgui")
        self.setModal(False)
        self.versions = all_versions()
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(QSize(ICON_SIZE, ICON_SIZE), self.devicePixelRatioF()))
        title = QLabel(f"wsgui {__version__}")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        blurb = QLabel("A desktop WebSocket and Socket.IO debugging client")
        heading = QVBoxLayout()
        heading.addWidget(title)
        heading.addWidget(blurb)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(heading, 1)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for name, version in self.versions:
            value = plain_label()
            value.setText(version)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"{name}:", value)
        self.copy_button = QPushButton("Copy versions")
        self.copy_button.setObjectName("aboutCopy")
        self.copy_button.setToolTip("Copy these lines for a bug report")
        self.copy_button.clicked.connect(self.copy)
        self.message = plain_label("aboutMessage")
        set_tone(self.message, Tone.NOTE)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.copy_button)
        bottom.addWidget(self.message, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addLayout(bottom)

    def text(self) -> str:
        return as_text(self.versions)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
        self.message.setText("Copied")


def show_about(parent: QWidget) -> AboutDialog:
    """Show the window's About dialog, made once and brought back to the front."""
    dialog = parent.findChild(AboutDialog, "aboutDialog")
    if dialog is None:
        dialog = AboutDialog(parent)
    dialog.show()
    dialog.activateWindow()  # window managers raise what they activate
    return dialog
