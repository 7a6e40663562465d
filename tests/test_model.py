"""The typed ORM model on SQLite and PostgreSQL: enumerations, UTC times, versions, keys and cascades."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, inspect, select, update
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm.exc import StaleDataError

from planner.model import (
    ACHIEVEMENT_LABELS,
    GOAL_LIFECYCLE_LABELS,
    PLAN_STATUS_LABELS,
    STAGE_LABELS,
    STAGE_RANK,
    Achievement,
    Actor,
    AuditEvent,
    Base,
    Consent,
    FollowUp,
    Goal,
    GoalLifecycle,
    GoalOutcome,
    Participant,
    Person,
    Plan,
    PlanStatus,
    Stage,
    StageChange,
    Step,
    Support,
    Versioned,
    consent_actor,
)

pytestmark = pytest.mark.core


def _plan(session, name: str = "Sara Osman") -> Plan:  # type: ignore[no-untyped-def]
    person = Person(name=name)
    plan = Plan(person=person, period_start=date(2026, 1, 5))
    session.add(plan)
    session.flush()
    return plan


def test_every_enumeration_member_has_a_label_and_a_rank() -> None:
    assert set(STAGE_LABELS) == set(Stage) == set(STAGE_RANK)
    assert set(PLAN_STATUS_LABELS) == set(PlanStatus)
    assert set(GOAL_LIFECYCLE_LABELS) == set(GoalLifecycle)
    assert set(ACHIEVEMENT_LABELS) == set(Achievement)
    assert STAGE_RANK[Stage.REGULAR_EMPLOYMENT] > STAGE_RANK[Stage.INTERNSHIP] > STAGE_RANK[Stage.DAILY_ACTIVITY]


def test_goal_enumerations_follow_fhir() -> None:
    assert [g.value for g in GoalLifecycle] == ["proposed", "active", "on-hold", "completed", "cancelled"]
    assert [a.value for a in Achievement] == ["in-progress", "improving", "achieved", "not-achieved"]


def test_editable_tables_carry_a_version() -> None:
    editable = {"person", "plan", "participant", "goal", "step", "support", "follow_up", "consent", "actor",
                "placement_unit"}
    versioned = {m.class_.__tablename__ for m in Base.registry.mappers if issubclass(m.class_, Versioned)}
    assert versioned == editable
    for name in editable:
        assert "version" in Base.metadata.tables[name].c


def test_enumerations_are_stored_as_their_values(store) -> None:  # type: ignore[no-untyped-def]
    with store.unit_of_work() as session:
        plan = _plan(session)
        plan.stage, plan.status = Stage.SUPPORTED_EMPLOYMENT, PlanStatus.ACTIVE
        session.add(Goal(plan=plan, own_words="Jobba", lifecycle=GoalLifecycle.ON_HOLD))
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT stage, status FROM plan").one() == ("supported_employment", "active")
        assert conn.exec_driver_sql("SELECT lifecycle, achievement FROM goal").one() == ("on-hold", "in-progress")


def test_times_are_aware_utc_on_every_backend(store) -> None:  # type: ignore[no-untyped-def]
    stockholm = datetime(2026, 3, 3, 9, 30, tzinfo=ZoneInfo("Europe/Stockholm"))
    with store.unit_of_work() as session:
        plan = _plan(session)
        session.add(FollowUp(plan=plan, planned_at=stockholm))
    with store.reading() as session:
        meeting = session.scalars(select(FollowUp)).one()
        assert meeting.planned_at == stockholm
        assert meeting.planned_at.tzinfo is not None and meeting.planned_at.utcoffset() == timedelta(0)
        assert meeting.planned_at.hour == 8
        person = session.scalars(select(Person)).one()
        assert person.created_at.tzinfo is not None
        assert abs(person.created_at - datetime.now(UTC)) < timedelta(minutes=5)


def test_a_naive_time_is_refused(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StatementError, match="naive datetime"), store.unit_of_work() as session:
        plan = _plan(session)
        session.add(FollowUp(plan=plan, planned_at=datetime(2026, 3, 3, 9, 30)))
        session.flush()


def test_version_bumps_and_a_stale_save_is_refused(store) -> None:  # type: ignore[no-untyped-def]
    with store.unit_of_work() as session:
        plan = _plan(session)
        plan_id = plan.id
    assert plan.version == 1
    with store.unit_of_work() as session:
        session.get(Plan, plan_id).title = "Min version"
    with pytest.raises(StaleDataError), store.unit_of_work() as session:
        mine = session.get(Plan, plan_id)
        assert mine.version == 2
        # someone else saves in between (behind this session's back) ...
        session.execute(update(Plan).where(Plan.id == plan_id).values(version=3, title="Deras version")
                        .execution_options(synchronize_session=False))
        mine.title = "Min andra version"  # ... so this save names a stale version and is refused
        session.flush()
    with store.reading() as session:
        assert session.get(Plan, plan_id).title == "Min version"


def test_display_name_prefers_the_preferred_name() -> None:
    assert Person(name="Abdirahman Mohamud", preferred_name="Abdi").display_name == "Abdi"
    assert Person(name="Abdirahman Mohamud", preferred_name="").display_name == "Abdirahman Mohamud"


def test_consent_validity() -> None:
    consent = Consent(given_on=date(2026, 1, 5), valid_until=date(2026, 12, 31))
    assert not consent.is_valid_on(date(2026, 1, 4))
    assert consent.is_valid_on(date(2026, 1, 5)) and consent.is_valid_on(date(2026, 12, 31))
    assert not consent.is_valid_on(date(2027, 1, 1))
    consent.withdrawn_on = date(2026, 6, 1)
    assert consent.is_valid_on(date(2026, 5, 31)) and not consent.is_valid_on(date(2026, 6, 1))
    assert Consent(given_on=date(2026, 1, 5)).is_valid_on(date(2099, 1, 1))


def test_personal_number_is_unique_but_may_be_missing_for_many(store) -> None:  # type: ignore[no-untyped-def]
    with store.unit_of_work() as session:
        session.add_all([Person(name="A"), Person(name="B"), Person(name="C", personal_number="199001010017")])
    with pytest.raises(IntegrityError), store.unit_of_work() as session:
        session.add(Person(name="D", personal_number="199001010017"))
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 3


def test_foreign_keys_are_enforced(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityError), store.unit_of_work() as session:
        session.add(Plan(person_id=999, period_start=date(2026, 1, 1)))


def test_one_outcome_per_goal_and_follow_up(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityError), store.unit_of_work() as session:
        plan = _plan(session)
        goal = Goal(plan=plan, own_words="Laga mat")
        meeting = FollowUp(plan=plan, planned_at=datetime(2026, 3, 3, 9, tzinfo=UTC))
        session.add_all([goal, meeting])
        session.flush()
        session.add_all([GoalOutcome(follow_up=meeting, goal=goal, achievement=Achievement.IMPROVING),
                         GoalOutcome(follow_up=meeting, goal=goal, achievement=Achievement.ACHIEVED)])


def test_removing_a_person_removes_everything_of_theirs(store) -> None:  # type: ignore[no-untyped-def]
    with store.unit_of_work() as session:
        actor = session.scalars(select(Actor).where(Actor.name == "Arbetsförmedlingen")).one()
        plan = _plan(session)
        goal = Goal(plan=plan, own_words="Jobba", steps=[Step(text="Ett steg")])
        meeting = FollowUp(plan=plan, planned_at=datetime(2026, 3, 3, 9, tzinfo=UTC))
        session.add_all([goal, meeting, Participant(plan=plan, name="Mona Ali", actor=actor),
                         Support(plan=plan, what="Stöd", actor=actor),
                         Consent(plan=plan, given_on=date(2026, 1, 5), actors=[actor]),
                         StageChange(person=plan.person, plan_id=plan.id, changed_on=date(2026, 1, 5),
                                     to_stage=Stage.DAILY_ACTIVITY)])
        session.flush()
        meeting.outcomes.append(GoalOutcome(goal=goal, achievement=Achievement.IMPROVING))
        session.add(AuditEvent(user="t", person_id=plan.person.id, entity="person", entity_id=plan.person.id,
                               action="create"))
        person_id = plan.person.id
    with store.unit_of_work() as session:
        session.delete(session.get(Person, person_id))
    with store.reading() as session:
        for table in Base.metadata.sorted_tables:
            count = session.scalar(select(func.count()).select_from(table))
            if table.name in ("actor", "placement_unit"):
                assert count > 0
            elif table.name == "audit_event":
                assert count == 1  # the audit trail outlives the person (no foreign key)
            else:
                assert count == 0, table.name


def test_removing_an_actor_keeps_the_plan(store) -> None:  # type: ignore[no-untyped-def]
    with store.unit_of_work() as session:
        actor = Actor(name="Tillfällig arbetsgivare")
        plan = _plan(session)
        plan.lead_actor = actor
        session.add_all([Participant(plan=plan, name="Kim", actor=actor), Support(plan=plan, what="x", actor=actor),
                         Consent(plan=plan, given_on=date(2026, 1, 5), actors=[actor])])
        session.flush()
        actor_id, plan_id = actor.id, plan.id
    with store.unit_of_work() as session:
        session.execute(Actor.__table__.delete().where(Actor.id == actor_id))
    with store.reading() as session:
        plan = session.get(Plan, plan_id)
        assert plan.lead_actor_id is None
        assert session.scalars(select(Participant.actor_id)).all() == [None]
        assert session.scalars(select(Support.actor_id)).all() == [None]
        assert session.scalar(select(func.count()).select_from(consent_actor)) == 0
        assert session.scalar(select(func.count()).select_from(Consent)) == 1


def test_relationships_are_ordered(store) -> None:  # type: ignore[no-untyped-def]
    with store.unit_of_work() as session:
        plan = _plan(session)
        session.add_all([Goal(plan=plan, own_words="Andra", position=1), Goal(plan=plan, own_words="Första",
                                                                                position=0)])
        session.add_all([FollowUp(plan=plan, planned_at=datetime(2026, 6, 1, tzinfo=UTC)),
                         FollowUp(plan=plan, planned_at=datetime(2026, 3, 1, tzinfo=UTC))])
        plan_id = plan.id
    with store.reading() as session:
        plan = session.get(Plan, plan_id)
        assert [g.own_words for g in plan.goals] == ["Första", "Andra"]
        assert [f.planned_at.month for f in plan.follow_ups] == [3, 6]


def test_the_schema_has_indexes_for_the_lists(store) -> None:  # type: ignore[no-untyped-def]
    inspector = inspect(store.engine)
    follow_up = {tuple(ix["column_names"]) for ix in inspector.get_indexes("follow_up")}
    assert ("held_on", "planned_at") in follow_up and ("planned_at",) in follow_up
    assert ("person_id",) in {tuple(ix["column_names"]) for ix in inspector.get_indexes("plan")}


def test_no_planner_module_imports_qt() -> None:
    code = (
        "import importlib, pkgutil, sys, planner\n"
        "for m in pkgutil.walk_packages(planner.__path__, 'planner.'):\n"
        "    if '.migrations.' not in m.name: importlib.import_module(m.name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui'))\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
