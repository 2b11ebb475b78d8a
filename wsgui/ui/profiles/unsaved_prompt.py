""" "Save changes to profile X?" as a non-modal message box: the answer comes by callback,
so no nested event loop runs inside the asyncio loop (see DESIGN.md, qasync rules)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from wsgui.ui.common.dialog_fit import fit_title

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


class UnsavedPrompt(QMessageBox):
    """Calls ``then`` with "save", "discard" or "cancel"."""

    def __init__(self, parent: QWidget, name: str, then: Callable[[str], None]) -> None:
        super().__init__(parent)
        self.setObjectName("unsavedPrompt")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle("Unsaved changes")
        self.setText(f"The profile '{name}' has unsaved changes.")
        self.setInformativeText("Save them before going on?")
        buttons = QMessageBox.StandardButton
        self.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
        self.setDefaultButton(buttons.Save)
        answers = {buttons.Save: SAVE, buttons.Discard: DISCARD, buttons.Cancel: CANCEL}
        self._then = then
        self._answers = answers
        self.finished.connect(self._on_finished)
        self.finished.connect(self.deleteLater)
        fit_title(self)  # last: a message box rebuilds its layout when texts are added

    def choose(self, answer: str) -> None:
        """Answer as if the user clicked (for keyboard-less automation and tests)."""
        button = next(b for b, a in self._answers.items() if a == answer)
        self.button(button).click()

    def _on_finished(self, _result: int) -> None:
        clicked = self.clickedButton()
        answer = CANCEL
        for button, name in self._answers.items():
            if clicked is self.button(button):
                answer = name
        self._then(answer)
