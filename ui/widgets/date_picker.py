"""Date and date-and-time fields with a calendar popup whose weekday and month names come from Babel.

The coach can type a date (2026-03-03, 3/3 2026, 3 mars 2026 …) or pick one in the calendar; under the field the
date is repeated in words ("tisdag 3 mars 2026") so a slip is easy to see. Keyboard: Up/Down change the day,
Page Up/Page Down the month, Alt+Down or F4 opens the calendar, where the arrow keys move and Enter chooses.

``value()`` gives a ``date`` (or an aware UTC ``datetime`` for :class:`DateTimePicker`, converted from Stockholm
wall-clock time), ``None`` when empty, and the raw text when it is not a date, so the services can name the field
in their message and nothing typed is thrown away.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QGuiApplication, QKeyEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.i18n import (
    _,
    current_language,
    format_date,
    format_datetime,
    local_to_utc,
    month_names,
    to_local,
    weekday_names,
)
from ui.widgets.form import MIN_TARGET, button, ensure_target

# ------------------------------------------------------------------------------------------------ parsing

_YMD = re.compile(r"^(\d{4})[-./ ](\d{1,2})[-./ ](\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DMY = re.compile(r"^(\d{1,2})[-./ ](\d{1,2})[-./ ](\d{4})$")
_WORDS = re.compile(r"^(?:\w+,?\s+)?(\d{1,2})\.?\s+(\w+)\.?,?\s+(\d{4})$")
_TIME = re.compile(r"^(?:kl(?:ockan)?\.?\s*|at\s+)?(\d{1,2})(?:[.:]?(\d{2}))?$")


def _month_from_word(word: str) -> int | None:
    word = word.casefold()
    for language in ("sv", "en"):
        for number, name in enumerate(month_names(language), start=1):
            name = name.casefold()
            if word == name or (len(word) >= 3 and name.startswith(word)):
                return number
    return None


def parse_date(text: str) -> date | None:
    """A date from what a coach types; ``None`` for empty text. Raises ValueError when it is not a date."""
    text = " ".join(text.strip().split())
    if not text:
        return None
    for pattern, order in ((_YMD, "ymd"), (_COMPACT, "ymd"), (_DMY, "dmy")):
        m = pattern.match(text)
        if m:
            a, b, c = (int(g) for g in m.groups())
            return date(a, b, c) if order == "ymd" else date(c, b, a)
    m = _WORDS.match(text)
    if m:
        month = _month_from_word(m.group(2))
        if month is not None:
            return date(int(m.group(3)), month, int(m.group(1)))
    raise ValueError(text)


def parse_time(text: str) -> time | None:
    """"10", "10.30", "10:30", "1030", "kl. 10" → a time; ``None`` for empty text; ValueError otherwise."""
    text = text.strip().casefold()
    if not text:
        return None
    m = _TIME.match(text)
    if not m:
        if len(text) == 4 and text.isdigit():
            return time(int(text[:2]), int(text[2:]))
        raise ValueError(text)
    return time(int(m.group(1)), int(m.group(2) or 0))


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# ------------------------------------------------------------------------------------------------ the calendar


class MonthModel(QAbstractTableModel):
    """Six weeks around one month, Monday first; headers are Babel's weekday names in the active language."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._first = date.today().replace(day=1)
        self._start = self._grid_start(self._first)
        self._weekdays = weekday_names(current_language())

    @staticmethod
    def _grid_start(first: date) -> date:
        return first - timedelta(days=first.weekday())

    def month(self) -> date:
        return self._first

    def set_month(self, any_day: date) -> None:
        first = any_day.replace(day=1)
        if first != self._first:
            self.beginResetModel()
            self._first = first
            self._start = self._grid_start(first)
            self.endResetModel()

    def date_at(self, index: QModelIndex | QPersistentModelIndex) -> date:
        return self._start + timedelta(days=index.row() * 7 + index.column())

    def index_of(self, day: date) -> QModelIndex:
        offset = (day - self._start).days
        if not 0 <= offset < 42:
            return QModelIndex()
        return self.index(offset // 7, offset % 7)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 6

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 7

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        day = self.date_at(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return str(day.day)
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            words = format_date(day, "long")
            return _("{date}, today").format(date=words) if day == date.today() else words
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and day == date.today():
            font = QFont()
            font.setBold(True)
            font.setUnderline(True)  # today: bold and underlined, not colour alone
            return font
        if role == Qt.ItemDataRole.ForegroundRole and day.month != self._first.month:
            return QGuiApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (Qt.ItemDataRole.DisplayRole,
                                                                   Qt.ItemDataRole.AccessibleTextRole):
            return self._weekdays[section]
        return None


class _MonthView(QTableView):
    """The day grid; the popup handles the keys so moving past the edge of a month turns the page."""

    key = Signal(QKeyEvent)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.wanted = QSize(7 * MIN_TARGET, 7 * MIN_TARGET)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 - a size of its own: style sheets set min-height on item views
        return self.wanted

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return self.wanted

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        self.key.emit(event)


class CalendarPopup(QFrame):
    """A month calendar in a popup window. ``picked(date)`` fires on Enter, Space or a click."""

    picked = Signal(object)

    def __init__(self, parent: QWidget | None = None, current: date | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.Box)
        self.setAccessibleName(_("Calendar"))
        self._focus_day = current or date.today()

        self.prev_button = button(_("Previous month"), lambda: self.set_focus_day(add_months(self._focus_day, -1)))
        self.next_button = button(_("Next month"), lambda: self.set_focus_day(add_months(self._focus_day, 1)))
        self.today_button = button(_("Today"), lambda: self.set_focus_day(date.today()))
        for b in (self.prev_button, self.next_button, self.today_button):
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.title = QLabel(self)
        self.title.setProperty("role", "subheading")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.model = MonthModel(self)
        self.view = _MonthView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(_("Days of the month"))
        self.view.setAccessibleDescription(_("Arrow keys move a day or a week, Page Up and Page Down a month, "
                                             "Enter chooses the day."))
        self.view.verticalHeader().hide()
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setTabKeyNavigation(False)
        self.view.key.connect(self._key)
        self.view.clicked.connect(lambda index: self._pick(self.model.date_at(index)))

        self.words = QLabel(self)
        self.words.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.words.setTextFormat(Qt.TextFormat.PlainText)

        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.title, 1)
        nav.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addLayout(nav)
        layout.addWidget(self.view)
        footer = QHBoxLayout()
        footer.addWidget(self.words, 1)
        footer.addWidget(self.today_button)
        layout.addLayout(footer)
        self.set_focus_day(self._focus_day)

    def focus_day(self) -> date:
        return self._focus_day

    def set_focus_day(self, day: date) -> None:
        self._focus_day = day
        self.model.set_month(day)
        months = month_names(current_language())
        self.title.setText(f"{months[day.month - 1]} {day.year}")
        self.title.setAccessibleName(self.title.text())
        index = self.model.index_of(day)
        self.view.setCurrentIndex(index)
        self.words.setText(format_date(day, "long"))
        self._fit()

    def _fit(self) -> None:
        self.view.ensurePolished()  # the style sheet's borders and paddings count
        header = self.view.horizontalHeader()
        header.ensurePolished()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        width = max(MIN_TARGET, max(header.sectionSizeHint(c) for c in range(7)))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        for column in range(7):
            header.resizeSection(column, width)
        row = max(MIN_TARGET, self.view.fontMetrics().height() + 16)
        rows = self.view.verticalHeader()
        rows.setMinimumSectionSize(row)
        for r in range(6):
            rows.resizeSection(r, row)
        frame = 2 * self.view.frameWidth()
        self.view.wanted = QSize(width * 7 + frame, row * 6 + self._header_height() + frame + 4)
        self.view.updateGeometry()

    def _header_height(self) -> int:
        header = self.view.horizontalHeader()
        return max(header.sizeHint().height(),
                   max(header.sectionSizeFromContents(c).height() for c in range(7)), header.height())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - sizes are final once the style sheet applies
        super().showEvent(event)
        self._fit()
        self.resize(self.sizeHint())  # adjustSize() would cap a window at 2/3 of the screen

    def _key(self, event: QKeyEvent) -> None:
        day = self._focus_day
        moves = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -7, Qt.Key.Key_Down: 7}
        key = event.key()
        if key in moves:
            step = moves[Qt.Key(key)]
            if self.layoutDirection() == Qt.LayoutDirection.RightToLeft and abs(step) == 1:
                step = -step
            self.set_focus_day(day + timedelta(days=step))
        elif key == Qt.Key.Key_PageUp:
            self.set_focus_day(add_months(day, -12 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else -1))
        elif key == Qt.Key.Key_PageDown:
            self.set_focus_day(add_months(day, 12 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1))
        elif key == Qt.Key.Key_Home:
            self.set_focus_day(day.replace(day=1))
        elif key == Qt.Key.Key_End:
            self.set_focus_day(day.replace(day=calendar.monthrange(day.year, day.month)[1]))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self._pick(day)
        elif key == Qt.Key.Key_Escape:
            self.close()
        elif key == Qt.Key.Key_Tab:
            self.focusNextChild()
        else:
            event.ignore()

    def _pick(self, day: date) -> None:
        self.picked.emit(day)
        self.close()

    def popup_under(self, anchor: QWidget) -> None:
        """Show just under ``anchor``, kept on its screen, with the day grid focused."""
        self.resize(self.sizeHint())  # adjustSize() would cap a window at 2/3 of the screen
        pos = anchor.mapToGlobal(QPoint(0, anchor.height()))
        screen = anchor.screen().availableGeometry() if anchor.screen() else None
        if screen is not None:
            if pos.y() + self.height() > screen.bottom():
                pos.setY(max(screen.top(), anchor.mapToGlobal(QPoint(0, 0)).y() - self.height()))
            pos.setX(max(screen.left(), min(pos.x(), screen.right() - self.width())))
        self.move(pos)
        self.show()
        self.view.setFocus(Qt.FocusReason.PopupFocusReason)


