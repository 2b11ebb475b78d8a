"""Profiles: round trip of every field, secrets kept out of files, migration, safe writes."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from keyring.backends import fail

from tests.helpers.secrets import MemoryKeyring
from wsgui.core.model.checks import field_errors
from wsgui.core.model.options import (
    Auth,
    ConnectOptions,
    Header,
    Protocol,
    ProxyMode,
    SioTransports,
    UserAgentMode,
)
from wsgui.core.model.secrets import KeyringSecrets, expand_references
from wsgui.core.profiles.profile import Profile, ProfileError, SavedMessage
from wsgui.core.profiles.store import ProfileStore, default_directory

FIXTURES = Path(__file__).parent / "fixtures"

FULL = ConnectOptions(
    url="wss://bob:url-pa55@example.test:8443/chat?room=1",
    subprotocols=("chat.v2", "chat.v1"),
    origin="https://app.example.test",
    headers=(
        Header("X-Trace", "42"),
        Header("Authorization", "Bearer s3cr3t-t0ken"),
        Header("Cookie", "session=abc123", enabled=False),
        Header("X-Env-Token", "${MY_TOKEN}"),
    ),
    auth=Auth.BASIC,
    auth_user="alice",
    auth_secret="p4ssw0rd!",
    user_agent_mode=UserAgentMode.CUSTOM,
    user_agent_value="wsgui-tests/1",
    open_timeout=3.5,
    close_timeout=2.0,
    ping_interval=None,
    ping_timeout=5.0,
    max_size=None,
    compression=False,
    verify_tls=False,
    ca_file="/etc/ssl/ca.pem",
    client_cert="/home/a/client.pem",
    client_key="/home/a/client.key",
    server_name="internal.example.test",
    protocol=Protocol.SOCKETIO,
    sio_path="/ws/socket.io/",
    sio_namespace="/chat",
    sio_auth='{"token": "sio-t0ken"}',
    sio_transports=SioTransports.WEBSOCKET,
    reconnect=True,
    reconnect_initial_delay=0.5,
    reconnect_max_delay=9.0,
    reconnect_attempts=4,
    proxy_mode=ProxyMode.URL,
    proxy_url="socks5://proxyuser:proxy-pa55@127.0.0.1:1080",
    journal=False,
)
SECRETS_IN_FULL = (
    "s3cr3t-t0ken",
    "session=abc123",
    "p4ssw0rd!",
    "url-pa55",
    "proxy-pa55",
    "sio-t0ken",
)


def test_every_field_survives_save_and_load(store: ProfileStore) -> None:
    messages = (SavedMessage("hello", "hi"), SavedMessage("bytes", "00ff", mode="hex"))
    profile = Profile("Full profile", FULL, messages)
    path = store.save(profile)
    loaded = store.load("Full profile")
    assert loaded == profile
    assert loaded.notes == ()
    written = path.read_bytes()
    for secret in SECRETS_IN_FULL:
        assert secret.encode() not in written
    assert b"${MY_TOKEN}" in written  # a reference is not a secret


def test_only_non_default_values_are_written(store: ProfileStore) -> None:
    path = store.save(Profile("Plain", ConnectOptions(url="ws://h.test/", compression=False)))
    assert json.loads(path.read_text()) == {
        "schema": 3,
        "name": "Plain",
        "url": "ws://h.test/",
        "compression": False,
    }


def test_permissions_are_private(store: ProfileStore) -> None:
    path = store.save(Profile("Private", ConnectOptions(url="ws://h.test/")))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.mark.usefixtures("no_keyring")
def test_without_a_keyring_secrets_are_refused_and_references_allowed(tmp_path: Path) -> None:
    secrets = KeyringSecrets()
    assert not secrets.available
    store = ProfileStore(tmp_path, secrets)
    secret = Profile("S", ConnectOptions(url="ws://h/", headers=(Header("Authorization", "x"),)))
    with pytest.raises(ProfileError, match=r"Header Authorization: not saved, no OS keyring"):
        store.save(secret)
    assert list(tmp_path.iterdir()) == []
    reference = Profile(
        "R", ConnectOptions(url="ws://h/", headers=(Header("Authorization", "${TOKEN}"),))
    )
    store.save(reference)
    assert store.load("R") == reference


def test_references_are_expanded_when_connecting() -> None:
    options = ConnectOptions(
        url="ws://h/", headers=(Header("Authorization", "Bearer ${TOKEN}"),), auth_secret="${PW}"
    )
    expanded = expand_references(options, {"TOKEN": "abc", "PW": "pw"})
    assert expanded.headers[0].value == "Bearer abc" and expanded.auth_secret == "pw"
    with pytest.raises(ValueError, match="Header Authorization: environment variable TOKEN"):
        expand_references(options, {})


def test_schema_1_fixture_is_migrated(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    store = ProfileStore(tmp_path, KeyringSecrets())
    (tmp_path / "Legacy-ticker.json").write_bytes((FIXTURES / "profile-schema-1.json").read_bytes())
    (profile,) = store.load_all().profiles
    assert profile.name == "Legacy ticker"
    assert profile.options.subprotocols == ("v2.ticker", "v1.ticker")
    assert profile.options.headers == (
        Header("X-Client", "legacy"),
        Header("Authorization", "${TICKER_TOKEN}"),
    )
    assert profile.options.verify_tls is False
    assert profile.options.max_size == 2**20  # the default when it was written
    store.save(profile)
    written = json.loads((tmp_path / "Legacy-ticker.json").read_text())
    assert written["schema"] == 3 and written["max_size"] == 2**20


def test_a_schema_2_profile_keeps_the_old_default_size_limit(store: ProfileStore) -> None:
    """Schema 3 raised the default max message size to 16 MiB; a profile saved before
    (which did not write the 1 MiB default) opens with what it had."""
    store.directory.mkdir(parents=True, exist_ok=True)
    store.path_for("Before").write_text('{"schema": 2, "name": "Before", "url": "ws://b/"}')
    store.path_for("Chosen").write_text(
        '{"schema": 2, "name": "Chosen", "url": "ws://c/", "max_size": null}'
    )
    loaded = {p.name: p.options.max_size for p in store.load_all().profiles}
    assert loaded == {"Before": 2**20, "Chosen": None}
    assert ConnectOptions(url="ws://new/").max_size == 16 * 2**20  # new profiles: 16 MiB


def test_keep_in_history_off_is_saved_and_an_older_file_without_it_journals(
    store: ProfileStore,
) -> None:
    """Settings > Keep in history unchecked is written as ``"journal": false``; a profile
    saved before the setting existed (no ``journal`` key) is kept in the history."""
    path = store.save(Profile("Quiet", ConnectOptions(url="ws://q/", journal=False)))
    assert json.loads(path.read_text())["journal"] is False
    assert store.load("Quiet").options.journal is False
    store.path_for("Older").write_text('{"schema": 3, "name": "Older", "url": "ws://o/"}')
    store.path_for("Oldest").write_text('{"schema": 1, "name": "Oldest", "url": "ws://x/"}')
    loaded = {p.name: p.options.journal for p in store.load_all().profiles}
    assert loaded == {"Quiet": False, "Older": True, "Oldest": True}
    store.path_for("Odd").write_text('{"schema": 3, "name": "Odd", "url": "ws://o/", "journal": 0}')
    assert "'journal' has the wrong type (int)" in str(store.load_all().problems)


def test_a_crash_between_write_and_rename_keeps_the_old_file(
    store: ProfileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = store.save(Profile("Stable", ConnectOptions(url="ws://old.test/")))
    before = path.read_bytes()

    def crash(*_: Any) -> None:
        raise OSError(5, "simulated crash before rename")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(ProfileError, match="simulated crash before rename"):
        store.save(Profile("Stable", ConnectOptions(url="ws://new.test/")))
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary left


def test_corrupt_files_are_set_aside_and_the_others_load(store: ProfileStore) -> None:
    store.save(Profile("Good", ConnectOptions(url="ws://good.test/")))
    bad = store.directory / "Bad.json"
    bad.write_text('{"schema": 2, "name": "Bad", "url": ')
    wrong = store.directory / "Wrong.json"
    wrong.write_text('{"schema": 2, "name": "Wrong", "url": "ws://x/", "open_timeout": "soon"}')
    report = store.load_all()
    assert [p.name for p in report.profiles] == ["Good"]
    assert len(report.problems) == 2
    assert report.problems[0].startswith(
        "Profile file Bad.json could not be read (not valid JSON, line 1 column 37); it was moved "
        "to Bad.json.corrupt-"
    )
    assert "'open_timeout' has the wrong type (str)" in report.problems[1]
    leftovers = sorted(p.name for p in store.directory.iterdir())
    assert leftovers[0] == "Bad.json.corrupt-" + leftovers[0].rsplit("corrupt-", 1)[1]
    assert not bad.exists()


def test_newer_schema_is_refused_not_rewritten(store: ProfileStore) -> None:
    store.directory.mkdir(parents=True)
    (store.directory / "Future.json").write_text(
        '{"schema": 99, "name": "Future", "url": "ws://f/"}'
    )
    report = store.load_all()
    assert report.profiles == []
    assert "written by a newer wsgui (schema 99; this one reads 3)" in report.problems[0]


def test_rename_and_delete_move_and_remove_secrets(
    store: ProfileStore, memory_keyring: MemoryKeyring
) -> None:
    profile = Profile("Old", ConnectOptions(url="ws://h/", auth=Auth.BEARER, auth_secret="tok"))
    store.save(profile)
    renamed = store.rename(profile, "New")
    assert store.load("New").options.auth_secret == "tok"
    assert not store.path_for("Old").exists()
    assert ("wsgui", "Old/auth_secret") not in memory_keyring.passwords
    store.delete(renamed.name)
    assert memory_keyring.passwords == {}
    assert store.load_all().profiles == []


def test_names_that_share_a_file_name_are_refused(store: ProfileStore) -> None:
    store.save(Profile("a/b", ConnectOptions(url="ws://h/")))
    with pytest.raises(ProfileError, match="would overwrite the file of profile 'a/b'"):
        store.save(Profile("a b", ConnectOptions(url="ws://h/")))


def test_config_directory_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WSGUI_CONFIG_DIR", str(tmp_path))
    assert default_directory() == tmp_path / "profiles"


header_names = st.text(min_size=1, max_size=20)
header_values = st.text(max_size=40)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=header_names, value=header_values, url=st.text(max_size=60))
def test_arbitrary_headers_and_urls_survive_or_are_refused_with_a_message(
    store: ProfileStore, name: str, value: str, url: str
) -> None:
    options = ConnectOptions(url=url, headers=(Header(name, value),))
    profile = Profile("Fuzz", options)
    try:
        store.save(profile)
    except ProfileError as exc:
        assert str(exc)  # refused, with a message
        return
    loaded = store.load("Fuzz")
    assert loaded.options == options  # anything saved comes back exactly
    errors = field_errors(loaded.options)
    assert all(isinstance(message, str) and message for message in errors.values())


def test_only_pure_references_count_as_not_secret() -> None:
    from wsgui.core.model.options import mask
    from wsgui.core.model.secrets import is_reference

    assert is_reference("${TOKEN}") and is_reference("Bearer ${TOKEN}")
    assert not is_reference("s3cr3t${TOKEN}") and not is_reference("Bearer abc ${TOKEN}")
    assert mask("Authorization", "Bearer ${TOKEN}") == "Bearer ${TOKEN}"
    assert mask("Authorization", "Bearer abc${TOKEN}") == "Bearer ••••••"


def test_password_references_in_urls_are_expanded() -> None:
    options = ConnectOptions(
        url="ws://bob:${PW}@h.test/", proxy_url="http://p:${PROXY_PW}@127.0.0.1:3128"
    )
    expanded = expand_references(options, {"PW": "a b", "PROXY_PW": "x"})
    assert expanded.url == "ws://bob:a b@h.test/"
    assert expanded.proxy_url == "http://p:x@127.0.0.1:3128"


def test_two_writers_and_a_reader_never_see_a_broken_profile(store: ProfileStore) -> None:
    """Two windows saving the same profile while a third lists the folder."""
    import threading

    profile = Profile("Shared", ConnectOptions(url="ws://shared.test/", origin="http://o"))
    store.save(profile)
    other = ProfileStore(store.directory, store.secrets)
    failures: list[str] = []

    def write(writer: ProfileStore) -> None:
        for _ in range(150):
            try:
                writer.save(profile)
            except ProfileError as exc:
                failures.append(str(exc))

    threads = [threading.Thread(target=write, args=(s,)) for s in (store, other)]
    for thread in threads:
        thread.start()
    reads = 0
    while any(t.is_alive() for t in threads):
        report = ProfileStore(store.directory, store.secrets).load_all()
        assert [p.name for p in report.profiles] == ["Shared"], report.problems
        assert report.problems == []
        reads += 1
    for thread in threads:
        thread.join()
    assert failures == [] and reads > 0
    assert sorted(p.name for p in store.directory.iterdir()) == ["Shared.json"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            b'{"schema": 2, "name": "N", "url": "ws://x/", "max_size": ' + b"9" * 5000 + b"}",
            "ValueError",
        ),
        (b"[" * 100_000 + b"]" * 100_000, "RecursionError"),
        (b"\xff\xfe not utf-8", "unreadable"),
        (b'["a list"]', "not a JSON object"),
    ],
)
def test_any_bad_file_is_set_aside_and_the_rest_load(
    store: ProfileStore, content: bytes, reason: str
) -> None:
    store.save(Profile("Good", ConnectOptions(url="ws://good/")))
    (store.directory / "Bad.json").write_bytes(content)
    report = store.load_all()
    assert [p.name for p in report.profiles] == ["Good"]
    (problem,) = report.problems
    assert problem.startswith("Profile file Bad.json could not be read (") and reason in problem


def test_a_file_with_a_bom_loads(store: ProfileStore) -> None:
    store.directory.mkdir(parents=True)
    text = '{"schema": 2, "name": "Notepad", "url": "ws://np/"}'
    (store.directory / "Notepad.json").write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert [p.name for p in store.load_all().profiles] == ["Notepad"]


def test_creating_never_replaces_a_file_another_window_wrote(store: ProfileStore) -> None:
    store.save(Profile("Prod", ConnectOptions(url="ws://b/")))  # window B
    with pytest.raises(ProfileError, match="a profile named 'Prod' already exists"):
        store.save(Profile("Prod", ConnectOptions(url="ws://a/")), create=True)  # window A
    assert store.load("Prod").options.url == "ws://b/"


def test_a_password_with_an_at_sign_never_reaches_the_file(store: ProfileStore) -> None:
    profile = Profile("At", ConnectOptions(url="ws://bob:PW@AT9@h.test/"))
    path = store.save(profile)
    assert "PW" not in path.read_text() and "AT9" not in path.read_text()
    assert store.load("At") == profile
