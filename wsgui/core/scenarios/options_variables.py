"""``{{name}}`` in a connection's own fields (URL, subprotocols, Origin, header values, auth,
proxy, Socket.IO), resolved when connecting: the same for the window and for ``wsgui run``.

The fields keep what the user typed (a profile saves ``{{host}}``, never its value); only
the options handed to a session are resolved. An undefined variable names the field.
"""

from __future__ import annotations

from dataclasses import replace

from wsgui.core.model.options import ConnectOptions
from wsgui.core.scenarios.variables import PATTERN, Scope

__all__ = ["FIELD_LABELS", "resolve_options", "uses_variables"]

# The text fields that may hold variables, named as the panel's messages name them.
FIELD_LABELS = {
    "url": "URL",
    "origin": "Origin",
    "auth_user": "Auth user",
    "auth_secret": "Auth secret",
    "user_agent_value": "User-Agent",
    "server_name": "TLS server name",
    "proxy_url": "Proxy URL",
    "sio_path": "Socket.IO path",
    "sio_namespace": "Socket.IO namespace",
    "sio_auth": "Socket.IO auth",
}


def uses_variables(options: ConnectOptions) -> bool:
    """True when some field holds ``{{…}}`` (nothing to resolve otherwise)."""
    texts = [str(getattr(options, key)) for key in FIELD_LABELS]
    texts += list(options.subprotocols)
    texts += [header.value for header in options.headers]
    return any(PATTERN.search(text) for text in texts)


def resolve_options(options: ConnectOptions, scope: Scope) -> ConnectOptions:
    """``options`` with every variable replaced; UndefinedVariableError names the first
    undefined one and its field ("Header X-Token: variable {{token}} is not defined …")."""
    if not uses_variables(options):
        return options
    changes: dict[str, object] = {
        key: scope.resolve(str(getattr(options, key)), label) for key, label in FIELD_LABELS.items()
    }
    changes["subprotocols"] = tuple(
        scope.resolve(name, "Subprotocols") for name in options.subprotocols
    )
    changes["headers"] = tuple(
        replace(header, value=scope.resolve(header.value, f"Header {header.name}"))
        if header.enabled
        else header
        for header in options.headers
    )
    return replace(options, **changes)  # type: ignore[arg-type]
