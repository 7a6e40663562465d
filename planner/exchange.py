"""Everything about one person as a JSON document, and back: how a plan moves between a placement-site laptop and
the office. The format is described in ``docs/exchange-format.md`` and by the JSON Schema
``planner/exchange.schema.json`` (copied to ``docs/exchange.schema.json``).

The document holds no database ids, so the same content exported from two databases is the same document:
actors and placement units are named, coaches are named by login, and goals and plans inside the document are
referred to by their position. Exporting, importing into an empty database and exporting again gives an identical
document.

An import is checked in full (structure against the schema, then every field with the same rules the services
use) before anything is written, and then written in one unit of work with its audit events: on any error nothing
is written and :class:`ExchangeError` names the bad field, e.g. ``plans[0].goals[2].own_words``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from planner import validation as v
from planner.errors import ValidationError
from planner.i18n import _, to_local
from planner.model import (
    Achievement,
    Actor,
    Consent,
    FollowUp,
    Goal,
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
)
from planner.services import (
    ACTOR_FIELDS,
    CONSENT_FIELDS,
    FOLLOW_UP_FIELDS,
    GOAL_FIELDS,
    PARTICIPANT_FIELDS,
    PERSON_FIELDS,
    PLAN_FIELDS,
    STEP_FIELDS,
    SUPPORT_FIELDS,
    UNIT_FIELDS,
    Cleaner,
    Services,
    _date,
    _datetime,
    _enum_of,
    _long,
    _opt_date,
    _opt_enum_of,
)

FORMAT = "stegvis-person"
FORMAT_VERSION = 1

# Where each person field sits in the document (the model keeps them flat, the document groups them).
PERSON_LAYOUT: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "preferred_name": ("preferred_name",),
    "personal_number": ("personal_number",),
    "phone": ("phone",),
    "email": ("email",),
    "address": ("address",),
    "easy_read": ("communication", "easy_read"),
    "pictograms": ("communication", "pictograms"),
    "large_text": ("communication", "large_text"),
    "preferred_language": ("communication", "preferred_language"),
    "interpreter": ("communication", "interpreter"),
    "interpreter_language": ("communication", "interpreter_language"),
    "communication_notes": ("communication", "notes"),
    "what_matters": ("about_me", "what_matters"),
    "good_at": ("about_me", "good_at"),
    "how_to_help": ("about_me", "how_to_help"),
    "interests": ("vocational_profile", "interests"),
    "skills": ("vocational_profile", "skills"),
    "work_wishes": ("vocational_profile", "work_wishes"),
    "support_needs": ("vocational_profile", "support_needs"),
}


class ExchangeError(ValidationError):
    """A document that cannot be imported. ``field`` is its path in the document (``plans[0].goals[2].own_words``,
    empty for the whole file); the message names it and says what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        self.problem = message
        if field:
            message = _("The file has a problem in {field}: {problem}").format(field=field, problem=message)
        super().__init__(field, message)


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the current format version."""
    text = resources.files("planner").joinpath("exchange.schema.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


# ------------------------------------------------------------------------------------------------ export


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _moment(value: datetime | None) -> str | None:
    """UTC with ``Z`` and whole seconds: one spelling for every backend, so documents compare equal."""
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _enum(value: Any) -> str | None:
    return value.value if value is not None else None


def _load_person(session: Session, person_id: int) -> Person | None:
    plan_graph = (
        selectinload(Person.plans).selectinload(Plan.lead_actor),
        selectinload(Person.plans).selectinload(Plan.coach),
        selectinload(Person.plans).selectinload(Plan.placement_unit),
        selectinload(Person.plans).selectinload(Plan.participants).selectinload(Participant.actor),
        selectinload(Person.plans).selectinload(Plan.goals).selectinload(Goal.steps),
        selectinload(Person.plans).selectinload(Plan.supports).selectinload(Support.actor),
        selectinload(Person.plans).selectinload(Plan.follow_ups).selectinload(FollowUp.outcomes),
        selectinload(Person.plans).selectinload(Plan.consents).selectinload(Consent.actors),
    )
    return session.scalar(select(Person).where(Person.id == person_id)
                          .options(selectinload(Person.stage_changes), *plan_graph))


def export_person(services: Services, person_id: int) -> dict[str, Any]:
    """Everything about one person as a document of the current format version. The export is audited."""
    from planner.errors import NotFoundError

    with services._read() as session:  # noqa: SLF001 - one consistent read of the whole person
        if services.store.url.get_backend_name() == "postgresql":
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        person = _load_person(session, person_id)
        if person is None:
            raise NotFoundError(_("The person could not be found. Someone may have removed them."))
        history_units = {u.id: u for u in session.scalars(select(PlacementUnit).where(
            PlacementUnit.id.in_({c.placement_unit_id for c in person.stage_changes if c.placement_unit_id})))}
        document = _person_document(person, history_units)
    # Audited before the document is handed out: an export that cannot be audited does not happen.
    services.record_person_access("export", person_id)
    return document


def _person_document(person: Person, history_units: dict[int, PlacementUnit]) -> dict[str, Any]:
    actors: dict[str, Actor] = {}
    units: dict[str, PlacementUnit] = {u.name: u for u in history_units.values()}
    staff: dict[str, StaffUser] = {}

    def actor_ref(actor: Actor | None) -> str | None:
        if actor is None:
            return None
        actors[actor.name] = actor
        return actor.name

    plans = sorted(person.plans, key=lambda p: (p.period_start, p.id))
    plan_index = {plan.id: i for i, plan in enumerate(plans)}
    plan_docs = []
    for plan in plans:
        if plan.placement_unit is not None:
            units[plan.placement_unit.name] = plan.placement_unit
        if plan.coach is not None:
            staff[plan.coach.login] = plan.coach
        goals = sorted(plan.goals, key=lambda g: (g.position, g.id))
        goal_index = {g.id: i for i, g in enumerate(goals)}
        plan_docs.append({
            "title": plan.title,
            "period_start": _day(plan.period_start),
            "period_end": _day(plan.period_end),
            "status": plan.status.value,
            "closed_on": _day(plan.closed_on),
            "stage": plan.stage.value,
            "target_stage": _enum(plan.target_stage),
            "lead_actor": actor_ref(plan.lead_actor),
            "lead_person": plan.lead_person,
            "coach": plan.coach.login if plan.coach is not None else None,
            "placement_unit": plan.placement_unit.name if plan.placement_unit is not None else None,
            "own_words": plan.own_words,
            "participants": [{
                "name": p.name, "role": p.role, "actor": actor_ref(p.actor), "phone": p.phone, "email": p.email,
                "is_lead": p.is_lead,
            } for p in sorted(plan.participants, key=lambda p: p.id)],
            "goals": [{
                "own_words": g.own_words, "easy_read": g.easy_read, "pictogram": g.pictogram,
                "lifecycle": g.lifecycle.value, "achievement": g.achievement.value, "achieved_on": _day(g.achieved_on),
                "steps": [{"text": s.text, "due_on": _day(s.due_on), "done_on": _day(s.done_on),
                           "pictogram": s.pictogram} for s in sorted(g.steps, key=lambda s: (s.position, s.id))],
            } for g in goals],
            "supports": [{
                "what": s.what, "actor": actor_ref(s.actor), "contact_name": s.contact_name,
                "contact_phone": s.contact_phone, "contact_email": s.contact_email, "frequency": s.frequency,
                "pictogram": s.pictogram, "start_on": _day(s.start_on), "end_on": _day(s.end_on),
            } for s in sorted(plan.supports, key=lambda s: s.id)],
            "follow_ups": [{
                "planned_at": _moment(f.planned_at), "place": f.place, "cancelled": f.cancelled,
                "held_on": _day(f.held_on), "attendees": f.attendees, "notes": f.notes, "next_at": _moment(f.next_at),
                "outcomes": sorted(({"goal": goal_index[o.goal_id], "achievement": o.achievement.value,
                                     "note": o.note} for o in f.outcomes), key=lambda o: o["goal"]),
            } for f in sorted(plan.follow_ups, key=lambda f: (f.planned_at, f.id))],
            "consents": [{
                "given_on": _day(c.given_on), "valid_until": _day(c.valid_until), "withdrawn_on": _day(c.withdrawn_on),
                "given_by": c.given_by, "actors": sorted(actor_ref(a) or "" for a in c.actors), "note": c.note,
                "recorded_by": c.recorded_by, "recorded_at": _moment(c.recorded_at),
            } for c in sorted(plan.consents, key=lambda c: (c.given_on, c.id))],
        })

    history = []
    for change in sorted(person.stage_changes, key=lambda c: (c.changed_on, c.id)):
        unit = history_units.get(change.placement_unit_id) if change.placement_unit_id else None
        history.append({
            "changed_on": _day(change.changed_on), "from_stage": _enum(change.from_stage),
            "to_stage": change.to_stage.value, "plan": plan_index.get(change.plan_id) if change.plan_id else None,
            "placement_unit": unit.name if unit is not None else None, "note": change.note,
            "recorded_by": change.recorded_by,
        })

    person_doc: dict[str, Any] = {}
    for attr, where in PERSON_LAYOUT.items():
        target = person_doc
        for key in where[:-1]:
            target = target.setdefault(key, {})
        target[where[-1]] = getattr(person, attr)

    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "person": person_doc,
        "actors": [{"name": a.name, "kind": a.kind.value, "phone": a.phone, "email": a.email}
                   for _n, a in sorted(actors.items())],
        "placement_units": [{"name": u.name, "address": u.address} for _n, u in sorted(units.items())],
        "staff": [{"login": s.login, "display_name": s.display_name} for _n, s in sorted(staff.items())],
        "plans": plan_docs,
        "stage_history": history,
    }


# ------------------------------------------------------------------------------------------------ checking


def path_text(parts: Sequence[str | int]) -> str:
    """``["plans", 0, "goals", 2, "own_words"]`` -> ``plans[0].goals[2].own_words``."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _check_header(data: Any) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ExchangeError("", _("This is not a Stegvis person file."))
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ExchangeError("version", _("The format version of the file is not valid."))
    if version > FORMAT_VERSION:
        raise ExchangeError("version", _("The file was made by a newer version of Stegvis (format version "
                                         "{version}). Install the newest version of Stegvis to import it.")
                            .format(version=version))


