"""The domain model: SQLAlchemy 2 typed ORM.

Times are stored in UTC (``UTCDateTime`` keeps them aware on every backend); calendar dates are plain dates.
Every table a user edits carries a ``version`` column used for optimistic concurrency: an update that names a
stale version is refused instead of silently overwriting someone else's save.
Enumerations are stored as short strings so SQLite and PostgreSQL hold the same values.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from planner.i18n import N_


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on every backend (SQLite has no time zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):  # type: ignore[no-untyped-def]
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):  # type: ignore[no-untyped-def]
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _enum(cls: type[enum.Enum]) -> Enum:
    return Enum(cls, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e],
                validate_strings=True, create_constraint=False)


# ------------------------------------------------------------------------------------------------ enumerations


class Stage(str, enum.Enum):
    """The pathway toward work ("stegförflyttning")."""

    DAILY_ACTIVITY = "daily_activity"
    WORK_ORIENTED = "work_oriented"
    INTERNSHIP = "internship"
    SUPPORTED_EMPLOYMENT = "supported_employment"
    REGULAR_EMPLOYMENT = "regular_employment"
    STUDIES = "studies"
    CONTINUED_SUPPORT = "continued_support"


STAGE_LABELS: dict[Stage, str] = {
    Stage.DAILY_ACTIVITY: N_("Daily activity"),
    Stage.WORK_ORIENTED: N_("Work-oriented activity"),
    Stage.INTERNSHIP: N_("Internship or individual placement"),
    Stage.SUPPORTED_EMPLOYMENT: N_("Employment with support"),
    Stage.REGULAR_EMPLOYMENT: N_("Regular employment"),
    Stage.STUDIES: N_("Studies"),
    Stage.CONTINUED_SUPPORT: N_("Continued support after daily activity"),
}

# How far toward work each stage is: a change to a higher rank is a step forward. Studies count as a step forward
# from daily activity; continued support follows a job, so it ranks with supported employment.
STAGE_RANK: dict[Stage, int] = {
    Stage.DAILY_ACTIVITY: 1,
    Stage.WORK_ORIENTED: 2,
    Stage.INTERNSHIP: 3,
    Stage.STUDIES: 4,
    Stage.SUPPORTED_EMPLOYMENT: 4,
    Stage.CONTINUED_SUPPORT: 4,
    Stage.REGULAR_EMPLOYMENT: 5,
}


class PlanStatus(str, enum.Enum):
    DRAFT = "draft"
    ACTIVE = "active"
    CLOSED = "closed"


PLAN_STATUS_LABELS = {PlanStatus.DRAFT: N_("Draft"), PlanStatus.ACTIVE: N_("Active"), PlanStatus.CLOSED: N_("Closed")}


class GoalLifecycle(str, enum.Enum):
    """FHIR Goal.lifecycleStatus (subset)."""

    PROPOSED = "proposed"
    ACTIVE = "active"
    ON_HOLD = "on-hold"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


GOAL_LIFECYCLE_LABELS = {
    GoalLifecycle.PROPOSED: N_("Proposed"),
    GoalLifecycle.ACTIVE: N_("Active"),
    GoalLifecycle.ON_HOLD: N_("On hold"),
    GoalLifecycle.COMPLETED: N_("Completed"),
    GoalLifecycle.CANCELLED: N_("Cancelled"),
}


class Achievement(str, enum.Enum):
    """FHIR Goal.achievementStatus (subset)."""

    IN_PROGRESS = "in-progress"
    IMPROVING = "improving"
    ACHIEVED = "achieved"
    NOT_ACHIEVED = "not-achieved"


ACHIEVEMENT_LABELS = {
    Achievement.IN_PROGRESS: N_("In progress"),
    Achievement.IMPROVING: N_("Improving"),
    Achievement.ACHIEVED: N_("Achieved"),
    Achievement.NOT_ACHIEVED: N_("Not achieved"),
}


class ActorKind(str, enum.Enum):
    DISABILITY_SERVICES = "disability_services"
    LABOUR_MARKET = "labour_market"
    SOCIAL_INSURANCE = "social_insurance"
    EMPLOYMENT_SERVICE = "employment_service"
    HEALTHCARE = "healthcare"
    EMPLOYER = "employer"
    GUARDIAN = "guardian"
    RELATIVE = "relative"
    OTHER = "other"


# ------------------------------------------------------------------------------------------------ mixins


class Versioned:
    """Optimistic concurrency: SQLAlchemy bumps ``version`` on every UPDATE and checks it in the WHERE clause."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - declarative directive
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)


# ------------------------------------------------------------------------------------------------ reference data


