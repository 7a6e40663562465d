"""Services the meeting walkthrough relies on: correcting a consent while it is recorded, and correcting a goal's
outcome in the same follow-up."""

from datetime import UTC, date, datetime

import pytest

from planner.errors import ConflictError, ValidationError
from planner.model import Achievement, GoalLifecycle

pytestmark = pytest.mark.core


@pytest.fixture
def plan(services):  # type: ignore[no-untyped-def]
    person = services.create_person("Maja Test")
    return services.create_plan(person.id, period_start=date(2026, 1, 5))


def test_update_consent_changes_actors_and_who_gave_it(services, plan) -> None:
    actors = services.list_actors()
    a, b, c = actors[0].id, actors[1].id, actors[2].id
    consent = services.record_consent(plan.id, [a, b], given_on=date(2026, 1, 5), given_by="Maja Test")
    updated = services.update_consent(consent.id, consent.version, actor_ids=[b, c], given_by="Gode Man")
    loaded = services.get_plan(plan.id).consents[0]
    assert sorted(x.id for x in loaded.actors) == sorted([b, c])
    assert loaded.given_by == "Gode Man"
    assert loaded.recorded_by == "test.coach"
    assert updated.version > consent.version
    with pytest.raises(ConflictError):
        services.update_consent(consent.id, consent.version, actor_ids=[a])
    with pytest.raises(ValidationError):
        services.update_consent(consent.id, None, actor_ids=[])
    assert [e.fields for e in services.audit_trail() if e.entity == "consent" and e.action == "update"] == \
        ["actors,given_by"]
    assert services.audit_chain_problems() == []


def test_update_consent_with_nothing_changed_writes_nothing(services, plan) -> None:
    a = services.list_actors()[0].id
    consent = services.record_consent(plan.id, [a], given_on=date(2026, 1, 5))
    same = services.update_consent(consent.id, consent.version, actor_ids=[a])
    assert same.version == consent.version
    assert not [e for e in services.audit_trail() if e.entity == "consent" and e.action == "update"]


def test_outcome_corrected_in_the_same_follow_up_reopens_the_goal(services, plan) -> None:
    goal = services.add_goal(plan.id, "Jobba i butik")
    fu = services.schedule_follow_up(plan.id, datetime(2026, 3, 3, 9, tzinfo=UTC))
    held = date(2026, 3, 3)
    services.record_follow_up(fu.id, held_on=held, outcomes={goal.id: (Achievement.ACHIEVED, "")})
    done = services.get_plan(plan.id).goals[0]
    assert (done.lifecycle, done.achieved_on) == (GoalLifecycle.COMPLETED, held)
    services.record_follow_up(fu.id, held_on=held, outcomes={goal.id: (Achievement.IMPROVING, "Nästan")})
    again = services.get_plan(plan.id).goals[0]
    assert (again.lifecycle, again.achieved_on, again.achievement) == (GoalLifecycle.ACTIVE, None,
                                                                       Achievement.IMPROVING)
