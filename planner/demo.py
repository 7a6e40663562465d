"""Realistic but fictional sample data: people across every stage, with goals, supports, follow-ups, consent and
two years of stage history. Names mix Swedish, Arabic, Bosnian and Somali names, as in a Malmö caseload.

Written with bulk inserts so 10,000 people take seconds; every row still gets its hash-chained audit event.
Identity numbers are generated with valid check digits in the 1900s test series and are not real people's.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from types import SimpleNamespace
from typing import Any

from sqlalchemy import insert, select

from planner.i18n import LOCAL_TZ
from planner.model import (
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
    PlacementUnit,
    Plan,
    PlanStatus,
    StaffUser,
    Stage,
    StageChange,
    Step,
    Support,
    consent_actor,
)
from planner.services import Services, _audit_hash

FIRST_NAMES = [
    "Anna", "Erik", "Maja", "Johan", "Elin", "Oskar", "Sara", "Lars", "Karin", "Nils", "Linnea", "Gustav",
    "Amina", "Omar", "Fatima", "Yusuf", "Layla", "Karim", "Noor", "Hassan", "Aisha", "Zainab",
    "Emir", "Amra", "Haris", "Lejla", "Adnan", "Selma", "Mirza", "Edina",
    "Abdi", "Hodan", "Faadumo", "Ahmed", "Ifrah", "Mohamed", "Sahra", "Abdirahman", "Hawa", "Liban",
    "Åsa", "Örjan", "Ängla", "Ebba",
]
LAST_NAMES = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
    "Lindqvist", "Åberg", "Öberg", "Ängström", "Holm",
    "Al-Hassan", "Haddad", "Khalil", "Mansour", "Nasser", "Saleh",
    "Hodžić", "Begić", "Kovačević", "Delić", "Hadžić", "Mehmedović",
    "Warsame", "Abdullahi", "Farah", "Hassan", "Jama", "Osman", "Mohamud",
]
COACHES = [("lena.berg", "Lena Berg"), ("samir.haddad", "Samir Haddad"), ("jasmina.kovac", "Jasmina Kovač"),
           ("per.holm", "Per Holm")]
GOALS = [
    ("Jag vill jobba i en butik.", "Jag vill jobba i en butik.", "shop"),
    ("Jobba med böcker på biblioteket", "Jag vill jobba på biblioteket.", "library"),
    ("Ta bussen själv till jobbet", "Jag vill åka buss själv.", "bus"),
    ("Tjäna egna pengar", "Jag vill få lön.", "money"),
    ("Lära mig köra truck på lagret", "Jag vill lära mig köra truck.", "warehouse"),
    ("Komma i tid varje dag", "Jag vill komma i tid.", "clock"),
    ("Laga mat själv", "Jag vill laga mat.", "food"),
    ("Träffa nya vänner på jobbet", "Jag vill ha vänner på jobbet.", "people"),
    ("Läsa en kurs på folkhögskolan", "Jag vill studera.", "study"),
    ("Må bra och orka hela dagen", "Jag vill må bra.", "happy"),
]
STEPS = ["Besöka arbetsplatsen med min coach", "Prova en dag i veckan", "Öva på bussresan", "Skriva ett CV",
         "Träffa handledaren", "Öka till tre dagar i veckan"]
SUPPORTS = [
    ("Funktionsstödsförvaltningen (daglig verksamhet)", "Coachen följer med till arbetsplatsen.", "En gång i veckan"),
    ("Arbetsförmedlingen", "Handläggaren utreder lönebidrag.", "Vid behov"),
    ("Försäkringskassan", "Handläggaren ser över aktivitetsersättningen.", "Varje halvår"),
    ("Region (vårdcentral, psykiatri, habilitering)", "Arbetsterapeuten hjälper med ett schema.", "Varannan vecka"),
    ("Arbetsmarknads- och socialförvaltningen", "Jobbcoachen hjälper med ansökningar.", "En gång i veckan"),
]
PLACES = ["Kontoret, Stortorget 1", "Biblioteket, mötesrummet", "Second hand-butiken", "Lagret, fikarummet"]
# A realistic path: most people are early on it, fewer further along.
PATH = [Stage.DAILY_ACTIVITY, Stage.WORK_ORIENTED, Stage.INTERNSHIP, Stage.SUPPORTED_EMPLOYMENT,
        Stage.REGULAR_EMPLOYMENT]


def _luhn_digit(nine: str) -> str:
    total = 0
    for i, ch in enumerate(nine):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def fake_personal_number(rng: random.Random, used: set[str]) -> str:
    while True:
        born = date(1975, 1, 1) + timedelta(days=rng.randrange(0, 365 * 30))
        coordination = rng.random() < 0.08
        day = born.day + (60 if coordination else 0)
        yymmdd = f"{born.year % 100:02d}{born.month:02d}{day:02d}"
        serial = f"{rng.randrange(0, 1000):03d}"
        number = f"{born.year // 100}{yymmdd}{serial}{_luhn_digit(yymmdd + serial)}"
        if number not in used:
            used.add(number)
            return number


@dataclass
class _Ids:
    next: dict[str, int]

    def take(self, table: str) -> int:
        self.next[table] += 1
        return self.next[table]


def _workday(day: date) -> date:
    """Meetings and deadlines fall on weekdays: a Saturday or Sunday moves to the Monday after."""
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=LOCAL_TZ).astimezone(timezone.utc)


def _stage_for(i: int, rng: random.Random) -> Stage:
    """Every stage appears among the first people; after that a skewed mix."""
    all_stages = list(Stage)
    if i < len(all_stages):
        return all_stages[i]
    weights = [40, 22, 14, 8, 5, 6, 5]
    return rng.choices(all_stages, weights)[0]


def fill_demo(services: Services, people: int = 14, seed: int = 2026, today: date | None = None) -> int:
    """Add ``people`` fictional people with plans. Returns how many were added."""
    if people < 1:
        return 0
    rng = random.Random(seed)
    today = today or date.today()
    store = services.store
    rows: dict[Any, list[dict[str, Any]]] = {t: [] for t in (StaffUser, Person, Plan, Participant, Goal, Step,
                                                             Support, FollowUp, GoalOutcome, Consent, StageChange)}
    links: list[dict[str, Any]] = []
    now = datetime.now(timezone.utc)

    with services._write() as session:  # noqa: SLF001 - the demo writes in bulk inside one unit of work
        actors = {a.name: a.id for a in session.scalars(select(Actor))}
        units = [u.id for u in session.scalars(select(PlacementUnit))]
        ids = _Ids({t.__tablename__: session.scalar(select(t.id).order_by(t.id.desc()).limit(1)) or 0
                    for t in rows})
        used: set[str] = {n for n in session.scalars(select(Person.personal_number)) if n}
        coach_ids = []
        for login, display in COACHES:
            existing = session.scalar(select(StaffUser.id).where(StaffUser.login == login))
            if existing is None:
                existing = ids.take("staff_user")
                rows[StaffUser].append({"id": existing, "login": login, "display_name": display, "active": True,
                                        "created_at": now})
            coach_ids.append(existing)
        coach_names = dict(zip(coach_ids, (d for _l, d in COACHES), strict=True))
        audit: list[tuple[str, str, int, int]] = []  # (action, entity, entity_id, person_id)

        for i in range(people):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            person_id = ids.take("person")
            rows[Person].append({
                "id": person_id, "name": f"{first} {last}", "preferred_name": first if rng.random() < 0.3 else "",
                "personal_number": fake_personal_number(rng, used) if rng.random() < 0.9 else None,
                "phone": f"070-{rng.randrange(100, 999)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}",
                "email": "", "address": "", "easy_read": rng.random() < 0.8, "pictograms": rng.random() < 0.7,
                "large_text": rng.random() < 0.3, "preferred_language": rng.choice(["sv", "sv", "sv", "ar", "so", "bs"]),
                "interpreter": rng.random() < 0.15, "interpreter_language": "", "communication_notes": "",
                "what_matters": "Att ha något att göra varje dag och träffa mina arbetskamrater.",
                "good_at": rng.choice(["Jag är noggrann.", "Jag är bra på att sortera.", "Jag är snabb och glad."]),
                "how_to_help": "Visa mig en sak i taget. Använd bilder.",
                "interests": rng.choice(["Musik och fotboll", "Djur och natur", "Datorer", "Matlagning"]),
                "skills": "Sortera, packa, städa", "work_wishes": rng.choice(["Butik", "Lager", "Bibliotek", "Kafé"]),
                "support_needs": "Tydligt schema och en fast handledare.",
                "created_at": now, "updated_at": now, "version": 1,
            })
            audit.append(("create", "person", person_id, person_id))

            # Stage history over the last two years, ending at the current stage.
            stage = _stage_for(i, rng)
            start = today - timedelta(days=rng.randrange(400, 730))
            history = [Stage.DAILY_ACTIVITY]
            if stage in PATH:
                history = PATH[: PATH.index(stage) + 1]
            elif stage == Stage.STUDIES:
                history = [Stage.DAILY_ACTIVITY, Stage.WORK_ORIENTED, Stage.STUDIES]
            elif stage == Stage.CONTINUED_SUPPORT:
                history = [Stage.DAILY_ACTIVITY, Stage.INTERNSHIP, Stage.SUPPORTED_EMPLOYMENT,
                           Stage.CONTINUED_SUPPORT]
            if len(history) > 2 and rng.random() < 0.15:  # some step back and forward again
                history = history + [history[-2], history[-1]]
            span = (today - start).days
            days = sorted(rng.sample(range(0, max(span - 10, len(history))), len(history) - 1))
            change_days = [start] + [start + timedelta(days=d + 1) for d in days]
            unit = rng.choice(units) if units else None
            prev: Stage | None = None
            for day, st in zip(change_days, history, strict=True):
                sc_id = ids.take("stage_change")
                rows[StageChange].append({"id": sc_id, "person_id": person_id, "plan_id": None, "changed_on": day,
                                          "from_stage": prev, "to_stage": st, "placement_unit_id": unit,
                                          "note": "", "recorded_by": COACHES[i % len(COACHES)][0]})
                audit.append(("create", "stage_change", sc_id, person_id))
                prev = st

            # One plan: closed for some who reached regular work, otherwise active or draft.
            plan_id = ids.take("plan")
            status = PlanStatus.ACTIVE
            if stage == Stage.REGULAR_EMPLOYMENT and rng.random() < 0.5:
                status = PlanStatus.CLOSED
            elif rng.random() < 0.08:
                status = PlanStatus.DRAFT
            period_start = max(change_days[-1], today - timedelta(days=300)) - timedelta(days=rng.randrange(0, 30))
            coach_id = coach_ids[i % len(coach_ids)]
            target = PATH[min(PATH.index(stage) + 1, len(PATH) - 1)] if stage in PATH else Stage.SUPPORTED_EMPLOYMENT
            lead_actor = actors.get("Funktionsstödsförvaltningen (daglig verksamhet)")
            rows[Plan].append({
                "id": plan_id, "person_id": person_id, "title": "Gemensam plan", "period_start": period_start,
                "period_end": period_start + timedelta(days=365), "status": status, "stage": stage,
                "target_stage": target if STAGE_RANK[target] > STAGE_RANK[stage] else None,
                "lead_actor_id": lead_actor, "lead_person": coach_names[coach_id], "coach_id": coach_id,
                "placement_unit_id": unit, "own_words": "Jag vill ha ett riktigt jobb och egen lön.",
                "closed_on": today - timedelta(days=rng.randrange(1, 60)) if status == PlanStatus.CLOSED else None,
                "created_at": now, "updated_at": now, "version": 1,
            })
            for sc in rows[StageChange][-len(history):]:
                sc["plan_id"] = plan_id
            audit.append(("create", "plan", plan_id, person_id))

            for name, role, actor_name, lead in [
                (coach_names[coach_id], "Coach", "Funktionsstödsförvaltningen (daglig verksamhet)", True),
                (rng.choice(["Mona Ali", "Kerstin Ek", "Goran Petrović"]), "Handläggare", "Arbetsförmedlingen", False),
                (rng.choice(["Hamza Warsame", "Birgitta Sund"]), "God man", "God man / förvaltare", False),
            ]:
                part_id = ids.take("participant")
                rows[Participant].append({"id": part_id, "plan_id": plan_id, "actor_id": actors.get(actor_name),
                                          "name": name, "role": role, "phone": "040-34 50 00", "email": "",
                                          "is_lead": lead, "version": 1})
                audit.append(("create", "participant", part_id, person_id))

            goal_ids = []
            for position, (own, easy, picto) in enumerate(rng.sample(GOALS, rng.randrange(1, 4))):
                goal_id = ids.take("goal")
                goal_ids.append(goal_id)
                achieved = rng.random() < 0.25
                rows[Goal].append({
                    "id": goal_id, "plan_id": plan_id, "own_words": own, "easy_read": easy, "pictogram": picto,
                    "lifecycle": GoalLifecycle.COMPLETED if achieved else GoalLifecycle.ACTIVE,
                    "achievement": Achievement.ACHIEVED if achieved else rng.choice(
                        [Achievement.IN_PROGRESS, Achievement.IMPROVING]),
                    "position": position, "achieved_on": today - timedelta(days=rng.randrange(5, 200))
                    if achieved else None, "created_at": now, "updated_at": now, "version": 1})
                audit.append(("create", "goal", goal_id, person_id))
                for sp, text_ in enumerate(rng.sample(STEPS, 2)):
                    step_id = ids.take("step")
                    due = _workday(today + timedelta(days=rng.randrange(-30, 90)))
                    rows[Step].append({"id": step_id, "goal_id": goal_id, "text": text_, "due_on": due,
                                       "done_on": due if due < today and rng.random() < 0.6 else None,
                                       "pictogram": "step", "position": sp, "version": 1})
                    audit.append(("create", "step", step_id, person_id))

            for actor_name, what, how_often in rng.sample(SUPPORTS, 2):
                sup_id = ids.take("support")
                rows[Support].append({"id": sup_id, "plan_id": plan_id, "actor_id": actors.get(actor_name),
                                      "contact_name": rng.choice(["Anna Lind", "Yusuf Khalil", "Edina Delić"]),
                                      "contact_phone": "040-34 10 00", "contact_email": "", "what": what,
                                      "frequency": how_often, "pictogram": "support", "start_on": period_start,
                                      "end_on": None, "version": 1})
                audit.append(("create", "support", sup_id, person_id))

            # Follow-ups: held ones in the past (some late), and the next one overdue or upcoming.
            day = _workday(period_start + timedelta(days=rng.randrange(20, 60)))
            while day < today - timedelta(days=20):
                fu_id = ids.take("follow_up")
                late = rng.random() < 0.2
                held = day + timedelta(days=rng.randrange(8, 30) if late else 0)
                nxt = _workday(day + timedelta(days=rng.choice([60, 90, 120])))
                rows[FollowUp].append({"id": fu_id, "plan_id": plan_id, "planned_at": _at(day, rng.choice([9, 10, 13])),
                                       "place": rng.choice(PLACES), "held_on": held,
                                       "attendees": "Personen, coach, handläggare",
                                       "notes": "Vi pratade om hur det går.", "next_at": _at(nxt, 10),
                                       "cancelled": False, "version": 1})
                audit.append(("record", "follow_up", fu_id, person_id))
                for gid in goal_ids:
                    rows[GoalOutcome].append({"id": ids.take("goal_outcome"), "follow_up_id": fu_id,
                                              "goal_id": gid, "achievement": rng.choice(list(Achievement)),
                                              "note": ""})
                day = nxt
            if status != PlanStatus.CLOSED:
                nxt_day = _workday(today + timedelta(days=rng.randrange(-25, 45)))
                if i < 4:  # make sure the first people show both overdue and upcoming follow-ups
                    nxt_day = _workday(today + timedelta(days=(-6, 3, 12, -15)[i]))
                fu_id = ids.take("follow_up")
                rows[FollowUp].append({"id": fu_id, "plan_id": plan_id, "planned_at": _at(nxt_day, 10),
                                       "place": rng.choice(PLACES), "held_on": None, "attendees": "", "notes": "",
                                       "next_at": None, "cancelled": False, "version": 1})
                audit.append(("create", "follow_up", fu_id, person_id))

            consent_id = ids.take("consent")
            given = period_start
            withdrawn = given + timedelta(days=100) if rng.random() < 0.05 and given + timedelta(days=100) < today \
                else None
            rows[Consent].append({"id": consent_id, "plan_id": plan_id, "given_on": given,
                                  "valid_until": given + timedelta(days=365), "withdrawn_on": withdrawn,
                                  "given_by": f"{first} {last}", "recorded_by": COACHES[i % len(COACHES)][0],
                                  "recorded_at": now, "note": "", "version": 1})
            for actor_name in rng.sample([n for n, _w, _h in SUPPORTS], 3):
                if actor_name in actors:
                    links.append({"consent_id": consent_id, "actor_id": actors[actor_name]})
            audit.append(("create", "consent", consent_id, person_id))

        for table, values in rows.items():
            if values:
                # Core inserts: every row has the same columns, so each table is one executemany batch (the ORM
                # bulk path drops None values and splits the rows into thousands of small statements)
                session.execute(insert(table.__table__), values)
        if links:
            session.execute(insert(consent_actor), links)

        chain: str = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)) or ""
        events = []
        for action, entity, entity_id, person_id in audit:
            row = {"at": now, "user": services.user, "person_id": person_id, "entity": entity,
                   "entity_id": entity_id, "action": action, "fields": "demo", "prev_hash": chain}
            row["hash"] = chain = _audit_hash(chain, SimpleNamespace(**row))  # type: ignore[arg-type]
            events.append(row)
        session.execute(insert(Base.metadata.tables["audit_event"]), events)
        if store.url.get_backend_name() == "postgresql":
            _fix_sequences(session, rows)
    return people


def _fix_sequences(session: Any, rows: dict[Any, list[dict[str, Any]]]) -> None:
    """Explicit ids bypass PostgreSQL sequences; move them past the highest id."""
    from sqlalchemy import text

    for table in rows:
        name = table.__tablename__
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                             f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"))
