"""Option checks found in review: each bad value is named before anything is attempted."""

from __future__ import annotations

import pytest
import trustme
from cryptography.hazmat.primitives import serialization

from wsgui.core.model.checks import field_errors, parse_seconds, parse_size
from wsgui.core.model.options import Auth, ConnectOptions, Header, OptionsError, ProxyMode


@pytest.fixture(scope="module")
def pem_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("pem")
    ca, other = trustme.CA(), trustme.CA()
    client, stranger = ca.issue_cert("client@test"), other.issue_cert("other@test")
    files = {
        "ca": folder / "ca.pem",
        "cert": folder / "client.pem",
        "key": folder / "client.key",
        "other_key": folder / "other.key",
        "not_pem": folder / "notes.txt",
        "encrypted": folder / "encrypted.key",
    }
    ca.cert_pem.write_to_path(str(files["ca"]))
    client.cert_chain_pems[0].write_to_path(str(files["cert"]))
    client.private_key_pem.write_to_path(str(files["key"]))
    stranger.private_key_pem.write_to_path(str(files["other_key"]))
    files["not_pem"].write_text("just some notes\n")
    key = serialization.load_pem_private_key(client.private_key_pem.bytes(), password=None)
    files["encrypted"].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"passphrase"),
        )
    )
    return {name: str(path) for name, path in files.items()}


def errors_of(**fields: object) -> dict[str, str]:
    options = ConnectOptions(url=str(fields.pop("url", "wss://h.test/")), **fields)  # type: ignore[arg-type]
    return field_errors(options)


def test_tls_files_are_loaded_before_connecting(pem_files: dict[str, str]) -> None:
    good = {
        "ca_file": pem_files["ca"],
        "client_cert": pem_files["cert"],
        "client_key": pem_files["key"],
    }
    assert errors_of(**good) == {}
    assert errors_of(ca_file=pem_files["not_pem"])["tls"].startswith(
        f"CA bundle: {pem_files['not_pem']} is not usable"
    )
    assert errors_of(client_cert=pem_files["cert"], client_key=pem_files["other_key"]) == {
        "tls": "Client key: it does not match the client certificate"
    }
    assert errors_of(client_cert=pem_files["cert"], client_key=pem_files["encrypted"]) == {
        "tls": "Client key: it is encrypted with a passphrase, which wsgui cannot ask for"
    }
    assert errors_of(client_cert=pem_files["cert"])["tls"].startswith("Client certificate:")
    # for ws:// the files are not used, so they are not loaded
    assert errors_of(url="ws://h.test/", ca_file=pem_files["not_pem"]) == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1e400", "Max message size: '1e400' is not a size like 1 MiB"),
        ("9" * 400, "is not a size like 1 MiB"),
        ("5 GiB", "Max message size: at most 4 GiB, or 'unlimited'"),
    ],
)
def test_sizes_out_of_range(text: str, message: str) -> None:
    with pytest.raises(OptionsError, match=message.replace("(", r"\(")):
        parse_size(text)


@pytest.mark.parametrize("text", ["3e6", "inf", "nan", "1e-400"])
def test_seconds_out_of_range(text: str) -> None:
    with pytest.raises(OptionsError, match="Open timeout: "):
        parse_seconds(text, "Open timeout")
    assert errors_of(close_timeout=3e6)["timeouts"] == (
        "Close timeout: at most 86,400 seconds (one day)"
    )


def test_proxy_url_with_a_path_or_port_0_is_refused() -> None:
    path = errors_of(proxy_mode=ProxyMode.URL, proxy_url="http://u:Pr0xyPw@127.0.0.1:1/path")
    assert path == {"proxy_url": "Proxy: the URL may not have a path or query (scheme://host:port)"}
    zero = errors_of(proxy_mode=ProxyMode.URL, proxy_url="http://127.0.0.1:0")
    assert zero == {"proxy_url": "Proxy: port 0 is not a valid port"}


def test_authorization_from_two_places_is_refused() -> None:
    both = errors_of(url="ws://alice:pw@h.test/", auth=Auth.BEARER, auth_secret="t")
    assert both["headers"] == (
        "Authorization is set twice: by the Auth helper and by the user:password in the URL; "
        "keep only one"
    )
    row = errors_of(
        headers=(Header("Authorization", "Bearer x"),), auth=Auth.BEARER, auth_secret="t"
    )
    assert "by the Auth helper and by a header row" in row["headers"]


def test_secret_characters_are_not_quoted_and_origin_is_checked() -> None:
    basic = errors_of(auth=Auth.BASIC, auth_user="al", auth_secret="pässwörd€")
    assert basic["auth"] == (
        "Basic auth password: a character at position 9 is not allowed in HTTP "
        "(tabs, ASCII and Latin-1 only)"
    )
    assert errors_of(origin="http://x€.test")["headers"].startswith(
        "Origin: character U+20AC at position 9"
    )
