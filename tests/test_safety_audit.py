"""The audit trail: every write is audited in its own transaction, with ids and field names only; `stegvis check`
detects an edited, deleted or inserted row and names it; `stegvis audit` shows the trail, per person."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from safety_session import Canary, run_session, write_methods
from sqlalchemy import event
from sqlalchemy.orm import Session

pytestmark = pytest.mark.core


class AuditGuard:
    """Watches every transaction: each row created or changed needs an audit event for its entity in the same
    transaction, and a transaction that deletes needs a delete-like audit event."""

    DELETE_ACTIONS = {"delete", "erase", "dispose"}
    # rows written as part of their parent's audited change (the parent's event names the field)
    COVERED_BY = {"goal_outcome": "follow_up"}

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.transactions = 0

    def after_flush(self, session: Session, _context: Any) -> None:
        from planner.model import AuditEvent

        written = session.info.setdefault("guard_written", [])
        audits = session.info.setdefault("guard_audits", [])
        for obj in session.new:
            if isinstance(obj, AuditEvent):
                audits.append((obj.action, obj.entity, obj.entity_id))
            else:
                written.append(("new", obj))
        for obj in session.dirty:
            if session.is_modified(obj, include_collections=False):
                written.append(("changed", obj))
        for obj in session.deleted:
            written.append(("deleted", obj))

    def after_commit(self, session: Session) -> None:
        written = session.info.pop("guard_written", [])
        audits = session.info.pop("guard_audits", [])
        if not written:
            return
        self.transactions += 1
        for kind, obj in written:
            entity = type(obj).__tablename__
            entity = self.COVERED_BY.get(entity, entity)
            if kind == "deleted":
                ok = any(a in self.DELETE_ACTIONS for a, _e, _i in audits)
            else:
                ok = any(e == entity and i in (getattr(obj, "id", None), None) for _a, e, i in audits)
            if not ok:
                self.problems.append(f"{kind} {entity} {getattr(obj, 'id', '?')} without an audit event "
                                     f"(audited: {audits})")

    def after_rollback(self, session: Session) -> None:
        session.info.pop("guard_written", None)
        session.info.pop("guard_audits", None)


@pytest.fixture
def guard() -> Iterator[AuditGuard]:
    g = AuditGuard()
    event.listen(Session, "after_flush", g.after_flush)
    event.listen(Session, "after_commit", g.after_commit)
    event.listen(Session, "after_rollback", g.after_rollback)
    yield g
    event.remove(Session, "after_flush", g.after_flush)
    event.remove(Session, "after_commit", g.after_commit)
    event.remove(Session, "after_rollback", g.after_rollback)


def test_every_write_is_audited_in_its_transaction(services, guard: AuditGuard) -> None:  # type: ignore[no-untyped-def]
    from datetime import date, timedelta

    from planner.safety import dispose_plans, erase_person
    from planner.services import Services

    session = run_session(services)
    missing = write_methods() - session.called
    assert not missing, f"the scripted session does not call {sorted(missing)}: add them so they are checked"
    newcomer = Services(services.store, user="new.coach")  # first save by a new login creates its staff row
    person = newcomer.create_person("Zed Exempel")
    plan = newcomer.create_plan(person.id, title="closed", status="closed")
    dispose_plans(services, [plan.id], years=1, today=date.today() + timedelta(days=800))
    erase_person(services, session.person_id, confirm=True)
    assert guard.transactions > 40
    assert guard.problems == []
    assert services.audit_chain_problems() == []


def test_the_guard_would_see_an_unaudited_write(services, guard: AuditGuard) -> None:  # type: ignore[no-untyped-def]
    """The guard above can fail."""
    from planner.model import Person

    with services.store.unit_of_work() as session:
        session.add(Person(name="Unaudited Exempel"))
    assert guard.problems and "new person" in guard.problems[0]


def test_audit_rows_hold_ids_and_field_names_only(services) -> None:  # type: ignore[no-untyped-def]
    canary = Canary()
    session = run_session(services, canary)
    trail = services.audit_trail()
    actions = {(e.action, e.entity) for e in trail}
    assert {("open", "plan"), ("print", "plan"), ("export", "person"), ("create", "person"),
            ("update", "person"), ("delete", "goal")} <= actions
    for e in trail:
        row = " ".join(str(v) for v in (e.user, e.entity, e.action, e.fields, e.entity_id, e.person_id))
        for value in (canary.name, canary.number, "198112189876", canary.word, canary.goal, canary.phone):
            assert value not in row
    person_events = services.audit_trail(session.person_id)
    assert person_events and all(e.person_id == session.person_id for e in person_events)
    update = next(e for e in person_events if (e.action, e.entity) == ("update", "person"))
    assert set(update.fields.split(",")) == {"interests", "address"}


# ------------------------------------------------------------------------------------------------ tamper detection


@pytest.fixture
def audited_db(tmp_path: Path) -> Path:
    from planner.services import Services
    from planner.store import open_store

    db = tmp_path / "plans.db"
    store = open_store(db, auto_backup=False)
    services = Services(store, user="test.coach")
    for name in ("Ada Exempel", "Bo Exempel", "Cy Exempel"):
        p = services.create_person(name)
        services.create_plan(p.id)
        services.update_person(p.id, None, good_at="Att laga mat")
    store.close()
    return db


def _sql(db: Path, statement: str, *args: Any) -> None:
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(statement, args)
    conn.close()


def _check(db: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from planner.cli import main

    code = main(["check", "--db", str(db)])
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def test_check_passes_an_untouched_trail(audited_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _check(audited_db, capsys) == (0, "The database is sound.\n")


@pytest.mark.parametrize("column,value", [("fields", "name"), ("user", "someone.else"), ("action", "open"),
                                          ("person_id", 2), ("at", "2020-01-01 00:00:00.000000")])
def test_check_names_an_edited_row(audited_db: Path, capsys: pytest.CaptureFixture[str], column: str,
                                   value: Any) -> None:
    _sql(audited_db, f"UPDATE audit_event SET {column}=? WHERE id=4", value)
    code, out = _check(audited_db, capsys)
    assert code == 1
    assert "row 4 " in out and "row 5 " not in out


def test_check_names_the_row_after_a_deleted_one(audited_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _sql(audited_db, "DELETE FROM audit_event WHERE id=5")
    code, out = _check(audited_db, capsys)
    assert code == 1 and "row 6 " in out


def test_check_names_an_inserted_row(audited_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conn = sqlite3.connect(audited_db)
    last_id, last_hash = conn.execute("SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1").fetchone()
    conn.close()
    # Inserted in the middle (an id in a gap made for it) and at the end with a plausible link.
    _sql(audited_db, "UPDATE audit_event SET id=id+1000 WHERE id>6")
    _sql(audited_db, "INSERT INTO audit_event (id, at, user, person_id, entity, entity_id, action, fields, "
                     "prev_hash, hash) VALUES (7, '2026-01-01 00:00:00.000000', 'x', 1, 'person', 1, 'open', '', "
                     "?, ?)", "0" * 64, "f" * 64)
    _sql(audited_db, "INSERT INTO audit_event (at, user, person_id, entity, entity_id, action, fields, prev_hash, "
                     "hash) VALUES ('2026-01-01 00:00:00.000000', 'x', 1, 'person', 1, 'open', '', ?, ?)",
         last_hash, "e" * 64)
    code, out = _check(audited_db, capsys)
    assert code == 1
    assert "row 7 " in out and f"row {last_id + 1001} " in out


def test_check_passes_after_more_normal_work(audited_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No false alarm after the chain grows, across reopenings."""
    from planner.services import Services
    from planner.store import open_store

    for _ in range(3):
        store = open_store(audited_db)
        services = Services(store, user="another.coach")
        plan = services.list_plans()[0]
        services.open_plan(plan.plan_id)
        store.close()
    assert _check(audited_db, capsys)[0] == 0


