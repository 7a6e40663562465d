"""``python -m ui.screenshots OUTDIR`` (``make screenshots``): PNGs of the main screens, to look at.

Every screen is shot at 100 % and 200 % text and in the default and the high-contrast theme, on a temporary
database filled with the fictional demo people, with settings in a temporary folder (a real user's settings and
data are never touched). File names: ``<screen>-<scale>-<theme>.png``.

Other parts of the app add their own screens through :data:`SCREENSHOT_PROVIDERS`: a provider is a function that
takes a :class:`ShotContext` and calls ``ctx.save(name, widget)`` for each picture. Modules listed in
:data:`PROVIDER_MODULES` are imported first (if they exist) so they can register with :func:`provider`, e.g. in
``ui/walkthrough/screenshots.py``::

    from ui.screenshots import provider

    @provider("walkthrough")
    def walkthrough(ctx):
        window = start_meeting(ctx.services, ctx.plan_id, parent=ctx.window)
        ctx.save("walkthrough-goals", window)
        window.close()
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Provider = Callable[["ShotContext"], None]
SCREENSHOT_PROVIDERS: list[tuple[str, Provider]] = []
PROVIDER_MODULES: tuple[str, ...] = ("ui.walkthrough.screenshots", "ui.views.editor.screenshots",
                                     "ui.views.results_screenshots")
SCREEN = (1920, 1200)
SIZES = {100: (1280, 800), 200: (1600, 1000)}
VARIANTS = ((100, "default"), (200, "default"), (100, "high_contrast"), (200, "high_contrast"))


def provider(name: str) -> Callable[[Provider], Provider]:
    """Register a screenshot provider under ``name`` (a later registration with the same name replaces it)."""

    def register(fn: Provider) -> Provider:
        SCREENSHOT_PROVIDERS[:] = [(n, f) for n, f in SCREENSHOT_PROVIDERS if n != name]
        SCREENSHOT_PROVIDERS.append((name, fn))
        return fn

    return register


@dataclass
class ShotContext:
    app: Any
    window: Any  # ui.views.main_window.MainWindow
    services: Any  # planner.services.Services
    theme: Any  # ui.theme.ThemeManager
    outdir: Path
    scale: int
    theme_name: str
    plan_id: int
    written: list[Path] = field(default_factory=list)

    @property
    def suffix(self) -> str:
        return f"{self.scale}-{self.theme_name}"

    def settle(self) -> None:
        """Let layouts, style sheets and deferred timers finish before a grab."""
        from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

        for _ in range(3):
            loop = QEventLoop()
            QTimer.singleShot(30, loop.quit)
            loop.exec()
            QCoreApplication.processEvents()

    def save(self, name: str, widget: Any) -> Path:
        self.settle()
        path = self.outdir / f"{name}-{self.suffix}.png"
        if not widget.grab().save(str(path)):
            raise OSError(f"could not write {path}")
        self.written.append(path)
        return path

    def window_size(self) -> tuple[int, int]:
        return SIZES.get(self.scale, SIZES[200])


# ------------------------------------------------------------------------------------------------ built-in screens


@provider("main-window")
def _main_window(ctx: ShotContext) -> None:
    w = ctx.window
    w.close_plan(switch=False)
    w.show_tab(w.LIST_TAB)
    w.search.clear()
    w.select_plan(ctx.plan_id)
    w.table.setFocus()
    ctx.save("main-window", w)
    w.search.setText("erik")
    w.search.setFocus()
    ctx.save("main-window-filtered", w)
    w.search.clear()


@provider("follow-ups")
def _follow_ups(ctx: ShotContext) -> None:
    w = ctx.window
    w.show_tab(w.FOLLOW_UP_TAB)
    if w.follow_model.rowCount():
        w.follow_table.selectRow(0)
    w.follow_table.setFocus()
    ctx.save("follow-ups", w)
    w.show_tab(w.LIST_TAB)


@provider("plan-editor")
def _plan_editor(ctx: ShotContext) -> None:
    w = ctx.window
    if w.open_plan(ctx.plan_id):
        ctx.save("plan-editor", w)
        w.close_plan(switch=False)


@provider("pictogram-picker")
def _pictogram_picker(ctx: ShotContext) -> None:
    try:
        from ui.widgets.pictogram_picker import PictogramPicker
    except ImportError:
        return
    from PySide6.QtWidgets import QDialog, QVBoxLayout

    from planner.i18n import _

    dialog = QDialog(ctx.window)
    dialog.setWindowTitle(_("Choose a picture"))
    column = QVBoxLayout(dialog)
    picker = PictogramPicker(dialog, icon_size=round(64 * ctx.scale / 100))
    column.addWidget(picker)
    width, height = ctx.window_size()
    dialog.resize(int(width * 0.7), int(height * 0.85))
    dialog.show()
    picker.search.setFocus()
    ctx.save("pictogram-picker", dialog)
    picker.search.setText("buss" if _("Search") == "Sök" else "bus")
    ctx.save("pictogram-picker-search", dialog)
    dialog.close()
    dialog.deleteLater()


@provider("dialogs")
def _dialogs(ctx: ShotContext) -> None:
    from ui.settings_dialog import SettingsDialog
    from ui.views.main_window import TourDialog
    from ui.views.new_plan_dialog import NewPlanDialog

    for name, dialog in (("new-person-dialog", NewPlanDialog(ctx.services, ctx.window)),
                         ("settings-dialog", SettingsDialog(ctx.theme, ctx.window.settings, ctx.window)),
                         ("tour-dialog", TourDialog(ctx.window))):
        dialog.show()
        ctx.save(name, dialog)
        dialog.hide()
        dialog.deleteLater()


# ------------------------------------------------------------------------------------------------ running


def _load_provider_modules() -> None:
    for name in PROVIDER_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name is None or not name.startswith(exc.name):
                raise


def take_screenshots(outdir: Path, *, language: str = "en", only: set[str] | None = None,
                     variants: tuple[tuple[int, str], ...] = VARIANTS) -> list[Path]:
    """Shoot every registered screen in every variant into ``outdir``; returns the files written."""
    outdir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="stegvis-shots-"))
    if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
        # The offscreen screen is 800 x 800 by default; shoot on a common coach's monitor instead.
        config = work / "screen.json"
        config.write_text(json.dumps({"screens": [{"name": "shots", "x": 0, "y": 0, "width": SCREEN[0],
                                                   "height": SCREEN[1], "logicalDpi": 96, "logicalBaseDpi": 96,
                                                   "dpr": 1}]}))
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    os.environ["STEGVIS_DATA_DIR"] = str(work / "data")

    from PySide6.QtCore import QSettings

    from planner.demo import fill_demo
    from planner.services import Services
    from planner.store import open_store
    from ui.app import apply_language, create_application
    from ui.settings import AppSettings
    from ui.theme import ThemeManager, register_fonts
    from ui.views.main_window import MainWindow

    app = create_application([])
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "settings"))
    apply_language(app, language)  # catalogue, Qt's own strings, locale and layout direction
    register_fonts()
    settings = AppSettings()
    settings.first_run_done = True
    services = Services(open_store(work / "stegvis.db"), user="lena.berg")
    fill_demo(services, people=14)
    plans = services.list_plans()
    plan_id = max(plans, key=lambda r: len(services.get_plan(r.plan_id).goals)).plan_id

    _load_provider_modules()
    theme = ThemeManager(100, "default", app)
    theme.apply(app)
    window = MainWindow(theme, settings, services)
    written: list[Path] = []
    try:
        for scale, theme_name in variants:
            theme.set_theme(theme_name)
            theme.set_scale(scale)
            window.resize(*SIZES.get(scale, SIZES[200]))
            window.show()
            ctx = ShotContext(app, window, services, theme, outdir, scale, theme_name, plan_id)
            ctx.settle()
            for name, fn in list(SCREENSHOT_PROVIDERS):
                if only and name not in only:
                    continue
                fn(ctx)
            written += ctx.written
    finally:
        window.close_plan(switch=False)
        window.close()
        _tear_down(app, window)
        services.store.close()
    return written


def _tear_down(app: Any, window: Any) -> None:
    """Delete the windows while Qt is still alive (Python's exit-time garbage collection is no place for it)."""
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent

    for top in app.topLevelWidgets():
        top.close()
        top.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    gc.collect()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("outdir", nargs="?", default="screenshots")
    parser.add_argument("--lang", default="en", help="language of the screens (sv or en)")
    parser.add_argument("--only", action="append", help="only this provider (may repeat)")
    args = parser.parse_args(argv)
    files = take_screenshots(Path(args.outdir), language=args.lang, only=set(args.only) if args.only else None)
    for path in files:
        print(path)
    print(f"{len(files)} screenshots in {args.outdir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    # Run the imported module's main, so providers registering with ``ui.screenshots`` reach this registry.
    from ui.screenshots import main as _imported_main

    sys.exit(_imported_main())
