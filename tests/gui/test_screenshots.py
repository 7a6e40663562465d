"""``make screenshots`` writes real PNGs, and other parts of the app can add screens through the registry."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def test_screenshots_are_written_for_every_variant(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-m", "ui.screenshots", str(tmp_path), "--only", "main-window",
                             "--only", "follow-ups", "--only", "dialogs"],
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    for screen in ("main-window", "follow-ups", "settings-dialog", "new-person-dialog"):
        for variant in ("100-default", "200-default", "100-high_contrast", "200-high_contrast"):
            png = tmp_path / f"{screen}-{variant}.png"
            assert png.is_file(), png
            assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            assert png.stat().st_size > 10_000  # a real picture, not an empty grab


def test_providers_registered_elsewhere_are_called(tmp_path: Path) -> None:
    code = f"""
import sys
from pathlib import Path
from ui.screenshots import provider, take_screenshots

@provider("extra-screen")
def extra(ctx):
    ctx.save("extra", ctx.window.search)

files = take_screenshots(Path({str(tmp_path)!r}), only={{"extra-screen"}}, variants=((100, "default"),))
print([f.name for f in files])
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "extra-100-default.png" in result.stdout