def _type_words(kinds: str | list[str]) -> str:
    names = {"string": _("text"), "integer": _("a whole number"), "number": _("a number"),
             "boolean": _("true or false"), "array": _("a list"), "object": _("a group of fields"),
             "null": _("empty (null)")}
    kinds = [kinds] if isinstance(kinds, str) else kinds
    return _(" or ").join(names.get(k, k) for k in kinds)


def _schema_problem(error: Any) -> tuple[list[str | int], str]:
    """One jsonschema error as (path, translated message)."""
    path: list[str | int] = list(error.absolute_path)
    kind = error.validator
    defs = schema()["$defs"]
    if kind == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return path + [missing[0]], _("This field is missing.")
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return path + [extra[0]], _("This field is not part of the format.")
    if kind == "type":
        return path, _("This should be {kind}.").format(kind=_type_words(error.validator_value))
    if kind in ("enum", "const"):
        values = error.validator_value if kind == "enum" else [error.validator_value]
        shown = ", ".join("null" if x is None else str(x) for x in values)
        return path, _("Please use one of these values: {values}.").format(values=shown)
    if kind == "pattern":
        if error.validator_value == defs["date"]["pattern"]:
            return path, _("Please write the date as YYYY-MM-DD, for example 2026-03-03.")
        if error.validator_value == defs["date_time"]["pattern"]:
            return path, _("Please write the time as YYYY-MM-DDTHH:MM:SSZ, for example 2026-03-03T09:00:00Z.")
        return path, _("A personal identity number is written as 12 digits, like 199001011234.")
    if kind == "maxLength":
        return path, _("The text is too long: at most {limit} characters.").format(limit=error.validator_value)
    if kind == "minLength":
        return path, _("This field cannot be empty.")
    if kind == "minItems":
        return path, _("The list cannot be empty.")
    if kind == "uniqueItems":
        return path, _("The same name is listed twice.")
    if kind == "minimum":
        return path, _("The number cannot be below {limit}.").format(limit=error.validator_value)
    return path, _("This value does not fit the format.")


