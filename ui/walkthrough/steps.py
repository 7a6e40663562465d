"""Screen 4: "Next steps" — small steps toward each goal, each with a day written out in words.
At a follow-up a step can also be ticked as done."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from planner.i18n import N_, _
from planner.model import Goal, Step
from ui.walkthrough.base import CardList, ItemCard, Screen
from ui.walkthrough.meeting import FOLLOW_UP
from ui.walkthrough.widgets import CheckField, DayField, Picto, TextField, labelled, words


def goal_words(goal: Goal) -> str:
    return goal.easy_read or goal.own_words


class StepCard(ItemCard):
    section: GoalSection

    def __init__(self, section: GoalSection, item_id: int | None) -> None:
        self.section = section
        super().__init__(section.page, item_id, "text")

    def build(self) -> None:
        m = self.page.m
        self.text = self.fields.add("text", TextField(_("The step")))
        self.body.addWidget(labelled(_("The step"), self.text, m, "step"))
        self.due = self.fields.add("due_on", DayField(_("When?"), self.page.meeting.today))
        self.body.addWidget(labelled(_("When?"), self.due, m, "calendar"))
        self.done = CheckField(_("Done!"), m)
        self.done.setVisible(self.page.meeting.mode == FOLLOW_UP)
        if self.page.meeting.mode == FOLLOW_UP:
            self.fields.add("done", self.done)
        self.body.addWidget(self.done)

    def values_from(self, item: Step | None) -> dict[str, Any]:
        if item is None:
            return {"text": "", "due_on": None, "done": False}
        return {"text": item.text, "due_on": item.due_on, "done": item.done_on is not None}

    def save(self, changes: dict[str, Any]) -> int | None:
        if "done" in changes:
            changes["done_on"] = self.page.meeting.today if changes.pop("done") else None
        return self.page.meeting.save_step(self.section.goal_id, self.item_id, **changes).id

    def delete(self) -> None:
        assert self.item_id is not None
        self.page.meeting.remove_step(self.item_id)

    def remove_text(self) -> str:
        return _("Remove this step")


class GoalSection(QWidget):
    """One goal (its picture and words) and the steps toward it."""

    def __init__(self, screen: StepsScreen, goal: Goal) -> None:
        super().__init__()
        self.page = screen
        self.goal_id = goal.id
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(screen.m.gap)
        self.heading = words("", "heading")
        self.picto = Picto(goal.pictogram or "goal", screen.m.card_icon)
        head = QHBoxLayout()
        head.addWidget(self.picto, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.heading, 1)
        layout.addLayout(head)
        self.cards = CardList(screen, lambda ident: StepCard(self, ident), _("Add a step"), "step")
        layout.addWidget(self.cards)
        self.update_goal(goal)

    def update_goal(self, goal: Goal) -> None:
        self.heading.setText(_("My goal: {goal}").format(goal=goal_words(goal)))
        self.picto.set_key(goal.pictogram or "goal")
        self.cards.add_button.setAccessibleName(_("Add a step toward: {goal}").format(goal=goal_words(goal)))


class StepsScreen(Screen):
    KEY = "steps"
    TITLE = N_("Next steps")
    PICTOGRAM = "step"
    INTRO = N_("What is the next small step toward each goal? When will you do it?")

    def build(self) -> None:
        self.sections: list[GoalSection] = []
        self.column = QVBoxLayout()
        self.column.setSpacing(self.m.gap * 3)
        self.body.addLayout(self.column)
        self.no_goals = words(_("There is no goal yet. Go back and write a goal first."))
        self.body.addWidget(self.no_goals)

    def enter(self) -> None:
        goals = self.meeting.open_goals()
        by_id = {s.goal_id: s for s in self.sections}
        for section in self.sections:
            if section.goal_id not in {g.id for g in goals}:
                self.column.removeWidget(section)
                section.hide()
                section.deleteLater()
        self.sections = []
        for goal in goals:
            section = by_id.get(goal.id) or GoalSection(self, goal)
            section.update_goal(goal)
            self.column.removeWidget(section)
            self.column.addWidget(section)
            section.show()
            self.sections.append(section)
            section.cards.sync(goal.steps)
        self.no_goals.setVisible(not goals)
        self.changed_layout()

    def commit(self, *, leaving: bool = False) -> bool:
        ok = True
        for section in self.sections:
            ok = section.cards.commit(leaving=leaving) and ok
        return ok