class StaffUser(Base):
    """A coach or other staff member; defaults to the OS login."""

    __tablename__ = "staff_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Actor(Versioned, Base):
    """An organisation acting around the person (Försäkringskassan, Arbetsförmedlingen …)."""

    __tablename__ = "actor"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[ActorKind] = mapped_column(_enum(ActorKind), default=ActorKind.OTHER)
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class PlacementUnit(Versioned, Base):
    """Where a person is placed: a library, a second-hand shop, a logistics social enterprise …"""

    __tablename__ = "placement_unit"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    address: Mapped[str] = mapped_column(String(500), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


# ------------------------------------------------------------------------------------------------ person and plan


class Person(Versioned, Timestamped, Base):
    """The individual the plan is for, with "about me" and communication needs."""

    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    preferred_name: Mapped[str] = mapped_column(String(200), default="")
    personal_number: Mapped[str | None] = mapped_column(String(12), unique=True, nullable=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    # communication needs
    easy_read: Mapped[bool] = mapped_column(Boolean, default=True)
    pictograms: Mapped[bool] = mapped_column(Boolean, default=True)
    large_text: Mapped[bool] = mapped_column(Boolean, default=False)
    preferred_language: Mapped[str] = mapped_column(String(50), default="sv")
    interpreter: Mapped[bool] = mapped_column(Boolean, default=False)
    interpreter_language: Mapped[str] = mapped_column(String(100), default="")
    communication_notes: Mapped[str] = mapped_column(Text, default="")
    # about me
    what_matters: Mapped[str] = mapped_column(Text, default="")
    good_at: Mapped[str] = mapped_column(Text, default="")
    how_to_help: Mapped[str] = mapped_column(Text, default="")
    # vocational profile
    interests: Mapped[str] = mapped_column(Text, default="")
    skills: Mapped[str] = mapped_column(Text, default="")
    work_wishes: Mapped[str] = mapped_column(Text, default="")
    support_needs: Mapped[str] = mapped_column(Text, default="")

    plans: Mapped[list[Plan]] = relationship(back_populates="person", cascade="all, delete-orphan",
                                             order_by="Plan.period_start")
    stage_changes: Mapped[list[StageChange]] = relationship(back_populates="person", cascade="all, delete-orphan",
                                                            order_by="StageChange.changed_on")

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.name


class Plan(Versioned, Timestamped, Base):
    """One joint plan for one person and period."""

    __tablename__ = "plan"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[PlanStatus] = mapped_column(_enum(PlanStatus), default=PlanStatus.DRAFT, index=True)
    stage: Mapped[Stage] = mapped_column(_enum(Stage), default=Stage.DAILY_ACTIVITY, index=True)
    target_stage: Mapped[Stage | None] = mapped_column(_enum(Stage), nullable=True)
    lead_actor_id: Mapped[int | None] = mapped_column(ForeignKey("actor.id", ondelete="SET NULL"), nullable=True)
    lead_person: Mapped[str] = mapped_column(String(200), default="")
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"), nullable=True,
                                                 index=True)
    placement_unit_id: Mapped[int | None] = mapped_column(ForeignKey("placement_unit.id", ondelete="SET NULL"),
                                                          nullable=True)
    own_words: Mapped[str] = mapped_column(Text, default="")
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    person: Mapped[Person] = relationship(back_populates="plans")
    lead_actor: Mapped[Actor | None] = relationship()
    coach: Mapped[StaffUser | None] = relationship()
    placement_unit: Mapped[PlacementUnit | None] = relationship()
    participants: Mapped[list[Participant]] = relationship(back_populates="plan", cascade="all, delete-orphan",
                                                           order_by="Participant.id")
    goals: Mapped[list[Goal]] = relationship(back_populates="plan", cascade="all, delete-orphan",
                                             order_by="Goal.position")
    supports: Mapped[list[Support]] = relationship(back_populates="plan", cascade="all, delete-orphan",
                                                   order_by="Support.id")
    follow_ups: Mapped[list[FollowUp]] = relationship(back_populates="plan", cascade="all, delete-orphan",
                                                      order_by="FollowUp.planned_at")
    consents: Mapped[list[Consent]] = relationship(back_populates="plan", cascade="all, delete-orphan",
                                                   order_by="Consent.given_on")


class Participant(Versioned, Base):
    """Someone taking part in the plan: from an actor, or the person's guardian or relative."""

    __tablename__ = "participant"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("actor.id", ondelete="SET NULL"), nullable=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    is_lead: Mapped[bool] = mapped_column(Boolean, default=False)

    plan: Mapped[Plan] = relationship(back_populates="participants")
    actor: Mapped[Actor | None] = relationship()


class Goal(Versioned, Timestamped, Base):
    """What the person wants, in their own words, with an easy-read wording and a pictogram (FHIR Goal)."""

    __tablename__ = "goal"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    own_words: Mapped[str] = mapped_column(Text)
    easy_read: Mapped[str] = mapped_column(Text, default="")
    pictogram: Mapped[str] = mapped_column(String(64), default="")
    lifecycle: Mapped[GoalLifecycle] = mapped_column(_enum(GoalLifecycle), default=GoalLifecycle.ACTIVE)
    achievement: Mapped[Achievement] = mapped_column(_enum(Achievement), default=Achievement.IN_PROGRESS)
    position: Mapped[int] = mapped_column(Integer, default=0)
    achieved_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    plan: Mapped[Plan] = relationship(back_populates="goals")
    steps: Mapped[list[Step]] = relationship(back_populates="goal", cascade="all, delete-orphan",
                                             order_by="Step.position")


class Step(Versioned, Base):
    """A small, dated step toward a goal ("delmål", "nästa steg")."""

    __tablename__ = "step"
    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    done_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    pictogram: Mapped[str] = mapped_column(String(64), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    goal: Mapped[Goal] = relationship(back_populates="steps")


class Support(Versioned, Base):
    """What one actor does ("insats"): who, what, how often, from when to when."""

    __tablename__ = "support"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("actor.id", ondelete="SET NULL"), nullable=True)
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    what: Mapped[str] = mapped_column(Text)
    frequency: Mapped[str] = mapped_column(String(200), default="")
    pictogram: Mapped[str] = mapped_column(String(64), default="")
    start_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    end_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    plan: Mapped[Plan] = relationship(back_populates="supports")
    actor: Mapped[Actor | None] = relationship()


class FollowUp(Versioned, Base):
    """A dated meeting where the plan is reviewed. ``held_on`` is set when it has taken place."""

    __tablename__ = "follow_up"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    planned_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    place: Mapped[str] = mapped_column(String(300), default="")
    held_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    attendees: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    next_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)

    plan: Mapped[Plan] = relationship(back_populates="follow_ups")
    outcomes: Mapped[list[GoalOutcome]] = relationship(back_populates="follow_up", cascade="all, delete-orphan")


