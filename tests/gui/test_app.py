"""Starting the app: which database, what happens when it cannot be opened, what is loaded before the window."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def local_event_loop(monkeypatch: pytest.MonkeyPatch, qapp: Any) -> None:
    """run_gui's ``app.exec()`` / ``quit()`` / ``exit(n)`` on a local QEventLoop.

    Quitting pytest-qt's own QApplication with a window open leaves its timers dead for the later tests, so the
    application loop is stood in for by a nested loop that behaves the same for run_gui.
    """
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    loops: list[QEventLoop] = []

    def exec_(*_args: Any) -> int:
        loop = QEventLoop()
        loops.append(loop)
        try:
            return loop.exec()
        finally:
            loops.remove(loop)

    def exit_(*args: Any) -> None:
        code = next((a for a in args if isinstance(a, int)), 0)
        if loops:
            loops[-1].exit(code)

    monkeypatch.setattr(QApplication, "exec", exec_)
    monkeypatch.setattr(QApplication, "exit", exit_)
    monkeypatch.setattr(QApplication, "quit", lambda *_a: exit_(0))


@pytest.fixture
def quit_after_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STEGVIS_QUIT_AFTER_LOAD", "1")


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    from planner.demo import fill_demo
    from planner.services import Services
    from planner.store import open_store

    path = tmp_path / "demo.db"
    store = open_store(path)
    fill_demo(Services(store, user="lena.berg"), people=5)
    store.close()
    return path


def _run(args: list[str]) -> int:
    from ui.app import run_gui

    return run_gui(args)


def test_opens_the_database_given_with_db(quit_after_load: None, demo_db: Path, modals: Any,
                                          monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    report = tmp_path / "startup.json"
    monkeypatch.setenv("STEGVIS_STARTUP_REPORT", str(report))
    assert _run(["--db", str(demo_db), "--lang", "en"]) == 0
    marks = json.loads(report.read_text())
    assert 0 < marks["window_shown"] < marks["list_loaded"]
    assert not modals.messages


def test_stegvis_database_is_used_without_db(quit_after_load: None, demo_db: Path, modals: Any,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QApplication

    from ui.views.main_window import MainWindow

    monkeypatch.setenv("STEGVIS_DATABASE", str(demo_db))
    seen: list[str] = []
    monkeypatch.setattr(MainWindow, "first_run", lambda self: seen.append(self.windowTitle()))
    original = MainWindow.set_services

    def spy(self: Any, services: Any, **kw: Any) -> None:
        seen.append(str(services.store.path))
        original(self, services, **kw)

    monkeypatch.setattr(MainWindow, "set_services", spy)
    assert _run([]) == 0
    assert seen[0] == str(demo_db)
    assert QApplication.instance() is not None


def test_default_database_is_created_on_first_run(quit_after_load: None, modals: Any) -> None:
    from planner.paths import default_database_path

    assert not default_database_path().exists()
    assert _run([]) == 0
    assert default_database_path().exists()


def test_a_damaged_database_gives_advice_not_a_traceback(demo_db: Path, tmp_path: Path, modals: Any,
                                                         capfd: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database at all" * 100)
    modals.answer("Quit")
    assert _run(["--db", str(bad)]) == 2
    (message,) = modals.messages
    assert "cannot open the database" in message.title
    assert "What you can do" in message.informative
    assert "Traceback" not in capfd.readouterr().err
    assert bad.read_bytes() == b"this is not a database at all" * 100  # untouched


def test_a_missing_folder_then_choosing_another_file(quit_after_load: None, demo_db: Path, tmp_path: Path,
                                                      modals: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.views.main_window as mw

    monkeypatch.setattr(mw, "ask_open_path", lambda *_a: str(demo_db))
    modals.answer("another database")
    assert _run(["--db", str(tmp_path / "no such folder" / "x.db")]) == 0
    (message,) = modals.messages
    assert "folder" in message.text.lower()


def test_a_database_from_a_newer_stegvis_says_so(demo_db: Path, modals: Any) -> None:
    with sqlite3.connect(demo_db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    modals.answer("Quit")
    assert _run(["--db", str(demo_db)]) == 2
    assert "newer" in modals.texts()


def test_try_again_opens_when_the_problem_is_gone(quit_after_load: None, demo_db: Path, tmp_path: Path,
                                                  modals: Any) -> None:
    folder = tmp_path / "later"
    target = folder / "x.db"

    def create_then_retry(box: Any) -> None:
        folder.mkdir()
        for button in box.buttons():
            if "Try again" in button.text().replace("&", ""):
                button.click()

    modals.box_handlers.append(create_then_retry)
    assert _run(["--db", str(target)]) == 0
    assert target.exists()


def test_qt_translations_follow_the_language(qapp: Any) -> None:
    from PySide6.QtCore import QCoreApplication

    from ui.app import install_qt_translator

    translator = install_qt_translator(qapp, "sv")
    try:
        assert translator is not None
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Avbryt"
    finally:
        qapp.removeTranslator(translator)


def test_atkinson_hyperlegible_is_the_ui_font(qapp: Any, theme: Any) -> None:
    from PySide6.QtGui import QFontDatabase

    from ui.theme import register_fonts

    family = register_fonts()
    assert family == "Atkinson Hyperlegible"
    assert family in QFontDatabase.families()
    assert qapp.font().family() == family


def test_unexpected_errors_become_a_message(qapp: Any) -> None:
    from ui.app import install_excepthook

    shown: list[BaseException] = []

    class Window:
        def show_error(self, exc: BaseException) -> None:
            shown.append(exc)

    previous = install_excepthook(Window())
    try:
        error = RuntimeError("boom")
        sys.excepthook(RuntimeError, error, None)
    finally:
        sys.excepthook = previous
    assert shown == [error]


@pytest.mark.slow
def test_window_shows_before_heavy_imports_and_reportlab_never_loads(demo_db: Path, tmp_path: Path) -> None:
    report = tmp_path / "startup.json"
    env = dict(os.environ, STEGVIS_QUIT_AFTER_LOAD="1", STEGVIS_STARTUP_REPORT=str(report),
               STEGVIS_DATA_DIR=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    result = subprocess.run([sys.executable, "-m", "ui", "--db", str(demo_db)], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    marks = json.loads(report.read_text())
    assert marks["heavy_modules_at_window"] == 0  # no SQLAlchemy, Alembic, ReportLab or Babel dates yet
    assert marks["reportlab_loaded"] is False
    assert marks["window_shown"] < marks["list_loaded"]
