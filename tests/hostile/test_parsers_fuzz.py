"""Property-based: every parser a user feeds returns a value or its own, specific error,
never another exception, whatever the input (hypothesis)."""

from __future__ import annotations

import io
import json
import random
import re
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wsgui.core.compose.encoding import encode, json_problem, parse_base64
from wsgui.core.connection.socketio.args import emit_arguments
from wsgui.core.log.export import LogFormatError, write_har, write_ndjson
from wsgui.core.log.transfer import Progress, import_log
from wsgui.core.model.checks import parse_header_line, parse_seconds, parse_size
from wsgui.core.model.close import CloseArgsError, validate_close
from wsgui.core.model.entries import Direction, Kind, LogEntry
from wsgui.core.model.options import ConnectOptions, OptionsError
from wsgui.core.model.payload import PayloadError, parse_hex
from wsgui.core.model.urls import UrlError, check_url
from wsgui.core.profiles.importers import import_command_line, import_har
from wsgui.core.profiles.importers.draft import ImportFailure
from wsgui.core.profiles.profile import ProfileError, profile_from_dict

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TEXT = st.text(max_size=300)
URLISH = st.builds(
    lambda a, b, c: a + b + c,
    st.sampled_from(["", "ws://", "wss://", "http://", "ftp://", "ws://[", "//", "ws://u:p@"]),
    TEXT,
    st.sampled_from(["", "/", ":80", ":99999", "#x", "?a=b", "%zz"]),
)


def quietly(function: Any, value: Any, *errors: type[Exception]) -> None:
    """Call ``function(value)``: it returns, or raises one of ``errors`` (only those: a bare
    ValueError would also let a UnicodeEncodeError through) with a message to show."""
    try:
        function(value)
    except errors as exc:
        assert isinstance(exc.args[0], str) and str(exc).strip(), repr(exc)


@FAST
@given(URLISH)
def test_urls(text: str) -> None:
    quietly(check_url, text, UrlError)


@FAST
@given(TEXT)
def test_header_lines(text: str) -> None:
    quietly(parse_header_line, text, OptionsError)


@FAST
@given(TEXT, st.sampled_from(["text", "json", "hex", "base64"]))
def test_composer_modes(text: str, mode: str) -> None:
    quietly(lambda t: encode(mode, t), text, PayloadError)
    quietly(parse_hex, text, PayloadError)
    quietly(parse_base64, text, PayloadError)
    assert isinstance(json_problem(text), str)


@FAST
@given(st.integers(min_value=-(2**31), max_value=2**31), TEXT)
def test_close_code_and_reason(code: int, reason: str) -> None:
    quietly(lambda _x: validate_close(code, reason), None, CloseArgsError)


# JSON nested deeper than the recursion limit (json.loads raises RecursionError), or with an
# integer of more than 4,300 digits (ValueError, not JSONDecodeError)
DEEP_JSON = st.builds(
    lambda depth, opener, before: before + opener * depth,
    st.integers(min_value=1, max_value=5000),
    st.sampled_from(["[", '{"a":', "[1,", "1"]),
    st.sampled_from(["", "1\n", "[]\n"]),
)


@FAST
@given(TEXT | DEEP_JSON)
def test_seconds_sizes_socketio_auth_and_emit_arguments(text: str) -> None:
    from wsgui.core.connection.socketio.args import sio_auth

    quietly(lambda t: parse_seconds(t, "Open timeout", allow_off=True), text, OptionsError)
    quietly(parse_size, text, OptionsError)
    quietly(lambda t: emit_arguments("json", t, [t]), text, OptionsError)
    quietly(lambda t: sio_auth(ConnectOptions("ws://h.test/", sio_auth=t)), text, OptionsError)


@FAST
@given(
    st.lists(
        st.sampled_from(["curl", "wscat", "websocat", "-H", "-c", "--header", "'", '"', "\\"])
        | TEXT,
        max_size=8,
    ).map(" ".join)
)
def test_pasted_command_lines(text: str) -> None:
    quietly(import_command_line, text, ImportFailure)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20,
)
PROFILE_KEYS = st.sampled_from(
    [
        "schema",
        "name",
        "url",
        "headers",
        "auth",
        "auth_secret",
        "open_timeout",
        "max_size",
        "messages",
        "proxy_mode",
        "sio_auth",
        "reconnect_attempts",
        "subprotocols",
    ]
)


