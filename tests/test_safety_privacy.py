"""Privacy: a scripted session with canary values, logging at DEBUG (SQL statement logging switched on as well),
leaves no name, identity number or plan text in any log file or in the audit trail. Files are owner-only."""

from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from safety_session import Canary, run_session

from planner.logging_setup import PrivacyFilter, Safe, safe_traceback, scrub, setup_logging

pytestmark = pytest.mark.core

ROOT = Path(__file__).resolve().parent.parent


def _values(c: Canary) -> list[str]:
    number = c.number.replace("-", "")
    return [c.name, c.preferred, "Zebulon", "Kanarie", c.number, number, number[2:8] + "-" + number[8:], c.goal,
            "Kanariemål", c.word, c.phone, "0705551234", c.email, "zebulon.kanarie"]


@pytest.fixture
def debug_logging(tmp_path: Path) -> Iterator[Path]:
    root = logging.getLogger()
    level = root.level
    log_file = setup_logging(logging.DEBUG, directory=tmp_path / "logs")
    assert log_file is not None
    # The worst case: someone switches on SQLAlchemy's statement logging, which logs the parameters of every row.
    logging.getLogger("sqlalchemy.engine").setLevel(logging.DEBUG)
    yield log_file
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    for handler in [h for h in root.handlers if getattr(h, "_stegvis", False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "planner.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.slow
def test_canary_session_leaves_no_personal_data_in_logs_or_audit(tmp_path: Path, debug_logging: Path) -> None:
    from planner.documents import render_plan_pdf
    from planner.exchange import export_person
    from planner.safety import audit_rows
    from planner.services import Services
    from planner.store import open_store

    canary = Canary()
    db = tmp_path / "plans.db"
    store = open_store(db)
    services = Services(store, user="canary.test")
    session = run_session(services, canary)  # creates, edits, opens, removes, and tries bad input
    render_plan_pdf(services, session.plan_id, "full", "sv")
    render_plan_pdf(services, session.plan_id, "easy_read", "sv")
    export_person(services, session.person_id)
    log = logging.getLogger("planner.test")
    try:  # an unexpected error whose message and chain hold the data being saved
        services.create_person(canary.name, personal_number=canary.number)
    except Exception:
        log.exception("saving failed")
    try:
        raise RuntimeError(f"boom {canary.name} {canary.number}")
    except RuntimeError:
        log.error("unexpected error", exc_info=True)
    log.info("person %s with number %s and goal %r", canary.name, canary.number, canary.goal)  # a careless call
    log.debug(f"careless f-string {canary.number} {canary.email} {canary.phone}")  # noqa: G004
    log.warning({"name": canary.name})
    store.close()

    # The command line, with its own logging at DEBUG, ordinary use and mistakes.
    env = dict(os.environ, STEGVIS_LOG_LEVEL="DEBUG", STEGVIS_DATA_DIR=str(tmp_path / "data"),
               PYTHONPATH=str(ROOT))
    bad = tmp_path / f"{canary.word}.json"
    bad.write_text(json.dumps({"format": "stegvis-person", "version": 1, "person": {"name": canary.name,
                                                                                    "personal_number": "1"}}))
    runs = [
        ["plans", "--db", str(db), "--search", canary.name],
        ["audit", "--db", str(db), "--person", str(session.person_id)],
        ["export", str(session.person_id), "--db", str(db), "-o", str(tmp_path / "export.json")],
        ["print", str(session.plan_id), "--db", str(db), "--full", "-o", str(tmp_path / "plan.pdf")],
        ["gdpr-export", str(session.person_id), "--db", str(db), "-o", str(tmp_path)],
        ["import", str(bad), "--db", str(db)],
        ["plans", "--db", str(tmp_path / canary.name / "x.db")],
        ["erase", str(session.person_id), "--db", str(db)],
        ["export", "999", "--db", str(db), "-o", str(tmp_path / "none.json")],
    ]
    for args in runs:
        _cli(args, env)
    assert _cli(["erase", str(session.person_id), "--db", str(db), "--yes"], env).returncode == 0

    logs = sorted((tmp_path / "logs").glob("stegvis.log*")) + sorted((tmp_path / "data" / "logs").glob("*"))
    text = "\n".join(p.read_text(encoding="utf-8") for p in logs)
    assert len(logs) >= 2 and "INSERT INTO person" in text, "the test must see SQL logging and the CLI's log"
    assert "unhandled" not in text and "Traceback" in text and "RuntimeError" in text
    for value in _values(canary):
        assert value not in text, f"{value!r} found in a log"

    store = open_store(db, auto_backup=False)
    try:
        rows = json.dumps([r.as_json() for r in audit_rows(Services(store))], ensure_ascii=False)
    finally:
        store.close()
    assert '"erase"' in rows
    for value in _values(canary):
        if value not in (canary.word, "Kanarie"):  # the session named an actor after the canary word
            assert value not in rows, f"{value!r} found in the audit trail"


# ------------------------------------------------------------------------------------------------ the filter itself


def _record(msg: object, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord("x", logging.INFO, __file__, 1, msg, args or None, exc_info)  # type: ignore[arg-type]


def _filtered(record: logging.LogRecord) -> str:
    PrivacyFilter().filter(record)
    return logging.Formatter("%(message)s").format(record)


def test_filter_lets_ids_and_event_names_through() -> None:
    assert _filtered(_record("plan opened (id=%d, journal=%s)", 42, "wal")) == "plan opened (id=42, journal=wal)"
    assert _filtered(_record("backup taken (%s)", "pre-migration")) == "backup taken (pre-migration)"
    assert _filtered(_record("failed (%s)", "OperationalError")) == "failed (OperationalError)"
    assert _filtered(_record("file %s", Safe("stegvis.log"))) == "file stegvis.log"
    assert _filtered(_record("%(n)d plans", {"n": 3})) == "3 plans"


def test_filter_redacts_everything_else() -> None:
    out = _filtered(_record("saved %s / %r / %s / %s", "Anna Svensson", ("Anna",), Path("/home/anna/x.db"),
                            "jobba på café"))
    assert out == "saved <…> / <…> / <…> / <…>"
    assert "19811218" not in _filtered(_record("number 19811218-9876 and 811218-9876 and 198112189876"))
    assert "@" not in _filtered(_record("mail anna.svensson@example.org"))
    assert "555" not in _filtered(_record("phone +46 70 555 12 34"))
    assert _filtered(_record({"name": "Anna"})) == "<…>"
    assert _filtered(_record("bad %d format", "Anna")).startswith("<…>")


def test_exceptions_keep_their_frames_but_not_their_messages() -> None:
    try:
        try:
            raise ValueError("Anna Svensson 19811218-9876")
        except ValueError as inner:
            raise KeyError("Anna") from inner
    except KeyError as exc:
        text = _filtered(_record("failed", exc=exc))
        trace = safe_traceback(type(exc), exc, exc.__traceback__)
    assert "Anna" not in text and "19811218" not in text
    assert "builtins.KeyError" in text and "builtins.ValueError" in text and "test_safety_privacy.py" in text
    assert "Anna" not in trace
    assert scrub("id 12") == "id 12"


def test_crash_handler_logs_through_the_filter(tmp_path: Path) -> None:
    code = ("import sys; sys.path.insert(0, '.');"
            "from planner.logging_setup import setup_logging, install_crash_handler;"
            f"setup_logging(directory=__import__('pathlib').Path({str(tmp_path)!r})); install_crash_handler();"
            "raise RuntimeError('Anna Svensson 19811218-9876')")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    log = (tmp_path / "stegvis.log").read_text(encoding="utf-8")
    assert "unhandled exception" in log and "RuntimeError" in log
    assert "Anna" not in log + result.stderr and "19811218" not in log + result.stderr


# ------------------------------------------------------------------------------------------------ permissions


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_wal_backups_logs_and_exports_are_owner_only(tmp_path: Path) -> None:
    from planner.backups import backup_folder, take_backup
    from planner.services import Services
    from planner.store import open_store

    old = os.umask(0)  # the most permissive umask: permissions must not depend on it
    try:
        db = tmp_path / "plans.db"
        store = open_store(db)
        services = Services(store, user="t")
        person = services.create_person("Ada Exempel")
        wal, shm = Path(str(db) + "-wal"), Path(str(db) + "-shm")
        assert store.journal_mode == "wal" and wal.exists() and shm.exists()
        assert {p.name: _mode(p) for p in (db, wal, shm)} == {"plans.db": 0o600, "plans.db-wal": 0o600,
                                                               "plans.db-shm": 0o600}
        backup = take_backup(db, "daily")
        assert _mode(backup.path) == 0o600 and _mode(backup_folder(db)) == 0o700
        store.close()
        open_store(db, auto_backup=False).close()

        log_file = setup_logging(directory=tmp_path / "logs")
        assert log_file is not None
        handler = next(h for h in logging.getLogger().handlers if getattr(h, "_stegvis", False)
                       and hasattr(h, "doRollover"))
        logging.getLogger("planner.test").warning("a line (id=%d)", person.id)
        handler.doRollover()
        logging.getLogger("planner.test").warning("another line")
        assert _mode(tmp_path / "logs") == 0o700
        assert [_mode(p) for p in sorted((tmp_path / "logs").iterdir())] == [0o600, 0o600]
    finally:
        os.umask(old)
        root = logging.getLogger()
        for h in [h for h in root.handlers if getattr(h, "_stegvis", False)]:
            root.removeHandler(h)
            h.close()
