"""Everything needed to open one connection, as plain data."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from enum import StrEnum

from websockets.http11 import USER_AGENT as LIBRARY_USER_AGENT

from wsgui.core.model.limits import UNLIMITED_INFLATE_BYTES, apply_fragment_limit

__all__ = [
    "LIBRARY_USER_AGENT",
    "SECRET_HEADER_WORDS",
    "Auth",
    "ConnectOptions",
    "Header",
    "OptionsError",
    "ProxyMode",
    "UserAgentMode",
    "is_secret_header",
    "mask",
    "mask_value",
]

# Every connection and the echo server are configured from this module: the fragment limit
# (one value for the whole process, see limits.py) is in force before any of them opens.
MAX_FRAGMENTS = apply_fragment_limit()
# The largest message accepted by default: websockets' 1 MiB closed a debugger's connection on
# an ordinary echoed file or a big JSON snapshot; 16 MiB takes those and still stops a runaway.
DEFAULT_MAX_SIZE = 16 * 2**20

# Header names containing one of these words carry credentials: shown masked on screen.
SECRET_HEADER_WORDS = (
    "authorization",
    "cookie",
    "token",
    "secret",
    "api-key",
    "apikey",
    "password",
)


class OptionsError(ValueError):
    """A header or subprotocol HTTP does not allow; the text names it."""


class Protocol(StrEnum):
    """What runs over the connection: plain WebSocket messages, or Socket.IO events."""

    WEBSOCKET = "websocket"
    SOCKETIO = "socketio"


class SioTransports(StrEnum):
    """Socket.IO's transports: as its clients default, polling first then an upgrade."""

    POLLING_THEN_UPGRADE = "polling,websocket"
    WEBSOCKET = "websocket"
    POLLING = "polling"


@dataclass(frozen=True)
class Header:
    """One request header row; disabled rows are kept but not sent."""

    name: str
    value: str
    enabled: bool = True


class Auth(StrEnum):
    """The Authorization helper: nothing, Basic (user and password) or a Bearer token."""

    NONE = "none"
    BASIC = "basic"
    BEARER = "bearer"


class UserAgentMode(StrEnum):
    """The library's User-Agent, one of the user's, or none at all."""

    LIBRARY = "library"
    CUSTOM = "custom"
    NONE = "none"


class ProxyMode(StrEnum):
    """Direct, the ``*_proxy`` environment variables, or an explicit proxy URL."""

    NONE = "none"
    ENVIRONMENT = "environment"
    URL = "url"