# ------------------------------------------------------------------------------------------------ the fields


class DatePicker(QWidget):
    """A date field: type it or pick it in the calendar; the date is repeated in words underneath."""

    valueChanged = Signal(object)  # noqa: N815 - Qt naming

    def __init__(self, parent: QWidget | None = None, *, with_time: bool = False) -> None:
        super().__init__(parent)
        self._spoken = _("Date")
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(_("YYYY-MM-DD"))
        self.edit.setMaxLength(40)
        ensure_target(self.edit)
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("2026-12-31") + 40)
        self.calendar_button = button(_("Calendar…"), self.open_calendar)
        self.time_edit: QLineEdit | None = None
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.calendar_button)
        if with_time:
            at = QLabel(_("time"), self)
            self.time_edit = QLineEdit(self)
            self.time_edit.setPlaceholderText(_("10.00"))
            self.time_edit.setMaxLength(20)
            ensure_target(self.time_edit)
            self.time_edit.setMinimumWidth(self.time_edit.fontMetrics().horizontalAdvance("00.00") + 40)
            at.setBuddy(self.time_edit)
            row.addWidget(at)
            row.addWidget(self.time_edit)
            self.time_edit.textChanged.connect(self._changed)
        self.words = QLabel(self)
        self.words.setObjectName("dateInWords")
        self.words.setProperty("role", "hint")
        self.words.setTextFormat(Qt.TextFormat.PlainText)
        self.words.setWordWrap(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.words)
        self.popup: CalendarPopup | None = None
        self.edit.textChanged.connect(self._changed)
        self.edit.installEventFilter(self)
        self.set_accessible_label(self._spoken)
        self._changed()

    # -------------------------------------------------------------- form protocol

    def focus_widget(self) -> QWidget:
        return self.edit

    def set_accessible_label(self, text: str) -> None:
        self._spoken = text
        self.setAccessibleName(text)
        self.edit.setAccessibleName(text)
        self.calendar_button.setAccessibleName(_("{field}: open the calendar").format(field=text))
        if self.time_edit is not None:
            self.edit.setAccessibleName(_("{field}: date").format(field=text))
            self.time_edit.setAccessibleName(_("{field}: time").format(field=text))

    def typed_date(self) -> date | None:
        """The typed date, or None when empty or not a date."""
        try:
            return parse_date(self.edit.text())
        except ValueError:
            return None

    def value(self) -> Any:
        text = self.edit.text().strip()
        try:
            return parse_date(text)
        except ValueError:
            return text

    def setValue(self, value: Any) -> None:  # noqa: N802 - Qt naming
        self.edit.setText(value.isoformat() if isinstance(value, date) else (value or ""))
        self.edit.setCursorPosition(0)

    # -------------------------------------------------------------- behaviour

    def _words(self) -> str:
        text = self.edit.text().strip()
        if not text:
            return ""
        try:
            return format_date(parse_date(text), "long")
        except ValueError:
            return _("Not a date yet. Write it like 2026-03-03.")

    def _changed(self, *_args: Any) -> None:
        words = self._words()
        self.words.setText(words)
        self.words.setVisible(bool(words))
        self.valueChanged.emit(self.value())

    def open_calendar(self) -> CalendarPopup:
        popup = CalendarPopup(self, self.typed_date() or date.today())
        popup.picked.connect(self._picked)
        popup.destroyed.connect(lambda *_: setattr(self, "popup", None))
        popup.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.popup = popup
        popup.popup_under(self.edit)
        return popup

    def _picked(self, day: date) -> None:
        self.edit.setText(day.isoformat())
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.edit and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key, mods = event.key(), event.modifiers()
            if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier):
                self.open_calendar()
                return True
            steps = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1}
            if key in steps and not mods:
                self._step(days=steps[Qt.Key(key)])
                return True
            if key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown) and not mods:
                self._step(months=1 if key == Qt.Key.Key_PageUp else -1)
                return True
        return super().eventFilter(watched, event)

    def _step(self, *, days: int = 0, months: int = 0) -> None:
        day = self.typed_date()
        day = date.today() if day is None else add_months(day, months) + timedelta(days=days)
        self.edit.setText(day.isoformat())


