"""The window's environment: which set of ``{{variables}}`` the URL, headers, messages,
snippets and on-connect steps of every tab resolve with (Postman's environment selector).

The environments are ``environments.toml`` in wsgui's config folder, the format a scenario
folder uses, so ``wsgui run --env`` and the window speak of the same ``local``/``staging``.
The choice is remembered; secrets are read when an environment is chosen, shown masked.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QToolButton, QWidget

from wsgui.core.model.masking import Mask, value_mask
from wsgui.core.model.options import ConnectOptions, OptionsError
from wsgui.core.model.secrets import SecretStore
from wsgui.core.scenarios.environments import Environment, environment_scope, read_environments
from wsgui.core.scenarios.options_variables import resolve_options
from wsgui.core.scenarios.scenario import Scenario
from wsgui.core.scenarios.variables import Scope
from wsgui.ui.scenarios.environments_dialog import EnvironmentsDialog

__all__ = ["NO_ENVIRONMENT", "EnvironmentPicker"]

NO_ENVIRONMENT = "No environment"


class EnvironmentPicker(QWidget):
    """A combo of the environments and an Edit… button; ``scope()`` is what resolves."""

    changed = Signal(str)  # the environment's name ("" for none)
    problem = Signal(str)  # the file could not be read: what the status bar says

    def __init__(
        self,
        path: Path,
        secrets: SecretStore | None = None,
        remembered: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.path, self.secrets = path, secrets
        self.environments: dict[str, Environment] = {}
        self.last_problem = ""  # why the file was not read, if it was not
        self._scope = Scope()
        self.combo = QComboBox()
        self.combo.setObjectName("environmentCombo")
        self.combo.setToolTip(
            "Environment: the values of {{variables}} in the URL, headers, auth, messages, "
            f"snippets and on-connect steps of every tab (from {path})"
        )
        self.combo.setAccessibleName("Environment")
        self.edit_button = QToolButton()
        self.edit_button.setObjectName("editEnvironmentsButton")
        self.edit_button.setText("Edit…")
        self.edit_button.setToolTip("Edit the environments (environments.toml)")
        self.edit_button.clicked.connect(self.open_editor)
        self.dialog: EnvironmentsDialog | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.setSpacing(2)
        layout.addWidget(self.combo)
        layout.addWidget(self.edit_button)
        self.reload(remembered)
        self.combo.currentIndexChanged.connect(self._on_chosen)

    @property
    def current(self) -> str:
        return "" if self.combo.currentIndex() <= 0 else self.combo.currentText()

    def reload(self, choose: str | None = None) -> None:
        """Read the file again; keep (or pick) the chosen environment if it still exists."""
        wanted = self.current if choose is None else choose
        try:
            self.environments = read_environments(self.path)
        except OptionsError as exc:
            self.environments = {}
            self.last_problem = f"Environments not loaded: {exc}"
            self.problem.emit(self.last_problem)
        else:
            self.last_problem = ""
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(NO_ENVIRONMENT)
        self.combo.addItems(sorted(self.environments))
        index = self.combo.findText(wanted) if wanted else 0
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)
        self._rebuild()
        self.changed.emit(self.current)  # the values may have changed with the file

    def scope(self) -> Scope:
        """The chosen environment's variables (its secrets read when it was chosen)."""
        return self._scope

    def resolve_text(self, text: str, where: str) -> str:
        return self._scope.resolve(text, where)

    def shown_text(self, text: str) -> str:
        return self._scope.shown(text, "")

    def secret_mask(self) -> Mask | None:
        """What masks the chosen environment's secret values in a tab's log (None: none)."""
        return value_mask(self._scope.secret_values())

    def resolve(self, options: ConnectOptions) -> ConnectOptions:
        return resolve_options(options, self._scope)

    def scope_for(self, scenario: Scenario) -> Scope:
        """A scenario's variables in the window (the Tests tab): its [variables], then the
        chosen environment, then the scenario's own table of that name, if it has one."""
        layers = [scenario.variables]
        for found in (self.environments.get(self.current), scenario.environments.get(self.current)):
            if found is not None:
                layers.append(found)
        return environment_scope(layers, {}, self.secrets)

    def choose(self) -> None:
        """Tests > Choose environment… (Ctrl+Shift+V): the list open, the focus in it."""
        self.combo.setFocus()
        self.combo.showPopup()

    def open_editor(self) -> EnvironmentsDialog:
        if self.dialog is None:
            self.dialog = EnvironmentsDialog(self.path, self.window())
            self.dialog.saved.connect(lambda: self.reload())
        self.dialog.load()
        self.dialog.open()
        return self.dialog

    def _on_chosen(self) -> None:
        self._rebuild()
        self.changed.emit(self.current)

    def _rebuild(self) -> None:
        chosen = self.environments.get(self.current)
        self._scope = environment_scope([chosen] if chosen else [], {}, self.secrets)
