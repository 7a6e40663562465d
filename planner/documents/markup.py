"""User text as ReportLab Paragraph markup: escaped, with fallback fonts and emoji pictures.

ReportLab's Paragraph parses an XML-like markup, so a goal "Jobba på ICA & Lidl <deltid>" must be escaped or it
either vanishes or breaks the build. Every string that reaches a Paragraph in the full plan goes through
:func:`markup`. Characters Atkinson Hyperlegible lacks are wrapped in ``<font>`` tags naming a fallback font; an
emoji becomes a blank inline image of the right width plus an ``onDraw`` callback that paints the OpenMoji picture
in that space (ReportLab's inline images must be raster files; the picture stays a vector).
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfgen.canvas import Canvas

from planner.documents import fonts, pictures

EMOJI_CALLBACK = "stegvisEmoji"


@functools.cache
def _blank_png() -> str:
    """Path of a 1×1 transparent PNG: the spacer an emoji picture is painted over.

    Written once per process to a private temporary folder (removed at exit): ReportLab reads inline images from
    files, and its data-URL reader refuses them unless hosts are trusted globally, which we do not change."""
    from PIL import Image

    folder = tempfile.mkdtemp(prefix="stegvis-pdf-")
    atexit.register(shutil.rmtree, folder, True)
    path = os.path.join(folder, "blank.png")
    Image.new("RGBA", (1, 1), (255, 255, 255, 0)).save(path, format="PNG")
    return path


def markup(text: str, font: str = fonts.REGULAR, size: float = 10) -> str:
    """Safe Paragraph markup for ``text`` set in ``font`` at ``size`` points; line breaks in the text are kept."""
    lines = []
    for line in fonts.prepare(text).split("\n"):
        chunks = []
        for run in fonts.runs(fonts.visual(line), font):
            if run.emoji:
                chunks.append(f'<onDraw name="{EMOJI_CALLBACK}" label="{run.emoji}"/>'
                              f'<img src="{_blank_png()}" width="{fonts.emoji_width(size):.2f}" height="100%" valign="baseline"/>')
            elif run.font == font:
                chunks.append(escape(run.text))
            else:
                chunks.append(f'<font name="{run.font}">{escape(run.text)}</font>')
        lines.append("".join(chunks))
    return "<br/>".join(lines)


def draw_emoji(canvas: Canvas, kind: str, label: str | None) -> None:
    """The ``onDraw`` callback: paint the picture where the spacer image is about to go."""
    info: dict[str, Any] = getattr(canvas, "_curr_tx_info", {})
    if not label or not info:
        return
    size = info["tx"]._fontsize or info["xs"].style.fontSize  # noqa: SLF001 - ReportLab passes no other way
    x, y = info["cur_x"], info["cur_y"]
    picture = size * 1.05
    pictures.draw(canvas, label, x + (fonts.emoji_width(size) - picture) / 2, y - size * 0.18, picture)


def install(canvas: Canvas) -> None:
    canvas.setNamedCB(EMOJI_CALLBACK, draw_emoji)