def _sort_key(parts: Sequence[str | int]) -> tuple[tuple[int, int, str], ...]:
    return tuple((1, 0, p) if isinstance(p, str) else (0, p, "") for p in parts)


def check_structure(data: Any) -> None:
    """The header, then the JSON Schema; the first problem in document order is raised."""
    from jsonschema import Draft202012Validator

    _check_header(data)
    problems = [_schema_problem(e) for e in Draft202012Validator(schema()).iter_errors(data)]
    if problems:
        where, message = min(problems, key=lambda p: _sort_key(p[0]))
        raise ExchangeError(path_text(where), message)


@dataclass
class _PlanIn:
    fields: dict[str, Any]
    lead_actor: str | None
    coach: str | None
    unit: str | None
    participants: list[tuple[dict[str, Any], str | None]] = field(default_factory=list)
    goals: list[tuple[dict[str, Any], list[dict[str, Any]]]] = field(default_factory=list)
    supports: list[tuple[dict[str, Any], str | None]] = field(default_factory=list)
    follow_ups: list[tuple[dict[str, Any], list[tuple[int, Achievement, str]]]] = field(default_factory=list)
    consents: list[tuple[dict[str, Any], list[str]]] = field(default_factory=list)


@dataclass
class _DocumentIn:
    """A checked, cleaned document, ready to write."""

    person: dict[str, Any]
    actors: dict[str, dict[str, Any]]
    units: dict[str, dict[str, Any]]
    staff: dict[str, dict[str, Any]]
    plans: list[_PlanIn]
    history: list[tuple[dict[str, Any], int | None, str | None]]


