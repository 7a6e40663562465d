"""Follow-up screens: "How has it gone?" (each goal: a status in words with a picture, and what happened) and
"What do you do now?" (move to another stage of the pathway when a step toward work was taken)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from planner.errors import StegvisError
from planner.i18n import N_, _
from planner.model import STAGE_LABELS, Goal, Stage
from ui.walkthrough.base import Screen
from ui.walkthrough.meeting import OUTCOMES
from ui.walkthrough.widgets import Card, ChoiceButtons, ErrorText, TextField, labelled, with_picto, words

OUTCOME_WORDS = {
    "done": N_("Done!"),
    "on_the_way": N_("On the way"),
    "not_yet": N_("Not yet"),
    "change": N_("We change the goal"),
}

STAGE_PICTOGRAMS = {
    Stage.DAILY_ACTIVITY: "daily_activity",
    Stage.WORK_ORIENTED: "workplace",
    Stage.INTERNSHIP: "internship",
    Stage.SUPPORTED_EMPLOYMENT: "work",
    Stage.REGULAR_EMPLOYMENT: "salary",
    Stage.STUDIES: "study",
    Stage.CONTINUED_SUPPORT: "support",
}


class OutcomeCard(Card):
    """One goal: its picture and words, four status buttons and "What happened?"."""

    def __init__(self, screen: HowItWentScreen, goal: Goal) -> None:
        super().__init__(screen.m)
        self.page = screen
        self.goal_id = goal.id
        self.heading = words(_("My goal: {goal}").format(goal=goal.easy_read or goal.own_words), "heading")
        self.body.addWidget(with_picto(goal.pictogram or "goal", screen.m.card_icon, self.heading))
        options = [(_(OUTCOME_WORDS[key]), key, achievement) for key, achievement in OUTCOMES]
        self.status = ChoiceButtons(options, screen.m, _("How has it gone?"), columns=2)
        self.status.changed.connect(self._status_chosen)
        self.body.addWidget(self.status)
        self.note = TextField(_("What happened?"))
        self.note.committed.connect(self._note_done)
        self.body.addWidget(labelled(_("What happened?"), self.note, screen.m, "note"))
        self.problem = ErrorText(screen.m)
        self.body.addWidget(self.problem)
        outcome = screen.meeting.outcomes.get(goal.id)
        if outcome is not None:
            self.status.set_value(outcome.achievement)
            self.note.setText(outcome.note)

    def _status_chosen(self, achievement: Any) -> None:
        self._save(achievement=achievement, note=self.note.text())
        self.note.setFocus(Qt.FocusReason.OtherFocusReason)

    def _note_done(self) -> None:
        self._save(note=self.note.text())

    def _save(self, **values: Any) -> bool:
        try:
            self.page.meeting.set_outcome(self.goal_id, **values)
        except StegvisError as exc:
            self.problem.set_message(exc.message)
            return False
        self.problem.set_message("")
        return True

    def commit(self, *, leaving: bool = False) -> bool:
        return self._save(note=self.note.text())


class HowItWentScreen(Screen):
    KEY = "how_it_went"
    TITLE = N_("How has it gone?")
    PICTOGRAM = "question"
    INTRO = N_("Let us look at each goal. How has it gone since last time?")

    def build(self) -> None:
        self.box = QWidget()
        self.column = QVBoxLayout(self.box)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(self.m.gap * 2)
        self.body.addWidget(self.box)
        self.cards: list[OutcomeCard] = []
        self.no_goals = words(_("There are no goals to look at yet."))
        self.body.addWidget(self.no_goals)

    def enter(self) -> None:
        goals = self.meeting.open_goals()
        goals += [g for g in self.meeting.done_goals() if g not in goals]
        known = {c.goal_id: c for c in self.cards}
        for card in self.cards:
            self.column.removeWidget(card)
        self.cards = []
        for goal in sorted(goals, key=lambda g: g.position):
            card = known.pop(goal.id) if goal.id in known else OutcomeCard(self, goal)
            self.column.addWidget(card)
            card.show()
            self.cards.append(card)
        for card in known.values():
            card.hide()
            card.deleteLater()
        self.no_goals.setVisible(not self.cards)
        self.changed_layout()

    def commit(self, *, leaving: bool = False) -> bool:
        ok = True
        for card in self.cards:
            ok = card.commit(leaving=leaving) and ok
        return ok


class StageScreen(Screen):
    KEY = "stage"
    TITLE = N_("What do you do now?")
    PICTOGRAM = "work"
    INTRO = N_("Have you taken a step toward work or studies? Choose what you do now.")

    def build(self) -> None:
        options = [(_(STAGE_LABELS[stage]), STAGE_PICTOGRAMS[stage], stage) for stage in Stage]
        before = _(STAGE_LABELS[self.meeting.plan.stage])
        self.now = words(_("Until now: {stage}.").format(stage=before), "heading")
        self.body.addWidget(with_picto(STAGE_PICTOGRAMS[self.meeting.plan.stage], self.m.card_icon, self.now))
        self.choice = ChoiceButtons(options, self.m, _("What do you do now?"))
        self.body.addWidget(self.choice)
        self._show()

    def _show(self) -> None:
        self.choice.set_value(self.meeting.plan.stage)

    def commit(self, *, leaving: bool = False) -> bool:
        chosen = self.choice.value()
        if chosen is None or chosen == self.meeting.plan.stage:
            return True
        try:
            self.meeting.move_stage(chosen)
        except StegvisError as exc:
            self.show_error(exc.message)
            return False
        self.show_error("")
        self._show()
        return True
