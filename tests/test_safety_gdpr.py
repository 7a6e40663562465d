"""GDPR and retention: erasing a person (after a confirmation, leaving an audit record with no personal data and
no readable trace in the file), closed plans past the retention time, their logged disposal, and the export of
everything about one person (JSON and the full PDF)."""

from __future__ import annotations

import json
import sqlite3
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from safety_session import Canary, run_session
from sqlalchemy import event, func, select

from planner.errors import NotFoundError, ValidationError

pytestmark = pytest.mark.core

LATER = date.today() + timedelta(days=6 * 366)  # "today" six years from now


def _rows(services, model, *where) -> int:  # type: ignore[no-untyped-def]
    with services.store.reading() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)))


def _canary_values(c: Canary) -> list[bytes]:
    number = c.number.replace("-", "")
    values = [c.name, c.preferred, c.number, number, number[2:8] + "-" + number[8:], c.goal, "Kanariemål"]
    return [v.encode("utf-8") for v in values]


def test_erase_needs_a_confirmation(services) -> None:  # type: ignore[no-untyped-def]
    from planner.safety import erase_person

    person = services.create_person("Ada Exempel")
    with pytest.raises(ValidationError) as info:
        erase_person(services, person.id)
    assert info.value.field == "confirm" and "cannot be undone" in info.value.message
    with pytest.raises(ValidationError):
        erase_person(services, person.id, confirm="yes")  # type: ignore[arg-type]
    assert services.get_person(person.id).name == "Ada Exempel"
    with pytest.raises(NotFoundError):
        erase_person(services, 10**6, confirm=True)


def test_erase_removes_everything_and_keeps_an_anonymous_audit_record(services) -> None:  # type: ignore[no-untyped-def]
    from planner.model import (
        AuditEvent,
        Consent,
        FollowUp,
        Goal,
        Participant,
        Person,
        Plan,
        StageChange,
        Step,
        Support,
    )
    from planner.safety import erase_person

    canary = Canary()
    session = run_session(services, canary)
    other = services.create_person("Bo Exempel", what_matters="Att cykla")
    other_plan = services.create_plan(other.id)
    services.add_goal(other_plan.id, "Cykla till jobbet")
    before_other = services.audit_trail(other.id)
    events_before = len(services.audit_trail())
    plan_ids = [session.plan_id]

    report = erase_person(services, session.person_id, confirm=True)
    assert (report.plans, report.goals) == (1, 1)  # the session removed its second goal
    assert "has been erased" in report.summary()

    pid = session.person_id
    assert _rows(services, Person, Person.id == pid) == 0
    assert _rows(services, Plan, Plan.person_id == pid) == 0
    assert _rows(services, StageChange, StageChange.person_id == pid) == 0
    for model in (Goal, Participant, Support, FollowUp, Consent):
        assert _rows(services, model, model.plan_id.in_(plan_ids)) == 0, model.__tablename__
    assert _rows(services, Step, Step.goal_id.notin_(select(Goal.id))) == 0
    # everyone else is untouched
    assert services.get_person(other.id).what_matters == "Att cykla"
    assert [g.own_words for g in services.get_plan(other_plan.id).goals] == ["Cykla till jobbet"]
    assert services.audit_trail(other.id) == before_other or len(services.audit_trail(other.id)) == len(before_other)
    # the audit trail keeps its rows (ids only) and one more saying that an erasure was made
    trail = services.audit_trail()
    assert len(trail) == events_before + 1
    last: AuditEvent = trail[-1]
    assert (last.action, last.entity, last.entity_id, last.person_id, last.fields) == ("erase", "person", pid, pid,
                                                                                        "")
    assert services.audit_chain_problems() == []


