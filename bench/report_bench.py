"""Benchmark (e): the outcomes report over a 10,000-person database. Target: under 2 s.

Measured: :func:`planner.reports.outcomes_report` for the last 12 months plus :func:`report_tables` (the small-cell
suppression), which is what the Resultat view and every export do. Baseline: one plain ``GROUP BY`` over the same
stage history, the least any report must read. Medians of ``rounds`` runs on a warm connection.

Usage: ``python bench/report_bench.py [DB] [--people N] [--rounds N]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _median_time(fn: Any, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def bench_report(db: Path | str | None = None, people: int = 10_000, rounds: int = 5) -> dict[str, Any]:
    """Time the report on ``db`` (made with ``people`` demo people in a temporary folder when not given)."""
    from sqlalchemy import func, select

    from planner.demo import fill_demo
    from planner.model import StageChange
    from planner.report_export import report_tables
    from planner.reports import outcomes_report
    from planner.services import Services
    from planner.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(db) if db is not None else Path(tmp) / "bench.db"
        store = open_store(path)
        services = Services(store, user="bench")
        if db is None:
            fill_demo(services, people=people)
        end = date.today()
        start = end - timedelta(days=365)

        def report() -> None:
            report_tables(outcomes_report(services, start, end))

        def report_only() -> None:
            outcomes_report(services, start, end)

        def baseline() -> None:
            with store.reading() as session:
                session.execute(select(StageChange.to_stage, func.count()).group_by(StageChange.to_stage)).all()

        report()  # warm the connection and the caches, as a second click in the app would
        baseline()
        result = {
            "median_s": _median_time(report, rounds),
            "report_only_median_s": _median_time(report_only, rounds),
            "baseline_median_s": _median_time(baseline, rounds),
            "baseline_name": "GROUP BY over the stage history",
            "people": people,
        }
        store.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", nargs="?")
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    data = bench_report(args.db, args.people, args.rounds)
    for key, value in data.items():
        print(f"{key:>22}: {value:.3f}" if isinstance(value, float) else f"{key:>22}: {value}")
    return 0 if data["median_s"] < 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
