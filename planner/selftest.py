"""``stegvis --self-test``: prove an installed or frozen build works end to end, without a screen.

Opens a temporary database, runs the migrations, writes demo data, renders both PDFs of a plan in both languages
exports and re-imports a person, and checks the translations load. Prints one line per check and exits 0, or 1 naming what failed.
"""

from __future__ import annotations

import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path


def run_self_test(out: Callable[[str], None] = print) -> int:
    from planner.i18n import _

    failures: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="stegvis-selftest-") as tmp:
        state: dict[str, object] = {}

        def step(name: str, action: Callable[[], object]) -> None:
            t0 = time.perf_counter()
            try:
                action()
            except Exception as exc:  # report and go on: one failure must not hide the next
                failures.append(name)
                out(f"FAIL {name}: {type(exc).__name__}: {exc}")
                traceback.print_exc(file=sys.stderr)
            else:
                out(f"ok   {name} ({(time.perf_counter() - t0) * 1000:.0f} ms)")

        def open_db() -> None:
            from planner.services import Services
            from planner.store import current_revision, head_revision, open_store

            store = open_store(Path(tmp) / "selftest.db")
            assert current_revision(store) == head_revision(store)
            state["services"] = Services(store, user="selftest")

        def demo() -> None:
            from planner.demo import fill_demo

            services = state["services"]
            fill_demo(services, people=3)  # type: ignore[arg-type]
            rows = services.list_plans()  # type: ignore[attr-defined]
            assert len(rows) == 3
            state["plan_id"] = rows[0].plan_id

        def pdfs() -> None:
            from planner.documents import render_plan_pdf

            for kind in ("easy_read", "full"):
                for lang in ("sv", "en"):
                    pdf = render_plan_pdf(state["services"], int(state["plan_id"]), kind, lang)  # type: ignore[call-overload,arg-type]
                    assert pdf.startswith(b"%PDF") and len(pdf) > 1000, (kind, lang)

        def exchange() -> None:
            from planner.exchange import export_person, import_person
            from planner.services import Services
            from planner.store import open_store

            services: Services = state["services"]  # type: ignore[assignment]
            document = export_person(services, services.get_plan(state["plan_id"]).person_id)  # type: ignore[arg-type]
            other = open_store(Path(tmp) / "exchange.db", auto_backup=False)
            try:
                target = Services(other, user="selftest")
                assert export_person(target, import_person(target, document)) == document
            finally:
                other.close()

        def translations() -> None:
            from planner.i18n import LANGUAGES, load_translations, using_language

            with using_language("sv"):
                assert _("Daily activity") != "Daily activity", "Swedish catalogue missing"
            for lang in LANGUAGES:  # installed, and no entry dropped for wrong {placeholders}
                rejected = getattr(load_translations(lang), "rejected", None)
                assert rejected == [], f"{lang} catalogue: {'missing' if rejected is None else rejected[:3]}"

        def check() -> None:
            from planner.store import integrity_problems

            services = state["services"]
            assert not integrity_problems(services.store)  # type: ignore[attr-defined]
            assert not services.audit_chain_problems()  # type: ignore[attr-defined]
            services.store.close()  # type: ignore[attr-defined]

        step("database and migrations", open_db)
        if "services" in state:
            step("demo data", demo)
        if "plan_id" in state:
            step("PDF documents", pdfs)
            step("export and import (JSON exchange)", exchange)
        step("translations", translations)
        if "services" in state:
            step("integrity and audit trail", check)
    total = time.perf_counter() - started
    if failures:
        out(f"self-test FAILED ({', '.join(failures)}) in {total:.1f} s")
        return 1
    out(f"self-test passed in {total:.1f} s")
    return 0
