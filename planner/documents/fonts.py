"""Fonts for the plan PDFs, and the text pipeline that picks a font for every character.

Body text is Atkinson Hyperlegible (embedded, as easy-read practice asks). Characters it lacks fall back, in order,
to Noto Sans (Latin, Greek, Cyrillic and symbols), Noto Sans Arabic (both shipped as PyPI font packages) and DejaVu
Sans when the system has it. Arabic script is shaped (``arabic_reshaper``) and put in visual order (``python-bidi``)
line by line, because ReportLab draws glyphs left to right as given.

Emoji in user text are drawn as the matching OpenMoji picture, the same artwork as the pictograms, so a goal typed
as "Jobba 🙂" prints with the smiley rather than an empty box. A character no font has is printed as U+FFFD (the
replacement character, a visible box with a question mark): the reader sees that something is missing, and the
PDF still builds.
"""

from __future__ import annotations

import contextlib
import functools
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "StegvisAtkinson"
BOLD = "StegvisAtkinson-Bold"
FALLBACK = "StegvisNotoSans"
ARABIC = "StegvisNotoSansArabic"
SYSTEM = "StegvisDejaVuSans"
REPLACEMENT = "\ufffd"

# Invisible joiners and selectors: kept for emoji matching, never drawn on their own.
_INVISIBLE = frozenset({0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFE0E, 0xFE0F, 0xFEFF})
_SYSTEM_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/local/share/fonts/DejaVuSans.ttf",
    "/Library/Fonts/DejaVuSans.ttf",
    "C:/Windows/Fonts/DejaVuSans.ttf",
)
_lock = threading.Lock()


def _font_file(package: str, pattern: str) -> Path | None:
    """The first file matching ``pattern`` in a ``fontpkg-*`` package's ``files`` folder, or None."""
    try:
        module = __import__(package)
    except ImportError:
        return None
    if not module.__file__:
        return None
    root = Path(module.__file__).resolve().parent / "files"
    return next(iter(sorted(root.glob(pattern))), None)


@functools.cache
def atkinson_files() -> tuple[Path, Path]:
    regular = _font_file("fontpkg_atkinson_hyperlegible", "AtkinsonHyperlegible-Regular.ttf")
    bold = _font_file("fontpkg_atkinson_hyperlegible", "AtkinsonHyperlegible-Bold.ttf")
    if regular is None or bold is None:
        raise RuntimeError("the fontpkg-atkinson-hyperlegible package is not installed")
    return regular, bold


def _register(name: str, path: Path | str) -> frozenset[int]:
    """Register a TrueType font once; return the code points it has glyphs for."""
    with _lock:
        try:
            font = pdfmetrics.getFont(name)
        except KeyError:
            font = TTFont(name, str(path))
            pdfmetrics.registerFont(font)
    return frozenset(font.face.charToGlyph)


@functools.cache
def main_coverage() -> frozenset[int]:
    """Register Atkinson Hyperlegible (regular and bold, as one family) and return its code points."""
    regular, bold = atkinson_files()
    cover = _register(REGULAR, regular)
    _register(BOLD, bold)
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
    return cover


@functools.cache
def main_chars() -> frozenset[str]:
    return frozenset(chr(cp) for cp in main_coverage())


@functools.cache
def _fallbacks() -> tuple[tuple[str, frozenset[int]], ...]:
    """(font name, coverage) of each available fallback font, in the order they are tried. Loaded on first need."""
    found: list[tuple[str, frozenset[int]]] = []
    noto = _font_file("fontpkg_noto_sans", "NotoSans[[]*.ttf") or _font_file("fontpkg_noto_sans", "NotoSans-Regular.ttf")
    if noto is not None:
        found.append((FALLBACK, _register(FALLBACK, noto)))
    arabic = _font_file("fontpkg_noto_sans_arabic", "NotoSansArabic*.ttf")
    if arabic is not None:
        found.append((ARABIC, _register(ARABIC, arabic)))
    for candidate in _SYSTEM_CANDIDATES:
        if Path(candidate).is_file():
            with contextlib.suppress(Exception):  # an unreadable system font is simply not used
                found.append((SYSTEM, _register(SYSTEM, candidate)))
            break
    return tuple(found)


def replacement_font() -> str:
    """A font that has U+FFFD, or the body font (which then shows its own missing-glyph box)."""
    for name, cover in _fallbacks():
        if ord(REPLACEMENT) in cover:
            return name
    return REGULAR


# ------------------------------------------------------------------------------------------------ emoji


@functools.cache
def _emoji_index() -> tuple[frozenset[tuple[int, ...]], int]:
    """Every OpenMoji code point sequence (without U+FE0F), and the longest sequence's length."""
    from planner.pictograms import svg_path

    directory = svg_path("goal").parent
    sequences: set[tuple[int, ...]] = set()
    for path in directory.glob("*.svg"):
        try:
            cps = tuple(int(part, 16) for part in path.stem.split("-") if part != "FE0F")
        except ValueError:
            continue
        if cps and not (0xE000 <= cps[0] <= 0xF8FF):  # OpenMoji's private-use extras are not emoji
            sequences.add(cps)
    return frozenset(sequences), max((len(s) for s in sequences), default=1)


