""" "Copy as": the current connection settings as a command or snippet to run elsewhere.

Each format reproduces the URL (normalised by ``check_url``), the headers including the
Authorization the auth helper makes, the subprotocols and the origin, plus what the tool
can say about TLS and the proxy. Secrets (tokens, passwords, keys in headers) are included
in clear: the user explicitly asks for a command to run, and a masked one would not work.
Shell arguments are quoted with ``shlex`` so that ``shlex.split`` gives them back exactly;
Python values are written with ``repr()``.
"""

from __future__ import annotations

import base64
import secrets
import shlex
from collections.abc import Callable

from websockets.http11 import USER_AGENT as LIBRARY_USER_AGENT

from wsgui.core.model.options import ConnectOptions, ProxyMode
from wsgui.core.model.urls import check_url

__all__ = ["COPY_AS_FORMATS", "as_curl", "as_python", "as_websocat", "as_wscat"]


def _url(options: ConnectOptions) -> str:
    """The URL the session would use; raises UrlError so the caller can show why."""
    return check_url(options.url).url


def _custom_user_agent(options: ConnectOptions) -> str | None:
    """A User-Agent the user chose; None for the library's own or none (tools differ)."""
    agent = options.user_agent()
    return None if agent is None or agent == LIBRARY_USER_AGENT else agent


def _header_lines(options: ConnectOptions) -> list[str]:
    """``Name: value`` for every header sent, with a custom User-Agent last."""
    headers = options.request_headers()
    agent = _custom_user_agent(options)
    if agent is not None:
        headers.append(("User-Agent", agent))
    return [f"{name}: {value}" for name, value in headers]


def _explicit_proxy(options: ConnectOptions) -> str | None:
    """The proxy URL when the user typed one, else None (direct or environment)."""
    if options.proxy_mode is ProxyMode.URL and options.proxy_url.strip():
        return options.proxy_url.strip()
    return None


def as_wscat(options: ConnectOptions) -> str:
    """A wscat 6.x command line (wscat sends no User-Agent unless given one)."""
    url = _url(options)
    args = ["wscat", "-c", url]
    for protocol in options.subprotocols:
        args += ["-s", protocol]
    if options.origin:
        args += ["-o", options.origin]
    for line in _header_lines(options):
        args += ["-H", line]
    if url.startswith("wss:"):
        if not options.verify_tls:
            args.append("-n")
        if options.ca_file:
            args += ["--ca", options.ca_file]
        if options.client_cert:
            args += ["--cert", options.client_cert]
        if options.client_key:
            args += ["--key", options.client_key]
    proxy = _explicit_proxy(options)
    if proxy is not None and proxy.lower().startswith(("http://", "https://")):
        args += ["--proxy", proxy]  # wscat's proxy agent only speaks HTTP CONNECT
    return shlex.join(args)


def as_websocat(options: ConnectOptions) -> str:
    """A websocat command; it takes a single --protocol, so several are joined with ", "."""
    url = _url(options)
    args = ["websocat"]
    if options.subprotocols:
        args += ["--protocol", ", ".join(options.subprotocols)]
    if options.origin:
        args += ["--origin", options.origin]
    for line in _header_lines(options):
        args += ["-H", line]
    if url.startswith("wss:") and not options.verify_tls:
        args.append("-k")
    args.append(url)
    return shlex.join(args)


def _curl_header(name: str, value: str) -> str:
    """curl drops ``Name:`` with no value; ``Name;`` is its syntax for an empty header."""
    return f"{name}: {value}" if value else f"{name};"


def as_curl(options: ConnectOptions) -> str:
    """The opening HTTP Upgrade request with curl, to see the server's handshake response."""
    url = _url(options)
    key = base64.b64encode(secrets.token_bytes(16)).decode("ascii")
    headers = [
        ("Connection", "Upgrade"),
        ("Upgrade", "websocket"),
        ("Sec-WebSocket-Version", "13"),
        ("Sec-WebSocket-Key", key),
    ]
    if options.subprotocols:
        headers.append(("Sec-WebSocket-Protocol", ", ".join(options.subprotocols)))
    if options.origin:
        headers.append(("Origin", options.origin))
    headers += options.request_headers()
    args = ["curl", "--include", "--no-buffer", "--http1.1", "--globoff"]
    for name, value in headers:
        args += ["-H", _curl_header(name, value)]
    agent = options.user_agent()
    if agent is None:
        args += ["-H", "User-Agent:"]  # removes curl's own
    elif agent != LIBRARY_USER_AGENT:
        args += ["-H", _curl_header("User-Agent", agent)]
    if url.startswith("wss:"):
        if not options.verify_tls:
            args.append("--insecure")
        if options.ca_file:
            args += ["--cacert", options.ca_file]
        if options.client_cert:
            args += ["--cert", options.client_cert]
        if options.client_key:
            args += ["--key", options.client_key]
    proxy = _explicit_proxy(options)
    if proxy is not None:
        args += ["--proxy", proxy]
    elif options.proxy_mode is ProxyMode.NONE:
        args += ["--noproxy", "*"]  # curl would otherwise follow *_proxy variables
    scheme, rest = url.split("://", 1)
    args.append(("https" if scheme == "wss" else "http") + "://" + rest)
    return shlex.join(args)


def _python_proxy(options: ConnectOptions) -> str | bool | None:
    """websockets' ``proxy``: None is direct, True follows the environment."""
    if options.proxy_mode is ProxyMode.ENVIRONMENT:
        return True
    return _explicit_proxy(options)


def as_python(options: ConnectOptions) -> str:
    """A runnable script with websockets' asyncio client, printing what it receives."""
    url = _url(options)
    kwargs: dict[str, object] = {
        "additional_headers": options.request_headers(),
        "subprotocols": list(options.subprotocols) or None,
        "origin": options.origin or None,
        "user_agent_header": options.user_agent(),
        "compression": "deflate" if options.compression else None,
        "open_timeout": options.open_timeout,
        "ping_interval": options.ping_interval,
        "ping_timeout": options.ping_timeout,
        "close_timeout": options.close_timeout,
        "max_size": options.max_size,
        "proxy": _python_proxy(options),
    }
    lines = [f"        {name}={value!r}," for name, value in kwargs.items()]
    tls: list[str] = []
    if url.startswith("wss:"):
        if options.server_name:
            lines.append(f"        server_hostname={options.server_name!r},")
        if not options.verify_tls or options.ca_file or options.client_cert:
            lines.append("        ssl=context,")
            cafile = options.ca_file or None
            tls.append(f"    context = ssl.create_default_context(cafile={cafile!r})")
        if not options.verify_tls:
            tls += ["    context.check_hostname = False", "    context.verify_mode = ssl.CERT_NONE"]
        if options.client_cert:
            cert, key = options.client_cert, options.client_key or None
            tls.append(f"    context.load_cert_chain({cert!r}, {key!r})")
    imports = ["import asyncio", *(["import ssl"] if tls else [])]
    return "\n".join(
        [
            *imports,
            "",
            "from websockets.asyncio.client import connect",
            "",
            "",
            "async def main() -> None:",
            *tls,
            "    async with connect(",
            f"        {url!r},",
            *lines,
            "    ) as ws:",
            "        async for message in ws:",
            "            print(message)",
            "",
            "",
            "asyncio.run(main())",
            "",
        ]
    )


COPY_AS_FORMATS: dict[str, Callable[[ConnectOptions], str]] = {
    "wscat": as_wscat,
    "websocat": as_websocat,
    "curl (upgrade request)": as_curl,
    "Python websockets": as_python,
}
