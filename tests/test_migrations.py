"""Migrations: the schema exists only through Alembic, matches the model, goes down and up again, and a database
from a newer Stegvis is refused without being touched. On SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from planner.errors import StorageError
from planner.model import Base
from planner.services import Services
from planner.store import (
    MIGRATIONS_DIR,
    current_revision,
    downgrade,
    head_revision,
    open_store,
    resolve_url,
    upgrade,
)

pytestmark = pytest.mark.core


def _diff(engine: sa.Engine, metadata: sa.MetaData = Base.metadata) -> list:  # type: ignore[type-arg]
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        return compare_metadata(context, metadata)


def _tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def test_upgrade_from_empty_reaches_head(db_url: str) -> None:
    store = open_store(db_url)
    try:
        assert current_revision(store) == head_revision(store)
        assert _tables(store.engine) == {t.name for t in Base.metadata.sorted_tables} | {"alembic_version"}
        actors = [a.name for a in Services(store, user="t").list_actors()]
        assert "Försäkringskassan" in actors and "Arbetsförmedlingen" in actors
    finally:
        store.close()


def test_the_migrated_database_matches_the_model(store) -> None:  # type: ignore[no-untyped-def]
    """No model change ships without a migration: autogenerate finds nothing to do."""
    assert _diff(store.engine) == []


def test_the_comparison_would_see_a_model_change(store) -> None:  # type: ignore[no-untyped-def]
    """The test above can fail: a column only the model has is reported."""
    changed = sa.MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["person"].append_column(sa.Column("shoe_size", sa.Integer, nullable=True))
    diff = _diff(store.engine, changed)
    assert [(d[0], d[3].name) for d in diff] == [("add_column", "shoe_size")]


def test_migrations_form_one_line(db_url: str) -> None:
    scripts = ScriptDirectory(str(MIGRATIONS_DIR))
    assert len(scripts.get_heads()) == 1
    assert scripts.get_base() == "0001"


def test_downgrade_to_base_and_upgrade_again(db_url: str) -> None:
    store = open_store(db_url)
    try:
        services = Services(store, user="t")
        person = services.create_person("Amra Delić")
        services.create_plan(person.id)
        downgrade(store, "base")
        assert current_revision(store) is None
        assert _tables(store.engine) <= {"alembic_version"}
        upgrade(store, backup=False)
        assert current_revision(store) == head_revision(store)
        assert _diff(store.engine) == []
        services = Services(store, user="t")  # a new session of the app: the old one knew rows now gone
        assert services.list_plans() == []
        assert len(services.list_actors()) == 9  # the defaults are seeded again, once
        services.create_plan(services.create_person("Amra Delić").id)
        assert len(services.list_plans()) == 1
    finally:
        store.close()


def test_every_step_down_and_up(db_url: str) -> None:
    store = open_store(db_url)
    try:
        revisions = [r.revision for r in ScriptDirectory(str(MIGRATIONS_DIR)).walk_revisions()]  # newest first
        for revision in revisions[1:] + ["base"]:
            downgrade(store, revision)
            assert current_revision(store) == (None if revision == "base" else revision)
        for revision in reversed(revisions):
            upgrade(store, backup=False, revision=revision)
            assert current_revision(store) == revision
        assert _diff(store.engine) == []
    finally:
        store.close()


def _file_hashes(path: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(path.parent.iterdir()) if p.is_file()}


def test_a_database_from_a_newer_stegvis_is_refused_unchanged(db_url: str) -> None:
    store = open_store(db_url)
    Services(store, user="t").create_person("Noor Haddad")
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999_future'"))
    store.close()
    before = _file_hashes(Path(db_url)) if "://" not in db_url else None

    with pytest.raises(StorageError) as info:
        open_store(db_url)
    assert info.value.kind == "too_new"
    assert "newer version" in info.value.message

    if before is not None:
        assert _file_hashes(Path(db_url)) == before  # not a byte changed, and no backup or journal left behind
    engine = sa.create_engine(resolve_url(db_url))
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "9999_future"
        assert conn.execute(sa.text("SELECT count(*) FROM person")).scalar() == 1
    engine.dispose()


def test_a_foreign_database_is_refused(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    before = path.read_bytes()
    with pytest.raises(StorageError) as info:
        open_store(path)
    assert info.value.kind == "damaged" and "not a Stegvis database" in info.value.message
    assert path.read_bytes() == before


def test_migration_on_open_takes_a_backup_first(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store = open_store(path)
    Services(store, user="t").create_person("Hawa Jama")
    downgrade(store, "0001")
    store.close()
    store = open_store(path)
    try:
        assert current_revision(store) == head_revision(store)
        assert store.backups and store.backups[0].is_file()
        backup = open_store(store.backups[0], migrate=False)
        assert current_revision(backup) == "0001"
        backup.close()
    finally:
        store.close()


def test_fast_head_matches_alembic(tmp_path) -> None:
    """Opening an up-to-date database skips Alembic; the header parser must agree with Alembic's own graph."""
    from alembic.script import ScriptDirectory

    from planner.store import MIGRATIONS_DIR, head_revision_fast, known_revisions

    scripts = ScriptDirectory(str(MIGRATIONS_DIR))
    assert head_revision_fast() == scripts.get_current_head()
    assert known_revisions() == {rev.revision for rev in scripts.walk_revisions()}
