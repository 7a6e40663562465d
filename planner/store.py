"""Opening a database: a file path or any SQLAlchemy URL, engine settings, migrations on open, backups, checks.

SQLite is the embedded default. It is opened with foreign keys on, a busy timeout and WAL journalling — except on
a network file system, where WAL is unsafe and a rollback journal is used. PostgreSQL works through the same
code for a team that shares one database. The schema is created and upgraded only by Alembic migrations, which
run on open after a backup of the file.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import sqlite3
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from planner import paths
from planner.errors import StorageError
from planner.i18n import _

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
NETWORK_FS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "fuse.sshfs", "afs", "ncpfs", "davfs", "fuse.davfs2",
              "glusterfs", "ceph", "lustre"}
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def resolve_url(target: str | os.PathLike[str] | None) -> URL:
    """``--db`` / ``STEGVIS_DATABASE`` / the default file, as a SQLAlchemy URL. A plain path means SQLite."""
    raw = os.fspath(target) if target is not None else os.environ.get("STEGVIS_DATABASE") or ""
    if not raw:
        raw = os.fspath(paths.default_database_path())
    if "://" in raw:
        try:
            url = make_url(raw)
        except ArgumentError as exc:
            raise StorageError(_("The database address is not valid."), kind="other") from exc
        if url.drivername == "postgresql":  # prefer psycopg 3
            url = url.set(drivername="postgresql+psycopg")
        return url
    return URL.create("sqlite", database=str(Path(raw).expanduser().absolute()))


def filesystem_type(path: Path) -> str:
    """The type of the mounted file system holding ``path`` (Linux /proc/mounts; '' elsewhere)."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return ""
    target = str(path.resolve())
    best, kind = "", ""
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        if (target == mount_point or target.startswith(mount_point.rstrip("/") + "/")) and len(mount_point) > len(best):
            best, kind = mount_point, parts[2]
    return kind


def wal_is_safe(path: Path) -> bool:
    if os.environ.get("STEGVIS_NO_WAL"):
        return False
    return filesystem_type(path.parent) not in NETWORK_FS


