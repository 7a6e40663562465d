"""Shared fixtures. Data and settings go to a temporary folder; the UI language is English unless a test says so.

``db_url`` runs a test on SQLite and on PostgreSQL. PostgreSQL comes from ``STEGVIS_TEST_PG_URL`` (``.ci/run``
starts a server on loopback); without it those runs are skipped with a visible reason, except when
``STEGVIS_REQUIRE_PG=1`` (CI), where an unreachable server is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PG_URL = os.environ.get("STEGVIS_TEST_PG_URL", "")
REQUIRE_PG = os.environ.get("STEGVIS_REQUIRE_PG") == "1"


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    data = tmp_path_factory.mktemp("stegvis-data")
    monkeypatch.setenv("STEGVIS_DATA_DIR", str(data))
    monkeypatch.delenv("STEGVIS_DATABASE", raising=False)
    from planner.i18n import set_language

    set_language("en")
    yield
    set_language("en")


def _pg_available() -> str | None:
    """None when reachable, else the reason."""
    if not PG_URL:
        return "STEGVIS_TEST_PG_URL is not set (no PostgreSQL server for this run)"
    try:
        import psycopg

        from planner.store import resolve_url

        url = resolve_url(PG_URL)
        with psycopg.connect(host=url.host, port=url.port, user=url.username, dbname=url.database,
                             connect_timeout=3):
            return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return f"PostgreSQL at STEGVIS_TEST_PG_URL is not reachable: {type(exc).__name__}"


_PG_REASON: list[str | None] = []


def pg_skip_reason() -> str | None:
    if not _PG_REASON:
        _PG_REASON.append(_pg_available())
    return _PG_REASON[0]


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    reason = pg_skip_reason()
    if reason:
        if REQUIRE_PG:
            pytest.fail(reason)
        pytest.skip(reason)
    import psycopg

    from planner.store import resolve_url

    base = resolve_url(PG_URL)
    name = f"stegvis_t_{uuid.uuid4().hex[:12]}"
    admin = dict(host=base.host, port=base.port, user=base.username, dbname=base.database, autocommit=True)
    with psycopg.connect(**admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(**admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL for an empty database, on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "stegvis.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(db_url: str):  # type: ignore[no-untyped-def]
    from planner.store import open_store

    s = open_store(db_url)
    yield s
    s.close()


@pytest.fixture
def services(store):  # type: ignore[no-untyped-def]
    from planner.services import Services

    return Services(store, user="test.coach")


@pytest.fixture
def sqlite_services(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Services on a SQLite file only (for tests of SQLite-specific behaviour and the UI)."""
    from planner.services import Services
    from planner.store import open_store

    s = open_store(tmp_path / "stegvis.db")
    yield Services(s, user="test.coach")
    s.close()


@pytest.fixture(autouse=True)
def _no_external_programs(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Qt test must never start the system's PDF viewer or browser (xdg-open can block a headless run)."""
    import sys

    if "qtbot" in request.fixturenames or "PySide6.QtGui" in sys.modules:
        from PySide6.QtGui import QDesktopServices

        opened: list[object] = []
        monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
