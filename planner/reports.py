"""The outcomes report: how many people took a step toward work in a period, counted in SQL, never listed.

The report holds raw counts only (no names, no identity numbers, no ids); :mod:`planner.report_export` turns it
into tables with small counts suppressed, and only those tables are shown or exported.

Definitions (also said under the tables):
- A person is in the report when one of their plans matches the filters (placement unit, coach, actor: the plan's
  lead actor, a participant from the actor, or a support by it).
- A person's stage on a day is the stage of their last stage change on or before that day.
- A change of stage is a step forward when the new stage ranks higher (:data:`planner.model.STAGE_RANK`), back
  when it ranks lower, sideways when the rank is the same. The person's first recorded stage is not a change, and
  neither is a record that repeats the stage before it. "From" is the stage of the record before, so the counts
  follow the history even where a record's own ``from_stage`` disagrees.
- Time in a stage: stays that ended in the period (the person moved on), and for people still in a stage at the
  end, the time so far. The median is the middle value (the mean of the two middle ones).
- Leaving daily activity: a change in the period from daily activity, work-oriented activity or an internship
  (all within "daglig verksamhet") to employment, studies or continued support after daily activity (which only
  follows a job). Each person counts once, at their first such change; 6 and 12 months later (183 and 365 days)
  we look at their stage again, where that day has passed.
- Goals achieved: marked achieved with a date in the period.
- Follow-ups planned in the period (not cancelled): held on time (at most :data:`GRACE_DAYS` days after the
  planned day), held late, overdue (not held and planned before today), not yet due.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    case,
    cast,
    distinct,
    exists,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    union_all,
)
from sqlalchemy.sql.elements import ColumnElement

from planner.errors import ValidationError
from planner.i18n import LOCAL_TZ, _
from planner.model import (
    STAGE_RANK,
    Achievement,
    Actor,
    FollowUp,
    Goal,
    Participant,
    PlacementUnit,
    Plan,
    StaffUser,
    Stage,
    StageChange,
    Support,
)

GRACE_DAYS = 7  # a follow-up held at most this many days after the planned day is on time
RETENTION_HORIZONS: tuple[tuple[int, int], ...] = ((6, 183), (12, 365))  # (months, days) after leaving
DAILY_ACTIVITY_STAGES: tuple[Stage, ...] = (Stage.DAILY_ACTIVITY, Stage.WORK_ORIENTED, Stage.INTERNSHIP)
WORK_OR_STUDIES: tuple[Stage, ...] = (Stage.SUPPORTED_EMPLOYMENT, Stage.REGULAR_EMPLOYMENT, Stage.STUDIES,
                                      Stage.CONTINUED_SUPPORT)
STAGES: tuple[Stage, ...] = tuple(Stage)  # the order of rows and columns in every table
MAX_TIMELINE_POINTS = 25

# One row per stay in a stage (the time from one change to the next), filled for one report and dropped after.
_STAYS = Table(
    "stegvis_report_stays", MetaData(),
    Column("id", Integer), Column("person_id", Integer), Column("stage", String(32)), Column("prev", String(32)),
    Column("since", Date), Column("until", Date),
    Index("ix_stegvis_report_stays_person", "person_id", "since"),
    prefixes=["TEMPORARY"])


# ------------------------------------------------------------------------------------------------ results


@dataclass(frozen=True)
class StayStats:
    """Time in one stage, in days."""

    ended: int  # stays that ended in the period
    median_ended: float | None
    ongoing: int  # people in the stage at the end of the period
    median_ongoing: float | None  # their time in it so far


@dataclass(frozen=True)
class Retention:
    """Of the people who left daily activity: how many still had work or studies ``months`` later."""

    months: int
    days: int
    known: int  # the day has passed
    still: int  # ... and they had work or studies then
    not_yet_known: int

    @property
    def no_longer(self) -> int:
        return self.known - self.still


@dataclass(frozen=True)
class FollowUpStats:
    on_time: int
    late: int
    overdue: int
    not_yet_due: int

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.overdue + self.not_yet_due


@dataclass(frozen=True)
class OutcomeReport:
    """Counts for one period and filter. Raw: suppress with :mod:`planner.report_export` before showing."""

    start: date
    end: date
    as_of: date
    unit: str | None
    coach: str | None
    actor: str | None
    people: int  # people with a plan matching the filters
    timeline: tuple[tuple[date, dict[Stage, int]], ...]  # stage counts; the first day is start, the last end
    matrix: dict[tuple[Stage, Stage], int]  # changes in the period, (from, to) -> count
    people_forward: int
    people_backward: int
    stays: dict[Stage, StayStats]
    left_daily_activity: int
    retention: tuple[Retention, ...]
    goals_achieved: int
    people_with_goal_achieved: int
    follow_ups: FollowUpStats
    notes: tuple[str, ...] = field(default=())

    @property
    def stage_start(self) -> dict[Stage, int]:
        return self.timeline[0][1]

    @property
    def stage_end(self) -> dict[Stage, int]:
        return self.timeline[-1][1]

    def _changes(self, sign: int) -> int:
        return sum(n for (a, b), n in self.matrix.items()
                   if (STAGE_RANK[b] > STAGE_RANK[a]) - (STAGE_RANK[b] < STAGE_RANK[a]) == sign)

    @property
    def forward(self) -> int:
        return self._changes(1)

    @property
    def backward(self) -> int:
        return self._changes(-1)

    @property
    def sideways(self) -> int:
        return self._changes(0)


# ------------------------------------------------------------------------------------------------ helpers


def timeline_points(start: date, end: date, max_points: int = MAX_TIMELINE_POINTS) -> list[date]:
    """``start``, the last day of each month in between, and ``end``; every n-th month when there are many."""
    month_ends: list[date] = []
    day = start
    while True:
        nxt = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        last = nxt - timedelta(days=1)
        if last >= end:
            break
        if last > start:
            month_ends.append(last)
        day = nxt
    step = max(1, -(-len(month_ends) // max(1, max_points - 2)))
    picked = month_ends[step - 1::step] if step > 1 else month_ends
    return [start, *picked, end] if end > start else [start]


def _offset_segments(lo: datetime, hi: datetime) -> list[tuple[datetime, int]]:
    """Where Stockholm's UTC offset changes between ``lo`` and ``hi``: (first instant, offset in seconds)."""

    def offset(moment: datetime) -> int:
        delta = moment.astimezone(LOCAL_TZ).utcoffset()
        return int(delta.total_seconds()) if delta else 0

    segments = [(lo, offset(lo))]
    t = lo
    while t < hi:
        nxt = min(t + timedelta(hours=6), hi)
        if offset(nxt) != offset(t):
            a, b = t, nxt
            while b - a > timedelta(microseconds=1):
                mid = a + (b - a) / 2
                a, b = (mid, b) if offset(mid) == offset(a) else (a, mid)
            segments.append((b, offset(b)))
        t = nxt
    return segments


