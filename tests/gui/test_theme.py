"""Font scale steps, the two themes and the style sheet rules that keep targets and focus visible."""

from __future__ import annotations

from typing import Any

import pytest

from ui.theme import COLOURS, ThemeManager, point_size, style_sheet

pytestmark = pytest.mark.gui


def test_zoom_steps_stay_between_100_and_250(qapp: Any) -> None:
    manager = ThemeManager(100, "default", qapp)
    seen = []
    manager.changed.connect(lambda scale, _theme: seen.append(scale))
    for _ in range(10):
        manager.zoom_in()
    assert manager.scale == 250
    assert seen == [125, 150, 175, 200, 225, 250]
    manager.set_scale(130)
    manager.zoom_in()
    assert manager.scale == 150
    manager.set_scale(130)
    manager.zoom_out()
    assert manager.scale == 125
    for _ in range(10):
        manager.zoom_out()
    assert manager.scale == 100
    manager.set_scale(999)
    assert manager.scale == 250
    manager.reset_zoom()
    assert manager.scale == 100
    manager.set_theme("neon")
    assert manager.theme == "default"


def test_font_grows_with_the_scale() -> None:
    assert point_size(250) == pytest.approx(point_size(100) * 2.5, abs=0.1)


@pytest.mark.parametrize("theme", ["default", "high_contrast"])
def test_style_sheet_keeps_44_px_targets_and_a_thick_focus_ring(theme: str) -> None:
    sheet = style_sheet(theme, 100)
    assert "min-height: 40px" in sheet  # the content box; padding and border come on top (>= 44 px)
    assert f"border: 3px solid {COLOURS[theme].focus}" in sheet


def _contrast(a: str, b: str) -> float:
    def lum(hex_: str) -> float:
        rgb = [int(hex_[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("theme", ["default", "high_contrast"])
def test_text_contrast_meets_wcag(theme: str) -> None:
    c = COLOURS[theme]
    assert _contrast(c.text, c.base) >= 7
    assert _contrast(c.text, c.window) >= 7
    assert _contrast(c.highlighted_text, c.highlight) >= 7
    assert _contrast(c.muted, c.window) >= 4.5
    assert _contrast(c.warning, c.base) >= 4.5
    assert _contrast(c.focus, c.window) >= 3  # WCAG 2.4.11: focus indicator against its background
    assert _contrast(c.disabled, c.window) >= 3
