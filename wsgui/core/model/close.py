"""Close codes: their names, what a user may send, and how a close is reported."""

from __future__ import annotations

from websockets.frames import Close

from wsgui.core.model.payload import escape_control

__all__ = [
    "COMMON_CLOSE_CODES",
    "CloseArgsError",
    "close_code_name",
    "close_warning",
    "describe_close",
    "validate_close",
]

MAX_REASON_BYTES = 123
NO_ANSWER = "no close frame came back"  # the server dropped TCP without answering our close


class CloseArgsError(ValueError):
    """A close code or reason the user may not send; the text says which rule it breaks."""


_CLOSE_NAMES = {
    1000: "normal closure",
    1001: "going away",
    1002: "protocol error",
    1003: "unsupported data",
    1005: "no status received",
    1006: "abnormal closure",
    1007: "invalid payload data",
    1008: "policy violation",
    1009: "message too big",
    1010: "mandatory extension",
    1011: "internal error",
    1012: "service restart",
    1013: "try again later",
    1014: "bad gateway",
    1015: "TLS handshake failure",
}


def close_code_name(code: int) -> str:
    """RFC 6455 name of a close code, or the range it belongs to."""
    if code in _CLOSE_NAMES:
        return _CLOSE_NAMES[code]
    if 3000 <= code < 4000:
        return "registered"
    if 4000 <= code < 5000:
        return "private use"
    return "unknown"


# What an endpoint may put in a close frame (RFC 6455 §7.4, and IANA's 1012-1014): 1004 is
# reserved, 1005, 1006 and 1015 only report what happened and never go on the wire.
SENDABLE_HINT = "use 1000-1003, 1007-1014 or 3000-4999"
# The close dialog's dropdown: what a client usually closes with.
COMMON_CLOSE_CODES = (1000, 1001, 1008, 1011, 1012, 1013, 3000, 4000)


def _sendable(code: int) -> bool:
    return 1000 <= code <= 1003 or 1007 <= code <= 1014 or 3000 <= code <= 4999


def validate_close(code: int, reason: str) -> None:
    """Accept what an endpoint may send (RFC 6455 §7.4): 1000-1003, 1007-1014 and 3000-4999,
    with a reason of at most 123 UTF-8 bytes."""
    if not _sendable(code):
        why = (
            f" ({close_code_name(code)}: it only reports what happened, it is never sent)"
            if code in (1005, 1006, 1015)
            else " (reserved)"
            if code == 1004
            else ""
        )
        raise CloseArgsError(f"Close code {code} cannot be sent{why}: {SENDABLE_HINT}")
    size = len(reason.encode("utf-8"))
    if size > MAX_REASON_BYTES:
        raise CloseArgsError(
            f"Close reason is {size} bytes in UTF-8; the limit is {MAX_REASON_BYTES}"
        )


def close_warning(code: int) -> str:
    """A word before sending a code that means something to the server (empty: none)."""
    if 1001 <= code <= 1014:
        return (
            f"{code} ({close_code_name(code)}) tells the server why you close: it may act on it "
            "(log an error, not reconnect). 1000 or 4000-4999 say nothing more."
        )
    if 3000 <= code <= 3999:
        return f"{code} is in the range IANA registers for libraries and frameworks (3000-3999)."
    return ""


def describe_close(
    rcvd: Close | None,
    sent: Close | None,
    rcvd_then_sent: bool | None,
    *,
    gave_up_after: float | None = None,
) -> str:
    """The close event as the browser reports it: code, reason, who started it, clean or not.

    ``gave_up_after``: the close timeout, when it expired and wsgui dropped the TCP
    connection itself (the server neither answered nor closed in time)."""
    if rcvd is None and sent is None:
        return (
            "Closed: code 1006 (abnormal closure), not clean: "
            "the TCP connection was dropped without a close frame"
        )
    if rcvd is None:
        assert sent is not None
        why = f" ({escape_control(sent.reason)})" if sent.reason else ""
        ours = f"we sent close {sent.code} ({close_code_name(sent.code)}){why}"
        if gave_up_after is not None:
            return (
                f"Closed: code 1006 (abnormal closure), not clean: {ours}; the server did not "
                f"answer our close within {gave_up_after:g} s (close timeout), so wsgui "
                "dropped the TCP connection"
            )
        return f"Closed: code 1006 (abnormal closure), not clean: {ours} and {NO_ANSWER}"
    started = "client" if rcvd_then_sent is False else "server"
    clean = "clean" if sent is not None else "not clean"
    reason = f", reason '{escape_control(rcvd.reason)}'" if rcvd.reason else ", no reason"
    held = (
        f"; the server kept the TCP connection open {gave_up_after:g} s after the closing "
        "handshake (close timeout), so wsgui dropped it"
        if gave_up_after is not None
        else ""
    )
    ours = ""
    if (
        started == "client"
        and sent is not None
        and (sent.code, sent.reason)
        != (
            rcvd.code,
            rcvd.reason,
        )
    ):
        said = f" '{escape_control(sent.reason)}'" if sent.reason else ""
        ours = f" (sent {sent.code}{said}; the server answered {rcvd.code})"
    return (
        f"Closed: code {rcvd.code} ({close_code_name(rcvd.code)}){reason}, "
        f"closed by {started}{ours}, {clean}{held}"
    )


def effective_close_code(rcvd: Close | None) -> int:
    """The code a browser's close event reports: the received one, else 1006."""
    return rcvd.code if rcvd is not None else 1006