class _Checker:
    """Runs the services' field rules over the document, with the document path as the field name."""

    def clean(self, spec: dict[str, Cleaner], model_field: str, value: Any, where: str) -> Any:
        try:
            return spec[model_field](value, where)
        except ValidationError as exc:
            raise ExchangeError(where, exc.message) from exc

    def fields(self, spec: dict[str, Cleaner], node: dict[str, Any], where: str,
               names: dict[str, str] | None = None) -> dict[str, Any]:
        """Clean ``node[doc_name]`` into ``model_name`` for every spec field named in ``names`` (default: same)."""
        names = names or {k: k for k in spec if k in node}
        return {model: self.clean(spec, model, node[doc], f"{where}.{doc}") for model, doc in names.items()}

    @staticmethod
    def fail(where: str, message: str) -> ExchangeError:
        return ExchangeError(where, message)

    def reference(self, name: str | None, known: dict[str, Any], where: str, message: str) -> str | None:
        if name is None:
            return None
        clean = self.clean({"x": lambda value, f: v.clean_name(value, f)}, "x", name, where)
        if clean not in known:
            raise self.fail(where, message)
        return clean


def _login(value: Any, where: str) -> str:
    """Who recorded something: a staff login, kept as written (it need not be a staff row here)."""
    return v.clean_text(value, where, max_length=100)


def _spec(fields: dict[str, Cleaner], *, without: Sequence[str] = ()) -> dict[str, Cleaner]:
    return {k: c for k, c in fields.items() if k not in without}


