"""When and how soon to reconnect: which failures another attempt could fix, and the waits.

We open connections ourselves (our socket, to time DNS and TCP), so the library's
``async for ws in connect(...)`` loop cannot drive them. Its ``backoff`` yields the delays
(a random first one, as RFC 6455 7.2.3 asks, then growing by 1.618x up to the maximum).
Its ``process_exception`` retries every OSError, a bad certificate included; a debugger
must not loop forever against a server that will never accept, so the decision is ours:
an attempt is retried only when the same settings could work next time (the network, a
timeout, a server that is restarting), and the log says why when it is not.
"""

from __future__ import annotations

import email.utils
import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass

from websockets.client import backoff
from websockets.datastructures import MultipleValuesError
from websockets.exceptions import (
    InvalidHandshake,
    InvalidMessage,
    InvalidProxy,
    InvalidProxyStatus,
    InvalidStatus,
    InvalidURI,
)
from websockets.frames import Close
from websockets.http11 import Response

from wsgui.core.connection.failures import (
    TlsClosedError,
    UnfinishedResponseError,
    UnreadableResponseError,
)
from wsgui.core.model.close import close_code_name
from wsgui.core.model.options import ConnectOptions, OptionsError
from wsgui.core.model.urls import UrlError

__all__ = [
    "NOT_RETRYABLE_CLOSE_CODES",
    "Retry",
    "delays",
    "is_retryable",
    "retry_after_close",
    "retry_after_failure",
]

# Closes that another attempt with the same settings would only repeat: protocol error,
# unacceptable data, invalid payload, policy violation, message too big, extension needed.
NOT_RETRYABLE_CLOSE_CODES = frozenset({1002, 1003, 1007, 1008, 1009, 1010})
# Upgrade refusals a server may take back: its error or overload (websockets retries these).
_PASSING_STATUSES = frozenset({500, 502, 503, 504})
# Refusals that say "later": retried only when the server says when (Retry-After).
_LATER_STATUSES = frozenset({408, 429})
_AGAIN = "Press Connect to try again."


@dataclass(frozen=True)
class Retry:
    """Whether trying again could work; ``why`` says why not (for the log), ``delay`` is a
    wait the server asked for (Retry-After, seconds)."""

    retry: bool
    why: str = ""
    delay: float | None = None


RETRY = Retry(True)


def retry_after_failure(exc: BaseException) -> Retry:
    """A failed connection attempt: worth another one?"""
    if isinstance(exc, UrlError | InvalidURI | InvalidProxy | OptionsError):
        return _never("the URL or a setting is not valid")
    if isinstance(exc, InvalidStatus | InvalidProxyStatus):
        proxy = isinstance(exc, InvalidProxyStatus)
        response = exc.response
        return _after_status(response.status_code, retry_after_seconds(response), proxy)
    if isinstance(exc, UnfinishedResponseError) and exc.status not in (None, 101):
        return _after_status(exc.status or 0, None, proxy=False)  # its headers never ended
    if isinstance(exc, ssl.SSLCertVerificationError):
        return _never("the server's TLS certificate was not accepted, and will not be next time")
    if isinstance(exc, TlsClosedError):
        return _never("the server closed the connection during the TLS handshake")
    if isinstance(exc, ssl.SSLError) and not isinstance(exc, ssl.SSLEOFError):
        return _never("the TLS handshake failed, and would fail the same way")
    if isinstance(exc, InvalidMessage):
        head = exc.head if isinstance(exc, UnreadableResponseError) else b""
        http = not head or head.startswith(b"HTTP/") or b"HTTP/".startswith(head)
        if isinstance(exc.__cause__, EOFError) and http:
            return RETRY  # closed while answering: a server starting or restarting
        return _never("the server did not answer with valid HTTP, and would not next time")
    if isinstance(exc, InvalidHandshake | MultipleValuesError):
        return _never("the server's handshake answer is not acceptable, and would be the same")
    if isinstance(exc, OSError | EOFError):  # refused, reset, unreachable, DNS, timeouts
        return RETRY
    return _never(f"{type(exc).__name__} is not a network failure")


def retry_after_close(rcvd: Close | None, sent: Close | None, failed_by_us: bool) -> Retry:
    """A connection that was open and closed without the user asking: reconnect?"""
    if failed_by_us and sent is not None and sent.code in NOT_RETRYABLE_CLOSE_CODES:
        return _never(
            f"wsgui failed the connection with {sent.code} ({close_code_name(sent.code)}): "
            "the server would send the same again"
        )
    if rcvd is not None and rcvd.code in NOT_RETRYABLE_CLOSE_CODES:
        return _never(
            f"the server closed with {rcvd.code} ({close_code_name(rcvd.code)}), "
            "which another attempt would only repeat"
        )
    return RETRY


def is_retryable(exc: BaseException) -> bool:
    """Would trying again with the same settings possibly work? (a 403 or a bad certificate
    will not get better; a refused connection or a 503 may)."""
    return isinstance(exc, Exception) and retry_after_failure(exc).retry


def delays(options: ConnectOptions) -> Iterator[float]:
    """The waits before each attempt, in seconds."""
    initial = options.reconnect_initial_delay
    return backoff(initial_delay=initial, min_delay=initial, max_delay=options.reconnect_max_delay)


def retry_after_seconds(response: Response, now: float | None = None) -> float | None:
    """The wait a Retry-After header asks for: seconds, or an HTTP date; None if absent
    or unreadable."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _after_status(status: int, wait: float | None, proxy: bool) -> Retry:
    who = "the proxy" if proxy else "the server"
    if status in _PASSING_STATUSES:
        return Retry(True, delay=wait)
    if status in _LATER_STATUSES and wait is not None:
        return Retry(True, delay=wait)
    if status in _LATER_STATUSES:
        return _never(f"{who} answered HTTP {status} without Retry-After (no time to retry at)")
    return _never(f"{who} refused the upgrade with HTTP {status}, and would again")


def _never(why: str) -> Retry:
    return Retry(False, f"Not reconnecting: {why}. {_AGAIN}")