@FAST
@given(st.dictionaries(PROFILE_KEYS, JSON_VALUES, max_size=8) | JSON_VALUES)
def test_profile_files(data: object) -> None:
    class NoSecrets:
        available = False

        def get(self, *_args: Any) -> str | None:
            return None

        def set(self, *_args: Any) -> None:
            raise ProfileError("no keyring")

        def delete(self, *_args: Any) -> None:
            pass

    quietly(lambda d: profile_from_dict(d, NoSecrets()), data, ProfileError)  # type: ignore[arg-type]


# Log files as Log > Open log file… and File > Import HAR file… read them: from disk, through
# the functions the app calls (import_log, import_har), whatever the bytes.
ODD = JSON_VALUES | st.floats() | st.sampled_from([2**64, -1, 1e300, "", "x", [], {}])
NDJSON_FIELDS = {
    "time": st.floats(0, 2e9),
    "direction": st.sampled_from([d.value for d in Direction]),
    "kind": st.sampled_from([k.value for k in Kind]),
    "size": st.integers(0, 100),
    "text": TEXT,
    "note": TEXT,
    "close_code": st.sampled_from([1000, 1006, 4000]),
}
HAR_FIELDS = {
    "type": st.sampled_from(["send", "receive"]),
    "time": st.floats(0, 2e9),
    "opcode": st.sampled_from([1, 2, 9]),
    "data": st.sampled_from(["aGk=", "!!"]) | TEXT,
}


def _odd_one(fields: dict[str, Any]) -> Any:
    """A good record with one field given an odd value (wrong type, out of range) or taken
    out, or with every field odd."""
    good = st.fixed_dictionaries(fields)
    return st.one_of(
        st.tuples(good, st.sampled_from(sorted(fields)), ODD).map(lambda t: {**t[0], t[1]: t[2]}),
        st.tuples(good, st.sampled_from(sorted(fields))).map(
            lambda t: {k: v for k, v in t[0].items() if k != t[1]}
        ),
        st.fixed_dictionaries({}, optional={key: ODD for key in fields}),
        good,
    )


NDJSON_ROW = st.one_of(
    _odd_one(NDJSON_FIELDS),
    _odd_one({**NDJSON_FIELDS, "kind": st.just("binary"), "base64": st.just("aGk=")}).map(
        lambda row: {k: v for k, v in row.items() if k != "text"}
    ),
)
HAR_ENTRY = st.fixed_dictionaries(
    {"_resourceType": st.just("websocket") | ODD},
    optional={
        "request": st.fixed_dictionaries(
            {}, optional={"url": st.sampled_from(["ws://127.0.0.1:1/", "wss://h.test/x"]) | ODD}
        )
        | ODD,
        "response": st.just({"status": 101}) | ODD,
        "_webSocketMessages": st.lists(_odd_one(HAR_FIELDS), max_size=4) | ODD,
    },
)
ENTRIES = st.lists(
    st.builds(
        lambda text, binary, sent: LogEntry(
            Direction.SENT if sent else Direction.RECEIVED,
            Kind.TEXT if binary is None else Kind.BINARY,
            text if binary is None else binary,
            len(text.encode("utf-8", "surrogatepass")) if binary is None else len(binary),
            1.7e9,
        ),
        TEXT,
        st.none() | st.binary(max_size=50),
        st.booleans(),
    ),
    max_size=5,
)


def _written(entries: list[LogEntry], har: bool) -> bytes:
    handle = io.StringIO()
    if har:
        write_har(entries, "ws://127.0.0.1:1/", handle)
    else:
        write_ndjson(entries, handle)
    return handle.getvalue().encode("utf-8", "surrogatepass")


