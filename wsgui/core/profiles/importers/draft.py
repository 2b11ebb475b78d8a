"""What an importer gathered (a command line, a HAR entry) and how it becomes ConnectOptions.

Header rows wsgui refuses become the fields they stand for, so the options pass
``field_errors``; whatever is understood but has no place in wsgui goes into ``notes`` for the
UI to show: nothing is dropped silently. Notes never quote a header value or a secret.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from wsgui.core.model.checks import check_header
from wsgui.core.model.options import (
    Auth,
    ConnectOptions,
    Header,
    OptionsError,
    ProxyMode,
    UserAgentMode,
)
from wsgui.core.model.urls import MASKED_PASSWORD, UrlError, check_url, display_url, split_password

__all__ = ["Draft", "ImportFailure", "ImportedMessage", "ImportedProfile", "finish"]


class ImportFailure(ValueError):  # noqa: N818 - the name the UI code uses
    """Nothing could be imported; the text names the source and what is wrong."""


@dataclass(frozen=True)
class ImportedMessage:
    """One recorded message; ``data`` is the text, or base64 for binary (as HAR stores it)."""

    direction: str  # "sent" | "received"
    kind: str  # "text" | "binary"
    data: str
    time: float | None


@dataclass(frozen=True)
class ImportedProfile:
    """A connection to save as a profile, and what the source said that wsgui cannot use."""

    name: str
    options: ConnectOptions
    messages: tuple[ImportedMessage, ...] = ()
    notes: tuple[str, ...] = ()


NO_URL = {
    "wscat": "wscat: no -c/--connect URL found",
    "websocat": "websocat: no ws:// or wss:// URL found",
    "curl": "curl: no URL found",
}
_HANDSHAKE = {"connection", "upgrade", "sec-websocket-key", "sec-websocket-version"}
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


@dataclass
class Draft:
    """What one command or HAR entry said, gathered before it is turned into options."""

    source: str  # names the source in error messages: "curl", "HAR: WebSocket entry 2"
    urls: list[str] = field(default_factory=list)
    headers: list[tuple[str, str | None]] = field(default_factory=list)  # None: curl removes it
    fields: dict[str, Any] = field(default_factory=dict)
    subprotocols: list[str] = field(default_factory=list)
    auth: tuple[Auth, str, str, str] | None = None  # mode, user, secret, the option given
    proxy: str | None = None
    direct: bool = False
    messages: list[ImportedMessage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def finish(draft: Draft) -> ImportedProfile:
    """Turn what was gathered into options that pass ``field_errors``, noting the rest."""
    if not draft.urls:
        raise ImportFailure(NO_URL.get(draft.source, f"{draft.source}: no URL found"))
    for extra in draft.urls[1:]:
        draft.notes.append(f"URL {display_url(extra)}: not imported (only the first is used)")
    try:
        url = check_url(draft.urls[0]).url
    except UrlError as exc:
        raise ImportFailure(f"{draft.source}: {exc}") from None
    fields, notes = draft.fields, draft.notes
    url = _without_masked_secrets(url, notes)
    rows: list[Header] = []
    extensions: str | None = None
    handshake = False
    parts = urlsplit(url)
    for name, value in draft.headers:
        lowered = name.lower()
        if lowered in _HANDSHAKE or lowered.startswith(":"):  # HTTP/2 pseudo-headers: the URL
            handshake = handshake or lowered in _HANDSHAKE
        elif value is None:
            if lowered == "user-agent":
                fields["user_agent_mode"] = UserAgentMode.NONE
            else:
                notes.append(f"-H '{name}:' (removes a curl header): not imported")
        elif lowered == "host":
            if value.lower() not in (parts.netloc.rpartition("@")[2].lower(), parts.hostname):
                notes.append(f"Host header {value}: not imported; wsgui sends the URL's host")
        elif lowered == "origin":
            if fields.setdefault("origin", value) != value:
                notes.append("Origin header: not imported; the origin option is used")
        elif lowered == "sec-websocket-protocol":
            draft.subprotocols += [p.strip() for p in value.split(",") if p.strip()]
        elif lowered == "sec-websocket-extensions":
            extensions = value
        elif lowered == "user-agent":
            _user_agent(fields, notes, value)
        elif MASKED_PASSWORD in value:  # a wsgui export masked it
            notes.append(f"Header {name}: masked in the file; imported as a disabled row")
            rows.append(Header(name, value, enabled=False))
        else:
            rows.append(_row(name, value, notes))
    if extensions is not None:
        offered = {part.split(";")[0].strip().lower() for part in extensions.split(",")}
        fields["compression"] = "permessage-deflate" in offered
        for other in sorted(offered - {"permessage-deflate", ""}):
            notes.append(f"WebSocket extension {other}: not supported, not imported")
    elif handshake:  # the whole handshake request is there, and it offers no compression
        fields["compression"] = False
    protocols: list[str] = []
    for protocol in dict.fromkeys(draft.subprotocols):
        if _TOKEN.fullmatch(protocol):
            protocols.append(protocol)
        else:
            notes.append(f"Subprotocol {protocol!r}: not a valid token, not imported")
    if draft.auth is not None:
        mode, user, secret, spelling = draft.auth
        if any(row.enabled and row.name.lower() == "authorization" for row in rows):
            notes.append(f"{spelling}: not imported; the Authorization header replaces it")
        else:
            fields.update(auth=mode, auth_user=user, auth_secret=secret)
    if draft.direct:
        fields["proxy_mode"] = ProxyMode.NONE
        if draft.proxy:
            notes.append(f"Proxy {display_url(draft.proxy)}: not imported; --noproxy '*' wins")
    elif draft.proxy is not None:
        fields["proxy_mode"] = ProxyMode.URL if draft.proxy else ProxyMode.NONE
        fields["proxy_url"] = draft.proxy
    options = ConnectOptions(url, tuple(protocols), headers=tuple(rows), **fields)
    name = parts.netloc.rpartition("@")[2] + parts.path.rstrip("/")
    return ImportedProfile(name, options, tuple(draft.messages), tuple(notes))


def _without_masked_secrets(url: str, notes: list[str]) -> str:
    """A URL from a wsgui export has its password and tokens masked: drop the password
    (it is not one), say which query values must be typed again."""
    bare, password = split_password(url)
    if password == MASKED_PASSWORD:
        notes.append("Password in the URL: masked in the file, not imported")
        url = bare
    query = url.partition("?")[2].partition("#")[0]
    for item in query.split("&"):
        name, _, value = item.partition("=")
        if value == MASKED_PASSWORD:
            notes.append(f"URL parameter {name}: masked in the file; type its value")
    return url


def _user_agent(fields: dict[str, Any], notes: list[str], value: str) -> None:
    """A User-Agent header becomes the custom User-Agent; an empty one means none at all."""
    try:
        check_header(Header("User-Agent", value))
    except OptionsError as exc:
        notes.append(f"{exc}: not imported")
        return
    fields["user_agent_mode"] = UserAgentMode.CUSTOM if value else UserAgentMode.NONE
    fields["user_agent_value"] = value


def _row(name: str, value: str, notes: list[str]) -> Header:
    """A header row as given; one HTTP does not allow is kept, disabled, with a note."""
    try:
        check_header(Header(name, value))
    except OptionsError as exc:
        notes.append(f"{exc}: imported as a disabled row")
        return Header(name, value, enabled=False)
    return Header(name, value)
