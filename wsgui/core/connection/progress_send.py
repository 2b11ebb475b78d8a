"""Sending one large message in frames while reporting how much of it has left.

A file goes out as ONE binary message, as a browser sends a Blob, but a file over 1 MiB is
cut into frames of 1 MiB (a first BINARY frame, then continuations, the last one with FIN):
websockets masks and copies a frame in one go on the event loop, about 4 ms per MiB here,
so one 256 MiB frame froze the window for most of a second while 1 MiB frames let it tick
between them. The frames are exactly these (no empty final frame, as ``ws.send(iterable)``
would add), written through the connection's ``send_context`` as the library's own
fragmented send does, with ``send_in_progress`` held so that no other message slips in
between two of them. Both are websockets internals: pyproject pins websockets below 18 and
tests/core/connection/websocket/test_send_file.py checks the frames on the wire.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed
from websockets.frames import CloseCode
from websockets.protocol import State

from wsgui.core.model.payload import format_size

__all__ = [
    "FRAME_BYTES",
    "MAX_FRAMES",
    "PROGRESS_SECONDS",
    "describe_frames",
    "frame_plan",
    "send_in_frames",
    "send_with_progress",
]

PROGRESS_SECONDS = 0.1
FRAME_BYTES = 2**20  # a larger file goes out in frames of this size
# websockets' servers refuse a message in more than 4096 fragments by default: a file over
# 4 GiB gets larger frames rather than more of them.
MAX_FRAMES = 4096


def frame_plan(total: int) -> tuple[int, int]:
    """(number of frames, bytes per frame, the last one may be shorter) for a file."""
    if total <= FRAME_BYTES:
        return 1, total
    size = max(FRAME_BYTES, -(-total // MAX_FRAMES))
    return -(-total // size), size


def describe_frames(total: int) -> str:
    """``1 frame`` or ``256 frames of 1.0 MiB``, as the log and the progress bar say it."""
    frames, size = frame_plan(total)
    return "1 frame" if frames == 1 else f"{frames:,} frames of {format_size(size)}"


async def send_in_frames(
    ws: ClientConnection, data: bytes, sent: Callable[[int], None] | None = None
) -> None:
    """Send ``data`` as one binary message in the frames ``frame_plan`` gives. ``sent(n)`` is
    called as each frame is handed to the transport (n: payload bytes so far, this frame
    included: while it drains, the transport's buffer holds what has not left). The loop
    runs between frames: each is drained to the transport's low-water mark, and the send
    yields even when the socket took it all at once."""
    frames, size = frame_plan(len(data))
    if frames == 1:
        if sent is not None:
            sent(len(data))
        await ws.send(data)
        return
    while ws.send_in_progress is not None:  # another fragmented message is going out
        await asyncio.shield(ws.send_in_progress)
    done = ws.send_in_progress = ws.loop.create_future()
    view = memoryview(data)
    try:
        for index in range(frames):
            chunk, last = view[index * size : (index + 1) * size], index == frames - 1
            if sent is not None:
                sent(min(len(data), (index + 1) * size))
            async with ws.send_context():
                if index == 0:
                    ws.protocol.send_binary(chunk, fin=last)
                else:
                    ws.protocol.send_continuation(chunk, fin=last)
            if not last:  # the drain only waits when the socket is full: let the UI run
                await asyncio.sleep(0)
    except BaseException:
        # Half-way through a message nothing else may be sent: the connection is unusable
        # (websockets' own fragmented send fails it too). Closed already: nothing to do.
        if ws.protocol.state is State.OPEN:
            ws.protocol.fail(CloseCode.INTERNAL_ERROR, "error in fragmented message")
            ws.send_data()
        raise
    finally:
        done.set_result(None)
        ws.send_in_progress = None


async def send_with_progress(
    ws: ClientConnection, data: bytes, on_progress: Callable[[int, int], None]
) -> tuple[int, bool]:
    """Send ``data`` (see ``send_in_frames``); every 0.1 s ``on_progress(written, total)``
    where written is what the OS has taken (what was handed to the transport, less what its
    buffer still holds). Returns (bytes written, failed); a closed connection is a failure,
    an abort is not seen here (see the caller)."""
    total = len(data)
    handed = 0

    def on_sent(count: int) -> None:
        nonlocal handed
        handed = count

    sending = asyncio.ensure_future(send_in_frames(ws, data, on_sent))
    written = 0
    try:
        while not sending.done():
            await asyncio.wait({sending}, timeout=PROGRESS_SECONDS)
            buffered = ws.transport.get_write_buffer_size()
            written = min(total, max(written, handed - buffered))
            on_progress(written, total)
        sending.result()
    except ConnectionClosed:
        return written, True
    finally:
        if not sending.done():  # cancelled while waiting: do not leave the send behind
            sending.cancel()
    return written, False
