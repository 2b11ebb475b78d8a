"""Ties profiles to the window: opening one fills the connection panel, edits mark it unsaved,
and switching away or quitting with unsaved changes asks first (without a nested loop)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from wsgui.core.model.options import ConnectOptions
from wsgui.core.profiles.profile import Profile
from wsgui.ui.common.window_state import WindowState
from wsgui.ui.page.connection_page import ConnectionPage
from wsgui.ui.profiles.controller import ProfileController
from wsgui.ui.profiles.panel import ProfilesPanel
from wsgui.ui.profiles.unsaved_prompt import CANCEL, SAVE, UnsavedPrompt


class ProfileBinding(QObject):
    def __init__(
        self,
        window: QWidget,
        current_page: Callable[[], ConnectionPage],
        profiles: ProfileController,
        profiles_panel: ProfilesPanel,
        state: WindowState | None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.current_page = current_page
        self.profiles = profiles
        self.state = state
        self.prompt: UnsavedPrompt | None = None
        profiles_panel.open_requested.connect(self.request_open)
        profiles_panel.replace_secrets_requested.connect(self.save_with_references)
        profiles.current_changed.connect(self._remember_last)

    def request_open(self, profile: Profile | None) -> None:
        """Open ``profile`` (None: a new connection), asking first if there are unsaved edits."""
        self.when_saved_or_discarded(lambda: self.open_now(profile))

    def open_now(self, profile: Profile | None) -> None:
        """Load ``profile`` into the current tab."""
        page = self.current_page()
        options = profile.options if profile is not None else ConnectOptions(url="")
        self.profiles.current = None  # loading the fields must not mark anything unsaved
        page.panel.load_options(options)
        page.snippets.load(profile.messages if profile is not None else ())
        self.profiles.open(profile)

    def save_with_references(self) -> bool:
        """The save refused for want of a keyring, with ${VARIABLE} references in the current
        tab's fields instead of the secrets."""
        return self.profiles.save_with_references(self.current_page().panel.load_options)

    def when_saved_or_discarded(self, proceed: Callable[[], None]) -> None:
        """Run ``proceed`` now, or after the user answered the unsaved-changes prompt."""
        current = self.profiles.current
        if current is None or not self.profiles.dirty:
            proceed()
            return
        if self.prompt is not None:
            self.prompt.raise_()  # already asking (e.g. a second close): one answer only
            return

        def answered(answer: str) -> None:
            self.prompt = None
            if answer == CANCEL:
                return
            if answer == SAVE and not self.profiles.save():
                return  # the save failed and said why: stay
            proceed()

        self.prompt = UnsavedPrompt(self.window, current.name, answered)
        self.prompt.open()

    def _remember_last(self, profile: Profile | None) -> None:
        self.current_page().profile = profile
        if self.state is not None and profile is not None:
            self.state.set_last_profile(profile.name)
