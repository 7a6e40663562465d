"""Line breaking for the easy-read PDF, done here rather than by ReportLab so the rules can be guaranteed.

Easy-read practice asks for at most 55 characters a line, one sentence per line, no hyphenation and no word split
across lines, and paragraphs of at most 7 lines. ReportLab only knows widths, so the text is broken here: each
sentence starts a new line; a line takes words while it stays within both 55 characters and the column width. Only
a single word longer than a whole line (a pasted link, 10,000 x's) is cut, since it cannot fit any other way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

MAX_CHARS = 55
MAX_PARAGRAPH_LINES = 7

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+")
_SPACES = re.compile(r"[ \t\u00a0]+")


def sentences(text: str) -> list[str]:
    """Sentences of ``text`` in order; a line break in the text also ends a sentence. Empty pieces are dropped."""
    out: list[str] = []
    for raw_line in text.split("\n"):
        line = _SPACES.sub(" ", raw_line).strip()
        if not line:
            continue
        start = 0
        for match in _SENTENCE_END.finditer(line):
            piece = line[start:match.end()].strip()
            if piece:
                out.append(piece)
            start = match.end()
        rest = line[start:].strip()
        if rest:
            out.append(rest)
    return out


def _cut(word: str, fits: Callable[[str], bool]) -> list[str]:
    """Cut a word that cannot fit on one line into pieces that do (the only place a word is split)."""
    pieces: list[str] = []
    while word:
        lo, hi = 1, len(word)
        while lo < hi:  # the longest prefix that fits
            mid = (lo + hi + 1) // 2
            if fits(word[:mid]):
                lo = mid
            else:
                hi = mid - 1
        pieces.append(word[:lo])
        word = word[lo:]
    return pieces


def wrap_sentence(sentence: str, max_width: float, measure: Callable[[str], float],
                  max_chars: int = MAX_CHARS) -> list[str]:
    """Greedy line breaking of one sentence within ``max_chars`` characters and ``max_width`` points."""

    def fits(piece: str) -> bool:
        return len(piece) <= max_chars and measure(piece) <= max_width

    lines: list[str] = []
    current = ""
    current_width = 0.0
    space = measure(" ")
    for word in sentence.split(" "):
        if not word:
            continue
        word_width = measure(word)
        if current and len(current) + 1 + len(word) <= max_chars and current_width + space + word_width <= max_width:
            current += " " + word
            current_width += space + word_width
            continue
        if current:
            lines.append(current)
        if len(word) <= max_chars and word_width <= max_width:
            current, current_width = word, word_width
        else:
            *whole, current = _cut(word, fits)
            lines.extend(whole)
            current_width = measure(current)
    if current:
        lines.append(current)
    return lines


@dataclass
class Paragraphs:
    """Wrapped text: a list of paragraphs, each a list of lines (at most ``MAX_PARAGRAPH_LINES``)."""

    paragraphs: list[list[str]]

    @property
    def lines(self) -> list[str]:
        return [line for para in self.paragraphs for line in para]


def wrap_text(text: str, max_width: float, measure: Callable[[str], float], max_chars: int = MAX_CHARS,
              max_lines: int = MAX_PARAGRAPH_LINES) -> Paragraphs:
    """Break ``text`` into lines (one sentence per line, wrapped) grouped into short paragraphs.

    A paragraph ends at a blank line in the text or before a sentence that would make it longer than ``max_lines``
    lines; a single sentence longer than that is cut every ``max_lines`` lines."""
    paragraphs: list[list[str]] = []
    for block in re.split(r"\n\s*\n", text):
        current: list[str] = []
        for sentence in sentences(block):
            lines = wrap_sentence(sentence, max_width, measure, max_chars)
            if current and len(current) + len(lines) > max_lines:
                paragraphs.append(current)
                current = []
            while len(lines) > max_lines:
                paragraphs.append(lines[:max_lines])
                lines = lines[max_lines:]
            current.extend(lines)
        if current:
            paragraphs.append(current)
    return Paragraphs(paragraphs)
