"""Use-cases: one method per thing a user does, one session per unit of work.

The desktop app, the CLI and the tests all call these. Each write validates its input first (raising
:class:`~planner.errors.ValidationError` naming the field, before anything is written), checks the version the
caller last saw (raising :class:`~planner.errors.ConflictError` instead of overwriting someone else's save), writes
the change and its audit event in the same transaction, and commits. Results are detached ORM objects whose
needed relations are loaded, or small dataclasses for lists.
"""

from __future__ import annotations

import getpass
import hashlib
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, TypeVar

from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from planner import validation as v
from planner.errors import ConflictError, NotFoundError, StegvisError, ValidationError
from planner.i18n import _
from planner.model import (
    Achievement,
    Actor,
    ActorKind,
    AuditEvent,
    Base,
    Consent,
    FollowUp,
    Goal,
    GoalLifecycle,
    GoalOutcome,
    Participant,
    Person,
    PlacementUnit,
    Plan,
    PlanStatus,
    StaffUser,
    Stage,
    StageChange,
    Step,
    Support,
    utcnow,
)
from planner.store import Store, storage_error_from

T = TypeVar("T", bound=Base)
Cleaner = Callable[[Any, str], Any]


# ------------------------------------------------------------------------------------------------ field cleaners


def _name(value: Any, field: str) -> str:
    return v.clean_name(value, field)


def _opt_name(value: Any, field: str) -> str:
    return v.clean_name(value, field, required=False)


def _short(value: Any, field: str) -> str:
    return v.clean_text(value, field)


def _long(value: Any, field: str) -> str:
    return v.clean_long_text(value, field)


def _required_long(value: Any, field: str) -> str:
    text_ = v.clean_long_text(value, field)
    if not text_:
        raise ValidationError(field, _("This field cannot be empty."))
    return text_


def _bool(value: Any, field: str) -> bool:
    return bool(value)


