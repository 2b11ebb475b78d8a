"""Where secrets live: the OS keyring when there is one, else an environment variable.

A profile file never holds a secret in plain text. A secret is written either as a keyring
reference (the value itself is in the OS keyring) or as ``${VARIABLE}``, a reference the
user typed, expanded from the environment when connecting.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Protocol

from wsgui.core.model.options import (
    ConnectOptions,
    Header,
    OptionsError,
    is_env_reference,
    is_secret_header,
)
from wsgui.core.model.urls import join_password, split_password

__all__ = [
    "KeyringSecrets",
    "SecretStore",
    "expand_references",
    "is_reference",
]

SERVICE = "wsgui"
_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class SecretStore(Protocol):
    """Keeps secret values outside profile files."""

    @property
    def available(self) -> bool: ...

    @property
    def description(self) -> str: ...

    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str) -> None: ...

    def delete(self, key: str) -> None: ...


class KeyringSecrets:
    """The OS keyring through the ``keyring`` package (absent or failing: not available)."""

    def __init__(self) -> None:
        self._resolved = False
        self._found: Any = None

    @property
    def _backend(self) -> Any:
        """Looked up on first use: importing keyring and probing backends takes ~0.1 s."""
        if not self._resolved:
            self._resolved = True
            import keyring
            from keyring.backends import fail

            backend = keyring.get_keyring()
            self._found = None if isinstance(backend, fail.Keyring) else backend
        return self._found

    @property
    def available(self) -> bool:
        return self._backend is not None

    @property
    def description(self) -> str:
        if self._backend is None:
            return "no OS keyring available"
        return f"the OS keyring ({type(self._backend).__name__})"

    def get(self, key: str) -> str | None:
        return None if self._backend is None else self._backend.get_password(SERVICE, key)

    def set(self, key: str, value: str) -> None:
        if self._backend is None:
            raise OptionsError("No OS keyring is available to keep this secret")
        self._backend.set_password(SERVICE, key, value)

    def delete(self, key: str) -> None:
        if self._backend is None:
            return
        with contextlib.suppress(Exception):  # a missing entry is not an error here
            self._backend.delete_password(SERVICE, key)


def is_reference(value: str) -> bool:
    """True for ``${VARIABLE}`` or ``Scheme ${VARIABLE}``: safe to write, nothing secret in it.

    A value mixing literal text with a reference ("abc${X}") is not one: it may hide a secret.
    """
    return is_env_reference(value)


def expand_references(
    options: ConnectOptions, environ: Mapping[str, str] | None = None
) -> ConnectOptions:
    """Replace ``${VARIABLE}`` in header values and the auth secret by the environment's values.

    Raises OptionsError naming the field and the variable that is not set.
    """
    env = os.environ if environ is None else environ

    def expand(field: str, value: str) -> str:
        def lookup(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in env:
                raise OptionsError(f"{field}: environment variable {name} is not set")
            return env[name]

        return _REFERENCE.sub(lookup, value)

    headers = tuple(
        replace(h, value=expand(f"Header {h.name}", h.value)) if h.enabled else h
        for h in options.headers
    )
    secret = expand("Auth secret", options.auth_secret)
    sio_auth = expand("Socket.IO auth", options.sio_auth)

    def expand_password(label: str, url: str) -> str:
        bare, password = split_password(url)
        return join_password(bare, expand(label, password)) if password else url

    return replace(
        options,
        headers=headers,
        auth_secret=secret,
        sio_auth=sio_auth,
        url=expand_password("Password in the URL", options.url),
        proxy_url=expand_password("Password in the proxy URL", options.proxy_url),
    )


def secret_fields(options: ConnectOptions) -> list[tuple[str, str]]:
    """(field key, value) of every secret in ``options``: secret header values, auth secret."""
    fields = [
        (f"header:{index}:{header.name}", header.value)
        for index, header in enumerate(options.headers)
        if is_secret_header(header.name) and header.value
    ]
    if options.auth_secret:
        fields.append(("auth_secret", options.auth_secret))
    return fields


def header_is_secret(header: Header) -> bool:
    return is_secret_header(header.name) and bool(header.value)
