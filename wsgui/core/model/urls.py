"""Checking and normalising the URL the user typed, with a message that says what is wrong."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from urllib.parse import SplitResult, unquote_plus, urlsplit

__all__ = [
    "CheckedUrl",
    "UrlError",
    "check_url",
    "display_url",
    "host_and_port",
    "host_of",
    "is_secret_query",
    "join_password",
    "mask_query",
    "mask_urls_in",
    "split_password",
    "tab_title",
    "url_for_history",
]

_SCHEME_MAP = {"ws": "ws", "wss": "wss", "http": "ws", "https": "wss"}
_DEFAULT_PORTS = {"ws": 80, "wss": 443, "http": 80, "https": 443}
MASKED_PASSWORD = "••••••"


class UrlError(ValueError):
    """The URL cannot be used; the text says why, for display next to the field."""


@dataclass(frozen=True)
class CheckedUrl:
    """A usable ws:// or wss:// URL, and a note when it was changed from what was typed."""

    url: str
    note: str = ""

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    @property
    def port(self) -> int:
        parts = urlsplit(self.url)
        return parts.port or _DEFAULT_PORTS[parts.scheme]

    @property
    def shown(self) -> str:
        """The URL as displayed: a password in it is masked."""
        return display_url(self.url)


def check_url(text: str) -> CheckedUrl:
    """Accept ws:// and wss://, add ws:// to a bare ``host:port/path``, map http(s) to ws(s)."""
    typed = text.strip()
    if not typed:
        raise UrlError("URL is empty: type an address such as ws://127.0.0.1:1740/")
    if any(c.isspace() for c in typed):
        raise UrlError("URL contains a space: encode it as %20 or remove it")
    note = ""
    if "://" not in typed:
        _refuse_missing_colon(typed)
        _refuse_other_schemes(typed)
        typed = "ws://" + typed
        note = "ws:// added"
    scheme, rest = typed.split("://", 1)
    mapped = _SCHEME_MAP.get(scheme.lower())
    if mapped is None:
        raise UrlError(f"Unsupported scheme '{scheme}://': use ws:// or wss://")
    if scheme.lower() in ("http", "https"):
        note = f"{scheme.lower()}:// changed to {mapped}://"
    url = f"{mapped}://{rest}"
    parts = _split(url)
    _check_host(parts)
    if parts.fragment or "#" in url:
        raise UrlError("URL has a #fragment, which WebSocket URLs may not have")
    if not parts.path:
        url = url.replace(f"://{parts.netloc}", f"://{parts.netloc}/", 1)
    return CheckedUrl(url, note)


def display_url(url: str) -> str:
    """The URL as shown and exported: ``ws://alice:s3cr3t@host/?access_token=t&x=1`` ->
    ``ws://alice:••••••@host/?access_token=••••••&x=1``. The password and the values of
    credential-like query parameters (``is_secret_query``) never appear in clear."""
    scheme, sep, rest = url.partition("://")
    if not sep:  # as typed in the URL field, before ws:// is added: alice:pw@host/
        return display_url(f"ws://{url}")[len("ws://") :] if url else url
    authority, slash, tail = rest.partition("/")
    if "?" in authority and not slash:  # ws://host?token=x: the query ends the authority
        authority, question, query = authority.partition("?")
        slash, tail = "", question + query
    userinfo, at, hostport = authority.rpartition("@")
    if at and ":" in userinfo:
        authority = f"{userinfo.split(':', 1)[0]}:{MASKED_PASSWORD}@{hostport}"
    path, question, rest = tail.partition("?")
    if question:
        query, hash_sign, fragment = rest.partition("#")
        tail = f"{path}?{mask_query(query)}{hash_sign}{fragment}"
    return f"{scheme}://{authority}{slash}{tail}"


# Words in a query parameter's name that make its value a credential: ``token``,
# ``access_token``, ``accessToken``, ``api_key``, ``client_secret``, ``password``, ``auth``,
# ``X-Amz-Signature``, ``session_id``... (whole words, so ``encoding`` or ``author`` are not).
SECRET_QUERY_WORDS = frozenset(
    {
        "token",
        "key",
        "apikey",
        "secret",
        "password",
        "passwd",
        "pwd",
        "pass",
        "auth",
        "authorization",
        "sig",
        "signature",
        "session",
        "sessionid",
        "jwt",
        "credential",
        "credentials",
        "accesstoken",
    }
)
_NAME_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")


