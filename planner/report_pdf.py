"""The outcomes report as a PDF for a board meeting: the suppressed tables, each chart above its table.

Charts are drawn from the same suppressed cells as the tables: a hidden figure has no bar, only its marker, so
the picture never shows more than the table. Bars of the two periods differ in fill (solid and outlined), not
only in colour, and every bar carries its number.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from planner.i18n import _
from planner.report_export import ReportTable, report_about, report_notes, report_tables
from planner.reports import OutcomeReport

INK = colors.HexColor("#1a1a1a")
DARK = colors.HexColor("#1f4e79")
LIGHT = colors.HexColor("#dce9f5")
GRID = colors.HexColor("#8a8a8a")
PAGE = landscape(A4)  # the from-to tables need the width
WIDTH = PAGE[0] - 4 * cm


def _fonts() -> tuple[str, str]:
    """Atkinson Hyperlegible when its package is installed, else Helvetica (the PDF still builds)."""
    try:
        from planner.documents.fonts import BOLD, REGULAR, main_coverage

        main_coverage()
        return REGULAR, BOLD
    except Exception:  # noqa: BLE001 - a missing font package must not stop the report
        return "Helvetica", "Helvetica-Bold"


def _styles(regular: str, bold: str) -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=20, leading=25, textColor=INK, spaceAfter=8),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=14, leading=18, textColor=INK, spaceBefore=12,
                             spaceAfter=4),
        "body": ParagraphStyle("body", fontName=regular, fontSize=10.5, leading=14, textColor=INK, spaceAfter=4),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=9, leading=11, textColor=INK),
        "head": ParagraphStyle("head", fontName=bold, fontSize=8.5, leading=10.5, textColor=INK),
    }


def _table(t: ReportTable, st: dict[str, ParagraphStyle]) -> Table:
    head = [Paragraph(escape(t.row_header), st["head"]), *(Paragraph(escape(c), st["head"]) for c in t.columns)]
    body = [[Paragraph(escape(label), st["cell"]), *(c.text for c in cells)] for label, cells in t.rows]
    n = len(t.columns)
    first = 5.5 * cm if n > 3 else 8 * cm
    rest = min((WIDTH - first) / max(n, 1), 3.4 * cm)
    table = Table([head, *body], colWidths=[first, *([rest] * n)], repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (1, 1), (-1, -1), st["cell"].fontName, 9.5),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, 0), 1, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def bar_chart(t: ReportTable, columns: list[int], rows: list[int], regular: str, bold: str) -> Drawing:
    """Horizontal bars: one group per row, one bar per column; a hidden figure is its marker without a bar."""
    size, bar_h, gap = 9, 11, 7
    label_w = max(stringWidth(t.rows[r][0], regular, size) for r in rows) + 8
    label_w = min(label_w, 6.5 * cm)
    legend_h = 16 if len(columns) > 1 else 0
    group_h = bar_h * len(columns) + gap
    height = legend_h + group_h * len(rows) + 4
    d = Drawing(WIDTH, height)
    values = [c.value for r in rows for i, c in enumerate(t.rows[r][1]) if i in columns]
    top = max([v for v in values if isinstance(v, int | float)] or [1]) or 1
    plot_w = WIDTH - label_w - 40
    fills = [(DARK, DARK), (colors.white, DARK), (LIGHT, DARK)]
    if legend_h:
        x = label_w
        for k, col in enumerate(columns):
            fill, stroke = fills[k % len(fills)]
            d.add(Rect(x, height - 11, 10, 10, fillColor=fill, strokeColor=stroke, strokeWidth=1))
            d.add(String(x + 14, height - 10, t.columns[col], fontName=regular, fontSize=size, fillColor=INK))
            x += 24 + stringWidth(t.columns[col], regular, size)
    y = height - legend_h - group_h
    for r in rows:
        label, cells = t.rows[r]
        d.add(String(label_w - 6, y + group_h / 2 - 3, _fit(label, regular, size, label_w - 8), fontName=regular,
                     fontSize=size, fillColor=INK, textAnchor="end"))
        for k, col in enumerate(columns):
            cell = cells[col]
            fill, stroke = fills[k % len(fills)]
            by = y + gap / 2 + (len(columns) - 1 - k) * bar_h
            w = (cell.value / top) * plot_w if isinstance(cell.value, int | float) else 0
            if w:
                d.add(Rect(label_w, by, w, bar_h - 2, fillColor=fill, strokeColor=stroke, strokeWidth=1))
            d.add(String(label_w + w + 4, by + 1.5, cell.text, fontName=bold, fontSize=size, fillColor=INK))
        y -= group_h
    return d


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


CHARTS: dict[str, tuple[list[int], str]] = {
    # table key -> (value columns drawn, which rows: "all" or "not last" (leave out the total row))
    "stages": ([0, 1], "not last"),
    "flow": ([0], "not last"),
    "follow_ups": ([0], "not last"),
    "left": ([0, 1, 2], "all"),
}


def build_report_pdf(report: OutcomeReport) -> bytes:
    regular, bold = _fonts()
    st = _styles(regular, bold)
    tables = report_tables(report)
    story: list = [Paragraph(escape(_("Results: steps toward work")), st["title"])]
    about = Table([[Paragraph(escape(k), st["head"]), Paragraph(escape(v), st["cell"])]
                   for k, v, _kind in report_about(report)], colWidths=[4 * cm, WIDTH - 4 * cm], hAlign="LEFT")
    about.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    story += [about, Spacer(1, 6)]
    story += [Paragraph(escape(n), st["body"]) for n in report_notes(report)]
    for t in tables:
        parts: list = [Paragraph(escape(t.title), st["h2"]), Paragraph(escape(t.description), st["body"])]
        chart = CHARTS.get(t.key)
        if chart:
            columns, which = chart
            rows = list(range(len(t.rows) - (1 if which == "not last" else 0)))
            parts += [bar_chart(t, columns, rows, regular, bold), Spacer(1, 6)]
        parts.append(_table(t, st))
        story.append(KeepTogether(parts))
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=PAGE, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                            bottomMargin=2 * cm, title=_("Results: steps toward work"), author="Stegvis",
                            subject=_("Outcomes report, counts only"))
    doc.build(story, onFirstPage=_footer(regular), onLaterPages=_footer(regular))
    return out.getvalue()


def _footer(font: str):  # type: ignore[no-untyped-def]
    def draw(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(font, 8.5)
        canvas.setFillColor(INK)
        canvas.drawString(2 * cm, 1.2 * cm, _("Stegvis — counts only, small numbers hidden"))
        canvas.drawRightString(PAGE[0] - 2 * cm, 1.2 * cm, _("Page {page}").format(page=doc.page))
        canvas.restoreState()

    return draw
