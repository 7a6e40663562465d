"""Automatic backups (daily on open, before a migration), rotation (14 daily + 8 weekly), verification, restore
(CLI and function), and the listing. Every copy is verified and owner-only."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from planner.errors import StorageError

pytestmark = pytest.mark.core


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _people(db: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return sorted(r[0] for r in conn.execute("SELECT name FROM person"))
    finally:
        conn.close()


def _new_db(path: Path, *names: str) -> Path:
    from planner.services import Services
    from planner.store import open_store

    store = open_store(path)
    services = Services(store, user="test.coach")
    for name in names:
        services.create_plan(services.create_person(name).id)
    store.close()
    return path


def _add(path: Path, name: str) -> int:
    from planner.services import Services
    from planner.store import open_store

    store = open_store(path, auto_backup=False)
    try:
        return Services(store, user="test.coach").create_person(name).id
    finally:
        store.close()


# ------------------------------------------------------------------------------------------------ daily backups


def test_daily_backup_on_open_once_a_day_verified_and_private(tmp_path: Path) -> None:
    from planner.backups import backup_folder, daily_backup_on_open, file_problems, list_backups
    from planner.store import open_store

    db = _new_db(tmp_path / "plans.db", "Ada Exempel")
    assert list_backups(db) == [], "a database created by this open has nothing to back up"
    open_store(db).close()  # second open: the daily backup
    backups = list_backups(db)
    assert [b.reason for b in backups] == ["daily"]
    assert file_problems(backups[0].path) == []
    assert _mode(backups[0].path) == 0o600 and _mode(backup_folder(db)) == 0o700
    assert _people(backups[0].path) == ["Ada Exempel"]
    open_store(db).close()
    _add(db, "Bo Exempel")
    open_store(db).close()
    assert len(list_backups(db)) == 1, "at most one daily backup a day"

    store = open_store(db, auto_backup=False)
    try:
        tomorrow = datetime.now(UTC) + timedelta(days=1)
        taken = daily_backup_on_open(store, now=tomorrow)
        assert taken is not None and _people(taken) == ["Ada Exempel", "Bo Exempel"]
        assert daily_backup_on_open(store, now=tomorrow) is None
        assert daily_backup_on_open(store, now=tomorrow + timedelta(days=1)) is None, "unchanged since last copy"
    finally:
        store.close()
    assert not list(backup_folder(db).glob("*.part"))


def test_no_daily_backup_when_asked_not_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from planner.backups import list_backups
    from planner.store import open_store

    db = _new_db(tmp_path / "plans.db", "Ada Exempel")
    open_store(db, auto_backup=False).close()
    open_store(db, migrate=False).close()  # `stegvis check` and `stegvis backup` open like this
    monkeypatch.setenv("STEGVIS_NO_AUTO_BACKUP", "1")
    open_store(db).close()
    assert list_backups(db) == []


def test_a_failing_daily_backup_never_stops_the_opening(tmp_path: Path) -> None:
    from planner.services import Services
    from planner.store import open_store

    db = _new_db(tmp_path / "plans.db", "Ada Exempel")
    (tmp_path / "backups").write_text("a file where the folder should be")
    store = open_store(db)
    try:
        assert "automatic backup could not be made" in store.backup_warning
        assert Services(store, user="t").create_person("Bo Exempel").id
    finally:
        store.close()


def test_backup_before_migration_is_verified(tmp_path: Path) -> None:
    from planner.backups import file_problems, list_backups
    from planner.store import current_revision, downgrade, head_revision, open_store

    db = _new_db(tmp_path / "plans.db", "Ada Exempel")
    store = open_store(db, auto_backup=False)
    downgrade(store, "0001")
    store.close()
    store = open_store(db, auto_backup=False)
    try:
        assert current_revision(store) == head_revision(store)
    finally:
        store.close()
    (pre,) = [b for b in list_backups(db) if b.reason == "pre-migration"]
    assert file_problems(pre.path) == [] and _mode(pre.path) == 0o600
    conn = sqlite3.connect(pre.path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    conn.close()


# ------------------------------------------------------------------------------------------------ rotation


def test_rotation_keeps_14_daily_and_8_weekly(tmp_path: Path) -> None:
    from planner.backups import list_backups, rotate, take_backup

    db = _new_db(tmp_path / "plans.db", "Ada Exempel")
    now = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    template = take_backup(db, "daily", now=now)
    folder = template.path.parent
    days = [now - timedelta(days=i) for i in range(0, 120)]
    for moment in days[1:]:
        shutil.copyfile(template.path, folder / f"plans-{moment:%Y%m%dT%H%M%SZ}-daily.db")
    for i in range(12):
        shutil.copyfile(template.path, folder / f"plans-{now - timedelta(days=i, hours=1):%Y%m%dT%H%M%SZ}"
                                               f"-pre-migration.db")
    shutil.copyfile(template.path, folder / "plans-20200101T000000Z-damaged.db")
    shutil.copyfile(template.path, folder / "other-20200101T000000Z-daily.db")  # another database's backup

    rotate(db, now=now)
    kept = list_backups(db)
    daily = sorted({b.taken_at.date() for b in kept if b.reason == "daily"}, reverse=True)
    expected_days = {(now - timedelta(days=i)).date() for i in range(14)}
    weeks: dict[tuple[int, int], date] = {}
    for moment in days:  # newest first: the newest backup of each of the 8 most recent weeks
        week = moment.date().isocalendar()[:2]
        if week not in weeks and len(weeks) < 8:
            weeks[week] = moment.date()
    assert set(daily) == expected_days | set(weeks.values())
    assert len([b for b in kept if b.reason == "pre-migration"]) == 8
    assert any(b.reason == "damaged" for b in kept)
    assert (folder / "other-20200101T000000Z-daily.db").exists()
    assert len(weeks) == 8 and (now.date() - min(weeks.values())).days > 6 * 7  # about two months back


# ------------------------------------------------------------------------------------------------ restore


def test_restore_cli_backs_up_the_current_file_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from planner.backups import file_problems, list_backups, take_backup
    from planner.cli import main
    from planner.model import AuditEvent
    from planner.services import Services
    from planner.store import open_store

    db = _new_db(tmp_path / "plans.db", "Ada Exempel")
    backup = take_backup(db, "daily", now=datetime.now(UTC) - timedelta(days=1))
    _add(db, "Bo Exempel")
    assert main(["restore", "--db", str(db), str(backup.path)]) == 0
    out = capsys.readouterr().out
    assert _people(db) == ["Ada Exempel"]
    (pre,) = [b for b in list_backups(db) if b.reason == "pre-restore"]
    assert str(pre.path) in out and file_problems(pre.path) == [] and _mode(pre.path) == 0o600
    assert _people(pre.path) == ["Ada Exempel", "Bo Exempel"], "the state before the restore is kept"
    assert _mode(db) == 0o600
    assert main(["check", "--db", str(db)]) == 0
    store = open_store(db, auto_backup=False)
    try:
        last: AuditEvent = Services(store).audit_trail()[-1]
        assert (last.action, last.entity) == ("restore", "database")
    finally:
        store.close()


def test_restore_never_brings_back_an_erased_person(tmp_path: Path) -> None:
    from planner.backups import restore, take_backup
    from planner.safety import erase_person
    from planner.services import Services
    from planner.store import open_store

    db = _new_db(tmp_path / "plans.db", "Ada Exempel", "Bo Exempel")
    backup = take_backup(db, "daily")
    store = open_store(db, auto_backup=False)
    services = Services(store, user="t")
    bo = next(p for p in services.find_people() if p.name == "Bo Exempel")
    erase_person(services, bo.id, confirm=True)
    store.close()
    result = restore(db, backup.path, user="t")
    assert result.erasures_reapplied == [bo.id]
    assert _people(db) == ["Ada Exempel"]
    assert b"Bo Exempel" not in db.read_bytes()


def test_restore_over_a_damaged_file_keeps_a_byte_copy(tmp_path: Path) -> None:
    from planner.backups import list_backups, restore, take_backup
    from planner.store import open_store

    db = _new_db(tmp_path / "plans.db", "Ada Exempel")
    backup = take_backup(db, "daily")
    data = bytearray(db.read_bytes())
    data[4096:4096 * 4] = bytes(4096 * 3)
    db.write_bytes(bytes(data))
    damaged = _digest(db)
    with pytest.raises(StorageError):
        open_store(db)
    result = restore(db, backup.path, user="t")
    assert result.damaged_copy and result.safety_copy is not None
    assert _digest(result.safety_copy) == damaged and _mode(result.safety_copy) == 0o600
    assert [b.reason for b in list_backups(db)].count("damaged") == 1
    open_store(db).close()
    assert _people(db) == ["Ada Exempel"]


@pytest.mark.parametrize("bad", ["damaged", "text", "too new", "missing", "foreign"])
def test_restore_refuses_a_bad_backup_and_changes_nothing(tmp_path: Path, bad: str) -> None:
    from planner.backups import list_backups, restore, take_backup

    db = _new_db(tmp_path / "plans.db", "Ada Exempel")
    source = take_backup(db, "daily").path
    if bad == "damaged":
        data = bytearray(source.read_bytes())
        data[4096:4096 * 4] = b"\xff" * (4096 * 3)
        source.write_bytes(bytes(data))
    elif bad == "text":
        source.write_text("not a backup")
    elif bad == "too new":
        conn = sqlite3.connect(source)
        with conn:
            conn.execute("UPDATE alembic_version SET version_num='9999'")
        conn.close()
    elif bad == "missing":
        source.unlink()
    else:
        source.unlink()
        conn = sqlite3.connect(source)
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.close()
    before = _digest(db)
    with pytest.raises(StorageError) as info:
        restore(db, source, user="t")
    assert info.value.message
    assert _digest(db) == before
    assert not [b for b in list_backups(db) if b.reason == "pre-restore"]


def test_restore_into_the_open_app_and_into_other_open_connections(tmp_path: Path) -> None:
    from planner.backups import restore, take_backup
    from planner.services import Services
    from planner.store import open_store

    db = _new_db(tmp_path / "plans.db", "Ada Exempel")
    backup = take_backup(db, "daily")
    app = Services(open_store(db, auto_backup=False), user="app")
    other = Services(open_store(db, auto_backup=False), user="other")  # a second copy of the app
    app.create_person("Bo Exempel")
    assert len(other.find_people()) == 2
    restore(db, backup.path, user="app", store=app.store)
    try:
        assert [p.name for p in app.find_people()] == ["Ada Exempel"]
        assert [p.name for p in other.find_people()] == ["Ada Exempel"], "the other copy sees the restore"
        app.create_person("Cy Exempel")
        assert app.audit_chain_problems() == []
    finally:
        app.store.close()
        other.store.close()


def test_backups_listing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from planner.backups import take_backup
    from planner.cli import main

    db = _new_db(tmp_path / "plans.db", "Ada Exempel")
    assert main(["backups", "--db", str(db)]) == 0
    assert "no backups" in capsys.readouterr().out
    first = take_backup(db, "daily", now=datetime.now(UTC) - timedelta(days=3))
    second = take_backup(db, "pre-migration")
    assert main(["backups", "--db", str(db), "--verify"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert str(second.path) in out[0] and "Before an upgrade" in out[0] and "verified" in out[0]
    assert str(first.path) in out[1] and "Daily backup" in out[1]
    first.path.write_text("broken")
    assert main(["backups", "--db", str(db), "--verify"]) == 1
    assert "damaged" in capsys.readouterr().out