class GoalOutcome(Base):
    """How one goal went, recorded at one follow-up."""

    __tablename__ = "goal_outcome"
    __table_args__ = (UniqueConstraint("follow_up_id", "goal_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    follow_up_id: Mapped[int] = mapped_column(ForeignKey("follow_up.id", ondelete="CASCADE"), index=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"), index=True)
    achievement: Mapped[Achievement] = mapped_column(_enum(Achievement))
    note: Mapped[str] = mapped_column(Text, default="")

    follow_up: Mapped[FollowUp] = relationship(back_populates="outcomes")
    goal: Mapped[Goal] = relationship()


consent_actor = Table(
    "consent_actor",
    Base.metadata,
    Column("consent_id", ForeignKey("consent.id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", ForeignKey("actor.id", ondelete="CASCADE"), primary_key=True),
)


class Consent(Versioned, Base):
    """The person's consent to share information between named actors ("samtycke")."""

    __tablename__ = "consent"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    given_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    withdrawn_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    given_by: Mapped[str] = mapped_column(String(200), default="")  # the person, or their guardian
    recorded_by: Mapped[str] = mapped_column(String(100), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")

    plan: Mapped[Plan] = relationship(back_populates="consents")
    actors: Mapped[list[Actor]] = relationship(secondary=consent_actor, order_by="Actor.name")

    def is_valid_on(self, day: date) -> bool:
        if self.withdrawn_on is not None and self.withdrawn_on <= day:
            return False
        if self.valid_until is not None and self.valid_until < day:
            return False
        return self.given_on <= day


class StageChange(Base):
    """One move on the pathway: the person's stage history."""

    __tablename__ = "stage_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id", ondelete="SET NULL"), nullable=True)
    changed_on: Mapped[date] = mapped_column(Date, index=True)
    from_stage: Mapped[Stage | None] = mapped_column(_enum(Stage), nullable=True)
    to_stage: Mapped[Stage] = mapped_column(_enum(Stage))
    placement_unit_id: Mapped[int | None] = mapped_column(ForeignKey("placement_unit.id", ondelete="SET NULL"),
                                                          nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(100), default="")

    person: Mapped[Person] = relationship(back_populates="stage_changes")


class AuditEvent(Base):
    """Who did what, when — field *names* only, never contents. Append-only and hash-chained."""

    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user: Mapped[str] = mapped_column(String(100))
    person_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)  # no FK: survives erasure
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    action: Mapped[str] = mapped_column(String(30))
    fields: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64), default="")


Index("ix_follow_up_open", FollowUp.held_on, FollowUp.planned_at)
