"""Automatic backups beside the database, their rotation, verification, and restore.

Why: a plan lost to a damaged disk or a mistaken edit harms a real person. Copies are taken with SQLite's online
backup API (consistent even while someone else is saving), checked with ``PRAGMA integrity_check`` before they are
given their final name, readable by the owner only (0600), and kept for 14 days plus 8 weeks. A restore first
copies the current file aside, so it can always be undone; erasures made after the backup are applied again so a
restore never brings back a person who was erased.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import StorageError
from planner.i18n import N_, _

if TYPE_CHECKING:
    from planner.store import Store

log = logging.getLogger(__name__)

BACKUP_DIR_NAME = "backups"
KEEP_DAILY = 14
KEEP_WEEKLY = 8
KEEP_OTHER = 8  # copies taken before a migration or a restore, of each kind
SQLITE_MAGIC = b"SQLite format 3\x00"
_STAMP = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{6}Z)-(?P<reason>[a-z][a-z-]*)\.db$")
_SIDECARS = ("-wal", "-shm", "-journal")

REASON_LABELS: dict[str, str] = {
    "daily": N_("Daily backup"),
    "pre-migration": N_("Before an upgrade"),
    "pre-restore": N_("Before a restore"),
    "damaged": N_("Copy of a damaged file"),
    "manual": N_("Made by hand"),
}


@dataclass(frozen=True)
class BackupInfo:
    """One backup file beside a database."""

    path: Path
    taken_at: datetime  # UTC, from the file name
    reason: str
    size: int

    @property
    def label(self) -> str:
        text = REASON_LABELS.get(self.reason)
        return _(text) if text else self.reason


@dataclass
class RestoreResult:
    restored_from: Path
    safety_copy: Path | None = None  # the database as it was just before the restore
    damaged_copy: bool = False  # the current file could not be read, so it was copied byte for byte
    erasures_reapplied: list[int] = field(default_factory=list)


# ------------------------------------------------------------------------------------------------ listing


def backup_folder(db: Path) -> Path:
    return Path(db).parent / BACKUP_DIR_NAME


def list_backups(db: Path) -> list[BackupInfo]:
    """The backups of ``db`` in its backups folder, newest first. Unreadable folders give an empty list."""
    db = Path(db)
    folder = backup_folder(db)
    found: list[BackupInfo] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        m = _NAME.match(entry.name)
        if not m or m["stem"] != db.stem:
            continue
        try:
            taken = datetime.strptime(m["stamp"], _STAMP).replace(tzinfo=UTC)
            size = entry.stat().st_size
        except (ValueError, OSError):
            continue
        found.append(BackupInfo(Path(entry.path), taken, m["reason"], size))
    found.sort(key=lambda b: (b.taken_at, b.path.name), reverse=True)
    return found


# ------------------------------------------------------------------------------------------------ copying and checks


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _owner_only_file(path: Path) -> None:
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
    os.chmod(path, 0o600)


def _sqlite_error(exc: sqlite3.Error) -> StorageError:
    from planner.store import storage_error_from

    error = storage_error_from(exc)
    if error.kind == "other":
        return StorageError(_("The file is not a Stegvis database, or it is damaged."),
                            _("Choose another backup. Nothing has been changed."), kind="damaged")
    return error


def file_problems(path: Path) -> list[str]:
    """Why ``path`` is not a sound Stegvis database this version can open, in words (empty when sound).

    Opened read-only: checking a backup never changes it.
    """
    from planner.store import known_revisions

    path = Path(path)
    try:
        with open(path, "rb") as fh:
            header = fh.read(len(SQLITE_MAGIC))
    except OSError:
        return [_("The file cannot be read.")]
    if header != SQLITE_MAGIC:
        return [_("The file is not a Stegvis database, or it is damaged.")]
    try:
        conn = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        return [_("The file cannot be read.")]
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            return [_("Integrity: {detail}").format(detail=r) for r in rows[:5]]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables or "person" not in tables:
            return [_("The file is a database, but not a Stegvis database.")]
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if row is None or row[0] not in known_revisions():
            return [_("This database was made by a newer version of Stegvis.")]
    except sqlite3.Error:
        return [_("The file is not a Stegvis database, or it is damaged.")]
    finally:
        conn.close()
    return []


def copy_database(source: Path, destination: Path) -> Path:
    """Copy ``source`` to ``destination`` with the online backup API: consistent while others use the source,
    verified with integrity_check before it gets its name, owner-only, rollback-journal mode (one file)."""
    from planner.store import BUSY_TIMEOUT_MS

    destination = Path(destination)
    if not destination.parent.is_dir():
        raise StorageError(_("The folder for the database does not exist: {folder}").format(
            folder=destination.parent), kind="missing")
    tmp = destination.with_name(destination.name + ".part")
    try:
        _owner_only_file(tmp)
        src = sqlite3.connect(str(source), timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            dst = sqlite3.connect(str(tmp))
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
                rows = [r[0] for r in dst.execute("PRAGMA integrity_check")]
            finally:
                dst.close()
        finally:
            src.close()
        if rows != ["ok"]:
            raise StorageError(_("The backup could not be verified."),
                               _("The database itself may be damaged. Nothing has been changed."), kind="damaged")
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, destination)
        _fsync_dir(destination.parent)
    except sqlite3.Error as exc:
        raise _sqlite_error(exc) from exc
    except OSError as exc:
        from planner.store import storage_error_from

        raise storage_error_from(exc) from exc
    finally:
        for leftover in (tmp, Path(str(tmp) + "-journal")):
            try:
                leftover.unlink()
            except FileNotFoundError:
                pass
            except OSError:
                log.warning("could not remove a temporary backup file")
    return destination


def take_backup(db: Path, reason: str, *, now: datetime | None = None) -> BackupInfo:
    """A verified backup of ``db`` in its backups folder (created 0700)."""
    db = Path(db)
    folder = backup_folder(db)
    try:
        folder.mkdir(exist_ok=True, mode=0o700)
    except OSError as exc:
        from planner.store import storage_error_from

        raise storage_error_from(exc) from exc
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    target = folder / f"{db.stem}-{moment.strftime(_STAMP)}-{reason}.db"
    copy_database(db, target)
    log.info("backup taken (%s)", reason)
    return BackupInfo(target, moment, reason, target.stat().st_size)


# ------------------------------------------------------------------------------------------------ daily backups


def daily_backup_due(db: Path, *, now: datetime | None = None) -> bool:
    """True when no daily backup was taken today (UTC) and the file changed since the newest backup."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    backups = [b for b in list_backups(db) if b.reason != "damaged"]
    if any(b.reason == "daily" and b.taken_at.date() == now.date() for b in backups):
        return False
    if backups:
        changed = 0.0
        for suffix in ("", "-wal"):
            with contextlib.suppress(OSError):
                changed = max(changed, os.stat(str(db) + suffix).st_mtime)
        if changed and changed < backups[0].taken_at.timestamp():
            return False  # nothing new since the newest copy
    return True


