"""The smallest end-to-end check: a person and a plan on each backend, and planner free of Qt."""

import subprocess
import sys
from datetime import date

import pytest

pytestmark = pytest.mark.core


def test_person_and_plan_round_trip(services) -> None:
    person = services.create_person("Ali & <Söderström> 🙂 عائشة")
    plan = services.create_plan(person.id, period_start=date(2026, 1, 5))
    loaded = services.get_plan(plan.id)
    assert loaded.person.name == "Ali & <Söderström> 🙂 عائشة"
    assert services.audit_chain_problems() == []


def test_planner_does_not_import_qt() -> None:
    code = ("import sys, planner, planner.services, planner.cli, planner.demo, planner.store, planner.pictograms;"
            "bad=[m for m in sys.modules if m.startswith('PySide6')]; print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
