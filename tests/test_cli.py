"""The ``stegvis`` command line through a real subprocess: exit codes 0/1/2, one-line errors on stderr and never
a traceback, JSON output, check/backup on a good and a damaged file, export and import. On SQLite and, where a
command makes sense there, PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

pytestmark = pytest.mark.core

UNICODE_NAME = "Ali & <Söderström> 🙂 عائشة"


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    env.pop("STEGVIS_DATABASE", None)
    return subprocess.run([sys.executable, "-m", "ui", *args], capture_output=True, text=True, timeout=timeout,
                          env=env, encoding="utf-8")


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("stegvis: ")
    return lines[0]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def demo_db(db_url: str) -> str:
    result = run("--lang", "en", "demo", "--db", db_url)
    assert result.returncode == 0, result.stderr
    assert "Added 14 demo people" in result.stdout
    return db_url


# ------------------------------------------------------------------------------------------------ plans


def test_demo_then_plans_json(demo_db: str) -> None:
    result = run("plans", "--db", demo_db, "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 14
    for row in rows:
        assert {"plan_id", "person_id", "person", "stage", "status", "next_follow_up"} <= set(row)
        assert isinstance(row["plan_id"], int) and isinstance(row["person_id"], int) and row["person"]
        assert row["next_follow_up"] is None or date.fromisoformat(row["next_follow_up"])
    assert {r["stage"] for r in rows} == {"daily_activity", "work_oriented", "internship", "supported_employment",
                                          "regular_employment", "studies", "continued_support"}
    assert {r["status"] for r in rows} <= {"draft", "active", "closed"}
    today = date.today()
    upcoming = [date.fromisoformat(r["next_follow_up"]) for r in rows if r["next_follow_up"]]
    assert any(d < today for d in upcoming) and any(d >= today for d in upcoming)  # overdue and upcoming


def test_plans_as_text_and_filters(demo_db: str) -> None:
    text = run("--lang", "en", "plans", "--db", demo_db)
    assert text.returncode == 0 and len(text.stdout.strip().splitlines()) == 14
    everything = json.loads(run("plans", "--db", demo_db, "--json").stdout)
    due = json.loads(run("plans", "--db", demo_db, "--json", "--due-within", "7").stdout)
    limit = date.today().toordinal() + 7
    expected = [r["plan_id"] for r in everything
                if r["next_follow_up"] and date.fromisoformat(r["next_follow_up"]).toordinal() <= limit]
    assert [r["plan_id"] for r in due] == expected and 0 < len(due) < 14
    studies = json.loads(run("plans", "--db", demo_db, "--json", "--stage", "studies").stdout)
    assert [r["stage"] for r in studies] == ["studies"]
    drafts = json.loads(run("plans", "--db", demo_db, "--json", "--status", "closed").stdout)
    assert all(r["status"] == "closed" for r in drafts)


def test_global_options_before_the_command(demo_db: str) -> None:
    """``stegvis --lang en --user x plans`` is the plans command, not the GUI."""
    result = run("--lang", "en", "--user", "lena.berg", "plans", "--db", demo_db, "--json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 14


# ------------------------------------------------------------------------------------------------ exit codes


@pytest.mark.parametrize("args", [
    ("plans", "--bogus"),
    ("plans", "--due-within", "soon"),
    ("plans", "--stage", "retired"),
    ("plans", "--status", "open"),
    ("export",),
    ("export", "abc", "-o", "x.json"),
    ("backup",),
    ("demo", "--people", "many"),
])
def test_usage_errors_exit_2(args: tuple[str, ...], tmp_path: Path) -> None:
    result = run(*args)
    assert result.returncode == 2, result.stderr
    assert "usage error" in one_line_error(result)


def test_no_database_exits_1(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    for args in (("plans", "--db", str(missing)), ("check", "--db", str(missing)),
                 ("export", "1", "--db", str(missing), "-o", str(tmp_path / "x.json")),
                 ("backup", "--db", str(missing), "-o", str(tmp_path / "b.db"))):
        result = run("--lang", "en", *args)
        assert result.returncode == 1, (args, result.stderr)
        assert "There is no database" in one_line_error(result)
        assert not missing.exists()


def test_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    result = run("--lang", "en", "demo", "--db", str(tmp_path / "nowhere" / "x.db"))
    assert result.returncode == 1
    assert "does not exist" in one_line_error(result)


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("hello, this is not SQLite", encoding="utf-8")
    before = sha256(path)
    for command in ("plans", "check"):
        result = run("--lang", "en", command, "--db", str(path))
        assert result.returncode == 1
        assert "not a Stegvis database" in one_line_error(result)
    assert sha256(path) == before


def test_messages_follow_the_language(tmp_path: Path) -> None:
    english = run("--lang", "en", "plans", "--db", str(tmp_path / "missing.db"))
    swedish = run("--lang", "sv", "plans", "--db", str(tmp_path / "missing.db"))
    assert english.returncode == swedish.returncode == 1
    one_line_error(english), one_line_error(swedish)


def test_version_and_help() -> None:
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("stegvis ")
    helped = run("--lang", "en", "--help")
    assert helped.returncode == 0
    for command in ("demo", "plans", "check", "backup", "export", "import"):
        assert command in helped.stdout


# ------------------------------------------------------------------------------------------------ check and backup


def test_check_a_sound_database(demo_db: str) -> None:
    result = run("--lang", "en", "check", "--db", demo_db)
    assert result.returncode == 0, result.stderr
    assert "sound" in result.stdout


def _damaged_copy(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    data = bytearray(target.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 4096] = bytes((b ^ 0x5A) for b in data[middle:middle + 4096])
    target.write_bytes(bytes(data))
    return target


def test_check_a_damaged_copy_fails_without_changing_it(tmp_path: Path) -> None:
    good = tmp_path / "good.db"
    assert run("demo", "--db", str(good), "--people", "60").returncode == 0
    damaged = _damaged_copy(good, tmp_path / "damaged.db")
    before, folder_before = sha256(damaged), sorted(p.name for p in tmp_path.iterdir())
    result = run("--lang", "en", "check", "--db", str(damaged))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "damaged" in result.stderr.lower() or "integrity" in result.stderr.lower()
    assert sha256(damaged) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == folder_before  # no journal, backup or -wal left
    assert run("check", "--db", str(good)).returncode == 0


def test_backup_then_check_the_backup_unchanged(demo_db: str, tmp_path: Path) -> None:
    out = tmp_path / "copy.db"
    result = run("--lang", "en", "backup", "--db", demo_db, "-o", str(out))
    if "://" in demo_db:
        assert result.returncode == 1
        assert "administrator" in one_line_error(result)
        return
    assert result.returncode == 0, result.stderr
    assert out.is_file() and (out.stat().st_mode & 0o777) == 0o600
    before = sha256(out)
    checked = run("check", "--db", str(out))
    assert checked.returncode == 0, checked.stderr
    assert sha256(out) == before  # checking a backup leaves it byte for byte as it was
    original = json.loads(run("plans", "--db", demo_db, "--json").stdout)
    copied = json.loads(run("plans", "--db", str(out), "--json").stdout)
    assert copied == original


def test_backup_into_a_missing_folder(demo_db: str, tmp_path: Path) -> None:
    if "://" in demo_db:
        pytest.skip("backups of a server database are made by its administrator")
    result = run("--lang", "en", "backup", "--db", demo_db, "-o", str(tmp_path / "no" / "copy.db"))
    assert result.returncode == 1
    assert "does not exist" in one_line_error(result)


# ------------------------------------------------------------------------------------------------ export and import


def test_export_and_import_through_files(db_url: str, tmp_path: Path) -> None:
    from planner.services import Services
    from planner.store import open_store

    store = open_store(db_url)
    services = Services(store, user="t")
    person = services.create_person(UNICODE_NAME, personal_number="19900101-0017")
    services.add_goal(services.create_plan(person.id, period_start=date(2026, 1, 5)).id, "Jobba på lagret")
    store.close()

    out = tmp_path / "ali.json"
    result = run("--lang", "en", "export", str(person.id), "--db", db_url, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert (out.stat().st_mode & 0o777) == 0o600
    raw = out.read_text(encoding="utf-8")
    assert UNICODE_NAME in raw  # readable UTF-8, not \u escapes
    document = json.loads(raw)

    other = tmp_path / "office.db"
    result = run("--lang", "en", "import", str(out), "--db", str(other))
    assert result.returncode == 0, result.stderr
    again = tmp_path / "again.json"
    new_id = result.stdout.strip().rstrip(".").split()[-1]
    assert run("export", new_id, "--db", str(other), "-o", str(again)).returncode == 0
    assert json.loads(again.read_text(encoding="utf-8")) == document
    assert again.read_text(encoding="utf-8") == raw

    twice = run("--lang", "en", "import", str(out), "--db", str(other))
    assert twice.returncode == 1
    assert "already saved" in one_line_error(twice)


def test_export_of_a_missing_person(demo_db: str, tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    result = run("--lang", "en", "export", "99999", "--db", demo_db, "-o", str(out))
    assert result.returncode == 1
    assert "could not be found" in one_line_error(result)
    assert not out.exists()


def test_import_of_bad_files_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "office.db"
    assert run("demo", "--db", str(db), "--people", "3").returncode == 0
    assert run("export", "1", "--db", str(db), "-o", str(tmp_path / "one.json")).returncode == 0
    document = json.loads((tmp_path / "one.json").read_text(encoding="utf-8"))
    document["person"]["personal_number"] = None
    document["plans"][0]["goals"][0]["own_words"] = ""
    cases = {
        "bad.json": (json.dumps(document), "plans[0].goals[0].own_words"),
        "broken.json": ('{"format": "stegvis-person", ', "not valid JSON"),
        "latin1.json": (None, "not UTF-8"),
        "list.json": ("[1, 2, 3]", "not a Stegvis person file"),
    }
    before = json.loads(run("plans", "--db", str(db), "--json").stdout)
    for name, (content, words) in cases.items():
        path = tmp_path / name
        if content is None:
            path.write_bytes('{"name": "Åsa"}'.encode("latin-1"))
        else:
            path.write_text(content, encoding="utf-8")
        result = run("--lang", "en", "import", str(path), "--db", str(db))
        assert result.returncode == 1, name
        line = one_line_error(result)
        assert words in line, line
        assert line.count(words) == 1  # the field is named once, not twice
    missing = run("--lang", "en", "import", str(tmp_path / "nothing.json"), "--db", str(db))
    assert missing.returncode == 1 and "nothing.json" in one_line_error(missing)
    assert json.loads(run("plans", "--db", str(db), "--json").stdout) == before
    assert run("check", "--db", str(db)).returncode == 0


# ------------------------------------------------------------------------------------------------ size


@pytest.mark.slow
def test_demo_with_ten_thousand_people(db_url: str) -> None:
    """It runs and fills everything; its time is printed here and measured by the benchmarks (bench/), not
    asserted: a timed test fails on a busy machine."""
    started = time.perf_counter()
    result = run("demo", "--db", db_url, "--people", "10000", timeout=300)
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    print(f"\nstegvis demo --people 10000 on {db_url.split(':')[0] if '://' in db_url else 'sqlite'}: "
          f"{seconds:.1f} s")
    rows = json.loads(run("plans", "--db", db_url, "--json", timeout=300).stdout)
    assert len(rows) == 10000


def test_stage_choices_match_the_model() -> None:
    from planner.cli import STAGE_VALUES
    from planner.model import Stage

    assert [s.value for s in Stage] == STAGE_VALUES


def test_check_on_a_read_only_medium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """A backup on a write-protected stick can be checked (in-process: as root every file is writable)."""
    from planner import cli
    from planner.store import open_store

    good = tmp_path / "stick.db"
    assert run("demo", "--db", str(good), "--people", "3").returncode == 0
    assert run("backup", "--db", str(good), "-o", str(tmp_path / "copy.db")).returncode == 0
    copy = tmp_path / "copy.db"
    before = sha256(copy)
    real_access = os.access
    protected = {copy, copy.parent}

    def access(path, mode, **kwargs):  # type: ignore[no-untyped-def]
        if mode & os.W_OK and Path(path) in protected:
            return False
        return real_access(path, mode, **kwargs)

    monkeypatch.setattr(os, "access", access)
    assert cli.main(["--lang", "en", "check", "--db", str(copy)]) == 0
    assert "sound" in capsys.readouterr().out
    store = open_store(copy, read_only=True)
    try:
        assert "mode=ro" in str(store.engine.url)
        with pytest.raises(Exception, match="readonly|read-only|query_only|attempt to write"), \
                store.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM person")
    finally:
        store.close()
    assert sha256(copy) == before