def rotate(db: Path, *, now: datetime | None = None, keep_daily: int = KEEP_DAILY, keep_weekly: int = KEEP_WEEKLY,
           keep_other: int = KEEP_OTHER) -> list[Path]:
    """Delete old automatic backups: keep the newest per day for ``keep_daily`` days that have one, the newest per
    ISO week for ``keep_weekly`` weeks, and ``keep_other`` of each other kind. Copies of damaged files are never
    deleted. Returns what was removed."""
    backups = list_backups(db)
    keep: set[Path] = set()
    days: set[object] = set()
    weeks: set[object] = set()
    others: dict[str, int] = {}
    for b in backups:  # newest first
        if b.reason == "daily":
            day = b.taken_at.date()
            week = day.isocalendar()[:2]
            if day not in days and len(days) < keep_daily:
                days.add(day)
                keep.add(b.path)
            if week not in weeks and len(weeks) < keep_weekly:
                weeks.add(week)
                keep.add(b.path)
        elif b.reason in ("damaged", "manual"):
            keep.add(b.path)
        else:
            others[b.reason] = others.get(b.reason, 0) + 1
            if others[b.reason] <= keep_other:
                keep.add(b.path)
    removed: list[Path] = []
    for b in backups:
        if b.path not in keep:
            try:
                b.path.unlink()
                removed.append(b.path)
            except OSError:
                log.warning("could not remove an old backup")
    _remove_stale_parts(db, now)
    return removed


def _remove_stale_parts(db: Path, now: datetime | None) -> None:
    """Half-written copies left by a process that was killed while backing up."""
    limit = (now or datetime.now(UTC)).timestamp() - 3600
    for part in backup_folder(db).glob(f"{db.stem}-*.part"):
        try:
            if part.stat().st_mtime < limit:
                part.unlink()
        except OSError:
            pass


