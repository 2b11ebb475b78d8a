"""When and how soon to reconnect: websockets' own rules, applied to our connection loop.

We open connections ourselves (our socket, to time DNS and TCP), so the library's
``async for ws in connect(...)`` loop cannot drive them; its two building blocks can:
``process_exception`` says which failures are worth retrying (network errors, timeouts,
HTTP 500/502/503/504) and ``backoff`` yields the delays (a random first one, as RFC 6455
7.2.3 asks, then growing by 1.618x up to the maximum).
"""

from __future__ import annotations

from collections.abc import Iterator

from websockets.client import backoff, process_exception

from wsgui.core.options import ConnectOptions

__all__ = ["delays", "is_retryable"]


def is_retryable(exc: BaseException) -> bool:
    """Would trying again with the same settings possibly work? (a 403 or a bad certificate
    will not get better; a refused connection or a 503 may)."""
    return isinstance(exc, Exception) and process_exception(exc) is None


def delays(options: ConnectOptions) -> Iterator[float]:
    """The waits before each attempt, in seconds."""
    initial = options.reconnect_initial_delay
    return backoff(initial_delay=initial, min_delay=initial, max_delay=options.reconnect_max_delay)