def test_erased_text_is_not_left_readable_in_the_file(sqlite_services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from planner.safety import erase_person

    services = sqlite_services
    # As on a SQLite build without SECURE_DELETE by default (Debian's has it on, Windows and macOS builds not).
    event.listen(services.store.engine, "connect", lambda conn, _rec: conn.execute("PRAGMA secure_delete=OFF"))
    services.store.engine.dispose()
    canary = Canary()
    session = run_session(services, canary)
    services.update_person(session.person_id, None, name="Zebulon Omdöpt")  # an older name is in free space
    services.add_goal(session.plan_id, canary.goal + " " + "lång text " * 1500)  # overflow pages
    db = services.store.path
    raw = db.read_bytes() + (Path(str(db) + "-wal").read_bytes() if Path(str(db) + "-wal").exists() else b"")
    assert canary.name.encode() in raw, "the test must see the canary before the erasure"
    report = erase_person(services, session.person_id, confirm=True)
    assert report.wiped
    services.store.close()
    files = [db, Path(str(db) + "-wal"), Path(str(db) + "-journal")]
    raw = b"".join(f.read_bytes() for f in files if f.exists())
    for value in _canary_values(canary) + [b"Zebulon Omd"]:
        assert value not in raw, value


def test_erase_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from planner.cli import main
    from planner.services import Services
    from planner.store import open_store

    db = tmp_path / "plans.db"
    store = open_store(db)
    person = Services(store, user="t").create_person("Ada Exempel")
    store.close()
    assert main(["erase", str(person.id), "--db", str(db)]) == 1
    assert "--yes" in capsys.readouterr().err
    assert main(["erase", str(person.id), "--db", str(db), "--yes"]) == 0
    assert "has been erased" in capsys.readouterr().out
    assert main(["erase", str(person.id), "--db", str(db), "--yes"]) == 1
    assert "could not be found" in capsys.readouterr().err
    assert main(["audit", "--db", str(db), "--person", str(person.id)]) == 0
    assert "Erased (GDPR): Person" in capsys.readouterr().out


# ------------------------------------------------------------------------------------------------ retention


@pytest.fixture
def retention_people(services):  # type: ignore[no-untyped-def]
    """Closed-only, closed + active, active-only, and a closed plan with a late entry."""
    made = {}
    p1 = services.create_person("Ada Exempel")
    made["closed"] = services.set_plan_status(services.create_plan(p1.id, title="stängd").id, "closed").id
    p2 = services.create_person("Bo Exempel")
    made["closed2"] = services.set_plan_status(services.create_plan(p2.id, title="stängd två").id, "closed").id
    made["active2"] = services.create_plan(p2.id, title="aktiv", status="active").id
    p3 = services.create_person("Cy Exempel")
    made["active"] = services.create_plan(p3.id, title="aktiv", status="active").id
    p4 = services.create_person("Di Exempel")
    late = services.create_plan(p4.id, title="sen", status="active")
    fu = services.schedule_follow_up(late.id, datetime.now(UTC))
    services.record_follow_up(fu.id, held_on=date.today() + timedelta(days=3 * 365))
    services.set_plan_status(late.id, "closed")
    made["late"] = late.id
    made["people"] = {"closed": p1.id, "closed2": p2.id, "active": p3.id, "late": p4.id}
    return made


def test_plans_due_for_disposal(services, retention_people) -> None:  # type: ignore[no-untyped-def]
    from planner.safety import plans_due_for_disposal

    m = retention_people
    assert plans_due_for_disposal(services) == []
    due = plans_due_for_disposal(services, today=LATER)
    assert sorted(r.plan_id for r in due) == sorted([m["closed"], m["closed2"]])
    row = next(r for r in due if r.plan_id == m["closed"])
    assert row.person == "Ada Exempel" and row.closed_on == date.today() and row.last_entry == date.today()
    assert plans_due_for_disposal(services, years=10, today=LATER) == []
    assert len(plans_due_for_disposal(services, years=1, today=date.today() + timedelta(days=4 * 366))) == 3
    with pytest.raises(ValidationError):
        plans_due_for_disposal(services, years=0)


def test_dispose_plans_is_logged_and_refuses_what_is_not_due(services, retention_people) -> None:  # type: ignore[no-untyped-def]
    from planner.model import Person, Plan
    from planner.safety import dispose_plans

    m = retention_people
    with pytest.raises(ValidationError, match="not due"):
        dispose_plans(services, [m["closed"], m["active"]], today=LATER)
    assert _rows(services, Plan, Plan.id == m["closed"]) == 1, "nothing was deleted"
    report = dispose_plans(services, [m["closed"], m["closed2"]], today=LATER)
    assert report.plans == sorted([m["closed"], m["closed2"]])
    assert report.people == [m["people"]["closed"]], "a person left without plans goes too"
    assert _rows(services, Person, Person.id == m["people"]["closed2"]) == 1
    assert _rows(services, Plan, Plan.id == m["active2"]) == 1
    disposed = [(e.action, e.entity, e.entity_id) for e in services.audit_trail() if e.action == "dispose"]
    assert sorted(disposed) == sorted([("dispose", "plan", m["closed"]), ("dispose", "plan", m["closed2"]),
                                       ("dispose", "person", m["people"]["closed"])])
    assert services.audit_chain_problems() == []


def _age(db: Path, years: int) -> None:
    """Move every date in a database ``years`` back, as if it had been written then."""
    conn = sqlite3.connect(db)
    shift = f"-{years * 365} days"
    with conn:
        for table, columns in {"plan": ["period_start", "closed_on", "updated_at", "created_at"],
                               "stage_change": ["changed_on"], "goal": ["updated_at", "created_at"]}.items():
            for column in columns:
                func_ = "datetime" if column.endswith("_at") else "date"
                conn.execute(f"UPDATE {table} SET {column} = {func_}({column}, ?) WHERE {column} IS NOT NULL",
                             (shift,))
    conn.close()


def test_retention_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from planner.cli import main
    from planner.services import Services
    from planner.store import open_store

    db = tmp_path / "plans.db"
    store = open_store(db)
    services = Services(store, user="t")
    old = services.create_person("Ada Exempel")
    plan = services.create_plan(old.id, period_start=date.today() - timedelta(days=30), status="closed")
    services.add_goal(plan.id, "Ett gammalt mål")
    store.close()
    _age(db, 7)
    store = open_store(db)
    services = Services(store, user="t")
    current = services.create_person("Bo Exempel")
    services.set_plan_status(services.create_plan(current.id).id, "closed")
    store.close()

    assert main(["retention", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"Plan {plan.id} (person {old.id})" in out and "Add --dispose" in out and "Ada" not in out
    assert main(["retention", "--db", str(db), "--years", "8"]) == 0
    assert "No closed plan" in capsys.readouterr().out
    assert main(["retention", "--db", str(db), "--json"]) == 0
    assert [r["plan_id"] for r in json.loads(capsys.readouterr().out)] == [plan.id]
    assert main(["retention", "--db", str(db), "--dispose"]) == 0
    assert "Disposed of 1 plans" in capsys.readouterr().out
    assert main(["retention", "--db", str(db)]) == 0
    assert "No closed plan" in capsys.readouterr().out
    assert main(["audit", "--db", str(db), "--person", str(old.id)]) == 0
    assert "Disposed of (retention): Plan" in capsys.readouterr().out
    assert main(["retention", "--db", str(db), "--years", "0"]) == 1
    assert "1 to 100" in capsys.readouterr().err


# ------------------------------------------------------------------------------------------------ export


def test_gdpr_export_writes_json_and_full_pdfs_privately(sqlite_services, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from planner.cli import main
    from planner.safety import gdpr_export

    services = sqlite_services
    person = services.create_person("Ada Exempel", what_matters="Att laga mat")
    first = services.create_plan(person.id, title="Första planen")
    services.add_goal(first.id, "Jobba i ett kök")
    second = services.create_plan(person.id, title="Andra planen", period_start=date.today() + timedelta(days=1))
    out = tmp_path / "export"
    out.mkdir()
    written = gdpr_export(services, person.id, out, "sv")
    names = sorted(p.name for p in written)
    assert names == sorted([f"person-{person.id}.json", f"person-{person.id}-plan-{first.id}.pdf",
                            f"person-{person.id}-plan-{second.id}.pdf"])
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    document = json.loads((out / f"person-{person.id}.json").read_text(encoding="utf-8"))
    assert "Att laga mat" in json.dumps(document, ensure_ascii=False)
    assert all(p.read_bytes().startswith(b"%PDF") for p in written if p.suffix == ".pdf")
    actions = [(e.action, e.entity) for e in services.audit_trail(person.id)]
    assert ("export", "person") in actions and actions.count(("print", "plan")) == 2
    assert not list(out.glob(".*.part"))

    again = tmp_path / "cli"
    again.mkdir()
    db = str(services.store.path)
    assert main(["gdpr-export", str(person.id), "--db", db, "-o", str(again), "--lang", "en"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 3
    assert main(["gdpr-export", str(person.id), "--db", db, "-o", str(tmp_path / "missing")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["gdpr-export", "999", "--db", db, "-o", str(again)]) == 1
    assert "could not be found" in capsys.readouterr().err
