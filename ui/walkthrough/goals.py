"""Screen 3: "My goals" — each goal in the person's own words, the same goal in easy words, and a picture."""

from __future__ import annotations

from typing import Any

from planner.i18n import N_, _
from planner.model import Goal
from ui.walkthrough.base import CardList, ItemCard, Screen
from ui.walkthrough.picture import PictureChoice
from ui.walkthrough.widgets import TextField, labelled


class GoalCard(ItemCard):
    page: GoalsScreen

    def build(self) -> None:
        m = self.page.m
        self.own_words = self.fields.add("own_words", TextField(_("My goal, in my own words")))
        self.body.addWidget(labelled(_("My goal, in my own words"), self.own_words, m, "goal"))
        self.easy_read = self.fields.add("easy_read", TextField(_("The same goal in easy words")))
        self.body.addWidget(labelled(_("The same goal in easy words"), self.easy_read, m, "read"))
        self.picture = self.fields.add("pictogram", PictureChoice(m, _("Picture for the goal")))
        self.body.addWidget(self.picture)

    def values_from(self, item: Goal | None) -> dict[str, Any]:
        if item is None:
            return {"own_words": "", "easy_read": "", "pictogram": ""}
        return {"own_words": item.own_words, "easy_read": item.easy_read, "pictogram": item.pictogram}

    def save(self, changes: dict[str, Any]) -> int | None:
        return self.page.meeting.save_goal(self.item_id, **changes).id

    def delete(self) -> None:
        assert self.item_id is not None
        self.page.meeting.remove_goal(self.item_id)

    def remove_text(self) -> str:
        return _("Remove this goal")


class GoalsScreen(Screen):
    KEY = "goals"
    TITLE = N_("My goals")
    PICTOGRAM = "goal"
    INTRO = N_("What do you want to do? Say it in your own words. Then we write it in easy words.")

    def build(self) -> None:
        self.cards = CardList(self, lambda ident: GoalCard(self, ident, "own_words"), _("Add a goal"), "goal")
        self.body.addWidget(self.cards)

    def enter(self) -> None:
        self.cards.sync(self.meeting.open_goals())

    def commit(self, *, leaving: bool = False) -> bool:
        return self.cards.commit(leaving=leaving)
