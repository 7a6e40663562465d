"""Integrity on open: a damaged, foreign, empty or too-new file gets a clear message that offers the newest good
backup, never a traceback, and the file is left byte for byte as it was (never replaced by an empty database)."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.errors import StorageError

pytestmark = pytest.mark.core

ROOT = Path(__file__).resolve().parent.parent


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_db(path: Path, *, people: int = 4, journal: str = "wal") -> Path:
    from planner.demo import fill_demo
    from planner.services import Services
    from planner.store import open_store

    store = open_store(path, auto_backup=False)
    fill_demo(Services(store, user="test.coach"), people=people)
    store.close()
    if journal != "wal":
        conn = sqlite3.connect(path)
        conn.execute(f"PRAGMA journal_mode={journal}")
        conn.close()
    return path


def _overwrite_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in range(4096, min(len(data), 4096 * 8)):
        data[i] = (i * 7) % 251
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3 // 4096 * 4096])


def _zero_length(path: Path) -> None:
    path.write_bytes(b"")


def _text_file(path: Path) -> None:
    path.write_text("Name;Goal\nNot a database;at all\n", encoding="utf-8")


def _bad_header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[0:6] = b"SQLitX"
    path.write_bytes(bytes(data))


def _bad_page_size(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[16:18] = b"\x00\x03"  # page size 3: not a power of two
    path.write_bytes(bytes(data))


DAMAGES: dict[str, Callable[[Path], None]] = {
    "pages overwritten": _overwrite_pages,
    "truncated": _truncate,
    "zero length": _zero_length,
    "text file": _text_file,
    "header damaged": _bad_header,
    "page size damaged": _bad_page_size,
}


@pytest.mark.parametrize("journal", ["wal", "delete"])
@pytest.mark.parametrize("damage", list(DAMAGES))
def test_damaged_file_is_refused_untouched_and_backup_offered(tmp_path: Path, damage: str, journal: str) -> None:
    from planner.backups import take_backup
    from planner.store import open_store

    db = make_db(tmp_path / "plans.db", journal=journal)
    good = take_backup(db, "daily")
    DAMAGES[damage](db)
    before = _digest(db)
    for create in (True, False):
        with pytest.raises(StorageError) as info:
            open_store(db, create=create)
        err = info.value
        assert err.kind == "damaged", (damage, err.kind, err.message)
        assert err.newest_backup == good.path
        assert str(good.path) in err.advice and "has not been changed" in err.advice
        assert _digest(db) == before, "the damaged file was changed"
    assert {p.name for p in tmp_path.iterdir()} <= {"plans.db", "backups", "plans.db-wal", "plans.db-shm"}


def test_offered_backup_is_the_newest_that_passes_integrity_check(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from planner.backups import take_backup
    from planner.store import open_store

    db = make_db(tmp_path / "plans.db")
    now = datetime.now(UTC)
    older = take_backup(db, "daily", now=now - timedelta(days=2))
    newer = take_backup(db, "daily", now=now - timedelta(days=1))
    _overwrite_pages(newer.path)  # the newest backup is damaged too
    _zero_length(db)
    with pytest.raises(StorageError) as info:
        open_store(db)
    assert info.value.newest_backup == older.path


def test_no_backup_says_so(tmp_path: Path) -> None:
    from planner.store import open_store

    db = make_db(tmp_path / "plans.db")
    _text_file(db)
    with pytest.raises(StorageError) as info:
        open_store(db)
    assert info.value.newest_backup is None
    assert "No good backup" in info.value.advice


def test_zero_length_file_is_never_turned_into_an_empty_database(tmp_path: Path) -> None:
    from planner.store import open_store

    db = tmp_path / "plans.db"
    db.write_bytes(b"")
    for _ in range(2):
        with pytest.raises(StorageError, match="empty"):
            open_store(db)
    assert db.stat().st_size == 0


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_newer_version_is_refused_and_untouched(tmp_path: Path, journal: str) -> None:
    from planner.store import open_store

    db = make_db(tmp_path / "plans.db", journal=journal)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num='9999_from_the_future'")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = _digest(db)
    with pytest.raises(StorageError) as info:
        open_store(db)
    assert info.value.kind == "too_new"
    assert "newer version" in info.value.message
    assert _digest(db) == before


def test_foreign_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    from planner.store import open_store

    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = _digest(db)
    with pytest.raises(StorageError, match="not a Stegvis database"):
        open_store(db)
    assert _digest(db) == before


@pytest.mark.parametrize("damage", ["pages overwritten", "zero length", "text file"])
def test_cli_gives_one_clear_line_and_no_traceback(tmp_path: Path, damage: str) -> None:
    from planner.backups import take_backup

    db = make_db(tmp_path / "plans.db")
    good = take_backup(db, "daily")
    DAMAGES[damage](db)
    before = _digest(db)
    for command in (["plans"], ["check"], ["audit"], ["demo"]):
        result = subprocess.run([sys.executable, "-m", "planner.cli", *command, "--db", str(db)], cwd=ROOT,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("stegvis: "), result.stderr
        assert str(good.path) in lines[0]
    assert _digest(db) == before
