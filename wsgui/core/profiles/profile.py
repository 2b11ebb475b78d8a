"""Connection profiles as data, and their JSON form: only non-default values, a schema number,
no secret in plain text.

The file form is a dict with ``schema``, ``name`` and the ConnectOptions fields that differ
from their defaults. A secret (the auth secret, the value of an Authorization, Cookie or
token header) is written as ``{"secret": "keyring"}`` after being stored in the OS keyring,
or kept as the ``${VARIABLE}`` reference the user typed. Older schemas are migrated on load.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import Any

from wsgui.core.model.options import ConnectOptions, Header, OptionsError, is_secret_header
from wsgui.core.model.secrets import SecretStore, is_reference
from wsgui.core.model.urls import join_password, split_password

__all__ = [
    "SCHEMA",
    "Profile",
    "ProfileError",
    "SavedMessage",
    "profile_from_dict",
    "profile_to_dict",
]

SCHEMA = 3
OLD_DEFAULT_MAX_SIZE = 2**20  # schemas 1 and 2: websockets' default, not written when kept
KEYRING_MARK = {"secret": "keyring"}
# Top-level fields of the file form that may hold KEYRING_MARK (headers are per row).
SECRET_FIELDS = ("auth_secret", "sio_auth", "url_password", "proxy_url_password")
# Option fields kept like passwords (keyring or ${VARIABLE}), with their names in messages.
SECRET_OPTIONS = {"auth_secret": "Auth secret", "sio_auth": "Socket.IO auth"}
_DEFAULTS = ConnectOptions(url="")


class ProfileError(ValueError):
    """A profile that cannot be read or written; the text says which field and why."""


@dataclass(frozen=True)
class SavedMessage:
    """A message kept with a profile (a snippet, or one imported from a HAR file)."""

    name: str
    body: str
    mode: str = "text"  # "text", "json", "hex" or "base64" (see wsgui.core.compose.encoding)
    direction: str = "sent"  # where it came from, for imported conversations
    on_connect: bool = False  # sent after each open, in list order (the on-connect sequence)
    wait_for: str = ""  # after sending it on connect, wait for a received message matching this


@dataclass(frozen=True)
class Profile:
    name: str
    options: ConnectOptions
    messages: tuple[SavedMessage, ...] = ()
    notes: tuple[str, ...] = field(default=(), compare=False)  # what loading had to say


def profile_to_dict(profile: Profile, secrets: SecretStore) -> dict[str, Any]:
    """The file form. Raises ProfileError when a secret has nowhere safe to go."""
    data: dict[str, Any] = {"schema": SCHEMA, "name": profile.name}
    options = profile.options
    for option in fields(ConnectOptions):
        value = getattr(options, option.name)
        if option.name != "url" and value == getattr(_DEFAULTS, option.name):
            continue
        if option.name == "headers":
            data["headers"] = [
                _header_to_dict(profile.name, i, h, secrets) for i, h in enumerate(value)
            ]
        elif option.name in SECRET_OPTIONS:
            label = SECRET_OPTIONS[option.name]
            data[option.name] = _secret_out(profile.name, option.name, label, value, secrets)
        elif option.name in URL_FIELDS:
            bare, password = split_password(value)
            data[option.name] = bare
            if password:
                label = f"Password in the {URL_FIELDS[option.name]}"
                key = f"{option.name}_password"
                data[key] = _secret_out(profile.name, key, label, password, secrets)
        elif isinstance(value, StrEnum):
            data[option.name] = value.value
        elif isinstance(value, tuple):
            data[option.name] = list(value)
        else:
            data[option.name] = value
    if profile.messages:
        data["messages"] = [_message_to_dict(m) for m in profile.messages]
    return data


def profile_from_dict(data: object, secrets: SecretStore) -> Profile:
    """Read the file form (any schema up to ours). Raises ProfileError naming the problem."""
    if not isinstance(data, dict):
        raise ProfileError("not a JSON object")
    data = migrate(dict(data))
    name = data.pop("name", None)
    if not isinstance(name, str) or not name.strip():
        raise ProfileError("'name' is missing or not text")
    notes: list[str] = []
    values: dict[str, Any] = {}
    known = {f.name: f for f in fields(ConnectOptions)}
    messages = tuple(_message_from_dict(m) for m in _list(data.pop("messages", []), "messages"))
    passwords = {
        url_field: _secret_in(
            name, f"{url_field}_password", f"Password in the {label}",
            data.pop(f"{url_field}_password"), secrets, notes,
        )
        for url_field, label in URL_FIELDS.items()
        if f"{url_field}_password" in data
    }  # fmt: skip
    for key, raw in data.items():
        if key == "schema":
            continue
        if key not in known:
            notes.append(f"unknown setting '{key}' ignored")
            continue
        values[key] = _read_field(name, key, raw, secrets, notes)
    if "url" not in values:
        raise ProfileError("'url' is missing")
    for url_field, password in passwords.items():
        if isinstance(values.get(url_field), str) and password:
            values[url_field] = join_password(values[url_field], password)
    try:
        options = replace(_DEFAULTS, **values)
    except (TypeError, ValueError) as exc:
        raise ProfileError(str(exc)) from None
    return Profile(name.strip(), options, messages, tuple(notes))


# URLs that may carry user:password@; the password is kept like any other secret.
URL_FIELDS = {"url": "URL", "proxy_url": "proxy URL"}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older file form up to SCHEMA, one step at a time."""
    schema = data.get("schema", 1)
    if not isinstance(schema, int) or schema < 1:
        raise ProfileError(f"'schema' must be a positive whole number, not {schema!r}")
    if schema > SCHEMA:
        raise ProfileError(f"written by a newer wsgui (schema {schema}; this one reads {SCHEMA})")
    steps: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
        1: _migrate_1_to_2,
        2: _migrate_2_to_3,
    }
    while schema < SCHEMA:
        data = steps[schema](data)
        schema += 1
    data["schema"] = SCHEMA
    return data