class DateTimePicker(DatePicker):
    """A date and a time of day in Stockholm; ``value()`` is an aware UTC datetime (DST handled by zoneinfo)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, with_time=True)

    def _time(self) -> time | None:
        assert self.time_edit is not None
        try:
            return parse_time(self.time_edit.text())
        except ValueError:
            return None

    def value(self) -> Any:
        assert self.time_edit is not None
        day_text, time_text = self.edit.text().strip(), self.time_edit.text().strip()
        if not day_text and not time_text:
            return None
        day, at = self.typed_date(), self._time()
        if day is not None and at is not None:
            return local_to_utc(day, at)
        return f"{day_text} {time_text}".strip()  # not a moment yet: the services say what is missing

    def setValue(self, value: Any) -> None:  # noqa: N802 - Qt naming
        assert self.time_edit is not None
        if isinstance(value, datetime):
            local = to_local(value)
            self.edit.setText(local.date().isoformat())
            self.time_edit.setText(local.strftime("%H.%M") if current_language() == "sv" else local.strftime("%H:%M"))
        elif isinstance(value, str) and value.strip():  # text that was typed but is not a moment yet: keep it
            day_text, _sep, time_text = value.strip().rpartition(" ")
            try:
                parse_time(time_text)
            except ValueError:
                day_text, time_text = value.strip(), ""
            if not day_text:
                day_text, time_text = time_text, ""
            self.edit.setText(day_text)
            self.time_edit.setText(time_text)
        else:
            self.edit.setText("")
            self.time_edit.setText("")
        self.edit.setCursorPosition(0)

    def _words(self) -> str:
        assert self.time_edit is not None
        day_text, time_text = self.edit.text().strip(), self.time_edit.text().strip()
        if not day_text and not time_text:
            return ""
        value = self.value()
        if isinstance(value, datetime):
            return format_datetime(value)
        if self.typed_date() is None:
            return _("Not a date yet. Write it like 2026-03-03.")
        return _("Write the time like 10.00.")
