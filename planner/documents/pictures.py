"""OpenMoji pictures as vector drawings, parsed once per process and drawn once per PDF.

svglib turns an SVG into a ReportLab drawing; parsing costs milliseconds, so drawings are cached by key. Inside one
PDF each picture is written once as a form XObject and placed by reference wherever it is used again: the same
pictogram beside every step costs one drawing, not one per step (file size and build time).
"""

from __future__ import annotations

import functools
import logging
import re
import threading

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.pdfgen.canvas import Canvas

from planner import pictograms

log = logging.getLogger(__name__)
_lock = threading.Lock()


@functools.lru_cache(maxsize=512)
def drawing(key_or_hexcode: str) -> Drawing | None:
    """The OpenMoji drawing for a catalogue key or a hexcode, or None when there is none (never raises)."""
    try:
        path = pictograms.svg_path(key_or_hexcode)
    except KeyError:
        return None
    from svglib.svglib import svg2rlg

    with _lock:  # svglib's parser is not known to be thread-safe
        try:
            result = svg2rlg(str(path))
        except Exception:  # noqa: BLE001 - a broken file must not stop a print
            log.warning("could not read pictogram %s", path.name)
            return None
    return result


# Operators that name a document resource (graphics state, shading, XObject, font, inline image): a picture whose
# operators use one is drawn afresh in each document; the others reuse their operators from the first document.
_RESOURCE_OPERATOR = re.compile(r"(?:^|\s)(?:gs|sh|Do|Tf|BI)(?:\s|$)")
_RENDERER_TEXT_STATE = re.compile(r"BT /F\d+ [\d.]+ Tf [\d.]+ TL ET")  # svglib/renderPDF's unused font setup
_form_code: dict[str, list[str] | None] = {}


def _define_form(canvas: Canvas, name: str, key: str, art: Drawing) -> None:
    """Write the picture as a form XObject. Its PDF operators are computed once per process (the costly part:
    walking the drawing and formatting thousands of numbers) and copied into later documents."""
    canvas.beginForm(name, 0, 0, art.width, art.height)
    code = _form_code.get(key)
    if code is not None:
        canvas._code.extend(code)  # noqa: SLF001 - the form's content stream
    else:
        start = len(canvas._code)  # noqa: SLF001
        renderPDF.draw(art, canvas, 0, 0, showBoundary=False)
        fresh = [line for line in canvas._code[start:] if not _RENDERER_TEXT_STATE.fullmatch(line)]  # noqa: SLF001
        with _lock:
            _form_code.setdefault(key, None if any(_RESOURCE_OPERATOR.search(line) for line in fresh) else fresh)
    canvas.endForm()


def exists(key_or_hexcode: str) -> bool:
    return drawing(key_or_hexcode) is not None


def draw(canvas: Canvas, key_or_hexcode: str, x: float, y: float, size: float) -> bool:
    """Draw the picture with its lower-left corner at (x, y), ``size`` points square. False when there is none."""
    art = drawing(key_or_hexcode)
    if art is None or not art.width or not art.height:
        return False
    name = "picto_" + "".join(ch if ch.isalnum() else "_" for ch in key_or_hexcode)
    forms: set[str] = canvas.__dict__.setdefault("_stegvis_forms", set())
    if name not in forms:
        _define_form(canvas, name, key_or_hexcode, art)
        forms.add(name)
    scale = size / max(art.width, art.height)
    canvas.saveState()
    canvas.translate(x + (size - art.width * scale) / 2, y + (size - art.height * scale) / 2)
    canvas.scale(scale, scale)
    canvas.doForm(name)
    canvas.restoreState()
    return True