def daily_backup_on_open(store: Store, *, now: datetime | None = None) -> Path | None:
    """Called by ``open_store``: a daily backup and rotation. A failure never stops the opening; it is kept in
    ``store.backup_warning`` for the app to show."""
    assert store.path is not None
    try:
        if not daily_backup_due(store.path, now=now):
            return None
        info = take_backup(store.path, "daily", now=now)
        rotate(store.path, now=now)
        return info.path
    except StorageError as exc:
        store.backup_warning = _backup_warning(exc.kind)
        log.warning("automatic backup failed (%s)", exc.kind)
    except (OSError, sqlite3.Error) as exc:
        from planner.store import storage_error_from

        store.backup_warning = _backup_warning(storage_error_from(exc).kind)
        log.warning("automatic backup failed (%s)", type(exc).__name__)
    return None


def _backup_warning(kind: str) -> str:
    reason = {"full": _("the disk is full"), "readonly": _("the backups folder is read-only"),
              "missing": _("the backups folder cannot be made")}.get(kind, _("the copy could not be written"))
    return _("The automatic backup could not be made: {reason}. Your plans are not affected; Stegvis tries again "
             "next time.").format(reason=reason)


# ------------------------------------------------------------------------------------------------ audit anchor


def audit_anchor_problems(store: Store) -> list[str]:
    """Compare the audit trail with the newest backup taken since the last restore.

    The hash chain alone shows an edited, inserted or removed row, but not the newest rows cut off at the end, nor
    a trail rewritten from some row on with freshly computed hashes. The app never removes audit rows, so the
    newest backup's last audit row must still be in the database with the same hash.
    """
    from sqlalchemy import func, select

    from planner.model import AuditEvent

    if store.path is None:
        return []
    with store.reading() as session:
        restored = session.scalar(select(func.max(AuditEvent.at)).where(AuditEvent.action == "restore"))
    for b in list_backups(store.path):
        if b.reason in ("pre-restore", "damaged") or (restored is not None and b.taken_at <= restored):
            continue
        try:
            conn = sqlite3.connect(b.path.absolute().as_uri() + "?mode=ro", uri=True)
            try:
                last = conn.execute("SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1").fetchone()
            finally:
                conn.close()
        except sqlite3.Error:
            continue  # an unreadable backup is no anchor; try the next one
        if last is None:
            return []
        with store.reading() as session:
            current = session.scalar(select(AuditEvent.hash).where(AuditEvent.id == last[0]))
        if current != last[1]:
            from planner.i18n import format_datetime

            return [_("Audit trail: row {id}, which the backup of {when} holds, is missing or has been changed.")
                    .format(id=last[0], when=format_datetime(b.taken_at))]
        return []
    return []


# ------------------------------------------------------------------------------------------------ damaged files


def newest_good_backup(db: Path) -> BackupInfo | None:
    """The newest backup that passes integrity_check (never a copy of a damaged file). Never raises."""
    try:
        for b in list_backups(db):
            if b.reason != "damaged" and not file_problems(b.path):
                return b
    except Exception:  # noqa: BLE001 - offering a backup must never hide the original error
        log.warning("could not look for backups")
    return None


def offer_newest_backup(exc: StorageError, db: Path) -> None:
    """Add the newest good backup to the message about a damaged file."""
    from planner.i18n import format_datetime

    good = newest_good_backup(db)
    exc.newest_backup = good.path if good else None
    if good is not None:
        exc.advice = _("Restore the newest good backup, from {when}: {path}. The damaged file has not been "
                       "changed.").format(when=format_datetime(good.taken_at), path=good.path)
    else:
        exc.advice = _("No good backup was found beside the database. The damaged file has not been changed. "
                       "Ask IT for help.")


# ------------------------------------------------------------------------------------------------ restore


def _readable_database(db: Path) -> bool:
    try:
        with open(db, "rb") as fh:
            if fh.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
                return False
        conn = sqlite3.connect(str(db))
        try:
            return [r[0] for r in conn.execute("PRAGMA quick_check")] == ["ok"]
        finally:
            conn.close()
    except (OSError, sqlite3.Error):
        return False


def _raw_copy(db: Path, target: Path) -> None:
    """Byte-for-byte copy of a file SQLite cannot read, with its journal files, owner-only."""
    for suffix in ("", *_SIDECARS):
        src = Path(str(db) + suffix)
        if src.exists():
            dst = Path(str(target) + suffix)
            _owner_only_file(dst)
            with open(src, "rb") as fin, open(dst, "wb") as fout:
                shutil.copyfileobj(fin, fout)
                fout.flush()
                os.fsync(fout.fileno())
    _fsync_dir(target.parent)


