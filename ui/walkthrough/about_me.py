"""Screen 2: "About me" — what matters to me, what I am good at, how people best help me, in the person's words."""

from __future__ import annotations

from planner.i18n import N_, _
from ui.walkthrough.base import Screen
from ui.walkthrough.widgets import FieldSet, TextField, labelled

ABOUT_ME = (
    ("what_matters", N_("This is important to me"), "heart"),
    ("good_at", N_("I am good at this"), "star"),
    ("how_to_help", N_("This is how you can help me"), "support"),
)


class AboutMeScreen(Screen):
    KEY = "about_me"
    TITLE = N_("About me")
    PICTOGRAM = "about_me"
    INTRO = N_("Tell us about yourself. We write it down in your own words.")

    def build(self) -> None:
        self.fields = FieldSet(lambda changes: self.meeting.save_person(**changes), self.error)
        for name, question, pictogram in ABOUT_ME:
            field = self.fields.add(name, TextField(_(question)))
            self.body.addWidget(labelled(_(question), field, self.m, pictogram))
        person = self.meeting.person
        self.fields.load({name: getattr(person, name) for name, _q, _p in ABOUT_ME})

    def commit(self, *, leaving: bool = False) -> bool:
        return self.fields.commit(leaving=leaving)
