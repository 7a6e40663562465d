"""The one document template for both PDFs, with named page templates and "Page X of Y" on every page.

The total page count is only known after layout, so pages are laid out once and kept; when the document is saved
the footers ("Sida 2 av 3") are drawn on each kept page in a second pass over them, then the pages are written.
This gives the same result as building twice at the cost of one layout.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from planner import __version__
from planner.documents import fonts, markup
from planner.documents.flowables import draw_fitted
from planner.documents.styles import INK, MUTED, RULE, Styles

_BUILD_LOCK = threading.Lock()  # ReportLab's settings are global: one build at a time changes them


@dataclass(frozen=True)
class PageFurniture:
    """What goes around the text on every page; all strings are already translated."""

    page_label: Callable[[int, int], str]  # (page, total) -> "Page 2 of 3"
    header_left: str = ""
    header_right: str = ""
    footer_left: str = ""
    footer_right: str = ""


class _DeferredCanvas(Canvas):
    """Keeps each finished page until :meth:`save`, then draws its footer knowing the page count."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kept_pages: list[dict[str, Any]] = []
        markup.install(self)

    def showPage(self) -> None:  # noqa: N802 - ReportLab API
        self._kept_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._kept_pages)
        template: PlanDocTemplate = self._stegvis_template  # type: ignore[attr-defined]
        for state in self._kept_pages:
            self.__dict__.update(state)
            template.draw_footer(self, self._pageNumber, total)
            super().showPage()
        super().save()


class PlanDocTemplate(BaseDocTemplate):
    """A4 plan document. ``styles.kind`` picks the page template: "easy_read" or "full"."""

    def __init__(self, buffer: io.BytesIO, styles: Styles, furniture: PageFurniture, *, title: str, author: str,
                 subject: str, lang: str) -> None:
        self.styles = styles
        self.furniture = furniture
        super().__init__(
            buffer, pagesize=styles.page_size, leftMargin=styles.left, rightMargin=styles.right,
            topMargin=styles.top, bottomMargin=styles.bottom, title=title, author=author, subject=subject,
            creator=f"Stegvis {__version__}", producer=f"Stegvis {__version__} (ReportLab)", lang=lang,
            displayDocTitle=1, initialFontName=fonts.REGULAR, initialFontSize=styles.body_size,
        )
        frame = Frame(styles.left, styles.bottom, styles.frame_width, styles.frame_height, leftPadding=0,
                      rightPadding=0, topPadding=0, bottomPadding=0, id="text")
        templates = {
            "easy_read": PageTemplate(id="easy_read", frames=[frame], pagesize=styles.page_size),
            "full": PageTemplate(id="full", frames=[frame], onPage=self._draw_header, pagesize=styles.page_size),
        }
        # the first template is the one a document starts with
        self.addPageTemplates([templates[styles.kind], *(t for k, t in templates.items() if k != styles.kind)])

    def render(self, story: Sequence[Flowable]) -> None:
        def make_canvas(*args: Any, **kwargs: Any) -> _DeferredCanvas:
            canvas = _DeferredCanvas(*args, **kwargs)
            canvas._stegvis_template = self  # type: ignore[attr-defined]
            return canvas

        with _BUILD_LOCK:
            saved = rl_config.useA85
            rl_config.useA85 = 0  # binary streams: a third smaller and faster than ASCII85 text
            try:
                self.build(list(story), canvasmaker=make_canvas)
            finally:
                rl_config.useA85 = saved

    # ------------------------------------------------------------------ page furniture

    def _draw_header(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        s, f = self.styles, self.furniture
        width = s.page_size[0]
        y = s.page_size[1] - s.top + 10 * 1.0
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(s.left, y - 4, width - s.right, y - 4)
        canvas.setFillColor(INK)
        draw_fitted(canvas, f.header_left, s.left, y + 2, fonts.BOLD, 10, (width - s.left - s.right) * 0.62)
        draw_fitted(canvas, f.header_right, width - s.right, y + 2, fonts.REGULAR, 9,
                     (width - s.left - s.right) * 0.36, align="right")
        canvas.restoreState()

    def draw_footer(self, canvas: Canvas, page: int, total: int) -> None:
        s, f = self.styles, self.furniture
        width = s.page_size[0]
        label = f.page_label(page, total)
        canvas.saveState()
        canvas.setFillColor(INK)
        if s.kind == "easy_read":
            y = s.bottom - s.footer_size * 2.2
            draw_fitted(canvas, label, width / 2, y, fonts.REGULAR, s.footer_size, s.frame_width, align="center")
        else:
            y = s.bottom - 22
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.6)
            canvas.line(s.left, y + 12, width - s.right, y + 12)
            third = s.frame_width / 3
            canvas.setFillColor(MUTED)
            draw_fitted(canvas, f.footer_left, s.left, y, fonts.REGULAR, s.footer_size, third - 6)
            canvas.setFillColor(INK)
            draw_fitted(canvas, label, width / 2, y, fonts.REGULAR, s.footer_size + 1, third - 6, align="center")
            draw_fitted(canvas, f.footer_right, width - s.right, y, fonts.BOLD, s.footer_size, third - 6,
                         align="right")
        canvas.restoreState()
