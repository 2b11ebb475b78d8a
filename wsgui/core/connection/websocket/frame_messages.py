"""Which message each data frame belongs to, so that fragments link to the log entry they form.

Frames are numbered per connection and direction: the k-th message received on a connection
is the k-th received message entry logged after that connection started. ``MessageNumbers``
computes the numbers lazily (a table only asks for the rows it shows) in compact arrays.
A frame's message number is kept as its distance from the frame's own position, which is
the same for every frame of a stretch received one message per frame, one way: the flood's
case is then numbered at C speed, with no Python loop over its frames.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from operator import itemgetter
from typing import NamedTuple

from wsgui.core.model.frames import RawFrame

__all__ = ["FramePlace", "LogAnchor", "MessageNumbers", "describe_place"]

_CONT, _FIRST_CONTROL = 0, 8
_SENT, _OPCODE, _FIN = itemgetter(0), itemgetter(1), itemgetter(2)
_ONE_PART = array("q", [1])
_TEXT_OR_BINARY = bytes([1, 2])
_ONE_WAY_RUN = 64  # frames: below this, the plain loop is as fast


class LogAnchor(NamedTuple):
    """Where the log stood when a connection started: entries ever appended (dropped ones
    included) and messages not kept because capture was paused."""

    position: int
    not_captured: int


class FramePlace(NamedTuple):
    message: int  # 1-based, per connection and direction; 0 for control frames
    part: int  # 1 for the first frame of a message
    last: bool  # FIN: the frame that completes the message
    anchor: LogAnchor | None  # the connection's start in the log, if known


def describe_place(place: FramePlace) -> str:
    if not place.message:
        return ""
    if place.part == 1 and place.last:
        return f"#{place.message}"
    return f"#{place.message} part {place.part}" + (" (last)" if place.last else "")


class MessageNumbers:
    """Per-frame message numbers for a growing list of frames, computed up to the rows asked."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        # Frame i (in the list the caller keeps, after ``trimmed`` frames were dropped from
        # its front) is part _part[i] of message _message[i] + i + trimmed; 0 for control.
        self._message = array("q")
        self._part = array("q")
        self._trimmed = 0
        self._starts: list[tuple[int, LogAnchor]] = []  # (first frame index, anchor)
        self._counts = [0, 0]  # messages so far, received / sent
        self._parts = [0, 0]

    @property
    def has_connections(self) -> bool:
        return bool(self._starts)

    def start_connection(self, first_frame: int, anchor: LogAnchor) -> None:
        """Frames from ``first_frame`` on belong to a new connection (numbering restarts)."""
        self._starts.append((first_frame, anchor))

    def place(self, frames: Sequence[RawFrame], index: int) -> FramePlace:
        self._compute(frames, index + 1)
        frame = frames[index]
        message = self._message[index] + index + self._trimmed if frame[1] < _FIRST_CONTROL else 0
        return FramePlace(message, self._part[index], frame[2], self._anchor_for(index))

    def final_frame(self, frames: Sequence[RawFrame], index: int) -> int:
        """The index of the frame that completes the message ``index`` is part of."""
        sent, opcode = frames[index][0], frames[index][1]
        if opcode >= _FIRST_CONTROL:
            return index
        for later in range(index, len(frames)):
            frame = frames[later]
            if frame[0] == sent and frame[1] < _FIRST_CONTROL and frame[2]:
                return later
        return index

    def message_opcode(self, frames: Sequence[RawFrame], index: int) -> int:
        """The opcode of the frame that started the message ``index`` is part of (TEXT or
        BINARY for a continuation; 0 when its start is not among the frames)."""
        sent, opcode = frames[index][0], frames[index][1]
        earlier = index
        while opcode == _CONT and earlier > 0:
            earlier -= 1
            frame = frames[earlier]
            if frame[0] == sent and frame[1] < _FIRST_CONTROL:
                if frame[1] == _CONT:
                    continue
                return frame[1] if not frame[2] else 0  # a FIN frame ended another message
        return opcode

    def trim(self, frames: Sequence[RawFrame], count: int) -> None:
        """The ``count`` oldest frames are about to go: keep the numbers of the others."""
        self._compute(frames, len(frames))
        del self._message[:count]
        del self._part[:count]
        self._trimmed += count
        # A start moved before the front (negative) was entered already: no restart there.
        starts = [(first - count, anchor) for first, anchor in self._starts]
        self._starts = [
            s for i, s in enumerate(starts) if i + 1 == len(starts) or starts[i + 1][0] > 0
        ]

    def _anchor_for(self, index: int) -> LogAnchor | None:
        anchor = None
        for first, candidate in self._starts:
            if first > index:
                break
            anchor = candidate
        return anchor

    def _compute(self, frames: Sequence[RawFrame], upto: int) -> None:
        """Number the frames from the last one numbered up to ``upto`` (one connection's
        stretch at a time, so that the per-frame loop stays tight: it runs for every frame a
        followed Frames table shows)."""
        done = len(self._message)
        if done >= upto:
            return
        for first, _anchor in self._starts:
            if done < first < upto:
                self._number(frames, done, first)
                self._counts[:] = self._parts[:] = [0, 0]
                done = first
            elif first == done:
                self._counts[:] = self._parts[:] = [0, 0]
        self._number(frames, done, upto)

    def _number(self, frames: Sequence[RawFrame], start: int, stop: int) -> None:
        """Frames start..stop-1, all of one connection: (message, part) per frame, 0 for
        control frames; a continuation with no message open starts one."""
        if stop - start >= _ONE_WAY_RUN and self._number_one_way(frames, start, stop):
            return
        received, received_part = self._counts[0], self._parts[0]
        sent, sent_part = self._counts[1], self._parts[1]
        messages: list[int] = []
        parts: list[int] = []
        add_message, add_part = messages.append, parts.append
        position = start + self._trimmed  # stored: the message number minus this
        for frame in frames[start:stop]:  # a slice: islice would step over the first ``start``
            opcode = frame[1]
            if opcode >= _FIRST_CONTROL:
                add_message(0)
                add_part(0)
            elif frame[0]:
                if opcode != _CONT or not sent_part:
                    sent += 1
                    sent_part = 1
                else:
                    sent_part += 1
                add_message(sent - position)
                add_part(sent_part)
                if frame[2]:  # FIN: the next data frame starts a new message
                    sent_part = 0
            else:
                if opcode != _CONT or not received_part:
                    received += 1
                    received_part = 1
                else:
                    received_part += 1
                add_message(received - position)
                add_part(received_part)
                if frame[2]:
                    received_part = 0
            position += 1
        self._message.extend(messages)
        self._part.extend(parts)
        self._counts[:] = [received, sent]
        self._parts[:] = [received_part, sent_part]

    def _number_one_way(self, frames: Sequence[RawFrame], start: int, stop: int) -> bool:
        """The flood's case, in C: frames start..stop-1 all one way, each a whole message
        (TEXT or BINARY with FIN), so message minus position is one constant. False, and
        nothing numbered, for any other stretch."""
        stretch = frames[start:stop]
        if bytes(map(_OPCODE, stretch)).translate(None, _TEXT_OR_BINARY):
            return False  # a continuation or a control frame
        if not all(map(_FIN, stretch)):
            return False
        sent = any(map(_SENT, stretch))
        if sent and not all(map(_SENT, stretch)):
            return False
        way, count = int(sent), len(stretch)
        first = self._counts[way] + 1  # the message of frame ``start``
        self._message.extend(array("q", [first - start - self._trimmed]) * count)
        self._part.extend(_ONE_PART * count)
        self._counts[way] += count
        self._parts[way] = 0
        return True
