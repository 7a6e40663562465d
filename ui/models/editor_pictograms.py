"""Pictograms for Qt: icons rendered from the OpenMoji SVGs, and a list model over the catalogue.

Icons are rendered with QSvgRenderer at the exact pixel size asked for (crisp at any font scale) and cached.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from planner import pictograms
from planner.i18n import current_language

KeyRole = Qt.ItemDataRole.UserRole + 1
CategoryRole = Qt.ItemDataRole.UserRole + 2

_PIXMAPS: dict[tuple[str, int], QPixmap] = {}


def pictogram_pixmap(key: str, size: int) -> QPixmap:
    """The pictogram ``key`` as a square pixmap of ``size`` device pixels; an empty pixmap when unknown."""
    cached = _PIXMAPS.get((key, size))
    if cached is not None:
        return cached
    try:
        data = pictograms.svg_bytes(key)
    except KeyError:
        return QPixmap()
    renderer = QSvgRenderer(data)
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    # OpenMoji draws black outlines for a white page: a white tile keeps them visible on a dark
    # (high-contrast) background and is all but invisible on a light one.
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#ffffff"))
    radius = size * 0.12
    painter.drawRoundedRect(QRectF(0, 0, size, size), radius, radius)
    inset = size * 0.06
    renderer.render(painter, QRectF(inset, inset, size - 2 * inset, size - 2 * inset))
    painter.end()
    pixmap = QPixmap.fromImage(image)
    _PIXMAPS[(key, size)] = pixmap
    return pixmap


def pictogram_icon(key: str, size: int = 48) -> QIcon:
    """An icon with crisp renderings at ``size`` and twice that (high-DPI screens)."""
    icon = QIcon()
    for side in (size, size * 2):
        pixmap = pictogram_pixmap(key, side)
        if not pixmap.isNull():
            icon.addPixmap(pixmap)
    return icon


def pictogram_label(key: str, language: str | None = None) -> str:
    picto = pictograms.get(key) if key else None
    return picto.label(language or current_language()) if picto else ""


class PictogramListModel(QAbstractListModel):
    """The pictograms currently shown in a picker: label (active language), icon, key and category."""

    def __init__(self, icon_size: int = 64, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[pictograms.Pictogram] = []
        self._icon_size = icon_size

    def set_icon_size(self, size: int) -> None:
        self._icon_size = size
        if self._items:
            self.dataChanged.emit(self.index(0), self.index(len(self._items) - 1),
                                  [Qt.ItemDataRole.DecorationRole])

    def set_items(self, items: Sequence[pictograms.Pictogram]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def keys(self) -> list[str]:
        return [p.key for p in self._items]

    def row_of(self, key: str) -> int:
        for row, p in enumerate(self._items):
            if p.key == key:
                return row
        return -1

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        picto = self._items[index.row()]
        lang = current_language()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return picto.label(lang)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{picto.label(lang)} ({pictograms.category_label(picto.category, lang)})"
        if role == Qt.ItemDataRole.DecorationRole:
            return pictogram_icon(picto.key, self._icon_size)
        if role == Qt.ItemDataRole.SizeHintRole:
            return None
        if role == KeyRole:
            return picto.key
        if role == CategoryRole:
            return picto.category
        return None

    def iconSize(self) -> QSize:  # noqa: N802 - mirrors Qt naming for views
        return QSize(self._icon_size, self._icon_size)
