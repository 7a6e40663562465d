"""Application start: QApplication, settings, font, theme, translators, the main window, the database.

Order, because the benchmark measures start-to-window and start-to-list against a bare PySide6 window: only Qt
and a few light planner modules are imported before the window is shown; the database (SQLAlchemy, Alembic) is
opened and the lists are loaded on a worker thread after the first paint; ReportLab is imported only when the
coach prints.

Which database: ``--db PATH_OR_URL``, else ``STEGVIS_DATABASE``, else the per-user default file (created on first
run). A database that cannot be opened gives a dialog that says what happened and what to do (try again, choose
another file, or quit) — never a traceback.

``STEGVIS_STARTUP_REPORT=FILE`` writes start-up timings as JSON (for ``bench/``); ``STEGVIS_QUIT_AFTER_LOAD=1``
quits once the list is shown.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_T0 = time.perf_counter()


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    from planner.i18n import _

    parser = argparse.ArgumentParser(prog="stegvis", add_help=False)
    parser.add_argument("--db", default=None, help=_("the database file or address to open"))
    parser.add_argument("--lang", default=None, help=_("the language of the window (sv or en)"))
    return parser.parse_known_args(list(argv))


_QT_TRANSLATORS: list[Any] = []


def install_qt_translator(app: Any, language: str) -> Any:
    """Qt's own strings (context menus, standard buttons, file dialogs) in the active language, from the qtbase
    translations shipped with PySide6; the previous language's translator is removed."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    while _QT_TRANSLATORS:
        app.removeTranslator(_QT_TRANSLATORS.pop())
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(language), "qtbase", "_", folder):
        app.installTranslator(translator)
        _QT_TRANSLATORS.append(translator)
        return translator
    return None


def apply_language(app: Any, requested: str | None) -> str:
    """Use ``requested`` (``None``: the OS language) everywhere: our catalogue, Qt's own strings, Qt's locale for
    numbers and dates, and the layout direction (right to left for Arabic). Returns the language in use."""
    from PySide6.QtCore import QLocale, Qt

    from planner.i18n import babel_locale, is_rtl, set_language

    language = set_language(requested)
    install_qt_translator(app, language)
    QLocale.setDefault(QLocale(babel_locale(language)))
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if is_rtl(language) else Qt.LayoutDirection.LeftToRight)
    return language


def app_icon() -> Any:
    from PySide6.QtGui import QIcon

    from planner.paths import resources_dir

    icon = QIcon()
    folder = resources_dir() / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256):
        png = folder / f"stegvis-{size}.png"
        if png.is_file():
            icon.addFile(str(png))
    return icon


def create_application(argv: Sequence[str]) -> Any:
    from PySide6.QtWidgets import QApplication

    from ui.settings import APPLICATION, ORGANISATION

    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "stegvis", *argv])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setDesktopFileName("se.stegvis.Stegvis")
    app.setWindowIcon(app_icon())
    return app


class StartupReport:
    """Timings for the start-up benchmark, written only when ``STEGVIS_STARTUP_REPORT`` names a file."""

    def __init__(self) -> None:
        self.path = os.environ.get("STEGVIS_STARTUP_REPORT", "")
        self.marks: dict[str, float] = {}

    def mark(self, name: str) -> None:
        self.marks[name] = time.perf_counter() - _T0
        if name == "window_shown":
            self.marks["heavy_modules_at_window"] = float(sum(
                1 for m in ("sqlalchemy", "alembic", "reportlab", "babel.dates") if m in sys.modules))
            self.marks["reportlab_loaded_at_window"] = float("reportlab" in sys.modules)
        if self.path:
            Path(self.path).write_text(json.dumps({**self.marks, "wall_clock": time.time(),
                                                   "reportlab_loaded": "reportlab" in sys.modules}))


