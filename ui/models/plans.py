"""The people-and-plans list: a table model over ``Services.list_plans`` and a filtering proxy.

Built for 10,000+ people. Everything a keystroke needs is computed once when rows arrive: the display strings and
one case-folded "haystack" per row, so the proxy's per-row test is a few ``in`` checks. Sorting uses Swedish
collation (QCollator sv_SE, so å ä ö come after z) with sort keys computed once per column, and happens in the
source model: a sorting proxy would call back into Python O(n log n) times on every keystroke, whereas here the
proxy only filters and keeps the source order.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCollator,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from planner.i18n import _, current_language, month_names, to_local

if TYPE_CHECKING:
    from planner.services import PlanRow

Index = QModelIndex | QPersistentModelIndex

PLAN_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 2
ROW_ROLE = Qt.ItemDataRole.UserRole + 3


def swedish_collator() -> QCollator:
    collator = QCollator(QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden))
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    collator.setNumericMode(True)
    return collator


@functools.lru_cache(maxsize=4)
def _months(language: str) -> tuple[str, ...]:
    return tuple(month_names(language))


class DateFormatter:
    """Fast "3 mars 2026" formatting: month names from Babel once, then plain string work per row."""

    def __init__(self) -> None:
        self.months = _months(current_language())

    def day(self, value: date | datetime | None) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = to_local(value).date()
        return f"{value.day} {self.months[value.month - 1]} {value.year}"


@dataclass
class PreparedRows:
    """Rows with their display texts and search text, already in sort order."""

    rows: list[PlanRow]
    text: list[tuple[str, str, str, str, str, str]]
    hay: list[str]
    column: int
    order: Qt.SortOrder


def _ranks(collator: QCollator, values: Sequence[str]) -> list[int]:
    """Each value's position in Swedish collation order (equal strings share a rank)."""
    unique = sorted(set(values), key=collator.sortKey)
    rank = {value: i for i, value in enumerate(unique)}
    return [rank[v] for v in values]


def _sort_keys(collator: QCollator, rows: Sequence[PlanRow], text: Sequence[tuple[str, ...]],
               column: int) -> list[Any]:
    names = _ranks(collator, [t[0] for t in text])
    if column == PlanListModel.NAME:
        return names
    if column == PlanListModel.NEXT:
        # rows without a next follow-up go last; ties by name
        far = datetime.max
        return [((r.next_follow_up.replace(tzinfo=None) if r.next_follow_up else far), n)
                for r, n in zip(rows, names, strict=True)]
    return list(zip(_ranks(collator, [t[column] for t in text]), names, strict=True))


