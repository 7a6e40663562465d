"""A searchable grid of pictograms, the dialog around it, and a form field that shows the chosen one.

Search filters as you type (either language, accents ignored), a category list narrows it, and the grid is fully
keyboard driven: Down or Enter in the search box moves to the grid, arrow keys move, Enter or Space chooses.
The icon size is a parameter so the meeting mode can show big pictures.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from planner import pictograms
from planner.i18n import _, current_language, ngettext
from ui.models.editor_pictograms import KeyRole, PictogramListModel, pictogram_label, pictogram_pixmap
from ui.widgets.form import button, ensure_target

_ACTIVATE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


class _Grid(QListView):
    """The icon grid; Enter or Space chooses the current pictogram."""

    activatedKey = Signal()  # noqa: N815 - Qt naming

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in _ACTIVATE_KEYS and self.currentIndex().isValid():
            self.activatedKey.emit()
            return
        super().keyPressEvent(event)


class _CellDelegate(QStyledItemDelegate):
    """Paints an icon with its label wrapped under it across the whole grid cell (Qt's own icon mode wraps the
    text to the icon's width and cuts long words), and a thick frame around the current cell."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802 - Qt API
        view = self.parent()
        return view.gridSize() - QSize(4, 4) if isinstance(view, QListView) else super().sizeHint(option, index)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        painter.save()
        rect = opt.rect.adjusted(2, 2, -2, -2)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, opt.palette.color(QPalette.ColorRole.Highlight))
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        side = opt.decorationSize.width()
        icon_rect = QRect(rect.x() + (rect.width() - side) // 2, rect.y() + 6, side, side)
        if icon is not None:
            icon.paint(painter, icon_rect)
        text_rect = QRect(rect.x() + 4, icon_rect.bottom() + 6, rect.width() - 8,
                          rect.bottom() - icon_rect.bottom() - 6)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(opt.palette.color(role))
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
                         | int(Qt.TextFlag.TextWordWrap), index.data(Qt.ItemDataRole.DisplayRole) or "")
        if opt.state & QStyle.StateFlag.State_HasFocus:
            pen = QPen(opt.palette.color(QPalette.ColorRole.Text if selected else QPalette.ColorRole.Highlight))
            pen.setWidth(3)
            painter.setPen(pen)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()


