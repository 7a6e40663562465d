"""Goals and the steps under each goal: own words, easy-read wording, a pictogram, status and dates."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from planner.i18n import _
from planner.model import ACHIEVEMENT_LABELS, GOAL_LIFECYCLE_LABELS, Goal, Plan, Step
from ui.models.editor_table import goal_columns, short, step_columns
from ui.views.editor.base import RecordList, Section, enum_items
from ui.widgets.date_picker import DatePicker
from ui.widgets.form import Form, combo, text_box
from ui.widgets.pictogram_picker import PictogramField

if TYPE_CHECKING:
    from ui.views.plan_editor import PlanEditor


class GoalList(RecordList):
    entity = "goal"
    reorderable = True

    def __init__(self, editor: PlanEditor, parent: QWidget | None = None) -> None:
        super().__init__(editor, goal_columns(), parent)

    def texts(self) -> dict[str, str]:
        return {"title": _("Goals"),
                "intro": _("What the person wants, in their own words, with an easy-read wording and a picture. "
                           "The order here is the order in the plan."),
                "empty": _("No goals yet. Press New goal to write the first one."),
                "new": _("New goal"), "remove": _("Remove goal"), "save": _("Save goal"), "add": _("Add goal"),
                "new_title": _("New goal"), "edit_title": _("Edit goal")}

    def build_form(self, form: Form) -> None:
        form.add_row("own_words", _("In their own words"), text_box(3),
                     _("Write it as the person said it."))
        form.add_row("easy_read", _("Easy-read wording"), text_box(2),
                     _("Short and clear, written together with the person: \"I want to …\""))
        form.add_row("pictogram", _("Picture"), PictogramField())
        form.add_row("lifecycle", _("Status"), combo(enum_items(GOAL_LIFECYCLE_LABELS)))
        form.add_row("achievement", _("How it is going"), combo(enum_items(ACHIEVEMENT_LABELS)))
        form.add_row("achieved_on", _("Reached on"), DatePicker(), _("The day the goal was reached, if it was."))

    def defaults(self) -> dict[str, Any]:
        return {"own_words": "", "easy_read": "", "pictogram": "", "lifecycle": "active",
                "achievement": "in-progress", "achieved_on": None}

    def records(self, plan: Plan) -> list[Any]:
        return sorted(plan.goals, key=lambda g: (g.position, g.id))

    def values_of(self, g: Goal) -> dict[str, Any]:
        return {"own_words": g.own_words, "easy_read": g.easy_read, "pictogram": g.pictogram,
                "lifecycle": g.lifecycle.value, "achievement": g.achievement.value, "achieved_on": g.achieved_on}

    def create_record(self, values: dict[str, Any]) -> Any:
        values = dict(values)
        return self.editor.services.add_goal(self.editor.plan_id, values.pop("own_words"), **values)

    def update_record(self, record_id: int, version: int | None, changes: dict[str, Any]) -> Any:
        return self.editor.services.update_goal(record_id, version, **changes)

    def remove_record(self, record_id: int) -> None:
        self.editor.services.remove_goal(record_id)

    def recreate(self, record: Goal) -> Any:
        """The goal with its steps, back in its old place in the list."""
        services = self.editor.services
        goal = self.create_record(self.values_of(record))
        for step in sorted(record.steps, key=lambda s: (s.position, s.id)):
            new_step = services.add_step(goal.id, step.text, step.due_on, done_on=step.done_on,
                                         pictogram=step.pictogram)
            self.editor.undo_stack.remap("step", step.id, new_step.id)
        order = [g.id for g in services.get_plan(self.editor.plan_id).goals if g.id != goal.id]
        order.insert(min(record.position, len(order)), goal.id)
        services.reorder_goals(self.editor.plan_id, order)
        return next(g for g in services.get_plan(self.editor.plan_id).goals if g.id == goal.id)  # new version

    def reorder(self, ids: list[int]) -> None:
        self.editor.services.reorder_goals(self.editor.plan_id, ids)


class StepList(RecordList):
    entity = "step"
    reorderable = True

    def __init__(self, editor: PlanEditor, parent: QWidget | None = None) -> None:
        self.goal_id: int | None = None
        super().__init__(editor, step_columns(), parent)

    def texts(self) -> dict[str, str]:
        return {"title": _("Steps toward the chosen goal"),
                "intro": _("Small steps, each with a date. Choose a goal above to see its steps."),
                "empty": _("No steps yet for this goal."), "new": _("New step"), "remove": _("Remove step"),
                "save": _("Save step"), "add": _("Add step"), "new_title": _("New step"),
                "edit_title": _("Edit step")}

    def stretch_column(self) -> int:
        return 0

    def build_form(self, form: Form) -> None:
        form.add_row("text", _("Step"), text_box(2))
        form.add_row("due_on", _("Do by"), DatePicker())
        form.add_row("done_on", _("Done on"), DatePicker(), _("Leave it empty until the step is done."))
        form.add_row("pictogram", _("Picture"), PictogramField())

    def defaults(self) -> dict[str, Any]:
        return {"text": "", "due_on": None, "done_on": None, "pictogram": ""}

    def can_edit(self) -> bool:
        return self.goal_id is not None

    def set_goal(self, goal_id: int | None, plan: Plan) -> None:
        if goal_id == self.goal_id:
            return
        self.goal_id = goal_id
        self.bound.record_id = None
        self._show_record(None)
        self.load(plan)

    def records(self, plan: Plan) -> list[Any]:
        goal = next((g for g in plan.goals if g.id == self.goal_id), None)
        return sorted(goal.steps, key=lambda s: (s.position, s.id)) if goal is not None else []

    def values_of(self, s: Step) -> dict[str, Any]:
        return {"text": s.text, "due_on": s.due_on, "done_on": s.done_on, "pictogram": s.pictogram}

    def create_record(self, values: dict[str, Any]) -> Any:
        values = dict(values)
        assert self.goal_id is not None
        return self.editor.services.add_step(self.goal_id, values.pop("text"), values.pop("due_on"), **values)

    def update_record(self, record_id: int, version: int | None, changes: dict[str, Any]) -> Any:
        return self.editor.services.update_step(record_id, version, **changes)

    def remove_record(self, record_id: int) -> None:
        self.editor.services.remove_step(record_id)

    def recreate(self, record: Step) -> Any:
        goal_id = self.editor.undo_stack.resolve("goal", record.goal_id)
        services = self.editor.services
        step = services.add_step(goal_id, record.text, record.due_on, done_on=record.done_on,
                                 pictogram=record.pictogram)
        order = [s.id for g in services.get_plan(self.editor.plan_id).goals if g.id == goal_id
                 for s in g.steps if s.id != step.id]
        order.insert(min(record.position, len(order)), step.id)
        services.reorder_steps(goal_id, order)
        plan = services.get_plan(self.editor.plan_id)
        return next(s for g in plan.goals for s in g.steps if s.id == step.id)  # the version after reordering

    def reorder(self, ids: list[int]) -> None:
        assert self.goal_id is not None
        self.editor.services.reorder_steps(self.goal_id, ids)


class GoalsSection(Section):
    key = "goals"

    @staticmethod
    def title() -> str:
        return _("Goals and steps")

    def __init__(self, editor: PlanEditor, parent: QWidget | None = None) -> None:
        super().__init__(editor, parent)
        self.goals = self.add_part(GoalList(editor, self))
        self.steps = self.add_part(StepList(editor, self))
        self.goals.before_leave = self.steps.save  # a half-typed step is saved before its goal is left
        self.goals.currentChanged.connect(self._goal_changed)
        self.step_goal = QLabel(self)
        self.step_goal.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.goals)
        layout.addSpacing(16)
        layout.addWidget(self.step_goal)
        layout.addWidget(self.steps)
        layout.addStretch(1)
        self._goal_changed()

    def _goal_changed(self) -> None:
        goal_id = self.goals.bound.record_id
        if self.editor.plan is not None:
            self.steps.set_goal(goal_id, self.editor.plan)
        goal = next((g for g in self.editor.plan.goals if g.id == goal_id), None) if self.editor.plan else None
        self.step_goal.setText(_("Goal: {goal}").format(goal=short(goal.easy_read or goal.own_words, 200)) if goal
                               else _("Save or choose a goal to add steps to it."))
        self.steps.setEnabled(goal is not None)

    def load(self, plan: Plan) -> None:
        self.goals.load(plan)
        self._goal_changed()
        self.steps.load(plan)
