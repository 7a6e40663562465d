"""Several writers: a stale save from a second process is refused (no lost update), a database locked beyond the
busy timeout gives a clear "locked" message and loses nothing, and a network share gets a rollback journal."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from planner.errors import StorageError

pytestmark = pytest.mark.core

ROOT = Path(__file__).resolve().parent.parent
WRITER = ROOT / "tests" / "safety_writer.py"


def _env() -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), STEGVIS_NO_AUTO_BACKUP="1")
    env.pop("STEGVIS_NO_WAL", None)
    return env


def _db_with_plan(path: Path, title: str = "0") -> tuple[Path, int, int]:
    from planner.services import Services
    from planner.store import open_store

    store = open_store(path, auto_backup=False)
    services = Services(store, user="test.coach")
    plan = services.create_plan(services.create_person("Ada Exempel").id, title=title)
    store.close()
    return path, plan.id, plan.version


def test_second_process_with_a_stale_version_is_refused(tmp_path: Path) -> None:
    from planner.services import Services
    from planner.store import open_store

    db, plan_id, version = _db_with_plan(tmp_path / "plans.db", "Första")
    # Both processes opened the plan at `version`; the first one saves, then the second one.
    first = subprocess.run([sys.executable, str(WRITER), "edit", str(db), str(plan_id), str(version), "Från A"],
                           env=_env(), capture_output=True, text=True, timeout=60)
    second = subprocess.run([sys.executable, str(WRITER), "edit", str(db), str(plan_id), str(version), "Från B"],
                            env=_env(), capture_output=True, text=True, timeout=60)
    assert first.stdout.startswith("saved"), first.stderr
    assert second.stdout.startswith("conflict"), second.stderr
    assert "Someone else saved this" in second.stdout and "nothing was overwritten" in second.stdout
    store = open_store(db, auto_backup=False)
    try:
        services = Services(store)
        plan = services.get_plan(plan_id)
        assert plan.title == "Från A" and plan.version == version + 1
        updates = [e for e in services.audit_trail() if (e.action, e.entity) == ("update", "plan")]
        assert len(updates) == 1, "the refused save wrote nothing, not even an audit event"
    finally:
        store.close()


def test_two_processes_incrementing_lose_no_update(tmp_path: Path) -> None:
    from planner.services import Services
    from planner.store import open_store

    db, plan_id, _version = _db_with_plan(tmp_path / "plans.db")
    count = 40
    procs = [subprocess.Popen([sys.executable, str(WRITER), "bump", str(db), str(plan_id), str(count)],
                              env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in procs]
    for p, (_out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
    store = open_store(db, auto_backup=False)
    try:
        services = Services(store)
        assert services.get_plan(plan_id).title == str(2 * count)
        assert services.audit_chain_problems() == []
    finally:
        store.close()
    print("conflicts met and retried:", [int(out) for out, _err in outputs])


@pytest.mark.parametrize("journal", ["wal", "rollback"])
def test_locked_beyond_the_busy_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, journal: str) -> None:
    import planner.store
    from planner.services import Services
    from planner.store import open_store

    if journal == "rollback":
        monkeypatch.setenv("STEGVIS_NO_WAL", "1")
    monkeypatch.setattr(planner.store, "BUSY_TIMEOUT_MS", 150)
    db, plan_id, version = _db_with_plan(tmp_path / "plans.db", "Före")
    store = open_store(db, auto_backup=False)
    services = Services(store, user="test.coach")
    blocker = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        blocker.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
        with pytest.raises(StorageError) as info:
            services.update_plan(plan_id, version, title="Efter")
        assert info.value.kind == "locked"
        assert "busy" in info.value.message and "try again" in info.value.advice
        assert "Nothing has been lost" in info.value.advice
        with pytest.raises(StorageError, match="busy"):
            services.create_person("Bo Exempel")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    try:
        assert services.get_plan(plan_id).title == "Före"
        services.update_plan(plan_id, version, title="Efter")  # the retry, with the same version, succeeds
        assert services.get_plan(plan_id).title == "Efter"
        assert services.audit_chain_problems() == []
    finally:
        store.close()


def test_open_while_locked_is_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import planner.store
    from planner.store import open_store

    monkeypatch.setenv("STEGVIS_NO_WAL", "1")
    monkeypatch.setattr(planner.store, "BUSY_TIMEOUT_MS", 150)
    db, _plan_id, _version = _db_with_plan(tmp_path / "plans.db")
    blocker = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        blocker.execute("BEGIN EXCLUSIVE")
        blocker.execute("INSERT INTO staff_user (login, display_name, active, created_at) "
                        "VALUES ('x', 'x', 1, '2026-01-01 00:00:00')")
        with pytest.raises(StorageError) as info:
            open_store(db, auto_backup=False)
        assert info.value.kind == "locked"
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    open_store(db, auto_backup=False).close()


# ------------------------------------------------------------------------------------------------ network shares


def test_network_share_gets_a_rollback_journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import planner.store
    from planner.services import Services
    from planner.store import open_store

    db = tmp_path / "plans.db"
    store = open_store(db, auto_backup=False)
    assert store.journal_mode == "wal"
    Services(store).create_person("Ada Exempel")
    store.close()

    monkeypatch.setattr(planner.store, "filesystem_type", lambda path: "cifs")
    store = open_store(db, auto_backup=False)  # an existing WAL database moved to a share
    try:
        assert store.journal_mode == "delete"
        Services(store).create_person("Bo Exempel")
        assert not Path(str(db) + "-wal").exists()
        assert [p.name for p in Services(store).find_people()] == ["Ada Exempel", "Bo Exempel"]
    finally:
        store.close()
    for kind in ("nfs", "nfs4", "smb3", "fuse.sshfs"):
        monkeypatch.setattr(planner.store, "filesystem_type", lambda path, kind=kind: kind)
        assert not planner.store.wal_is_safe(db)


def test_no_wal_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from planner.store import open_store

    monkeypatch.setenv("STEGVIS_NO_WAL", "1")
    store = open_store(tmp_path / "plans.db", auto_backup=False)
    try:
        assert store.journal_mode == "delete"
    finally:
        store.close()


def test_filesystem_type_reads_the_mount_table(tmp_path: Path) -> None:
    from planner.store import filesystem_type, wal_is_safe

    if not Path("/proc/mounts").exists():
        pytest.skip("no /proc/mounts on this system")
    assert filesystem_type(tmp_path) != ""
    assert wal_is_safe(tmp_path / "plans.db")
