"""Choosing a pictogram inside a card, with big pictures: the chosen picture and its name, a "Choose a
picture" button, and a panel that opens in place (no dialog: the person keeps seeing the same screen).

The panel uses the plan editor's :class:`ui.widgets.pictogram_picker.PictogramPicker` when it is there, and a
plain grid otherwise. Inside the panel the keys belong to the picker (Enter chooses, Esc closes the panel).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListView, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

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


class PictureChoice(QWidget):
    """The picture for one goal. ``committed`` fires when a picture is chosen or removed."""

    committed = Signal()

    def __init__(self, metrics: Metrics, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.m = metrics
        self._name = name
        self._key = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(metrics.gap)
        row = QHBoxLayout()
        self.preview = Picto("", metrics.card_icon)
        self.label = words("")
        row.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)
        layout.addLayout(row)
        buttons = QHBoxLayout()
        self.choose = BigButton(_("Choose a picture"), metrics, "search")
        self.choose.clicked.connect(self.open_panel)
        buttons.addWidget(self.choose)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.panel = QWidget()
        self.panel.setProperty(OWN_KEYS, True)
        panel_layout = QVBoxLayout(self.panel)
        panel_layout.setContentsMargins(0, 0, 0, 0)
        self.picker: QWidget | None = None
        self.panel_buttons = QHBoxLayout()
        self.no_picture = BigButton(_("No picture"), metrics, "no")
        self.no_picture.clicked.connect(lambda: self._chosen(""))
        self.close_panel_button = BigButton(_("Close the pictures"), metrics)
        self.close_panel_button.clicked.connect(self.close_panel)
        self.panel_buttons.addWidget(self.no_picture)
        self.panel_buttons.addWidget(self.close_panel_button)
        self.panel_buttons.addStretch(1)
        panel_layout.addLayout(self.panel_buttons)
        self.panel.hide()
        layout.addWidget(self.panel)
        self._show()

    def value(self) -> str:
        return self._key

    def set_value(self, key: str | None) -> None:
        self._key = key or ""
        self._show()

    def _show(self) -> None:
        picto = pictograms.get(self._key) if self._key else None
        self.preview.set_key(self._key)
        text = picto.label(current_language()) if picto else _("No picture yet")
        self.label.setText(_("Picture: {name}").format(name=text))
        self.choose.setAccessibleName(_("{field}: choose a picture. Now: {picture}").format(
            field=self._name, picture=text))

    def open_panel(self) -> None:
        if self.picker is None:
            self.picker = make_picker(self.m.card_icon)
            font = self.font()
            font.setPointSizeF(max(12.0, font.pointSizeF() * 0.75))
            self.picker.setFont(font)
            self.picker.setMinimumHeight(self.m.card_icon * 5)
            self.picker.chosen.connect(self._chosen)  # type: ignore[attr-defined]
            self.panel.layout().insertWidget(0, self.picker)
        self.picker.setCurrentKey(self._key)  # type: ignore[attr-defined]
        self.panel.show()
        self.choose.hide()
        self.window_fix_tabs()
        search = getattr(self.picker, "search", None)
        (search or self.picker).setFocus(Qt.FocusReason.OtherFocusReason)

    def close_panel(self) -> None:
        self.panel.hide()
        self.choose.show()
        self.window_fix_tabs()
        self.choose.setFocus(Qt.FocusReason.OtherFocusReason)

    def handle_escape(self) -> bool:
        if self.panel.isVisible():
            self.close_panel()
            return True
        return False

    def _chosen(self, key: str) -> None:
        self.set_value(key)
        self.close_panel()
        self.committed.emit()

    def window_fix_tabs(self) -> None:
        window = self.window()
        fix = getattr(window, "fix_tab_order", None)
        if fix:
            fix()


__all__ = ["OWN_KEYS", "PictureChoice"]
