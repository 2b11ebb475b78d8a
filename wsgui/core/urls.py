"""Checking and normalising the URL the user typed, with a message that says what is wrong."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["CheckedUrl", "UrlError", "check_url"]

_SCHEME_MAP = {"ws": "ws", "wss": "wss", "http": "ws", "https": "wss"}


class UrlError(ValueError):
    """The URL cannot be used; the text says why, for display next to the field."""


@dataclass(frozen=True)
class CheckedUrl:
    """A usable ws:// or wss:// URL, and a note when it was changed from what was typed."""

    url: str
    note: str = ""

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    @property
    def port(self) -> int:
        parts = urlsplit(self.url)
        return parts.port or (443 if parts.scheme == "wss" else 80)


def check_url(text: str) -> CheckedUrl:
    """Accept ws:// and wss://, add ws:// to a bare ``host:port/path``, map http(s) to ws(s)."""
    typed = text.strip()
    if not typed:
        raise UrlError("URL is empty: type an address such as ws://127.0.0.1:1740/")
    if any(c.isspace() for c in typed):
        raise UrlError("URL contains a space: encode it as %20 or remove it")
    note = ""
    if "://" not in typed:
        authority = typed.split("/", 1)[0]
        if not authority.startswith("[") and ":" in authority and not _port_follows(authority):
            scheme = typed.split(":", 1)[0]
            raise UrlError(f"Unsupported scheme '{scheme}:': use ws:// or wss://")
        typed = "ws://" + typed
        note = "ws:// added"
    scheme, rest = typed.split("://", 1)
    mapped = _SCHEME_MAP.get(scheme.lower())
    if mapped is None:
        raise UrlError(f"Unsupported scheme '{scheme}://': use ws:// or wss://")
    if scheme.lower() in ("http", "https"):
        note = f"{scheme.lower()}:// changed to {mapped}://"
    url = f"{mapped}://{rest}"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UrlError(f"Invalid port in URL: {exc}") from None
    if not parts.hostname:
        raise UrlError("URL has no host: expected ws://host[:port]/path")
    if port == 0:
        raise UrlError("Port 0 is not a valid destination port (use 1-65535)")
    if parts.fragment:
        raise UrlError("URL has a #fragment, which WebSocket URLs may not have")
    if not parts.path:
        url = url.replace(f"://{parts.netloc}", f"://{parts.netloc}/", 1)
    return CheckedUrl(url, note)


def _port_follows(authority: str) -> bool:
    """True for ``host:1740``: what follows the first colon is a port, not a scheme's rest."""
    return authority.split(":", 1)[1][:1].isdigit()