LOG_DOCUMENTS = st.one_of(
    st.tuples(st.just(".ndjson"), st.lists(NDJSON_ROW | ODD, max_size=5)).map(
        lambda t: (t[0], "\n".join(json.dumps(row) for row in t[1]).encode())
    ),
    st.tuples(st.just(".har"), st.lists(HAR_ENTRY | ODD, max_size=3)).map(
        lambda t: (t[0], json.dumps({"log": {"entries": t[1]}}).encode())
    ),
    st.tuples(st.just(".har"), JSON_VALUES).map(lambda t: (t[0], json.dumps(t[1]).encode())),
    st.tuples(st.sampled_from([".ndjson", ".har"]), ENTRIES).map(
        lambda t: (t[0], _written(t[1], t[0] == ".har"))
    ),
    st.tuples(st.sampled_from([".ndjson", ".jsonl", ".har"]), st.binary(max_size=300)),
)
DAMAGE = st.tuples(
    st.sampled_from(["none", "cut", "splice", "latin-1"]),
    st.integers(min_value=0, max_value=10**6),
    st.binary(min_size=1, max_size=6),
)


def _damaged(data: bytes, damage: tuple[str, int, bytes]) -> bytes:
    how, at, junk = damage
    at = at % (len(data) + 1)
    if how == "cut":  # truncated: a download or a copy that stopped
        return data[:at]
    if how == "splice":  # bytes that are not UTF-8, or not JSON, in the middle
        return data[:at] + junk + data[at:]
    if how == "latin-1":  # saved again by an editor in another encoding
        return data.decode("utf-8", "replace").encode("latin-1", "replace")
    return data


NDJSON_ERROR = re.compile(r"line \d+: \S")


