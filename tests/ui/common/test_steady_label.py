"""Counters that change on every flush must not relayout (and so repaint) the whole window."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from wsgui.ui.common.steady_label import SteadyLabel


class LayoutRequests(QObject):
    """Counts the LayoutRequest events a widget receives."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def _requests_while_counting(qapp: Any, label: QLabel) -> tuple[int, QWidget]:
    window = QWidget()
    row = QHBoxLayout(window)
    row.addWidget(QLabel("before"))
    row.addWidget(label)
    window.show()
    label.setText("↓ 9,999 msgs")
    qapp.processEvents()
    requests = LayoutRequests()
    window.installEventFilter(requests)
    for count in range(1000, 1100):  # a counter ticking at the same text width
        label.setText(f"↓ {count:,} msgs")
        qapp.processEvents()
    window.removeEventFilter(requests)
    return requests.count, window


def test_a_ticking_counter_asks_for_no_layout(qapp: Any) -> None:
    steady, window = _requests_while_counting(qapp, SteadyLabel("counter"))
    plain, other = _requests_while_counting(qapp, QLabel())
    assert plain > 50  # what a plain QLabel costs: the measure works
    assert steady == 0
    window.close()
    other.close()


def test_the_label_grows_to_fit_longer_text_and_keeps_plain_text(qapp: Any) -> None:
    label = SteadyLabel("counter")
    label.setText("short")
    short_width = label.width()
    label.setText("<b>a much longer text than before, with markup</b>")
    assert label.width() >= label.sizeHint().width() > short_width
    assert label.objectName() == "counter"
    assert label.textFormat() == Qt.TextFormat.PlainText
    label.setText("short")
    assert label.width() > short_width  # never shrinks while counting: no relayout