@dataclass
class Store:
    """An open database: its URL, engine and session factory."""

    url: URL
    engine: Engine
    sessions: sessionmaker[Session]
    path: Path | None = None
    journal_mode: str = ""
    backups: list[Path] = field(default_factory=list)
    created: bool = False  # the file was created by this open (nothing in it to back up yet)
    backup_warning: str = ""  # set when the automatic backup on open failed (the store is still usable)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def display_url(self) -> str:
        """The URL without a password, for messages and logs."""
        return str(self.path) if self.path else self.url.render_as_string(hide_password=True)

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One session per unit of work: commit on success, roll back on any error."""
        session = self.sessions()
        try:
            session.connection(execution_options={"stegvis_write": True})
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        session = self.sessions()
        try:
            yield session
        finally:
            session.close()  # ends the read transaction without expiring what was loaded

    def close(self) -> None:
        self.engine.dispose()


# ------------------------------------------------------------------------------------------------ opening


def _check_sqlite_file(path: Path, *, create: bool) -> None:
    """Refuse a missing folder, a zero-length file or a non-database file before SQLite touches it."""
    if not path.parent.is_dir():
        raise StorageError(
            _("The folder for the database does not exist: {folder}").format(folder=path.parent),
            _("Check the path, or create the folder first."), kind="missing")
    if not path.exists():
        if not create:
            raise StorageError(_("There is no database at {path}.").format(path=path),
                               _("Check the path."), kind="missing")
        if not os.access(path.parent, os.W_OK):
            raise StorageError(_("The database cannot be created: the folder is read-only."),
                               _("Choose a folder where you may save files."), kind="readonly")
        return
    if path.is_dir():
        raise StorageError(_("{path} is a folder, not a database file.").format(path=path), kind="damaged")
    try:
        with open(path, "rb") as fh:
            header = fh.read(len(SQLITE_MAGIC))
    except PermissionError as exc:
        raise StorageError(_("You are not allowed to read the database file."),
                           _("Ask IT to give you access to the file."), kind="readonly") from exc
    if len(header) == 0:
        raise StorageError(_("The database file is empty (0 bytes). It may have been damaged."),
                           _("Restore the newest backup. The empty file has not been changed."), kind="damaged")
    if header != SQLITE_MAGIC:
        raise StorageError(_("The file is not a Stegvis database, or it is damaged."),
                           _("Restore the newest backup. The file has not been changed."), kind="damaged")


def _configure_sqlite(engine: Engine, wal: bool, *, read_only: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy drive transactions; emit BEGIN ourselves so SQLite locks are taken predictably.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if read_only:  # the journal mode is a header byte: a check must not even change that
            cur.execute("PRAGMA query_only=ON")
        else:
            cur.execute(f"PRAGMA journal_mode={'WAL' if wal else 'DELETE'}")
            cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A writing unit of work takes the write lock up front (BEGIN IMMEDIATE), so two writers queue on the busy
        # timeout instead of one failing at once when it upgrades a read lock.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("stegvis_write") else "BEGIN")


def _journal_mode(engine: Engine) -> str:
    with engine.connect() as conn:
        return str(conn.exec_driver_sql("PRAGMA journal_mode").scalar()).lower()


def _quick_check(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check").fetchall()]
    return [] if rows == ["ok"] else rows


_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*['\"]?([\w]+|None)['\"]?", re.M)


@functools.lru_cache(maxsize=1)
def _revision_graph() -> dict[str, str | None]:
    """revision -> down_revision, read from the migration files' headers without importing Alembic.

    Opening an up-to-date database is then a single SELECT: Alembic (about 0.3 s to import) loads only when a
    migration must actually run.
    """
    graph: dict[str, str | None] = {}
    for script in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        found: dict[str, str] = {m.group(1): m.group(2) for m in _REVISION_LINE.finditer(script.read_text(encoding="utf-8"))}
        if "revision" in found:
            down = found.get("down_revision")
            graph[found["revision"]] = None if down in (None, "None") else down
    return graph


def known_revisions() -> frozenset[str]:
    return frozenset(_revision_graph())


def head_revision_fast() -> str:
    graph = _revision_graph()
    heads = set(graph) - {down for down in graph.values() if down}
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have one head, found {sorted(heads)}")
    return heads.pop()


def _stored_revision(store: Store) -> str | None:
    try:
        with store.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except DatabaseError:  # no alembic_version table yet: a new database
        return None


def _damaged() -> StorageError:
    return StorageError(_("The database is damaged."),
                        _("Restore the newest backup. The damaged file has not been changed."), kind="damaged")


def _preflight_sqlite(path: Path, *, quick_check: bool) -> None:
    """Quick-check the file and its schema version on a plain connection, before any setting (the journal mode)
    is written to it: a damaged, foreign or too-new file is refused and left byte for byte as it was."""
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise storage_error_from(exc) from exc
    try:
        if quick_check and [r[0] for r in conn.execute("PRAGMA quick_check")] != ["ok"]:
            raise _damaged()
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if row is not None and row[0] not in known_revisions():
                raise StorageError(_("This database was made by a newer version of Stegvis."),
                                   _("Install the newest version of Stegvis to open it. The file has not been "
                                     "changed."), kind="too_new")
        elif tables:
            raise StorageError(_("The file is a database, but not a Stegvis database."),
                               _("Choose another file. This file has not been changed."), kind="damaged")
    except sqlite3.OperationalError as exc:
        error = storage_error_from(exc)
        raise (_damaged() if error.kind == "other" else error) from exc
    except sqlite3.DatabaseError as exc:
        raise _damaged() from exc
    finally:
        conn.close()


def create_store_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        return create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})


def open_store(target: str | os.PathLike[str] | None = None, *, migrate: bool = True, create: bool = True,
               backup_before_migrate: bool = True, check_integrity: bool = True,
               auto_backup: bool | None = None, read_only: bool = False) -> Store:
    """Open (and if needed create and upgrade) the database at ``target``. Raises :class:`StorageError`; when a
    file is damaged the error names the newest good backup (``newest_backup``). A SQLite file opened for use
    (``auto_backup``, default: when ``migrate``) is backed up at most once a day, unless STEGVIS_NO_AUTO_BACKUP.
    ``read_only`` (check, backup source) writes nothing to the file, not even its journal mode, and also opens a
    file on a read-only medium; it implies no creation, no migration and no automatic backup."""
    url = resolve_url(target)
    if read_only:
        create = migrate = False
        auto_backup = False
    try:
        store = _open_store(url, target, migrate=migrate, create=create,
                            backup_before_migrate=backup_before_migrate, check_integrity=check_integrity,
                            read_only=read_only)
    except StorageError as exc:
        if exc.kind == "damaged" and url.get_backend_name() == "sqlite" and url.database:
            from planner.backups import offer_newest_backup

            offer_newest_backup(exc, Path(url.database))
        raise
    wanted = migrate if auto_backup is None else auto_backup
    if store.path is not None and wanted and not store.created and not os.environ.get("STEGVIS_NO_AUTO_BACKUP"):
        from planner.backups import daily_backup_on_open

        daily_backup_on_open(store)
    return store


def _open_store(url: URL, target: str | os.PathLike[str] | None, *, migrate: bool, create: bool,
                backup_before_migrate: bool, check_integrity: bool, read_only: bool = False) -> Store:
    path: Path | None = None
    engine_url = url
    wal = created = False
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            raise StorageError(_("An in-memory database cannot be used."), kind="other")
        path = Path(url.database)
        if target is None and not os.environ.get("STEGVIS_DATABASE"):
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _check_sqlite_file(path, create=create)
        created = not path.exists()
        if created:
            # Created readable by the owner only: the plans hold health information.
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        elif read_only:
            _preflight_sqlite(path, quick_check=check_integrity)
            if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
                engine_url = URL.create("sqlite", database=f"file:{urllib.parse.quote(str(path))}",
                                        query={"mode": "ro", "uri": "true"})
        elif not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            raise StorageError(_("The database is read-only: changes could not be saved."),
                               _("Copy the file to a folder where you may save files, or ask IT for access."),
                               kind="readonly")
        else:
            _preflight_sqlite(path, quick_check=check_integrity)
        wal = wal_is_safe(path)
    engine = create_store_engine(engine_url)
    store = Store(url=url, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False), path=path)
    store.created = path is not None and created
    try:
        if path is not None:
            _configure_sqlite(engine, wal, read_only=read_only)
            store.journal_mode = _journal_mode(engine)
        else:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        if migrate:
            upgrade(store, backup=backup_before_migrate)
    except StorageError:
        engine.dispose()
        raise
    except OperationalError as exc:
        engine.dispose()
        raise storage_error_from(exc) from exc
    except DatabaseError as exc:
        engine.dispose()
        raise StorageError(_("The database is damaged."),
                           _("Restore the newest backup. The damaged file has not been changed."),
                           kind="damaged") from exc
    log.info("opened database (%s, journal=%s)", url.get_backend_name(), store.journal_mode or "-")
    return store


def storage_error_from(exc: BaseException) -> StorageError:
    """Translate a driver error into a message a coach can act on."""
    msg = str(getattr(exc, "orig", exc)).lower()
    if "locked" in msg or "busy" in msg:
        return StorageError(_("The database is busy: someone else is saving right now."),
                            _("Wait a moment and try again. Nothing has been lost."), kind="locked")
    if "readonly" in msg or "read-only" in msg:
        return StorageError(_("The database is read-only: changes could not be saved."),
                            _("Copy the file to a folder where you may save files, or ask IT for access."),
                            kind="readonly")
    if "disk is full" in msg or "no space" in msg or "disk i/o" in msg:
        return StorageError(_("The disk is full or cannot be written to: the change was not saved."),
                            _("Free some space and try again. Nothing already saved has been lost."), kind="full")
    if "unable to open" in msg:
        return StorageError(_("The database file could not be opened."),
                            _("Check that the folder exists and that you may save files there."), kind="missing")
    if "connect" in msg or "connection" in msg or "could not translate host" in msg:
        return StorageError(_("The shared database server cannot be reached."),
                            _("Check the network connection, or work on a local database."), kind="other")
    return StorageError(_("The database could not be used."), kind="other")


# ------------------------------------------------------------------------------------------------ migrations


def _alembic_config(store: Store):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", store.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def head_revision(store: Store) -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config(store)).get_current_head()
    assert head is not None
    return head


def current_revision(store: Store) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with store.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(store: Store, *, backup: bool = True, revision: str = "head") -> None:
    """Bring the schema to ``revision``; refuse a database written by a newer Stegvis."""
    if revision == "head" and _stored_revision(store) == head_revision_fast():
        return
    from alembic import command
    from alembic.script import ScriptDirectory

    cfg = _alembic_config(store)
    scripts = ScriptDirectory.from_config(cfg)
    current = current_revision(store)
    if current is not None:
        try:
            scripts.get_revision(current)
        except Exception as exc:
            raise StorageError(_("This database was made by a newer version of Stegvis."),
                               _("Install the newest version of Stegvis to open it. The file has not been changed."),
                               kind="too_new") from exc
    if current == scripts.get_current_head() and revision == "head":
        return
    if current is None and set(inspect(store.engine).get_table_names()) - {"alembic_version"}:  # base: empty
        raise StorageError(_("The file is a database, but not a Stegvis database."),
                           _("Choose another file. This file has not been changed."), kind="damaged")
    if backup and current is not None and store.path is not None:
        store.backups.append(backup_file(store, reason="pre-migration"))
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(store: Store, revision: str) -> None:
    from alembic import command

    cfg = _alembic_config(store)
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


# ------------------------------------------------------------------------------------------------ backups and checks


def backups_dir(store: Store) -> Path:
    assert store.path is not None
    return store.path.parent / "backups"


def backup_to(store: Store, destination: Path) -> Path:
    """Copy a SQLite database with the online backup API (safe while others use it), owner-only permissions."""
    if store.path is None:
        raise StorageError(_("Backups of a shared database server are made by its administrator."), kind="other")
    destination = Path(destination)
    if not destination.parent.is_dir():
        raise StorageError(_("The folder for the database does not exist: {folder}").format(
            folder=destination.parent), kind="missing")
    tmp = destination.with_name(destination.name + ".part")
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)
    try:
        src = sqlite3.connect(str(store.path), timeout=BUSY_TIMEOUT_MS / 1000)
        dst = sqlite3.connect(str(tmp))
        try:
            with dst:
                src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            ok = dst.execute("PRAGMA integrity_check").fetchone()
        finally:
            dst.close()
            src.close()
        if not ok or ok[0] != "ok":
            raise StorageError(_("The backup could not be verified."), kind="damaged")
        os.replace(tmp, destination)
    except sqlite3.OperationalError as exc:
        raise storage_error_from(exc) from exc
    finally:
        if tmp.exists():
            tmp.unlink()
    return destination


def backup_file(store: Store, reason: str) -> Path:
    folder = backups_dir(store)
    folder.mkdir(exist_ok=True, mode=0o700)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    assert store.path is not None
    return backup_to(store, folder / f"{store.path.stem}-{stamp}-{reason}.db")


def integrity_problems(store: Store) -> list[str]:
    """Integrity and foreign-key problems, in words (empty when sound). Never changes the database."""
    problems: list[str] = []
    if store.is_sqlite:
        with store.engine.connect() as conn:
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
            if rows != ["ok"]:
                problems += [_("Integrity: {detail}").format(detail=r) for r in rows]
            for table, rowid, parent, _fkid in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
                problems.append(_("Table {table} row {row} points to a missing row in {parent}.").format(
                    table=table, row=rowid, parent=parent))
    return problems
