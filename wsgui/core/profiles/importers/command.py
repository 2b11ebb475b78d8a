"""wscat, websocat and curl command lines read back into a profile (the reverse of copy_as):
as pasted from a README or a terminal, with ``\\`` continuations, ``npx`` or full paths."""

from __future__ import annotations

import re
import shlex

from wsgui.core.model.options import Auth, ProxyMode
from wsgui.core.model.urls import display_url
from wsgui.core.profiles.importers.draft import (
    Draft,
    ImportedMessage,
    ImportedProfile,
    ImportFailure,
    finish,
)

__all__ = ["import_command_line"]


def _table(spec: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """``{"-c --connect": (key, what its value is, "" for a flag)}`` -> one row per spelling."""
    return {spelling: row for names, row in spec.items() for spelling in names.split()}


_WSCAT = _table(
    {
        "-c --connect": ("url", "a URL"),
        "-s --subprotocol": ("subprotocols", "a subprotocol"),
        "-o --origin": ("origin", "an origin"),
        "-H --header": ("header", "a 'Name: value' header"),
        "-n --no-check": ("insecure", ""),
        "--ca": ("ca_file", "a file"),
        "--cert": ("client_cert", "a file"),
        "--key": ("client_key", "a file"),
        "--proxy": ("proxy", "a proxy URL"),
        "--auth": ("basic", "user:password"),
        "-x --execute": ("send", "a message"),
        "-l --listen": ("server", "a port"),
        "-P --show-ping-pong --no-color": ("ignore", ""),
        "-L --location --slash": ("note", ""),
        "-w --wait -p --protocol --max-redirects": ("note", "a value"),
    }
)
_WEBSOCAT = _table(
    {
        "--protocol": ("subprotocols", "a subprotocol"),
        "--origin": ("origin", "an origin"),
        "-H --header": ("header", "a 'Name: value' header"),
        "-k --insecure": ("insecure", ""),
        "--basic-auth": ("basic", "user:password"),
        "--ping-interval": ("ping_interval", "seconds"),
        "--ping-timeout": ("ping_timeout", "seconds"),
        "-s --server-mode": ("server", "a port"),
        "-t --text -b --binary -q -v -E --exit-on-eof -n --no-close": ("ignore", ""),
        "-1 --one-message -u --unidirectional --no-line --jsonrpc": ("note", ""),
        "--socks5 --max-messages -B --buffer-size": ("note", "a value"),
        "--ws-c-uri --client-pkcs12-der": ("note", "a value"),
    }
)
_CURL = _table(
    {
        "--url": ("url", "a URL"),
        "-H --header": ("header", "a header"),
        "-A --user-agent": ("user_agent", "a User-Agent"),
        "-u --user": ("basic", "user:password"),
        "--oauth2-bearer": ("bearer", "a token"),
        "-k --insecure": ("insecure", ""),
        "--cacert": ("ca_file", "a file"),
        "-E --cert": ("client_cert", "a file"),
        "--key": ("client_key", "a file"),
        "-x --proxy": ("proxy", "a proxy URL"),
        "--socks5 --socks5-hostname": ("socks", "host:port"),
        "--noproxy": ("noproxy", "a host list"),
        "--connect-timeout": ("open_timeout", "seconds"),
        "-b --cookie": ("cookie", "cookies"),
        "-X --request": ("method", "a method"),
        "-i --include -N --no-buffer --http1.1 -s --silent -S --show-error": ("ignore", ""),
        "-v --verbose --compressed -L --location -f --fail --basic -g --globoff": ("ignore", ""),
        "-I --head --http2 --http2-prior-knowledge --digest --ntlm --negotiate": ("note", ""),
        "-d --data --data-raw --data-binary -F --form": ("note", "a value"),
        "-o --output -m --max-time": ("note", "a value"),
        "-e --referer -U --proxy-user -w --write-out --resolve --connect-to": ("note", "a value"),
    }
)
_TABLES = {"wscat": _WSCAT, "websocat": _WEBSOCAT, "curl": _CURL}
_SECRET_OPTIONS = {"-U", "--proxy-user"}
_ENV_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=.*", re.DOTALL)


def import_command_line(text: str) -> ImportedProfile:
    """A wscat, websocat or curl command as pasted (``\\`` line continuations, ``npx`` too)."""
    try:
        words = shlex.split(re.sub(r"\\\r?\n", " ", text))
    except ValueError as exc:
        raise ImportFailure(f"Cannot read the command line: {exc}") from None
    notes: list[str] = []
    tool = _tool(words, notes)
    draft = Draft(tool, notes=notes)
    if tool == "curl":  # curl follows the *_proxy variables unless told otherwise
        draft.fields["proxy_mode"] = ProxyMode.ENVIRONMENT
    for arg in _parse(draft, words, _TABLES[tool]):
        if tool == "curl" or (tool == "websocat" and arg.lower().startswith(("ws://", "wss://"))):
            draft.urls.append(arg)
        else:
            draft.notes.append(f"Argument {display_url(arg)!r}: not imported")
    return finish(draft)


def _tool(words: list[str], notes: list[str]) -> str:
    """Drop what precedes the tool (a ``$`` prompt, ``VAR=value``, ``npx -y``); name the tool."""
    if words and words[0] in ("$", "%"):
        words.pop(0)
    if words and words[0] == "npx":
        words.pop(0)
        while words and words[0].startswith("-"):
            words.pop(0)
    while words and _ENV_ASSIGNMENT.fullmatch(words[0]):
        name = words.pop(0).split("=", 1)[0]
        notes.append(f"Environment variable {name}: not imported")
    if not words:
        raise ImportFailure("Nothing to import: paste a wscat, websocat or curl command line")
    word = words.pop(0)
    name = re.split(r"[\\/]", word)[-1].lower().removesuffix(".exe").split("@")[0]
    if name in ("wscat", "curl"):
        return name
    if name.startswith("websocat"):
        return "websocat"
    raise ImportFailure(f"Not a wscat, websocat or curl command: it starts with {word!r}")


def _parse(draft: Draft, words: list[str], table: dict[str, tuple[str, str]]) -> list[str]:
    """Apply every option (``-Hv``, ``-H v``, ``--header=v``, ``-sSk``); return the rest."""
    positionals: list[str] = []
    i = 0
    while i < len(words):
        word, i = words[i], i + 1
        if word == "--":
            return positionals + words[i:]
        if word.startswith("--"):
            spelling, equals, after = word.partition("=")
            candidates: list[tuple[str, str | None]] = [(spelling, after if equals else None)]
        elif word.startswith("-") and len(word) > 1:
            candidates = [("-" + letter, None) for letter in word[1:]]
        else:
            positionals.append(word)
            continue
        for position, (spelling, attached) in enumerate(candidates):
            if spelling not in table:
                draft.notes.append(f"Option {word.split('=', 1)[0]}: not imported (unknown)")
                break
            key, what = table[spelling]
            if not what:
                _apply(draft, key, spelling, None)
                continue
            if attached is None and word[1] != "-":
                attached = word[position + 2 :] or None
            if attached is None:
                if i == len(words) or words[i] in table:
                    raise ImportFailure(f"{draft.source}: {spelling} needs {what}")
                attached, i = words[i], i + 1
            _apply(draft, key, spelling, attached)
            break
    return positionals


def _apply(draft: Draft, key: str, spelling: str, given: str | None) -> None:
    """Record one option; ``given`` is None for a flag."""
    value = given or ""
    if key == "url":
        draft.urls.append(value)
    elif key == "subprotocols":
        draft.subprotocols += [p.strip() for p in value.split(",") if p.strip()]
    elif key == "origin":
        draft.fields["origin"] = value
    elif key == "header":
        _header_option(draft, value)
    elif key == "user_agent":
        draft.headers.append(("User-Agent", value))
    elif key == "cookie" and "=" in value:
        draft.headers.append(("Cookie", value))
    elif key == "insecure":
        draft.fields["verify_tls"] = False
    elif key in ("ca_file", "client_cert", "client_key"):
        draft.fields[key] = value
    elif key in ("ping_interval", "ping_timeout", "open_timeout"):
        try:
            draft.fields[key] = float(value)
        except ValueError:
            draft.notes.append(f"{spelling} {value!r}: not a number of seconds, not imported")
    elif key == "basic":
        user, colon, password = value.partition(":")
        draft.auth = (Auth.BASIC, user, password, spelling)
        if not colon:
            draft.notes.append(f"{spelling}: no password given; an empty one is imported")
    elif key == "bearer":
        draft.auth = (Auth.BEARER, "", value, spelling)
    elif key == "proxy":
        draft.proxy = value if "://" in value or not value else "http://" + value
    elif key == "socks":
        draft.proxy = ("socks5h://" if "hostname" in spelling else "socks5://") + value
    elif key == "noproxy" and value.strip() == "*":
        draft.direct = True
    elif key == "send":
        draft.messages.append(ImportedMessage("sent", "text", value, None))
    elif key == "server":
        raise ImportFailure(f"{draft.source}: {spelling} starts a server; import a client command")
    elif key == "method" and value.upper() == "GET":
        pass
    elif key != "ignore":
        shown = "…" if spelling in _SECRET_OPTIONS else shlex.quote(value) if value else ""
        draft.notes.append(f"{spelling} {shown}".rstrip() + ": not imported")


def _header_option(draft: Draft, line: str) -> None:
    """``Name: value``; curl also has ``Name:`` (remove its own) and ``Name;`` (empty value)."""
    name, colon, value = line.partition(":")
    if draft.source == "curl" and not colon:
        name, semicolon, rest = line.partition(";")
        if semicolon and not rest.strip():
            draft.headers.append((name.strip(), ""))
            return
    if not colon or not name.strip():
        draft.notes.append("A header that is not 'Name: value': not imported")
        return
    removal = draft.source == "curl" and not value.strip()
    draft.headers.append((name.strip(), None if removal else value.strip()))
