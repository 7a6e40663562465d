"""Choosing a pictogram for a goal, with big pictures: the chosen picture and its name, a "Choose a picture"
button, and a page of pictures that takes the place of the question (no dialog on top, nothing small).

The page uses the plan editor's :class:`ui.widgets.pictogram_picker.PictogramPicker` when it is there, and a
plain grid otherwise. On that page the keys belong to the picker (Enter chooses, Esc goes back to the goal).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from planner import pictograms
from planner.i18n import _, current_language
from ui.walkthrough.style import Metrics, pictogram_icon
from ui.walkthrough.widgets import BigButton, Picto, words

OWN_KEYS = "walkthrough_own_keys"  # a widget with this property handles Enter and Esc itself


class _SimplePicker(QListWidget):
    """A grid of every pictogram: arrow keys move, Enter chooses (used when the shared picker is missing)."""

    chosen = Signal(str)

    def __init__(self, size: int) -> None:
        super().__init__()
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setWordWrap(True)
        self.setIconSize(QSize(size, size))
        self.setGridSize(QSize(size * 2, size * 2))
        self.setAccessibleName(_("Pictures"))
        lang = current_language()
        for picto in pictograms.CATALOGUE.values():
            item = QListWidgetItem(pictogram_icon(picto.key, size), picto.label(lang))
            item.setData(Qt.ItemDataRole.UserRole, picto.key)
            self.addItem(item)
        self.itemActivated.connect(lambda item: self.chosen.emit(item.data(Qt.ItemDataRole.UserRole)))

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.currentItem():
            self.chosen.emit(self.currentItem().data(Qt.ItemDataRole.UserRole))
            return
        super().keyPressEvent(event)

    def setCurrentKey(self, key: str) -> None:  # noqa: N802 - same API as PictogramPicker
        for i in range(self.count()):
            if self.item(i).data(Qt.ItemDataRole.UserRole) == key:
                self.setCurrentRow(i)


def make_picker(size: int) -> QWidget:
    try:
        from ui.widgets.pictogram_picker import PictogramPicker
    except ImportError:
        return _SimplePicker(size)
    return PictogramPicker(None, size)


class PicturePage(QWidget):
    """The whole meeting area given over to choosing a picture: a question, the picker, and ways back."""

    def __init__(self, metrics: Metrics) -> None:
        super().__init__()
        self.m = metrics
        self.setProperty(OWN_KEYS, True)
        self._done: Callable[[str | None], None] | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(metrics.gap * 3, metrics.gap * 2, metrics.gap * 3, metrics.gap * 2)
        column.setSpacing(metrics.gap * 2)
        head = QHBoxLayout()
        head.addWidget(Picto("search", metrics.title_icon), 0, Qt.AlignmentFlag.AlignTop)
        self.question = words("", "title")
        head.addWidget(self.question, 1)
        column.addLayout(head)
        self.icon = max(64, round(metrics.line * 1.3))
        self.picker = make_picker(self.icon)
        # a little smaller than the questions, so more pictures fit; still large
        self.picker.setStyleSheet(f"* {{ font-size: {max(12.0, metrics.point_size * 0.75):.1f}pt; }}")
        self.picker.chosen.connect(lambda key: self._finish(key))  # type: ignore[attr-defined]
        area = QScrollArea()  # at the largest text sizes the search rows and one row of pictures may not fit
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        area.setWidget(self.picker)
        column.addWidget(area, 1)
        buttons = QHBoxLayout()
        self.back = BigButton(_("Back to the goal"), metrics, "")
        self.back.clicked.connect(lambda: self._finish(None))
        self.none = BigButton(_("No picture"), metrics, "no")
        self.none.clicked.connect(lambda: self._finish(""))
        buttons.addWidget(self.back)
        buttons.addStretch(1)
        buttons.addWidget(self.none)
        column.addLayout(buttons)

    def start(self, question: str, current: str, done: Callable[[str | None], None]) -> None:
        self.question.setText(question)
        self._done = done
        for widget in (self.picker, *self.picker.findChildren(QWidget)):
            widget.ensurePolished()
        resize = getattr(self.picker, "setIconSize", None)
        if resize is not None and not isinstance(self.picker, QListWidget):  # cells measured with the real font
            resize(self.icon)
        self.picker.setCurrentKey(current)  # type: ignore[attr-defined]
        search = getattr(self.picker, "search", None)
        if search is not None:
            search.clear()
        (search or self.picker).setFocus(Qt.FocusReason.OtherFocusReason)

    def handle_escape(self) -> bool:
        self._finish(None)
        return True

    def _finish(self, key: str | None) -> None:
        done, self._done = self._done, None
        if done is not None:
            done(key)


class PictureChoice(QWidget):
    """The picture for one goal: the chosen picture and its name, and "Choose a picture", which opens the
    picture page of the walkthrough. ``committed`` fires when a picture is chosen or removed."""

    committed = Signal()

    def __init__(self, metrics: Metrics, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.m = metrics
        self._name = name
        self._key = ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(metrics.gap * 2)
        self.preview = Picto("", metrics.card_icon)
        self.label = words("")
        self.choose = BigButton(_("Choose a picture"), metrics, "search")
        self.choose.clicked.connect(self.open_panel)
        layout.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.choose, 0, Qt.AlignmentFlag.AlignTop)
        self._show()

    def value(self) -> str:
        return self._key

    def set_value(self, key: str | None) -> None:
        self._key = key or ""
        self._show()

    def _show(self) -> None:
        picto = pictograms.get(self._key) if self._key else None
        self.preview.set_key(self._key or "question")
        text = picto.label(current_language()) if picto else _("No picture yet")
        self.label.setText(_("Picture: {name}").format(name=text))
        self.choose.setAccessibleName(_("{field}: choose a picture. Now: {picture}").format(
            field=self._name, picture=text))

    def open_panel(self) -> None:
        opener = getattr(self.window(), "choose_picture", None)
        if opener is not None:
            opener(_("Choose a picture for your goal"), self._key, self._chosen)

    def _chosen(self, key: str | None) -> None:
        if key is not None and key != self._key:
            self.set_value(key)
            self.committed.emit()
        self.choose.setFocus(Qt.FocusReason.OtherFocusReason)


__all__ = ["OWN_KEYS", "PicturePage", "PictureChoice"]
