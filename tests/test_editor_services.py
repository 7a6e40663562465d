"""Service use-cases the plan editor needs beyond the foundation: undoing a recorded consent, and dates typed
into the editor reaching ``move_stage`` / ``withdraw_consent`` as text."""

from __future__ import annotations

from datetime import date

import pytest

from planner.errors import NotFoundError, ValidationError
from planner.model import Stage

pytestmark = pytest.mark.core


@pytest.fixture
def plan(services):  # type: ignore[no-untyped-def]
    person = services.create_person("Amina Haddad")
    return services.create_plan(person.id, period_start=date(2026, 1, 5))


def test_remove_consent_is_audited_and_gone(services, plan) -> None:  # type: ignore[no-untyped-def]
    actor = services.list_actors()[0]
    consent = services.record_consent(plan.id, [actor.id], given_on=date(2026, 1, 5))
    services.remove_consent(consent.id)
    assert services.get_plan(plan.id).consents == []
    assert [e.action for e in services.audit_trail(plan.person_id) if e.entity == "consent"] == ["create", "delete"]
    assert services.audit_chain_problems() == []
    with pytest.raises(NotFoundError):
        services.remove_consent(consent.id)


def test_move_stage_takes_an_iso_date_and_names_the_field_of_a_bad_one(services, plan) -> None:  # type: ignore[no-untyped-def]
    change = services.move_stage(plan.id, Stage.WORK_ORIENTED, "2026-02-01")
    assert change.changed_on == date(2026, 2, 1)
    with pytest.raises(ValidationError) as err:
        services.move_stage(plan.id, Stage.INTERNSHIP, "first of March")
    assert err.value.field == "changed_on"
    assert services.get_plan(plan.id).stage == Stage.WORK_ORIENTED


def test_withdraw_consent_names_the_field_of_a_bad_date(services, plan) -> None:  # type: ignore[no-untyped-def]
    actor = services.list_actors()[1]
    consent = services.record_consent(plan.id, [actor.id], given_on=date(2026, 1, 5))
    with pytest.raises(ValidationError) as err:
        services.withdraw_consent(consent.id, "31/31")  # type: ignore[arg-type]
    assert err.value.field == "withdrawn_on"
    assert services.withdraw_consent(consent.id, "2026-03-01").withdrawn_on == date(2026, 3, 1)  # type: ignore[arg-type]
