"""A person with one of everything, built through the services (shared by the exchange and CLI tests)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from planner.i18n import local_to_utc
from planner.model import Achievement, ActorKind, GoalLifecycle, Stage

UNICODE_NAME = "Ali & <Söderström> 🙂 عائشة"


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return local_to_utc(day, time(hour, minute))


def build_rich_person(services: Any, name: str = UNICODE_NAME, personal_number: str | None = "19900101-0017") -> int:
    """Every kind of row the export covers: about me, two plans, participants, goals with steps, supports,
    held and planned follow-ups with outcomes, consents (one withdrawn), stage history, a custom actor, unit and
    coach. Returns the person id."""
    employer = services.add_actor("Returbutiken Ekonomisk Förening", ActorKind.EMPLOYER, phone="040-12 34 56",
                                  email="info@retur.example")
    unit = services.add_placement_unit("Lagret på Norra Grängesbergsgatan", "Norra Grängesbergsgatan 1")
    coach = services.add_staff("sara.lind", "Sara Lind")
    actors = {a.name: a.id for a in services.list_actors()}
    person = services.create_person(
        name, preferred_name="Ali", personal_number=personal_number, phone="070-123 45 67",
        email="ali@example.org", address="Storgatan 1, Malmö", easy_read=True, pictograms=True, large_text=True,
        preferred_language="ar", interpreter=True, interpreter_language="arabiska",
        communication_notes="Korta meningar.\nEn sak i taget.", what_matters="Min familj & mina vänner",
        good_at="Jag är noggrann <alltid>", how_to_help="Visa med bilder", interests="Fotboll 🙂",
        skills="Sortera, packa", work_wishes="Lager", support_needs="Fast handledare")
    old = services.create_plan(person.id, period_start=date(2025, 1, 7), period_end=date(2025, 12, 31),
                               title="Första planen", stage=Stage.DAILY_ACTIVITY, coach_id=coach.id)
    services.add_goal(old.id, "Komma i tid", "Jag kommer i tid.", "clock")
    services.set_plan_status(old.id, "closed")

    plan = services.create_plan(person.id, period_start=date(2026, 1, 5), period_end=date(2026, 12, 31),
                                title="Gemensam plan 2026", status="active", stage=Stage.WORK_ORIENTED,
                                target_stage=Stage.INTERNSHIP, coach_id=coach.id, placement_unit_id=unit.id,
                                own_words="Jag vill jobba på ett lager & tjäna egna pengar.")
    services.add_participant(plan.id, "Sara Lind", role="Coach", actor_id=actors[
        "Funktionsstödsförvaltningen (daglig verksamhet)"], phone="040-34 50 00", is_lead=True)
    services.add_participant(plan.id, "Hodan Warsame", role="God man", actor_id=actors["God man / förvaltare"],
                             email="hodan@example.org")
    services.add_participant(plan.id, "Fatima", role="Syster")
    goals = [services.add_goal(plan.id, "Jobba på lagret", "Jag vill jobba på lagret.", "warehouse"),
             services.add_goal(plan.id, "Åka buss själv", "Jag åker buss själv.", "bus",
                               lifecycle=GoalLifecycle.PROPOSED),
             services.add_goal(plan.id, "Laga mat", "", "")]
    services.add_step(goals[0].id, "Besöka lagret", due_on=date(2026, 2, 1))
    step = services.add_step(goals[0].id, "Prova en dag i veckan", due_on="2026-03-01", pictogram="step")
    services.complete_step(step.id, date(2026, 2, 27))
    services.add_step(goals[1].id, "Öva på bussresan med coachen")
    services.reorder_goals(plan.id, [goals[1].id, goals[0].id, goals[2].id])
    services.add_support(plan.id, "Coachen följer med till lagret.", actor_id=actors[
        "Funktionsstödsförvaltningen (daglig verksamhet)"], contact_name="Sara Lind", contact_phone="040-34 50 00",
        frequency="En gång i veckan", pictogram="support", start_on=date(2026, 1, 5))
    services.add_support(plan.id, "Handledare på plats.", actor_id=employer.id, contact_name="Kim",
                         contact_email="kim@retur.example", start_on=date(2026, 2, 1), end_on=date(2026, 6, 30))
    first = services.schedule_follow_up(plan.id, at(date(2026, 3, 3), 9, 30), "Lagret")
    services.record_follow_up(first.id, held_on=date(2026, 3, 3), attendees="Ali, Sara, Hodan",
                              notes="Det går bra.", outcomes={goals[0].id: (Achievement.IMPROVING, "Bättre"),
                                                              goals[2].id: ("achieved", "")},
                              next_at=at(date(2026, 6, 2)), next_place="Kontoret")
    cancelled = services.schedule_follow_up(plan.id, at(date(2026, 4, 1)), "Kontoret")
    services.cancel_follow_up(cancelled.id)
    consent = services.record_consent(plan.id, [actors["Arbetsförmedlingen"], employer.id], date(2026, 1, 5),
                                      date(2027, 1, 5), given_by=name, note="Muntligt")
    services.record_consent(plan.id, [actors["Försäkringskassan"]], date(2025, 2, 1), given_by="Hodan Warsame")
    services.withdraw_consent(consent.id, date(2026, 5, 1))
    services.move_stage(plan.id, Stage.INTERNSHIP, on=date(2026, 4, 15), note="Praktik på lagret")
    return person.id