# ------------------------------------------------------------------------------------------------ stegvis audit


def test_audit_command(audited_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from planner.cli import main

    assert main(["audit", "--db", str(audited_db)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) >= 9
    assert "test.coach" in lines[0] and "Created: Person 1" in lines[0]
    assert not any(name in "\n".join(lines) for name in ("Ada", "Bo Exempel", "laga mat"))
    assert any("Changed: Person 2" in line and "what I am good at" in line for line in lines)

    assert main(["audit", "--db", str(audited_db), "--person", "2", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and {r["person_id"] for r in rows} == {2}
    assert {"id", "at", "user", "entity", "entity_id", "action", "fields"} <= set(rows[0])

    assert main(["audit", "--db", str(audited_db), "--person", "99"]) == 0
    assert "no events" in capsys.readouterr().out


def test_audit_command_in_swedish(audited_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from planner.cli import main

    assert main(["--lang", "sv", "audit", "--db", str(audited_db), "--limit", "1"]) == 0
    assert capsys.readouterr().out.strip()


def _rehash_from(db: Path, first_id: int) -> None:
    """Recompute the chain from ``first_id`` on, as someone who knows the algorithm would after an edit."""
    from sqlalchemy import select

    from planner.model import AuditEvent
    from planner.services import _audit_hash
    from planner.store import open_store

    store = open_store(db, auto_backup=False)
    try:
        with store.unit_of_work() as session:
            events = list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
            prev = ""
            for e in events:
                if e.id >= first_id:
                    e.prev_hash = prev
                    e.hash = _audit_hash(prev, e)
                prev = e.hash
    finally:
        store.close()


def test_check_sees_the_newest_rows_cut_off_by_comparing_with_the_backup(
        audited_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from planner.backups import take_backup

    take_backup(audited_db, "daily")
    last = sqlite3.connect(audited_db).execute("SELECT max(id) FROM audit_event").fetchone()[0]
    _sql(audited_db, "DELETE FROM audit_event WHERE id > ?", last - 3)  # the chain itself still links up
    code, out = _check(audited_db, capsys)
    assert code == 1 and f"row {last}, which the backup" in out


def test_check_sees_a_rewritten_chain_by_comparing_with_the_backup(audited_db: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from planner.backups import take_backup

    take_backup(audited_db, "daily")
    _sql(audited_db, "UPDATE audit_event SET user='someone.else' WHERE id=3")
    _rehash_from(audited_db, 3)
    code, out = _check(audited_db, capsys)
    assert code == 1 and "which the backup" in out and "row 3 " not in out


def test_a_restore_and_later_work_are_no_false_alarm(audited_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from planner.backups import restore, take_backup
    from planner.services import Services
    from planner.store import open_store

    now = datetime.now(UTC)
    old = take_backup(audited_db, "daily", now=now - timedelta(days=2))
    store = open_store(audited_db, auto_backup=False)
    Services(store, user="t").create_person("Dag Exempel")
    store.close()
    take_backup(audited_db, "daily", now=now - timedelta(days=1))  # holds rows the restore below takes away
    restore(audited_db, old.path, user="t")
    assert _check(audited_db, capsys)[0] == 0
    store = open_store(audited_db, auto_backup=False)
    Services(store, user="t").create_person("Eva Exempel")
    store.close()
    take_backup(audited_db, "daily", now=now + timedelta(seconds=2))  # after the restore: an anchor again
    store = open_store(audited_db, auto_backup=False)
    Services(store, user="t").create_person("Fia Exempel")
    store.close()
    assert _check(audited_db, capsys)[0] == 0
