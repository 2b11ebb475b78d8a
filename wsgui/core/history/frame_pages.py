"""A stored session's captured frames read back a page at a time, for the Frames table of a
session opened from History: a session of millions of frames costs the memory of a few pages.

``StoredFrames`` is a sequence of RawFrame (what the live Frames table holds), so the same
table model shows it; a frame's payload is what the store kept (its first FRAME_PREFIX
bytes, see frames.py), and ``length`` gives the payload's whole length. A page is
PAGE_FRAMES consecutive frames; the last CACHED_PAGES pages read are kept (a screen, a
scroll back and forth never read twice). Slices and iteration read page by page without
filling that cache (a scan over the whole session would push out the pages on screen). A
frame the source no longer has (its session deleted from History meanwhile) reads as a
text frame saying so.

``heads`` is the same frames with only their direction, opcode and FIN, for numbering their
messages: the table numbers every frame up to the row it shows, so the end of a session of
a million frames means reading them all (about 4 times faster this way).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import Protocol, overload

from wsgui.core.history.frames import StoredFrame
from wsgui.core.model.frames import RawFrame

__all__ = ["CACHED_PAGES", "PAGE_FRAMES", "FrameHeads", "FrameSource", "StoredFrames"]

PAGE_FRAMES = 1024
CACHED_PAGES = 8  # 8 Ki frames: at most 32 MiB of 4 KiB payload starts, most often far less
_GONE_TEXT = b"(this frame is no longer in the history store)"
_GONE: StoredFrame = (False, 1, True, False, _GONE_TEXT, 0.0, 0, len(_GONE_TEXT))


class FrameSource(Protocol):
    """Where stored frames are read back (core.history's SessionReader or HistoryStore)."""

    def frames(self, session_id: int, start: int, count: int) -> list[StoredFrame]:
        """Frames ``start`` .. ``start + count`` of the session (fewer if gone)."""
        ...

    def frame_heads(self, session_id: int, start: int, count: int) -> list[RawFrame]:
        """Those frames with only direction, opcode and FIN (the payload empty)."""
        ...


class StoredFrames(Sequence[RawFrame]):
    """The ``count`` frames of session ``session_id``, read from ``source`` by page."""

    def __init__(
        self,
        source: FrameSource,
        session_id: int,
        count: int,
        cached_pages: int = CACHED_PAGES,
    ) -> None:
        self.source, self.session_id = source, session_id
        self._length = max(count, 0)
        self._pages: OrderedDict[int, list[StoredFrame]] = OrderedDict()
        self._cached = max(cached_pages, 1)
        self.reads = 0  # pages read from the source (tests: how lazy it is)
        self.heads = FrameHeads(source, session_id, self._length)

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> RawFrame: ...
    @overload
    def __getitem__(self, index: slice) -> list[RawFrame]: ...
    def __getitem__(self, index: int | slice) -> RawFrame | list[RawFrame]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._length)
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            return [stored[:7] for stored in self._scan(start, stop)]
        return self.stored(index)[:7]

    def __iter__(self) -> Iterator[RawFrame]:
        return (stored[:7] for stored in self._scan(0, self._length))

    def stored(self, index: int) -> StoredFrame:
        """Frame ``index`` as the store keeps it (with its whole payload length at the end)."""
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("stored frame out of range")
        page = self._page(index // PAGE_FRAMES)
        at = index % PAGE_FRAMES
        return page[at] if at < len(page) else _GONE

    def length(self, index: int) -> int:
        """The whole payload length of frame ``index`` (its stored payload may be a start)."""
        return self.stored(index)[7]

    def _scan(self, start: int, stop: int) -> Iterator[StoredFrame]:
        for at in range(start, stop, PAGE_FRAMES):
            want = min(PAGE_FRAMES, stop - at)
            cached = self._pages.get(at // PAGE_FRAMES) if at % PAGE_FRAMES == 0 else None
            frames = cached if cached is not None else self._read(at, want)
            yield from frames[:want]
            if len(frames) < want:
                yield from [_GONE] * (want - len(frames))

    def _page(self, number: int) -> list[StoredFrame]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        page = self._read(number * PAGE_FRAMES, PAGE_FRAMES)
        self._pages[number] = page
        if len(self._pages) > self._cached:
            self._pages.popitem(last=False)
        return page

    def _read(self, start: int, count: int) -> list[StoredFrame]:
        self.reads += 1
        return self.source.frames(self.session_id, start, count)


class FrameHeads(Sequence[RawFrame]):
    """A session's frames with only direction, opcode and FIN, read from ``source`` a
    slice (or, for one frame, a page) at a time; the last read is kept."""

    def __init__(self, source: FrameSource, session_id: int, count: int) -> None:
        self.source, self.session_id, self._length = source, session_id, count
        self._first, self._kept = 0, list[RawFrame]()

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> RawFrame: ...
    @overload
    def __getitem__(self, index: slice) -> list[RawFrame]: ...
    def __getitem__(self, index: int | slice) -> RawFrame | list[RawFrame]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._length)
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            return self._read(start, stop)
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("stored frame out of range")
        if not self._first <= index < self._first + len(self._kept):
            start = index - index % PAGE_FRAMES
            self._read(start, min(self._length, start + PAGE_FRAMES))
        at = index - self._first
        return self._kept[at] if at < len(self._kept) else _GONE[:7]

    def __iter__(self) -> Iterator[RawFrame]:
        for start in range(0, self._length, PAGE_FRAMES):
            yield from self[start : start + PAGE_FRAMES]

    def _read(self, start: int, stop: int) -> list[RawFrame]:
        if self._first <= start and stop <= self._first + len(self._kept):
            return self._kept[start - self._first : stop - self._first]
        heads = self.source.frame_heads(self.session_id, start, stop - start)
        if len(heads) < stop - start:
            heads += [_GONE[:7]] * (stop - start - len(heads))
        self._first, self._kept = start, heads
        return heads
