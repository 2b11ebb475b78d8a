"""Where the window's environment meets each tab: the picker in the tab bar's corner, and
every tab's fields, messages and snippets resolving ``{{variables}}`` with it."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget

from wsgui.ui.page.connection_page import ConnectionPage
from wsgui.ui.scenarios.environment_picker import EnvironmentPicker

__all__ = ["corner", "use_variables"]


def corner(new_tab: QToolButton, environments: EnvironmentPicker | None) -> QWidget:
    """The tab bar's right end: the environment (for every tab), then +."""
    if environments is None:
        return new_tab
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(environments)
    layout.addWidget(new_tab)
    return box


def use_variables(page: ConnectionPage, environments: EnvironmentPicker) -> None:
    """{{variables}} in this tab's fields, messages and snippets resolve with the window's
    environment, when connecting and sending; the URL line says what they stand for."""
    panel = page.panel
    panel.resolve_options = environments.resolve
    panel.show_variables = environments.shown_text
    page.composer.resolve_text = environments.resolve_text
    page.tests_run.scope_for = environments.scope_for
    page.controller.set_secret_mask(environments.secret_mask())

    def on_changed(_name: str) -> None:
        panel.revalidate_url()
        page.controller.set_secret_mask(environments.secret_mask())

    environments.changed.connect(on_changed)
