"""Where the connection goes first: direct, the ``*_proxy`` environment variables, or a URL.

The library silently follows ``*_proxy`` variables by default; here the user chooses, and
the environment mode lists the variables that are set (passwords masked).
"""

from __future__ import annotations

import dataclasses
import os

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from wsgui.core.model.options import ConnectOptions, ProxyMode
from wsgui.core.model.urls import display_url, join_password, split_password
from wsgui.ui.common.labels import plain_label
from wsgui.ui.theme.colors import Tone, set_tone

PROXY_VARIABLES = (
    "ws_proxy",
    "wss_proxy",
    "socks_proxy",
    "https_proxy",
    "http_proxy",
    "all_proxy",
    "no_proxy",
)
# What websockets' get_proxy() looks for, in this order (all_proxy is not among them).
ENVIRONMENT_ORDER = (
    "wss:// uses wss_proxy, else socks_proxy, else https_proxy; ws:// uses ws_proxy, else "
    "socks_proxy, https_proxy, http_proxy. Hosts in no_proxy connect directly."
)
_MODES = (
    (ProxyMode.NONE, "None (direct connection)"),
    (ProxyMode.ENVIRONMENT, "From the environment (*_proxy variables)"),
    (ProxyMode.URL, "Proxy URL"),
)


def environment_proxies(environ: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """The ``*_proxy`` variables that are set, in either case, as (name, value shown)."""
    env = dict(os.environ) if environ is None else environ
    found = []
    for name in PROXY_VARIABLES:
        for spelling in (name, name.upper()):
            value = env.get(spelling)
            if value:
                shown = value if name == "no_proxy" else display_url(value)
                found.append((spelling, shown))
    return found


def describe_mode(mode: ProxyMode) -> str:
    """What the chosen mode will do, said before connecting."""
    if mode is ProxyMode.NONE:
        return "Connects directly; *_proxy environment variables are ignored."
    if mode is ProxyMode.URL:
        return (
            "HTTP(S) proxies are asked with CONNECT; socks5:// resolves names locally, "
            "socks5h:// on the proxy."
        )
    found = environment_proxies()
    if not found:
        return "No *_proxy variable is set: the connection will be direct."
    lines = "\n".join(f"{name}={value}" for name, value in found)
    return f"Set in the environment:\n{lines}\n\n{ENVIRONMENT_ORDER}"


class ProxyEditor(QWidget):
    """Edits proxy_mode and proxy_url, and says which environment variables apply."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("proxyEditor")
        self.mode_combo = QComboBox()
        self.mode_combo.setObjectName("proxyMode")
        for mode, text in _MODES:
            self.mode_combo.addItem(text, mode)
        self.mode_combo.setToolTip(
            "None: connect directly (default here; the websockets library itself follows\n"
            "*_proxy variables silently). Environment: ws_proxy/wss_proxy, socks_proxy,\n"
            "https_proxy, then http_proxy (all_proxy is not used).\n"
            "Proxy URL: go through this proxy."
        )
        self.url_edit = QLineEdit()
        self.url_edit.setObjectName("proxyUrlEdit")
        self.url_edit.setPlaceholderText("http://127.0.0.1:3128 or socks5://127.0.0.1:1080")
        self.url_edit.setToolTip(
            "http://, https://, socks5://, socks5h://, socks4:// or socks4a:// URL;\n"
            "a password typed as user:password@ moves to the masked Password field."
        )
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("proxyPasswordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("none")
        self.password_edit.setToolTip(
            "The proxy password (masked); saved like other secrets, or write ${VARIABLE}"
        )
        self.message = plain_label("proxyUrlMessage")
        set_tone(self.message, Tone.ERROR)
        self.info = plain_label("proxyInfo")
        set_tone(self.info, Tone.NOTE)
        url_box = QWidget()
        column = QVBoxLayout(url_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.url_edit)
        column.addWidget(self.message)
        form = QFormLayout()
        form.addRow("Proxy", self.mode_combo)
        form.addRow("URL", url_box)
        form.addRow("Password", self.password_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.info)
        layout.addStretch(1)

        self.mode_combo.currentIndexChanged.connect(self._on_mode_changed)
        self.url_edit.textEdited.connect(self._on_edited)
        self.url_edit.editingFinished.connect(self._move_password_out)
        self.password_edit.textEdited.connect(self._on_edited)
        self.load(ConnectOptions(url=""))

    def mode(self) -> ProxyMode:
        return ProxyMode(self.mode_combo.currentData())

    def load(self, options: ConnectOptions) -> None:
        self.blockSignals(True)
        self.mode_combo.setCurrentIndex(self.mode_combo.findData(options.proxy_mode))
        bare, password = split_password(options.proxy_url)
        self.url_edit.setText(bare)
        self.password_edit.setText(password)
        self.refresh()
        self.blockSignals(False)
        self.show_errors({})

    def apply(self, options: ConnectOptions) -> ConnectOptions:
        """Nothing to parse here: the core checks the URL (``field_errors``, key proxy_url)."""
        bare, typed_password = split_password(self.url_edit.text().strip())
        password = self.password_edit.text() or typed_password
        url = join_password(bare, password) if password else bare
        return dataclasses.replace(options, proxy_mode=self.mode(), proxy_url=url)

    def show_errors(self, errors: dict[str, str]) -> None:
        self.message.setText(errors.get("proxy_url", ""))
        self.message.setVisible(bool(self.message.text()))

    def refresh(self) -> None:
        """Re-read the environment and enable the URL field only for the URL mode."""
        mode = self.mode()
        self.url_edit.setEnabled(mode is ProxyMode.URL)
        self.password_edit.setEnabled(mode is ProxyMode.URL)
        self.info.setText(describe_mode(mode))

    def _on_mode_changed(self) -> None:
        self.refresh()
        self.changed.emit()

    def _move_password_out(self) -> None:
        """Keep a password typed into the URL off the screen: it goes to the masked field."""
        bare, password = split_password(self.url_edit.text().strip())
        if password:
            self.url_edit.setText(bare)
            self.password_edit.setText(password)

    def _on_edited(self) -> None:
        self.changed.emit()
