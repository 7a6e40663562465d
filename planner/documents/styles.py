"""The one style factory for both PDFs: every size, margin and colour lives here.

The easy-read numbers follow shared/easy-read.md (body at least 16 pt, leading at least size + 4 pt, headings at least
22 pt bold, near-black on white, generous white space); "large text" in the person's communication needs scales
them up. The full plan is a compact staff document in the same typeface.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from planner.documents import fonts

INK = colors.HexColor("#111111")  # near-black text
MUTED = colors.HexColor("#333333")  # small print: still well above 7:1 contrast on white
RULE = colors.HexColor("#555555")
SHADE = colors.HexColor("#EEEEEE")  # table header background (text on it stays near-black)

# All text on a page lies at least this far from every paper edge (tests check it; printers need ~5 mm).
SAFE_MARGIN = 12 * mm


@dataclass(frozen=True)
class Styles:
    kind: str
    page_size: tuple[float, float]
    left: float
    right: float
    top: float
    bottom: float
    # easy-read text
    body_size: float
    body_leading: float
    heading_size: float
    heading_leading: float
    title_size: float
    title_leading: float
    small_size: float
    small_leading: float
    picto_size: float
    heading_picto_size: float
    title_picto_size: float
    picto_gap: float
    paragraph_gap: float
    item_gap: float
    section_gap: float
    footer_size: float
    show_pictograms: bool
    paragraph: dict[str, ParagraphStyle] = field(default_factory=dict)

    @property
    def frame_width(self) -> float:
        return self.page_size[0] - self.left - self.right

    @property
    def frame_height(self) -> float:
        return self.page_size[1] - self.top - self.bottom

    @property
    def text_width(self) -> float:
        """Width of the text column beside the pictograms (easy-read)."""
        return self.frame_width - self.picto_size - self.picto_gap


def _paragraph_styles(size: float) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=size, leading=size * 1.35, textColor=INK,
                          alignment=TA_LEFT, spaceAfter=size * 0.4, splitLongWords=1, allowWidows=0,
                          allowOrphans=0)
    return {
        "body": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=size - 1, leading=(size - 1) * 1.3, spaceAfter=0),
        "cell_head": ParagraphStyle("cell_head", parent=base, fontName=fonts.BOLD, fontSize=size - 1,
                                    leading=(size - 1) * 1.3, spaceAfter=0),
        "label": ParagraphStyle("label", parent=base, fontName=fonts.BOLD, fontSize=size - 1,
                                leading=(size - 1) * 1.3, spaceAfter=0),
        "h1": ParagraphStyle("h1", parent=base, fontName=fonts.BOLD, fontSize=size + 9, leading=size + 14,
                             spaceAfter=size * 0.6),
        "h2": ParagraphStyle("h2", parent=base, fontName=fonts.BOLD, fontSize=size + 4, leading=size + 8,
                             spaceBefore=size * 1.2, spaceAfter=size * 0.5, keepWithNext=1),
        "h3": ParagraphStyle("h3", parent=base, fontName=fonts.BOLD, fontSize=size + 1, leading=size + 5,
                             spaceBefore=size * 0.8, spaceAfter=size * 0.3, keepWithNext=1),
        "small": ParagraphStyle("small", parent=base, fontSize=size - 2, leading=(size - 2) * 1.3, textColor=MUTED),
        "header": ParagraphStyle("header", parent=base, fontSize=size - 1, leading=(size - 1) * 1.25,
                                 spaceAfter=0),
    }


def make_styles(kind: str, *, large_text: bool = False, pictograms: bool = True) -> Styles:
    """Styles for ``kind`` ("easy_read" or "full"). ``large_text`` scales the easy-read text up by a quarter."""
    fonts.main_coverage()  # the fonts must be registered before a style names them
    width, height = A4
    if kind == "easy_read":
        scale = 1.25 if large_text else 1.0
        body = 16 * scale
        return Styles(
            kind=kind, page_size=(width, height), left=22 * mm, right=20 * mm, top=20 * mm, bottom=26 * mm,
            body_size=body, body_leading=body + 7 * scale,
            heading_size=24 * scale, heading_leading=30 * scale,
            title_size=32 * scale, title_leading=38 * scale,
            small_size=9, small_leading=12,
            picto_size=34 * scale, heading_picto_size=44 * scale, title_picto_size=56 * scale,
            picto_gap=14 * scale, paragraph_gap=10 * scale, item_gap=14 * scale, section_gap=26 * scale,
            footer_size=16 * scale, show_pictograms=pictograms,
        )
    if kind == "full":
        return Styles(
            kind=kind, page_size=(width, height), left=20 * mm, right=20 * mm, top=30 * mm, bottom=24 * mm,
            body_size=10, body_leading=13.5, heading_size=14, heading_leading=18, title_size=19,
            title_leading=24, small_size=8, small_leading=10, picto_size=0, heading_picto_size=0,
            title_picto_size=0, picto_gap=0, paragraph_gap=4, item_gap=6, section_gap=12, footer_size=8,
            show_pictograms=False, paragraph=_paragraph_styles(10),
        )
    raise ValueError(f"unknown document kind {kind!r}")
