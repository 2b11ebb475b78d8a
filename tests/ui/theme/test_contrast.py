"""Every color of every theme against the background it is drawn on: WCAG AA (4.5:1)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wsgui.ui.theme.colors import (
    DARK,
    LIGHT,
    THEMES,
    WCAG_AA,
    Theme,
    color_fields,
    contrast_ratio,
    qt_palette,
    text_pairs,
    theme_for,
)

UI = Path(__file__).parents[3] / "wsgui" / "ui"


def ratios(theme: Theme) -> list[tuple[float, str, str, str]]:
    return sorted(
        (contrast_ratio(getattr(theme, fg), getattr(theme, bg)), what, fg, bg)
        for what, fg, bg in text_pairs(theme)
    )


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_every_color_reaches_wcag_aa_on_its_background(theme: Theme) -> None:
    failing = [r for r in ratios(theme) if r[0] < WCAG_AA]
    assert not failing, failing
    print(f"{theme.name}: lowest {ratios(theme)[0]}")


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_every_color_is_checked_against_something(theme: Theme) -> None:
    """A color added to the theme without its pair would escape the check above."""
    paired = {name for _what, fg, bg in text_pairs(theme) for name in (fg, bg)}
    assert set(color_fields()) <= paired


def test_known_ratios() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_themes_differ_in_every_chosen_color() -> None:
    """Dark is not light with a few colors swapped: each text color has its own variant."""
    same = [name for name in color_fields() if getattr(LIGHT, name) == getattr(DARK, name)]
    assert set(same) <= {"highlighted_text", "match_band_selected"}


def test_a_widget_gets_the_theme_of_its_background(qapp: object) -> None:
    assert theme_for(qt_palette(LIGHT)) is LIGHT
    assert theme_for(qt_palette(DARK)) is DARK


def test_no_color_is_chosen_outside_the_theme() -> None:
    """Colors live in theme/colors.py only; everything else asks it (so each has a dark
    variant)."""
    hex_color = r"#[0-9a-fA-F]{6}\b"
    style_sheet_color = r"[\"'][^\"'\n]*\b(?:color|background)\s*:"
    literal = re.compile(f"{hex_color}|{style_sheet_color}|GlobalColor\\.")
    offenders = [
        f"{path.relative_to(UI)}:{number}"
        for path in UI.rglob("*.py")
        if path.relative_to(UI).as_posix() != "theme/colors.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if literal.search(line)
    ]
    assert not offenders, offenders