class DatabaseProblem:
    """Shows why the database could not be opened and lets the coach try again, choose a file, or quit."""

    def __init__(self, app: Any, window: Any, target: str | None) -> None:
        self.app = app
        self.window = window
        self.target = target
        self.shown = 0

    def handle(self, error: BaseException) -> None:
        from PySide6.QtWidgets import QMessageBox

        from planner.errors import StegvisError
        from planner.i18n import _
        from ui.views.main_window import ask_open_path

        self.shown += 1
        kind = getattr(error, "kind", "other")
        if isinstance(error, StegvisError):
            text = error.message
            advice = getattr(error, "advice", "") or _advice_for(kind)
        else:
            text = _("Stegvis could not open the database because of an unexpected problem.")
            advice = _("Tell your IT support. Nothing in the database has been changed.")
        backup = getattr(error, "newest_backup", None)
        if backup:
            advice += "\n\n" + _("The newest backup is: {path}").format(path=backup)
        box = QMessageBox(QMessageBox.Icon.Warning, _("Stegvis cannot open the database"), text,
                          QMessageBox.StandardButton.NoButton, self.window)
        box.setObjectName("databaseProblem")
        box.setTextFormat(Qt_PlainText())
        box.setInformativeText(_("What you can do:") + " " + advice)
        restore = box.addButton(_("&Restore the newest backup"), QMessageBox.ButtonRole.ActionRole) if backup else None
        retry = box.addButton(_("&Try again"), QMessageBox.ButtonRole.AcceptRole)
        other = box.addButton(_("&Open another database…"), QMessageBox.ButtonRole.ActionRole)
        quit_ = box.addButton(_("&Quit Stegvis"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore or (retry if kind in ("locked", "full", "other") else other))
        box.setEscapeButton(quit_)
        box.exec()
        clicked = box.clickedButton()
        if restore is not None and clicked is restore:
            self.restore_newest(Path(backup), error)
        elif clicked is retry:
            self.window.open_database(self.target)
        elif clicked is other:
            folder = str(Path(self.target).parent) if self.target and "://" not in self.target else ""
            path = ask_open_path(self.window, _("Open a Stegvis database"), folder,
                                 _("Stegvis databases (*.db *.sqlite);;All files (*)"))
            if path:
                self.target = path
                self.window.open_database(path)
            else:
                self.handle(error)
        else:
            self.app.exit(2)


    def restore_newest(self, backup: Path, error: BaseException) -> None:
        """Restore the offered backup (the damaged file is kept aside byte for byte), then open the database."""
        from planner.backups import restore
        from planner.errors import StegvisError
        from planner.store import resolve_url

        try:
            restore(Path(resolve_url(self.target).database or ""), backup)
        except StegvisError as exc:
            self.handle(exc)
            return
        self.window.open_database(self.target)


def Qt_PlainText() -> Any:  # noqa: N802 - reads as the Qt constant it returns
    from PySide6.QtCore import Qt

    return Qt.TextFormat.PlainText


def _advice_for(kind: str) -> str:
    from planner.i18n import _

    return {
        "readonly": _("Copy the file to a folder where you may save files, or ask IT for access."),
        "locked": _("Someone else is saving right now. Wait a moment and try again."),
        "damaged": _("Restore the newest backup, or open another database. The file has not been changed."),
        "too_new": _("The file was saved by a newer Stegvis. Install the newest Stegvis, or ask IT."),
        "missing": _("Check that the folder exists, or open another database."),
        "full": _("Free some space on the disk and try again."),
    }.get(kind, _("Try again. If it does not help, tell your IT support."))


def install_excepthook(window: Any) -> Any:
    """An unexpected error is logged (through the privacy filter) and shown as a calm message, not a traceback."""
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: Any) -> None:
        import logging

        logging.getLogger("stegvis.gui").error("unexpected error", exc_info=(exc_type, exc, tb))
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        try:
            window.show_error(exc)
        except Exception:  # noqa: BLE001 - never fail inside the hook
            previous(exc_type, exc, tb)

    sys.excepthook = hook
    return previous


def _setup_logging() -> None:
    try:
        from planner.logging_setup import install_crash_handler, setup_logging
    except ImportError:
        return
    setup_logging()
    install_crash_handler()


def run_gui(argv: Sequence[str]) -> int:
    """Start the desktop app; returns the exit code."""
    report = StartupReport()
    args, qt_args = parse_args(argv)
    app = create_application(qt_args)

    from PySide6.QtCore import QTimer

    from ui.settings import AppSettings
    from ui.theme import ThemeManager, register_fonts
    from ui.views.main_window import MainWindow

    settings = AppSettings()
    apply_language(app, args.lang or settings.language or None)
    register_fonts()
    theme = ThemeManager(settings.font_scale, settings.theme, app)
    theme.apply(app)

    window = MainWindow(theme, settings)
    problem = DatabaseProblem(app, window, args.db)
    window.databaseFailed.connect(problem.handle)
    first_load = {"done": False}

    def on_list_loaded() -> None:
        if first_load["done"]:
            return
        first_load["done"] = True
        report.mark("list_loaded")
        if os.environ.get("STEGVIS_QUIT_AFTER_LOAD"):
            QTimer.singleShot(250, app.quit)  # after the list has been painted
            return
        QTimer.singleShot(0, window, window.first_run)

    window.listLoaded.connect(on_list_loaded)
    try:
        from ui import bench_markers

        bench_markers.watch(app, MainWindow)
    except ImportError:
        pass
    window.show()
    app.processEvents()  # the first paint happens before anything heavy is imported
    report.mark("window_shown")
    window.open_database(args.db)
    QTimer.singleShot(0, _setup_logging)
    previous_hook = install_excepthook(window)
    try:
        return int(app.exec())
    finally:
        sys.excepthook = previous_hook
        window._background.shutdown()  # noqa: SLF001 - no loading thread may outlive the window
        window.hide()
        window.deleteLater()
        if window.services is not None:
            window.services.store.close()