def is_secret_query(name: str) -> bool:
    """True when a query parameter named ``name`` carries a credential."""
    decoded = unquote_plus(name)
    if re.sub(r"[^a-z0-9]", "", decoded.lower()) in SECRET_QUERY_WORDS:
        return True
    return any(word.lower() in SECRET_QUERY_WORDS for word in _NAME_WORDS.findall(decoded))


def mask_query(query: str) -> str:
    """``a=1&token=x`` -> ``a=1&token=••••••``; other parameters kept byte for byte."""
    kept = []
    for item in query.split("&"):
        name, equals, value = item.partition("=")
        kept.append(
            f"{name}={MASKED_PASSWORD}" if equals and value and is_secret_query(name) else item
        )
    return "&".join(kept)


_URL_IN_TEXT = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s\"'<>]+")


def mask_urls_in(text: str) -> str:
    """Every URL in a sentence shown as ``display_url`` shows it (passwords, tokens masked)."""
    if "://" not in text:
        return text

    def masked(match: re.Match[str]) -> str:
        url = match.group(0)
        bare = url.rstrip(".,;:!?)]}")  # the sentence's punctuation after a URL
        return display_url(bare) + url[len(bare) :]

    return _URL_IN_TEXT.sub(masked, text)


def host_of(url: str) -> str:
    """The host of a URL for messages (no brackets); the text itself if unparsable."""
    try:
        return urlsplit(url).hostname or url
    except ValueError:
        return url


def host_and_port(url: str) -> str:
    """``host:port`` of a URL for messages (IPv6 in brackets); the text itself if unparsable.
    A URL as typed, without its scheme (``localhost:18090/feed``), is read as ws://."""
    try:
        parts = urlsplit(url if "://" in url else f"ws://{url}")
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme, 80)
    except ValueError:
        return url
    host = parts.hostname or ""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def tab_title(text: str, limit: int = 40) -> str:
    """A connection tab's name from the URL field: the ``host:port`` the normalised URL
    (``check_url``) connects to, so ``localhost:18090/feed`` is ``localhost:18090`` and
    ``ws://[::1]:9000/x`` is ``[::1]:9000``. A URL that cannot be used is named as typed,
    without its user information and with credential-like query values masked; a password
    never appears in a title."""
    typed = text.strip()
    if not typed:
        return "New connection"
    try:
        return host_and_port(check_url(typed).url)[:limit]
    except UrlError:
        pass
    scheme, sep, rest = typed.rpartition("://")
    if "@" in rest:  # ws//alice:pw@host/ is not parsed as a URL: drop all before the '@'
        rest = rest.rpartition("@")[2]
    shown = display_url(f"{scheme}{sep}{rest}")
    return shown[:limit]


# ``ws//host/``, ``wss//``, ``http//``, ``https//``: a scheme whose ':' was forgotten (else
# ``ws`` would be taken for a host name and ``ws://ws//host/`` looked up in the DNS).
_NO_COLON = re.compile(r"(wss?|https?)//+(.*)", re.IGNORECASE | re.DOTALL)
# ``ws:/host``, ``ws:host``: a scheme whose '//' was forgotten (``host:80`` is a host and port).
_NO_SLASHES = re.compile(r"(wss?|https?):/?(?!/)(.*)", re.IGNORECASE | re.DOTALL)


def _suggestion(scheme: str, rest: str) -> str:
    """What was probably meant, normalised as ``check_url`` would (the scheme as typed) and
    masked as the URL field's messages show URLs: ``ws``, ``host:1`` -> ``ws://host:1/``."""
    scheme = scheme.lower()
    suggested = f"{scheme}://{rest.lstrip('/')}"
    with contextlib.suppress(UrlError):  # else as typed, with the slashes mended
        suggested = f"{scheme}://{check_url(suggested).url.partition('://')[2]}"
    return display_url(suggested)


