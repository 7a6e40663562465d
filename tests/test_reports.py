"""The outcomes report: known answers from hand-built histories, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date, datetime, time
from statistics import median

import pytest

from planner.errors import ValidationError
from planner.i18n import LOCAL_TZ
from planner.model import Achievement, Stage
from planner.reports import GRACE_DAYS, outcomes_report, timeline_points

pytestmark = pytest.mark.core

TODAY = date(2026, 6, 30)
START, END = date(2025, 1, 1), date(2025, 12, 31)
DA, WO, IN, SE, RE, ST, CS = (Stage.DAILY_ACTIVITY, Stage.WORK_ORIENTED, Stage.INTERNSHIP,
                              Stage.SUPPORTED_EMPLOYMENT, Stage.REGULAR_EMPLOYMENT, Stage.STUDIES,
                              Stage.CONTINUED_SUPPORT)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ)


def _days(a: date, b: date) -> int:
    return (b - a).days


@pytest.fixture
def world(services):  # type: ignore[no-untyped-def]
    """Six people whose every figure is worked out by hand in the tests below."""
    s = services
    units = {u.name: u.id for u in s.list_placement_units()}
    lib, store = units["Biblioteket"], units["Logistik, socialt företag"]
    anna = s.add_staff("anna.coach", "Anna Coach").id
    bo = s.add_staff("bo.coach", "Bo Coach").id
    af = next(a.id for a in s.list_actors() if a.name == "Arbetsförmedlingen")

    def plan(name: str, start: date, stage: Stage, unit: int, coach: int) -> int:
        person = s.create_person(name, personal_number=None)
        return s.create_plan(person.id, period_start=start, stage=stage, placement_unit_id=unit, coach_id=coach).id

    p1 = plan("Aisha Farah", date(2024, 6, 1), DA, lib, anna)
    s.move_stage(p1, WO, on=date(2025, 3, 1))
    s.move_stage(p1, SE, on=date(2025, 6, 1))  # leaves daily activity for a job, keeps it
    p2 = plan("Erik Öberg", date(2024, 1, 1), DA, lib, bo)
    s.move_stage(p2, ST, on=date(2025, 2, 1))  # leaves for studies ...
    s.move_stage(p2, DA, on=date(2025, 5, 1))  # ... and comes back: a step back
    s.add_participant(p2, "Mona Ali", actor_id=af, role="Handläggare")
    p3 = plan("Haris Begić", date(2025, 3, 15), DA, store, anna)  # starts in the period: no change
    s.move_stage(p3, IN, on=date(2025, 9, 1))
    plan("Layla Haddad", date(2023, 1, 1), WO, store, bo)  # no change at all
    p5 = plan("Abdi Warsame", date(2025, 11, 1), DA, store, bo)
    s.move_stage(p5, RE, on=date(2025, 12, 20))  # 12 months later is after TODAY
    p6 = plan("Selma Delić", date(2024, 5, 1), SE, store, bo)
    s.move_stage(p6, CS, on=date(2025, 4, 1))  # same rank: sideways, and not leaving daily activity

    g1 = s.add_goal(p1, "Jobba i butik")
    s.update_goal(g1.id, None, achievement=Achievement.ACHIEVED, achieved_on=date(2025, 5, 5))
    g3a = s.add_goal(p3, "Ta bussen")
    s.update_goal(g3a.id, None, achievement=Achievement.ACHIEVED, achieved_on=date(2024, 12, 31))  # before
    g3b = s.add_goal(p3, "Laga mat")
    s.update_goal(g3b.id, None, achievement=Achievement.ACHIEVED, achieved_on=date(2025, 10, 10))
    s.add_goal(p2, "Läsa en kurs")

    def follow(plan_id: int, planned: datetime, held: date | None = None, cancel: bool = False) -> None:
        fu = s.schedule_follow_up(plan_id, planned)
        if held:
            s.record_follow_up(fu.id, held_on=held)
        if cancel:
            s.cancel_follow_up(fu.id)

    follow(p1, _at(date(2025, 2, 10), 10), held=date(2025, 2, 10) .replace(day=10 + GRACE_DAYS))  # on time
    follow(p1, _at(date(2025, 3, 10), 10), held=date(2025, 3, 18))  # 8 days: late
    follow(p1, _at(date(2025, 4, 10), 10))  # never held: overdue
    follow(p1, _at(date(2025, 5, 10), 10), cancel=True)  # cancelled: not counted
    follow(p1, _at(date(2024, 12, 20), 10))  # before the period
    # Just after midnight in Stockholm is the day before in UTC: the grace counts from the local day.
    follow(p1, _at(date(2025, 7, 1), 0, 30), held=date(2025, 7, 8))  # summer time: on time
    follow(p1, _at(date(2025, 12, 1), 0, 30), held=date(2025, 12, 8))  # winter time: on time
    follow(p3, _at(date(2026, 1, 1), 0, 30))  # 2026 in Stockholm, 2025 in UTC: not in the period
    follow(p3, _at(date(2026, 6, 30), 15))  # today, not held: not yet due (2026 report)
    return {"lib": lib, "anna": anna, "bo": bo, "af": af}


def test_stage_counts_at_start_and_end(services, world) -> None:
    r = outcomes_report(services, START, END, today=TODAY)
    assert r.people == 6
    assert r.stage_start == {DA: 2, WO: 1, IN: 0, SE: 1, RE: 0, ST: 0, CS: 0}
    assert r.stage_end == {DA: 1, WO: 1, IN: 1, SE: 1, RE: 1, ST: 0, CS: 1}
    assert [d for d, _c in r.timeline][:3] == [START, date(2025, 1, 31), date(2025, 2, 28)]
    mid = dict(r.timeline)[date(2025, 3, 31)]  # P1 in WO, P2 in studies, P3 arrived in DA
    assert mid == {DA: 1, WO: 2, IN: 0, SE: 1, RE: 0, ST: 1, CS: 0}


def test_changes_forward_back_and_the_matrix(services, world) -> None:
    r = outcomes_report(services, START, END, today=TODAY)
    assert r.matrix == {(DA, WO): 1, (WO, SE): 1, (DA, ST): 1, (ST, DA): 1, (DA, IN): 1, (DA, RE): 1, (SE, CS): 1}
    assert (r.forward, r.backward, r.sideways) == (5, 1, 1)
    assert (r.people_forward, r.people_backward) == (4, 1)


def test_median_days_in_each_stage(services, world) -> None:
    r = outcomes_report(services, START, END, today=TODAY)
    da_ended = [_days(date(2024, 6, 1), date(2025, 3, 1)), _days(date(2024, 1, 1), date(2025, 2, 1)),
                _days(date(2025, 3, 15), date(2025, 9, 1)), _days(date(2025, 11, 1), date(2025, 12, 20))]
    assert r.stays[DA].ended == 4 and r.stays[DA].median_ended == median(da_ended)
    assert r.stays[WO].median_ended == _days(date(2025, 3, 1), date(2025, 6, 1))
    assert r.stays[ST].median_ended == _days(date(2025, 2, 1), date(2025, 5, 1))
    assert r.stays[SE].median_ended == _days(date(2024, 5, 1), date(2025, 4, 1))
    assert r.stays[RE].ended == 0 and r.stays[RE].median_ended is None
    assert r.stays[WO].median_ongoing == _days(date(2023, 1, 1), END)
    assert r.stays[DA].median_ongoing == _days(date(2025, 5, 1), END)
    assert r.stays[RE].median_ongoing == _days(date(2025, 12, 20), END)
    assert r.stays[CS].ongoing == 1 and r.stays[ST].ongoing == 0


def test_leaving_daily_activity_and_still_working_later(services, world) -> None:
    r = outcomes_report(services, START, END, today=TODAY)
    assert r.left_daily_activity == 3  # P1 (job), P2 (studies), P5 (job); P6 was not in daily activity
    six, twelve = r.retention
    assert (six.months, six.known, six.still, six.not_yet_known) == (6, 3, 2, 0)  # P2 is back in DA
    assert (twelve.months, twelve.known, twelve.still, twelve.not_yet_known) == (12, 2, 1, 1)  # P5 not yet


def test_goals_and_follow_ups(services, world) -> None:
    r = outcomes_report(services, START, END, today=TODAY)
    assert (r.goals_achieved, r.people_with_goal_achieved) == (2, 2)
    fu = r.follow_ups
    assert (fu.on_time, fu.late, fu.overdue, fu.not_yet_due) == (3, 1, 1, 0)
    later = outcomes_report(services, date(2026, 1, 1), date(2026, 12, 31), today=TODAY)
    assert later.end == TODAY and later.notes  # the future is cut off, and the report says so
    assert (later.follow_ups.overdue, later.follow_ups.not_yet_due) == (1, 1)


def test_filters(services, world) -> None:
    lib = outcomes_report(services, START, END, "Biblioteket", today=TODAY)
    assert lib.people == 2 and lib.unit == "Biblioteket"
    assert lib.matrix == {(DA, WO): 1, (WO, SE): 1, (DA, ST): 1, (ST, DA): 1}
    assert lib.follow_ups.total == 5
    anna = outcomes_report(services, START, END, coach_id=world["anna"], today=TODAY)
    assert anna.people == 2 and anna.coach == "Anna Coach" and anna.goals_achieved == 2
    af = outcomes_report(services, START, END, actor_id=world["af"], today=TODAY)
    assert af.people == 1 and af.left_daily_activity == 1 and af.retention[0].still == 0
    with pytest.raises(ValidationError):
        outcomes_report(services, START, END, "No such unit", today=TODAY)
    with pytest.raises(ValidationError):
        outcomes_report(services, END, START, today=TODAY)


def test_an_empty_database_gives_zeros(services) -> None:
    r = outcomes_report(services, START, END, today=TODAY)
    assert r.people == 0 and r.forward == 0 and r.left_daily_activity == 0
    assert r.retention[0].not_yet_known == 0 and r.follow_ups.total == 0


def test_timeline_points() -> None:
    assert timeline_points(date(2025, 1, 1), date(2025, 1, 1)) == [date(2025, 1, 1)]
    assert timeline_points(date(2025, 1, 15), date(2025, 3, 10)) == [date(2025, 1, 15), date(2025, 1, 31),
                                                                      date(2025, 2, 28), date(2025, 3, 10)]
    many = timeline_points(date(2015, 1, 1), date(2025, 1, 1))
    assert len(many) <= 25 and many[0] == date(2015, 1, 1) and many[-1] == date(2025, 1, 1)
