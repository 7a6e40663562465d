"""One table model for every list in the plan editor, and the columns each list shows.

A list holds the detached rows :meth:`planner.services.Services.get_plan` returned; the model never queries and
never writes. Columns are small descriptions (header, text, optional icon) so each list is a few lines.
Every cell also answers the accessible-text role with "<header>: <text>", which is what a screen reader reads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon

from planner.i18n import N_, _, format_date, format_datetime, pgettext
from planner.model import ACHIEVEMENT_LABELS, GOAL_LIFECYCLE_LABELS, STAGE_LABELS

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Column:
    """``header`` is an English msgid translated when shown; ``text`` turns a row into the cell's words."""

    header: str
    text: Callable[[Any], str]
    icon: Callable[[Any], QIcon | None] | None = None


class RecordTableModel(QAbstractTableModel):
    """Rows of detached records (each with an ``id``) shown through :class:`Column` descriptions."""

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def record(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, ident: int | None) -> int:
        for row, item in enumerate(self._rows):
            if item.id == ident:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.text(item) or None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{_(column.header)}: {column.text(item) or _('empty')}"
        if role == Qt.ItemDataRole.DecorationRole and column.icon is not None:
            return column.icon(item)
        if role == ID_ROLE:
            return item.id
        if role == OBJECT_ROLE:
            return item
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if orientation == Qt.Orientation.Horizontal:
                return _(self.columns[section].header)
            return str(section + 1)
        return None


# ------------------------------------------------------------------------------------------------ helpers


def day_text(value: date | datetime | None) -> str:
    return format_date(value, "medium") if value else ""


def short(text: str, limit: int = 120) -> str:
    """One line of at most ``limit`` characters for a table cell (the full text is in the form)."""
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _pictogram_icon(key: str) -> QIcon | None:
    if not key:
        return None
    from ui.models.editor_pictograms import pictogram_icon

    return pictogram_icon(key, 32)


def _actor_name(item: Any) -> str:
    actor = getattr(item, "actor", None)
    return actor.name if actor is not None else ""


def _yes(flag: bool) -> str:
    return _("Yes") if flag else ""


# ------------------------------------------------------------------------------------------------ the lists


def participant_columns() -> list[Column]:
    return [
        Column(N_("Name"), lambda p: p.name),
        Column(N_("Role"), lambda p: p.role),
        Column(N_("Actor"), _actor_name),
        Column(N_("Phone"), lambda p: p.phone),
        Column(N_("Lead responsibility"), lambda p: _yes(p.is_lead)),
    ]


def goal_columns() -> list[Column]:
    from planner.pictograms import get

    def picture(g: Any) -> str:
        picto = get(g.pictogram) if g.pictogram else None
        from planner.i18n import current_language

        return picto.label(current_language()) if picto else ""

    return [
        Column(N_("Picture"), picture, lambda g: _pictogram_icon(g.pictogram)),
        Column(N_("In their own words"), lambda g: short(g.own_words)),
        Column(N_("Easy-read wording"), lambda g: short(g.easy_read)),
        Column(N_("Status"), lambda g: _(GOAL_LIFECYCLE_LABELS[g.lifecycle])),
        Column(N_("How it is going"), lambda g: _(ACHIEVEMENT_LABELS[g.achievement])),
    ]


def step_columns() -> list[Column]:
    return [
        Column(N_("Step"), lambda s: short(s.text), lambda s: _pictogram_icon(s.pictogram)),
        Column(N_("Do by"), lambda s: day_text(s.due_on)),
        Column(N_("Done"), lambda s: day_text(s.done_on)),
    ]


def support_columns() -> list[Column]:
    return [
        Column(N_("Actor"), _actor_name, lambda s: _pictogram_icon(s.pictogram)),
        Column(N_("Contact"), lambda s: s.contact_name),
        Column(N_("What"), lambda s: short(s.what)),
        Column(N_("How often"), lambda s: s.frequency),
        Column(N_("Start"), lambda s: day_text(s.start_on)),
        Column(N_("End"), lambda s: day_text(s.end_on)),
    ]


def follow_up_status(fu: Any) -> str:
    if fu.cancelled:
        return pgettext("follow-up", "Cancelled")
    if fu.held_on:
        return _("Held")
    return _("Planned")


def follow_up_columns() -> list[Column]:
    return [
        Column(N_("When"), lambda f: format_datetime(f.planned_at)),
        Column(N_("Place"), lambda f: f.place),
        Column(N_("Status"), follow_up_status),
        Column(N_("Held on"), lambda f: day_text(f.held_on)),
    ]


def consent_status(consent: Any, today: date | None = None) -> str:
    today = today or date.today()
    if consent.withdrawn_on is not None and consent.withdrawn_on <= today:
        return _("Withdrawn")
    if consent.valid_until is not None and consent.valid_until < today:
        return _("Expired")
    if consent.given_on > today:
        return _("Not yet valid")
    return _("Valid")


def consent_columns() -> list[Column]:
    return [
        Column(N_("Status"), consent_status),
        Column(N_("Actors that may share"), lambda c: ", ".join(a.name for a in c.actors)),
        Column(N_("Given"), lambda c: day_text(c.given_on)),
        Column(N_("Valid until"), lambda c: day_text(c.valid_until)),
        Column(N_("Withdrawn"), lambda c: day_text(c.withdrawn_on)),
        Column(N_("Given by"), lambda c: c.given_by),
    ]


def stage_change_columns() -> list[Column]:
    return [
        Column(N_("Date"), lambda c: day_text(c.changed_on)),
        Column(N_("From"), lambda c: _(STAGE_LABELS[c.from_stage]) if c.from_stage else _("Start")),
        Column(N_("To"), lambda c: _(STAGE_LABELS[c.to_stage])),
        Column(N_("Note"), lambda c: short(c.note)),
        Column(N_("Recorded by"), lambda c: c.recorded_by),
    ]
