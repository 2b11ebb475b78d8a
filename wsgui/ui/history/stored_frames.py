"""The Frames view of a session opened from History: the live Frames table (FramesView and
its model) fed with the session's captured frames, read from the journal by page
(core.history's StoredFrames), so a session of millions of frames opens at once and costs
a few pages of memory. Read-only: no Capture frames box. Show message is hidden too: a
stored session does not say whether it was Socket.IO, whose packets are not its messages."""

from __future__ import annotations

from wsgui.core.connection.websocket.frame_messages import FramePlace
from wsgui.core.history.frame_pages import PAGE_FRAMES, StoredFrames
from wsgui.ui.log.frames_model import LENGTH, FramesModel

__all__ = ["StoredFramesModel", "frames_title"]


class StoredFramesModel(FramesModel):
    """A FramesModel over StoredFrames: never appended to; Length is the stored payload's
    whole length. Messages are numbered a page at a time, from the frames' heads (the
    model's numbering reads every frame up to the row asked: at Ctrl+End, all of them)."""

    def __init__(self, frames: StoredFrames) -> None:
        super().__init__(max_frames=max(len(frames), 1))
        self.stored = frames
        # read-only: flush and clear, which change a list, are never called on this model
        self.frames = frames  # type: ignore[assignment]
        self._numbered = 0  # frames numbered so far

    def place(self, row: int) -> FramePlace:
        self._number_to(self.frame_index(row))
        return super().place(row)

    def message_place(self, row: int) -> FramePlace:
        self._number_to(self.numbers.final_frame(self.frames, self.frame_index(row)))
        return super().message_place(row)

    def _make_texts(self, frame_index: int) -> tuple[str, ...]:
        self._number_to(frame_index)
        texts = super()._make_texts(frame_index)
        length = f"{self.stored.length(frame_index):,}"
        return (*texts[:LENGTH], length, *texts[LENGTH + 1 :])

    def _number_to(self, frame_index: int) -> None:
        """Number the frames up to ``frame_index`` from their heads, a page at a time."""
        while self._numbered <= frame_index:
            self._numbered = min(frame_index + 1, self._numbered + PAGE_FRAMES)
            self.numbers.place(self.stored.heads, self._numbered - 1)

    def _recompute(self) -> None:
        """Hide control frames: which frames are data frames, read from their heads."""
        heads = self.stored.heads
        self._shown = [i for i, f in enumerate(heads) if f[1] < 8] if self.hide_control else None


def frames_title(count: int) -> str:
    return f"Frames ({count:,})"
