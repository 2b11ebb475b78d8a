"""A test server (an async context manager yielding its base URL) on its own event loop in a
thread: for code that runs ``asyncio.run`` itself (``wsgui run``'s main) or a child process
whose polling must not share a loop with a flood."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import AbstractAsyncContextManager


@contextlib.contextmanager
def in_a_thread(server: Callable[[], AbstractAsyncContextManager[str]]) -> Iterator[str]:
    """Start ``server()`` on a loop of its own; yield its URL; stop it and the loop."""
    started: Future[tuple[str, asyncio.Event]] = Future()
    loop = asyncio.new_event_loop()

    async def serve() -> None:
        async with server() as base:
            done = asyncio.Event()
            started.set_result((base, done))
            await done.wait()

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    base, done = started.result(timeout=10)
    try:
        yield base
    finally:
        loop.call_soon_threadsafe(done.set)
        thread.join(10)
        loop.close()
