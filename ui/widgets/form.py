"""Labelled form rows (novelWriter style): every field gets a label that is its buddy and its accessible name,
an optional description, and an inline error line under it that says what is wrong in words, with an icon.

A :class:`Form` also remembers the values it was loaded with, so an editor can ask which fields the coach changed
(only those are sent to the services, and only those appear in a conflict) and whether anything is unsaved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from planner.i18n import _

MIN_TARGET = 44  # px: the smallest click target at 100 % (WCAG 2.5.5)


def plain_label(text: str) -> str:
    """A label without its mnemonic ``&`` and trailing colon: what a screen reader should say."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(" :")


class _HintFloor(QObject):
    """Keeps a control's minimum size at its size hint (and at least 44 px) whenever the font or style changes.

    Why: a style sheet's ``min-height`` becomes an explicit minimum size, and an explicit minimum beats the size
    hint in every layout, so at 250 % text a squeezed layout would cut a button's words. Buttons and check boxes
    keep their whole hint; text fields keep their height (their width may shrink, the text scrolls).
    """

    WATCH = (QEvent.Type.Polish, QEvent.Type.StyleChange, QEvent.Type.FontChange)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in self.WATCH and isinstance(watched, QWidget):
            floor(watched)
        return False


def floor(widget: QWidget) -> None:
    hint = widget.sizeHint()
    height = max(MIN_TARGET, hint.height())
    if isinstance(widget, QAbstractButton | QComboBox):
        widget.setMinimumSize(max(MIN_TARGET, hint.width()), height)
    else:
        widget.setMinimumHeight(height)


_HINT_FLOOR: list[_HintFloor] = []


def ensure_target(widget: QWidget) -> QWidget:
    """Give a control at least a 44 × 44 px target that never shrinks below its text (at any font scale)."""
    if not _HINT_FLOOR:
        _HINT_FLOOR.append(_HintFloor())
    widget.installEventFilter(_HINT_FLOOR[0])
    floor(widget)
    return widget


def button(text: str, slot: Callable[[], Any] | None = None, *, description: str = "",
           parent: QWidget | None = None, default: bool = False) -> QAbstractButton:
    """A push button with words, a 44 px target and an accessible name."""
    from PySide6.QtWidgets import QPushButton

    btn = QPushButton(text, parent)
    btn.setAccessibleName(plain_label(text))
    if description:
        btn.setAccessibleDescription(description)
        btn.setToolTip(description)
    btn.setAutoDefault(default)
    btn.setDefault(default)
    ensure_target(btn)
    if slot is not None:
        btn.clicked.connect(lambda _checked=False: slot())
    return btn


