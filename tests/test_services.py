"""Every use-case in planner.services with its validation errors, on SQLite and PostgreSQL: a refused change names
its field and writes nothing; a stale version is a conflict, never an overwrite; every write is audited."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import func, select, text

from planner.errors import ConflictError, NotFoundError, ValidationError
from planner.i18n import local_to_utc
from planner.model import (
    Achievement,
    ActorKind,
    AuditEvent,
    Base,
    GoalLifecycle,
    PlanStatus,
    Stage,
)
from planner.services import Services

pytestmark = pytest.mark.core

START = date(2026, 1, 5)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return local_to_utc(day, time(hour, minute))


def counts(services: Services) -> dict[str, int]:
    with services.store.reading() as session:
        return {t.name: session.scalar(select(func.count()).select_from(t)) or 0 for t in Base.metadata.sorted_tables}


@pytest.fixture
def plan(services: Services):  # type: ignore[no-untyped-def]
    person = services.create_person("Yusuf Khalil", personal_number="19900101-0017")
    return services.create_plan(person.id, period_start=START, period_end=date(2026, 12, 31), status="active")


def refused(services: Services, field: str, call, *args, words: str = "", **kwargs) -> ValidationError:  # type: ignore[no-untyped-def]
    """``call`` raises a ValidationError naming ``field``, and writes nothing (not even an audit event)."""
    before = counts(services)
    with pytest.raises(ValidationError) as info:
        call(*args, **kwargs)
    assert info.value.field == field, info.value.message
    assert words in info.value.message
    assert counts(services) == before
    return info.value


def last_event(services: Services) -> AuditEvent:
    return services.audit_trail()[-1]


# ------------------------------------------------------------------------------------------------ people


def test_create_person_with_everything(services: Services) -> None:
    person = services.create_person(
        "  Faadumo Warsame  ", preferred_name="Faadumo", personal_number="900161-0014", phone="070-123 45 67",
        email="f@example.org", address="Rosengård", easy_read=True, pictograms=False, large_text=True,
        preferred_language="so", interpreter=True, interpreter_language="somaliska",
        communication_notes="Korta meningar", what_matters="Familjen", good_at="Sortera", how_to_help="Bilder",
        interests="Djur", skills="Packa", work_wishes="Butik", support_needs="Handledare")
    loaded = services.get_person(person.id)
    assert loaded.name == "Faadumo Warsame" and loaded.personal_number == "199001610014"
    assert (loaded.pictograms, loaded.large_text, loaded.preferred_language) == (False, True, "so")
    assert loaded.display_name == "Faadumo"
    event = last_event(services)
    assert (event.action, event.entity, event.entity_id, event.person_id) == ("create", "person", person.id,
                                                                              person.id)
    assert "personal_number" in event.fields and "Faadumo" not in event.fields and "1990" not in event.fields


def test_person_defaults(services: Services) -> None:
    person = services.get_person(services.create_person("Erik Holm").id)
    assert (person.easy_read, person.pictograms, person.large_text, person.interpreter) == (True, True, False, False)
    assert person.preferred_language == "sv" and person.personal_number is None


@pytest.mark.parametrize("field, value, words", [
    ("name", "", "cannot be empty"),
    ("preferred_name", "Ali\u202e", "writing direction"),
    ("personal_number", "19900101-0018", "check digit"),
    ("phone", "ring mig", "phone"),
    ("email", "ali(at)example", "e-mail"),
    ("address", "x" * 501, "at most 500"),
    ("what_matters", "x" * 20_001, "at most 20000"),
    ("communication_notes", "bad\x00", "control"),
])
def test_create_person_refusals(services: Services, field: str, value: str, words: str) -> None:
    values = {"name": "Lars Nilsson", field: value}
    refused(services, field, services.create_person, **values, words=words)


def test_update_person_and_its_version(services: Services) -> None:
    person = services.create_person("Linnea Svensson")
    updated = services.update_person(person.id, person.version, preferred_name="Linnea", good_at="Datorer")
    assert updated.version == person.version + 1
    assert last_event(services).fields == "good_at,preferred_name"
    same = services.update_person(person.id, updated.version, preferred_name="Linnea")
    assert same.version == updated.version  # nothing changed: nothing written
    assert last_event(services).fields == "good_at,preferred_name"
    with pytest.raises(ConflictError) as info:
        services.update_person(person.id, person.version, preferred_name="Lina")
    conflict = info.value
    assert conflict.entity == "person" and conflict.entity_id == person.id
    assert conflict.mine == {"preferred_name": "Lina"} and conflict.theirs == {"preferred_name": "Linnea"}
    assert conflict.current_version == updated.version
    assert services.get_person(person.id).preferred_name == "Linnea"
    refused(services, "email", services.update_person, person.id, updated.version, email="nope")
    with pytest.raises(NotFoundError):
        services.update_person(4242, None, name="X")
    with pytest.raises(TypeError):
        services.update_person(person.id, None, shoe_size=44)


def test_duplicate_personal_number(services: Services) -> None:
    services.create_person("Ahmed Jama", personal_number="199001010017")
    refused(services, "personal_number", services.create_person, "Ahmed Jama", personal_number="900101-0017",
            words="already has")
    other = services.create_person("Ifrah Osman")
    refused(services, "personal_number", services.update_person, other.id, None, personal_number="9001010017")


def test_get_and_find_people(services: Services) -> None:
    a = services.create_person("Amina Al-Hassan", personal_number="199001010017")
    b = services.create_person("Mohamed Farah", preferred_name="Mo")
    c = services.create_person("Ängla Ängström")
    with pytest.raises(NotFoundError):
        services.get_person(4242)
    assert {p.id for p in services.find_people()} == {a.id, b.id, c.id}  # order: the database's collation
    assert [p.id for p in services.find_people("amina")] == [a.id]
    assert [p.id for p in services.find_people("MO")] == [b.id]
    assert [p.id for p in services.find_people("ängla")] == [c.id]
    assert [p.id for p in services.find_people("900101-0017")] == [a.id]
    assert [p.id for p in services.find_people("19900101")] == [a.id]
    assert [p.id for p in services.find_people("-")] == [a.id]  # "Al-Hassan" only: a lone dash is no number
    assert services.find_people("nobody") == []


# ------------------------------------------------------------------------------------------------ staff, actors, units


def test_current_user_is_created_once(services: Services) -> None:
    first = services.current_user_id()
    assert services.current_user_id() == first
    assert [s.login for s in services.list_staff()] == ["test.coach"]
    again = Services(services.store, user="test.coach")
    assert again.current_user_id() == first


def test_staff(services: Services) -> None:
    user = services.add_staff("lena.berg", "Lena Berg")
    assert (user.login, user.display_name) == ("lena.berg", "Lena Berg")
    assert services.add_staff("per.holm").display_name == "per.holm"
    refused(services, "login", services.add_staff, "lena.berg", "Lena B", words="already a staff member")
    refused(services, "login", services.add_staff, "  ")


def test_actors(services: Services) -> None:
    defaults = services.list_actors()
    assert len(defaults) == 9 and defaults[0].name.startswith("Funktionsstöd")
    actor = services.add_actor("Returbutiken", "employer", phone="040-11 22 33", email="a@b.se")
    assert actor.kind == ActorKind.EMPLOYER
    refused(services, "name", services.add_actor, "Returbutiken", words="already an actor")
    refused(services, "kind", services.add_actor, "Ny", "bakery")
    refused(services, "phone", services.add_actor, "Ny", phone="abc")
    updated = services.update_actor(actor.id, actor.version, active=False)
    assert actor.id not in [a.id for a in services.list_actors()]
    assert actor.id in [a.id for a in services.list_actors(include_inactive=True)]
    with pytest.raises(ConflictError):
        services.update_actor(actor.id, actor.version, phone="")
    refused(services, "name", services.update_actor, actor.id, updated.version, name="Försäkringskassan")


def test_placement_units(services: Services) -> None:
    assert [u.name for u in services.list_placement_units()] == sorted(u.name for u in services.list_placement_units())
    unit = services.add_placement_unit("Kaféet", "Storgatan 2")
    refused(services, "name", services.add_placement_unit, "Kaféet", words="already a placement unit")
    refused(services, "name", services.add_placement_unit, "")
    services.update_placement_unit(unit.id, unit.version, active=False, address="Storgatan 3")
    assert "Kaféet" not in [u.name for u in services.list_placement_units()]
    assert "Kaféet" in [u.name for u in services.list_placement_units(include_inactive=True)]


# ------------------------------------------------------------------------------------------------ plans


def test_create_plan_defaults_and_first_stage(services: Services) -> None:
    person = services.create_person("Hassan Mansour")
    plan = services.create_plan(person.id, period_start="2026-02-01", stage="work_oriented")
    loaded = services.get_plan(plan.id)
    assert loaded.title == "Joint plan" and loaded.status == PlanStatus.DRAFT
    assert loaded.coach is not None and loaded.coach.login == "test.coach"
    history = services.stage_history(person.id)
    assert [(h.from_stage, h.to_stage, h.changed_on) for h in history] == [(None, Stage.WORK_ORIENTED,
                                                                            date(2026, 2, 1))]
    services.create_plan(person.id, period_start="2027-01-01")
    assert len(services.stage_history(person.id)) == 1  # a second plan does not restart the history
    assert services.latest_plan(person.id).period_start == date(2027, 1, 1)
    assert services.latest_plan(services.create_person("Utan Plan").id) is None


@pytest.mark.parametrize("field, values, words", [
    ("period_end", {"period_start": "2026-02-01", "period_end": "2026-01-31"}, "before the start"),
    ("period_start", {"period_start": "2026-02-30"}, "YYYY-MM-DD"),
    ("status", {"status": "open"}, "listed values"),
    ("stage", {"stage": "retired"}, "listed values"),
    ("own_words", {"own_words": "x" * 20_001}, "at most"),
    ("title", {"title": "\u202eTitle"}, "writing direction"),
    ("placement_unit_id", {"placement_unit_id": "many"}, "listed values"),
])
def test_create_plan_refusals(services: Services, field: str, values: dict, words: str) -> None:  # type: ignore[type-arg]
    person = services.create_person("Karin Eriksson")
    refused(services, field, services.create_plan, person.id, **values, words=words)


def test_create_plan_for_a_missing_person(services: Services) -> None:
    before = counts(services)
    with pytest.raises(NotFoundError):
        services.create_plan(4242, period_start=START)
    assert counts(services) == before


def test_update_plan_close_and_reopen(services: Services, plan) -> None:  # type: ignore[no-untyped-def]
    closed = services.set_plan_status(plan.id, "closed")
    assert closed.status == PlanStatus.CLOSED and closed.closed_on == date.today()
    reopened = services.update_plan(plan.id, closed.version, status="active", target_stage="internship")
    assert reopened.closed_on is None and reopened.target_stage == Stage.INTERNSHIP
    refused(services, "period_end", services.update_plan, plan.id, None, period_end="2025-01-01")
    with pytest.raises(ConflictError):
        services.update_plan(plan.id, plan.version, title="Gammal")
    assert services.get_plan(plan.id).title == plan.title


def test_plan_cannot_start_after_its_follow_ups(services: Services, plan) -> None:  # type: ignore[no-untyped-def]
    services.schedule_follow_up(plan.id, at(date(2026, 2, 10)))
    refused(services, "period_start", services.update_plan, plan.id, None, period_start="2026-03-01",
            words="Move the follow-up first")
    services.update_plan(plan.id, None, period_start="2026-02-10")


def test_get_open_and_record_access(services: Services, plan) -> None:  # type: ignore[no-untyped-def]
    events = len(services.audit_trail())
    loaded = services.get_plan(plan.id)
    assert loaded.person.name == "Yusuf Khalil" and len(services.audit_trail()) == events  # not audited
    services.open_plan(plan.id)
    services.record_access("print", plan.id)
    services.record_person_access("export", plan.person_id)
    assert [(e.action, e.entity) for e in services.audit_trail()[-3:]] == [("open", "plan"), ("print", "plan"),
                                                                          ("export", "person")]
    for call, ident in ((services.get_plan, 4242), (services.open_plan, 4242)):
        with pytest.raises(NotFoundError):
            call(ident)
    with pytest.raises(NotFoundError):
        services.record_access("print", 4242)
    with pytest.raises(NotFoundError):
        services.record_person_access("export", 4242)


# ------------------------------------------------------------------------------------------------ participants


def test_participants_and_the_lead(services: Services, plan) -> None:  # type: ignore[no-untyped-def]
    af = next(a for a in services.list_actors() if a.name == "Arbetsförmedlingen")
    first = services.add_participant(plan.id, "Mona Ali", role="Handläggare", actor_id=af.id, is_lead=True)
    loaded = services.get_plan(plan.id)
    assert (loaded.lead_person, loaded.lead_actor_id) == ("Mona Ali", af.id)
    second = services.add_participant(plan.id, "Sara Lind", role="Coach", phone="040-34 50 00")
    services.update_participant(second.id, second.version, is_lead=True)
    loaded = services.get_plan(plan.id)
    assert [p.is_lead for p in loaded.participants] == [False, True]
    assert (loaded.lead_person, loaded.lead_actor_id) == ("Sara Lind", None)
    refused(services, "name", services.add_participant, plan.id, "")
    refused(services, "email", services.add_participant, plan.id, "Kim", email="kim@")
    with pytest.raises(ConflictError):
        services.update_participant(first.id, 99, role="x")
    services.remove_participant(first.id)
    assert [p.name for p in services.get_plan(plan.id).participants] == ["Sara Lind"]
    assert last_event(services).action == "delete"
    with pytest.raises(NotFoundError):
        services.remove_participant(first.id)


# ------------------------------------------------------------------------------------------------ goals and steps


def test_goals_add_update_close_reorder_remove(services: Services, plan) -> None:  # type: ignore[no-untyped-def]
    a = services.add_goal(plan.id, "Jobba i butik", "Jag vill jobba i en butik.", "shop")
    b = services.add_goal(plan.id, "Åka buss", lifecycle="proposed")
    c = services.add_goal(plan.id, "Laga mat")
    assert [g.position for g in (a, b, c)] == [0, 1, 2]
    refused(services, "own_words", services.add_goal, plan.id, "   ")
    refused(services, "pictogram", services.add_goal, plan.id, "Sova", pictogram="no-such-picture", words="picture")
    refused(services, "lifecycle", services.add_goal, plan.id, "Sova", lifecycle="paused")
    services.update_goal(b.id, b.version, lifecycle="active", easy_read="Jag åker buss.")
    achieved = services.update_goal(a.id, None, achievement="achieved")
    assert achieved.achieved_on == date.today()
    closed = services.close_goal(c.id, "cancelled")
    assert (closed.lifecycle, closed.achievement) == (GoalLifecycle.CANCELLED, Achievement.NOT_ACHIEVED)
    assert services.close_goal(b.id).achievement == Achievement.ACHIEVED
    refused(services, "lifecycle", services.close_goal, a.id, "on-hold")
    services.reorder_goals(plan.id, [c.id, a.id, b.id])
    assert [g.id for g in services.get_plan(plan.id).goals] == [c.id, a.id, b.id]
    refused(services, "goal_ids", services.reorder_goals, plan.id, [c.id, a.id], words="changed since")
    services.remove_goal(c.id)
    assert [g.id for g in services.get_plan(plan.id).goals] == [a.id, b.id]
    with pytest.raises(NotFoundError):
        services.add_goal(4242, "X")


def test_steps(services: Services, plan) -> None:  # type: ignore[no-untyped-def]
    goal = services.add_goal(plan.id, "Jobba på lagret")
    one = services.add_step(goal.id, "Besöka lagret", due_on="2026-02-01", pictogram="warehouse")
    two = services.add_step(goal.id, "Prova en dag")
    assert (one.position, two.position, one.due_on) == (0, 1, date(2026, 2, 1))
    refused(services, "text", services.add_step, goal.id, "")
    refused(services, "due_on", services.add_step, goal.id, "X", due_on="1 februari")
    done = services.complete_step(one.id, date(2026, 1, 30))
    assert done.done_on == date(2026, 1, 30)
    assert services.complete_step(two.id).done_on == date.today()
    services.update_step(two.id, None, text="Prova två dagar", done_on=None)
    services.reorder_steps(goal.id, [two.id, one.id])
    steps = services.get_plan(plan.id).goals[0].steps
    assert [(s.text, s.done_on) for s in steps] == [("Prova två dagar", None), ("Besöka lagret", date(2026, 1, 30))]
    refused(services, "step_ids", services.reorder_steps, goal.id, [two.id, two.id])
    services.remove_step(one.id)
    assert len(services.get_plan(plan.id).goals[0].steps) == 1
    with pytest.raises(ConflictError):
        services.update_step(two.id, 1, text="x")


# ------------------------------------------------------------------------------------------------ supports


def test_supports(services: Services, plan) -> None:  # type: ignore[no-untyped-def]
    fk = next(a for a in services.list_actors() if a.name == "Försäkringskassan")
    support = services.add_support(plan.id, "Ser över aktivitetsersättningen.", actor_id=fk.id,
                                   contact_name="Anna Lind", contact_phone="040-34 10 00", frequency="Varje halvår",
                                   start_on="2026-01-05", end_on="2026-12-31", pictogram="support")
    assert support.actor_id == fk.id
    refused(services, "what", services.add_support, plan.id, "")
    refused(services, "end_on", services.add_support, plan.id, "X", start_on="2026-02-01", end_on="2026-01-01")
    refused(services, "contact_email", services.add_support, plan.id, "X", contact_email="no")
    refused(services, "end_on", services.update_support, support.id, None, end_on="2025-12-31")
    services.update_support(support.id, support.version, frequency="Varje kvartal")
    assert services.get_plan(plan.id).supports[0].frequency == "Varje kvartal"
    services.remove_support(support.id)
    assert services.get_plan(plan.id).supports == []


# ------------------------------------------------------------------------------------------------ follow-ups


def test_follow_up_before_the_plan_starts_is_refused(services: Services, plan) -> None:  # type: ignore[no-untyped-def]
    refused(services, "planned_at", services.schedule_follow_up, plan.id, at(date(2026, 1, 4), 23, 30),
            words="before the plan starts")
    first_minute = services.schedule_follow_up(plan.id, at(START, 0, 0))  # 23:00 UTC the day before: still fine
    assert first_minute.planned_at.date() == date(2026, 1, 4)
    refused(services, "planned_at", services.update_follow_up, first_minute.id, None,
            planned_at=at(date(2025, 12, 1)))
    refused(services, "next_at", services.update_follow_up, first_minute.id, None, next_at=at(date(2025, 12, 1)))
    refused(services, "next_at", services.record_follow_up, first_minute.id, held_on=START,
            next_at=at(date(2025, 12, 1)))


def test_follow_up_needs_an_aware_time(services: Services, plan) -> None:  # type: ignore[no-untyped-def]
    refused(services, "planned_at", services.schedule_follow_up, plan.id, datetime(2026, 3, 3, 10, 0))
    refused(services, "planned_at", services.schedule_follow_up, plan.id, "next tuesday")
    meeting = services.schedule_follow_up(plan.id, "2026-03-03T10:00:00+01:00", "Kontoret")
    assert meeting.planned_at == at(date(2026, 3, 3))


def test_record_a_follow_up_with_outcomes_and_the_next_one(services: Services, plan) -> None:  # type: ignore[no-untyped-def]
    shop = services.add_goal(plan.id, "Jobba i butik")
    bus = services.add_goal(plan.id, "Åka buss")
    meeting = services.schedule_follow_up(plan.id, at(date(2026, 3, 3), 9), "Butiken")
    other = services.create_plan(services.create_person("Annan").id, period_start=START)
    foreign_goal = services.add_goal(other.id, "Något")
    refused(services, "outcomes", services.record_follow_up, meeting.id, held_on=date(2026, 3, 3),
            outcomes={foreign_goal.id: ("improving", "")})
    refused(services, "achievement", services.record_follow_up, meeting.id, outcomes={shop.id: ("great", "")})
    recorded = services.record_follow_up(
        meeting.id, held_on=date(2026, 3, 3), attendees="Yusuf, Sara", notes="Bra möte",
        outcomes={shop.id: (Achievement.IMPROVING, "Bättre"), bus.id: ("achieved", "")},
        next_at=at(date(2026, 6, 2)), version=meeting.version)
    assert recorded.held_on == date(2026, 3, 3)
    loaded = services.get_plan(plan.id)
    goals = {g.id: g for g in loaded.goals}
    assert goals[bus.id].lifecycle == GoalLifecycle.COMPLETED and goals[bus.id].achieved_on == date(2026, 3, 3)
    assert goals[shop.id].achievement == Achievement.IMPROVING
    assert sorted((o.goal_id, o.achievement, o.note) for o in loaded.follow_ups[0].outcomes) == sorted(
        [(shop.id, Achievement.IMPROVING, "Bättre"), (bus.id, Achievement.ACHIEVED, "")])
    nxt = loaded.follow_ups[1]
    assert nxt.planned_at == at(date(2026, 6, 2)) and nxt.place == "Butiken" and nxt.held_on is None
    # recording again (a correction) does not book the next meeting twice
    services.record_follow_up(meeting.id, held_on=date(2026, 3, 3), next_at=at(date(2026, 6, 2)))
    assert len(services.get_plan(plan.id).follow_ups) == 2
    with pytest.raises(ConflictError):
        services.record_follow_up(meeting.id, held_on=date(2026, 3, 3), version=meeting.version)


def test_cancel_and_remove_follow_ups(services: Services, plan) -> None:  # type: ignore[no-untyped-def]
    meeting = services.schedule_follow_up(plan.id, at(date(2026, 3, 3)))
    assert services.cancel_follow_up(meeting.id).cancelled
    assert services.follow_ups_due(400, today=START) == []
    services.remove_follow_up(meeting.id)
    assert services.get_plan(plan.id).follow_ups == []
    with pytest.raises(NotFoundError):
        services.cancel_follow_up(meeting.id)


def test_follow_ups_due_and_overdue(services: Services) -> None:
    today = date(2026, 3, 10)
    lena = services.add_staff("lena.berg", "Lena Berg")
    people = {}
    for name, day, coach in (("Amra Hodžić", date(2026, 3, 2), lena.id),  # overdue
                             ("Emir Begić", today, None),  # today, not overdue
                             ("Selma Delić", date(2026, 3, 24), lena.id),  # in 14 days
                             ("Haris Kovačević", date(2026, 4, 30), None)):  # later
        person = services.create_person(name, preferred_name=name.split()[0] if name.startswith("E") else "")
        plan = services.create_plan(person.id, period_start=date(2026, 1, 1), status="active",
                                    **({"coach_id": coach} if coach else {}))
        people[name] = services.schedule_follow_up(plan.id, at(day), "Kontoret")
    held_plan = services.create_plan(services.create_person("Ebba Holm").id, period_start=date(2026, 1, 1))
    held = services.schedule_follow_up(held_plan.id, at(date(2026, 3, 1)))
    services.record_follow_up(held.id, held_on=date(2026, 3, 1))
    closed_plan = services.create_plan(services.create_person("Nils Olsson").id, period_start=date(2026, 1, 1))
    services.schedule_follow_up(closed_plan.id, at(date(2026, 3, 5)))
    services.set_plan_status(closed_plan.id, "closed")

    due = services.follow_ups_due(14, today=today)
    assert [r.person for r in due] == ["Amra Hodžić", "Emir Begić", "Selma Delić"]
    assert [r.overdue for r in due] == [True, False, False]
    assert due[1].first_name == "Emir" and due[0].first_name == "Amra"
    assert due[0].coach == "Lena Berg" and due[0].place == "Kontoret"
    assert [r.person for r in services.follow_ups_due(13, today=today)] == ["Amra Hodžić", "Emir Begić"]
    assert [r.person for r in services.follow_ups_due(14, today=today, include_overdue=False)] == [
        "Emir Begić", "Selma Delić"]
    assert [r.person for r in services.follow_ups_due(60, today=today, coach_id=lena.id)] == [
        "Amra Hodžić", "Selma Delić"]
    assert [r.person for r in services.overdue_follow_ups(today=today)] == ["Amra Hodžić"]
    assert services.overdue_follow_ups(today=date(2026, 3, 1)) == []


# ------------------------------------------------------------------------------------------------ consent


def test_consent(services: Services, plan) -> None:  # type: ignore[no-untyped-def]
    actors = [a.id for a in services.list_actors()][:3]
    refused(services, "actors", services.record_consent, plan.id, [], words="at least one")
    refused(services, "actors", services.record_consent, plan.id, [actors[0], 4242])
    refused(services, "valid_until", services.record_consent, plan.id, actors, "2026-02-01", "2026-01-01")
    refused(services, "given_by", services.record_consent, plan.id, actors, given_by="\u202eX")
    consent = services.record_consent(plan.id, actors, "2026-01-05", "2027-01-05", given_by="Yusuf Khalil")
    loaded = services.get_plan(plan.id).consents[0]
    assert sorted(a.id for a in loaded.actors) == sorted(actors)
    assert loaded.recorded_by == "test.coach" and loaded.is_valid_on(date(2026, 6, 1))
    refused(services, "withdrawn_on", services.withdraw_consent, consent.id, date(2026, 1, 4))
    refused(services, "withdrawn_on", services.update_consent, consent.id, None, withdrawn_on="2025-12-31")
    withdrawn = services.withdraw_consent(consent.id, date(2026, 5, 1))
    assert withdrawn.withdrawn_on == date(2026, 5, 1)
    assert not services.get_plan(plan.id).consents[0].is_valid_on(date(2026, 6, 1))
    assert last_event(services).action == "withdraw"
    with pytest.raises(NotFoundError):
        services.withdraw_consent(4242)


# ------------------------------------------------------------------------------------------------ pathway


def test_move_stage_keeps_the_history(services: Services, plan) -> None:  # type: ignore[no-untyped-def]
    unit = services.add_placement_unit("Lagret")
    services.update_plan(plan.id, None, placement_unit_id=unit.id)
    refused(services, "stage", services.move_stage, plan.id, "daily_activity", words="already at this stage")
    refused(services, "stage", services.move_stage, plan.id, "space")
    refused(services, "changed_on", services.move_stage, plan.id, "internship", on=date(2025, 12, 1))
    change = services.move_stage(plan.id, "internship", on=date(2026, 4, 1), note="Praktik")
    assert (change.from_stage, change.to_stage, change.placement_unit_id) == (Stage.DAILY_ACTIVITY,
                                                                              Stage.INTERNSHIP, unit.id)
    services.move_stage(plan.id, Stage.WORK_ORIENTED, on=date(2026, 5, 1))  # a step back is history too
    history = services.stage_history(plan.person_id)
    assert [(h.from_stage, h.to_stage) for h in history] == [
        (None, Stage.DAILY_ACTIVITY), (Stage.DAILY_ACTIVITY, Stage.INTERNSHIP), (Stage.INTERNSHIP,
                                                                                  Stage.WORK_ORIENTED)]
    assert services.get_plan(plan.id).stage == Stage.WORK_ORIENTED
    assert [e.entity for e in services.audit_trail()[-2:]] == ["stage_change", "plan"]


# ------------------------------------------------------------------------------------------------ lists


def test_list_plans_filters(services: Services) -> None:
    today = date(2026, 3, 10)
    lena = services.add_staff("lena.berg", "Lena Berg")
    unit = services.add_placement_unit("Biblioteket Garaget")
    a = services.create_plan(services.create_person("Amina Saleh", personal_number="199001010017").id,
                             period_start=date(2026, 1, 1), status="active", stage="internship", coach_id=lena.id,
                             placement_unit_id=unit.id)
    b = services.create_plan(services.create_person("Örjan Öberg", preferred_name="Ö").id,
                             period_start=date(2026, 1, 1), title="Plan för studier", stage="studies")
    services.schedule_follow_up(a.id, at(date(2026, 3, 20)))
    services.schedule_follow_up(a.id, at(date(2026, 3, 12)))
    services.schedule_follow_up(b.id, at(date(2026, 5, 1)))
    rows = services.list_plans()
    assert [r.person for r in rows] == ["Amina Saleh", "Örjan Öberg"]
    first = rows[0]
    assert (first.plan_id, first.stage, first.status, first.coach, first.placement_unit) == (
        a.id, Stage.INTERNSHIP, PlanStatus.ACTIVE, "Lena Berg", "Biblioteket Garaget")
    assert first.next_follow_up == at(date(2026, 3, 12))
    assert first.as_json()["next_follow_up"] == "2026-03-12"
    assert set(first.as_json()) >= {"plan_id", "person_id", "person", "stage", "status", "next_follow_up"}
    assert [r.plan_id for r in services.list_plans(status="draft")] == [b.id]
    assert [r.plan_id for r in services.list_plans(status=PlanStatus.ACTIVE)] == [a.id]
    assert [r.plan_id for r in services.list_plans(stage="studies")] == [b.id]
    assert [r.plan_id for r in services.list_plans(coach_id=lena.id)] == [a.id]
    for needle in ("garaget", "LENA", "amina", "ÖRJAN", "studier", "19900101", "900101-0017"):
        assert len(services.list_plans(text_=needle)) == 1, needle
    assert services.list_plans(text_="-") == []
    assert [r.plan_id for r in services.list_plans(due_within=2, today=today)] == [a.id]
    assert [r.plan_id for r in services.list_plans(due_within=1, today=today)] == []
    assert len(services.list_plans(due_within=60, today=today)) == 2


def test_due_within_counts_whole_local_days(services: Services) -> None:
    plan = services.create_plan(services.create_person("Liban Jama").id, period_start=date(2026, 1, 1))
    services.schedule_follow_up(plan.id, at(date(2026, 3, 13), 0, 30))  # 23:30 UTC on the 12th
    today = date(2026, 3, 10)
    assert services.list_plans(due_within=2, today=today) == []  # the 13th is three days away
    assert len(services.list_plans(due_within=3, today=today)) == 1
    services.schedule_follow_up(plan.id, at(date(2026, 3, 12), 23, 30))  # 22:30 UTC on the 12th
    assert len(services.list_plans(due_within=2, today=today)) == 1


# ------------------------------------------------------------------------------------------------ audit


def test_audit_trail_is_chained_and_tamper_evident(services: Services, plan) -> None:  # type: ignore[no-untyped-def]
    services.add_goal(plan.id, "Jobba")
    trail = services.audit_trail()
    assert [e.action for e in trail][:2] == ["create", "create"]
    assert all(e.user == "test.coach" for e in trail)
    assert len(services.audit_trail(limit=2)) == 2
    assert {e.person_id for e in services.audit_trail(plan.person_id)} == {plan.person_id}
    assert services.audit_chain_problems() == []
    with services.store.unit_of_work() as session:
        session.execute(text("UPDATE audit_event SET fields = 'x' WHERE id = :id"), {"id": trail[1].id})
    problems = services.audit_chain_problems()
    assert problems and str(trail[1].id) in problems[0]


def test_every_refusal_keeps_the_audit_chain_sound(services: Services, plan) -> None:  # type: ignore[no-untyped-def]
    for call in (lambda: services.add_goal(plan.id, ""), lambda: services.create_person("\x00"),
                 lambda: services.update_plan(plan.id, 99, title="x")):
        with pytest.raises((ValidationError, ConflictError)):
            call()
    assert services.audit_chain_problems() == []
    assert [e.entity for e in services.audit_trail()].count("goal") == 0


def test_services_user_is_cleaned() -> None:
    class FakeStore:
        pass

    assert Services(FakeStore(), user="  lena.berg ").user == "lena.berg"  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------------ demo data


def test_demo_data_is_consistent(services: Services) -> None:
    """What the demo writes in bulk obeys the rules the services keep one row at a time."""
    from planner import validation as v
    from planner.demo import fill_demo
    from planner.model import Person, Plan, StageChange

    today = date(2026, 11, 24)
    assert fill_demo(services, people=150, today=today) == 150
    with services.store.reading() as session:
        people = session.scalars(select(Person)).all()
        plans = {p.person_id: p for p in session.scalars(select(Plan))}
        changes = session.scalars(select(StageChange).order_by(StageChange.person_id, StageChange.changed_on,
                                                               StageChange.id)).all()
    for person in people:
        if person.personal_number:
            assert v.personal_number(person.personal_number) == person.personal_number
        assert v.clean_name(person.name) == person.name
    by_person: dict[int, list] = {}  # type: ignore[type-arg]
    for change in changes:
        by_person.setdefault(change.person_id, []).append(change)
    assert set(by_person) == {p.id for p in people}
    for person_id, history in by_person.items():
        assert history[0].from_stage is None
        for before, after in zip(history, history[1:], strict=False):
            assert after.from_stage == before.to_stage != after.to_stage
        assert history[-1].to_stage == plans[person_id].stage
    assert {p.stage for p in plans.values()} == set(Stage)
    due = services.follow_ups_due(30, today=today)
    assert any(r.overdue for r in due) and any(not r.overdue for r in due)
    assert services.audit_chain_problems() == []
