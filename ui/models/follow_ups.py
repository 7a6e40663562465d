"""The "Kommande uppföljningar" overview: planned follow-ups, overdue first, then the next 30 days.

Rows come from ``Services.follow_ups_due`` (already ordered: an overdue follow-up is earlier than any coming one).
Overdue is said in words ("Overdue") and with a warning pictogram in the status column, and in bold; colour is
only a third signal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon

from planner.i18n import _, format_time, to_local
from ui.models.plans import DateFormatter

if TYPE_CHECKING:
    from planner.services import FollowUpRow

Index = QModelIndex | QPersistentModelIndex

FOLLOW_UP_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PLAN_ID_ROLE = Qt.ItemDataRole.UserRole + 2
ROW_ROLE = Qt.ItemDataRole.UserRole + 3
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 4


class FollowUpModel(QAbstractTableModel):
    STATUS, WHEN, PERSON, PLACE, COACH = range(5)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[FollowUpRow] = []
        self._when: dict[int, str] = {}
        self._headers = [_("Status"), _("When"), _("Person"), _("Place"), _("Coach")]
        self._overdue_icon = QIcon()
        self._coming_icon = QIcon()
        self._warning = QColor("#a30000")
        self._fmt: DateFormatter | None = None
        self._weekdays: list[str] = []

    def set_icons(self, overdue: QIcon, coming: QIcon) -> None:
        self._overdue_icon, self._coming_icon = overdue, coming

    def set_warning_colour(self, colour: QColor) -> None:
        self._warning = colour
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.columnCount() - 1))

    def set_rows(self, rows: Sequence[FollowUpRow]) -> None:
        from planner.i18n import weekday_names

        self.beginResetModel()
        self._rows = list(rows)
        self._when = {}
        self._fmt = DateFormatter()
        self._weekdays = weekday_names()
        self.endResetModel()

    def row_at(self, row: int) -> FollowUpRow:
        return self._rows[row]

    def rows(self) -> list[FollowUpRow]:
        return list(self._rows)

    def column_texts(self, column: int) -> set[str]:
        """The distinct texts of a column; for "When" the widest text any date can give."""
        if column == self.WHEN:
            if not self._weekdays or self._fmt is None:
                return set()
            weekday = max(self._weekdays, key=len)
            month = max(self._fmt.months, key=len)
            return {_("{weekday} {date}, {time}").format(weekday=weekday, date=f"30 {month} 2030",
                                                         time=format_time(datetime(2030, 1, 1, 10, 0)))}
        if column == self.STATUS:
            return {_("Overdue"), _("Planned")}
        pick = {self.PERSON: "person", self.PLACE: "place", self.COACH: "coach"}[column]
        return {getattr(r, pick) for r in self._rows}

    @property
    def overdue_count(self) -> int:
        return sum(1 for r in self._rows if r.overdue)

    def _when_text(self, row: int) -> str:
        """"tisdag 3 mars 2026, 10.00": weekday and month in words, as the easy-read rules ask."""
        text = self._when.get(row)
        if text is None:
            r = self._rows[row]
            local = to_local(r.planned_at)
            assert self._fmt is not None
            weekday = self._weekdays[local.weekday()] if self._weekdays else ""
            text = _("{weekday} {date}, {time}").format(weekday=weekday, date=self._fmt.day(local),
                                                        time=format_time(local))
            self._when[row] = text
        return text

    # ------------------------------------------------------------------ Qt model API

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        r = self._rows[row]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole,
                    Qt.ItemDataRole.ToolTipRole):
            if col == self.STATUS:
                return _("Overdue") if r.overdue else _("Planned")
            if col == self.WHEN:
                return self._when_text(row)
            if col == self.PERSON:
                return r.person
            if col == self.PLACE:
                return r.place
            if col == self.COACH:
                return r.coach
        if role == Qt.ItemDataRole.DecorationRole and col == self.STATUS:
            return self._overdue_icon if r.overdue else self._coming_icon
        if role == Qt.ItemDataRole.FontRole and r.overdue and col in (self.STATUS, self.WHEN):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and r.overdue and col == self.STATUS:
            return QBrush(self._warning)
        if role == FOLLOW_UP_ID_ROLE:
            return r.follow_up_id
        if role == PLAN_ID_ROLE:
            return r.plan_id
        if role == OVERDUE_ROLE:
            return r.overdue
        if role == ROW_ROLE:
            return r
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (Qt.ItemDataRole.DisplayRole,
                                                                 Qt.ItemDataRole.AccessibleTextRole):
            return self._headers[section]
        return None