class PlanListModel(QAbstractTableModel):
    """One row per plan (a person with two plans has two rows)."""

    NAME, STAGE, STATUS, COACH, NEXT, UNIT = range(6)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[PlanRow] = []
        self._text: list[tuple[str, str, str, str, str, str]] = []
        self._hay: list[str] = []
        self._keys: dict[int, list[Any]] = {}
        self._collator = swedish_collator()
        self._sort_column = self.NAME
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._headers = [_("Name"), _("Stage"), _("Status"), _("Coach"), _("Next follow-up"), _("Placement")]

    # ------------------------------------------------------------------ loading

    def set_rows(self, rows: Sequence[PlanRow]) -> None:
        """Replace every row (after a load or a save) and keep the current sort."""
        self.set_prepared(self.prepare(rows, self._sort_column, self._sort_order))

    @classmethod
    def prepare(cls, rows: Sequence[PlanRow], column: int = 0,
                order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> PreparedRows:
        """Everything the list needs, computed from plain rows. Pure and thread-safe: the app runs it on the
        loading thread so the window only swaps the result in."""
        from planner.model import PLAN_STATUS_LABELS, STAGE_LABELS

        stage_labels = {k: _(v) for k, v in STAGE_LABELS.items()}
        status_labels = {k: _(v) for k, v in PLAN_STATUS_LABELS.items()}
        fmt = DateFormatter()
        text: list[tuple[str, str, str, str, str, str]] = []
        hay: list[str] = []
        for r in rows:
            name = f"{r.person} ({r.preferred_name})" if r.preferred_name and r.preferred_name != r.person \
                else r.person
            stage = stage_labels.get(r.stage, str(r.stage))
            status = status_labels.get(r.status, str(r.status))
            nxt = fmt.day(r.next_follow_up)
            text.append((name, stage, status, r.coach, nxt, r.placement_unit))
            hay.append("\x1f".join((name, stage, status, r.coach, r.placement_unit,
                                    r.personal_number or "")).casefold())
        keys = _sort_keys(swedish_collator(), rows, text, column)
        order_idx = sorted(range(len(rows)), key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        return PreparedRows([rows[i] for i in order_idx], [text[i] for i in order_idx],
                            [hay[i] for i in order_idx], column, order)

    def set_prepared(self, prepared: PreparedRows) -> None:
        self.beginResetModel()
        self._rows, self._text, self._hay = prepared.rows, prepared.text, prepared.hay
        self._sort_column, self._sort_order = prepared.column, prepared.order
        self._keys = {}
        self.endResetModel()

    # ------------------------------------------------------------------ Qt model API

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text[row][index.column()]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._text[row][index.column()] or _("none")
        if role == PLAN_ID_ROLE:
            return self._rows[row].plan_id
        if role == PERSON_ID_ROLE:
            return self._rows[row].person_id
        if role == ROW_ROLE:
            return self._rows[row]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (Qt.ItemDataRole.DisplayRole,
                                                                 Qt.ItemDataRole.AccessibleTextRole):
            return self._headers[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._headers):
            return
        self._sort_column, self._sort_order = column, order
        if column not in self._keys:
            self._keys[column] = _sort_keys(self._collator, self._rows, self._text, column)
        keys = self._keys[column]
        order_idx = sorted(range(len(self._rows)), key=keys.__getitem__,
                           reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_rows = [i.row() for i in old]
        position = {src: dst for dst, src in enumerate(order_idx)}
        self._rows = [self._rows[i] for i in order_idx]
        self._text = [self._text[i] for i in order_idx]
        self._hay = [self._hay[i] for i in order_idx]
        self._keys = {c: [k[i] for i in order_idx] for c, k in self._keys.items()}
        self.changePersistentIndexList(old, [self.index(position[r], i.column()) for r, i in
                                             zip(old_rows, old, strict=True)])
        self.layoutChanged.emit()

    # ------------------------------------------------------------------ helpers for the proxy and views

    def row_at(self, row: int) -> PlanRow:
        return self._rows[row]

    def column_texts(self, column: int) -> set[str]:
        """The distinct texts of a column (to size it to its content)."""
        return {t[column] for t in self._text}

    def haystack(self, row: int) -> str:
        return self._hay[row]

    def row_of_plan(self, plan_id: int) -> int:
        for i, r in enumerate(self._rows):
            if r.plan_id == plan_id:
                return i
        return -1

    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order


class PlanFilterProxy(QSortFilterProxyModel):
    """Filters as you type: every word must appear in the name, stage, status, coach, placement or identity number.

    Sorting is forwarded to the source model (see the module docstring), so this proxy stays in source order.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._stage: str | None = None
        self._status: str | None = None
        self._coach_id: int | None = None
        self.setDynamicSortFilter(False)

    def source(self) -> PlanListModel:
        model = self.sourceModel()
        assert isinstance(model, PlanListModel)
        return model

    def set_filter(self, text: str | None = None, *, stage: str | None | object = ..., status: Any = ...,
                   coach_id: Any = ...) -> None:
        """Change any part of the filter; parts not given stay as they are."""
        self.beginFilterChange()
        if text is not None:
            self._words = tuple(w.replace("-", "") if w.replace("-", "").isdigit() else w
                                for w in text.casefold().split())
        if stage is not ...:
            self._stage = str(stage) if stage else None
        if status is not ...:
            self._status = str(status) if status else None
        if coach_id is not ...:
            self._coach_id = int(coach_id) if coach_id else None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def is_filtered(self) -> bool:
        return bool(self._words or self._stage or self._status or self._coach_id)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        if self._stage or self._status or self._coach_id:
            r = model.row_at(source_row)  # type: ignore[attr-defined]
            if self._stage and r.stage.value != self._stage:
                return False
            if self._status and r.status.value != self._status:
                return False
            if self._coach_id and r.coach_id != self._coach_id:
                return False
        if self._words:
            hay = model.haystack(source_row)  # type: ignore[attr-defined]
            for word in self._words:
                if word not in hay:
                    return False
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.source().sort(column, order)