def _migrate_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 kept headers as a {name: value} object and subprotocols as one string
    ("a, b"), and called the TLS switch ``insecure``."""
    headers = data.get("headers")
    if isinstance(headers, dict):
        data["headers"] = [{"name": k, "value": v} for k, v in headers.items()]
    protocols = data.pop("protocols", None)
    if isinstance(protocols, str):
        data["subprotocols"] = [p.strip() for p in protocols.split(",") if p.strip()]
    if "insecure" in data:
        data["verify_tls"] = not bool(data.pop("insecure"))
    return data


def _migrate_2_to_3(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 3 raised the default max message size from 1 MiB to 16 MiB: a profile that
    kept the old default (and so did not write it) keeps its 1 MiB."""
    data.setdefault("max_size", OLD_DEFAULT_MAX_SIZE)
    return data


def _read_field(name: str, key: str, raw: Any, secrets: SecretStore, notes: list[str]) -> Any:
    default = getattr(_DEFAULTS, key)
    if key == "headers":
        return tuple(
            _header_from_dict(name, i, h, secrets, notes) for i, h in enumerate(_list(raw, key))
        )
    if key in SECRET_OPTIONS:
        return _secret_in(name, key, SECRET_OPTIONS[key], raw, secrets, notes)
    if isinstance(default, StrEnum):
        try:
            return type(default)(raw)
        except ValueError:
            raise ProfileError(
                f"'{key}': {raw!r} is not one of {[e.value for e in type(default)]}"
            ) from None
    if isinstance(default, tuple):
        items = _list(raw, key)
        if not all(isinstance(item, str) for item in items):
            raise ProfileError(f"'{key}' must be a list of text")
        return tuple(items)
    expected: tuple[type, ...] = (
        (str,)
        if isinstance(default, str)
        else (bool,)
        if isinstance(default, bool)
        else (int, float)
    )
    if raw is None and key in ("ping_interval", "ping_timeout", "max_size"):
        return None
    if not isinstance(raw, expected) or (expected != (bool,) and isinstance(raw, bool)):
        raise ProfileError(f"'{key}' has the wrong type ({type(raw).__name__})")
    return raw


def _header_to_dict(
    profile: str, index: int, header: Header, secrets: SecretStore
) -> dict[str, Any]:
    row: dict[str, Any] = {"name": header.name}
    if is_secret_header(header.name) and header.value:
        key = f"header:{index}:{header.name}"
        row["value"] = _secret_out(profile, key, f"Header {header.name}", header.value, secrets)
    else:
        row["value"] = header.value
    if not header.enabled:
        row["enabled"] = False
    return row


def _header_from_dict(
    profile: str, index: int, raw: Any, secrets: SecretStore, notes: list[str]
) -> Header:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        raise ProfileError(f"header {index + 1} must be an object with a 'name'")
    name = raw["name"]
    value = _secret_in(
        profile, f"header:{index}:{name}", f"Header {name}", raw.get("value", ""), secrets, notes
    )
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ProfileError(f"header {name}: 'enabled' must be true or false")
    return Header(name, value, enabled)


def _secret_out(profile: str, key: str, label: str, value: str, secrets: SecretStore) -> Any:
    if not value or is_reference(value):
        return value  # nothing secret, or a ${VARIABLE} reference: safe to write
    if not secrets.available:
        raise ProfileError(
            f"{label}: not saved, {secrets.description}. Type ${{VARIABLE}} instead to take the "
            "value from an environment variable when connecting."
        )
    try:
        secrets.set(f"{profile}/{key}", value)
    except OptionsError as exc:
        raise ProfileError(f"{label}: {exc}") from None
    return dict(KEYRING_MARK)


def _secret_in(
    profile: str, key: str, label: str, raw: Any, secrets: SecretStore, notes: list[str]
) -> str:
    if raw == KEYRING_MARK:
        value = secrets.get(f"{profile}/{key}")
        if value is None:
            notes.append(f"{label}: the secret was not found in {secrets.description}")
            return ""
        return value
    if not isinstance(raw, str):
        raise ProfileError(f"{label}: value must be text")
    return raw


def _message_to_dict(message: SavedMessage) -> dict[str, str | bool]:
    row: dict[str, str | bool] = {"name": message.name, "body": message.body}
    if message.mode != "text":
        row["mode"] = message.mode
    if message.direction != "sent":
        row["direction"] = message.direction
    if message.on_connect:
        row["on_connect"] = True
    if message.wait_for:
        row["wait_for"] = message.wait_for
    return row


def _message_from_dict(raw: Any) -> SavedMessage:
    if (
        not isinstance(raw, dict)
        or not all(
            isinstance(raw.get(k, ""), str)
            for k in ("name", "body", "mode", "direction", "wait_for")
        )
        or not isinstance(raw.get("on_connect", False), bool)
    ):
        raise ProfileError("each message must be an object of text fields (on_connect: true)")
    return SavedMessage(
        raw.get("name", ""),
        raw.get("body", ""),
        raw.get("mode", "text"),
        raw.get("direction", "sent"),
        raw.get("on_connect", False),
        raw.get("wait_for", ""),
    )


def _list(raw: Any, key: str) -> list[Any]:
    if not isinstance(raw, list):
        raise ProfileError(f"'{key}' must be a list")
    return raw
