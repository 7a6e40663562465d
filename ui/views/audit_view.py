"""The audit trail of one person: who opened, changed, printed or exported their information, and when.

It shows what the audit trail holds — staff login, time, action, what kind of record and which fields — and never
what was written (the audit trail does not keep it). Rows come from :func:`planner.safety.audit_rows`, newest
first. A button checks the whole trail's hash chain, so a coach or an auditor can see that nothing was altered.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.i18n import _, format_date, format_time, ngettext, to_local
from ui.views.flow_layout import FlowLayout
from ui.views.sizing import FittedDialog
from ui.widgets.form import button

if TYPE_CHECKING:
    from planner.safety import AuditRow
    from planner.services import Services

Index = QModelIndex | QPersistentModelIndex
EVENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class AuditTableModel(QAbstractTableModel):
    """Audit events as table rows: when, who, what was done, to what, which fields."""

    WHEN, STAFF, ACTION, WHAT, FIELDS = range(5)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[AuditRow] = []
        self._texts: list[tuple[str, ...]] = []
        self._headers = [_("When"), _("Staff member"), _("What was done"), _("To what"), _("Which fields")]

    def set_rows(self, rows: Sequence[AuditRow]) -> None:
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda r: r.id, reverse=True)
        self._texts = [self._row_texts(r) for r in self._rows]
        self.endResetModel()

    @staticmethod
    def _row_texts(r: AuditRow) -> tuple[str, ...]:
        local = to_local(r.at)
        when = f"{format_date(local.date(), 'short')} {format_time(local)}"
        what = f"{r.entity_text} {r.entity_id}" if r.entity_id is not None else r.entity_text
        return when, r.user, r.action_text, what, r.fields_text or "–"

    def row_at(self, row: int) -> AuditRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        texts = self._texts[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return texts[index.column()]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self._headers[index.column()]}: {texts[index.column()]}"
        if role == EVENT_ID_ROLE:
            return self._rows[index.row()].id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (Qt.ItemDataRole.DisplayRole,
                                                                 Qt.ItemDataRole.AccessibleTextRole):
            return self._headers[section]
        return None


class AuditView(QWidget):
    """The audit trail of one person, with a refresh and a check of the whole chain."""

    checked = Signal(list)  # the problems found by the chain check (empty when intact)

    def __init__(self, services: Services, person_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.person_id = person_id
        self.setObjectName("auditView")
        self.setAccessibleName(_("Audit trail"))

        column = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setProperty("role", "heading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        column.addWidget(self.heading)
        intro = QLabel(_("Every opening, change, print and export is recorded here: who did it and when. What was "
                         "written is never kept in the audit trail, so it is not shown here."), self)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(intro)

        self.model = AuditTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("auditTable")
        self.table.setAccessibleName(_("Audit events, newest first"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setMinimumHeight(self.fontMetrics().height() * 12)
        column.addWidget(self.table, 1)

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName(_("Status"))
        column.addWidget(self.status)

        strip = QWidget(self)
        buttons = FlowLayout(strip, spacing=8)
        self.refresh_button = button(_("&Refresh"), self.refresh, parent=self,
                                     description=_("Read the audit trail again."))
        self.check_button = button(_("&Check that nothing was altered"), self.check_chain, parent=self,
                                   description=_("Check every event in the audit trail against the one before it."))
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.check_button)
        column.addWidget(strip)
        self.refresh()

    def refresh(self) -> None:
        from planner.errors import NotFoundError, StegvisError
        from planner.safety import audit_rows

        try:
            name = self.services.get_person(self.person_id).display_name
            self.heading.setText(_("Who has used the information about {name}").format(name=name))
        except NotFoundError:
            self.heading.setText(_("Who has used the information about person {id} (erased)").format(
                id=self.person_id))
        except StegvisError as exc:
            self._say(exc.message)
            return
        try:
            rows = audit_rows(self.services, self.person_id)
        except StegvisError as exc:
            self._say(exc.message)
            return
        self.model.set_rows(rows)
        self.heading.setAccessibleName(self.heading.text())
        self._say(ngettext("{n} event.", "{n} events.", len(rows)).format(n=len(rows)) if rows else _("There are no events for this person yet."))
        if rows:
            self.table.selectRow(0)

    def check_chain(self) -> list[str]:
        from planner.errors import StegvisError

        try:
            problems = self.services.audit_chain_problems()
        except StegvisError as exc:
            problems = [exc.message]
        if problems:
            shown = "\n".join(problems[:5])
            more = len(problems) - 5
            if more > 0:
                shown += "\n" + _("… and {n} more.").format(n=more)
            self._say(_("Warning: the audit trail has been altered outside Stegvis.") + "\n" + shown)
        else:
            self._say(_("Checked: nothing in the audit trail has been altered."))
        self.checked.emit(problems)
        return problems

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleDescription(text)


class AuditDialog(FittedDialog):
    """The audit view in its own window, with a Close button."""

    fit_chars = 96

    def __init__(self, services: Services, person_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditDialog")
        self.setWindowTitle(_("Audit trail"))
        column = QVBoxLayout(self)
        self.view = AuditView(services, person_id, self)
        column.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        close = button(_("Close"), self.accept, parent=self, default=True)
        row.addWidget(close)
        column.addLayout(row)
        self.view.table.setFocus()

    def refit(self) -> None:
        super().refit()
        self.resize(self.width(), max(self.height(), self.fontMetrics().height() * 28))
