"""A refused upgrade, put in words: the status, the server's own reason (from its body or a
reason header) on the first line, then hints where the request explains the refusal, then
the raw answer.

The first line is what the log row shows, so the reason goes there: "HTTP 403 Forbidden —
token missing or expired", not a bare status that hides what the server said.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable

from websockets.http11 import Response

from wsgui.core.model.options import ConnectOptions
from wsgui.core.model.payload import escape_control

__all__ = ["refusal_hints", "refusal_reason"]

REASON_CHARS = 120  # of the server's reason on the first line
# Headers a server may explain a refusal in: X-Reason, X-Error-Message, Reason…
_REASON_HEADER = re.compile(r"(?:x-)?(?:[\w-]*-)?(?:reason|error|error-message|message)", re.I)
_JSON_KEYS = ("message", "error_description", "error", "reason", "detail", "msg")
_HTML_TITLE = re.compile(r"<(title|h1)[^>]*>(.*?)</\1>", re.I | re.S)
_TAGS = re.compile(r"<[^>]+>")


def refusal_reason(response: Response) -> str:
    """The server's reason for refusing, in at most REASON_CHARS characters ("" if none)."""
    for name, value in response.headers.raw_items():
        if _REASON_HEADER.fullmatch(name) and value.strip():
            return _short(value)
    try:
        text = bytes(response.body or b"")[:8192].decode("utf-8").strip()
    except UnicodeDecodeError:
        return ""  # binary: the body is shown as hex below the headers
    found = _from_json(text) or _from_html(text)
    if found:
        return _short(found)
    if text.startswith("<"):
        return ""  # markup without a title
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return _short(first)


def refusal_hints(response: Response, options: ConnectOptions | None) -> list[str]:
    """What in our request may explain the refusal, one sentence each."""
    if options is None:
        return []
    status = response.status_code
    hints: list[str] = []
    for check in _HINTS:
        hint = check(status, response, options)
        if hint:
            hints.append(f"Hint: {hint}")
    return hints


def _origin(status: int, _response: Response, options: ConnectOptions) -> str:
    if status == 403 and not options.origin.strip():
        return (
            "no Origin was sent; a server that checks where a page comes from refuses a "
            "request without one (set Origin, e.g. the page's https://host)"
        )
    return ""


def _wanted_subprotocols(_status: int, response: Response, options: ConnectOptions) -> str:
    wanted = ", ".join(response.headers.get_all("Sec-WebSocket-Protocol"))
    if wanted:
        offered = ", ".join(options.subprotocols) or "none"
        return f"the server wants one of these subprotocols: {wanted} (offered: {offered})"
    return ""


def _no_subprotocol(status: int, response: Response, options: ConnectOptions) -> str:
    said = (refusal_reason(response) + " " + response.reason_phrase).lower()
    if status in (400, 406, 426) and not options.subprotocols and "protocol" in said:
        return "no subprotocol was offered; the server may require one (Subprotocols)"
    return ""


def _version(status: int, response: Response, _options: ConnectOptions) -> str:
    versions = ", ".join(response.headers.get_all("Sec-WebSocket-Version"))
    if status == 426 and versions:
        return f"the server speaks WebSocket version {versions}; wsgui speaks 13 (RFC 6455)"
    return ""


def _credentials(status: int, _response: Response, options: ConnectOptions) -> str:
    sent = options.authorization() is not None or any(
        name.lower() in ("authorization", "cookie") for name, _v in options.enabled_headers()
    )
    if status == 401 and not sent:
        return "no credentials were sent (Auth, or an Authorization or Cookie header)"
    return ""


_HINTS: tuple[Callable[[int, Response, ConnectOptions], str], ...] = (
    _origin,
    _wanted_subprotocols,
    _no_subprotocol,
    _version,
    _credentials,
)


def _from_json(text: str) -> str:
    try:
        data = json.loads(text)
    except ValueError:
        return ""
    for _ in range(3):  # {"error": {"message": "..."}}
        if not isinstance(data, dict):
            break
        for key in _JSON_KEYS:
            value = data.get(key)
            if isinstance(value, str) and value.strip():
                return value
        data = next((v for k, v in data.items() if k in _JSON_KEYS and isinstance(v, dict)), None)
    return ""


def _from_html(text: str) -> str:
    match = _HTML_TITLE.search(text)
    return html.unescape(_TAGS.sub("", match[2])).strip() if match else ""


def _short(text: str) -> str:
    one_line = " ".join(text.split())
    if len(one_line) > REASON_CHARS:
        one_line = one_line[: REASON_CHARS - 1] + "…"
    return escape_control(one_line)
