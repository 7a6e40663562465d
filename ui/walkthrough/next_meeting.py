"""Screen 6: "When do we meet again?" — the next follow-up: a day from a big list of the coming days written
out in words ("tisdag 3 mars"), a time ("klockan 10.00") and a place."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont, QPalette
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from planner.i18n import N_, _, babel_locale, format_date, format_datetime, format_time, month_names, to_local
from ui.walkthrough.base import Screen
from ui.walkthrough.widgets import ComboField, FieldSet, LineField, labelled, time_items, with_picto, words

DAYS_SHOWN = 180


def day_words(day: date) -> str:
    """"tisdag 3 mars" / "Tuesday 3 March"."""
    from babel.dates import format_date

    return format_date(day, "EEEE d MMMM", locale=babel_locale())


class DayList(QListWidget):
    """The coming days, one per row with the weekday and month in words, under a heading for each month.

    Arrow keys and Page Up/Down move; the choice is saved when you leave the list or click a day.
    """

    committed = Signal()

    def __init__(self, name: str, first: date, days: int = DAYS_SHOWN) -> None:
        super().__init__()
        self.setAccessibleName(name)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._first = first
        self._days = days
        self._fill(None)
        self.itemClicked.connect(lambda _item: self.committed.emit())

    def _fill(self, keep: date | None) -> None:
        self.clear()
        start = min(self._first, keep) if keep else self._first
        end = max(self._first + timedelta(days=self._days), keep) if keep else self._first + timedelta(days=self._days)
        months = month_names()
        bold = QFont(self.font())
        bold.setBold(True)
        day, month = start, None
        while day <= end:
            if (day.year, day.month) != month:
                month = (day.year, day.month)
                head = QListWidgetItem(f"{months[day.month - 1]} {day.year}")
                head.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading: the arrow keys pass over it
                head.setFont(bold)
                head.setForeground(self.palette().brush(QPalette.ColorRole.Text))
                head.setData(Qt.ItemDataRole.AccessibleTextRole, head.text())
                self.addItem(head)
            item = QListWidgetItem(day_words(day))
            item.setData(Qt.ItemDataRole.UserRole, day)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, format_date(day))
            self.addItem(item)
            day += timedelta(days=1)

    def value(self) -> date | None:
        item = self.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None and item.isSelected() else None

    def set_value(self, day: date | None) -> None:
        if day is None:
            self.clearSelection()
            self.setCurrentRow(-1)
            return
        if self._row_of(day) < 0:
            self._fill(day)
        row = self._row_of(day)
        self.setCurrentRow(row)
        self.scrollToItem(self.item(row), QListWidget.ScrollHint.PositionAtCenter)

    def _row_of(self, day: date) -> int:
        for row in range(self.count()):
            if self.item(row).data(Qt.ItemDataRole.UserRole) == day:
                return row
        return -1

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusInEvent(event)
        if not self.selectedItems():  # nothing chosen stays so; the first Down chooses the first day
            self.selectionModel().setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusOutEvent(event)
        self.committed.emit()

    def sizeHint(self):  # type: ignore[no-untyped-def]  # noqa: N802 - Qt API
        hint = super().sizeHint()
        hint.setHeight(self.fontMetrics().height() * 10)
        return hint


class NextMeetingScreen(Screen):
    KEY = "next_meeting"
    TITLE = N_("When do we meet again?")
    PICTOGRAM = "calendar"
    INTRO = N_("Choose a day, a time and a place for the next meeting.")

    def build(self) -> None:
        self.fields = FieldSet(self._save, self.error)
        self.day = self.fields.add("day", DayList(_("Day"), self.meeting.today + timedelta(days=1)))
        self.day.setMinimumHeight(self.m.line * 6)
        self.body.addWidget(labelled(_("Day"), self.day, self.m, "calendar"))
        self.time = self.fields.add("time", ComboField(_("Time"), time_items()))
        self.body.addWidget(labelled(_("Time"), self.time, self.m, "clock"))
        self.place = self.fields.add("place", LineField(_("Place")))
        self.body.addWidget(labelled(_("Place"), self.place, self.m, "place"))
        self.summary = words("", "heading")
        self.body.addWidget(with_picto("meeting", self.m.card_icon, self.summary))
        self._load()

    def _load(self) -> None:
        nxt = self.meeting.next_follow_up()
        if nxt is None:
            self.fields.load({"day": None, "time": time(10, 0), "place": self._default_place()})
        else:
            local = to_local(nxt.planned_at)
            self.fields.load({"day": local.date(), "time": local.time().replace(second=0, microsecond=0),
                              "place": nxt.place})
            if self.time.value() != local.time().replace(second=0, microsecond=0):
                self.time.set_items([*time_items(), (_("at {time}").format(time=format_time(local)), local.time())])
                self.time.set_value(local.time())
                self.fields.saved["time"] = self.time.value()
        self._show_summary()

    def _default_place(self) -> str:
        current = self.meeting.current_follow_up()
        return current.place if current is not None else ""

    def _save(self, _changes: dict[str, Any]) -> None:
        values = self.fields.values()
        self.meeting.save_next_meeting(values["day"], values["time"], values["place"])
        self._show_summary()

    def _show_summary(self) -> None:
        nxt = self.meeting.next_follow_up()
        if nxt is None:
            self.summary.setText(_("No day is chosen yet."))
        elif nxt.place:
            self.summary.setText(_("We meet {when}. Place: {place}.").format(when=format_datetime(nxt.planned_at),
                                                                           place=nxt.place))
        else:
            self.summary.setText(_("We meet {when}.").format(when=format_datetime(nxt.planned_at)))

    def commit(self, *, leaving: bool = False) -> bool:
        return self.fields.commit(leaving=leaving)
