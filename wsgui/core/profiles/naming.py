"""The name a new profile is offered."""

from __future__ import annotations

from wsgui.core.model.urls import UrlError, check_url

__all__ = ["NEW_PROFILE", "default_name"]

NEW_PROFILE = "New profile"


def default_name(url: str) -> str:
    """The URL's ``host:port`` (``localhost:18090``, ``[::1]:443``), the port written out even
    when it is the scheme's; "New profile" when the URL is not usable yet."""
    try:
        checked = check_url(url)
        host, port = checked.host, checked.port
    except (UrlError, ValueError, KeyError):
        return NEW_PROFILE
    if not host:
        return NEW_PROFILE
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