def check_document(data: Any) -> _DocumentIn:
    """Check the whole document and return it cleaned. Raises :class:`ExchangeError`; writes nothing."""
    check_structure(data)
    c = _Checker()

    node = data["person"]
    person = {}
    for attr, where in PERSON_LAYOUT.items():
        value: Any = node
        for key in where:
            value = value[key]
        person[attr] = c.clean(PERSON_FIELDS, attr, value, path_text(["person", *where]))

    def named_list(key: str, spec: dict[str, Cleaner], name_key: str) -> dict[str, dict[str, Any]]:
        result: dict[str, dict[str, Any]] = {}
        for i, item in enumerate(data[key]):
            where = f"{key}[{i}]"
            cleaned = c.fields(spec, item, where)
            if cleaned[name_key] in result:
                raise c.fail(f"{where}.{name_key}", _("The same name is listed twice."))
            result[cleaned[name_key]] = cleaned
        return result

    login_spec: dict[str, Cleaner] = {
        "login": lambda value, f: v.clean_text(value, f, required=True, max_length=100),
        "display_name": lambda value, f: v.clean_name(value, f),
    }
    actors = named_list("actors", ACTOR_FIELDS, "name")
    units = named_list("placement_units", UNIT_FIELDS, "name")
    staff = named_list("staff", login_spec, "login")
    unknown_actor = _("The actor is not listed under actors.")
    unknown_unit = _("The placement unit is not listed under placement_units.")

    plans = [_check_plan(c, plan, f"plans[{i}]", actors, units, staff, unknown_actor, unknown_unit)
             for i, plan in enumerate(data["plans"])]

    history: list[tuple[dict[str, Any], int | None, str | None]] = []
    previous: date | None = None
    for i, change in enumerate(data["stage_history"]):
        here = f"stage_history[{i}]"
        fields = {
            "changed_on": c.clean({"x": _date}, "x", change["changed_on"], f"{here}.changed_on"),
            "from_stage": c.clean({"x": _opt_enum_of(Stage)}, "x", change["from_stage"], f"{here}.from_stage"),
            "to_stage": c.clean({"x": _enum_of(Stage)}, "x", change["to_stage"], f"{here}.to_stage"),
            "note": c.clean({"x": _long}, "x", change["note"], f"{here}.note"),
            "recorded_by": c.clean({"x": _login}, "x", change["recorded_by"], f"{here}.recorded_by"),
        }
        if fields["from_stage"] == fields["to_stage"]:
            raise c.fail(f"{here}.to_stage", _("The person is already at this stage."))
        if previous is not None and fields["changed_on"] < previous:
            raise c.fail(f"{here}.changed_on", _("The date is before the previous change of stage."))
        previous = fields["changed_on"]
        plan_ref = change["plan"]
        if plan_ref is not None and plan_ref >= len(plans):
            raise c.fail(f"{here}.plan", _("There is no plan at this position in plans."))
        unit = c.reference(change["placement_unit"], units, f"{here}.placement_unit", unknown_unit)
        history.append((fields, plan_ref, unit))

    return _DocumentIn(person, actors, units, staff, plans, history)


