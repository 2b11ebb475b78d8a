"""Secrets replaced by ${VARIABLE} references where no keyring can keep them, and the name a
new profile is offered."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from wsgui.core.model.options import Auth, ConnectOptions, Header
from wsgui.core.model.secrets import KeyringSecrets, expand_references
from wsgui.core.profiles.naming import default_name
from wsgui.core.profiles.profile import Profile
from wsgui.core.profiles.references import literal_secrets, variable_name, with_references
from wsgui.core.profiles.store import ProfileStore

SECRETIVE = ConnectOptions(
    url="ws://bob:url-pw@h.test/",
    headers=(
        Header("X-Trace", "42"),
        Header("Authorization", "Bearer abc"),
        Header("Cookie", "sid=s3cr3t; theme=dark"),
        Header("X-Api-Key", "${ALREADY}"),
        Header("Authorization", "Basic dXNlcjpwdw==", enabled=False),
    ),
    auth=Auth.BEARER,
    auth_secret="tok",
    sio_auth='{"token": "sio"}',
    proxy_url="http://p:proxy-pw@proxy.test:3128",
)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_literal_secrets_name_each_field_a_file_could_not_keep() -> None:
    assert literal_secrets(SECRETIVE) == [
        "Header Authorization",
        "Header Cookie",
        "Header Authorization",
        "Auth secret",
        "Socket.IO auth",
        "Password in the URL",
        "Password in the proxy URL",
    ]
    assert literal_secrets(ConnectOptions(url="ws://h/", auth_secret="${PW}")) == []


def test_each_secret_becomes_a_reference_keeping_the_scheme_word() -> None:
    replaced, replacements = with_references(SECRETIVE, {})
    assert [h.value for h in replaced.headers] == [
        "42",
        "Bearer ${WSGUI_AUTHORIZATION}",
        "${WSGUI_COOKIE}",
        "${ALREADY}",
        "Basic ${WSGUI_AUTHORIZATION_2}",  # a second Authorization header: its own variable
    ]
    assert replaced.headers[4].enabled is False
    assert replaced.auth_secret == "${WSGUI_AUTH_TOKEN}"
    assert replaced.sio_auth == "${WSGUI_SIO_AUTH}"
    assert replaced.url == "ws://bob:${WSGUI_URL_PASSWORD}@h.test/"
    assert replaced.proxy_url == "http://p:${WSGUI_PROXY_PASSWORD}@proxy.test:3128"
    assert [(r.label, r.variable, r.holds) for r in replacements][:3] == [
        ("Header Authorization", "WSGUI_AUTHORIZATION", "the value after 'Bearer '"),
        ("Header Cookie", "WSGUI_COOKIE", "the value"),
        ("Header Authorization", "WSGUI_AUTHORIZATION_2", "the value after 'Basic '"),
    ]
    assert literal_secrets(replaced) == []
    # With the variables set, connecting sends exactly what was typed (a disabled header is
    # not sent, so not expanded either).
    environ = {r.variable: r.value for r in replacements} | {"ALREADY": "${ALREADY}"}
    sent = expand_references(replace(replaced, headers=replaced.headers[:4]), environ)
    assert sent == expand_references(replace(SECRETIVE, headers=SECRETIVE.headers[:4]), environ)


def test_a_variable_already_set_to_another_value_is_not_reused() -> None:
    options = ConnectOptions(url="ws://h/", headers=(Header("Authorization", "Bearer abc"),))
    _, (same,) = with_references(options, {"WSGUI_AUTHORIZATION": "abc"})
    assert same.variable == "WSGUI_AUTHORIZATION"
    _, (other,) = with_references(options, {"WSGUI_AUTHORIZATION": "someone else's"})
    assert other.variable == "WSGUI_AUTHORIZATION_2"
    basic = ConnectOptions(url="ws://h/", auth=Auth.BASIC, auth_user="u", auth_secret="pw")
    assert with_references(basic, {})[0].auth_secret == "${WSGUI_AUTH_PASSWORD}"
    assert variable_name("X-Api-Key") == "WSGUI_X_API_KEY"
    assert variable_name("--") == "WSGUI_SECRET"


@pytest.mark.usefixtures("no_keyring")
def test_without_a_keyring_the_replaced_profile_saves_without_any_value(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path, KeyringSecrets())
    replaced, replacements = with_references(SECRETIVE, {})
    store.save(Profile("S", replaced))
    written = store.path_for("S").read_text()
    for secret in ("abc", "s3cr3t", "tok", '"sio"', "url-pw", "proxy-pw", "dXNlcjpwdw"):
        assert secret not in written
    assert "Bearer ${WSGUI_AUTHORIZATION}" in written
    assert store.load("S").options == replaced
    assert len(replacements) == 7


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("localhost:18090/feed", "localhost:18090"),
        ("ws://127.0.0.1:1740/", "127.0.0.1:1740"),
        ("wss://example.test/live", "example.test:443"),
        ("https://example.test/socket.io/", "example.test:443"),
        ("ws://[::1]:9000/", "[::1]:9000"),
        ("ws://bob:pw@h.test:81/", "h.test:81"),
        ("", "New profile"),
        ("mailto:x", "New profile"),
    ],
)
def test_default_name_is_host_and_port(url: str, name: str) -> None:
    assert default_name(url) == name