class _Sql:
    """The few date expressions that differ between SQLite and PostgreSQL."""

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect

    def days_between(self, a: Any, b: Any) -> ColumnElement[int]:
        if self.dialect == "sqlite":
            return cast(func.julianday(b) - func.julianday(a), Integer)
        return cast(b - a, Integer)

    def plus_days(self, day: Any, days: int) -> ColumnElement[date]:
        if self.dialect == "sqlite":
            return func.date(day, f"+{int(days)} days")
        return cast(day + literal_column(str(int(days))), Date)

    def local_date(self, moment: Any, lo: datetime, hi: datetime) -> ColumnElement[date]:
        """The Stockholm calendar day of a stored UTC moment between ``lo`` and ``hi``."""
        if self.dialect == "postgresql":
            return cast(func.timezone(LOCAL_TZ.key, moment), Date)
        segments = _offset_segments(lo, hi)
        shifted = [func.date(moment, f"{off:+d} seconds") for _at, off in segments]
        if len(segments) == 1:
            return shifted[0]
        whens = [(moment < segments[i + 1][0], shifted[i]) for i in range(len(segments) - 1)]
        return case(*whens, else_=shifted[-1])


def _rank(column: Any) -> ColumnElement[int]:
    return case({stage: rank for stage, rank in STAGE_RANK.items()}, value=column)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=LOCAL_TZ)


