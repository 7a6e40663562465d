"""The "New person and plan" dialog (also "New plan" for someone already in the list).

It collects a few values, hands them to ``Services.create_person`` / ``create_plan`` and shows a refused value
under the field it concerns, keeping everything typed. If the person was saved but the plan was refused, the
person is remembered so pressing Create again does not make a second copy of them.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from planner.i18n import _
from ui.views.sizing import FittedDialog
from ui.widgets.date_picker import DatePicker
from ui.widgets.form import Form, VScrollArea, button, combo

if TYPE_CHECKING:
    from planner.services import Services

PERSON_FIELDS = ("name", "preferred_name", "personal_number")
PLAN_FIELDS = ("period_start", "stage", "coach_id")


class NewPlanDialog(FittedDialog):
    """Creates a person (unless ``person_id`` is given) and a first plan for them."""

    fit_chars = 64

    def __init__(self, services: Services, parent: QWidget | None = None, *, person_id: int | None = None,
                 person_name: str = "") -> None:
        super().__init__(parent)
        self.services = services
        self.person_id = person_id
        self.plan_id: int | None = None
        self._made_person: int | None = None
        self.setWindowTitle(_("New plan") if person_id else _("New person and plan"))
        self.setObjectName("newPlanDialog")
        self.setModal(True)

        from planner.model import STAGE_LABELS, Stage

        outer = QVBoxLayout(self)
        heading = QLabel(self.windowTitle(), self)
        heading.setProperty("role", "heading")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        outer.addWidget(heading)
        intro = QLabel(_("Fill in what you know now. You can add the rest in the plan later.")
                       if person_id is None else _("A new plan for {name}.").format(name=person_name), self)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        outer.addWidget(intro)

        self.form = Form(self)
        if person_id is None:
            self.form.add_heading(_("The person"))
            self.name = self.form.add_row("name", _("&Name"), QLineEdit(self),
                                          _("First name and last name."))
            self.preferred = self.form.add_row("preferred_name", _("Wants to &be called"), QLineEdit(self),
                                               _("Leave empty if it is the same as the first name."))
            self.pnr = self.form.add_row("personal_number", _("&Personal identity number"), QLineEdit(self),
                                         _("Optional. For example 19900101-1234."))
        self.form.add_heading(_("The plan"))
        start = DatePicker(self)
        start.setValue(date.today())
        self.start = self.form.add_row("period_start", _("Plan &starts"), start)
        self.stage = self.form.add_row("stage", _("Step on the way to &work"),
                                       combo([(_(STAGE_LABELS[s]), s.value) for s in Stage], self))
        coaches: list[tuple[str, Any]] = [(_("Me"), None)]
        coaches += [(s.display_name, s.id) for s in services.list_staff() if s.login != services.user]
        self.coach = self.form.add_row("coach_id", _("&Coach"), combo(coaches, self))

        self.fit_scroller = VScrollArea(self.form, self)
        outer.addWidget(self.fit_scroller, 1)

        self.general_error = QLabel(self)
        self.general_error.setProperty("role", "error")
        self.general_error.setWordWrap(True)
        self.general_error.setTextFormat(Qt.TextFormat.PlainText)
        self.general_error.hide()
        outer.addWidget(self.general_error)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = button(_("Cancel"), self.reject, parent=self)
        self.create_button = button(_("C&reate"), self.create, parent=self, default=True,
                                    description=_("Save the person and the plan, and open the plan."))
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.create_button)
        outer.addLayout(buttons)

        first = self.name if person_id is None else self.start
        first.setFocus()

    # ------------------------------------------------------------------ saving

    def create(self) -> None:
        """Save through the services; a refusal is shown next to its field and nothing typed is lost."""
        from planner.errors import StegvisError, ValidationError

        self.form.clear_errors()
        self.general_error.hide()
        values = self.form.values()
        try:
            person_id = self.person_id or self._made_person
            if person_id is None:
                person = self.services.create_person(
                    values["name"], preferred_name=values["preferred_name"],
                    personal_number=values["personal_number"] or None)
                person_id = self._made_person = person.id
            start = values["period_start"]
            plan = self.services.create_plan(person_id, period_start=_to_date(start), stage=values["stage"],
                                             coach_id=values["coach_id"])
        except ValidationError as err:
            if not self.form.show_error(_field_name(err.field), err.message):
                self._show_general(err.message)
            return
        except StegvisError as err:
            self._show_general(err.message + ("\n" + err.advice if getattr(err, "advice", "") else ""))
            return
        self.person_id = person_id
        self.plan_id = plan.id
        self.accept()

    def _show_general(self, message: str) -> None:
        self.general_error.setText(message)
        self.general_error.setAccessibleName(message)
        self.general_error.show()


def _to_date(value: Any) -> Any:
    """A QDate as a date; anything else (a date, None, raw text) goes to the services to judge."""
    if isinstance(value, QDate):
        return value.toPython()
    return value


def _field_name(field: str) -> str:
    return {"period_end": "period_start"}.get(field, field)
