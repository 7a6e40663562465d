"""Small widgets the meeting screens share: words with a pictogram, fields that save when you leave them,
big buttons with words, a choice of big buttons, and a list of days written out in words.

Text is always plain text (a name like ``Ali <Söderström>`` is shown as typed, never as markup) and every
interactive widget gets an accessible name.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import date, time, timedelta
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFontMetrics, QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from planner import pictograms
from planner.errors import StegvisError, ValidationError
from planner.i18n import _, current_language, format_date, format_time
from ui.walkthrough.style import Metrics, dark_theme, icon_size, pictogram_icon, pictogram_pixmap


def words(text: str, role: str = "", parent: QWidget | None = None) -> QLabel:
    """A wrapping plain-text label."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setText(text)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    if role:
        label.setProperty("role", role)
    return label


class Picto(QLabel):
    """A pictogram picture; decorative, the words beside it say the same."""

    def __init__(self, key: str, size: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._size = size
        self.setFixedSize(size, size)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.set_key(key)

    def set_key(self, key: str) -> None:
        self.key = key
        ratio = self.devicePixelRatioF() or 1.0
        self.setPixmap(pictogram_pixmap(key, self._size, ratio, tile=dark_theme(self.palette())))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "key"):  # a tile behind it, or none
            self.set_key(self.key)


