"""Screen 1: "Who is here today?" — the people taking part, and who keeps the plan together (lead
responsibility). At a follow-up each person also has "Here today", which is saved as who came."""

from __future__ import annotations

from typing import Any

from planner.errors import StegvisError
from planner.i18n import N_, _
from planner.model import Participant
from ui.walkthrough.base import CardList, ItemCard, Screen
from ui.walkthrough.meeting import FOLLOW_UP
from ui.walkthrough.widgets import CheckField, ComboField, LineField, labelled, with_picto, words


class ParticipantCard(ItemCard):
    page: ParticipantsScreen

    def build(self) -> None:
        m = self.page.m
        self.name = self.fields.add("name", LineField(_("Name")))
        self.body.addWidget(labelled(_("Name"), self.name, m, "person"))
        self.actor = self.fields.add("actor_id", ComboField(_("Comes from"), self.page.actor_items()))
        self.body.addWidget(labelled(_("Comes from"), self.actor, m, "authority"))
        self.phone = self.fields.add("phone", LineField(_("Phone")))
        self.body.addWidget(labelled(_("Phone"), self.phone, m, "phone"))
        self.lead = self.fields.add("is_lead", CheckField(_("Keeps the plan together"), m))
        self.lead.committed.connect(lambda: self.page.lead_changed(self))
        self.body.addWidget(self.lead)
        self.here = CheckField(_("Here today"), m)
        self.here.committed.connect(self.page.save_attendance)
        self.here.setVisible(self.page.meeting.mode == FOLLOW_UP)
        self.body.addWidget(self.here)

    def values_from(self, item: Participant | None) -> dict[str, Any]:
        if item is None:
            self.here.setChecked(True)
            return {"name": "", "actor_id": None, "phone": "", "is_lead": False}
        self.here.setChecked(item.name in self.page.meeting.attendance.names)
        return {"name": item.name, "actor_id": item.actor_id, "phone": item.phone, "is_lead": item.is_lead}

    def save(self, changes: dict[str, Any]) -> int | None:
        return self.page.meeting.save_participant(self.item_id, **changes).id

    def _save(self, changes: dict[str, Any]) -> None:
        super()._save(changes)
        if "name" in changes:
            self.page.save_attendance()

    def delete(self) -> None:
        assert self.item_id is not None
        self.page.meeting.remove_participant(self.item_id)
        self.item_id = None
        self.here.setChecked(False)
        self.page.save_attendance()

    def remove_text(self) -> str:
        return _("Remove this person")


class ParticipantsScreen(Screen):
    KEY = "participants"
    TITLE = N_("Who is here today?")
    PICTOGRAM = "people"
    INTRO = N_("Write the name of each person who takes part. Choose who keeps the plan together.")

    def build(self) -> None:
        name = self.meeting.person.display_name
        you = words(_("You: {name}").format(name=name), "heading")
        self.body.addWidget(with_picto("about_me", self.m.card_icon, you))
        self.person_here = CheckField(_("{name} is here today").format(name=name), self.m)
        self.person_here.committed.connect(self.save_attendance)
        self.person_here.setVisible(self.meeting.mode == FOLLOW_UP)
        self.body.addWidget(self.person_here)
        self.cards: CardList = CardList(self, lambda ident: ParticipantCard(self, ident, "name"),
                                        _("Add a person"), "person")
        self.body.addWidget(self.cards)

    def actor_items(self) -> list[tuple[str, Any]]:
        return [(_("Someone else, for example family"), None)] + [(a.name, a.id) for a in self.meeting.actors]

    def enter(self) -> None:
        self.person_here.setChecked(self.meeting.person.display_name in self.meeting.attendance.names)
        self.cards.sync(self.meeting.plan.participants)

    def participant_cards(self) -> list[ParticipantCard]:
        return [c for c in self.cards.cards if isinstance(c, ParticipantCard)]

    def lead_changed(self, card: ParticipantCard) -> None:
        """Only one person keeps the plan together: ticking one unticks the others (the service agrees)."""
        if card.lead.isChecked():
            for other in self.participant_cards():
                if other is not card and other.lead.isChecked():
                    other.lead.setChecked(False)
                    other.fields.saved["is_lead"] = False

    def attendance(self) -> list[str]:
        names = [self.meeting.person.display_name] if self.person_here.isChecked() else []
        for card in self.participant_cards():
            name = card.name.text().strip()
            if card.here.isChecked() and name and card.item_id is not None:
                names.append(name)
        return names

    def save_attendance(self) -> None:
        if self.meeting.mode != FOLLOW_UP:
            return
        try:
            self.meeting.set_attendance(self.attendance())
        except StegvisError as exc:
            self.show_error(exc.message)
        else:
            self.show_error("")

    def commit(self, *, leaving: bool = False) -> bool:
        ok = self.cards.commit(leaving=leaving)
        if ok:
            self.save_attendance()
        return ok

    def first_focus(self):  # type: ignore[no-untyped-def]
        if self.meeting.mode == FOLLOW_UP:
            return self.person_here
        return super().first_focus()
