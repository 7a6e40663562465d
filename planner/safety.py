"""Data protection use-cases: the audit trail in words, erasure of a person (GDPR art. 17), retention and disposal
of closed plans ("gallring"), and an export of everything about one person (art. 15/20).

They extend :class:`planner.services.Services` and use its unit of work and its hash-chained audit: every change
here is audited in the same transaction, and the audit rows keep ids and field names only. After an erasure or a
disposal the freed space of a SQLite file is wiped (``secure_delete``, ``VACUUM``, WAL truncated), so the removed
text is not left readable in the file.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select, text
from sqlalchemy.orm import selectinload

from planner.errors import StegvisError, StorageError, ValidationError
from planner.files import write_private_file
from planner.i18n import N_, _, ngettext
from planner.model import (
    FollowUp,
    Goal,
    Person,
    Plan,
    PlanStatus,
    StageChange,
)

if TYPE_CHECKING:
    from planner.services import Services

log = logging.getLogger(__name__)

DEFAULT_RETENTION_YEARS = 5

# ------------------------------------------------------------------------------------------------ audit trail in words

ACTION_LABELS: dict[str, str] = {
    "create": N_("Created"),
    "update": N_("Changed"),
    "delete": N_("Removed"),
    "open": N_("Opened"),
    "print": N_("Printed"),
    "export": N_("Exported"),
    "import": N_("Imported"),
    "reorder": N_("Changed the order"),
    "record": N_("Recorded"),
    "withdraw": N_("Withdrawn"),
    "erase": N_("Erased (GDPR)"),
    "dispose": N_("Disposed of (retention)"),
    "restore": N_("Restored from a backup"),
}

ENTITY_LABELS: dict[str, str] = {
    "person": N_("Person"),
    "plan": N_("Plan"),
    "participant": N_("Participant"),
    "goal": N_("Goal"),
    "step": N_("Step"),
    "support": N_("Support"),
    "follow_up": N_("Follow-up"),
    "consent": N_("Consent"),
    "stage_change": N_("Change of stage"),
    "actor": N_("Actor"),
    "placement_unit": N_("Placement unit"),
    "staff_user": N_("Staff member"),
    "database": N_("Database"),
}

FIELD_LABELS: dict[str, str] = {
    "name": N_("name"),
    "preferred_name": N_("preferred name"),
    "personal_number": N_("personal identity number"),
    "phone": N_("phone"),
    "email": N_("e-mail"),
    "address": N_("address"),
    "own_words": N_("own words"),
    "easy_read": N_("easy-read text"),
    "pictogram": N_("picture"),
    "pictograms": N_("pictures"),
    "text": N_("text"),
    "title": N_("title"),
    "status": N_("status"),
    "stage": N_("stage"),
    "period_start": N_("start date"),
    "period_end": N_("end date"),
    "notes": N_("notes"),
    "position": N_("order"),
    "what_matters": N_("what matters to me"),
    "good_at": N_("what I am good at"),
    "how_to_help": N_("how to help me"),
}


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return _(label) if label else action


def entity_label(entity: str) -> str:
    label = ENTITY_LABELS.get(entity)
    return _(label) if label else entity.replace("_", " ")


def field_label(name: str) -> str:
    label = FIELD_LABELS.get(name)
    return _(label) if label else name.replace("_", " ")


@dataclass(frozen=True)
class AuditRow:
    """One audit event for display: ids, names of fields, never their contents."""

    id: int
    at: datetime
    user: str
    person_id: int | None
    entity: str
    entity_id: int | None
    action: str
    fields: tuple[str, ...]

    @property
    def action_text(self) -> str:
        return action_label(self.action)

    @property
    def entity_text(self) -> str:
        return entity_label(self.entity)

    @property
    def fields_text(self) -> str:
        return ", ".join(field_label(f) for f in self.fields)

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "at": self.at.isoformat(), "user": self.user, "person_id": self.person_id,
                "entity": self.entity, "entity_id": self.entity_id, "action": self.action,
                "fields": list(self.fields)}


def audit_rows(services: Services, person_id: int | None = None, limit: int | None = None) -> list[AuditRow]:
    """The audit trail (oldest first), for one person or for everything."""
    return [AuditRow(e.id, e.at, e.user, e.person_id, e.entity, e.entity_id, e.action,
                     tuple(f for f in e.fields.split(",") if f))
            for e in services.audit_trail(person_id, limit)]


# ------------------------------------------------------------------------------------------------ wiping freed space


def wipe_free_space(services: Services) -> bool:
    """Rewrite a SQLite file so that deleted rows are not left in free pages or in the WAL. False when another
    program kept part of it busy (the wipe is then completed by the next erasure or a later VACUUM)."""
    store = services.store
    if not store.is_sqlite:
        return True
    raw = store.engine.raw_connection()
    try:
        conn = raw.driver_connection
        assert conn is not None
        conn.execute("VACUUM")
        busy, _frames, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return not busy
    except Exception as exc:  # noqa: BLE001 - the erasure itself is committed; report, do not undo it
        log.warning("wiping free space failed (%s)", type(exc).__name__)
        return False
    finally:
        raw.close()


# ------------------------------------------------------------------------------------------------ erasure


@dataclass(frozen=True)
class ErasureReport:
    person_id: int
    plans: int
    goals: int
    follow_ups: int
    wiped: bool  # freed space in the database file was overwritten
    backups_holding: int  # backups taken before the erasure still hold the person until they are rotated away

    def summary(self) -> str:
        text_ = _("Everything about person {id} has been erased: {plans} plans, {goals} goals, {follow_ups} "
                  "follow-ups. The audit trail keeps only that an erasure was made.").format(
            id=self.person_id, plans=self.plans, goals=self.goals, follow_ups=self.follow_ups)
        if self.backups_holding:
            text_ += " " + ngettext(
                "{n} older backup still holds the person; it is deleted as backups are rotated (at most 8 weeks), "
                "and a restore erases the person again.",
                "{n} older backups still hold the person; they are deleted as backups are rotated "
                "(at most 8 weeks), and a restore erases the person again.", self.backups_holding).format(
                n=self.backups_holding)
        return text_


def _count(session, model, *where) -> int:  # type: ignore[no-untyped-def]
    return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _delete_person(services: Services, session, person: Person, action: str) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    plan_ids = [p.id for p in person.plans]
    counts = (len(plan_ids),
              _count(session, Goal, Goal.plan_id.in_(plan_ids)) if plan_ids else 0,
              _count(session, FollowUp, FollowUp.plan_id.in_(plan_ids)) if plan_ids else 0)
    person_id = person.id
    session.delete(person)
    session.flush()
    services.audit(session, action, "person", person_id, person_id)
    return counts


def _secure_delete(services: Services, session) -> None:  # type: ignore[no-untyped-def]
    if services.store.is_sqlite:
        session.execute(text("PRAGMA secure_delete=ON"))


def erase_person(services: Services, person_id: int, *, confirm: bool = False) -> ErasureReport:
    """Erase a person and everything theirs (plans, goals, steps, supports, follow-ups, consents, stage history,
    participants). Needs ``confirm=True``. The audit trail gets one "erase" row with ids only; older audit rows
    never held contents."""
    if confirm is not True:
        raise ValidationError("confirm", _("Confirm that everything about the person shall be erased. This "
                                           "cannot be undone."))
    with services._write() as session:  # noqa: SLF001 - planner-internal unit of work
        _secure_delete(services, session)
        person = session.get(Person, person_id, options=[selectinload(Person.plans)])
        if person is None:
            from planner.errors import NotFoundError

            raise NotFoundError(_("The person could not be found. Someone may have removed them."))
        plans, goals, follow_ups = _delete_person(services, session, person, "erase")
    log.info("person erased (id=%d)", person_id)
    wiped = wipe_free_space(services)
    backups = 0
    if services.store.path is not None:
        from planner.backups import list_backups

        backups = sum(1 for b in list_backups(services.store.path) if b.reason != "damaged")
    return ErasureReport(person_id, plans, goals, follow_ups, wiped, backups)


def reapply_erasures(services: Services, person_ids: Iterable[int]) -> list[int]:
    """Erase again, after a restore, people the restored backup still holds but who had been erased since."""
    ids = sorted(set(person_ids))
    if not ids:
        return []
    done: list[int] = []
    with services._write() as session:  # noqa: SLF001
        _secure_delete(services, session)
        for person in session.scalars(select(Person).where(Person.id.in_(ids))
                                      .options(selectinload(Person.plans))):
            _delete_person(services, session, person, "erase")
            done.append(person.id)
    if done:
        wipe_free_space(services)
    return done


# ------------------------------------------------------------------------------------------------ retention


@dataclass(frozen=True)
class DisposalRow:
    """A closed plan whose last entry is older than the retention time."""

    plan_id: int
    person_id: int
    person: str
    title: str
    closed_on: date | None
    last_entry: date

    def as_json(self) -> dict[str, object]:
        return {"plan_id": self.plan_id, "person_id": self.person_id, "title": self.title,
                "closed_on": self.closed_on.isoformat() if self.closed_on else None,
                "last_entry": self.last_entry.isoformat()}


@dataclass(frozen=True)
class DisposalReport:
    plans: list[int]
    people: list[int]  # people removed because no plan was left
    wiped: bool


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _check_years(years: int) -> int:
    try:
        value = int(years)
    except (TypeError, ValueError) as exc:
        raise ValidationError("years", _("The retention time is a whole number of years, 1 to 100.")) from exc
    if not 1 <= value <= 100:
        raise ValidationError("years", _("The retention time is a whole number of years, 1 to 100."))
    return value


def _utc_day(moment: datetime | None) -> date | None:
    return moment.astimezone(UTC).date() if moment else None


def last_entry(plan: Plan, stage_changes: Sequence[StageChange] = ()) -> date:
    """The day anything in the plan was last written: the plan, its goals, follow-ups, consents, stage moves."""
    days: list[date | None] = [plan.period_start, plan.closed_on, _utc_day(plan.updated_at)]
    for goal in plan.goals:
        days += [_utc_day(goal.updated_at), goal.achieved_on]
        days += [s.done_on for s in goal.steps]
    for fu in plan.follow_ups:
        days += [fu.held_on]
    for consent in plan.consents:
        days += [_utc_day(consent.recorded_at), consent.withdrawn_on]
    days += [c.changed_on for c in stage_changes if c.plan_id == plan.id]
    return max(d for d in days if d is not None)


def _closed_plans(session, ids: Sequence[int] | None = None) -> list[Plan]:  # type: ignore[no-untyped-def]
    q = (select(Plan).where(Plan.status == PlanStatus.CLOSED)
         .options(selectinload(Plan.person).selectinload(Person.stage_changes),
                  selectinload(Plan.goals).selectinload(Goal.steps), selectinload(Plan.follow_ups),
                  selectinload(Plan.consents))
         .order_by(Plan.id))
    if ids is not None:
        q = q.where(Plan.id.in_(list(ids)))
    return list(session.scalars(q))


def _due(plans: Iterable[Plan], years: int, today: date) -> list[DisposalRow]:
    cutoff = _years_before(today, years)
    rows = []
    for plan in plans:
        last = last_entry(plan, plan.person.stage_changes)
        if last < cutoff:
            rows.append(DisposalRow(plan.id, plan.person_id, plan.person.display_name, plan.title, plan.closed_on,
                                    last))
    return rows


def plans_due_for_disposal(services: Services, years: int = DEFAULT_RETENTION_YEARS, *,
                           today: date | None = None) -> list[DisposalRow]:
    """Closed plans whose last entry is more than ``years`` years old (default 5)."""
    years = _check_years(years)
    with services._read() as session:  # noqa: SLF001
        return _due(_closed_plans(session), years, today or date.today())


def dispose_plans(services: Services, plan_ids: Sequence[int], *, years: int = DEFAULT_RETENTION_YEARS,
                  today: date | None = None, people_without_plans: bool = True) -> DisposalReport:
    """Delete plans that are due for disposal, in one unit of work, each logged in the audit trail. A plan that is
    not (or no longer) due is refused and nothing is deleted. A person left without any plan is removed too."""
    years = _check_years(years)
    wanted = sorted({int(i) for i in plan_ids})
    if not wanted:
        return DisposalReport([], [], True)
    with services._write() as session:  # noqa: SLF001
        _secure_delete(services, session)
        plans = _closed_plans(session, wanted)
        due = {row.plan_id for row in _due(plans, years, today or date.today())}
        missing = [i for i in wanted if i not in due]
        if missing:
            raise ValidationError("plan_ids", _("Plan {id} is not due for disposal. Nothing was deleted.").format(
                id=missing[0]))
        people: dict[int, Person] = {}
        for plan in plans:
            people[plan.person_id] = plan.person
            session.delete(plan)
            session.flush()
            services.audit(session, "dispose", "plan", plan.id, plan.person_id)
        removed_people: list[int] = []
        if people_without_plans:
            for person_id, person in people.items():
                if _count(session, Plan, Plan.person_id == person_id) == 0:
                    session.delete(person)
                    session.flush()
                    services.audit(session, "dispose", "person", person_id, person_id)
                    removed_people.append(person_id)
    log.info("plans disposed of (%d plans, %d people)", len(wanted), len(removed_people))
    return DisposalReport(wanted, removed_people, wipe_free_space(services))


# ------------------------------------------------------------------------------------------------ export (GDPR)


def _write_private(path: Path, data: bytes) -> None:
    """Atomic, owner-only file: exports hold health information."""
    write_private_file(path, data)


def gdpr_export(services: Services, person_id: int, folder: Path, lang: str = "sv") -> list[Path]:
    """Everything about one person: the JSON document and the full PDF of each plan, in ``folder``. Files are
    named by id only and readable by the owner only. The export and each PDF are audited."""
    import json

    folder = Path(folder)
    if not folder.is_dir():
        raise StorageError(_("The folder does not exist: {folder}").format(folder=folder),
                           _("Choose an existing folder."), kind="missing")
    person = services.get_person(person_id)  # NotFoundError names a missing person
    try:
        from planner.documents import render_plan_pdf
        from planner.exchange import export_person
    except ImportError as exc:
        raise StegvisError(_("Export is not available in this installation.")) from exc
    written: list[Path] = []
    data = export_person(services, person.id)  # audited as "export" by the exchange module
    path = folder / f"person-{person.id}.json"
    _write_private(path, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))
    written.append(path)
    for plan in person.plans:
        pdf = render_plan_pdf(services, plan.id, "full", lang)
        path = folder / f"person-{person.id}-plan-{plan.id}.pdf"
        _write_private(path, pdf)
        written.append(path)
    return written


__all__ = [
    "AuditRow", "DisposalReport", "DisposalRow", "ErasureReport", "audit_rows", "dispose_plans", "erase_person",
    "gdpr_export", "last_entry", "plans_due_for_disposal", "reapply_erasures", "wipe_free_space",
]