def open_log_file(data: bytes, suffix: str) -> list[LogEntry] | None:
    """What Log > Open log file… and File > Import HAR file… do with these bytes on disk:
    the entries, or None after checking that the error names what is wrong."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"log{suffix}"
        path.write_bytes(data)
        if suffix == ".har":
            try:
                import_har(path.read_bytes())  # File > Import HAR file… (profiles)
            except ImportFailure as exc:
                assert str(exc).startswith("HAR"), str(exc)
        try:
            entries = import_log(path, Progress())
        except LogFormatError as exc:
            message = str(exc)
            if suffix == ".har":
                assert message.startswith("HAR") and len(message) > 5, message
            else:
                assert NDJSON_ERROR.match(message), message
            return None
    for entry in entries:  # what the log tab will show, and must be able to
        assert showable(entry), entry
    return entries


def showable(entry: LogEntry) -> bool:
    """An entry the log can show: the types LogEntry promises, a time that is a date."""
    number = (int, float)
    return (
        isinstance(entry.direction, Direction)
        and isinstance(entry.kind, Kind)
        and isinstance(entry.payload, str | bytes)
        and type(entry.size) is int
        and entry.size >= 0
        and isinstance(entry.time, number)
        and not isinstance(entry.time, bool)
        and bool(datetime.fromtimestamp(entry.time).strftime("%H:%M:%S.%f"))
        and isinstance(entry.note, str)
        and (entry.close_code is None or type(entry.close_code) is int)
    )


@FAST
@given(LOG_DOCUMENTS, DAMAGE)
def test_har_and_ndjson_files(document: tuple[str, bytes], damage: tuple[str, int, bytes]) -> None:
    suffix, data = document
    open_log_file(_damaged(data, damage), suffix)


def test_a_log_file_read_back_is_equal() -> None:
    entries = [
        LogEntry(Direction.RECEIVED, Kind.TEXT, "h\u00e9\u202e", 6, 1.7e9),
        LogEntry(Direction.SENT, Kind.BINARY, b"\x00\xff", 2, 1.7e9 + 1),
    ]
    assert open_log_file(_written(entries, har=False), ".ndjson") == entries


BIG_TEXT = "x" * (3 * 2**20)
BIG_HAR = _written([LogEntry(Direction.RECEIVED, Kind.TEXT, BIG_TEXT, len(BIG_TEXT), 1.7e9)], True)
BIG_NDJSON = _written(  # 40,000 lines, 3.8 MB
    [LogEntry(Direction.RECEIVED, Kind.TEXT, f"m{i:06}", 7, 1.7e9) for i in range(40_000)], False
)
NOISE = random.Random(8).randbytes(4 * 2**20)
MIDDLE = 2_000_000
GOOD_ROW = (  # after a blank line: line 2
    b'\n{"time": 1.7e9, "direction": "sent", "kind": "text", "size": 1, "text": "a", '
    b'"close_code": null}'
)
MIDDLE_LINE = BIG_NDJSON[:MIDDLE].count(b"\n") + 1
MIDDLE_BYTE = MIDDLE - BIG_NDJSON[:MIDDLE].rfind(b"\n")


@pytest.mark.parametrize(
    ("suffix", "data", "expect"),
    [
        (".ndjson", BIG_NDJSON, None),
        (".ndjson", BIG_NDJSON[: len(BIG_NDJSON) // 2 + 17], r"line 20001: not JSON$"),
        (
            ".ndjson",
            BIG_NDJSON[:MIDDLE] + b"\xff" + BIG_NDJSON[MIDDLE:],
            rf"line {MIDDLE_LINE}: not UTF-8 text \(byte {MIDDLE_BYTE} of the line\)$",
        ),
        (".ndjson", b"{" + b"x" * (4 * 2**20), r"line 1: not JSON$"),
        (".ndjson", NOISE, r"line 1: not UTF-8 text \(byte \d+ of the line\)$"),
        (".ndjson", b'{"text": 5}\n', r"line 1: KeyError: 'direction'$"),
        (".ndjson", GOOD_ROW.replace(b'"a"', b"5"), r"line 2: the payload is int, not text$"),
        (".ndjson", GOOD_ROW.replace(b"1,", b"1e999,"), r"line 2: cannot convert float inf"),
        (".ndjson", GOOD_ROW.replace(b"1.7e9", b"1e300"), r"line 2: time 1e\+300 is not a date"),
        (".ndjson", GOOD_ROW.replace(b"null", b'"x"'), r"line 2: close_code 'x' is not a close"),
        (".har", BIG_HAR, None),
        (".har", BIG_HAR[: 2**20], r"HAR: not JSON \(line \d+, column \d+\)$"),
        (".har", NOISE, r"HAR: not UTF-8 text \(byte \d+\)$"),
        (".har", b"\xff\xfe" + "{}".encode("utf-16-le"), r"HAR: not UTF-8 text \(byte 0\)$"),
    ],
    ids=[
        "3.8 MB NDJSON",
        "3.8 MB NDJSON cut in half",
        "3.8 MB NDJSON with a byte that is not UTF-8",
        "4 MB on one line",
        "4 MB of random bytes as NDJSON",
        "an NDJSON line of wrong types",
        "a number as the text",
        "a size of Infinity",
        "a time out of range",
        "a close code that is a string",
        "3 MB HAR message",
        "3 MB HAR cut at 1 MB",
        "4 MB of random bytes as HAR",
        "a UTF-16 HAR",
    ],
)
def test_huge_truncated_and_non_utf8_log_files(
    suffix: str, data: bytes, expect: str | None
) -> None:
    if expect is None:
        entries = open_log_file(data, suffix)
        assert entries is not None
        if suffix == ".har":
            assert entries[-1].payload == BIG_TEXT
        else:
            assert len(entries) == 40_000 and entries[-1].payload == "m039999"
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"log{suffix}"
        path.write_bytes(data)
        with pytest.raises(LogFormatError) as caught:
            import_log(path, Progress())
    assert re.match(expect, str(caught.value)), str(caught.value)


@FAST
@given(URLISH | TEXT)
def test_proxy_urls(text: str) -> None:
    from wsgui.core.model.checks import field_errors
    from wsgui.core.model.options import ConnectOptions, ProxyMode

    options = ConnectOptions(url="ws://h.test/", proxy_mode=ProxyMode.URL, proxy_url=text)
    errors = field_errors(options)
    assert all(isinstance(message, str) and message for message in errors.values())


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000) | JSON_VALUES.map(lambda v: json.dumps(v).encode()))
def test_profile_files_on_disk(data: bytes) -> None:
    """Whatever a profile file holds (truncated, binary, wrong types), loading the folder
    reports it and goes on; the file is set aside, never deleted."""
    from wsgui.core.model.secrets import KeyringSecrets
    from wsgui.core.profiles.store import ProfileStore

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "broken.json").write_bytes(data)
        report = ProfileStore(Path(folder), KeyringSecrets()).load_all()
        assert all(isinstance(problem, str) for problem in report.problems)
        assert any(Path(folder).iterdir())  # kept (maybe renamed aside), not deleted
