"""A handshake record as stored in the history: JSON of its fields, secrets masked.

The store is a file on disk like an export, so it masks what exports mask (core/log/export.py):
secret header values (Authorization, Cookie, token-like names) in the request and the response
(``mask``), credential-like query values in the start line (``shown_start_line``), and the
password and credential query values of URLs (``display_url``, ``mask_urls_in``). Everything
else is kept, so the Handshake tab of a session read back shows what it showed live.
"""

from __future__ import annotations

import base64
import json
from dataclasses import asdict
from typing import Any

from wsgui.core.model.handshake import (
    AcceptCheck,
    Extension,
    HandshakeRecord,
    HttpMessage,
    Timings,
    TlsInfo,
)
from wsgui.core.model.options import mask
from wsgui.core.model.urls import display_url, mask_urls_in

__all__ = ["record_from_json", "record_to_json"]


def record_to_json(record: HandshakeRecord) -> str:
    data: dict[str, Any] = {
        "url": display_url(record.url),
        "requested_subprotocols": list(record.requested_subprotocols),
        "proxy": mask_urls_in(record.proxy),
        "address": record.address,
        "request": _message_to_json(record.request),
        "response": _message_to_json(record.response),
        "accept": asdict(record.accept) if record.accept is not None else None,
        "subprotocol": record.subprotocol,
        "extensions": [[e.name, [list(p) for p in e.params]] for e in record.extensions],
        "timings": asdict(record.timings),
        "tls": asdict(record.tls) if record.tls is not None else None,
        "error": mask_urls_in(record.error),
        "engineio": [list(pair) for pair in record.engineio],
        "started_at": record.started_at,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def record_from_json(text: str) -> HandshakeRecord | None:
    """The record back, or None when the stored text is not one (a damaged field must not
    keep the rest of the session from being read)."""
    try:
        data = json.loads(text)
        accept, tls = data.get("accept"), data.get("tls")
        return HandshakeRecord(
            url=str(data["url"]),
            requested_subprotocols=tuple(data.get("requested_subprotocols", ())),
            proxy=str(data.get("proxy", "")),
            address=str(data.get("address", "")),
            request=_message_from_json(data.get("request")),
            response=_message_from_json(data.get("response")),
            accept=AcceptCheck(**accept) if accept is not None else None,
            subprotocol=data.get("subprotocol"),
            extensions=[
                Extension(name, tuple((k, v) for k, v in params))
                for name, params in data.get("extensions", ())
            ],
            timings=Timings(**data.get("timings", {})),
            tls=TlsInfo(**{**tls, "sans": tuple(tls.get("sans", ()))}) if tls else None,
            error=str(data.get("error", "")),
            engineio=tuple((str(k), str(v)) for k, v in data.get("engineio", ())),
            started_at=data.get("started_at"),
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _message_to_json(message: HttpMessage | None) -> dict[str, Any] | None:
    if message is None:
        return None
    return {
        "start_line": message.shown_start_line,
        "headers": [[name, mask(name, value)] for name, value in message.headers],
        "body": base64.b64encode(message.body).decode("ascii"),
    }


def _message_from_json(data: dict[str, Any] | None) -> HttpMessage | None:
    if data is None:
        return None
    headers = tuple((str(name), str(value)) for name, value in data["headers"])
    return HttpMessage(str(data["start_line"]), headers, base64.b64decode(data.get("body", "")))
