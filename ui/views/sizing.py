"""Sizing dialogs to their content at any text size.

Why: a top-level dialog does not ask its layout ``heightForWidth``, so word-wrapped labels get the height of one
line and are cut off, worse at 200–250 % text. :func:`fit_dialog` picks a readable width (in characters, capped
by the screen), asks the layout how tall that makes it, and resizes the dialog; content taller than the screen
goes into a scroll area the caller passes in.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QScrollArea, QWidget

SCREEN_SHARE = 0.92


def _item_height(item: object, width: int) -> int:
    if item.hasHeightForWidth():  # type: ignore[attr-defined]
        return int(item.heightForWidth(width))  # type: ignore[attr-defined]
    return int(item.sizeHint().height())  # type: ignore[attr-defined]


def fit_dialog(dialog: QWidget, chars: int = 56, scroller: QScrollArea | None = None) -> None:
    """Resize ``dialog`` so that nothing is clipped: about ``chars`` characters wide, as tall as it needs."""
    layout = dialog.layout()
    if layout is None:
        dialog.adjustSize()
        return
    screen = dialog.screen()
    avail = screen.availableGeometry() if screen is not None else QRect(0, 0, 1920, 1080)
    layout.activate()
    margins = layout.contentsMargins()
    side = margins.left() + margins.right()
    width = max(dialog.fontMetrics().averageCharWidth() * chars + side, layout.minimumSize().width())
    if scroller is not None and scroller.widget() is not None:
        inner = scroller.widget()
        bar = scroller.verticalScrollBar().sizeHint().width() + 4
        width = max(width, inner.sizeHint().width() + side + bar)
    width = min(width, int(avail.width() * SCREEN_SHARE))
    inner_width = width - side
    if scroller is None:
        height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
    else:
        height = margins.top() + margins.bottom()
        spacing = max(layout.spacing(), 0)
        count = 0
        for i in range(layout.count()):
            item = layout.itemAt(i)
            if item is None or (item.widget() is not None and item.widget().isHidden()):
                continue
            count += 1
            if item.widget() is scroller:
                inner = scroller.widget()
                inner_w = inner_width - scroller.verticalScrollBar().sizeHint().width() - 4
                height += _item_height(inner, inner_w) + 2 * scroller.frameWidth() + 4
            else:
                height += _item_height(item, inner_width)
        height += spacing * max(0, count - 1)
    dialog.resize(width, min(height, int(avail.height() * SCREEN_SHARE)))


class FittedDialog(QDialog):
    """A dialog that fits itself to its content when shown and again whenever the text size changes."""

    fit_chars = 56
    fit_scroller: QScrollArea | None = None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fit_pending = False

    def refit(self) -> None:
        self._fit_pending = False
        fit_dialog(self, self.fit_chars, self.fit_scroller)

    def _schedule_fit(self) -> None:
        if not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self, self.refit)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.refit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and self.isVisible():
            self._schedule_fit()