def _check_plan(c: _Checker, node: dict[str, Any], where: str, actors: dict[str, Any], units: dict[str, Any],
                staff: dict[str, Any], unknown_actor: str, unknown_unit: str) -> _PlanIn:
    fields = c.fields(_spec(PLAN_FIELDS, without=("lead_actor_id", "coach_id", "placement_unit_id")), node, where)
    fields["closed_on"] = c.clean({"x": _opt_date}, "x", node["closed_on"], f"{where}.closed_on")
    try:
        v.period(fields["period_start"], fields["period_end"], start_field=f"{where}.period_start",
                 end_field=f"{where}.period_end")
    except ValidationError as exc:
        raise ExchangeError(exc.field, exc.message) from exc
    if fields["closed_on"] is not None and fields["status"] != PlanStatus.CLOSED:
        raise c.fail(f"{where}.closed_on", _("Only a closed plan has a closing date."))
    coach = None
    if node["coach"] is not None:
        coach = c.clean({"x": _login}, "x", node["coach"], f"{where}.coach")
        if coach not in staff:
            raise c.fail(f"{where}.coach", _("The coach is not listed under staff."))
    plan = _PlanIn(fields,
                   c.reference(node["lead_actor"], actors, f"{where}.lead_actor", unknown_actor), coach,
                   c.reference(node["placement_unit"], units, f"{where}.placement_unit", unknown_unit))

    leads = 0
    for i, part in enumerate(node["participants"]):
        here = f"{where}.participants[{i}]"
        cleaned = c.fields(_spec(PARTICIPANT_FIELDS, without=("actor_id",)), part, here)
        leads += cleaned["is_lead"]
        if leads > 1:
            raise c.fail(f"{here}.is_lead", _("Only one participant can have the lead responsibility."))
        plan.participants.append((cleaned, c.reference(part["actor"], actors, f"{here}.actor", unknown_actor)))

    for i, goal in enumerate(node["goals"]):
        here = f"{where}.goals[{i}]"
        steps = [c.fields(STEP_FIELDS, step, f"{here}.steps[{j}]") for j, step in enumerate(goal["steps"])]
        plan.goals.append((c.fields(GOAL_FIELDS, goal, here), steps))

    for i, support in enumerate(node["supports"]):
        here = f"{where}.supports[{i}]"
        cleaned = c.fields(_spec(SUPPORT_FIELDS, without=("actor_id",)), support, here)
        if cleaned["start_on"] and cleaned["end_on"] and cleaned["end_on"] < cleaned["start_on"]:
            raise c.fail(f"{here}.end_on", _("The end date cannot be before the start date."))
        plan.supports.append((cleaned, c.reference(support["actor"], actors, f"{here}.actor", unknown_actor)))

    for i, meeting in enumerate(node["follow_ups"]):
        here = f"{where}.follow_ups[{i}]"
        cleaned = c.fields(FOLLOW_UP_FIELDS, meeting, here)
        for key in ("planned_at", "next_at"):
            if cleaned[key] is not None and to_local(cleaned[key]).date() < fields["period_start"]:
                raise c.fail(f"{here}.{key}", _("A follow-up cannot be before the plan starts."))
        outcomes: list[tuple[int, Achievement, str]] = []
        for j, outcome in enumerate(meeting["outcomes"]):
            there = f"{here}.outcomes[{j}]"
            if outcome["goal"] >= len(plan.goals):
                raise c.fail(f"{there}.goal", _("There is no goal at this position in the plan's goals."))
            if any(o[0] == outcome["goal"] for o in outcomes):
                raise c.fail(f"{there}.goal", _("The goal has two outcomes at the same follow-up."))
            outcomes.append((outcome["goal"],
                             c.clean({"x": _enum_of(Achievement)}, "x", outcome["achievement"],
                                     f"{there}.achievement"),
                             c.clean({"x": _long}, "x", outcome["note"], f"{there}.note")))
        plan.follow_ups.append((cleaned, outcomes))

    for i, consent in enumerate(node["consents"]):
        here = f"{where}.consents[{i}]"
        cleaned = c.fields(CONSENT_FIELDS, consent, here)
        given = cleaned["given_on"]
        if cleaned["valid_until"] is not None and cleaned["valid_until"] < given:
            raise c.fail(f"{here}.valid_until", _("The end date cannot be before the start date."))
        if cleaned["withdrawn_on"] is not None and cleaned["withdrawn_on"] < given:
            raise c.fail(f"{here}.withdrawn_on", _("Consent cannot be withdrawn before it was given."))
        cleaned["recorded_by"] = c.clean({"x": _login}, "x", consent["recorded_by"], f"{here}.recorded_by")
        cleaned["recorded_at"] = c.clean({"x": _datetime}, "x", consent["recorded_at"], f"{here}.recorded_at")
        names = [c.reference(name, actors, f"{here}.actors[{j}]", unknown_actor) or ""
                 for j, name in enumerate(consent["actors"])]
        if len(set(names)) != len(names):
            raise c.fail(f"{here}.actors", _("The same name is listed twice."))
        plan.consents.append((cleaned, names))
    return plan


# ------------------------------------------------------------------------------------------------ import