def _refuse_missing_colon(typed: str) -> None:
    """``ws//host:1/`` -> "missing ':' after 'ws': did you mean ws://host:1/?"; ``ws:/host``
    and ``ws:host`` -> "missing '//' after 'ws:': did you mean ws://host/?"."""
    match = _NO_COLON.fullmatch(typed)
    if match is not None:
        scheme, rest = match.groups()
        if not rest:
            raise UrlError(f"missing ':' after '{scheme}': write {scheme.lower()}://host/")
        raise UrlError(f"missing ':' after '{scheme}': did you mean {_suggestion(scheme, rest)}?")
    match = _NO_SLASHES.fullmatch(typed)
    if match is None:
        return
    scheme, rest = match.groups()
    one_slash = typed[len(scheme) + 1 :].startswith("/")
    if not rest or (not one_slash and rest.split("/", 1)[0].isdigit()):
        return  # ``ws:`` or ``ws:8080/x``: the host ``ws`` and a port, left to the other checks
    raise UrlError(f"missing '//' after '{scheme}:': did you mean {_suggestion(scheme, rest)}?")


def _refuse_other_schemes(typed: str) -> None:
    """``mailto:x`` or ``ws:/`` are not a bare ``host:port``: say what they are."""
    authority = typed.split("/", 1)[0]
    if authority.startswith("[") or ":" not in authority or "@" in authority:
        return
    head, after = authority.split(":", 1)
    if head.lower() in _SCHEME_MAP and after == "" and typed[len(authority) :].startswith("/"):
        raise UrlError(f"missing '//' after '{head}:': write {head.lower()}://host/")
    if after == "" or after.isdigit():
        return
    raise UrlError(f"Unsupported scheme '{head}:': use ws:// or wss://")


def _split(url: str) -> SplitResult:
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        if "IPv6" in str(exc):
            raise UrlError(
                "Invalid IPv6 address in URL: write it in brackets, ws://[::1]:80/"
            ) from None
        raise UrlError(f"URL cannot be parsed: {exc}") from None
    try:
        port = parts.port
    except ValueError:
        port_text = parts.netloc.rpartition(":")[2]
        raise UrlError(f"Invalid port '{port_text}' in URL: use a number from 1 to 65535") from None
    if port == 0:
        raise UrlError("Port 0 is not a valid destination port (use 1-65535)")
    return parts


def _check_host(parts: SplitResult) -> None:
    host = parts.hostname
    if not host:
        raise UrlError("URL has no host: expected ws://host[:port]/path")
    if ":" in host:  # an IPv6 literal
        return
    try:
        host.encode("idna")
    except UnicodeError as exc:
        raise UrlError(f"Host name '{host}' is not valid: {exc}") from None


_AUTHORITY_END = re.compile(r"[/?#]")
# Query parameters whose values are credentials: kept out of the recent-URL history.
_SECRET_QUERY = re.compile(r"token|key|secret|auth|pass|sig|session|code", re.IGNORECASE)


def _authority(url: str) -> tuple[str, str, str] | None:
    """(``scheme://``, authority, rest) of a URL, or None when it has no ``://``."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return None
    end = _AUTHORITY_END.search(rest)
    cut = end.start() if end else len(rest)
    return scheme + sep, rest[:cut], rest[cut:]


def split_password(url: str) -> tuple[str, str]:
    """``ws://u:pw@h/`` -> (``ws://u@h/``, ``pw``); a URL without a password is unchanged.

    The user information ends at the last ``@`` of the authority, as in urlsplit, so a
    password holding an unencoded ``@`` is split off whole.
    """
    parts = _authority(url)
    if parts is None:
        return url, ""
    head, authority, tail = parts
    userinfo, at, host = authority.rpartition("@")
    user, colon, password = userinfo.partition(":")
    if not at or not colon:
        return url, ""
    return f"{head}{user}@{host}{tail}", password


def join_password(url: str, password: str) -> str:
    """Put a password back after the user name: ``ws://u@h/`` -> ``ws://u:pw@h/``."""
    parts = _authority(url)
    if parts is None:
        return url
    head, authority, tail = parts
    user, at, host = authority.rpartition("@")
    if not at or ":" in user:
        return url
    return f"{head}{user}:{password}@{host}{tail}"


def url_for_history(url: str) -> str:
    """The URL as remembered in the recent list: no password, credential-like query values
    replaced by ``…`` (the history file is not a secret store)."""
    bare, _password = split_password(url)
    base, question, rest = bare.partition("?")
    if not question:
        return bare
    query, hash_sign, fragment = rest.partition("#")
    kept = []
    for item in query.split("&"):
        name, equals, value = item.partition("=")
        kept.append(f"{name}=…" if equals and value and _SECRET_QUERY.search(name) else item)
    return f"{base}?{'&'.join(kept)}{hash_sign}{fragment}"
