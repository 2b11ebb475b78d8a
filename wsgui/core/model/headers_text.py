"""Request headers as text, one ``Name: value`` line each (the Headers tab's bulk edit).

A disabled header (kept, not sent) is a line starting with ``# `` (Postman's ``//`` is read
too); blank lines are ignored. Secret values are written masked (``Bearer ••••••``): a line
whose value is still exactly that placeholder keeps the real value it stood for, so that
editing the text around a token never needs the token in clear.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from wsgui.core.model.options import Header, OptionsError, mask, mask_value

__all__ = ["DISABLED_PREFIXES", "HeadersTextError", "format_headers", "parse_headers"]

# What starts a disabled header's line: written "# ", read "#" or "//" (Postman's).
DISABLED_PREFIXES = ("#", "//")
# What mask_value() writes for a secret: the dots, after a scheme word like "Bearer".
_PLACEHOLDER = re.compile(r"(?:[A-Za-z]{1,10} )?••••••")


class HeadersTextError(OptionsError):
    """A line of the headers text that is not a header; ``line`` counts from 1.

    The message names the line and what is wrong, never its text: it may hold a secret.
    """

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"Headers, line {line}: {problem}")
        self.line = line


def format_headers(
    headers: Sequence[Header], masked: bool = True, secret_rows: Collection[int] = ()
) -> str:
    """One ``Name: value`` line per header, ``# `` before a disabled one.

    With ``masked``, a secret header's value (see ``mask``) is written as its placeholder,
    and so is the value of each header whose index is in ``secret_rows`` whatever its name.
    """
    lines = []
    for index, header in enumerate(headers):
        value = header.value
        if masked:
            value = mask_value(value) if index in secret_rows else mask(header.name, value)
        prefix = "" if header.enabled else "# "
        lines.append(f"{prefix}{header.name}: {value}".rstrip())
    return "".join(line + "\n" for line in lines)


def parse_headers(text: str, previous: Sequence[Header] = ()) -> tuple[Header, ...]:
    """The headers ``text`` describes; HeadersTextError names the first line that is not one.

    A value that is exactly a placeholder ``format_headers`` wrote takes back the real value
    of the ``previous`` header it stood for: the first not yet used one of the same name (any
    case) with that placeholder, else the only one of any name (a renamed line).
    """
    unused = list(previous)
    headers = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        enabled = True
        for prefix in DISABLED_PREFIXES:
            if line.startswith(prefix):
                enabled, line = False, line.removeprefix(prefix).strip()
                break
        if not line:
            continue  # a blank line, or a lone "#"
        name, colon, value = line.partition(":")
        name, value = name.strip(), value.strip()
        if not colon:
            shape = "'# Name: value'" if not enabled else "'Name: value'"
            raise HeadersTextError(number, f"no colon; write the header as {shape}")
        if not name:
            raise HeadersTextError(number, "no header name before the colon")
        if _PLACEHOLDER.fullmatch(value):
            value = _restore(number, name, value, unused)
        headers.append(Header(name, value, enabled))
    return tuple(headers)


def _restore(number: int, name: str, placeholder: str, unused: list[Header]) -> str:
    """The real value ``placeholder`` stands for, taken out of ``unused``."""
    matching = [h for h in unused if mask_value(h.value) == placeholder]
    same_name = [h for h in matching if h.name.lower() == name.lower()]
    if same_name:
        found = same_name[0]
    elif len(matching) == 1:
        found = matching[0]
    else:
        why = "several earlier values match it" if matching else "there is no earlier value"
        raise HeadersTextError(
            number, f"the value of {name} is a masked placeholder and {why}; type the value"
        )
    unused.remove(found)
    return found.value
