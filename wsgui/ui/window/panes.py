"""F6 / Shift+F6: the focus jumps from pane to pane (URL row, request drawer, composer,
log, detail pane, profiles), as in browsers and IDEs; panes folded away are skipped."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from wsgui.ui.window.host import WindowHost


def panes(window: WindowHost) -> list[tuple[QWidget, QWidget]]:
    """(the pane, the widget that takes the focus in it), in screen order, shown ones only."""
    page = window.page
    found: list[tuple[QWidget, QWidget]] = [(page.panel.url_combo, page.panel.url_edit)]
    drawer = page.panel.drawer
    if drawer.unfolded:
        found.append((drawer, drawer.tabs.tabBar()))
    found.append((page.composer, page.composer.editor))
    found.append((page.log_tabs, page.log_view))
    if page.detail_pane.shown:
        found.append((page.inspector, page.inspector.tabBar()))
    panel = window.profiles_panel
    if panel is not None and window.profiles_dock.isVisible():
        found.append((window.profiles_dock, panel.list))
    return [(pane, target) for pane, target in found if target.isVisibleTo(window)]


def cycle_panes(window: WindowHost, step: int) -> QWidget | None:
    """Focus the next (step 1) or previous (-1) pane after the one holding the focus."""
    shown = panes(window)
    if not shown:
        return None
    focus = window.focusWidget()
    current = next(
        (
            index
            for index, (pane, target) in enumerate(shown)
            if focus is not None and (focus is target or pane.isAncestorOf(focus))
        ),
        -1 if step > 0 else 0,
    )
    target = shown[(current + step) % len(shown)][1]
    target.setFocus()
    return target
