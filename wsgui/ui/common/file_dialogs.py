"""A file picker that never blocks the event loop (``open()``, not ``exec()``: the qasync
rules) and is wide enough for its title; what was picked goes to ``then``."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFileDialog, QWidget

from wsgui.ui.common.dialog_fit import fit_title

__all__ = ["pick_file"]


def pick_file(
    parent: QWidget | None,
    title: str,
    filters: str,
    then: Callable[[str], object],
    *,
    save_suffix: str = "",
    name: str = "",
) -> QFileDialog:
    """Open an existing file, or (``save_suffix``, e.g. ``"toml"``) choose where to save."""
    dialog = QFileDialog(parent, title)
    if name:
        dialog.setObjectName(name)
    dialog.setNameFilter(filters)
    if save_suffix:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(save_suffix)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    fit_title(dialog)
    dialog.fileSelected.connect(then)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