class ErrorLabel(QWidget):
    """An inline problem message: a warning icon and the message in words (never colour alone). Hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self._icon = QLabel(self)
        self._icon.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._icon.setAccessibleName(_("Problem"))
        self._text = QLabel(self)
        self._text.setObjectName("fieldErrorText")
        self._text.setProperty("role", "error")
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        self._text.setWordWrap(True)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self._text.font()
        font.setBold(True)
        self._text.setFont(font)
        row.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self._text, 1)
        self._update_icon()
        self.hide()

    def _update_icon(self) -> None:
        side = max(16, self.fontMetrics().height())
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self._icon.setPixmap(icon.pixmap(QSize(side, side), self.devicePixelRatioF()))
        self._icon.setFixedSize(side, side)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._update_icon()
        super().changeEvent(event)

    def set_message(self, message: str) -> None:
        self._text.setText(message)
        self._text.setAccessibleName(message)
        self.setVisible(bool(message))

    def message(self) -> str:
        return self._text.text()


# ------------------------------------------------------------------------------------------------ value access


def read_value(widget: QWidget) -> Any:
    """The value a field widget holds, in the shape the services take (``""``, ``None``, ids, dates …)."""
    if hasattr(widget, "value") and hasattr(widget, "setValue"):
        return widget.value()
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    raise TypeError(f"no value access for {type(widget).__name__}")


def write_value(widget: QWidget, value: Any) -> None:
    if hasattr(widget, "value") and hasattr(widget, "setValue"):
        widget.setValue(value)
    elif isinstance(widget, QLineEdit):
        widget.setText("" if value is None else str(value))
        widget.setCursorPosition(0)
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText("" if value is None else str(value))
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QComboBox):
        index = widget.findData(value)
        if index < 0 and value is not None and hasattr(value, "value"):
            index = widget.findData(value.value)  # an enum member given for a combo holding its value
        widget.setCurrentIndex(max(index, 0))
    else:
        raise TypeError(f"no value access for {type(widget).__name__}")


def _change_signal(widget: QWidget) -> Any:
    if hasattr(widget, "valueChanged"):
        return widget.valueChanged
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        return widget.textChanged
    if isinstance(widget, QCheckBox):
        return widget.toggled
    if isinstance(widget, QComboBox):
        return widget.currentIndexChanged
    raise TypeError(f"no change signal for {type(widget).__name__}")


def focus_widget(widget: QWidget) -> QWidget:
    """The part of a compound field that takes keyboard focus (the line edit of a date picker …)."""
    inner = getattr(widget, "focus_widget", None)
    return inner() if callable(inner) else widget


def combo(items: list[tuple[str, Any]], parent: QWidget | None = None) -> QComboBox:
    """A combo box of ``(visible text, value)`` pairs."""
    box = QComboBox(parent)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    for text, value in items:
        box.addItem(text, value)
    return ensure_target(box)  # type: ignore[return-value]


def text_box(lines: int = 3, parent: QWidget | None = None) -> QPlainTextEdit:
    """A multi-line text field that Tab leaves (instead of typing a tab) and that grows with the font."""
    box = _TextBox(parent, lines)
    box.setTabChangesFocus(True)
    return box


class _TextBox(QPlainTextEdit):
    def __init__(self, parent: QWidget | None, lines: int) -> None:
        super().__init__(parent)
        self._lines = lines
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        hint = super().sizeHint()
        margins = self.contentsMargins()
        height = self.fontMetrics().lineSpacing() * self._lines + margins.top() + margins.bottom() + 12
        return QSize(hint.width(), max(MIN_TARGET, height))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())


# ------------------------------------------------------------------------------------------------ the form


@dataclass
class Field:
    """One row: the label, the editing widget, an optional description and the inline error."""

    name: str
    label: QLabel
    widget: QWidget
    error: ErrorLabel
    description: QLabel | None = None

    @property
    def caption(self) -> str:
        text = self.label.text() or (self.widget.text() if isinstance(self.widget, QCheckBox) else "")
        return plain_label(text)


class Form(QWidget):
    """Rows of labelled fields with inline errors and a record of what was loaded (to know what changed)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.layout_.setFormAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.fields: dict[str, Field] = {}
        self._baseline: dict[str, Any] = {}
        self._loading = False

    # -------------------------------------------------------------- building

    def add_row(self, name: str, label: str, widget: QWidget, description: str = "") -> QWidget:
        """Add a field; ``label`` is a translated string. Returns ``widget`` so callers can keep a reference."""
        caption = QLabel(label, self)
        caption.setTextFormat(Qt.TextFormat.PlainText)
        caption.setWordWrap(False)
        target = focus_widget(widget)
        caption.setBuddy(target)
        spoken = plain_label(label or (widget.text() if isinstance(widget, QCheckBox) else ""))
        setter = getattr(widget, "set_accessible_label", None)
        if callable(setter):
            setter(spoken)
        else:
            widget.setAccessibleName(spoken)
        ensure_target(target)
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        if isinstance(widget, QCheckBox):  # as wide as its words: a click beside them would do nothing
            column.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            column.addWidget(widget)
        desc_label: QLabel | None = None
        if description:
            desc_label = QLabel(description, box)
            desc_label.setObjectName("fieldDescription")
            desc_label.setProperty("role", "hint")
            desc_label.setTextFormat(Qt.TextFormat.PlainText)
            desc_label.setWordWrap(True)
            column.addWidget(desc_label)
            target.setAccessibleDescription(description)
            if target is not widget:
                widget.setAccessibleDescription(description)
        error = ErrorLabel(box)
        column.addWidget(error)
        self.layout_.addRow(caption, box)
        self.fields[name] = Field(name, caption, widget, error, desc_label)
        _change_signal(widget).connect(self._on_change)
        return widget

    def add_check(self, name: str, text: str, description: str = "") -> QCheckBox:
        """A check box that carries its own words (the whole line is the click target)."""
        box = QCheckBox(text, self)
        self.add_row(name, "", box, description)
        return box

    def add_heading(self, text: str) -> QLabel:
        heading = QLabel(text, self)
        heading.setObjectName("formHeading")
        heading.setProperty("role", "subheading")  # sized by ui.theme's style sheet
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        heading.setAccessibleName(text)
        self.layout_.addRow(heading)
        return heading

    def add_widget(self, widget: QWidget) -> QWidget:
        """A row spanning both columns (a button row, a note)."""
        self.layout_.addRow(widget)
        return widget

    def set_row_visible(self, name: str, visible: bool) -> None:
        self.layout_.setRowVisible(self.fields[name].label, visible)

    # -------------------------------------------------------------- values

    def widget(self, name: str) -> QWidget:
        return self.fields[name].widget

    def value(self, name: str) -> Any:
        return read_value(self.fields[name].widget)

    def values(self) -> dict[str, Any]:
        return {name: read_value(f.widget) for name, f in self.fields.items()}

    def set_values(self, values: dict[str, Any]) -> None:
        """Load values and take them as the saved state (nothing is "changed" right after)."""
        self._loading = True
        try:
            for name, value in values.items():
                if name in self.fields:
                    write_value(self.fields[name].widget, value)
        finally:
            self._loading = False
        self._baseline = self.values()
        self.clear_errors()
        self.changed.emit()

    def put_values(self, values: dict[str, Any]) -> None:
        """Change what the fields show without changing the saved state (they count as typed by the coach)."""
        for name, value in values.items():
            if name in self.fields:
                write_value(self.fields[name].widget, value)

    def mark_saved(self) -> None:
        self._baseline = self.values()
        self.changed.emit()

    def baseline(self) -> dict[str, Any]:
        return dict(self._baseline)

    def changed_values(self) -> dict[str, Any]:
        """Only the fields whose value differs from what was loaded."""
        now = self.values()
        return {k: v for k, v in now.items() if self._baseline.get(k, _MISSING) != v}

    def is_dirty(self) -> bool:
        return bool(self.changed_values())

    def _on_change(self, *_args: Any) -> None:
        if not self._loading:
            sender = self.sender()
            for f in self.fields.values():
                if f.widget is sender:
                    self._set_error(f, "")
            self.changed.emit()

    # -------------------------------------------------------------- errors

    def _set_error(self, f: Field, message: str) -> None:
        f.error.set_message(message)
        target = focus_widget(f.widget)
        base = f.description.text() if f.description else ""
        target.setAccessibleDescription(f"{message} {base}".strip() if message else base)

    def show_error(self, name: str, message: str, *, focus: bool = True) -> bool:
        """Show ``message`` under field ``name``; False when this form has no such field."""
        f = self.fields.get(name)
        if f is None:
            return False
        self._set_error(f, message)
        if focus:
            target = focus_widget(f.widget)
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            scroller = _scroll_area_of(self)
            if scroller is not None:
                scroller.ensureWidgetVisible(f.error)
        return True

    def error(self, name: str) -> str:
        return self.fields[name].error.message()

    def clear_errors(self) -> None:
        for f in self.fields.values():
            self._set_error(f, "")


_MISSING = object()


def _scroll_area_of(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


# ------------------------------------------------------------------------------------------------ layout helpers


class VScrollArea(QScrollArea):
    """A vertically scrolling area that is always wide enough for its content (nothing clipped sideways)."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWidget(content)
        content.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def _width(self) -> int:
        content = self.widget()
        width = content.minimumSizeHint().expandedTo(content.minimumSize()).width() if content else 0
        return width + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(self._width(), min(200, super().minimumSizeHint().height()))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        content = self.widget()
        hint = content.sizeHint() if content else QSize(0, 0)
        return QSize(max(self._width(), hint.width() + self.verticalScrollBar().sizeHint().width()),
                     hint.height())


def message_banner(parent: QWidget | None = None) -> ErrorLabel:
    """A section-level problem line (for errors that belong to no single field)."""
    banner = ErrorLabel(parent)
    banner.setObjectName("sectionError")
    return banner