@dataclass(frozen=True)
class ConnectOptions:
    """What the connection panel describes. Defaults are the websockets library's own.

    The exception is the proxy: ``ProxyMode.NONE`` (a direct connection) rather than the
    library's default of silently following ``*_proxy`` environment variables, since a
    debugger must say where it connects.
    """

    url: str
    subprotocols: tuple[str, ...] = ()
    origin: str = ""
    headers: tuple[Header, ...] = ()
    auth: Auth = Auth.NONE
    auth_user: str = ""
    auth_secret: str = ""  # the Basic password or the Bearer token
    user_agent_mode: UserAgentMode = UserAgentMode.LIBRARY
    user_agent_value: str = ""
    open_timeout: float = 10.0
    close_timeout: float = 10.0
    ping_interval: float | None = 20.0
    ping_timeout: float | None = 20.0
    max_size: int | None = DEFAULT_MAX_SIZE
    compression: bool = True
    verify_tls: bool = True
    ca_file: str = ""
    client_cert: str = ""
    client_key: str = ""
    server_name: str = ""  # TLS SNI and certificate name, when not the URL's host
    proxy_mode: ProxyMode = ProxyMode.NONE
    proxy_url: str = ""
    reconnect: bool = False  # reconnect after a drop or a close the user did not ask for
    reconnect_initial_delay: float = 1.0  # seconds (the first wait is random, up to this)
    reconnect_max_delay: float = 30.0  # the backoff grows by 1.618x up to this
    reconnect_attempts: int = 10  # attempts in a row before giving up; 0: no limit
    protocol: Protocol = Protocol.WEBSOCKET
    sio_path: str = "/socket.io/"  # Socket.IO: the server's path
    sio_namespace: str = "/"
    sio_auth: str = ""  # Socket.IO: the auth payload, JSON text ("" for none)
    sio_transports: SioTransports = SioTransports.POLLING_THEN_UPGRADE
    journal: bool = True  # written to the history journal (Settings > Keep in history)

    def enabled_headers(self) -> list[tuple[str, str]]:
        """Header rows to send, except User-Agent, which replaces the library's own."""
        return [
            (h.name, h.value)
            for h in self.headers
            if h.enabled and h.name.strip() and h.name.lower() != "user-agent"
        ]

    def authorization(self) -> str | None:
        """The Authorization header value the auth helper makes, if any."""
        if self.auth is Auth.BASIC:
            pair = f"{self.auth_user}:{self.auth_secret}".encode()
            return "Basic " + base64.b64encode(pair).decode("ascii")
        if self.auth is Auth.BEARER:
            return f"Bearer {self.auth_secret}"
        return None

    def request_headers(self) -> list[tuple[str, str]]:
        """Every extra header to send: the enabled rows, then Authorization from the helper."""
        headers = self.enabled_headers()
        authorization = self.authorization()
        if authorization is not None:
            headers.append(("Authorization", authorization))
        return headers

    def user_agent(self) -> str | None:
        """The User-Agent to send (None: send none). A User-Agent header row wins."""
        rows = [h.value for h in self.headers if h.enabled and h.name.lower() == "user-agent"]
        if rows:
            return rows[-1]
        if self.user_agent_mode is UserAgentMode.CUSTOM:
            return self.user_agent_value
        if self.user_agent_mode is UserAgentMode.NONE:
            return None
        return LIBRARY_USER_AGENT

    def summary(self) -> str:
        """The limits in force, said in the open entry so that library defaults are visible."""
        if self.max_size is not None:
            size = f"{self.max_size:,} bytes"
        else:
            capped = f" ({UNLIMITED_INFLATE_BYTES >> 20} MiB if compressed)"
            size = "unlimited" + (capped if self.compression else "")
        ping = "off" if self.ping_interval is None else f"every {self.ping_interval:g} s"
        return (
            f"compression {'on' if self.compression else 'off'}, max message {size}, "
            f"ping {ping}, open timeout {self.open_timeout:g} s, "
            f"close timeout {self.close_timeout:g} s, up to {MAX_FRAGMENTS:,} fragments a message"
        )


def is_secret_header(name: str) -> bool:
    """True when a header's value is a credential that must not be shown in clear."""
    lowered = name.lower()
    return any(word in lowered for word in SECRET_HEADER_WORDS)


# A value that only points at an environment variable, optionally after a scheme word:
# "${TOKEN}", "Bearer ${TOKEN}". It holds no secret, so it may be shown and written.
_ENV_REFERENCE = re.compile(r"(?:[A-Za-z][A-Za-z0-9-]* )?\$\{[A-Za-z_][A-Za-z0-9_]*\}")


def is_env_reference(value: str) -> bool:
    return _ENV_REFERENCE.fullmatch(value) is not None


def mask(name: str, value: str) -> str:
    """The value as shown on screen: secrets become dots, keeping a scheme like ``Bearer``;
    a ``${VARIABLE}`` reference is shown as it is."""
    if not is_secret_header(name):
        return value
    return mask_value(value)


def mask_value(value: str) -> str:
    """``value`` masked whatever its header's name: for a value known to be a secret (a row
    whose name was secret when the value was typed, then renamed or cleared)."""
    if not value or is_env_reference(value):
        return value
    scheme, _, rest = value.partition(" ")
    if rest and scheme.isalpha() and len(scheme) <= 10:
        return f"{scheme} ••••••"
    return "••••••"
