"""Secrets a profile cannot keep without a keyring, and the ``${VARIABLE}`` references that
can take their place: ``Authorization: Bearer abc`` becomes ``Bearer ${WSGUI_AUTHORIZATION}``
and the user sets WSGUI_AUTHORIZATION=abc in the environment (read when connecting)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from wsgui.core.model.options import Auth, ConnectOptions, Header, is_secret_header
from wsgui.core.model.secrets import is_reference
from wsgui.core.model.urls import join_password, split_password
from wsgui.core.profiles.profile import SECRET_OPTIONS

__all__ = ["Replacement", "literal_secrets", "split_scheme", "variable_name", "with_references"]

PREFIX = "WSGUI_"


@dataclass(frozen=True)
class Replacement:
    """One secret replaced: the field (as messages name it), the variable that must hold the
    value, and what of the field's old text the variable holds ("the value after 'Bearer '")."""

    label: str
    variable: str
    value: str  # the secret itself: for this session's environment, never for a file
    scheme: str = ""  # the word kept in front of the reference ("Bearer"), if any

    @property
    def holds(self) -> str:
        """What the variable must hold, in words."""
        return f"the value after '{self.scheme} '" if self.scheme else "the value"


def literal_secrets(options: ConnectOptions) -> list[str]:
    """The fields (named as in messages) holding a secret written out, not a reference: what
    a profile file can only keep in a keyring."""
    found = [
        f"Header {header.name}"
        for header in options.headers
        if _is_literal_secret(header.name, header.value)
    ]
    found += [
        label for key, label in SECRET_OPTIONS.items() if _is_literal(str(getattr(options, key)))
    ]
    found += [label for label, url in _url_fields(options) if _is_literal(split_password(url)[1])]
    return found


def with_references(
    options: ConnectOptions, environ: Mapping[str, str]
) -> tuple[ConnectOptions, list[Replacement]]:
    """``options`` with each literal secret replaced by a ``${VARIABLE}`` reference, and the
    variables to set. A name already in ``environ`` with another value gets a number (_2)."""
    taken: dict[str, str] = {}

    def pick(base: str, value: str) -> str:
        name, counter = base, 1
        while (name in environ and environ[name] != value) or (
            name in taken and taken[name] != value
        ):
            counter += 1
            name = f"{base}_{counter}"
        taken[name] = value
        return name

    replacements: list[Replacement] = []
    headers: list[Header] = []
    for header in options.headers:
        if not _is_literal_secret(header.name, header.value):
            headers.append(header)
            continue
        scheme, secret = split_scheme(header.value)
        variable = pick(variable_name(header.name), secret)
        reference = f"{scheme} ${{{variable}}}" if scheme else f"${{{variable}}}"
        headers.append(replace(header, value=reference))
        replacements.append(Replacement(f"Header {header.name}", variable, secret, scheme))
    changes: dict[str, object] = {"headers": tuple(headers)}
    for key, label in SECRET_OPTIONS.items():
        value = str(getattr(options, key))
        if _is_literal(value):
            variable = pick(PREFIX + _option_word(options, key), value)
            changes[key] = f"${{{variable}}}"
            replacements.append(Replacement(label, variable, value))
    for (label, url), key, word in zip(
        _url_fields(options), ("url", "proxy_url"), ("URL_PASSWORD", "PROXY_PASSWORD"), strict=True
    ):
        bare, password = split_password(url)
        if _is_literal(password):
            variable = pick(PREFIX + word, password)
            changes[key] = join_password(bare, f"${{{variable}}}")
            replacements.append(Replacement(label, variable, password))
    return replace(options, **changes), replacements  # type: ignore[arg-type]


def variable_name(header: str) -> str:
    """The variable for a header's secret: ``X-Api-Key`` -> ``WSGUI_X_API_KEY``."""
    word = re.sub(r"[^A-Za-z0-9]+", "_", header).strip("_").upper()
    return PREFIX + (word or "SECRET")


def _option_word(options: ConnectOptions, key: str) -> str:
    if key == "auth_secret":
        return "AUTH_TOKEN" if options.auth is Auth.BEARER else "AUTH_PASSWORD"
    return key.upper()  # sio_auth -> SIO_AUTH


def _url_fields(options: ConnectOptions) -> list[tuple[str, str]]:
    return [("Password in the URL", options.url), ("Password in the proxy URL", options.proxy_url)]


def _is_literal(value: str) -> bool:
    return bool(value) and not is_reference(value)


def _is_literal_secret(name: str, value: str) -> bool:
    return is_secret_header(name) and _is_literal(value)


def split_scheme(value: str) -> tuple[str, str]:
    """``Bearer abc`` -> (``Bearer``, ``abc``): the scheme word stays in the header, readable;
    a value without one (a cookie, an API key) is replaced whole."""
    scheme, _, rest = value.partition(" ")
    if rest.strip() and scheme.isalpha() and scheme.isascii() and len(scheme) <= 10:
        return scheme, rest.strip()
    return "", value