# ------------------------------------------------------------------------------------------------ the report


def resolve_filters(services: Any, unit: str | None, coach_id: int | None, actor_id: int | None
                    ) -> tuple[int | None, str | None, str | None, str | None]:
    """Unit name -> id, and the labels of the filters; an unknown filter is a clear error, not an empty report."""
    unit_id = None
    coach_label = actor_label = None
    with services._read() as session:  # noqa: SLF001 - a read in the planner package
        if unit:
            unit_id = session.scalar(select(PlacementUnit.id).where(PlacementUnit.name == unit))
            if unit_id is None:
                raise ValidationError("unit", _("There is no placement unit called “{name}”.").format(name=unit))
        if coach_id:
            coach = session.get(StaffUser, coach_id)
            if coach is None:
                raise ValidationError("coach", _("The coach could not be found."))
            coach_label = coach.display_name or coach.login
        if actor_id:
            actor = session.get(Actor, actor_id)
            if actor is None:
                raise ValidationError("actor", _("The actor could not be found."))
            actor_label = actor.name
    return unit_id, unit or None, coach_label, actor_label


def outcomes_report(services: Any, start: date, end: date, unit: str | None = None, coach_id: int | None = None,
                    actor_id: int | None = None, *, today: date | None = None) -> OutcomeReport:
    """Count outcomes for people whose plan matches the filters, from ``start`` to ``end`` (both included).

    ``today`` (default: the real today) decides what is overdue and which 6/12-month horizons have passed; an end
    after today is cut at today, because the future is not known yet.
    """
    as_of = today or date.today()
    notes: list[str] = []
    if not isinstance(start, date) or not isinstance(end, date):
        raise ValidationError("start", _("Please write the date as YYYY-MM-DD, for example 2026-03-03."))
    if end > as_of:
        end = max(as_of, start)
        notes.append(_("The period ends today: what has not happened yet cannot be counted."))
    if start > end:
        raise ValidationError("end", _("The end of the period must be on or after its start."))
    unit_id, unit_label, coach_label, actor_label = resolve_filters(services, unit, coach_id, actor_id)
    sql = _Sql(services.store.url.get_backend_name())

    # ---- who is in the report: plans matching the filters, and their people
    def matching(q: Any) -> Any:
        if unit_id is not None:
            q = q.where(Plan.placement_unit_id == unit_id)
        if coach_id:
            q = q.where(Plan.coach_id == coach_id)
        if actor_id:
            q = q.where(or_(
                Plan.lead_actor_id == actor_id,
                exists().where(Participant.plan_id == Plan.id, Participant.actor_id == actor_id),
                exists().where(Support.plan_id == Plan.id, Support.actor_id == actor_id)))
        return q

    people = matching(select(Plan.person_id))

    # ---- stage history: real changes only (a repeated stage is no change), then stays with their end day.
    # Materialised once in a temporary table (per connection, dropped after): every figure below reads it.
    order = (StageChange.changed_on, StageChange.id)
    h0 = (select(StageChange.id, StageChange.person_id, StageChange.changed_on, StageChange.to_stage.label("stage"),
                 func.lag(StageChange.to_stage).over(partition_by=StageChange.person_id, order_by=order)
                 .label("prev"))
          .where(StageChange.person_id.in_(people)).cte("h0"))
    h = select(h0).where(or_(h0.c.prev.is_(None), h0.c.prev != h0.c.stage)).cte("h")
    stays_q = select(h.c.id, h.c.person_id, h.c.stage, h.c.prev, h.c.changed_on,
                     func.lead(h.c.changed_on).over(partition_by=h.c.person_id, order_by=(h.c.changed_on, h.c.id)))
    stays = _STAYS
    end_lit = literal(end, Date)
    start_lit = literal(start, Date)

    def values(stages: Sequence[Stage]) -> list[str]:
        return [stage.value for stage in stages]

    def on_day(day: Any) -> ColumnElement[bool]:
        return and_(stays.c.since <= day, or_(stays.c.until.is_(None), stays.c.until > day))

    # stage counts on each day: +1 when a stay begins, -1 when it ends, summed up to the day (a few thousand
    # (stage, day) events instead of every stay against every day)
    points = timeline_points(start, end)
    pts = union_all(*(select(literal(p, Date).label("d")) for p in points)).cte("pts")
    moves = union_all(select(stays.c.stage, stays.c.since.label("day"), literal(1, Integer).label("delta")),
                      select(stays.c.stage, stays.c.until, literal(-1, Integer)).where(stays.c.until.is_not(None))
                      ).subquery("moves")
    events = (select(moves.c.stage, moves.c.day, func.sum(moves.c.delta).label("delta"))
              .group_by(moves.c.stage, moves.c.day).cte("events"))
    timeline_q = (select(pts.c.d, events.c.stage, func.sum(events.c.delta)).select_from(pts)
                  .join(events, events.c.day <= pts.c.d).group_by(pts.c.d, events.c.stage))

    in_period = and_(stays.c.prev.is_not(None), stays.c.since >= start_lit, stays.c.since <= end_lit)
    matrix_q = select(stays.c.prev, stays.c.stage, func.count()).where(in_period).group_by(stays.c.prev, stays.c.stage)
    movers_q = select(
        func.count(distinct(case((_rank(stays.c.stage) > _rank(stays.c.prev), stays.c.person_id)))),
        func.count(distinct(case((_rank(stays.c.stage) < _rank(stays.c.prev), stays.c.person_id))))).where(in_period)

    # ---- time in each stage: the median by row numbers (portable: SQLite has no percentile function)
    durations = union_all(
        select(literal("ended", String).label("kind"), stays.c.stage,
               sql.days_between(stays.c.since, stays.c.until).label("days"))
        .where(stays.c.until >= start_lit, stays.c.until <= end_lit),
        select(literal("ongoing", String).label("kind"), stays.c.stage,
               sql.days_between(stays.c.since, end_lit).label("days")).where(on_day(end_lit)),
    ).cte("durations")
    # counts per length first, then running totals find the middle one or two (n+1)//2 and (n+2)//2
    grouped = (select(durations.c.kind, durations.c.stage, durations.c.days, func.count().label("c"))
               .group_by(durations.c.kind, durations.c.stage, durations.c.days).subquery("grouped"))
    part = (grouped.c.kind, grouped.c.stage)
    running = select(  # SUM is numeric on PostgreSQL: cast, so that // divides whole numbers on both
        grouped, cast(func.sum(grouped.c.c).over(partition_by=part, order_by=grouped.c.days), Integer).label("upto"),
        cast(func.sum(grouped.c.c).over(partition_by=part), Integer).label("n")).subquery("running")
    low = func.min(case((running.c.upto >= (running.c.n + 1) // 2, running.c.days)))
    high = func.min(case((running.c.upto >= (running.c.n + 2) // 2, running.c.days)))
    median_q = (select(running.c.kind, running.c.stage, func.max(running.c.n), low, high)
                .group_by(running.c.kind, running.c.stage))

    # ---- leaving daily activity, and where people were 6 and 12 months later
    exits0 = (select(stays.c.person_id, stays.c.since.label("left_on"),
                     func.row_number().over(partition_by=stays.c.person_id,
                                            order_by=(stays.c.since, stays.c.id)).label("rn"))
              .where(stays.c.prev.in_(values(DAILY_ACTIVITY_STAGES)), stays.c.stage.in_(values(WORK_OR_STUDIES)),
                     stays.c.since >= start_lit, stays.c.since <= end_lit).cte("exits0"))
    exits = select(exits0.c.person_id, exits0.c.left_on).where(exits0.c.rn == 1).cte("exits")
    later = _STAYS.alias("later")
    cols: list[Any] = [func.count()]
    for _months, days in RETENTION_HORIZONS:
        at = sql.plus_days(exits.c.left_on, days)
        known = at <= literal(as_of, Date)
        still = exists().where(later.c.person_id == exits.c.person_id, later.c.stage.in_(values(WORK_OR_STUDIES)),
                               later.c.since <= at, or_(later.c.until.is_(None), later.c.until > at))
        cols += [func.coalesce(func.sum(case((known, 1), else_=0)), 0),
                 func.coalesce(func.sum(case((and_(known, still), 1), else_=0)), 0)]
    exits_q = select(*cols).select_from(exits)

    # ---- goals and follow-ups of the plans in the report
    filtered = unit_id is not None or bool(coach_id) or bool(actor_id)
    goals_q = matching(select(func.count(Goal.id), func.count(distinct(Plan.person_id)))
                       .join(Plan, Plan.id == Goal.plan_id)
                       .where(Goal.achievement == Achievement.ACHIEVED, Goal.achieved_on >= start_lit,
                              Goal.achieved_on <= end_lit))
    lo, hi = _midnight(start), _midnight(end + timedelta(days=1))
    cutoff = _midnight(as_of)
    due = sql.plus_days(sql.local_date(FollowUp.planned_at, lo, hi), GRACE_DAYS)
    held = FollowUp.held_on.is_not(None)
    follow_q = matching(
        select(func.coalesce(func.sum(case((and_(held, FollowUp.held_on <= due), 1), else_=0)), 0),
               func.coalesce(func.sum(case((and_(held, FollowUp.held_on > due), 1), else_=0)), 0),
               func.coalesce(func.sum(case((and_(~held, FollowUp.planned_at < cutoff), 1), else_=0)), 0),
               func.coalesce(func.sum(case((and_(~held, FollowUp.planned_at >= cutoff), 1), else_=0)), 0))
        .where(FollowUp.cancelled.is_(False), FollowUp.planned_at >= lo, FollowUp.planned_at < hi))
    if filtered:  # without filters every plan counts: no join needed
        follow_q = follow_q.join(Plan, Plan.id == FollowUp.plan_id)

    with services._read() as session:  # noqa: SLF001 - one consistent read for every figure
        connection = session.connection()
        _STAYS.drop(connection, checkfirst=True)
        _STAYS.create(connection)
        try:
            session.execute(insert(_STAYS).from_select(
                ["id", "person_id", "stage", "prev", "since", "until"], stays_q))
            n_people = session.scalar(select(func.count(distinct(people.subquery().c.person_id)))) or 0
            counts: dict[date, dict[Stage, int]] = {p: dict.fromkeys(STAGES, 0) for p in points}
            for day, stage, n in session.execute(timeline_q):
                if n:
                    counts[_as_date(day)][Stage(stage)] = int(n)
            matrix = {(Stage(a), Stage(b)): int(n) for a, b, n in session.execute(matrix_q)}
            forward_people, backward_people = session.execute(movers_q).one()
            medians: dict[tuple[str, Stage], tuple[int, float]] = {
                (kind, Stage(stage)): (int(n), (int(a) + int(b)) / 2)
                for kind, stage, n, a, b in session.execute(median_q)}
            exit_row = [int(x or 0) for x in session.execute(exits_q).one()]
        finally:
            _STAYS.drop(connection, checkfirst=True)
        goals, goal_people = session.execute(goals_q).one()
        follow = [int(x or 0) for x in session.execute(follow_q).one()]

    stays_stats = {}
    for stage in STAGES:
        ended = medians.get(("ended", stage))
        ongoing = medians.get(("ongoing", stage))
        stays_stats[stage] = StayStats(ended[0] if ended else 0, ended[1] if ended else None,
                                       ongoing[0] if ongoing else 0, ongoing[1] if ongoing else None)
    left = exit_row[0]
    retention = tuple(Retention(months, days, exit_row[1 + 2 * i], exit_row[2 + 2 * i], left - exit_row[1 + 2 * i])
                      for i, (months, days) in enumerate(RETENTION_HORIZONS))
    return OutcomeReport(
        start=start, end=end, as_of=as_of, unit=unit_label, coach=coach_label, actor=actor_label,
        people=int(n_people), timeline=tuple((p, counts[p]) for p in points), matrix=matrix,
        people_forward=int(forward_people or 0), people_backward=int(backward_people or 0), stays=stays_stats,
        left_daily_activity=left, retention=retention, goals_achieved=int(goals or 0),
        people_with_goal_achieved=int(goal_people or 0), follow_ups=FollowUpStats(*follow), notes=tuple(notes))


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