def _erased_since(db: Path) -> list[int]:
    """Person ids erased or disposed of in ``db`` (read from its audit trail), to apply again after a restore."""
    try:
        conn = sqlite3.connect(db.absolute().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        return []
    try:
        rows = conn.execute("SELECT DISTINCT entity_id FROM audit_event WHERE entity='person' "
                            "AND action IN ('erase', 'dispose') AND entity_id IS NOT NULL").fetchall()
        return [int(r[0]) for r in rows]
    except sqlite3.Error:
        return []
    finally:
        conn.close()


def restore(db: Path, source: Path, *, user: str | None = None, store: Store | None = None) -> RestoreResult:
    """Replace the database at ``db`` with the backup ``source``.

    The backup is verified first; then the current file is copied aside (a verified backup, or a byte copy when
    it is damaged); then the content is replaced in one transaction through the backup API (other programs that
    have the file open see the change), or, when the current file is not a readable database, by an atomic
    rename. The schema is upgraded, people erased since the backup are erased again, and the restore is audited.
    ``store`` is the caller's open store of ``db`` (the app): its connections are closed first and it stays usable.
    """
    from planner.store import BUSY_TIMEOUT_MS, open_store, upgrade

    db, source = Path(db).absolute(), Path(source).absolute()
    if not source.is_file():
        raise StorageError(_("There is no backup file at {path}.").format(path=source), kind="missing")
    if source == db:
        raise StorageError(_("Choose a backup file, not the database itself."), kind="other")
    problems = file_problems(source)
    if problems:
        raise StorageError(_("The backup cannot be restored: {reason}").format(reason=problems[0]),
                           _("Choose another backup. Nothing has been changed."), kind="damaged")
    if not db.parent.is_dir():
        raise StorageError(_("The folder for the database does not exist: {folder}").format(folder=db.parent),
                           kind="missing")
    if store is not None:
        store.engine.dispose()
    result = RestoreResult(restored_from=source)
    erased: list[int] = []
    exists = db.exists() and db.stat().st_size > 0
    readable = exists and _readable_database(db)
    if readable:
        erased = _erased_since(db)
        result.safety_copy = take_backup(db, "pre-restore").path
    elif db.exists():
        folder = backup_folder(db)
        folder.mkdir(exist_ok=True, mode=0o700)
        stamp = datetime.now(UTC).strftime(_STAMP)
        target = folder / f"{db.stem}-{stamp}-damaged.db"
        _raw_copy(db, target)
        result.safety_copy, result.damaged_copy = target, True

    # A private, verified copy of the backup next to the database (same file system: the rename is atomic).
    staged = db.with_name(f".{db.name}.restore")
    try:
        copy_database(source, staged)
        if readable:
            src = sqlite3.connect(str(staged))
            dst = sqlite3.connect(str(db), timeout=BUSY_TIMEOUT_MS / 1000)
            try:
                src.backup(dst)  # one write transaction on the live file
            finally:
                dst.close()
                src.close()
        else:
            for suffix in _SIDECARS:  # journal files of the unreadable file would be applied to the new one
                with contextlib.suppress(FileNotFoundError):
                    Path(str(db) + suffix).unlink()
            os.replace(staged, db)
            _fsync_dir(db.parent)
    except sqlite3.Error as exc:
        raise _sqlite_error(exc) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            staged.unlink()
    log.info("database restored from a backup")

    if store is not None:
        upgrade(store)
        target_store, own = store, False
    else:
        target_store, own = open_store(db, auto_backup=False), True
    try:
        from planner.safety import reapply_erasures
        from planner.services import Services

        services = Services(target_store, user=user)
        result.erasures_reapplied = reapply_erasures(services, erased)
        with services._write() as session:  # noqa: SLF001 - planner-internal unit of work
            services.audit(session, "restore", "database", None, None)
    finally:
        if own:
            target_store.close()
    return result


def restore_age_text(info: BackupInfo, now: datetime | None = None) -> str:
    """'today', 'yesterday' or 'N days ago', for the restore dialog."""
    from planner.i18n import ngettext

    days = ((now or datetime.now(UTC)) - info.taken_at) // timedelta(days=1)
    if days <= 0:
        return _("today")
    if days == 1:
        return _("yesterday")
    return ngettext("{n} day ago", "{n} days ago", days).format(n=days)
