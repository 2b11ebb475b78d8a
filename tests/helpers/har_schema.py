"""A strict JSON schema for HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), written
from the specification for these tests, plus the ``_webSocketMessages`` list that Chrome's
and Firefox's devtools write and read. Every object refuses members the spec does not define,
except custom ones, which the spec says must start with an underscore."""

from __future__ import annotations

from typing import Any

_CUSTOM = {"^_": {}}
_ISO_8601 = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$"


def _object(required: dict[str, Any], optional: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "required": sorted(required),
        "properties": {**required, **(optional or {})},
        "patternProperties": _CUSTOM,
        "additionalProperties": False,
    }


_STRING = {"type": "string"}
_INT = {"type": "integer"}
_COMMENT = {"comment": _STRING}
_NAME_VALUE = _object({"name": _STRING, "value": _STRING}, _COMMENT)
_COOKIE = _object(
    {"name": _STRING, "value": _STRING},
    {
        "path": _STRING,
        "domain": _STRING,
        "expires": {"type": ["string", "null"]},
        "httpOnly": {"type": "boolean"},
        "secure": {"type": "boolean"},
        **_COMMENT,
    },
)
_LIST = {"type": "array", "items": _NAME_VALUE}
_TIMING = {"type": "number", "minimum": -1}
_WEBSOCKET_MESSAGE = {
    "type": "object",
    "required": ["type", "time", "opcode", "data"],
    "properties": {
        "type": {"enum": ["send", "receive"]},
        "time": {"type": "number"},
        "opcode": {"enum": [1, 2]},
        "data": _STRING,
    },
    "additionalProperties": False,
}
_ENTRY = _object(
    {
        "startedDateTime": {"type": "string", "pattern": _ISO_8601},
        "time": {"type": "number", "minimum": 0},
        "request": _object(
            {
                "method": _STRING,
                "url": {"type": "string", "pattern": "^https?://"},
                "httpVersion": _STRING,
                "cookies": {"type": "array", "items": _COOKIE},
                "headers": _LIST,
                "queryString": _LIST,
                "headersSize": _INT,
                "bodySize": _INT,
            },
            {"postData": {"type": "object"}, **_COMMENT},
        ),
        "response": _object(
            {
                "status": _INT,
                "statusText": _STRING,
                "httpVersion": _STRING,
                "cookies": {"type": "array", "items": _COOKIE},
                "headers": _LIST,
                "content": _object(
                    {"size": _INT, "mimeType": _STRING},
                    {"compression": _INT, "text": _STRING, "encoding": _STRING, **_COMMENT},
                ),
                "redirectURL": _STRING,
                "headersSize": _INT,
                "bodySize": _INT,
            },
            _COMMENT,
        ),
        "cache": _object({}, {"beforeRequest": {}, "afterRequest": {}, **_COMMENT}),
        "timings": _object(
            {"send": _TIMING, "wait": _TIMING, "receive": _TIMING},
            {
                "blocked": _TIMING,
                "dns": _TIMING,
                "connect": _TIMING,
                "ssl": _TIMING,
                **_COMMENT,
            },
        ),
    },
    {
        "pageref": _STRING,
        "serverIPAddress": _STRING,
        "connection": _STRING,
        **_COMMENT,
    },
)
_ENTRY["properties"]["_webSocketMessages"] = {"type": "array", "items": _WEBSOCKET_MESSAGE}

HAR_SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    **_object(
        {
            "log": _object(
                {
                    "version": {"const": "1.2"},
                    "creator": _object({"name": _STRING, "version": _STRING}, _COMMENT),
                    "entries": {"type": "array", "items": _ENTRY},
                },
                {"browser": {"type": "object"}, "pages": {"type": "array"}, **_COMMENT},
            )
        }
    ),
}
