"""Screen 7: "Consent" — which actors may talk to each other about the person, in plain words, saved with who
wrote it down and when. Saying no to everyone withdraws the consent."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from planner.errors import StegvisError
from planner.i18n import N_, _, format_date, to_local
from ui.walkthrough.base import Screen
from ui.walkthrough.widgets import CheckField, ComboField, labelled, with_picto, words


class ConsentScreen(Screen):
    KEY = "consent"
    TITLE = N_("Consent")
    PICTOGRAM = "consent"
    INTRO = N_("The people who help you may need to talk to each other about you. You decide who may do that.")

    def build(self) -> None:
        question = words(_("Who may talk to each other about you? Tick yes for each one."), "heading")
        self.body.addWidget(with_picto("people", self.m.card_icon, question))
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.checks: dict[int, CheckField] = {}
        for actor in self.meeting.actors:
            check = CheckField(actor.name, self.m)
            check.box.setAccessibleDescription(_("Tick if they may talk to each other about you."))
            check.committed.connect(self.save)
            column.addWidget(check)
            self.checks[actor.id] = check
        self.body.addWidget(box)
        self.given_by = ComboField(_("Who says yes?"))
        self.given_by.committed.connect(self.save)
        self.body.addWidget(labelled(_("Who says yes?"), self.given_by, self.m, "person"))
        self.body.addWidget(with_picto("no", self.m.card_icon, words(_("You can say no at any time."))))
        self.record = words("")
        self.body.addWidget(with_picto("pen", self.m.card_icon, self.record))
        self._load()

    def enter(self) -> None:
        names = [self.meeting.person.display_name] + [p.name for p in self.meeting.plan.participants]
        names += [c.given_by for c in self.meeting.valid_consents() if c.given_by]  # e.g. a guardian not here
        self.given_by.set_items([(name, name) for name in dict.fromkeys(names)])
        self._load(keep_ticks=True)

    def _load(self, keep_ticks: bool = False) -> None:
        if not keep_ticks:
            chosen = self.meeting.consent_actor_ids()
            for actor_id, check in self.checks.items():
                check.setChecked(actor_id in chosen)
        standing = self.meeting.valid_consents()
        if standing and standing[-1].given_by:
            self.given_by.set_value(standing[-1].given_by)
        self._show_record()

    def _show_record(self) -> None:
        standing = self.meeting.valid_consents()
        if not standing:
            self.record.setText(_("Nothing is written down yet."))
            return
        latest = standing[-1]
        self.record.setText(_("{who} wrote this down on {day}.").format(
            who=self._staff_name(latest.recorded_by), day=format_date(to_local(latest.recorded_at).date())))

    def _staff_name(self, login: str) -> str:
        try:
            staff = {s.login: s.display_name for s in self.meeting.services.list_staff()}
        except StegvisError:
            return login
        return staff.get(login) or login

    def chosen(self) -> list[int]:
        return [actor_id for actor_id, check in self.checks.items() if check.isChecked()]

    def save(self, *_args: Any) -> bool:
        try:
            self.meeting.save_consent(self.chosen(), self.given_by.value() or "")
        except StegvisError as exc:
            self.show_error(exc.message)
            return False
        self.show_error("")
        self._show_record()
        return True

    def commit(self, *, leaving: bool = False) -> bool:
        return self.save()