def with_picto(key: str, size: int, content: QWidget, parent: QWidget | None = None) -> QWidget:
    """The pictogram to the left of ``content``, both aligned to the top."""
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(max(8, size // 4))
    layout.addWidget(Picto(key, size), 0, Qt.AlignmentFlag.AlignTop)
    layout.addWidget(content, 1)
    return row


class BigButton(QPushButton):
    """A large button with words and, when given, a pictogram."""

    def __init__(self, text: str, metrics: Metrics, pictogram: str = "", parent: QWidget | None = None,
                 *, description: str = "") -> None:
        super().__init__(text, parent)
        self.setMinimumHeight(metrics.button_height)
        self.setAccessibleName(text.replace("&", ""))
        if description:
            self.setAccessibleDescription(description)
            self.setToolTip(description)
        if pictogram:
            self.setIcon(pictogram_icon(pictogram, metrics.button_icon))
            self.setIconSize(icon_size(metrics.button_icon))
        self.setAutoDefault(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        super().setText(text)
        self.setAccessibleName(text.replace("&", ""))


class ErrorText(QWidget):
    """What went wrong, in words with a warning pictogram (never colour alone). Hidden when empty."""

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(Picto("warning", metrics.button_icon), 0, Qt.AlignmentFlag.AlignTop)
        self.label = words("", "error")
        self.label.setAccessibleName(_("Problem"))
        layout.addWidget(self.label, 1)
        self.hide()

    def set_message(self, message: str) -> None:
        self.label.setText(message)
        self.label.setAccessibleDescription(message)
        self.setVisible(bool(message))

    def message(self) -> str:
        return self.label.text() if self.isVisible() or self.label.text() else ""


class LineField(QLineEdit):
    """One line of text; saved when you leave it or press Enter."""

    committed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setPlaceholderText("")
        self.editingFinished.connect(self.committed)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusInEvent(event)
        if event.reason() != Qt.FocusReason.MouseFocusReason:  # go on writing; never replace by accident
            self.deselect()
            self.end(False)


class TextField(QPlainTextEdit):
    """Several lines of text that grow with what is written (nothing hidden behind a scroll bar).

    Enter moves on (the walkthrough handles it); Shift+Enter makes a new line. Saved when you leave it.
    """

    committed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None, lines: int = 2) -> None:
        super().__init__(parent)
        self._lines = lines
        self.setAccessibleName(name)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:  # noqa: N802 - mirrors QLineEdit
        self.setPlainText(text)

    def _wanted_height(self) -> int:
        metrics = QFontMetrics(self.font())
        lines = max(self._lines, int(self.document().size().height()))
        margins = self.contentsMargins()
        frame = self.frameWidth() * 2 + round(self.document().documentMargin() * 2)
        return lines * metrics.lineSpacing() + frame + margins.top() + margins.bottom() + 4

    def _fit(self, *_args: Any) -> None:
        height = self._wanted_height()
        if self.height() != height or self.minimumHeight() != height:
            self.setFixedHeight(height)
            self.updateGeometry()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(super().sizeHint().width(), self._wanted_height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(QFontMetrics(self.font()).averageCharWidth() * 8, self._wanted_height())

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusInEvent(event)
        if event.reason() != Qt.FocusReason.MouseFocusReason:  # go on writing after what is there
            self.moveCursor(QTextCursor.MoveOperation.End)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusOutEvent(event)
        self.committed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            event.ignore()  # the walkthrough moves on
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.insertPlainText("\n")
            return
        super().keyPressEvent(event)


def tick_box_style(size: int) -> str:
    """A big tick box drawn the same in every theme: a frame in the text colour, and the "done" pictogram (a
    tick, not only a colour) when ticked."""
    try:
        tick = pictograms.svg_path("done").as_posix()
    except KeyError:
        tick = ""
    checked = f'QCheckBox::indicator:checked {{ image: url("{tick}"); }}' if tick else ""
    return (f"QCheckBox::indicator {{ width: {size}px; height: {size}px; border: 3px solid palette(text);"
            f" border-radius: 6px; background: palette(base); }}\n{checked}")


class CheckField(QWidget):
    """A yes/no question: a big tick box with words that wrap (long names stay readable at any size).

    Clicking the words ticks the box too. Saved when it is changed (``committed``).
    """

    committed = Signal()

    def __init__(self, text: str, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(metrics.gap)
        self.box = QCheckBox()
        self.box.setAccessibleName(text)
        self.box.setStyleSheet(tick_box_style(metrics.button_icon))
        self.box.setMinimumHeight(metrics.button_height)
        self.box.clicked.connect(lambda _checked: self.committed.emit())
        self.label = words(text)
        self.label.setBuddy(self.box)
        self.label.mousePressEvent = self._label_clicked  # type: ignore[method-assign]
        layout.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.label, 1)  # no alignment here: the words get the whole width to wrap in
        self.setFocusProxy(self.box)

    def _label_clicked(self, _event: Any) -> None:
        self.box.click()
        self.box.setFocus(Qt.FocusReason.MouseFocusReason)

    def text(self) -> str:
        return self.label.text()

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt API
        super().setAccessibleName(name)
        self.box.setAccessibleName(name)

    def isChecked(self) -> bool:  # noqa: N802 - mirrors QCheckBox
        return self.box.isChecked()

    def setChecked(self, checked: bool) -> None:  # noqa: N802 - mirrors QCheckBox
        self.box.setChecked(checked)

    def value(self) -> bool:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        self.box.setChecked(bool(value))


class ComboField(QComboBox):
    """A choice from a list of (words, value); saved when the choice changes."""

    committed = Signal()

    def __init__(self, name: str, items: Sequence[tuple[str, Any]] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        # As wide as the screen allows, never wider: a long actor name must not push the screen sideways.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.set_items(items)
        self.activated.connect(lambda _i: self.committed.emit())

    def set_items(self, items: Sequence[tuple[str, Any]]) -> None:
        current = self.value()
        self.blockSignals(True)
        self.clear()
        for text, value in items:
            self.addItem(text, value)
        self.set_value(current)
        self.blockSignals(False)

    def value(self) -> Any:
        return self.currentData() if self.count() else None

    def set_value(self, value: Any) -> None:
        for i in range(self.count()):
            if self.itemData(i) == value:
                self.setCurrentIndex(i)
                return
        if self.count():
            self.setCurrentIndex(0)


@functools.lru_cache(maxsize=4096)
def _day_words(day: date, language: str) -> str:
    return format_date(day, "long", language)


class DayField(ComboField):
    """A day written out in words ("tisdag 3 mars 2026"), or "No day yet"."""

    def __init__(self, name: str, today: date, days: int = 366, parent: QWidget | None = None) -> None:
        self._today = today
        self._days = days
        super().__init__(name, (), parent)
        self._fill(None)

    def _fill(self, keep: date | None) -> None:
        start = min(self._today, keep) if keep else self._today
        end = max(self._today + timedelta(days=self._days), keep) if keep else self._today + timedelta(days=self._days)
        items: list[tuple[str, Any]] = [(_("No day yet"), None)]
        day = start
        language = current_language()
        while day <= end:
            items.append((_day_words(day, language), day))
            day += timedelta(days=1)
        self.set_items(items)

    def set_value(self, value: Any) -> None:
        if isinstance(value, date) and self.findData(value) < 0:
            self._fill(value)
        super().set_value(value)


def time_items(start: int = 7, end: int = 19) -> list[tuple[str, time]]:
    """Every half hour in the working day, written "klockan 10.00"."""
    items = []
    for hour in range(start, end + 1):
        for minute in (0, 30):
            at = time(hour, minute)
            items.append((_("at {time}").format(time=format_time(at)), at))
    return items


class Card(QFrame):
    """A framed group: one participant, one goal, one step, one support."""

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(metrics.gap * 2, metrics.gap * 2, metrics.gap * 2, metrics.gap * 2)
        self.body.setSpacing(metrics.gap)


def labelled(label_text: str, field: QWidget, metrics: Metrics, pictogram: str = "") -> QWidget:
    """A question in words (with its pictogram) above the field that answers it."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(max(4, metrics.gap // 2))
    label = words(label_text, "heading")
    label.setBuddy(field)
    if not field.accessibleName():
        field.setAccessibleName(label_text)
    if pictogram:
        layout.addWidget(with_picto(pictogram, metrics.button_icon, label))
    else:
        layout.addWidget(label)
    layout.addWidget(field)
    return box


class WrapButton(QPushButton):
    """A big button whose words wrap under a pictogram-sized picture, for choices with long names.

    The words are a child label, so the button never gets wider than the screen at any text size.
    """

    def __init__(self, text: str, metrics: Metrics, pictogram: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.m = metrics
        self._text = text
        self.setAccessibleName(text)
        self.setAutoDefault(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(metrics.gap * 2, metrics.gap, metrics.gap * 2, metrics.gap)
        layout.setSpacing(metrics.gap * 2)
        self.picto = Picto(pictogram, metrics.card_icon) if pictogram else None
        if self.picto is not None:
            self.picto.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(self.picto, 0, Qt.AlignmentFlag.AlignVCenter)
        self.label = words(text)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.label, 1)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.toggled.connect(self._mark)

    def text(self) -> str:  # type: ignore[override]
        return self._text

    def _mark(self, checked: bool) -> None:
        """Chosen: bold words and a thick frame (the style sheet), not colour alone."""
        self.label.setStyleSheet("font-weight: bold; color: palette(highlighted-text);" if checked else "")

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        layout = self.layout()
        return max(self.m.button_height, layout.heightForWidth(width) if layout else 0)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        layout = self.layout()
        hint = layout.sizeHint() if layout else QSize(100, 40)
        return QSize(hint.width(), max(self.m.button_height, hint.height()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        layout = self.layout()
        hint = layout.minimumSize() if layout else QSize(100, 40)
        return QSize(hint.width(), self.m.button_height)


class ChoiceButtons(QWidget):
    """One choice among big buttons with a pictogram and words (status, stage). Each button is a tab stop."""

    changed = Signal(object)

    def __init__(self, options: Sequence[tuple[str, str, Any]], metrics: Metrics, group_name: str,
                 parent: QWidget | None = None, *, columns: int = 0) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QGridLayout

        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(metrics.gap)
        self.setAccessibleName(group_name)
        self.buttons: list[tuple[QAbstractButton, Any]] = []
        for i, (text, pictogram, value) in enumerate(options):
            button = WrapButton(text, metrics, pictogram)
            button.setAccessibleDescription(_("{group}: {choice}").format(group=group_name, choice=text))
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, v=value: self._choose(v))
            row, col = (i // columns, i % columns) if columns else (i, 0)
            layout.addWidget(button, row, col)
            self.buttons.append((button, value))
        self._value: Any = None

    def _choose(self, value: Any) -> None:
        self.set_value(value)
        self.changed.emit(value)

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        self._value = value
        for button, v in self.buttons:
            button.setChecked(v == value)


W = TypeVar("W", bound=QWidget)


class FieldSet:
    """The fields of one record: read them, save what changed, show what went wrong.

    ``save(changes)`` gets only the fields whose value changed since the last save. A record that is not saved
    yet waits until its ``required`` field has words, then is saved with everything typed so far.
    """

    def __init__(self, save: Callable[[dict[str, Any]], None], error: ErrorText,
                 required: str | None = None, is_new: Callable[[], bool] = lambda: False,
                 on_error: Callable[[str], None] | None = None) -> None:
        self._save = save
        self.error = error
        self.required = required
        self.is_new = is_new
        self.on_error = on_error
        self.fields: dict[str, QWidget] = {}
        self.saved: dict[str, Any] = {}

    def add(self, name: str, widget: W) -> W:
        self.fields[name] = widget
        signal = getattr(widget, "committed", None)
        if signal is not None:
            signal.connect(lambda: self.commit())
        return widget

    @staticmethod
    def read(widget: QWidget) -> Any:
        if isinstance(widget, (LineField, TextField)):
            return widget.text()
        return widget.value()  # type: ignore[attr-defined]

    @staticmethod
    def write(widget: QWidget, value: Any) -> None:
        if isinstance(widget, (LineField, TextField)):
            widget.setText(value or "")
        else:
            widget.set_value(value)  # type: ignore[attr-defined]

    def load(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            if name in self.fields:
                self.write(self.fields[name], value)
        self.saved = {name: self.read(w) for name, w in self.fields.items()}

    def values(self) -> dict[str, Any]:
        return {name: self.read(w) for name, w in self.fields.items()}

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in self.values().items() if self.saved.get(k) != v}

    def is_blank(self) -> bool:
        """Nothing typed or chosen yet in a record that is not saved."""
        return all(not v for v in self.values().values() if not isinstance(v, bool))

    def commit(self, *, leaving: bool = False) -> bool:
        """Save what changed. False when it could not be saved (the message is shown, the words stay)."""
        changes = self.changes()
        if not changes:
            return True
        if self.is_new():
            if self.required and not str(self.values().get(self.required) or "").strip():
                if leaving and not self.is_blank():
                    self.show_error(self.required, _("Please write this first, then the rest can be saved."))
                    return False
                return True
            changes = {k: v for k, v in self.values().items() if v not in (None, "")}
        try:
            self._save(changes)
        except StegvisError as exc:
            self.show_error(getattr(exc, "field", "") if isinstance(exc, ValidationError) else "", exc.message)
            return False
        self.saved.update({k: self.read(self.fields[k]) for k in self.fields})
        self.error.set_message("")
        return True

    def show_error(self, field: str, message: str) -> None:
        self.error.set_message(message)
        if self.on_error:
            self.on_error(message)
        widget = self.fields.get(field)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
