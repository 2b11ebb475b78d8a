"""One payload seen several ways: text, JSON, hex dump, base64; "auto" picks the best.

Everything returns plain text, one page at a time, so that a 64 MiB payload never reaches a
widget whole: text in pages of 512 Ki characters, hex in pages of 64 KiB (4,096 lines),
base64 in pages of 384 KiB of payload. The full payload is one Save away.
"""

from __future__ import annotations

import base64
import json
from typing import NamedTuple

from wsgui.core.model.payload import hex_dump, pretty_json

__all__ = [
    "COPY_FORMATS",
    "PAGE_SIZES",
    "VIEWS",
    "Rendered",
    "best_view",
    "copy_text",
    "parse_json",
    "payload_bytes",
    "render",
]

VIEWS = ("auto", "text", "json", "tree", "hex", "base64")
JSON_LIMIT = 2 * 2**20  # characters parsed for the JSON views
PAGE_SIZES = {"text": 512 * 1024, "hex": 64 * 1024, "base64": 384 * 1024}  # chars, bytes, bytes


class Rendered(NamedTuple):
    view: str  # the view actually used ("auto" resolved)
    text: str
    page: int = 0
    pages: int = 1
    start: int = 0  # the page's first character or byte
    end: int = 0  # one past its last
    unit: str = "characters"


def payload_bytes(payload: str | bytes) -> bytes:
    return payload if isinstance(payload, bytes) else payload.encode("utf-8", "surrogatepass")


def best_view(payload: str | bytes) -> str:
    """Hex for binary, JSON when the text parses as an object or array, else text."""
    if isinstance(payload, bytes):
        return "hex"
    if len(payload) <= JSON_LIMIT and pretty_json(payload) is not None:
        return "json"
    return "text"


def render(payload: str | bytes, view: str, page: int = 0) -> Rendered:
    """The ``page``-th page of ``payload`` in ``view``; a view that does not apply says why.
    "tree" renders as "json" here (the tree widget parses the payload itself)."""
    chosen = "json" if view == "tree" else view
    if view == "auto":  # parse JSON once: its pretty form is the answer when it parses
        pretty = (
            pretty_json(payload)
            if isinstance(payload, str) and len(payload) <= JSON_LIMIT
            else None
        )
        if pretty is not None:
            return Rendered("json", pretty)
        chosen = "hex" if isinstance(payload, bytes) else "text"
    if chosen == "json":
        return Rendered(chosen, _json_text(payload))
    if chosen in ("hex", "base64"):
        raw = payload_bytes(payload)
        start, end, page, pages = _page(len(raw), PAGE_SIZES[chosen], page)
        if chosen == "hex":
            text = hex_dump(raw[start:end], end - start, base=start)
        else:
            text = base64.b64encode(raw[start:end]).decode("ascii")
        return Rendered(chosen, text, page, pages, start, end, "bytes")
    text = payload if isinstance(payload, str) else payload.decode("utf-8", "replace")
    start, end, page, pages = _page(len(text), PAGE_SIZES["text"], page)
    return Rendered("text", text[start:end], page, pages, start, end)


def _page(total: int, size: int, page: int) -> tuple[int, int, int, int]:
    pages = max(1, -(-total // size))
    page = min(max(page, 0), pages - 1)
    return page * size, min(total, (page + 1) * size), page, pages


def _json_text(payload: str | bytes) -> str:
    value, problem = parse_json(payload)
    return problem or json.dumps(value, indent=2, ensure_ascii=False)


def parse_json(payload: str | bytes) -> tuple[object, str]:
    """(value, "") when the payload is JSON, else (None, why not) — for the tree view."""
    text = payload if isinstance(payload, str) else payload.decode("utf-8", "replace")
    if len(text) > JSON_LIMIT:
        return None, f"Too large to show as JSON ({len(text):,} characters): use Text or Save"
    try:
        return json.loads(text), ""
    except json.JSONDecodeError as exc:
        return None, f"Not JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}"
    except (ValueError, RecursionError) as exc:
        return None, f"Not usable as JSON: {type(exc).__name__}"


COPY_FORMATS = ("text", "hex", "base64", "json")
COPY_LIMIT = 16 * 2**20  # payload bytes: beyond, Save payload is the way


def copy_text(payload: str | bytes, fmt: str) -> str:
    """The whole payload as text, hex ("00 01 ff"), base64 or pretty JSON, for the clipboard;
    ValueError says why not (too large, not JSON)."""
    if len(payload) > COPY_LIMIT:  # characters or bytes
        raise ValueError("Too large for the clipboard (over 16 MiB): use Save payload…")
    if fmt == "hex":
        return payload_bytes(payload).hex(" ")
    if fmt == "base64":
        return base64.b64encode(payload_bytes(payload)).decode("ascii")
    if fmt == "json":
        value, problem = parse_json(payload)
        if problem:
            raise ValueError(problem)
        return json.dumps(value, indent=2, ensure_ascii=False)
    return payload if isinstance(payload, str) else payload.decode("utf-8", "replace")
