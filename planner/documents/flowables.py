"""Small custom flowables for the easy-read PDF: pre-broken text, and a pictogram to the left of its text.

Text is broken into lines by :mod:`planner.documents.wrap` and drawn run by run (a run is a stretch in one font, or
an emoji picture), so no user text ever passes through ReportLab's markup parser in this document. Blocks split
between pages at a paragraph boundary when one fits, so a short paragraph is never torn apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from planner.documents import fonts, pictures, wrap
from planner.documents.styles import INK

MIN_LINES_BEFORE_BREAK = 3  # a paragraph is split across pages only when at least this many of its lines fit


@dataclass(frozen=True, slots=True)
class Line:
    runs: tuple[fonts.Run, ...]
    gap_before: float = 0.0  # white space above the line (a new paragraph)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def make_lines(text: str, *, font: str, size: float, width: float, paragraph_gap: float,
               max_chars: int = wrap.MAX_CHARS, first_gap: float = 0.0) -> list[Line]:
    """User or template text broken into drawable lines: one sentence per line, short paragraphs."""
    prepared = fonts.prepare(text)

    def measure(piece: str) -> float:
        return fonts.text_width(piece, font, size)

    lines: list[Line] = []
    for p_index, para in enumerate(wrap.wrap_text(prepared, width, measure, max_chars).paragraphs):
        for l_index, line in enumerate(para):
            gap = (first_gap if p_index == 0 else paragraph_gap) if l_index == 0 else 0.0
            lines.append(Line(tuple(fonts.runs(fonts.visual(line), font)), gap))
    return lines


class TextBlock(Flowable):
    """Lines of text at one size and leading, drawn left aligned (ragged right)."""

    def __init__(self, lines: Sequence[Line], size: float, leading: float, color: Color = INK) -> None:
        super().__init__()
        self.lines = list(lines)
        self.size = size
        self.leading = leading
        self.color = color
        self.width = 0.0
        self.height = self._height(self.lines)

    def _height(self, lines: Sequence[Line]) -> float:
        return sum((line.gap_before if i else 0.0) + self.leading for i, line in enumerate(lines))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab API
        self.width = availWidth
        return availWidth, self.height

    def _fitting(self, avail: float) -> int:
        used, count = 0.0, 0
        for line in self.lines:
            gap = line.gap_before if count else 0.0
            if used + gap + self.leading > avail + 1e-6:
                break
            used += gap + self.leading
            count += 1
        return count

    def split_index(self, avail: float) -> int:
        """How many lines to keep on this page: up to the last paragraph boundary that fits, 0 to move on."""
        count = self._fitting(avail)
        if count >= len(self.lines):
            return count
        boundaries = [i for i in range(1, count + 1) if self.lines[i].gap_before > 0]
        if boundaries:
            return boundaries[-1]
        return count if count >= MIN_LINES_BEFORE_BREAK else 0

    def split_at(self, index: int) -> list[TextBlock]:
        rest = list(self.lines[index:])
        if rest:
            rest[0] = Line(rest[0].runs, 0.0)
        return [TextBlock(self.lines[:index], self.size, self.leading, self.color),
                TextBlock(rest, self.size, self.leading, self.color)]

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - ReportLab API
        index = self.split_index(availHeight)
        if index <= 0 or index >= len(self.lines):
            return []
        return list(self.split_at(index))

    def draw(self) -> None:
        canvas = self.canv
        ascent, descent = fonts.ascent_descent()
        # centre the font's box in each line box
        baseline_drop = (self.leading - (ascent - descent) * self.size) / 2 + ascent * self.size
        y = self.height
        canvas.setFillColor(self.color)
        for index, line in enumerate(self.lines):
            if index:
                y -= line.gap_before
            baseline = y - baseline_drop
            x = 0.0
            for run in line.runs:
                if run.emoji:
                    picture = self.size * 1.05
                    pictures.draw(canvas, run.emoji, x + (fonts.emoji_width(self.size) - picture) / 2,
                                  baseline - self.size * 0.18, picture)
                    x += fonts.emoji_width(self.size)
                    continue
                canvas.setFont(run.font, self.size)
                canvas.drawString(x, baseline, run.text)
                x += canvas.stringWidth(run.text, run.font, self.size)
            y -= self.leading


class PictoRow(Flowable):
    """A pictogram in a left column, its text to the right; the first line is centred on the picture."""

    def __init__(self, key: str | None, text: TextBlock, *, column: float, picture: float, gap: float,
                 show: bool = True, continued: bool = False) -> None:
        super().__init__()
        self.key = key if show else None
        self.text = text
        self.column = column
        self.picture = picture
        self.gap = gap
        self.show = show
        self.continued = continued  # the rest of a row split across pages: no picture, no centring offset
        self.width = 0.0
        self.height = 0.0

    @property
    def offset(self) -> float:
        if self.continued:
            return 0.0
        return max(0.0, (self.picture - self.text.leading) / 2)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab API
        self.width = availWidth
        _w, text_height = self.text.wrap(availWidth - self.column - self.gap, availHeight)
        picture = self.picture if self.key and not self.continued else 0.0
        self.height = max(picture, self.offset + text_height)
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - ReportLab API
        index = self.text.split_index(availHeight - self.offset)
        if index <= 0 or index >= len(self.text.lines):
            return []
        first, rest = self.text.split_at(index)
        return [PictoRow(self.key, first, column=self.column, picture=self.picture, gap=self.gap, show=self.show,
                         continued=self.continued),
                PictoRow(self.key, rest, column=self.column, picture=self.picture, gap=self.gap, show=self.show,
                         continued=True)]

    def draw(self) -> None:
        if self.key and not self.continued:
            pictures.draw(self.canv, self.key, (self.column - self.picture) / 2, self.height - self.picture,
                          self.picture)
        self.text.drawOn(self.canv, self.column + self.gap, self.height - self.offset - self.text.height)


def draw_fitted(canvas: Canvas, text: str, x: float, y: float, font: str, size: float, max_width: float,
                 align: str = "left") -> None:
    """One line of page furniture, shrunk (never below 6 pt) or cut with an ellipsis to stay within its width."""
    if not text:
        return
    text = fonts.visual(fonts.prepare(text)).replace("\n", " ")
    while size > 6 and fonts.text_width(text, font, size) > max_width:
        size -= 0.5
    while len(text) > 1 and fonts.text_width(text, font, size) > max_width:
        text = text[:-2].rstrip() + "…"
    parts = fonts.runs(text, font)
    total = fonts.width(parts, size)
    start = {"left": x, "right": x - total, "center": x - total / 2}[align]
    for part in parts:
        if part.emoji:
            pictures.draw(canvas, part.emoji, start, y - size * 0.18, size)
            start += fonts.emoji_width(size)
            continue
        canvas.setFont(part.font, size)
        canvas.drawString(start, y, part.text)
        start += canvas.stringWidth(part.text, part.font, size)


class SignatureLine(Flowable):
    """A place to sign: who signs, a line for the signature and a line for place and date."""

    def __init__(self, role: str, name: str, labels: tuple[str, str], width: float) -> None:
        super().__init__()
        self.role, self.name, self.labels = role, name, labels
        self.width = width
        self.height = 84.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab API
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFillColor(INK)
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.7)
        draw_fitted(canvas, self.role, 0, self.height - 10, fonts.BOLD, 9, self.width)
        canvas.line(0, 44, self.width, 44)
        draw_fitted(canvas, f"{self.labels[0]}: {self.name}", 0, 34, fonts.REGULAR, 8, self.width)
        canvas.line(0, 12, self.width, 12)
        draw_fitted(canvas, self.labels[1], 0, 2, fonts.REGULAR, 8, self.width)
