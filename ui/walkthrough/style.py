"""Sizes, the font and pictogram pictures for the meeting screens.

Everything is sized from one number: the body text is 24 pt times the app's font scale (100-250 %), because the
person across the table may have low vision. Pixel sizes (pictograms, button heights) follow the font, so a
larger scale can never clip a picture or a word.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetrics,
    QGuiApplication,
    QIcon,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtSvg import QSvgRenderer

from planner import pictograms

BASE_POINT_SIZE = 24.0
MIN_BUTTON_HEIGHT = 60
FONT_FAMILY = "Atkinson Hyperlegible"


def app_font_scale() -> float:
    """The app's font scale as a factor (1.0-2.5); 1.0 when the settings are not available."""
    try:
        from ui.settings import AppSettings

        return AppSettings().font_scale / 100.0
    except Exception:  # noqa: BLE001 - the walkthrough must open even without the app shell
        return 1.0


@functools.lru_cache(maxsize=1)
def font_family() -> str:
    """Atkinson Hyperlegible (the easy-read font) when it can be loaded, else the app's font."""
    if FONT_FAMILY in QFontDatabase.families():
        return FONT_FAMILY
    try:
        from importlib.resources import files

        folder = files("fontpkg_atkinson_hyperlegible") / "files"
        for name in ("AtkinsonHyperlegible-Regular.ttf", "AtkinsonHyperlegible-Bold.ttf"):
            QFontDatabase.addApplicationFont(str(folder / name))
    except Exception:  # noqa: BLE001 - a missing font package falls back to the default font
        pass
    return FONT_FAMILY if FONT_FAMILY in QFontDatabase.families() else QGuiApplication.font().family()


@dataclass(frozen=True)
class Metrics:
    """Point and pixel sizes for one font scale."""

    scale: float

    @property
    def point_size(self) -> float:
        return BASE_POINT_SIZE * self.scale

    @property
    def title_point_size(self) -> float:
        return self.point_size * 1.25

    def font(self, *, title: bool = False, bold: bool = False) -> QFont:
        font = QFont(font_family())
        font.setPointSizeF(self.title_point_size if title else self.point_size)
        font.setBold(title or bold)
        return font

    @property
    def line(self) -> int:
        """The height of one line of body text in pixels."""
        return QFontMetrics(self.font()).height()

    @property
    def title_icon(self) -> int:
        return round(self.line * 1.9)

    @property
    def card_icon(self) -> int:
        return round(self.line * 1.8)

    @property
    def button_icon(self) -> int:
        return round(self.line * 1.1)

    @property
    def button_height(self) -> int:
        return max(MIN_BUTTON_HEIGHT, round(self.line * 1.7))

    @property
    def scroll_bar(self) -> int:
        return max(20, round(self.line * 0.5))

    @property
    def gap(self) -> int:
        return max(8, round(self.line * 0.4))

    def style_sheet(self) -> str:
        """Font sizes for every widget inside the walkthrough, over whatever the app's theme says."""
        pt = self.point_size
        family = font_family()
        # Focus and "chosen" show as a thicker frame (not only a colour); border plus padding stays the same in
        # every state, so nothing moves or gets cut when the focus moves.
        return (
            f'* {{ font-family: "{family}"; font-size: {pt:.1f}pt; }}\n'
            f'QLabel[role="title"] {{ font-size: {self.title_point_size:.1f}pt; font-weight: bold; }}\n'
            'QLabel[role="heading"], QLabel[role="error"] { font-weight: bold; }\n'
            f"QPushButton, QToolButton {{ min-height: {self.button_height}px; border: 3px solid palette(mid);"
            " border-radius: 8px; padding: 6px 22px; }\n"
            "QPushButton:focus, QToolButton:focus { border: 6px solid palette(link); padding: 3px 19px; }\n"
            "QPushButton:checked, QToolButton:checked { border: 6px solid palette(text); padding: 3px 19px;"
            " background: palette(highlight); background-clip: padding; color: palette(highlighted-text);"
            " font-weight: bold; }\n"
            "QPushButton:checked:focus { border-color: palette(link); }\n"
            'QPushButton[role="primary"] { font-weight: bold; }\n'
            'QFrame[role="card"] { border: 2px solid palette(mid); border-radius: 12px; }\n'
            "QLineEdit, QPlainTextEdit, QComboBox, QListWidget { border: 3px solid palette(mid); padding: 4px; }\n"
            "QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QListWidget:focus {"
            " border: 6px solid palette(link); padding: 1px; }\n"
            "QListWidget::item { padding: 4px; }\n"
            "QCheckBox { border: 3px solid transparent; padding: 3px; }\n"
            "QCheckBox:focus { border: 6px solid palette(link); padding: 0px; }\n"
            # a scroll bar anyone can see: there is more below
            f"QScrollBar:vertical {{ width: {self.scroll_bar}px; background: palette(base);"
            " border: 2px solid palette(mid); }\n"
            f"QScrollBar::handle:vertical {{ background: palette(text); min-height: {self.scroll_bar * 2}px;"
            " border-radius: 4px; margin: 3px; }\n"
        )


@functools.lru_cache(maxsize=512)
def _pixmap(key: str, size: int, ratio: float, tile: bool) -> QPixmap:
    pixels = max(1, round(size * ratio))
    pixmap = QPixmap(pixels, pixels)
    pixmap.fill(Qt.GlobalColor.transparent)
    try:
        data = pictograms.svg_bytes(key)
    except KeyError:
        return pixmap
    renderer = QSvgRenderer(QByteArray(data))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if tile:  # OpenMoji draws black outlines: on a dark theme the picture sits on a white tile
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("white"))
        painter.drawRoundedRect(QRectF(0, 0, pixels, pixels), pixels * 0.15, pixels * 0.15)
    renderer.render(painter, QRectF(0, 0, pixels, pixels))
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def dark_theme(palette: QPalette | None = None) -> bool:
    """The window colour is dark (the high-contrast theme)."""
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 110


def pictogram_pixmap(key: str, size: int, ratio: float = 1.0, *, tile: bool | None = None) -> QPixmap:
    """The pictogram ``key`` drawn at ``size`` logical pixels (empty and transparent for an unknown key)."""
    return _pixmap(key, int(size), float(ratio), dark_theme() if tile is None else tile)


def pictogram_icon(key: str, size: int) -> QIcon:
    icon = QIcon()
    for ratio in (1.0, 2.0):
        icon.addPixmap(pictogram_pixmap(key, size, ratio))
    return icon


def icon_size(size: int) -> QSize:
    return QSize(size, size)
