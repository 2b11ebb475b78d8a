"""Every color the app chooses, once per theme, as data, and the pairs they are drawn in.

A widget never names a color: it asks ``theme_for(its palette)`` (the theme whose background it
is drawn on) or marks a label with a tone (``set_tone``) that the window's style sheet colors.
``text_pairs`` lists each color with the background it is drawn on, so a test can check every
ratio against WCAG AA (4.5:1).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from functools import cache

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

from wsgui.core.model.entries import Direction, Kind, ReadyState

WCAG_AA = 4.5
DARK_BELOW = 0.18  # a base darker than mid-grey (relative luminance) takes the dark colors


@dataclass(frozen=True)
class Theme:
    name: str
    # Qt's palette (Fusion draws everything else from these)
    window: str
    window_text: str
    base: str
    alternate_base: str
    text: str
    button: str
    button_text: str
    highlight: str
    highlighted_text: str
    placeholder: str
    link: str
    tooltip_base: str
    tooltip_text: str
    disabled_text: str
    # log and frames rows: text on base and alternate_base (and on a search match band)
    sent: str
    received: str
    error: str
    close: str
    open: str
    info: str
    ping: str
    # JSON tree values, on base
    json_string: str
    json_number: str
    json_bool: str
    json_null: str
    # behind a search match: row colors on match_band, highlighted_text on match_band_selected
    match_band: str
    match_band_selected: str
    # messages next to fields, on window
    error_text: str
    note_text: str
    warning_text: str
    ok_text: str
    # badges (readyState, TLS off): badge_text on each; also the tab's state dot on window
    badge_connecting: str
    badge_open: str
    badge_closing: str
    badge_closed: str
    badge_reconnecting: str
    badge_warning: str
    badge_text: str
    # status bar graphs, lines on base
    rate_line: str
    rtt_line: str
    # the edge of check boxes and radio buttons, on window and base (Fusion's is too faint)
    control_edge: str


LIGHT = Theme(
    name="light",
    window="#efefef",
    window_text="#000000",
    base="#ffffff",
    alternate_base="#f5f5f5",
    text="#000000",
    button="#efefef",
    button_text="#000000",
    highlight="#2461b8",  # Fusion's #308cc6 gives white text only 3.7:1
    highlighted_text="#ffffff",
    placeholder="#666666",
    link="#0b57d0",
    tooltip_base="#ffffdc",
    tooltip_text="#000000",
    disabled_text="#8a8a8a",
    sent="#1d4ed8",
    received="#166534",
    error="#b91c1c",
    close="#92400e",
    open="#5b21b6",
    info="#4b5563",
    ping="#0e6377",
    json_string="#166534",
    json_number="#1d4ed8",
    json_bool="#92400e",
    json_null="#5f6672",
    match_band="#fde68a",
    match_band_selected="#7c2d12",
    error_text="#b91c1c",
    note_text="#4b5563",
    warning_text="#9a3412",
    ok_text="#166534",
    badge_connecting="#9a4a0a",
    badge_open="#15703a",
    badge_closing="#b13c0b",
    badge_closed="#4b5563",
    badge_reconnecting="#6d28d9",
    badge_warning="#b13c0b",
    badge_text="#ffffff",
    rate_line="#166534",
    rtt_line="#0e6377",
    control_edge="#6b6b6b",
)

DARK = Theme(
    name="dark",
    window="#2d2d2d",
    window_text="#e8e8e8",
    base="#1e1e1e",
    alternate_base="#262626",
    text="#e8e8e8",
    button="#3a3a3a",
    button_text="#e8e8e8",
    highlight="#2f5fb3",
    highlighted_text="#ffffff",
    placeholder="#9a9a9a",
    link="#8ab4f8",
    tooltip_base="#3a3a3a",
    tooltip_text="#e8e8e8",
    disabled_text="#7a7a7a",
    sent="#93c5fd",
    received="#86efac",
    error="#fca5a5",
    close="#fdba74",
    open="#c4b5fd",
    info="#b4b9c2",
    ping="#67e8f9",
    json_string="#86efac",
    json_number="#93c5fd",
    json_bool="#fdba74",
    json_null="#a8adb5",
    match_band="#4d3b00",
    match_band_selected="#7c2d12",
    error_text="#fca5a5",
    note_text="#b8bcc4",
    warning_text="#fdba74",
    ok_text="#86efac",
    badge_connecting="#fbbf24",
    badge_open="#4ade80",
    badge_closing="#fb923c",
    badge_closed="#9ca3af",
    badge_reconnecting="#a78bfa",
    badge_warning="#fb923c",
    badge_text="#111827",
    rate_line="#86efac",
    rtt_line="#67e8f9",
    control_edge="#9a9a9a",
)

THEMES = (LIGHT, DARK)


class Tone(StrEnum):
    """What a label says, which decides its color (``set_tone``)."""

    NONE = ""
    ERROR = "error"
    NOTE = "note"
    WARNING = "warning"
    OK = "ok"
    BAD = "bad"
    WARNING_BADGE = "badge-warning"
    RECONNECTING_BADGE = "state-reconnecting"


ROW_FIELDS = ("sent", "received", "error", "close", "open", "info", "ping")
JSON_FIELDS = ("json_string", "json_number", "json_bool", "json_null")
TONE_FIELDS = {Tone.ERROR: "error_text", Tone.NOTE: "note_text", Tone.WARNING: "warning_text"}
BADGE_FIELDS = {
    "state-connecting": "badge_connecting",
    "state-open": "badge_open",
    "state-closing": "badge_closing",
    "state-closed": "badge_closed",
    Tone.RECONNECTING_BADGE: "badge_reconnecting",
    Tone.WARNING_BADGE: "badge_warning",
}
STATE_BADGES = {state: f"state-{state.name.lower()}" for state in ReadyState}
_EXEMPT = {"name", "disabled_text"}  # WCAG exempts disabled controls


def luminance(color: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio, 1 to 21; text needs 4.5 (AA)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_pairs(theme: Theme) -> list[tuple[str, str, str]]:
    """(what, foreground field, background field): every color with what it is drawn on."""
    pairs = [
        ("window text", "window_text", "window"),
        ("text", "text", "base"),
        ("text on alternate rows", "text", "alternate_base"),
        ("button text", "button_text", "button"),
        ("selected text", "highlighted_text", "highlight"),
        ("placeholder", "placeholder", "base"),
        ("link", "link", "base"),
        ("tooltip", "tooltip_text", "tooltip_base"),
        ("text in a match", "text", "match_band"),
        ("selected text in a match", "highlighted_text", "match_band_selected"),
        ("rate graph", "rate_line", "base"),
        ("RTT graph", "rtt_line", "base"),
        ("check box edge on the window", "control_edge", "window"),
        ("check box edge in a table", "control_edge", "base"),
    ]
    for row in ROW_FIELDS:
        pairs += [(f"{row} row", row, bg) for bg in ("base", "alternate_base", "match_band")]
    pairs += [(f"JSON {value[5:]}", value, "base") for value in JSON_FIELDS]
    pairs += [(f"{tone} message", field, "window") for tone, field in TONE_FIELDS.items()]
    pairs.append(("ok message", "ok_text", "window"))
    for tone, field in BADGE_FIELDS.items():
        pairs += [(f"{tone} badge", "badge_text", field), (f"{tone} dot", field, "window")]
    return pairs


def color_fields() -> list[str]:
    """Every color a theme defines (the test checks each appears in a pair)."""
    return [f.name for f in fields(Theme) if f.name not in _EXEMPT]


def theme_for(palette: QPalette) -> Theme:
    """The theme made for the background a widget is drawn on (its palette's base)."""
    base = palette.color(QPalette.ColorRole.Base).name()
    return DARK if luminance(base) < DARK_BELOW else LIGHT


@cache
def row_colors(theme: Theme) -> dict[Kind | Direction, QColor]:
    """The log's and frames' text colors by kind (first) or direction: built once per theme."""
    return {
        Direction.SENT: QColor(theme.sent),
        Direction.RECEIVED: QColor(theme.received),
        Kind.ERROR: QColor(theme.error),
        Kind.CLOSE: QColor(theme.close),
        Kind.OPEN: QColor(theme.open),
        Kind.INFO: QColor(theme.info),
        Kind.PING: QColor(theme.ping),
        Kind.PONG: QColor(theme.ping),
    }


def qt_palette(theme: Theme) -> QPalette:
    """The whole QPalette for Fusion: the roles derived from button and window, then ours."""
    palette = QPalette(QColor(theme.button), QColor(theme.window))
    role = QPalette.ColorRole
    for name, field in (
        (role.Window, theme.window),
        (role.WindowText, theme.window_text),
        (role.Base, theme.base),
        (role.AlternateBase, theme.alternate_base),
        (role.Text, theme.text),
        (role.Button, theme.button),
        (role.ButtonText, theme.button_text),
        (role.BrightText, theme.error_text),
        (role.Highlight, theme.highlight),
        (role.HighlightedText, theme.highlighted_text),
        (role.PlaceholderText, theme.placeholder),
        (role.Link, theme.link),
        (role.LinkVisited, theme.link),
        (role.ToolTipBase, theme.tooltip_base),
        (role.ToolTipText, theme.tooltip_text),
    ):
        palette.setColor(name, QColor(field))
    disabled = QPalette.ColorGroup.Disabled
    for name in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(disabled, name, QColor(theme.disabled_text))
    return palette


def tone_style_sheet(theme: Theme) -> str:
    """Rules for labels marked with ``set_tone``: set on the window, inherited by all."""
    rules = [
        f'*[tone="{tone}"] {{ color: {getattr(theme, field)}; }}'
        for tone, field in TONE_FIELDS.items()
    ]
    rules.append(f'*[tone="{Tone.OK}"] {{ color: {theme.ok_text}; font-weight: bold; }}')
    rules.append(f'*[tone="{Tone.BAD}"] {{ color: {theme.error_text}; font-weight: bold; }}')
    rules += [
        f'*[tone="{tone}"] {{ background: {getattr(theme, field)}; color: {theme.badge_text}; '
        "font-weight: bold; border-radius: 4px; padding: 2px 6px; }"
        for tone, field in BADGE_FIELDS.items()
    ]
    return "\n".join(rules)


def badge_color(theme: Theme, state: ReadyState) -> str:
    """The readyState's badge color (also the tab's dot)."""
    return str(getattr(theme, BADGE_FIELDS[STATE_BADGES[state]]))


def set_tone(widget: QWidget, tone: str) -> None:  # a Tone, or a STATE_BADGES value
    """Color a label by what it says (error, note, warning, ok, bad, a badge); "" for none.
    The window's style sheet holds each theme's colors, so the label follows a switch."""
    if widget.property("tone") == tone:
        return
    widget.setProperty("tone", tone)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
