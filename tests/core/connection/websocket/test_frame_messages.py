"""Message numbers of frames: per connection and direction, fragments, trims; and the log side."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wsgui.core.connection.websocket.frame_messages import LogAnchor, MessageNumbers, describe_place
from wsgui.core.log.store import LogStore
from wsgui.core.model.entries import Direction, Kind, LogEntry
from wsgui.core.model.frames import RawFrame

TEXT, BINARY, CONT, CLOSE, PING = 1, 2, 0, 8, 9


def frame(sent: bool, opcode: int, fin: bool = True) -> RawFrame:
    return (sent, opcode, fin, False, b"x", 0.0, 1)


def labels(numbers: MessageNumbers, frames: list[RawFrame]) -> list[str]:
    return [describe_place(numbers.place(frames, i)) for i in range(len(frames))]


def test_fragments_and_directions_are_numbered_apart() -> None:
    frames = [
        frame(False, TEXT, fin=False),
        frame(True, BINARY),  # a sent message between two received fragments
        frame(False, PING),
        frame(False, CONT, fin=False),
        frame(False, CONT),
        frame(False, BINARY),
        frame(True, CLOSE),
    ]
    numbers = MessageNumbers()
    numbers.start_connection(0, LogAnchor(0, 0))
    assert labels(numbers, frames) == [
        "#1 part 1",
        "#1",
        "",
        "#1 part 2",
        "#1 part 3 (last)",
        "#2",
        "",
    ]
    assert numbers.final_frame(frames, 0) == 4  # the sent frame in between is skipped
    assert numbers.final_frame(frames, 2) == 2  # a ping stands alone


def test_numbering_restarts_per_connection_and_keeps_its_anchor() -> None:
    frames = [frame(False, TEXT), frame(False, TEXT), frame(False, TEXT)]
    numbers = MessageNumbers()
    numbers.start_connection(0, LogAnchor(0, 0))
    numbers.start_connection(2, LogAnchor(7, 1))
    assert labels(numbers, frames) == ["#1", "#2", "#1"]
    assert numbers.place(frames, 1).anchor == LogAnchor(0, 0)
    assert numbers.place(frames, 2).anchor == LogAnchor(7, 1)


def test_a_continuation_without_a_start_still_gets_a_number() -> None:
    frames = [frame(False, CONT), frame(False, TEXT)]
    numbers = MessageNumbers()
    assert labels(numbers, frames) == ["#1", "#2"]
    assert numbers.place(frames, 0).anchor is None


def test_trim_keeps_the_numbers_of_the_remaining_frames() -> None:
    frames = [frame(False, TEXT) for _ in range(5)]
    numbers = MessageNumbers()
    numbers.start_connection(0, LogAnchor(0, 0))
    numbers.start_connection(1, LogAnchor(3, 0))
    numbers.trim(frames, 3)
    del frames[:3]
    frames.append(frame(False, TEXT))
    assert labels(numbers, frames) == ["#3", "#4", "#5"]
    assert numbers.place(frames, 0).anchor == LogAnchor(3, 0)


def message(direction: Direction, text: str) -> LogEntry:
    return LogEntry(direction, Kind.TEXT, text, len(text), 0.0)


def test_nth_message_counts_from_the_anchor_and_knows_dropped_rows() -> None:
    store = LogStore(cap=10)
    event = LogEntry(Direction.EVENT, Kind.OPEN, "open", 0, 0.0)
    store.extend([message(Direction.RECEIVED, "old"), event])
    anchor = store.appended
    store.extend([event, message(Direction.SENT, "s1"), message(Direction.RECEIVED, "r1")])
    store.extend([message(Direction.RECEIVED, "r2")])
    assert store[store.nth_message(anchor, Direction.RECEIVED, 2)].payload == "r2"
    assert store[store.nth_message(anchor, Direction.SENT, 1)].payload == "s1"
    with pytest.raises(LookupError, match="not in the log"):
        store.nth_message(anchor, Direction.SENT, 2)
    store.extend([message(Direction.SENT, str(i)) for i in range(9)])  # drops the oldest chunk
    with pytest.raises(LookupError, match="retention cap"):
        store.nth_message(anchor, Direction.RECEIVED, 1)


def test_a_continuation_knows_the_opcode_of_its_message() -> None:
    from wsgui.core.model.frames import as_record, describe_payload

    zeros = (False, CONT, True, False, b"\x00\x01", 0.0, 2)
    frames = [
        frame(False, BINARY, fin=False),
        frame(True, TEXT),  # the other direction in between
        frame(False, PING),
        zeros,
        frame(False, TEXT, fin=False),
        (False, CONT, True, False, b"ok", 0.0, 2),
    ]
    numbers = MessageNumbers()
    assert [numbers.message_opcode(frames, i) for i in range(len(frames))] == [
        BINARY,
        TEXT,
        PING,
        BINARY,
        TEXT,
        TEXT,
    ]
    assert describe_payload(as_record(frames[3]), message_opcode=BINARY) == "00 01"
    assert describe_payload(as_record(frames[5]), message_opcode=TEXT) == "ok"
    assert numbers.message_opcode([zeros], 0) == CONT  # its start is not there: unknown


def reference_numbers(frames: list[RawFrame]) -> list[tuple[int, int]]:
    """(message, part) per frame, the rules written plainly: one connection."""
    counts, parts, out = [0, 0], [0, 0], []
    for sent, opcode, fin, *_ in frames:
        way = int(sent)
        if opcode >= CLOSE:
            out.append((0, 0))
            continue
        if opcode != CONT or not parts[way]:
            counts[way] += 1
            parts[way] = 0
        parts[way] += 1
        out.append((counts[way], parts[way]))
        if fin:
            parts[way] = 0
    return out


# Long runs of one-way whole messages (numbered without a Python loop) mixed with fragments,
# control frames and the other direction (numbered one by one).
_runs = st.lists(
    st.one_of(
        st.tuples(st.booleans(), st.sampled_from([TEXT, BINARY]), st.integers(60, 300)).map(
            lambda run: [frame(run[0], run[1])] * run[2]
        ),
        st.lists(
            st.tuples(
                st.booleans(), st.sampled_from([TEXT, BINARY, CONT, PING, CLOSE]), st.booleans()
            ).map(lambda f: frame(*f)),
            max_size=80,
        ),
    ),
    max_size=8,
).map(lambda runs: [f for run in runs for f in run])


@settings(max_examples=150, deadline=None)
@given(frames=_runs, asks=st.lists(st.floats(0, 1), max_size=5), trim=st.floats(0, 1))
def test_numbers_match_the_plain_rules_however_they_are_asked(
    frames: list[RawFrame], asks: list[float], trim: float
) -> None:
    numbers = MessageNumbers()
    numbers.start_connection(0, LogAnchor(0, 0))
    expected = reference_numbers(frames)
    for ask in asks:  # the table asks for rows as they are shown: in stretches
        if frames:
            numbers.place(frames, int(ask * (len(frames) - 1)))
    dropped = int(trim * len(frames))
    numbers.trim(frames, dropped)
    kept = frames[dropped:] + [frame(False, TEXT)] * 70  # and a run arrives after the trim
    expected = reference_numbers(frames + [frame(False, TEXT)] * 70)[dropped:]
    got = [numbers.place(kept, i) for i in range(len(kept))]
    assert [(p.message, p.part) for p in got] == expected
