"""One payload seen several ways: text, JSON, hex dump, base64; "auto" picks the best.

Everything returns plain text with a size limit, so that a 64 MiB payload never reaches a
widget whole (the full payload is one Save away).
"""

from __future__ import annotations

import base64
import json

from wsgui.core.payload import hex_dump, pretty_json

__all__ = ["VIEWS", "best_view", "payload_bytes", "render"]

VIEWS = ("auto", "text", "json", "hex", "base64")
TEXT_LIMIT = 2 * 2**20
HEX_LIMIT = 64 * 1024


def payload_bytes(payload: str | bytes) -> bytes:
    return payload if isinstance(payload, bytes) else payload.encode("utf-8", "surrogatepass")


def best_view(payload: str | bytes) -> str:
    """Hex for binary, JSON when the text parses as an object or array, else text."""
    if isinstance(payload, bytes):
        return "hex"
    if len(payload) <= TEXT_LIMIT and pretty_json(payload) is not None:
        return "json"
    return "text"


def render(payload: str | bytes, view: str) -> tuple[str, str]:
    """(the view actually used, its text). A view that does not apply says why."""
    chosen = view
    if view == "auto":  # parse JSON once: its pretty form is the answer when it parses
        pretty = (
            pretty_json(payload)
            if isinstance(payload, str) and len(payload) <= TEXT_LIMIT
            else None
        )
        if pretty is not None:
            return "json", pretty
        chosen = "hex" if isinstance(payload, bytes) else "text"
    if chosen == "hex":
        return chosen, hex_dump(payload_bytes(payload), HEX_LIMIT)
    if chosen == "base64":
        raw = payload_bytes(payload)
        text = base64.b64encode(raw[:TEXT_LIMIT]).decode("ascii")
        return chosen, text + (
            _more(len(raw) - TEXT_LIMIT, "bytes") if len(raw) > TEXT_LIMIT else ""
        )
    text = payload if isinstance(payload, str) else payload.decode("utf-8", "replace")
    if chosen == "json":
        if len(text) > TEXT_LIMIT:
            return chosen, f"Too large to pretty-print here ({len(text):,} characters): use Save"
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            return chosen, f"Not JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}"
        except (ValueError, RecursionError) as exc:
            return chosen, f"Not usable as JSON: {type(exc).__name__}"
        return chosen, json.dumps(value, indent=2, ensure_ascii=False)
    return "text", text[:TEXT_LIMIT] + (
        _more(len(text) - TEXT_LIMIT, "characters") if len(text) > TEXT_LIMIT else ""
    )


def _more(count: int, unit: str) -> str:
    return f"\n… {count:,} more {unit} not shown (Save payload writes it all)"