def import_person(services: Services, data: Any) -> int:
    """Add the person in ``data`` as a new person and return their id.

    The whole document is checked first; then everything is written in one unit of work, with audit events, so
    on any error nothing is written. A person whose personal identity number is already in the database is
    refused rather than merged. Actors, placement units and coaches are matched by name (login); unknown ones
    are created, known ones are used as they are.
    """
    doc = check_document(data)
    with services._write() as session:  # noqa: SLF001 - the import is one unit of work
        number = doc.person["personal_number"]
        if number is not None:
            existing = session.scalar(select(Person.id).where(Person.personal_number == number))
            if existing is not None:
                raise ExchangeError("person.personal_number", _(
                    "A person with this personal identity number is already saved (person {id}). Nothing was "
                    "imported: open that person instead, or remove them first.").format(id=existing))
        return _write(services, session, doc)


def _reference_rows(services: Services, session: Session, doc: _DocumentIn) -> tuple[
        dict[str, Actor], dict[str, PlacementUnit], dict[str, StaffUser]]:
    """The actors, units and coaches the document names: existing rows as they are, unknown ones created."""
    def resolve(cls: Any, key: Any, wanted: dict[str, dict[str, Any]], entity: str) -> dict[str, Any]:
        found = {getattr(row, key.key): row for row in session.scalars(select(cls).where(key.in_(list(wanted))))}
        for name, values in wanted.items():
            if name not in found:
                row = cls(**values)
                session.add(row)
                session.flush()
                services.audit(session, "import", entity, row.id, None, values)
                found[name] = row
        return found

    return (resolve(Actor, Actor.name, doc.actors, "actor"),
            resolve(PlacementUnit, PlacementUnit.name, doc.units, "placement_unit"),
            resolve(StaffUser, StaffUser.login, doc.staff, "staff_user"))


def _write(services: Services, session: Session, doc: _DocumentIn) -> int:
    actors, units, staff = _reference_rows(services, session, doc)

    def actor_id(name: str | None) -> int | None:
        return actors[name].id if name is not None else None

    def add(row: Any, entity: str, person_id: int | None, fields: Any) -> Any:
        session.add(row)
        session.flush()  # one row at a time: ids follow document order, so a new export lists rows the same way
        services.audit(session, "import", entity, row.id, person_id or row.id, fields)
        return row

    pid: int = add(Person(**doc.person), "person", None, doc.person).id
    plan_ids: list[int] = []
    for plan_in in doc.plans:
        plan = add(Plan(person_id=pid, lead_actor_id=actor_id(plan_in.lead_actor),
                        coach_id=staff[plan_in.coach].id if plan_in.coach else None,
                        placement_unit_id=units[plan_in.unit].id if plan_in.unit else None, **plan_in.fields),
                   "plan", pid, plan_in.fields)
        plan_ids.append(plan.id)
        for values, actor in plan_in.participants:
            add(Participant(plan_id=plan.id, actor_id=actor_id(actor), **values), "participant", pid, values)
        goals = []
        for position, (values, steps) in enumerate(plan_in.goals):
            goal = add(Goal(plan_id=plan.id, position=position, **values), "goal", pid, values)
            goals.append(goal)
            for step_position, step in enumerate(steps):
                add(Step(goal_id=goal.id, position=step_position, **step), "step", pid, step)
        for values, actor in plan_in.supports:
            add(Support(plan_id=plan.id, actor_id=actor_id(actor), **values), "support", pid, values)
        for values, outcomes in plan_in.follow_ups:
            meeting = FollowUp(plan_id=plan.id, **values)
            meeting.outcomes = [GoalOutcome(goal_id=goals[g].id, achievement=a, note=n) for g, a, n in outcomes]
            add(meeting, "follow_up", pid, [*values, "outcomes"] if outcomes else values)
        for values, names in plan_in.consents:
            add(Consent(plan_id=plan.id, actors=[actors[n] for n in names], **values), "consent", pid,
                [*values, "actors"])
    for values, plan_ref, unit in doc.history:
        add(StageChange(person_id=pid, plan_id=plan_ids[plan_ref] if plan_ref is not None else None,
                        placement_unit_id=units[unit].id if unit else None, **values), "stage_change", pid, values)
    return pid


