"""Screen 5: "Who helps me?" — each support: what they help with, who (the actor and a named person), how
often, and from when.

"What" comes first because a support cannot be saved without it: asking it first means every later field is
saved the moment it is left (a crash loses at most the field being typed).
"""

from __future__ import annotations

from typing import Any

from planner.i18n import N_, _
from planner.model import Support
from ui.walkthrough.base import CardList, ItemCard, Screen
from ui.walkthrough.widgets import ComboField, DayField, LineField, TextField, labelled


class SupportCard(ItemCard):
    page: SupportsScreen

    def build(self) -> None:
        m = self.page.m
        self.what = self.fields.add("what", TextField(_("What do they help with?")))
        self.body.addWidget(labelled(_("What do they help with?"), self.what, m, "support"))
        self.actor = self.fields.add("actor_id", ComboField(_("Where are they from?"), self.page.actor_items()))
        self.body.addWidget(labelled(_("Where are they from?"), self.actor, m, "authority"))
        self.contact = self.fields.add("contact_name", LineField(_("Name of the person who helps")))
        self.body.addWidget(labelled(_("Name of the person who helps"), self.contact, m, "contact_person"))
        self.phone = self.fields.add("contact_phone", LineField(_("Their phone number")))
        self.body.addWidget(labelled(_("Their phone number"), self.phone, m, "phone"))
        self.frequency = self.fields.add("frequency", LineField(_("How often?")))
        self.body.addWidget(labelled(_("How often?"), self.frequency, m, "week"))
        self.start = self.fields.add("start_on", DayField(_("From when?"), self.page.meeting.today))
        self.body.addWidget(labelled(_("From when?"), self.start, m, "calendar"))

    def values_from(self, item: Support | None) -> dict[str, Any]:
        if item is None:
            return {"what": "", "actor_id": None, "contact_name": "", "contact_phone": "", "frequency": "",
                    "start_on": None}
        return {"what": item.what, "actor_id": item.actor_id, "contact_name": item.contact_name,
                "contact_phone": item.contact_phone, "frequency": item.frequency, "start_on": item.start_on}

    def save(self, changes: dict[str, Any]) -> int | None:
        return self.page.meeting.save_support(self.item_id, **changes).id

    def delete(self) -> None:
        assert self.item_id is not None
        self.page.meeting.remove_support(self.item_id)

    def remove_text(self) -> str:
        return _("Remove this help")


class SupportsScreen(Screen):
    KEY = "supports"
    TITLE = N_("Who helps me?")
    PICTOGRAM = "support"
    INTRO = N_("Who helps you to reach your goals? Write what they do and how often.")

    def build(self) -> None:
        self.cards = CardList(self, lambda ident: SupportCard(self, ident, "what"), _("Add someone who helps"),
                              "support")
        self.body.addWidget(self.cards)

    def actor_items(self) -> list[tuple[str, Any]]:
        return [(_("Someone else, for example family"), None)] + [(a.name, a.id) for a in self.meeting.actors]

    def enter(self) -> None:
        self.cards.sync(self.meeting.plan.supports)

    def commit(self, *, leaving: bool = False) -> bool:
        return self.cards.commit(leaving=leaving)
