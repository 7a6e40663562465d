"""A scripted session that calls every writing use-case of :class:`planner.services.Services` (helper for the audit
coverage and canary tests; not a test module). Every text it types contains the given canary, so a test can look
for the canary wherever personal data must never appear."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from planner.errors import StegvisError

# Every method of Services whose name starts like this writes (or opens, prints, exports) and must be audited.
WRITE_PREFIXES = ("create_", "add_", "update_", "remove_", "record_", "move_", "reorder_", "withdraw_", "cancel_",
                  "complete_", "close_", "set_", "schedule_", "open_", "current_user_id", "import_", "erase_",
                  "dispose_", "delete_")


def write_methods() -> set[str]:
    from planner.services import Services

    return {name for name in dir(Services) if not name.startswith("_") and name.startswith(WRITE_PREFIXES)}


@dataclass
class Canary:
    name: str = "Zebulon Kanarieson"
    preferred: str = "Zebbe Kanarie"
    number: str = "19811218-9876"  # fictional, valid checksum
    phone: str = "070-555 12 34"
    email: str = "zebulon.kanarie@example.org"
    goal: str = "Kanariemål: jobba på biblioteket med böcker"
    word: str = "Kanariefågel"


class Recorder:
    """Wraps Services and remembers which methods were called."""

    def __init__(self, services: Any) -> None:
        self._services = services
        self.called: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._services, name)
        if callable(attr):
            self.called.add(name)
        return attr


def run_session(services: Any, c: Canary | None = None, *, errors: bool = True) -> Recorder:
    """Create, edit, open, print-audit, export-audit and remove things, with canary text everywhere."""
    c = c or Canary()
    s = Recorder(services)
    s.current_user_id()
    staff = s.add_staff("canary.coach", f"{c.word} Coach")
    actor = s.add_actor(f"{c.word} Aktör", phone=c.phone, email=c.email)
    s.update_actor(actor.id, actor.version, name=f"{c.word} Aktör 2")
    unit = s.add_placement_unit(f"{c.word} Enhet", address=f"{c.word}gatan 1")
    s.update_placement_unit(unit.id, unit.version, address=f"{c.word}vägen 2")

    person = s.create_person(c.name, preferred_name=c.preferred, personal_number=c.number, phone=c.phone,
                             email=c.email, what_matters=c.goal, good_at=c.word)
    person = s.update_person(person.id, person.version, interests=f"{c.word} intressen", address=c.word)
    plan = s.create_plan(person.id, period_start=date(2026, 1, 5), title=f"{c.word} plan", coach_id=staff.id,
                         placement_unit_id=unit.id, own_words=c.goal)
    plan = s.update_plan(plan.id, plan.version, own_words=f"{c.goal} ändrat", status="active")
    s.set_plan_status(plan.id, "active")
    s.open_plan(plan.id)
    s.record_access("print", plan.id)
    s.record_person_access("export", person.id)

    part = s.add_participant(plan.id, f"{c.word} Deltagare", role=c.word, phone=c.phone, email=c.email)
    s.update_participant(part.id, part.version, is_lead=True, role=f"{c.word} roll")
    goal = s.add_goal(plan.id, c.goal, easy_read=f"{c.word} lätt")
    goal2 = s.add_goal(plan.id, f"{c.goal} två")
    s.update_goal(goal.id, goal.version, easy_read=f"{c.word} lättläst")
    s.reorder_goals(plan.id, [goal2.id, goal.id])
    step = s.add_step(goal.id, f"{c.word} steg", due_on=date(2026, 3, 1))
    step2 = s.add_step(goal.id, f"{c.word} steg två")
    s.update_step(step.id, step.version, text=f"{c.word} steg ändrat")
    s.complete_step(step.id, date(2026, 2, 1))
    s.reorder_steps(goal.id, [step2.id, step.id])
    support = s.add_support(plan.id, f"{c.word} insats", contact_name=c.name, contact_phone=c.phone)
    s.update_support(support.id, support.version, frequency=f"{c.word} varje vecka")

    when = datetime(2026, 2, 10, 9, 0, tzinfo=UTC)
    fu = s.schedule_follow_up(plan.id, when, place=f"{c.word} rummet")
    fu = s.update_follow_up(fu.id, fu.version, place=f"{c.word} rum 2")
    s.record_follow_up(fu.id, held_on=date(2026, 2, 10), attendees=c.name, notes=c.goal,
                       outcomes={goal.id: ("achieved", f"{c.word} bra")}, next_at=when + timedelta(days=30))
    fu2 = s.schedule_follow_up(plan.id, when + timedelta(days=60))
    s.cancel_follow_up(fu2.id)
    consent = s.record_consent(plan.id, [actor.id], given_on=date(2026, 1, 5), given_by=c.name, note=c.word)
    s.update_consent(consent.id, None, note=f"{c.word} notering")
    s.withdraw_consent(consent.id, date(2026, 2, 1))
    mistake = s.record_consent(plan.id, [actor.id], given_on=date(2026, 1, 6), given_by=c.name)
    s.remove_consent(mistake.id)
    s.move_stage(plan.id, "work_oriented", on=date(2026, 2, 1), note=c.goal)
    s.close_goal(goal2.id)

    if errors:  # bad input with canary values: refused, with messages that do not echo them
        for call in (lambda: s.create_person("", personal_number=c.number + "0"),
                     lambda: s.update_person(person.id, 0, name=c.name + " fel"),
                     lambda: s.create_person(c.name, personal_number=c.number),  # duplicate number
                     lambda: s.add_goal(plan.id, c.goal * 3000),
                     lambda: s.schedule_follow_up(plan.id, datetime(2020, 1, 1, tzinfo=UTC), place=c.word),
                     lambda: s.update_person(person.id, None, email=c.word + "@"),
                     lambda: s.add_step(10**9, c.word)):
            try:
                call()
            except StegvisError as exc:
                for value in (c.name, c.number, c.word, c.goal):
                    assert value not in str(exc), f"an error message echoes typed data: {exc}"
            else:
                raise AssertionError("bad input was accepted")

    s.remove_step(step2.id)
    s.remove_support(support.id)
    s.remove_participant(part.id)
    s.remove_follow_up(fu2.id)
    s.remove_goal(goal2.id)
    s.person_id = person.id  # type: ignore[attr-defined]
    s.plan_id = plan.id  # type: ignore[attr-defined]
    return s