def _opt_date(value: Any, field: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValidationError(field, _("Please write the date as YYYY-MM-DD, for example 2026-03-03.")) from exc


def _date(value: Any, field: str) -> date:
    day = _opt_date(value, field)
    if day is None:
        raise ValidationError(field, _("Please choose a date."))
    return day


def _datetime(value: Any, field: str) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError as exc:
            raise ValidationError(field, _("Please choose a date and a time.")) from exc
    if not isinstance(value, datetime):
        raise ValidationError(field, _("Please choose a date and a time."))
    if value.tzinfo is None:
        raise ValidationError(field, _("Please choose a date and a time."))
    return value.astimezone(timezone.utc)


def _opt_datetime(value: Any, field: str) -> datetime | None:
    return None if value is None or value == "" else _datetime(value, field)


def _enum_of(cls: type) -> Cleaner:
    def clean(value: Any, field: str) -> Any:
        try:
            return cls(value)
        except ValueError as exc:
            raise ValidationError(field, _("Please choose one of the listed values.")) from exc

    return clean


def _opt_enum_of(cls: type) -> Cleaner:
    inner = _enum_of(cls)
    return lambda value, field: None if value in (None, "") else inner(value, field)


def _opt_id(value: Any, field: str) -> int | None:
    if value in (None, "", 0):
        return None
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError(field, _("Please choose one of the listed values.")) from exc


def _pictogram(value: Any, field: str) -> str:
    key = v.clean_text(value, field, max_length=64)
    if key:
        from planner import pictograms

        if pictograms.get(key) is None:
            raise ValidationError(field, _("Please choose a picture from the list."))
    return key


def _language(value: Any, field: str) -> str:
    return v.clean_text(value or "sv", field, max_length=50)


PERSON_FIELDS: dict[str, Cleaner] = {
    "name": _name,
    "preferred_name": _opt_name,
    "personal_number": lambda value, field: v.personal_number(value, field),
    "phone": v.phone,
    "email": v.email,
    "address": _short,
    "easy_read": _bool,
    "pictograms": _bool,
    "large_text": _bool,
    "preferred_language": _language,
    "interpreter": _bool,
    "interpreter_language": _short,
    "communication_notes": _long,
    "what_matters": _long,
    "good_at": _long,
    "how_to_help": _long,
    "interests": _long,
    "skills": _long,
    "work_wishes": _long,
    "support_needs": _long,
}

PLAN_FIELDS: dict[str, Cleaner] = {
    "title": _short,
    "period_start": _date,
    "period_end": _opt_date,
    "status": _enum_of(PlanStatus),
    "stage": _enum_of(Stage),
    "target_stage": _opt_enum_of(Stage),
    "lead_actor_id": _opt_id,
    "lead_person": _opt_name,
    "coach_id": _opt_id,
    "placement_unit_id": _opt_id,
    "own_words": _long,
}

PARTICIPANT_FIELDS: dict[str, Cleaner] = {
    "actor_id": _opt_id,
    "name": _name,
    "role": _short,
    "phone": v.phone,
    "email": v.email,
    "is_lead": _bool,
}

GOAL_FIELDS: dict[str, Cleaner] = {
    "own_words": _required_long,
    "easy_read": _long,
    "pictogram": _pictogram,
    "lifecycle": _enum_of(GoalLifecycle),
    "achievement": _enum_of(Achievement),
    "achieved_on": _opt_date,
}

STEP_FIELDS: dict[str, Cleaner] = {
    "text": _required_long,
    "due_on": _opt_date,
    "done_on": _opt_date,
    "pictogram": _pictogram,
}

SUPPORT_FIELDS: dict[str, Cleaner] = {
    "actor_id": _opt_id,
    "contact_name": _opt_name,
    "contact_phone": v.phone,
    "contact_email": v.email,
    "what": _required_long,
    "frequency": _short,
    "pictogram": _pictogram,
    "start_on": _opt_date,
    "end_on": _opt_date,
}

FOLLOW_UP_FIELDS: dict[str, Cleaner] = {
    "planned_at": _datetime,
    "place": _short,
    "held_on": _opt_date,
    "attendees": _long,
    "notes": _long,
    "next_at": _opt_datetime,
    "cancelled": _bool,
}

CONSENT_FIELDS: dict[str, Cleaner] = {
    "given_on": _date,
    "valid_until": _opt_date,
    "withdrawn_on": _opt_date,
    "given_by": _opt_name,
    "note": _long,
}

ACTOR_FIELDS: dict[str, Cleaner] = {
    "name": _name,
    "kind": _enum_of(ActorKind),
    "phone": v.phone,
    "email": v.email,
    "active": _bool,
}

UNIT_FIELDS: dict[str, Cleaner] = {"name": _name, "address": _short, "active": _bool}


def clean_fields(spec: dict[str, Cleaner], values: dict[str, Any]) -> dict[str, Any]:
    """Validate every given field; unknown names are a programming error."""
    cleaned: dict[str, Any] = {}
    for key, value in values.items():
        if key not in spec:
            raise TypeError(f"unknown field {key!r}")
        cleaned[key] = spec[key](value, key)
    return cleaned


# ------------------------------------------------------------------------------------------------ list rows


@dataclass(frozen=True)
class PlanRow:
    """One line of the people-and-plans list."""

    plan_id: int
    person_id: int
    person: str
    preferred_name: str
    personal_number: str | None
    title: str
    stage: Stage
    status: PlanStatus
    coach: str
    coach_id: int | None
    placement_unit: str
    period_start: date
    period_end: date | None
    next_follow_up: datetime | None

    def as_json(self) -> dict[str, Any]:
        return {
            "plan_id": self.plan_id,
            "person_id": self.person_id,
            "person": self.person,
            "title": self.title,
            "stage": self.stage.value,
            "status": self.status.value,
            "coach": self.coach,
            "placement_unit": self.placement_unit,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat() if self.period_end else None,
            "next_follow_up": self.next_follow_up.date().isoformat() if self.next_follow_up else None,
        }


@dataclass(frozen=True)
class FollowUpRow:
    """One planned, not yet held follow-up, for the "Kommande uppföljningar" overview."""

    follow_up_id: int
    plan_id: int
    person_id: int
    person: str
    first_name: str
    planned_at: datetime
    place: str
    coach: str
    coach_id: int | None
    overdue: bool


PLAN_GRAPH = (
    selectinload(Plan.person).selectinload(Person.stage_changes),
    selectinload(Plan.lead_actor),
    selectinload(Plan.coach),
    selectinload(Plan.placement_unit),
    selectinload(Plan.participants).selectinload(Participant.actor),
    selectinload(Plan.goals).selectinload(Goal.steps),
    selectinload(Plan.supports).selectinload(Support.actor),
    selectinload(Plan.follow_ups).selectinload(FollowUp.outcomes),
    selectinload(Plan.consents).selectinload(Consent.actors),
)


def _number_part(needle: str) -> str:
    """The digits of a search that looks like (part of) an identity number, else ''."""
    digits = needle.replace("-", "").replace("+", "").replace(" ", "")
    return digits if digits.isdigit() else ""


def _first_name(name: str) -> str:
    return name.split()[0] if name.split() else ""


def _audit_hash(prev: str, event: AuditEvent) -> str:
    parts = [prev, event.at.astimezone(timezone.utc).isoformat(), event.user, str(event.person_id or ""),
             event.entity, str(event.entity_id or ""), event.action, event.fields]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class Services:
    """The use-cases over one open :class:`~planner.store.Store`, acting as one staff user."""

    def __init__(self, store: Store, user: str | None = None) -> None:
        self.store = store
        try:
            login = user or getpass.getuser()
        except Exception:  # no login name (some containers)
            login = "unknown"
        self.user = v.clean_text(login, "user", max_length=100) or "unknown"
        self._user_id: int | None = None

    # ---------------------------------------------------------------- plumbing

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """A writing unit of work; driver errors become messages a coach can act on."""
        try:
            with self.store.unit_of_work() as session:
                yield session
        except StegvisError:
            raise
        except StaleDataError as exc:
            raise ConflictError(_("Someone else saved this at the same time. Your change was not saved."),
                                "", 0, {}, {}, 0) from exc
        except IntegrityError as exc:
            raise self._integrity_error(exc) from exc
        except (OperationalError, DatabaseError) as exc:
            raise storage_error_from(exc) from exc

    @contextmanager
    def _read(self) -> Iterator[Session]:
        try:
            with self.store.reading() as session:
                yield session
        except StegvisError:
            raise
        except (OperationalError, DatabaseError) as exc:
            raise storage_error_from(exc) from exc

    @staticmethod
    def _integrity_error(exc: IntegrityError) -> StegvisError:
        msg = str(exc.orig).lower()
        if "personal_number" in msg:
            return ValidationError("personal_number", _("Another person already has this personal identity number."))
        if "actor" in msg and "name" in msg:
            return ValidationError("name", _("There is already an actor with this name."))
        if "staff_user" in msg and "login" in msg:
            return ValidationError("login", _("There is already a staff member with this login."))
        if "placement_unit" in msg and "name" in msg:
            return ValidationError("name", _("There is already a placement unit with this name."))
        return ValidationError("", _("The change does not fit with what is already saved."))

    def _get(self, session: Session, cls: type[T], ident: int) -> T:
        obj = session.get(cls, ident)
        if obj is None:
            raise NotFoundError(_("It could not be found. Someone may have removed it."))
        return obj

    def audit(self, session: Session, action: str, entity: str, entity_id: int | None,
              person_id: int | None, fields: Iterable[str] = ()) -> None:
        """Append a hash-chained audit event in the caller's transaction. Field names only, never values."""
        if self.store.url.get_backend_name() == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(7215001)"))  # one chain, one writer at a time
        prev = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)) or ""
        event = AuditEvent(at=utcnow(), user=self.user, person_id=person_id, entity=entity, entity_id=entity_id,
                           action=action, fields=",".join(sorted(fields)), prev_hash=prev)
        event.hash = _audit_hash(prev, event)
        session.add(event)

    def _check_version(self, obj: Any, expected: int | None, entity: str, mine: dict[str, Any]) -> None:
        if expected is not None and obj.version != expected:
            theirs = {k: getattr(obj, k) for k in mine}
            raise ConflictError(
                _("Someone else saved this after you opened it. Your change has not been saved, and nothing was "
                  "overwritten. Compare the two versions and save again."),
                entity, obj.id, mine, theirs, obj.version)

    def _apply(self, obj: Any, changes: dict[str, Any]) -> list[str]:
        changed = [k for k, value in changes.items() if getattr(obj, k) != value]
        for k in changed:
            setattr(obj, k, changes[k])
        return changed

    def _update(self, cls: type[T], spec: dict[str, Cleaner], ident: int, version: int | None,
                values: dict[str, Any], person_of: Callable[[T], int | None],
                check: Callable[[Session, T], None] | None = None) -> T:
        changes = clean_fields(spec, values)
        entity = cls.__tablename__  # type: ignore[attr-defined]
        with self._write() as session:
            obj = self._get(session, cls, ident)
            self._check_version(obj, version, entity, changes)
            changed = self._apply(obj, changes)
            if check:
                check(session, obj)
            if changed:
                session.flush()
                self.audit(session, "update", entity, obj.id, person_of(obj), changed)  # type: ignore[attr-defined]
        return obj

    def _create(self, cls: type[T], spec: dict[str, Cleaner], values: dict[str, Any],
                person_of: Callable[[T], int | None]) -> T:
        """Validate, insert and audit one row that has no parent to look up (the counterpart of ``_update``)."""
        fields = clean_fields(spec, values)
        with self._write() as session:
            obj = cls(**fields)
            session.add(obj)
            session.flush()
            self.audit(session, "create", cls.__tablename__, obj.id, person_of(obj), fields)  # type: ignore[attr-defined]
        return obj

    def _remove(self, cls: type[T], ident: int, person_of: Callable[[T], int | None]) -> None:
        entity = cls.__tablename__  # type: ignore[attr-defined]
        with self._write() as session:
            obj = self._get(session, cls, ident)
            person_id = person_of(obj)
            session.delete(obj)
            self.audit(session, "delete", entity, ident, person_id)

    # ---------------------------------------------------------------- staff, actors, placement units

    def current_user_id(self) -> int:
        """The staff row for this OS login, created on first use."""
        if self._user_id is None:
            with self._write() as session:
                user = session.scalar(select(StaffUser).where(StaffUser.login == self.user))
                if user is None:
                    user = StaffUser(login=self.user, display_name=self.user)
                    session.add(user)
                    session.flush()
                    self.audit(session, "create", "staff_user", user.id, None, ["login"])
                self._user_id = user.id
        return self._user_id

    def list_staff(self) -> list[StaffUser]:
        with self._read() as session:
            return list(session.scalars(select(StaffUser).order_by(StaffUser.display_name)))

    def add_staff(self, login: str, display_name: str = "") -> StaffUser:
        login = v.clean_text(login, "login", required=True, max_length=100)
        name = v.clean_name(display_name or login, "display_name")
        with self._write() as session:
            user = StaffUser(login=login, display_name=name)
            session.add(user)
            session.flush()
            self.audit(session, "create", "staff_user", user.id, None, ["login", "display_name"])
        return user

    def list_actors(self, include_inactive: bool = False) -> list[Actor]:
        with self._read() as session:
            q = select(Actor).order_by(Actor.id)
            if not include_inactive:
                q = q.where(Actor.active.is_(True))
            return list(session.scalars(q))

    def add_actor(self, name: str, kind: ActorKind | str = ActorKind.OTHER, phone: str = "",
                  email: str = "") -> Actor:
        return self._create(Actor, ACTOR_FIELDS, {"name": name, "kind": kind, "phone": phone, "email": email},
                            lambda a: None)

    def update_actor(self, actor_id: int, version: int | None, **values: Any) -> Actor:
        return self._update(Actor, ACTOR_FIELDS, actor_id, version, values, lambda a: None)

    def list_placement_units(self, include_inactive: bool = False) -> list[PlacementUnit]:
        with self._read() as session:
            q = select(PlacementUnit).order_by(PlacementUnit.name)
            if not include_inactive:
                q = q.where(PlacementUnit.active.is_(True))
            return list(session.scalars(q))

    def add_placement_unit(self, name: str, address: str = "") -> PlacementUnit:
        return self._create(PlacementUnit, UNIT_FIELDS, {"name": name, "address": address}, lambda u: None)

    def update_placement_unit(self, unit_id: int, version: int | None, **values: Any) -> PlacementUnit:
        return self._update(PlacementUnit, UNIT_FIELDS, unit_id, version, values, lambda u: None)

    # ---------------------------------------------------------------- people

    def create_person(self, name: str, **values: Any) -> Person:
        return self._create(Person, PERSON_FIELDS, {"name": name, **values}, lambda p: p.id)

    def get_person(self, person_id: int) -> Person:
        with self._read() as session:
            person = session.scalar(select(Person).where(Person.id == person_id)
                                    .options(selectinload(Person.plans), selectinload(Person.stage_changes)))
            if person is None:
                raise NotFoundError(_("The person could not be found. Someone may have removed them."))
            return person

    def update_person(self, person_id: int, version: int | None, **values: Any) -> Person:
        return self._update(Person, PERSON_FIELDS, person_id, version, values, lambda p: p.id)

    def find_people(self, text_: str = "") -> list[Person]:
        needle = unicodedata.normalize("NFC", text_).casefold().strip()  # names are stored NFC
        with self._read() as session:
            people = list(session.scalars(select(Person).order_by(Person.name)))
        if needle:
            people = [p for p in people if needle in p.name.casefold() or needle in p.preferred_name.casefold()
                      or (p.personal_number is not None and _number_part(needle)
                          and _number_part(needle) in p.personal_number)]
        return people

    # ---------------------------------------------------------------- plans

    def create_plan(self, person_id: int, period_start: date | str | None = None, **values: Any) -> Plan:
        values.setdefault("title", _("Joint plan"))
        fields = clean_fields(PLAN_FIELDS, {"period_start": period_start or date.today(), **values})
        v.period(fields["period_start"], fields.get("period_end"))
        with self._write() as session:
            person = self._get(session, Person, person_id)
            if fields.get("coach_id") is None:
                fields["coach_id"] = self._user_id or self._ensure_user(session)
            plan = Plan(person_id=person.id, **fields)
            session.add(plan)
            session.flush()
            if not person.stage_changes:
                first = StageChange(person_id=person.id, plan_id=plan.id, changed_on=plan.period_start,
                                    from_stage=None, to_stage=plan.stage, recorded_by=self.user,
                                    placement_unit_id=plan.placement_unit_id)
                session.add(first)
                session.flush()
                self.audit(session, "create", "stage_change", first.id, person.id, ["to_stage"])
            self.audit(session, "create", "plan", plan.id, person.id, fields)
        return plan

    def _ensure_user(self, session: Session) -> int:
        user = session.scalar(select(StaffUser).where(StaffUser.login == self.user))
        if user is None:
            user = StaffUser(login=self.user, display_name=self.user)
            session.add(user)
            session.flush()
            self.audit(session, "create", "staff_user", user.id, None, ["login"])
        self._user_id = user.id
        return user.id

    def get_plan(self, plan_id: int) -> Plan:
        """The whole plan with every relation loaded (for editors and documents). Not audited."""
        with self._read() as session:
            plan = session.scalar(select(Plan).where(Plan.id == plan_id).options(*PLAN_GRAPH))
            if plan is None:
                raise NotFoundError(_("The plan could not be found. Someone may have removed it."))
            return plan

    def open_plan(self, plan_id: int) -> Plan:
        """Read a plan for a person to look at: the opening is audited."""
        plan = self.get_plan(plan_id)
        with self._write() as session:
            self.audit(session, "open", "plan", plan.id, plan.person_id)
        return plan

    def record_access(self, action: str, plan_id: int) -> None:
        """Audit a print or an export of a plan."""
        with self._write() as session:
            plan = self._get(session, Plan, plan_id)
            self.audit(session, action, "plan", plan.id, plan.person_id)

    def record_person_access(self, action: str, person_id: int) -> None:
        """Audit an export of everything about one person (all their plans at once)."""
        with self._write() as session:
            person = self._get(session, Person, person_id)
            self.audit(session, action, "person", person.id, person.id)

    def update_plan(self, plan_id: int, version: int | None, **values: Any) -> Plan:
        def check(session: Session, plan: Plan) -> None:
            v.period(plan.period_start, plan.period_end)
            for meeting in plan.follow_ups:  # the rule schedule_follow_up keeps, seen from the plan's side
                for moment in (meeting.planned_at, meeting.next_at):
                    if moment is not None:
                        self._check_follow_up_date(plan, moment, "period_start", _(
                            "The plan cannot start after one of its follow-ups. Move the follow-up first."))
            if plan.status == PlanStatus.CLOSED and plan.closed_on is None:
                plan.closed_on = date.today()
            elif plan.status != PlanStatus.CLOSED:
                plan.closed_on = None

        return self._update(Plan, PLAN_FIELDS, plan_id, version, values, lambda p: p.person_id, check)

    def set_plan_status(self, plan_id: int, status: PlanStatus | str) -> Plan:
        return self.update_plan(plan_id, None, status=status)

    def latest_plan(self, person_id: int) -> Plan | None:
        with self._read() as session:
            return session.scalar(select(Plan).where(Plan.person_id == person_id)
                                  .order_by(Plan.period_start.desc(), Plan.id.desc()).limit(1))

    def list_plans(self, *, status: PlanStatus | str | None = None, coach_id: int | None = None,
                   stage: Stage | str | None = None, text_: str = "", due_within: int | None = None,
                   today: date | None = None) -> list[PlanRow]:
        """Plans with their person and next follow-up, filtered. Text matches name, number, unit and coach."""
        next_fu = (select(FollowUp.plan_id, func.min(FollowUp.planned_at).label("next_at"))
                   .where(FollowUp.held_on.is_(None), FollowUp.cancelled.is_(False))
                   .group_by(FollowUp.plan_id).subquery())
        q = (select(Plan.id, Plan.person_id, Person.name, Person.preferred_name, Person.personal_number, Plan.title,
                    Plan.stage, Plan.status, StaffUser.display_name, Plan.coach_id, PlacementUnit.name,
                    Plan.period_start, Plan.period_end, next_fu.c.next_at)
             .join(Person, Person.id == Plan.person_id)
             .outerjoin(StaffUser, StaffUser.id == Plan.coach_id)
             .outerjoin(PlacementUnit, PlacementUnit.id == Plan.placement_unit_id)
             .outerjoin(next_fu, next_fu.c.plan_id == Plan.id)
             .order_by(Person.name, Plan.period_start))
        if status:
            q = q.where(Plan.status == PlanStatus(status))
        if coach_id:
            q = q.where(Plan.coach_id == coach_id)
        if stage:
            q = q.where(Plan.stage == Stage(stage))
        if due_within is not None:
            from planner.i18n import LOCAL_TZ

            limit = datetime.combine((today or date.today()) + timedelta(days=due_within + 1), datetime.min.time(),
                                     tzinfo=LOCAL_TZ).astimezone(timezone.utc)
            q = q.where(next_fu.c.next_at < limit)
        with self._read() as session:
            rows = session.execute(q).all()
        from planner.model import UTCDateTime

        fix = UTCDateTime().process_result_value
        result = [PlanRow(r[0], r[1], r[2], r[3] or "", r[4], r[5] or "", r[6], r[7], r[8] or "", r[9], r[10] or "",
                          r[11], r[12], fix(r[13], self.store.engine.dialect) if r[13] else None) for r in rows]
        needle = unicodedata.normalize("NFC", text_).casefold().strip()  # names are stored NFC
        if needle:
            result = [r for r in result if needle in r.person.casefold() or needle in r.preferred_name.casefold()
                      or needle in r.placement_unit.casefold() or needle in r.coach.casefold()
                      or needle in r.title.casefold()
                      or (r.personal_number is not None and _number_part(needle)
                          and _number_part(needle) in r.personal_number)]
        return result

    # ---------------------------------------------------------------- participants

    def add_participant(self, plan_id: int, name: str, **values: Any) -> Participant:
        fields = clean_fields(PARTICIPANT_FIELDS, {"name": name, **values})
        with self._write() as session:
            plan = self._get(session, Plan, plan_id)
            part = Participant(plan_id=plan.id, **fields)
            session.add(part)
            session.flush()
            if part.is_lead:
                self._make_lead(session, plan, part)
            self.audit(session, "create", "participant", part.id, plan.person_id, fields)
        return part

    def _make_lead(self, session: Session, plan: Plan, lead: Participant) -> None:
        for other in plan.participants:
            if other.id != lead.id and other.is_lead:
                other.is_lead = False
                self.audit(session, "update", "participant", other.id, plan.person_id, ["is_lead"])
        changed = self._apply(plan, {"lead_person": lead.name, "lead_actor_id": lead.actor_id})
        if changed:
            self.audit(session, "update", "plan", plan.id, plan.person_id, changed)

    def update_participant(self, participant_id: int, version: int | None, **values: Any) -> Participant:
        def check(session: Session, part: Participant) -> None:
            if part.is_lead:
                self._make_lead(session, part.plan, part)

        return self._update(Participant, PARTICIPANT_FIELDS, participant_id, version, values,
                            lambda p: p.plan.person_id, check)

    def remove_participant(self, participant_id: int) -> None:
        self._remove(Participant, participant_id, lambda p: p.plan.person_id)

    # ---------------------------------------------------------------- goals and steps

    def add_goal(self, plan_id: int, own_words: str, easy_read: str = "", pictogram: str = "",
                 **values: Any) -> Goal:
        fields = clean_fields(GOAL_FIELDS, {"own_words": own_words, "easy_read": easy_read,
                                            "pictogram": pictogram, **values})
        with self._write() as session:
            plan = self._get(session, Plan, plan_id)
            last = session.scalar(select(func.max(Goal.position)).where(Goal.plan_id == plan.id))
            position = 0 if last is None else last + 1
            goal = Goal(plan_id=plan.id, position=position, **fields)
            session.add(goal)
            session.flush()
            self.audit(session, "create", "goal", goal.id, plan.person_id, fields)
        return goal

    def update_goal(self, goal_id: int, version: int | None, **values: Any) -> Goal:
        def check(session: Session, goal: Goal) -> None:
            if goal.achievement == Achievement.ACHIEVED and goal.achieved_on is None:
                goal.achieved_on = date.today()

        return self._update(Goal, GOAL_FIELDS, goal_id, version, values, lambda g: g.plan.person_id, check)

    def close_goal(self, goal_id: int, lifecycle: GoalLifecycle | str = GoalLifecycle.COMPLETED,
                   achievement: Achievement | str | None = None) -> Goal:
        lifecycle = GoalLifecycle(lifecycle)
        if lifecycle not in (GoalLifecycle.COMPLETED, GoalLifecycle.CANCELLED):
            raise ValidationError("lifecycle", _("A goal is closed as completed or cancelled."))
        if achievement is None:
            achievement = Achievement.ACHIEVED if lifecycle == GoalLifecycle.COMPLETED else Achievement.NOT_ACHIEVED
        return self.update_goal(goal_id, None, lifecycle=lifecycle, achievement=achievement)

    def remove_goal(self, goal_id: int) -> None:
        self._remove(Goal, goal_id, lambda g: g.plan.person_id)

    def reorder_goals(self, plan_id: int, goal_ids: Sequence[int]) -> None:
        with self._write() as session:
            plan = self._get(session, Plan, plan_id)
            self._reorder(plan.goals, goal_ids, "goal_ids")
            self.audit(session, "reorder", "goal", None, plan.person_id, ["position"])

    @staticmethod
    def _reorder(items: Sequence[Goal] | Sequence[Step], ids: Sequence[int], field: str) -> None:
        by_id = {item.id: item for item in items}
        if sorted(ids) != sorted(by_id):
            raise ValidationError(field, _("The list has changed since you opened it. Please try again."))
        for position, ident in enumerate(ids):
            if by_id[ident].position != position:
                by_id[ident].position = position

    def add_step(self, goal_id: int, text_: str, due_on: date | str | None = None, **values: Any) -> Step:
        fields = clean_fields(STEP_FIELDS, {"text": text_, "due_on": due_on, **values})
        with self._write() as session:
            goal = self._get(session, Goal, goal_id)
            last = session.scalar(select(func.max(Step.position)).where(Step.goal_id == goal.id))
            position = 0 if last is None else last + 1
            step = Step(goal_id=goal.id, position=position, **fields)
            session.add(step)
            session.flush()
            self.audit(session, "create", "step", step.id, goal.plan.person_id, fields)
        return step

    def update_step(self, step_id: int, version: int | None, **values: Any) -> Step:
        return self._update(Step, STEP_FIELDS, step_id, version, values, lambda s: s.goal.plan.person_id)

    def complete_step(self, step_id: int, done_on: date | None = None) -> Step:
        return self.update_step(step_id, None, done_on=done_on or date.today())

    def remove_step(self, step_id: int) -> None:
        self._remove(Step, step_id, lambda s: s.goal.plan.person_id)

    def reorder_steps(self, goal_id: int, step_ids: Sequence[int]) -> None:
        with self._write() as session:
            goal = self._get(session, Goal, goal_id)
            self._reorder(goal.steps, step_ids, "step_ids")
            self.audit(session, "reorder", "step", None, goal.plan.person_id, ["position"])

    # ---------------------------------------------------------------- supports

    def add_support(self, plan_id: int, what: str, **values: Any) -> Support:
        fields = clean_fields(SUPPORT_FIELDS, {"what": what, **values})
        if fields.get("start_on") and fields.get("end_on"):
            v.period(fields["start_on"], fields["end_on"], start_field="start_on", end_field="end_on")
        with self._write() as session:
            plan = self._get(session, Plan, plan_id)
            support = Support(plan_id=plan.id, **fields)
            session.add(support)
            session.flush()
            self.audit(session, "create", "support", support.id, plan.person_id, fields)
        return support

    def update_support(self, support_id: int, version: int | None, **values: Any) -> Support:
        def check(session: Session, s: Support) -> None:
            if s.start_on and s.end_on:
                v.period(s.start_on, s.end_on, start_field="start_on", end_field="end_on")

        return self._update(Support, SUPPORT_FIELDS, support_id, version, values, lambda s: s.plan.person_id, check)

    def remove_support(self, support_id: int) -> None:
        self._remove(Support, support_id, lambda s: s.plan.person_id)

    # ---------------------------------------------------------------- follow-ups

    def schedule_follow_up(self, plan_id: int, planned_at: datetime, place: str = "") -> FollowUp:
        fields = clean_fields(FOLLOW_UP_FIELDS, {"planned_at": planned_at, "place": place})
        with self._write() as session:
            plan = self._get(session, Plan, plan_id)
            self._check_follow_up_date(plan, fields["planned_at"], "planned_at")
            fu = FollowUp(plan_id=plan.id, **fields)
            session.add(fu)
            session.flush()
            self.audit(session, "create", "follow_up", fu.id, plan.person_id, fields)
        return fu

    @staticmethod
    def _check_follow_up_date(plan: Plan, moment: datetime, field: str, message: str = "") -> None:
        from planner.i18n import to_local

        if to_local(moment).date() < plan.period_start:
            raise ValidationError(field, message or _("A follow-up cannot be before the plan starts."))

    def update_follow_up(self, follow_up_id: int, version: int | None, **values: Any) -> FollowUp:
        def check(session: Session, fu: FollowUp) -> None:
            self._check_follow_up_date(fu.plan, fu.planned_at, "planned_at")
            if fu.next_at is not None:
                self._check_follow_up_date(fu.plan, fu.next_at, "next_at")

        return self._update(FollowUp, FOLLOW_UP_FIELDS, follow_up_id, version, values, lambda f: f.plan.person_id,
                            check)

    def cancel_follow_up(self, follow_up_id: int) -> FollowUp:
        return self.update_follow_up(follow_up_id, None, cancelled=True)

    def record_follow_up(self, follow_up_id: int, *, held_on: date | None = None, attendees: str = "",
                         notes: str = "", outcomes: dict[int, tuple[Achievement | str, str]] | None = None,
                         next_at: datetime | None = None, next_place: str | None = None,
                         version: int | None = None) -> FollowUp:
        """Record a held follow-up: who came, what happened, how each goal went, and book the next one."""
        fields = clean_fields(FOLLOW_UP_FIELDS, {"held_on": held_on or date.today(), "attendees": attendees,
                                                 "notes": notes, "next_at": next_at})
        cleaned_outcomes = {int(gid): (_enum_of(Achievement)(a, "achievement"), v.clean_long_text(n, "note"))
                            for gid, (a, n) in (outcomes or {}).items()}
        with self._write() as session:
            fu = self._get(session, FollowUp, follow_up_id)
            self._check_version(fu, version, "follow_up", fields)
            plan = fu.plan
            if fields["next_at"] is not None:
                self._check_follow_up_date(plan, fields["next_at"], "next_at")
            changed = self._apply(fu, fields)
            goal_ids = {g.id for g in plan.goals}
            existing = {o.goal_id: o for o in fu.outcomes}
            for gid, (achievement, note) in cleaned_outcomes.items():
                if gid not in goal_ids:
                    raise ValidationError("outcomes", _("The goal does not belong to this plan."))
                outcome = existing.get(gid)
                if outcome is None:
                    fu.outcomes.append(GoalOutcome(goal_id=gid, achievement=achievement, note=note))
                else:
                    outcome.achievement, outcome.note = achievement, note
                goal = session.get(Goal, gid)
                assert goal is not None
                if goal.achievement != achievement:
                    before = (goal.achieved_on, goal.lifecycle)
                    goal.achievement = achievement
                    if achievement == Achievement.ACHIEVED:
                        goal.achieved_on = fields["held_on"]
                        goal.lifecycle = GoalLifecycle.COMPLETED
                    elif goal.lifecycle == GoalLifecycle.COMPLETED and goal.achieved_on == fields["held_on"]:
                        # the outcome was corrected in the same meeting: the goal is open again
                        goal.achieved_on = None
                        goal.lifecycle = GoalLifecycle.ACTIVE
                    moved = [k for k, old in zip(("achieved_on", "lifecycle"), before, strict=True)
                             if getattr(goal, k) != old]
                    self.audit(session, "update", "goal", goal.id, plan.person_id, ["achievement", *moved])
            if cleaned_outcomes:
                changed.append("outcomes")
            if fields["next_at"] is not None:
                already = session.scalar(select(FollowUp).where(FollowUp.plan_id == plan.id,
                                                                FollowUp.held_on.is_(None),
                                                                FollowUp.cancelled.is_(False),
                                                                FollowUp.id != fu.id,
                                                                FollowUp.planned_at == fields["next_at"]))
                if already is None:
                    nxt = FollowUp(plan_id=plan.id, planned_at=fields["next_at"],
                                   place=v.clean_text(next_place if next_place is not None else fu.place, "place"))
                    session.add(nxt)
                    session.flush()
                    self.audit(session, "create", "follow_up", nxt.id, plan.person_id, ["planned_at", "place"])
            session.flush()
            self.audit(session, "record", "follow_up", fu.id, plan.person_id, changed)
        return fu

    def remove_follow_up(self, follow_up_id: int) -> None:
        self._remove(FollowUp, follow_up_id, lambda f: f.plan.person_id)

    def follow_ups_due(self, within_days: int = 30, *, today: date | None = None, coach_id: int | None = None,
                       include_overdue: bool = True) -> list[FollowUpRow]:
        """Planned follow-ups not yet held: overdue first, then the next ``within_days`` days."""
        from planner.i18n import LOCAL_TZ

        today = today or date.today()
        start_of_today = datetime.combine(today, datetime.min.time(), tzinfo=LOCAL_TZ).astimezone(timezone.utc)
        limit = datetime.combine(today + timedelta(days=within_days + 1), datetime.min.time(),
                                 tzinfo=LOCAL_TZ).astimezone(timezone.utc)
        q = (select(FollowUp, Person.id, Person.name, Person.preferred_name, StaffUser.display_name, Plan.coach_id)
             .join(Plan, Plan.id == FollowUp.plan_id).join(Person, Person.id == Plan.person_id)
             .outerjoin(StaffUser, StaffUser.id == Plan.coach_id)
             .where(FollowUp.held_on.is_(None), FollowUp.cancelled.is_(False), FollowUp.planned_at < limit,
                    Plan.status != PlanStatus.CLOSED)
             .order_by(FollowUp.planned_at))
        if not include_overdue:
            q = q.where(FollowUp.planned_at >= start_of_today)
        if coach_id:
            q = q.where(Plan.coach_id == coach_id)
        with self._read() as session:
            rows = session.execute(q).all()
        return [FollowUpRow(fu.id, fu.plan_id, pid, name, _first_name(pref or name), fu.planned_at, fu.place,
                            coach or "", cid, fu.planned_at < start_of_today)
                for fu, pid, name, pref, coach, cid in rows]

    def overdue_follow_ups(self, today: date | None = None) -> list[FollowUpRow]:
        return [r for r in self.follow_ups_due(0, today=today) if r.overdue]

    # ---------------------------------------------------------------- consent

    def record_consent(self, plan_id: int, actor_ids: Sequence[int], given_on: date | str | None = None,
                       valid_until: date | str | None = None, given_by: str = "", note: str = "") -> Consent:
        fields = clean_fields(CONSENT_FIELDS, {"given_on": given_on or date.today(), "valid_until": valid_until,
                                               "given_by": given_by, "note": note})
        if fields["valid_until"] is not None:
            v.period(fields["given_on"], fields["valid_until"], start_field="given_on", end_field="valid_until")
        if not actor_ids:
            raise ValidationError("actors", _("Choose at least one actor that may share information."))
        with self._write() as session:
            plan = self._get(session, Plan, plan_id)
            actors = list(session.scalars(select(Actor).where(Actor.id.in_(list(actor_ids)))))
            if len(actors) != len(set(actor_ids)):
                raise ValidationError("actors", _("Please choose one of the listed values."))
            consent = Consent(plan_id=plan.id, actors=actors, recorded_by=self.user, **fields)
            session.add(consent)
            session.flush()
            self.audit(session, "create", "consent", consent.id, plan.person_id, [*fields, "actors"])
        return consent

    def update_consent(self, consent_id: int, version: int | None, actor_ids: Sequence[int] | None = None,
                       **values: Any) -> Consent:
        """Correct a consent while it is being recorded (the meeting walkthrough): its actors, who gave it, a note."""
        changes = clean_fields(CONSENT_FIELDS, values)
        if actor_ids is not None and not actor_ids:
            raise ValidationError("actors", _("Choose at least one actor that may share information."))
        with self._write() as session:
            consent = self._get(session, Consent, consent_id)
            self._check_version(consent, version, "consent", changes)
            changed = self._apply(consent, changes)
            if consent.valid_until is not None:
                v.period(consent.given_on, consent.valid_until, start_field="given_on", end_field="valid_until")
            if consent.withdrawn_on is not None and consent.withdrawn_on < consent.given_on:
                raise ValidationError("withdrawn_on", _("Consent cannot be withdrawn before it was given."))
            if actor_ids is not None:
                actors = list(session.scalars(select(Actor).where(Actor.id.in_(list(actor_ids)))))
                if len(actors) != len(set(actor_ids)):
                    raise ValidationError("actors", _("Please choose one of the listed values."))
                if {a.id for a in consent.actors} != {a.id for a in actors}:
                    consent.actors = actors
                    changed.append("actors")
            if changed:  # recorded_at changes too, so the row (and its version) is always updated
                consent.recorded_by = self.user
                consent.recorded_at = utcnow()
                session.flush()
                self.audit(session, "update", "consent", consent.id, consent.plan.person_id, changed)
        return consent

    def withdraw_consent(self, consent_id: int, on: date | None = None) -> Consent:
        with self._write() as session:
            consent = self._get(session, Consent, consent_id)
            day = _opt_date(on, "withdrawn_on") or date.today()
            if day < consent.given_on:
                raise ValidationError("withdrawn_on", _("Consent cannot be withdrawn before it was given."))
            consent.withdrawn_on = day
            self.audit(session, "withdraw", "consent", consent.id, consent.plan.person_id, ["withdrawn_on"])
        return consent

    def remove_consent(self, consent_id: int) -> None:
        """Remove a consent recorded by mistake (undo in the editor); the audit trail keeps that it existed."""
        self._remove(Consent, consent_id, lambda c: c.plan.person_id)

    # ---------------------------------------------------------------- pathway

    def move_stage(self, plan_id: int, to_stage: Stage | str, on: date | None = None, note: str = "") -> StageChange:
        """Move the person to another stage of the pathway; the history keeps every move."""
        target = _enum_of(Stage)(to_stage, "stage")
        day = _opt_date(on, "changed_on") or date.today()
        note = v.clean_long_text(note, "note")
        with self._write() as session:
            plan = self._get(session, Plan, plan_id)
            if target == plan.stage:
                raise ValidationError("stage", _("The person is already at this stage."))
            last = session.scalar(select(func.max(StageChange.changed_on))
                                  .where(StageChange.person_id == plan.person_id))
            if last is not None and day < last:
                raise ValidationError("changed_on", _("The date is before the previous change of stage."))
            change = StageChange(person_id=plan.person_id, plan_id=plan.id, changed_on=day, from_stage=plan.stage,
                                 to_stage=target, note=note, recorded_by=self.user,
                                 placement_unit_id=plan.placement_unit_id)
            session.add(change)
            plan.stage = target
            session.flush()
            self.audit(session, "create", "stage_change", change.id, plan.person_id, ["from_stage", "to_stage"])
            self.audit(session, "update", "plan", plan.id, plan.person_id, ["stage"])
        return change

    def stage_history(self, person_id: int) -> list[StageChange]:
        with self._read() as session:
            return list(session.scalars(select(StageChange).where(StageChange.person_id == person_id)
                                        .order_by(StageChange.changed_on, StageChange.id)))

    # ---------------------------------------------------------------- audit

    def audit_trail(self, person_id: int | None = None, limit: int | None = None) -> list[AuditEvent]:
        with self._read() as session:
            q = select(AuditEvent).order_by(AuditEvent.id)
            if person_id is not None:
                q = q.where(AuditEvent.person_id == person_id)
            if limit:
                q = q.limit(limit)
            return list(session.scalars(q))

    def audit_chain_problems(self) -> list[str]:
        """Rows whose hash or link does not match: an edited, inserted or deleted audit row."""
        problems: list[str] = []
        prev = ""
        with self._read() as session:
            for event in session.scalars(select(AuditEvent).order_by(AuditEvent.id)).yield_per(2000):
                if event.prev_hash != prev or event.hash != _audit_hash(event.prev_hash, event):
                    problems.append(_("Audit trail: row {id} has been changed or a row before it removed.")
                                    .format(id=event.id))
                prev = event.hash
        return problems
