"""Render the app icon (resources/icons/stegvis.svg) to PNGs and a Windows .ico.

Run after changing the SVG: ``QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/linux/render_icons.py``.
The PNGs are committed so that neither the frozen build nor a distribution package needs Qt to make them.

Writes ``resources/icons/stegvis-<N>.png`` for N in :data:`SIZES` (hicolor sizes; the app uses them for its window
icon, packagers install them as ``icons/hicolor/NxN/apps/se.stegvis.Stegvis.png``) and
``packaging/windows/stegvis.ico`` (16-256 px, with Pillow, for the PyInstaller executable and the installer).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SVG = ROOT / "resources" / "icons" / "stegvis.svg"
PNG_DIR = ROOT / "resources" / "icons"
ICO = ROOT / "packaging" / "windows" / "stegvis.ico"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def png_path(size: int) -> Path:
    return PNG_DIR / f"stegvis-{size}.png"


def render(svg: Path = SVG, sizes: tuple[int, ...] = SIZES) -> list[Path]:
    """Draw the SVG at each size with QSvgRenderer into a transparent ARGB image and save it as PNG."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {svg} is not a valid SVG")
    written = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        out = png_path(size)
        if not image.save(str(out), "PNG"):
            raise SystemExit(f"render_icons: could not write {out}")
        written.append(out)
    return written


def write_ico(ico: Path = ICO) -> Path:
    """A multi-size .ico made from the 256 px PNG (Pillow scales it down with a good filter)."""
    from PIL import Image

    ico.parent.mkdir(parents=True, exist_ok=True)
    with Image.open(png_path(256)) as img:
        img.save(ico, format="ICO", sizes=[(s, s) for s in ICO_SIZES])
    return ico


def main() -> int:
    for path in render():
        print(path.relative_to(ROOT))
    print(write_ico().relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
