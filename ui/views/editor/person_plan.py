"""The "Person and about me" and "Plan" sections: one form each, saved with the version they were loaded at."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from planner.i18n import _
from planner.model import PLAN_STATUS_LABELS, STAGE_LABELS, Person, Plan
from planner.validation import format_personal_number
from ui.views.editor.base import Section, SingleRecord, enum_items
from ui.widgets.date_picker import DatePicker
from ui.widgets.form import Form, button, combo, text_box

if TYPE_CHECKING:
    from ui.views.plan_editor import PlanEditor


def _line(max_length: int = 200) -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(max_length)
    return edit


class PersonForm(SingleRecord):
    entity = "person"

    def __init__(self, editor: PlanEditor, parent: QWidget | None = None) -> None:
        self.save_text = _("Save person")
        super().__init__(editor, parent)

    def build_form(self, form: Form) -> None:
        form.add_heading(_("Person"))
        form.add_row("name", _("Name"), _line())
        form.add_row("preferred_name", _("Called"), _line(),
                     _("The name the person wants us to use, if it is not their full name."))
        form.add_row("personal_number", _("Personal identity number"), _line(20),
                     _("12 digits, like 19900101-1234. Leave it empty if the person has none."))
        form.add_row("phone", _("Phone"), _line(40))
        form.add_row("email", _("E-mail"), _line(254))
        form.add_row("address", _("Address"), _line(500))
        form.add_heading(_("How we talk together"))
        form.add_check("easy_read", _("Wants easy-read text"))
        form.add_check("pictograms", _("Wants pictures next to the text"))
        form.add_check("large_text", _("Wants large text"))
        form.add_row("preferred_language", _("Preferred language"), _line(50))
        form.add_check("interpreter", _("Needs an interpreter"))
        form.add_row("interpreter_language", _("Interpreter's language"), _line(100))
        form.add_row("communication_notes", _("How to communicate"), text_box(),
                     _("For example: short sentences, show pictures, give time to answer."))
        form.add_heading(_("About me"))
        form.add_row("what_matters", _("What matters to me"), text_box())
        form.add_row("good_at", _("What I am good at"), text_box())
        form.add_row("how_to_help", _("How people best help me"), text_box())
        form.add_heading(_("Work and interests"))
        form.add_row("interests", _("Interests"), text_box())
        form.add_row("skills", _("Skills"), text_box())
        form.add_row("work_wishes", _("Work wishes"), text_box())
        form.add_row("support_needs", _("Support needs"), text_box())

    def record_of(self, plan: Plan) -> Person:
        return plan.person

    def values_of(self, person: Person) -> dict[str, Any]:
        values = {name: getattr(person, name) for name in self.form.fields}
        values["personal_number"] = format_personal_number(person.personal_number)
        return values

    def update_record(self, record_id: int, version: int | None, changes: dict[str, Any]) -> Any:
        return self.editor.services.update_person(record_id, version, **changes)


class PlanForm(SingleRecord):
    entity = "plan"

    def __init__(self, editor: PlanEditor, parent: QWidget | None = None) -> None:
        self.save_text = _("Save plan")
        super().__init__(editor, parent)

    def build_form(self, form: Form) -> None:
        lookups = self.editor.lookups
        form.add_heading(_("The plan"))
        form.add_row("title", _("Title"), _line(500))
        form.add_row("period_start", _("Starts"), DatePicker())
        form.add_row("period_end", _("Ends"), DatePicker(),
                     _("Leave it empty if the plan has no end date yet."))
        form.add_row("status", _("Status"), combo(enum_items(PLAN_STATUS_LABELS)))
        stage_row = QWidget(form)
        self.stage_label = QLabel(stage_row)
        self.stage_label.setWordWrap(True)
        self.stage_button = button(_("Move to another stage…"), lambda: self.editor.show_section("stages"),
                                   description=_("Opens the stage history, where a move is recorded with a date."))
        row = QHBoxLayout(stage_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.stage_label, 1)
        row.addWidget(self.stage_button)
        caption = QLabel(_("Stage now"), form)
        caption.setBuddy(self.stage_button)
        form.layout_.addRow(caption, stage_row)
        form.add_row("target_stage", _("Aiming for"),
                     combo([(_("No stage chosen"), None), *enum_items(STAGE_LABELS)]))
        form.add_heading(_("Who keeps the plan together"))
        form.add_row("lead_actor_id", _("Lead actor"), combo(lookups.actor_items(_("No actor chosen"))))
        form.add_row("lead_person", _("Lead person"), _line(),
                     _("The named person who keeps the plan together."))
        form.add_row("coach_id", _("Coach"), combo(lookups.staff_items(_("No coach chosen"))))
        form.add_row("placement_unit_id", _("Placement"), combo(lookups.unit_items(_("No placement chosen"))))
        form.add_heading(_("In the person's own words"))
        form.add_row("own_words", _("What the person says about the plan"), text_box(4))

    def record_of(self, plan: Plan) -> Plan:
        return plan

    def values_of(self, plan: Plan) -> dict[str, Any]:
        values = {name: getattr(plan, name) for name in self.form.fields}
        for name in ("status", "target_stage"):
            values[name] = values[name].value if values[name] is not None else None
        return values

    def load(self, plan: Plan) -> None:
        self.stage_label.setText(_(STAGE_LABELS[plan.stage]))
        self.stage_label.setAccessibleName(_(STAGE_LABELS[plan.stage]))
        super().load(plan)

    def update_record(self, record_id: int, version: int | None, changes: dict[str, Any]) -> Any:
        return self.editor.services.update_plan(record_id, version, **changes)


class _FormPage(Section):
    """A section holding one :class:`SingleRecord` form."""

    form_class: type[SingleRecord]

    def __init__(self, editor: PlanEditor, parent: QWidget | None = None) -> None:
        super().__init__(editor, parent)
        self.record_form = self.add_part(self.form_class(editor, self))
        layout = QVBoxLayout(self)
        layout.addWidget(self.record_form)
        layout.addStretch(1)


class PersonSection(_FormPage):
    key = "person"
    form_class = PersonForm

    @staticmethod
    def title() -> str:
        return _("Person and about me")


class PlanSection(_FormPage):
    key = "plan"
    form_class = PlanForm

    @staticmethod
    def title() -> str:
        return _("Plan")
