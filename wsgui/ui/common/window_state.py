"""What the window remembers between runs (QSettings), kept apart from the profiles:
geometry, splitter positions, the last profile, the recent URLs, the theme and the
history's size cap."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT_URLS = 15
HISTORY_CAP_MIB = 2048  # the default: ~15 million 100 B messages at ~140 B each
MAX_HISTORY_CAP_MIB = 1024**2  # 1 TiB: a larger stored value is taken for a mistake


def window_settings() -> QSettings:
    """An ini file under ``$WSGUI_CONFIG_DIR`` when set (tests, portable use), else Qt's place."""
    override = os.environ.get("WSGUI_CONFIG_DIR")
    if override:
        return QSettings(str(Path(override) / "window.ini"), QSettings.Format.IniFormat)
    return QSettings("wsgui", "wsgui")


class WindowState:
    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def recent_urls(self) -> list[str]:
        value = self.settings.value("recent_urls", [])
        if isinstance(value, str):  # QSettings returns a lone item as a string
            return [value]
        return [str(url) for url in value] if isinstance(value, list) else []

    def add_recent_url(self, url: str) -> list[str]:
        urls = [url, *(u for u in self.recent_urls() if u != url)][:MAX_RECENT_URLS]
        self.settings.setValue("recent_urls", urls)
        return urls

    def last_profile(self) -> str:
        return str(self.settings.value("last_profile", "") or "")

    def set_last_profile(self, name: str) -> None:
        self.settings.setValue("last_profile", name)

    def environment(self) -> str:
        """The environment the window resolves {{variables}} with ("" for none)."""
        return str(self.settings.value("environment", "") or "")

    def set_environment(self, name: str) -> None:
        self.settings.setValue("environment", name)

    def theme(self) -> str:
        """View > Theme: "system" (the default), "light" or "dark"."""
        return str(self.settings.value("theme", "system") or "system")

    def set_theme(self, choice: str) -> None:
        self.settings.setValue("theme", choice)

    def history_cap_mib(self) -> int:
        """History > Keep at most N MiB (0: no cap). A stored value that is not a whole
        number from 0 to MAX_HISTORY_CAP_MIB (a hand-edited file) gives the default, 2048."""
        value = self.settings.value("history_cap_mib", HISTORY_CAP_MIB)
        try:
            number = int(str(value).strip())
        except ValueError:
            return HISTORY_CAP_MIB
        return number if 0 <= number <= MAX_HISTORY_CAP_MIB else HISTORY_CAP_MIB

    def set_history_cap_mib(self, mib: int) -> None:
        self.settings.setValue("history_cap_mib", int(mib))

    def flag(self, key: str) -> bool:
        """A remembered on/off choice (the request drawer kept open); off when never set."""
        return str(self.settings.value(key, "false")).lower() == "true"

    def set_flag(self, key: str, on: bool) -> None:
        self.settings.setValue(key, "true" if on else "false")

    def geometry(self, key: str) -> QByteArray | None:
        value = self.settings.value(key)
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, key: str, value: QByteArray) -> None:
        self.settings.setValue(key, value)

    def sync(self) -> None:
        self.settings.sync()