class PictogramPicker(QWidget):
    """Search box, category filter and a grid of pictograms. ``chosen`` fires on Enter, Space or double-click."""

    chosen = Signal(str)
    currentKeyChanged = Signal(str)  # noqa: N815 - Qt naming

    def __init__(self, parent: QWidget | None = None, icon_size: int = 64) -> None:
        super().__init__(parent)
        self._icon_size = icon_size
        self._language = current_language()

        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Type to search, for example bus or work"))
        self.search.setAccessibleName(_("Search pictures"))
        self.search.setAccessibleDescription(_("The list of pictures below shows only the ones that match."))
        ensure_target(self.search)
        search_label = QLabel(_("Search"), self)
        search_label.setBuddy(self.search)

        self.category = QComboBox(self)
        self.category.setAccessibleName(_("Category"))
        self.category.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.category.addItem(_("All pictures"), "")
        for cat in pictograms.CATEGORIES:
            self.category.addItem(pictograms.category_label(cat, self._language), cat)
        ensure_target(self.category)
        category_label = QLabel(_("Category"), self)
        category_label.setBuddy(self.category)

        self.model = PictogramListModel(icon_size, self)
        self.grid = _Grid(self)
        self.grid.setModel(self.model)
        self.grid.setItemDelegate(_CellDelegate(self.grid))
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setWrapping(True)
        self.grid.setWordWrap(True)
        self.grid.setUniformItemSizes(True)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setAccessibleName(_("Pictures"))
        self.grid.setAccessibleDescription(_("Use the arrow keys to move and Enter to choose a picture."))
        self.grid.setTabKeyNavigation(False)
        self.grid.activatedKey.connect(self._emit_chosen)
        self.grid.doubleClicked.connect(lambda _index: self._emit_chosen())
        self.grid.selectionModel().currentChanged.connect(self._current_changed)

        self.count = QLabel(self)
        self.count.setObjectName("pictogramCount")
        self.count.setWordWrap(True)

        filters = QGridLayout()
        filters.addWidget(search_label, 0, 0)
        filters.addWidget(self.search, 0, 1)
        filters.addWidget(category_label, 1, 0)
        filters.addWidget(self.category, 1, 1, Qt.AlignmentFlag.AlignLeft)
        filters.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.count)
        layout.addWidget(self.grid, 1)

        self.search.textChanged.connect(self._refilter)
        self.category.currentIndexChanged.connect(self._refilter)
        self.search.installEventFilter(self)
        self._apply_grid_size()
        self._refilter()

    # -------------------------------------------------------------- public API

    def iconSize(self) -> int:  # noqa: N802 - Qt naming
        return self._icon_size

    def setIconSize(self, size: int) -> None:  # noqa: N802 - Qt naming
        self._icon_size = size
        self.model.set_icon_size(size)
        self._apply_grid_size()

    def currentKey(self) -> str:  # noqa: N802 - Qt naming
        index = self.grid.currentIndex()
        return index.data(KeyRole) if index.isValid() else ""

    def setCurrentKey(self, key: str) -> None:  # noqa: N802 - Qt naming
        """Select ``key`` (clearing the filters if they hide it); an empty or unknown key clears the selection."""
        if not key or pictograms.get(key) is None:
            self.grid.selectionModel().clearSelection()
            self.grid.setCurrentIndex(QModelIndex())
            return
        if self.model.row_of(key) < 0:
            self.search.clear()
            self.category.setCurrentIndex(0)
        row = self.model.row_of(key)
        index = self.model.index(row)
        self.grid.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.grid.scrollTo(index)

    def setFilterText(self, text: str) -> None:  # noqa: N802 - Qt naming
        self.search.setText(text)

    def visibleKeys(self) -> list[str]:  # noqa: N802 - Qt naming
        return self.model.keys()

    # -------------------------------------------------------------- behaviour

    def _refilter(self) -> None:
        keep = self.currentKey()
        category = self.category.currentData() or ""
        items = pictograms.search(self.search.text(), self._language)
        if category:
            items = [p for p in items if p.category == category]
        self.model.set_items(items)
        n = len(items)
        self.count.setText(ngettext("{n} picture", "{n} pictures", n).format(n=n) if n
                           else _("No pictures match. Try another word."))
        if keep and self.model.row_of(keep) >= 0:
            index = self.model.index(self.model.row_of(keep))
            self.grid.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.currentKeyChanged.emit(current.data(KeyRole) if current.isValid() else "")

    def _emit_chosen(self) -> None:
        key = self.currentKey()
        if key:
            self.chosen.emit(key)

    def _focus_grid(self) -> None:
        if self.model.rowCount() == 0:
            return
        if not self.grid.currentIndex().isValid():
            self.grid.selectionModel().setCurrentIndex(self.model.index(0),
                                                       QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.grid.setFocus(Qt.FocusReason.TabFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            keys = (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if isinstance(event, QKeyEvent) and event.key() in keys and self.model.rowCount():
                self._focus_grid()
                return True
        return super().eventFilter(watched, event)

    def _apply_grid_size(self) -> None:
        """Cells wide enough for the longest word and tall enough for the longest label: nothing is elided."""
        fm = self.grid.fontMetrics()
        labels = [p.label(self._language) for p in pictograms.CATALOGUE.values()]
        widest_word = max(fm.horizontalAdvance(word) for label in labels for word in label.split())
        text_width = max(self._icon_size + 16, widest_word + 12, fm.averageCharWidth() * 10)
        flags = int(Qt.AlignmentFlag.AlignHCenter) | int(Qt.TextFlag.TextWordWrap)
        text_height = max(fm.boundingRect(QRect(0, 0, text_width, 10_000), flags, label).height()
                          for label in labels)
        width = text_width + 12
        height = self._icon_size + text_height + 24
        self.grid.setIconSize(QSize(self._icon_size, self._icon_size))
        self.grid.setGridSize(QSize(width, height))
        self.grid.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.grid.setMinimumSize(width * 3 + 30, height + 10)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.FontChange:
            self._apply_grid_size()
        super().changeEvent(event)


class PictogramDialog(QDialog):
    """A dialog around :class:`PictogramPicker`. ``selected_key()`` is the choice ("" for "No picture")."""

    def __init__(self, parent: QWidget | None = None, current: str = "", icon_size: int = 64) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Choose a picture"))
        self.setAccessibleName(_("Choose a picture"))
        self.picker = PictogramPicker(self, icon_size)
        self._result_key = current
        self.use_button = button(_("Use this picture"), self._use, default=False)
        self.none_button = button(_("No picture"), self._none)
        self.cancel_button = button(_("Cancel"), self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.none_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.use_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker, 1)
        layout.addLayout(row)
        self.picker.chosen.connect(self._chosen)
        self.picker.currentKeyChanged.connect(lambda key: self.use_button.setEnabled(bool(key)))
        self.picker.setCurrentKey(current)
        self.use_button.setEnabled(bool(self.picker.currentKey()))
        self.picker.search.setFocus()
        self.resize(self.sizeHint().expandedTo(QSize(720, 560)))

    def selected_key(self) -> str:
        return self._result_key

    def _chosen(self, key: str) -> None:
        self._result_key = key
        self.accept()

    def _use(self) -> None:
        key = self.picker.currentKey()
        if key:
            self._chosen(key)

    def _none(self) -> None:
        self._result_key = ""
        self.accept()


class PictogramField(QWidget):
    """A form field showing the chosen pictogram and its label, with "Choose picture" and "No picture"."""

    valueChanged = Signal(str)  # noqa: N815 - Qt naming

    def __init__(self, parent: QWidget | None = None, icon_size: int = 48) -> None:
        super().__init__(parent)
        self._key = ""
        self._icon_size = icon_size
        self._spoken = _("Picture")
        self.preview = QLabel(self)
        self.preview.setFixedSize(icon_size, icon_size)
        self.name = QLabel(self)
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.choose_button = button(_("Choose picture…"), self.open_dialog)
        self.clear_button = button(_("No picture"), lambda: self.setValue(""))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.preview)
        row.addWidget(self.name, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.clear_button)
        self.dialog: PictogramDialog | None = None
        self._show()

    def focus_widget(self) -> QWidget:
        return self.choose_button

    def set_accessible_label(self, text: str) -> None:
        self._spoken = text
        self.setAccessibleName(text)
        self._show()

    def value(self) -> str:
        return self._key

    def setValue(self, key: str | None) -> None:  # noqa: N802 - Qt naming
        key = key or ""
        if key == self._key:
            return
        self._key = key
        self._show()
        self.valueChanged.emit(key)

    def _show(self) -> None:
        label = pictogram_label(self._key)
        self.name.setText(label or _("No picture chosen"))
        pixmap = pictogram_pixmap(self._key, self._icon_size) if self._key else None
        if pixmap is not None and not pixmap.isNull():
            self.preview.setPixmap(pixmap)
        else:
            self.preview.clear()
        self.preview.setAccessibleName(label or _("No picture chosen"))
        self.choose_button.setAccessibleName(
            _("{field}: choose a picture. Now: {picture}").format(field=self._spoken,
                                                                  picture=label or _("no picture")))
        self.clear_button.setAccessibleName(_("{field}: no picture").format(field=self._spoken))
        self.clear_button.setEnabled(bool(self._key))

    def open_dialog(self) -> PictogramDialog:
        """Open the picker window-modally (no nested event loop: tests and screen readers cope better)."""
        dialog = PictogramDialog(self.window(), self._key)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(lambda: self.setValue(dialog.selected_key()))
        dialog.finished.connect(lambda _result: self.choose_button.setFocus())
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog
