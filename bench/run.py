"""Stegvis benchmarks (``make bench``): every figure against a baseline measured in the same run, as medians.

Not a test: it prints a table and writes ``bench/RESULTS.md`` (date, machine, Python and Qt). Rows:

(a) start to the first window painted, and start to the plan list painted with rows, for ``stegvis`` on a
    10,000-person database, against the first paint of a bare PySide6 window. Each is a fresh subprocess
    (offscreen), rounds interleaved; the app prints milestones when ``STEGVIS_BENCH_MARKERS=1``
    (:mod:`ui.bench_markers`). Targets: 2x and 4x the bare window.
(b) filter keystroke latency in the plan list with 10,000 people: QTest key events into the search field, time
    until the filter proxy has refiltered, in a worker process that starts the real app (see filter_worker).
    Baseline: a bare QLineEdit driving a QSortFilterProxyModel over the same names. Target: 50 ms.
(c) the easy-read PDF of a 10-goal plan against a bare ReportLab document of the same text (bench/pdf_bench.py).
    Target: 3x.
(d) database file size with 10,000 people (baseline: an empty database) and the peak RSS of the app process with
    the list populated (baseline: the bare window). Targets: 100 MB and 300 MB.
(e) the outcomes report over 10,000 people (bench/report_bench.py). Target: under 2 s.

The 10,000-person database is made once with ``stegvis demo --people 10000`` and cached in ``bench/out/``
(remade when planner/demo.py or the migrations change). A part whose code has not landed prints "not available".

Usage: ``python bench/run.py [--rounds N] [--only a,b,c,d,e] [--no-write]``
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import platform
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "RESULTS.md"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MARK_PREFIX = "STEGVIS_BENCH"  # ui.bench_markers.PREFIX (not imported here: this process stays Qt-free)
RUN_TIMEOUT_S = 120.0
MB = 1024 * 1024

BARE_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
from ui import bench_markers
bench_markers.watch(app, list_needed=False)
window = QMainWindow()
window.setWindowTitle("bare")
window.setCentralWidget(QLabel("Stegvis"))
window.resize(1200, 800)
window.show()
sys.exit(app.exec())
"""


# ------------------------------------------------------------------------------------------------ results


@dataclass
class Row:
    """One line of the table. ``limit`` applies to ``value / baseline`` when ``relative``, else to ``value``."""

    key: str
    name: str
    unit: str
    limit: float
    relative: bool
    value: float | None = None
    baseline: float | None = None
    baseline_name: str = ""
    note: str = ""
    samples: list[float] = field(default_factory=list)
    strict: bool = False  # "<" rather than "<="

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline

    @property
    def met(self) -> bool | None:
        measured = self.ratio if self.relative else self.value
        if measured is None:
            return None
        return measured < self.limit if self.strict else measured <= self.limit

    def target_text(self) -> str:
        op = "<" if self.strict else "≤"
        if self.relative:
            return f"{op} {self.limit:g}× baseline"
        return f"{op} {_fmt(self.limit, self.unit)}"

    def verdict(self) -> str:
        if self.value is None:
            return "not available"
        return {True: "MET", False: "NOT MET", None: "—"}[self.met]


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "MB":
        return f"{value:.1f} MB"
    return f"{value:g} {unit}"


def _table(rows: Sequence[Row], markdown: bool) -> str:
    header = ["benchmark", "median", "baseline", "ratio", "target", "result"]
    lines = []
    for r in rows:
        base = _fmt(r.baseline, r.unit) if r.baseline is not None else "—"
        if r.baseline_name and r.baseline is not None:
            base = f"{base} ({r.baseline_name})"
        ratio = f"{r.ratio:.2f}×" if r.ratio is not None else "—"
        value = _fmt(r.value, r.unit) if r.value is not None else "not available"
        lines.append([r.name, value, base, ratio, r.target_text(), r.verdict()])
    if markdown:
        out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(cells) + " |" for cells in lines]
        return "\n".join(out)
    widths = [max(len(h), *(len(c[i]) for c in lines)) for i, h in enumerate(header)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [fmt.format(*header), fmt.format(*("-" * w for w in widths))]
    out += [fmt.format(*cells) for cells in lines]
    return "\n".join(out)


# ------------------------------------------------------------------------------------------------ the database


def _cache_key(people: int) -> str:
    digest = hashlib.sha256(f"people={people}".encode())
    for path in [ROOT / "planner" / "demo.py", *sorted((ROOT / "planner" / "migrations" / "versions").glob("*.py"))]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_database(people: int, log: Callable[[str], None]) -> Path:
    """The cached demo database with ``people`` people; made (atomically) when missing or stale."""
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"people-{people}.db"
    key_file = db.with_suffix(".key")
    key = _cache_key(people)
    if db.is_file() and key_file.is_file() and key_file.read_text().strip() == key:
        return db
    for stale in OUT.glob(f"people-{people}.db*"):
        stale.unlink()
    tmp = OUT / f"people-{people}.tmp.db"
    for leftover in OUT.glob(tmp.name + "*"):
        leftover.unlink()
    log(f"making the {people:,}-person demo database (once; cached in {OUT.relative_to(ROOT)}/) ...")
    t0 = time.perf_counter()
    env = _child_env(Path(tempfile.mkdtemp(prefix="stegvis-bench-demo-")))
    subprocess.run([sys.executable, "-m", "ui", "demo", "--db", str(tmp), "--people", str(people)],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    # fold the WAL into the file so its size is what a user would have after closing the app
    _checkpoint(tmp)
    for leftover in OUT.glob(tmp.name + "-*"):
        leftover.unlink()
    tmp.replace(db)
    key_file.write_text(key + "\n")
    log(f"  done in {time.perf_counter() - t0:.0f} s")
    return db


def _checkpoint(db: Path) -> None:
    import sqlite3

    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _file_size(db: Path) -> int:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*") if p.is_file())


def _empty_database_size(tmp: Path) -> int:
    from planner.store import open_store

    path = tmp / "empty.db"
    store = open_store(path)
    store.close()
    _checkpoint(path)
    return _file_size(path)


# ------------------------------------------------------------------------------------------------ subprocesses


def _child_env(tmp: Path) -> dict[str, str]:
    """Offscreen Qt; data, logs and settings in ``tmp``; settings say the first-run welcome was already seen."""
    env = dict(os.environ)
    config = tmp / "config"
    (config / "Stegvis").mkdir(parents=True, exist_ok=True)
    (config / "Stegvis" / "Stegvis.conf").write_text("[app]\nfirst_run_done=true\n")
    env.update({
        "QT_QPA_PLATFORM": "offscreen",
        "STEGVIS_BENCH_MARKERS": "1",
        "STEGVIS_DATA_DIR": str(tmp / "data"),
        "XDG_CONFIG_HOME": str(config),
        "PYTHONUNBUFFERED": "1",
    })
    env.pop("STEGVIS_DATABASE", None)
    return env


@dataclass
class StartRun:
    marks: dict[str, float]
    peak_rss: int | None  # bytes
    error: str = ""


def _reader(stream: Any, sink: queue.Queue[tuple[float, str] | None]) -> None:
    for line in iter(stream.readline, ""):
        sink.put((time.perf_counter(), line))
    sink.put(None)


def run_until_marks(cmd: list[str], env: dict[str, str], wanted: Sequence[str]) -> StartRun:
    """Start ``cmd``; collect ``STEGVIS_BENCH`` milestones (seconds since the start) until all ``wanted`` arrived.

    Then the process is ended and its peak RSS read from ``wait4`` (POSIX; None elsewhere).
    """
    with tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=err, text=True, bufsize=1)
        lines: queue.Queue[tuple[float, str] | None] = queue.Queue()
        threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True).start()
        marks: dict[str, float] = {}
        error = ""
        deadline = t0 + RUN_TIMEOUT_S
        while not all(w in marks for w in wanted):
            try:
                item = lines.get(timeout=max(0.0, deadline - time.perf_counter()))
            except queue.Empty:
                error = f"timed out after {RUN_TIMEOUT_S:.0f} s"
                break
            if item is None:
                error = f"exited with {proc.wait()} before {', '.join(w for w in wanted if w not in marks)}"
                break
            _received, line = item
            parts = line.split()
            if len(parts) == 3 and parts[0] == MARK_PREFIX:
                marks[parts[1]] = float(parts[2]) - t0
        peak = _end(proc)
        if error:
            err.seek(0)
            tail = err.read()[-2000:].strip()
            error = error + (f"; stderr: {tail}" if tail else "")
    return StartRun(marks, peak, error)


def _end(proc: subprocess.Popen[str]) -> int | None:
    """Stop the process; its peak resident set size in bytes when the OS says (wait4 on Linux and macOS)."""
    if proc.poll() is None:
        proc.kill()
    if hasattr(os, "wait4") and proc.returncode is None:
        with contextlib.suppress(ChildProcessError):
            _pid, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
            return int(usage.ru_maxrss) * scale
    proc.wait()
    return None


def bench_startup(db: Path, rounds: int, log: Callable[[str], None]) -> dict[str, Any]:
    """Interleaved runs of the bare window and the app; one warm-up of each first (disk cache, bytecode)."""
    tmp = Path(tempfile.mkdtemp(prefix="stegvis-bench-start-"))
    env = _child_env(tmp)
    app_cmd = [sys.executable, "-m", "ui", "--db", str(db)]
    bare_cmd = [sys.executable, "-c", BARE_WINDOW]
    bare: list[StartRun] = []
    app: list[StartRun] = []
    try:
        for i in range(rounds + 1):
            b = run_until_marks(bare_cmd, env, ["window_shown"])
            a = run_until_marks(app_cmd, env, ["window_shown", "list_populated"])
            for run, label in ((b, "bare window"), (a, "stegvis")):
                if run.error:
                    raise RuntimeError(f"{label}: {run.error}")
            if i == 0:
                continue  # warm-up
            bare.append(b)
            app.append(a)
            log(f"  round {i}/{rounds}: bare {b.marks['window_shown'] * 1000:.0f} ms, "
                f"stegvis window {a.marks['window_shown'] * 1000:.0f} ms, "
                f"list {a.marks['list_populated'] * 1000:.0f} ms")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    def med(values: list[float | int | None]) -> float | None:
        present = [v for v in values if v is not None]
        return statistics.median(present) if present else None

    return {
        "bare": [r.marks["window_shown"] for r in bare],
        "window": [r.marks["window_shown"] for r in app],
        "list": [r.marks["list_populated"] for r in app],
        "bare_rss": med([r.peak_rss for r in bare]),
        "app_rss": med([r.peak_rss for r in app]),
    }


# ------------------------------------------------------------------------------------------------ (b) filter


def bench_filter(db: Path, rounds: int) -> dict[str, Any]:
    """Runs :func:`filter_worker` in a fresh process (it starts the whole app) and returns its JSON."""
    tmp = Path(tempfile.mkdtemp(prefix="stegvis-bench-filter-"))
    try:
        env = _child_env(tmp)
        env.pop("STEGVIS_BENCH_MARKERS")
        result = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--filter-worker", str(db),
                                 "--rounds", str(rounds)], cwd=ROOT, env=env, capture_output=True, text=True,
                                timeout=600)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lines = [ln for ln in result.stdout.splitlines() if ln.startswith("{")]
    data = json.loads(lines[-1]) if lines else {}
    if result.returncode != 0 or not lines:
        detail = data.get("error") or result.stderr.strip()[-1500:]
        raise RuntimeError(f"filter worker failed ({result.returncode}): {detail}")
    return data


def filter_worker(db: Path, rounds: int) -> int:
    """In one process: start Stegvis on ``db`` (ui.app.run_gui, offscreen), then type into its search field.

    For each keystroke: QTest.keyClick, then let the event loop run until the filter proxy's last row signal;
    the latency is from the key press to that signal. Keystrokes that leave the shown rows unchanged emit no
    signal and are not counted. The same keystrokes then go into a bare QLineEdit + QSortFilterProxyModel over
    the same names (the baseline).
    """
    from PySide6.QtCore import QSortFilterProxyModel, QStringListModel, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QLineEdit

    import ui  # noqa: F401 - before the first Qt call: ui.qt_compat

    app = QApplication.instance() or QApplication([sys.argv[0]])
    result: dict[str, Any] = {}

    def largest_proxy_view() -> QAbstractItemView | None:
        """The plan list: "planTable" if there is one, else the visible filtered view with the most rows."""
        views = [w for w in app.allWidgets() if isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView)
                 and isinstance(w.model(), QSortFilterProxyModel)]
        named = [w for w in views if w.objectName() == "planTable"]
        if named:
            return named[0]
        return max(views, key=lambda w: (w.isVisible(), w.model().rowCount()), default=None)

    def search_field() -> QLineEdit | None:
        fields = [w for w in app.allWidgets() if isinstance(w, QLineEdit) and w.isVisible()]
        for w in fields:
            if w.objectName().lower() in ("search", "filter", "searchfield", "planfilter"):
                return w
        return fields[0] if fields else None

    def measure(field_: QLineEdit, proxy: QSortFilterProxyModel, keys: list[str],
                debounced: bool = False) -> tuple[list[float], bool]:
        """Latency of each keystroke in ms, and whether the proxy was seen refiltering after the event queue drained.

        Not debounced (the field refilters at once or from a zero-time timer): the keystroke is done when a
        zero-time timer started after it fires, since Qt fires such timers in the order they were started; a
        keystroke that leaves the shown rows unchanged counts too. Debounced (signals came late in the warm-up):
        the keystroke is done at the proxy's last row signal, and keystrokes without one are not counted.
        """
        seen: list[float] = []

        def on_signal(*_args: Any) -> None:
            seen.append(time.perf_counter())

        signals = (proxy.rowsInserted, proxy.rowsRemoved, proxy.layoutChanged, proxy.modelReset)
        for signal in signals:
            signal.connect(on_signal)
        latencies: list[float] = []
        late = False
        sentinel = QTimer()
        sentinel.setSingleShot(True)
        sentinel.setInterval(0)
        try:
            for key in keys:
                seen.clear()
                drained: list[float] = []
                t0 = time.perf_counter()
                if key == "\b":
                    QTest.keyClick(field_, Qt.Key.Key_Backspace)
                else:
                    QTest.keyClicks(field_, key)
                sentinel.timeout.connect(lambda drained=drained: drained.append(time.perf_counter()))
                sentinel.start()  # a real zero-time timer (singleShot(0) would be a posted call, run earlier)
                while not drained:
                    app.processEvents()
                sentinel.timeout.disconnect()
                if not debounced:
                    latencies.append((drained[0] - t0) * 1000)
                    continue
                count, deadline = len(seen), time.perf_counter() + 0.3
                while time.perf_counter() < deadline:  # wait out a debounce, until 100 ms without a signal
                    app.processEvents()
                    if len(seen) != count:
                        count, deadline = len(seen), time.perf_counter() + 0.1
                if seen:
                    latencies.append((seen[-1] - t0) * 1000)
                    late = late or seen[-1] > drained[0]
        finally:
            for signal in signals:
                signal.disconnect(on_signal)
        return latencies, late

    def key_sequences(proxy: QSortFilterProxyModel, n: int) -> list[list[str]]:
        """For each round, the first letters of a name from a different part of the list, then backspaces."""
        total = proxy.rowCount()
        seqs = []
        for i in range(n):
            text = str(proxy.index((total * (2 * i + 1)) // (2 * n), 0).data() or "")
            prefix = text[:6] or "ab"
            seqs.append(list(prefix) + ["\b"] * len(prefix))
        return seqs

    def run_measurements() -> None:
        try:
            view = largest_proxy_view()
            field_ = search_field()
            if view is None or field_ is None:
                raise RuntimeError("no filtered list view or search field found in the main window")
            proxy = view.model()
            assert isinstance(proxy, QSortFilterProxyModel)
            rows = proxy.rowCount()
            sequences = key_sequences(proxy, rounds)
            names = [str(proxy.index(r, 0).data() or "") for r in range(rows)]
            field_.setFocus()
            _warm, debounced = measure(field_, proxy, sequences[0], debounced=True)  # warm-up; is it debounced?
            app_samples = [ms for seq in sequences for ms in measure(field_, proxy, seq, debounced)[0]]

            # baseline: the same names in a bare line edit + C++ fixed-string filter
            bare_model = QStringListModel(names)
            bare_proxy = QSortFilterProxyModel()
            bare_proxy.setSourceModel(bare_model)
            bare_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            bare_field = QLineEdit()
            bare_field.textChanged.connect(bare_proxy.setFilterFixedString)
            bare_field.show()
            bare_field.setFocus()
            measure(bare_field, bare_proxy, sequences[0])
            bare_samples = [ms for seq in sequences for ms in measure(bare_field, bare_proxy, seq)[0]]
            result.update(rows=rows, app_ms=app_samples, bare_ms=bare_samples, debounced=debounced)
        except Exception as exc:  # noqa: BLE001 - reported as the row's note
            result["error"] = f"{type(exc).__name__}: {exc}"
            traceback.print_exc()
        finally:
            app.quit()

    started = time.perf_counter()

    def wait_for_list() -> None:
        view = largest_proxy_view()
        if view is not None and view.model().rowCount() > 0 and view.isVisible():
            QTimer.singleShot(200, run_measurements)  # let the first paint and the follow-ups settle
            return
        if time.perf_counter() - started > RUN_TIMEOUT_S:
            result["error"] = "the plan list never filled"
            app.quit()
            return
        QTimer.singleShot(20, wait_for_list)

    QTimer.singleShot(0, wait_for_list)
    from ui.app import run_gui

    run_gui(["--db", str(db)])
    print(json.dumps(result))
    return 0 if "error" not in result else 1


# ------------------------------------------------------------------------------------------------ (c), (e)


def _import_bench(name: str) -> Any:
    """bench/<name>.py as a module, or None when it has not landed yet."""
    path = ROOT / "bench" / f"{name}.py"
    if not path.is_file():
        return None
    import importlib

    return importlib.import_module(f"bench.{name}")


def _pick(data: dict[str, Any], *names: str) -> Any:
    for name in names:
        if name in data and data[name] is not None:
            return data[name]
    return None


# ------------------------------------------------------------------------------------------------ machine


def machine_info() -> dict[str, str]:
    info = {"uname": " ".join(platform.uname()), "python": sys.version.split()[0]}
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        info["uname"] = subprocess.run(["uname", "-a"], capture_output=True, text=True, timeout=10).stdout.strip() \
            or info["uname"]
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    info.setdefault("cpu", platform.processor() or platform.machine())
    info["cpus"] = str(os.cpu_count())
    if hasattr(os, "getloadavg"):
        info["load"] = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory"] = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    try:
        out = subprocess.run([sys.executable, "-c", "import PySide6, PySide6.QtCore as c; "
                              "print(PySide6.__version__, c.qVersion())"], capture_output=True, text=True, timeout=60)
        pyside, qt = out.stdout.split()
        info["pyside"], info["qt"] = pyside, qt
    except (ValueError, OSError, subprocess.SubprocessError):
        info["pyside"] = info["qt"] = "unknown"
    return info


# ------------------------------------------------------------------------------------------------ main


def run(rounds: int, people: int, only: set[str], write: bool) -> int:
    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    rows = {
        "a1": Row("a1", "(a) start → first window shown", "s", 2.0, True, baseline_name="bare PySide6 window"),
        "a2": Row("a2", "(a) start → plan list populated", "s", 4.0, True, baseline_name="bare PySide6 window"),
        "b": Row("b", f"(b) filter keystroke, {people:,} people", "ms", 50.0, False,
                 baseline_name="bare QLineEdit + proxy"),
        "c": Row("c", "(c) easy-read PDF, 10-goal plan", "s", 3.0, True, baseline_name="bare ReportLab"),
        "d1": Row("d1", f"(d) database file, {people:,} people", "MB", 100.0, False, baseline_name="empty database"),
        "d2": Row("d2", "(d) peak RSS, list populated", "MB", 300.0, False, baseline_name="bare window"),
        "e": Row("e", f"(e) outcomes report, {people:,} people", "s", 2.0, False, strict=True),
    }
    needs_db = bool(only & {"a", "b", "d", "e"})
    db = ensure_database(people, log) if needs_db else None

    def attempt(part: str, keys: Sequence[str], action: Callable[[], None]) -> None:
        if part not in only:
            for k in keys:
                rows[k].note = "not run (--only)"
            return
        log(f"{part}) ...")
        try:
            action()
        except Exception as exc:  # noqa: BLE001 - one failing part must not hide the others
            for k in keys:
                rows[k].note = f"failed: {type(exc).__name__}: {str(exc)[:300]}"
            log(f"  failed: {exc}")

    started: dict[str, Any] = {}

    def part_a() -> None:
        assert db is not None
        started.update(bench_startup(db, rounds, log))
        rows["a1"].samples, rows["a2"].samples = started["window"], started["list"]
        rows["a1"].value = statistics.median(started["window"])
        rows["a2"].value = statistics.median(started["list"])
        rows["a1"].baseline = rows["a2"].baseline = statistics.median(started["bare"])

    def part_b() -> None:
        assert db is not None
        data = bench_filter(db, rounds)
        if "error" in data:
            raise RuntimeError(data["error"])
        if not data["app_ms"]:
            raise RuntimeError("no keystroke changed the list")
        rows["b"].samples = data["app_ms"]
        rows["b"].value = statistics.median(data["app_ms"])
        rows["b"].baseline = statistics.median(data["bare_ms"]) if data["bare_ms"] else None
        rows["b"].note = (f"{len(data['app_ms'])} keystrokes over {data['rows']:,} rows"
                          + ("; the search field is debounced: timed to the proxy's last row signal"
                             if data.get("debounced") else ""))

    def part_c() -> None:
        module = _import_bench("pdf_bench")
        if module is None or not hasattr(module, "bench_easy_read"):
            rows["c"].note = "bench/pdf_bench.py has not landed"
            return
        data = module.bench_easy_read(max(20, 3 * rounds))  # a build takes well under a second: more rounds
        rows["c"].value = _pick(data, "stegvis_median_s", "easy_read_median_s", "median_s", "stegvis_s", "value")
        rows["c"].baseline = _pick(data, "baseline_median_s", "bare_median_s", "reportlab_median_s", "baseline_s",
                                   "baseline")
        if rows["c"].value is None:
            raise RuntimeError(f"bench_easy_read returned {sorted(data)}")

    def part_d() -> None:
        assert db is not None
        rows["d1"].value = _file_size(db) / MB
        with tempfile.TemporaryDirectory(prefix="stegvis-bench-empty-") as tmp:
            rows["d1"].baseline = _empty_database_size(Path(tmp)) / MB
        if "a" not in only:
            rows["d2"].note = "needs (a)"
            return
        if started.get("app_rss") is None:
            rows["d2"].note = "peak RSS is not reported on this OS"
            return
        rows["d2"].value = started["app_rss"] / MB
        rows["d2"].baseline = started["bare_rss"] / MB if started.get("bare_rss") else None

    def part_e() -> None:
        module = _import_bench("report_bench")
        if module is None or not hasattr(module, "bench_report"):
            rows["e"].note = "bench/report_bench.py has not landed"
            return
        data = _call_report_bench(module.bench_report, db, people, rounds)
        rows["e"].value = _pick(data, "median_s", "report_median_s", "stegvis_median_s", "value", "seconds")
        rows["e"].baseline = _pick(data, "baseline_median_s", "baseline_s", "baseline")
        rows["e"].baseline_name = str(_pick(data, "baseline_name") or "")
        if rows["e"].value is None:
            raise RuntimeError(f"bench_report returned {sorted(data)}")

    attempt("a", ["a1", "a2"], part_a)
    attempt("b", ["b"], part_b)
    attempt("c", ["c"], part_c)
    attempt("d", ["d1", "d2"], part_d)
    attempt("e", ["e"], part_e)

    table = list(rows.values())
    print()
    print(_table(table, markdown=False))
    notes = [f"{r.name}: {r.note}" for r in table if r.note]
    if notes:
        print()
        print("\n".join(notes))
    met = [r for r in table if r.met is True]
    measured = [r for r in table if r.met is not None]
    print(f"\n{len(met)} of {len(measured)} measured targets met ({len(table) - len(measured)} not available).")
    if write:
        _write_results(table, rounds, people)
        print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


def _call_report_bench(fn: Callable[..., Any], db: Path | None, people: int, rounds: int) -> dict[str, Any]:
    """bench_report() takes what it takes: try the cached database, then no arguments."""
    import inspect

    params = inspect.signature(fn).parameters
    kwargs: dict[str, Any] = {}
    for name in params:
        if name in ("db", "db_path", "database", "path") and db is not None:
            kwargs[name] = db
        elif name in ("people",):
            kwargs[name] = people
        elif name in ("rounds", "repeat", "repeats"):
            kwargs[name] = rounds
    data = fn(**kwargs)
    if isinstance(data, (int, float)):
        return {"median_s": float(data)}
    return dict(data)


def _write_results(rows: Sequence[Row], rounds: int, people: int) -> None:
    info = machine_info()
    now = dt.datetime.now().astimezone()
    lines = [
        "# Benchmark results",
        "",
        f"Measured with `make bench` (`bench/run.py --rounds {rounds}`) on {now:%Y-%m-%d %H:%M %Z}. Medians of "
        f"{rounds} rounds; each figure's baseline was measured in the same run. Targets from issue 8.",
        "",
        _table(rows, markdown=True),
        "",
    ]
    notes = [f"- {r.name}: {r.note}" for r in rows if r.note]
    if notes:
        lines += ["Notes:", "", *notes, ""]
    lines += [
        "## Machine",
        "",
        f"- `uname -a`: `{info['uname']}`",
        f"- CPU: {info['cpu']} ({info['cpus']} logical CPUs){', ' + info['memory'] + ' RAM' if 'memory' in info else ''}",
        f"- Python {info['python']}, PySide6 {info['pyside']}, Qt {info['qt']}",
        f"- Qt platform: offscreen; database: `stegvis demo --people {people}` (SQLite)",
        *([f"- Load average when the run ended (1, 5, 15 min): {info['load']} — other work on the machine slows "
           "the app (two threads) more than the single-threaded baselines"] if "load" in info else []),
        "",
        "## How each figure is measured",
        "",
        "- (a) A fresh process per run, bare window and app interleaved, one warm-up each. The time is from just "
        "before the parent starts the process to the end of the first frame that paints the window, and the first "
        "frame that paints the plan list with rows (`ui/bench_markers.py`, `STEGVIS_BENCH_MARKERS=1`).",
        "- (b) One process starts the app and types the first letters of names from different parts of the list, "
        "then deletes them, into the search field with `QTest`; latency is from the key press until a zero-time "
        "timer started after it fires, i.e. after the field's own (zero-time) filter timer has refiltered the "
        "proxy; every keystroke counts, also those that leave the rows unchanged. (A debounced field would be "
        "timed to the proxy's last row signal instead.) Baseline: a bare `QLineEdit` driving a C++ "
        "`QSortFilterProxyModel` over the same names.",
        "- (c) `bench/pdf_bench.py`: the easy-read PDF of a 10-goal plan against a bare ReportLab document of the "
        "same text.",
        "- (d) File size after a WAL checkpoint; peak RSS (`wait4` ru_maxrss) of the app process from (a), ended "
        "right after the list was painted.",
        "- (e) `bench/report_bench.py`: the outcomes report over the whole database.",
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="measured rounds per figure (default 7)")
    parser.add_argument("--people", type=int, default=10_000, help="people in the database (default 10,000)")
    parser.add_argument("--only", default="a,b,c,d,e", help="comma-separated parts to run (default all)")
    parser.add_argument("--no-write", action="store_true", help=f"do not write {RESULTS.relative_to(ROOT)}")
    parser.add_argument("--filter-worker", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.filter_worker:
        return filter_worker(Path(args.filter_worker), args.rounds)
    only = {p.strip() for p in args.only.split(",") if p.strip()}
    return run(max(1, args.rounds), args.people, only, write=not args.no_write)


if __name__ == "__main__":
    sys.exit(main())
