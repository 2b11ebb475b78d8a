"""How many frames one message may arrive in, and how big a compressed message may grow.

With compression on and the size limit off, one message of a few kilobytes may inflate to
gigabytes (a decompression bomb: 1 GiB of zeros deflates to about 1 MB). "No limit" then
means ``UNLIMITED_INFLATE_BYTES`` (64 MiB) for every message of a connection that
negotiated permessage-deflate; a size limit the user sets, larger or smaller, is kept.
zlib inflates a message in one call on the event loop: 64 MiB take about 0.1 s here.

The fragments: websockets' limit, raised for a debugger.

websockets 17 fails a connection with 1009 "too many fragments" when a message comes in
more than ``WEBSOCKETS_MAX_FRAGMENTS`` frames (4096 by default). The value is read from the
environment when ``websockets.asyncio.messages`` is imported and kept in that module's
``MAX_FRAGMENTS``, which its Assembler reads for every message: one value for the whole
process, with no per-connection setting (and undocumented: tests/core/model/test_limits.py fails
if it moves). RFC 6455 sets no such limit, and a conforming peer may send 4 MiB in 64-byte
fragments (the Autobahn|Testsuite's case 9.3.1: 65,536 frames), so wsgui accepts 131,072.
It stays finite because an empty continuation frame adds nothing towards max_size yet holds
about 130 bytes until its message is complete: 131,072 of them cost ~17 MB at most.
Being process-wide, it is not a per-profile field: whoever needs another value sets
WEBSOCKETS_MAX_FRAGMENTS before starting wsgui, and that value is then left alone.
"""

from __future__ import annotations

import os

from websockets.asyncio import messages

__all__ = [
    "DEBUGGER_MAX_FRAGMENTS",
    "FRAGMENTS_VARIABLE",
    "UNLIMITED_INFLATE_BYTES",
    "apply_fragment_limit",
    "fragment_limit",
]

DEBUGGER_MAX_FRAGMENTS = 2**17
UNLIMITED_INFLATE_BYTES = 64 * 2**20
FRAGMENTS_VARIABLE = "WEBSOCKETS_MAX_FRAGMENTS"


def fragment_limit() -> int:
    """The limit in force for every connection: the user's variable, else the debugger's."""
    if os.environ.get(FRAGMENTS_VARIABLE, "").strip():
        return int(messages.MAX_FRAGMENTS)  # the library parsed the variable at import
    return DEBUGGER_MAX_FRAGMENTS


def apply_fragment_limit() -> int:
    """Put the limit in force (idempotent); returns it."""
    limit = fragment_limit()
    messages.MAX_FRAGMENTS = limit
    return limit
