"""The window's view of its current connection tab: ``window.panel`` is the current tab's
panel, ``window.controller`` its controller, and so on (menus, tests and tools use these)."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QSplitter, QTabWidget

from wsgui.ui.compose.composer import Composer
from wsgui.ui.compose.repeater import Repeater
from wsgui.ui.compose.snippets_panel import SnippetsPanel
from wsgui.ui.connection.close_dialog import CloseDialog
from wsgui.ui.connection.controller import SessionController
from wsgui.ui.connection.panel import ConnectionPanel
from wsgui.ui.inspector.entry_detail import EntryDetail
from wsgui.ui.inspector.entry_tools import EntryTools
from wsgui.ui.inspector.frames_view import FramesView
from wsgui.ui.inspector.handshake_view import HandshakeView
from wsgui.ui.log.filtered_model import FilteredLogModel
from wsgui.ui.log.frames_model import FramesModel
from wsgui.ui.log.message_log import MessageLog
from wsgui.ui.log.model import LogModel
from wsgui.ui.log.search import LogSearch
from wsgui.ui.log.tabs import LogTabs
from wsgui.ui.log.transfers import LogTransfers
from wsgui.ui.page.connection_page import ConnectionPage
from wsgui.ui.page.frame_links import FrameLinks
from wsgui.ui.page.status_bar import LogStatus


class CurrentPageAccess:
    """Properties that read through to ``self.page`` (the current tab)."""

    page: ConnectionPage

    @property
    def model(self) -> LogModel:
        return self.page.model

    @property
    def controller(self) -> SessionController:
        return self.page.controller

    @property
    def panel(self) -> ConnectionPanel:
        return self.page.panel

    @property
    def composer(self) -> Composer:
        return self.page.composer

    @property
    def filtered(self) -> FilteredLogModel:
        return self.page.filtered

    @property
    def log_view(self) -> MessageLog:
        return self.page.log_view

    @property
    def search(self) -> LogSearch:
        return self.page.search

    @property
    def log_tabs(self) -> LogTabs:
        return self.page.log_tabs

    @property
    def detail(self) -> EntryDetail:
        return self.page.detail

    @property
    def entry_tools(self) -> EntryTools:
        return self.page.entry_tools

    @property
    def handshake_view(self) -> HandshakeView:
        return self.page.handshake_view

    @property
    def inspector(self) -> QTabWidget:
        return self.page.inspector

    @property
    def frames_model(self) -> FramesModel:
        return self.page.frames_model

    @property
    def frames_view(self) -> FramesView:
        return self.page.frames_view

    @property
    def frame_links(self) -> FrameLinks:
        return self.page.frame_links

    @property
    def snippets(self) -> SnippetsPanel:
        return self.page.snippets

    @property
    def repeater(self) -> Repeater:
        return self.page.repeater

    @property
    def log_status(self) -> LogStatus:
        return self.page.log_status

    @property
    def log_transfers(self) -> LogTransfers:
        return self.page.log_transfers

    @property
    def splitter(self) -> QSplitter:
        return self.page.splitter

    def open_close_dialog(self) -> CloseDialog:
        return self.page.open_close_dialog()

    def open_ping_dialog(self) -> QInputDialog:
        return self.page.open_ping_dialog()

    def open_cap_dialog(self) -> QInputDialog:
        return self.page.open_cap_dialog()

    def set_retention_cap(self, cap: int) -> None:
        self.page.set_retention_cap(cap)

    def show_handshake(self) -> None:
        self.page.show_handshake()

    def step_match(self, step: int) -> None:
        self.page.step_match(step)

    def focus_url(self) -> None:
        self.page.focus_url()

    def focus_search(self) -> None:
        self.page.focus_search()
