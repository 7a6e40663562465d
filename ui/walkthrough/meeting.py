"""The meeting as the walkthrough sees it: which plan, which follow-up is being held, which one comes next.

No Qt here. Every write goes straight to :mod:`planner.services` (saved as you go) and the version each record
had when it was last read or written is kept, so a change made elsewhere in the meantime is reported as a
conflict instead of being overwritten. A conflict moves the kept version on, so saving again (the coach's
choice, after reading the message) wins.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from planner.errors import ConflictError, ValidationError
from planner.i18n import _, local_to_utc, to_local
from planner.model import (
    Achievement,
    Actor,
    Consent,
    FollowUp,
    Goal,
    GoalLifecycle,
    Participant,
    Plan,
    PlanStatus,
    Stage,
    Step,
    Support,
)
from planner.services import Services

FIRST = "first"
FOLLOW_UP = "follow_up"
MODES = (FIRST, FOLLOW_UP)

T = TypeVar("T")

# How a goal went, in the person's words, and the stored value (FHIR achievement status) for each.
OUTCOMES: tuple[tuple[str, Achievement], ...] = (
    ("done", Achievement.ACHIEVED),
    ("on_the_way", Achievement.IMPROVING),
    ("not_yet", Achievement.IN_PROGRESS),
    ("change", Achievement.NOT_ACHIEVED),
)

OPEN_GOALS = (GoalLifecycle.PROPOSED, GoalLifecycle.ACTIVE, GoalLifecycle.ON_HOLD)


@dataclass
class Outcome:
    achievement: Achievement | None = None
    note: str = ""


@dataclass
class Attendance:
    """Who came to a follow-up, kept one name per line in ``FollowUp.attendees``."""

    names: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str) -> Attendance:
        return cls([line.strip() for line in text.splitlines() if line.strip()])

    def text(self) -> str:
        return "\n".join(self.names)


class Meeting:
    """One meeting on one plan, ``mode`` "first" or "follow_up"."""

    def __init__(self, services: Services, plan_id: int, mode: str = FIRST, *, today: date | None = None,
                 follow_up_id: int | None = None) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown meeting mode {mode!r}")
        self.services = services
        self.plan_id = plan_id
        self.mode = mode
        self.today = today or date.today()
        self.versions: dict[tuple[str, int], int] = {}
        self.plan: Plan = services.open_plan(plan_id)
        self._remember_versions(self.plan)
        self.actors: list[Actor] = services.list_actors()
        self.follow_up_id: int | None = None
        self.attendance = Attendance()
        self.outcomes: dict[int, Outcome] = {}
        self._fu_fields: dict[str, Any] = {}
        self.recorded = False
        if mode == FOLLOW_UP:
            self._open_follow_up(follow_up_id)
        self.next_follow_up_id: int | None = self._find_next_follow_up()
        self.pending_place: str | None = None

    # ---------------------------------------------------------------- loading

    def reload(self) -> Plan:
        self.plan = self.services.get_plan(self.plan_id)
        self._remember_versions(self.plan)
        return self.plan

    def _remember_versions(self, plan: Plan) -> None:
        self.versions[("plan", plan.id)] = plan.version
        self.versions[("person", plan.person.id)] = plan.person.version
        for part in plan.participants:
            self.versions[("participant", part.id)] = part.version
        for goal in plan.goals:
            self.versions[("goal", goal.id)] = goal.version
            for step in goal.steps:
                self.versions[("step", step.id)] = step.version
        for support in plan.supports:
            self.versions[("support", support.id)] = support.version
        for fu in plan.follow_ups:
            self.versions[("follow_up", fu.id)] = fu.version
        for consent in plan.consents:
            self.versions[("consent", consent.id)] = consent.version

    def _open_follow_up(self, follow_up_id: int | None) -> None:
        """This meeting's follow-up: the one asked for, one already being recorded today, the next planned, or new."""
        fus = [f for f in self.plan.follow_ups if not f.cancelled]
        chosen: FollowUp | None = next((f for f in fus if f.id == follow_up_id), None) if follow_up_id else None
        if chosen is None:
            today_held = [f for f in fus if f.held_on == self.today]
            planned = sorted((f for f in fus if f.held_on is None), key=lambda f: f.planned_at)
            chosen = today_held[-1] if today_held else (planned[0] if planned else None)
        if chosen is None:
            now = datetime.now().astimezone()
            at = max(now, local_to_utc(self.plan.period_start, time(9, 0)))
            chosen = self.services.schedule_follow_up(self.plan_id, at)
            self.reload()
        self.follow_up_id = chosen.id
        self.versions[("follow_up", chosen.id)] = chosen.version
        self.attendance = Attendance.parse(chosen.attendees)
        if chosen.held_on is None and not self.attendance.names:  # until told otherwise, everyone came
            self.attendance = Attendance([self.plan.person.display_name,
                                          *(p.name for p in self.plan.participants)])
        self._fu_fields = {"notes": chosen.notes, "next_at": chosen.next_at}
        self.outcomes = {o.goal_id: Outcome(o.achievement, o.note) for o in chosen.outcomes}
        self.recorded = chosen.held_on is not None

    def _find_next_follow_up(self) -> int | None:
        current = self.current_follow_up()
        later = [f for f in self.plan.follow_ups if not f.cancelled and f.held_on is None and f.id != self.follow_up_id
                 and (current is None or f.planned_at > current.planned_at)]
        later.sort(key=lambda f: f.planned_at)
        return later[0].id if later else None

    # ---------------------------------------------------------------- reading

    @property
    def person(self):  # type: ignore[no-untyped-def]
        return self.plan.person

    def current_follow_up(self) -> FollowUp | None:
        return self._follow_up(self.follow_up_id)

    def next_follow_up(self) -> FollowUp | None:
        return self._follow_up(self.next_follow_up_id)

    def _follow_up(self, ident: int | None) -> FollowUp | None:
        return next((f for f in self.plan.follow_ups if f.id == ident), None) if ident else None

    def open_goals(self) -> list[Goal]:
        return [g for g in self.plan.goals if g.lifecycle in OPEN_GOALS]

    def done_goals(self) -> list[Goal]:
        """Goals reached at this follow-up: something to be proud of on the summary."""
        return [g for g in self.plan.goals if g.lifecycle == GoalLifecycle.COMPLETED and g.achieved_on == self.today]

    def goal(self, goal_id: int) -> Goal | None:
        return next((g for g in self.plan.goals if g.id == goal_id), None)

    def actor(self, actor_id: int | None) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None) if actor_id else None

    def valid_consents(self) -> list[Consent]:
        return [c for c in self.plan.consents if c.is_valid_on(self.today)]

    def consent_actor_ids(self) -> set[int]:
        return {a.id for c in self.valid_consents() for a in c.actors}

    def meeting_consent(self) -> Consent | None:
        """The consent recorded today by this user and still standing: corrected rather than recorded again."""
        mine = [c for c in self.valid_consents()
                if c.recorded_by == self.services.user and to_local(c.recorded_at).date() == self.today]
        return mine[-1] if mine else None

    # ---------------------------------------------------------------- writing helpers

    def _versioned(self, entity: str, ident: int, call: Callable[[int | None], T]) -> T:
        key = (entity, ident)
        try:
            obj = call(self.versions.get(key))
        except ConflictError as exc:
            self.versions[key] = exc.current_version
            raise
        self.versions[key] = obj.version  # type: ignore[attr-defined]
        return obj

    # ---------------------------------------------------------------- person and plan

    def save_person(self, **values: Any) -> None:
        person_id = self.plan.person.id
        person = self._versioned("person", person_id,
                                 lambda v: self.services.update_person(person_id, v, **values))
        for key in values:
            setattr(self.plan.person, key, getattr(person, key))

    def finish(self) -> None:
        """A first meeting makes a draft plan active."""
        if self.mode == FIRST and self.plan.status == PlanStatus.DRAFT:
            plan = self._versioned("plan", self.plan_id,
                                   lambda v: self.services.update_plan(self.plan_id, v, status=PlanStatus.ACTIVE))
            self.plan.status = plan.status

    def move_stage(self, stage: Stage) -> None:
        if stage != self.plan.stage:
            self.services.move_stage(self.plan_id, stage, on=self.today)
            self.reload()

    # ---------------------------------------------------------------- participants

    def save_participant(self, participant_id: int | None, **values: Any) -> Participant:
        if participant_id is None:
            part = self.services.add_participant(self.plan_id, **values)
            self.versions[("participant", part.id)] = part.version
        else:
            part = self._versioned("participant", participant_id,
                                   lambda v: self.services.update_participant(participant_id, v, **values))
        if values.get("is_lead"):
            self.reload()  # the service took the lead from everyone else
        return part

    def remove_participant(self, participant_id: int) -> None:
        self.services.remove_participant(participant_id)
        self.reload()

    def set_attendance(self, names: Sequence[str]) -> None:
        if list(names) != self.attendance.names:
            self.attendance = Attendance(list(names))
            self.record()

    # ---------------------------------------------------------------- goals and steps

    def save_goal(self, goal_id: int | None, **values: Any) -> Goal:
        if goal_id is None:
            own_words = values.pop("own_words", "")
            goal = self.services.add_goal(self.plan_id, own_words, **values)
            self.versions[("goal", goal.id)] = goal.version
        else:
            goal = self._versioned("goal", goal_id, lambda v: self.services.update_goal(goal_id, v, **values))
        self.reload()
        return goal

    def remove_goal(self, goal_id: int) -> None:
        self.services.remove_goal(goal_id)
        self.outcomes.pop(goal_id, None)
        self.reload()

    def save_step(self, goal_id: int, step_id: int | None, **values: Any) -> Step:
        if step_id is None:
            text = values.pop("text", "")
            step = self.services.add_step(goal_id, text, **values)
            self.versions[("step", step.id)] = step.version
        else:
            step = self._versioned("step", step_id, lambda v: self.services.update_step(step_id, v, **values))
        self.reload()
        return step

    def remove_step(self, step_id: int) -> None:
        self.services.remove_step(step_id)
        self.reload()

    # ---------------------------------------------------------------- supports

    def save_support(self, support_id: int | None, **values: Any) -> Support:
        if support_id is None:
            what = values.pop("what", "")
            support = self.services.add_support(self.plan_id, what, **values)
            self.versions[("support", support.id)] = support.version
        else:
            support = self._versioned("support", support_id,
                                      lambda v: self.services.update_support(support_id, v, **values))
        self.reload()
        return support

    def remove_support(self, support_id: int) -> None:
        self.services.remove_support(support_id)
        self.reload()

    # ---------------------------------------------------------------- the follow-up being held

    def set_outcome(self, goal_id: int, achievement: Achievement | None = None, note: str | None = None) -> None:
        current = self.outcomes.get(goal_id, Outcome())
        new = Outcome(achievement if achievement is not None else current.achievement,
                      note if note is not None else current.note)
        if new != current:
            self.outcomes[goal_id] = new
            if new.achievement is not None:
                self.record()

    def record(self) -> None:
        """Save this follow-up as held today, with who came and how each goal went so far."""
        if self.follow_up_id is None:
            return
        outcomes: dict[int, tuple[Achievement | str, str]] = {
            gid: (o.achievement, o.note) for gid, o in self.outcomes.items()
            if o.achievement is not None and self.goal(gid) is not None}
        fu_id = self.follow_up_id
        self._versioned("follow_up", fu_id, lambda v: self.services.record_follow_up(
            fu_id, held_on=self.today, attendees=self.attendance.text(), notes=self._fu_fields.get("notes", ""),
            outcomes=outcomes, next_at=self._fu_fields.get("next_at"), version=v))
        self.recorded = True
        self.reload()

    # ---------------------------------------------------------------- the next meeting

    def save_next_meeting(self, day: date | None, at: time | None, place: str) -> bool:
        """Book or move the next follow-up. Returns False while there is no day yet (the place waits)."""
        self.pending_place = place
        if day is None or at is None:
            return False
        if day <= self.today:
            raise ValidationError("planned_at", _("The next meeting must be on a day after today."))
        moment = local_to_utc(day, at)
        if self.next_follow_up_id is None:
            fu = self.services.schedule_follow_up(self.plan_id, moment, place)
            self.next_follow_up_id = fu.id
            self.versions[("follow_up", fu.id)] = fu.version
        else:
            nxt = self.next_follow_up()
            if nxt is None or nxt.planned_at != moment or nxt.place != place.strip():
                ident = self.next_follow_up_id
                self._versioned("follow_up", ident, lambda v: self.services.update_follow_up(
                    ident, v, planned_at=moment, place=place))
        if self.follow_up_id is not None and self._fu_fields.get("next_at") != moment:
            self._fu_fields["next_at"] = moment
            if self.recorded:
                self.record()
            else:
                ident = self.follow_up_id
                self._versioned("follow_up", ident,
                                lambda v: self.services.update_follow_up(ident, v, next_at=moment))
        self.pending_place = None
        self.reload()
        return True

    # ---------------------------------------------------------------- consent

    def save_consent(self, actor_ids: Sequence[int], given_by: str) -> None:
        """Make the standing consent exactly ``actor_ids``, given by ``given_by``; none chosen withdraws it."""
        wanted = set(actor_ids)
        given_by = given_by.strip()
        mine = self.meeting_consent()
        if wanted == self.consent_actor_ids() and (
                not wanted or all(c.given_by == given_by for c in self.valid_consents())):
            return
        others = [c for c in self.valid_consents() if mine is None or c.id != mine.id]
        if wanted:
            if mine is None:
                mine = self.services.record_consent(self.plan_id, sorted(wanted), given_on=self.today,
                                                    given_by=given_by)
                self.versions[("consent", mine.id)] = mine.version
            else:
                ident = mine.id
                self._versioned("consent", ident, lambda v: self.services.update_consent(
                    ident, v, actor_ids=sorted(wanted), given_by=given_by))
        elif mine is not None:
            others.append(mine)
        for old in others:  # the new answer replaces what was said before
            self.services.withdraw_consent(old.id, self.today)
        self.reload()


def coming_days(start: date, count: int) -> list[date]:
    return [start + timedelta(days=i) for i in range(count)]