def match_emoji(text: str, start: int) -> tuple[int, str] | None:
    """The emoji sequence beginning at ``text[start]``: (characters consumed, OpenMoji hexcode), or None.

    A single code point below U+1F000 counts as an emoji only when the body font cannot draw it or it is followed
    by the emoji variation selector, so "#", "©" and digits stay text."""
    sequences, longest = _emoji_index()
    picked: list[tuple[int, int]] = []  # (code point, index in text)
    i = start
    while i < len(text) and len(picked) < longest:
        cp = ord(text[i])
        if cp != 0xFE0F:
            picked.append((cp, i))
        elif not picked:
            return None
        i += 1
    for length in range(len(picked), 0, -1):
        cps = tuple(cp for cp, _ in picked[:length])
        if cps not in sequences:
            continue
        end = picked[length - 1][1] + 1
        if end < len(text) and text[end] == "\ufe0f":
            end += 1
        if length == 1 and cps[0] < 0x1F000 and cps[0] in main_coverage() and end - start == 1:
            return None
        return end - start, "-".join(f"{cp:04X}" for cp in cps)
    return None


# ------------------------------------------------------------------------------------------------ runs


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text in one font, or one emoji picture (``emoji`` is its OpenMoji hexcode)."""

    font: str
    text: str
    emoji: str = ""


_ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
_RTL_RANGES = ((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF))


def _in(ranges: tuple[tuple[int, int], ...], text: str) -> bool:
    return any(lo <= ord(ch) <= hi for ch in text for lo, hi in ranges)


def prepare(text: str) -> str:
    """Normalise user text before wrapping: NFC (precomposed letters), unify line ends, shape Arabic letters."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if _in(_ARABIC_RANGES, text):
        try:
            import arabic_reshaper
        except ImportError:  # degrade: letters print in their isolated forms
            return text
        text = arabic_reshaper.reshape(text)
    return text


def visual(line: str) -> str:
    """One wrapped line in visual (drawing) order: right-to-left runs reversed, the line itself left to right."""
    if not _in(_RTL_RANGES, line):
        return line
    try:
        from bidi import get_display
    except ImportError:  # degrade: right-to-left text prints in logical order
        return line
    return str(get_display(line, base_dir="L"))


def runs(line: str, font: str = REGULAR) -> list[Run]:
    """Split a line (already in visual order) into runs of one font each, emoji pictures and replacements."""
    if not line:
        return []
    if frozenset(line) <= main_chars():
        return [Run(font, line)]
    cover = main_coverage()
    out: list[Run] = []

    def add(name: str, piece: str) -> None:
        if out and out[-1].font == name and not out[-1].emoji:
            out[-1] = Run(name, out[-1].text + piece)
        else:
            out.append(Run(name, piece))

    i = 0
    while i < len(line):
        ch = line[i]
        cp = ord(ch)
        nxt = ord(line[i + 1]) if i + 1 < len(line) else 0
        if cp not in cover or nxt in (0xFE0F, 0x200D, 0x20E3) or 0x1F3FB <= nxt <= 0x1F3FF:
            hit = match_emoji(line, i)
            if hit is not None:
                length, hexcode = hit
                out.append(Run("", line[i:i + length], hexcode))
                i += length
                continue
        if cp in cover:
            add(font, ch)
        elif cp in _INVISIBLE:
            pass  # a stray selector or joiner: nothing to draw
        else:
            name = next((name for name, fcover in _fallbacks() if cp in fcover), "")
            if name:
                add(name, ch)
            elif unicodedata.category(ch) not in ("Mn", "Me", "Cf"):  # an unknown mark is dropped quietly
                add(replacement_font(), REPLACEMENT)
        i += 1
    return out


def emoji_width(size: float) -> float:
    return size * 1.15


def width(parts: list[Run], size: float) -> float:
    """The drawn width of ``parts`` at ``size`` points."""
    total = 0.0
    for part in parts:
        total += emoji_width(size) if part.emoji else pdfmetrics.stringWidth(part.text, part.font, size)
    return total


def text_width(text: str, font: str, size: float) -> float:
    """Width of plain text in ``font``, taking fallbacks and emoji into account."""
    if frozenset(text) <= main_chars():
        return pdfmetrics.stringWidth(text, font, size)
    return width(runs(visual(text), font), size)


def ascent_descent(font: str = REGULAR) -> tuple[float, float]:
    """Ascent and (negative) descent per point of size."""
    face = pdfmetrics.getFont(font).face
    return face.ascent / 1000.0, face.descent / 1000.0
