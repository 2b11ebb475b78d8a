"""Property-based: every parser a user feeds returns a value or its own, specific error,
never another exception, whatever the input (hypothesis)."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wsgui.core.checks import parse_header_line, parse_seconds, parse_size
from wsgui.core.close import CloseArgsError, validate_close
from wsgui.core.compose import encode, json_problem, parse_base64
from wsgui.core.import_draft import ImportFailure
from wsgui.core.importers import import_command_line, import_har
from wsgui.core.log_export import LogFormatError, read_ndjson
from wsgui.core.log_transfer import har_entries
from wsgui.core.options import OptionsError
from wsgui.core.payload import PayloadError, parse_hex
from wsgui.core.profiles import ProfileError, profile_from_dict
from wsgui.core.socketio_args import parse_emit_args
from wsgui.core.urls import UrlError, check_url

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TEXT = st.text(max_size=300)
URLISH = st.builds(
    lambda a, b, c: a + b + c,
    st.sampled_from(["", "ws://", "wss://", "http://", "ftp://", "ws://[", "//", "ws://u:p@"]),
    TEXT,
    st.sampled_from(["", "/", ":80", ":99999", "#x", "?a=b", "%zz"]),
)


def quietly(function: Any, value: Any, *errors: type[Exception]) -> None:
    with contextlib.suppress(errors):
        function(value)


@FAST
@given(URLISH)
def test_urls(text: str) -> None:
    quietly(check_url, text, UrlError)


@FAST
@given(TEXT)
def test_header_lines(text: str) -> None:
    quietly(parse_header_line, text, ValueError)


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


@FAST
@given(TEXT)
def test_seconds_sizes_and_emit_arguments(text: str) -> None:
    quietly(lambda t: parse_seconds(t, "Open timeout", allow_off=True), text, OptionsError)
    quietly(parse_size, text, OptionsError)
    quietly(parse_emit_args, text, ValueError)


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


@FAST
@given(JSON_VALUES, st.binary(max_size=200))
def test_har_and_ndjson_imports(value: object, raw: bytes) -> None:
    document = json.dumps({"log": {"entries": [value]}})
    quietly(import_har, document, ImportFailure)
    quietly(har_entries, document.encode(), LogFormatError)
    quietly(har_entries, raw, LogFormatError)
    lines = [json.dumps(value), raw.decode("utf-8", "replace")]
    quietly(lambda ls: list(read_ndjson(ls)), lines, LogFormatError)


@FAST
@given(URLISH | TEXT)
def test_proxy_urls(text: str) -> None:
    from wsgui.core.checks import field_errors
    from wsgui.core.options import ConnectOptions, ProxyMode

    options = ConnectOptions(url="ws://h.test/", proxy_mode=ProxyMode.URL, proxy_url=text)
    errors = field_errors(options)
    assert all(isinstance(message, str) and message for message in errors.values())


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000) | JSON_VALUES.map(lambda v: json.dumps(v).encode()))
def test_profile_files_on_disk(data: bytes) -> None:
    """Whatever a profile file holds (truncated, binary, wrong types), loading the folder
    reports it and goes on; the file is set aside, never deleted."""
    import tempfile
    from pathlib import Path

    from wsgui.core.profile_store import ProfileStore
    from wsgui.core.secrets import KeyringSecrets

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "broken.json").write_bytes(data)
        report = ProfileStore(Path(folder), KeyringSecrets()).load_all()
        assert all(isinstance(problem, str) for problem in report.problems)
        assert any(Path(folder).iterdir())  # kept (maybe renamed aside), not deleted
