"""The outcomes report on demo data: recomputed independently in plain Python, and its files are anonymous.

The recomputation reads the rows and applies the definitions in :mod:`planner.reports` one person at a time —
a different road (Python loops, no window functions) to the same numbers.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from datetime import date, datetime, time, timedelta
from statistics import median

import pytest
from sqlalchemy import select

from planner.demo import fill_demo
from planner.i18n import LOCAL_TZ, to_local
from planner.model import STAGE_RANK, Achievement, FollowUp, Goal, Person, Plan, StageChange
from planner.report_export import csv_header, json_text, report_tables, to_csv
from planner.reports import (
    DAILY_ACTIVITY_STAGES,
    GRACE_DAYS,
    RETENTION_HORIZONS,
    STAGES,
    WORK_OR_STUDIES,
    outcomes_report,
    timeline_points,
)

pytestmark = pytest.mark.core

TODAY = date(2026, 6, 30)
PERIODS = [(date(2025, 7, 1), date(2026, 6, 30)), (date(2024, 7, 1), date(2025, 6, 30))]


@pytest.fixture
def demo(services):  # type: ignore[no-untyped-def]
    fill_demo(services, people=160, today=TODAY)
    return services


def _recompute(services, start: date, end: date, unit_id: int | None = None) -> dict:
    with services.store.reading() as session:
        plans = session.execute(select(Plan.id, Plan.person_id, Plan.placement_unit_id)).all()
        changes = session.execute(select(StageChange.person_id, StageChange.id, StageChange.changed_on,
                                         StageChange.to_stage)).all()
        goals = session.execute(select(Goal.plan_id, Goal.achievement, Goal.achieved_on)).all()
        follow = session.execute(select(FollowUp.plan_id, FollowUp.planned_at, FollowUp.held_on,
                                        FollowUp.cancelled)).all()
    scope_plans = {p for p, _person, unit in plans if unit_id is None or unit == unit_id}
    people = {person for p, person, _unit in plans if p in scope_plans}
    history: dict[int, list] = {}
    for person, _ident, day, stage in sorted(changes, key=lambda c: (c[2], c[1])):
        if person not in people:
            continue
        h = history.setdefault(person, [])
        if not h or h[-1][1] != stage:
            h.append((day, stage))

    def stage_on(person: int, day: date):
        return next((s for d, s in reversed(history.get(person, [])) if d <= day), None)

    out: dict = {"people": len(people)}
    out["timeline"] = [(d, Counter(s for s in (stage_on(p, d) for p in people) if s)) for d in
                       timeline_points(start, end)]
    matrix: Counter = Counter()
    fwd, back = set(), set()
    ended: dict = {s: [] for s in STAGES}
    ongoing: dict = {s: [] for s in STAGES}
    left = []
    for person, h in history.items():
        for i, (day, stage) in enumerate(h):
            until = h[i + 1][0] if i + 1 < len(h) else None
            if until is not None and start <= until <= end:
                ended[stage].append((until - day).days)
            if day <= end and (until is None or until > end):
                ongoing[stage].append((end - day).days)
            if i == 0 or not start <= day <= end:
                continue
            prev = h[i - 1][1]
            matrix[(prev, stage)] += 1
            if STAGE_RANK[stage] > STAGE_RANK[prev]:
                fwd.add(person)
            if STAGE_RANK[stage] < STAGE_RANK[prev]:
                back.add(person)
        exits = [day for i, (day, stage) in enumerate(h) if i and start <= day <= end
                 and h[i - 1][1] in DAILY_ACTIVITY_STAGES and stage in WORK_OR_STUDIES]
        if exits:
            left.append((person, exits[0]))
    out.update(matrix=dict(matrix), people_forward=len(fwd), people_backward=len(back))
    out["ended"] = {s: (len(v), median(v) if v else None) for s, v in ended.items()}
    out["ongoing"] = {s: (len(v), median(v) if v else None) for s, v in ongoing.items()}
    out["left"] = len(left)
    out["retention"] = []
    for _months, days in RETENTION_HORIZONS:
        known = [(p, d + timedelta(days=days)) for p, d in left if d + timedelta(days=days) <= TODAY]
        still = [p for p, at in known if stage_on(p, at) in WORK_OR_STUDIES]
        out["retention"].append((len(known), len(still), len(left) - len(known)))
    achieved = [(p, day) for p, a, day in goals if p in scope_plans and a == Achievement.ACHIEVED
                and day is not None and start <= day <= end]
    person_of = {p: person for p, person, _unit in plans}
    out["goals"] = (len(achieved), len({person_of[p] for p, _d in achieved}))
    midnight = datetime.combine(TODAY, time(0), tzinfo=LOCAL_TZ)
    tally = Counter()
    for p, planned, held, cancelled in follow:
        local = to_local(planned).date()
        if p not in scope_plans or cancelled or not start <= local <= end:
            continue
        if held is not None:
            tally["on_time" if held <= local + timedelta(days=GRACE_DAYS) else "late"] += 1
        else:
            tally["overdue" if planned < midnight else "not_yet_due"] += 1
    out["follow_ups"] = (tally["on_time"], tally["late"], tally["overdue"], tally["not_yet_due"])
    return out


@pytest.mark.parametrize("period", PERIODS, ids=["last-year", "year-before"])
def test_demo_report_matches_an_independent_count(demo, period) -> None:
    r = outcomes_report(demo, *period, today=TODAY)
    want = _recompute(demo, *period)
    assert r.people == want["people"] == 160
    assert [(d, {s: n for s, n in c.items() if n}) for d, c in r.timeline] == \
        [(d, dict(c)) for d, c in want["timeline"]]
    assert r.matrix == want["matrix"]
    assert (r.people_forward, r.people_backward) == (want["people_forward"], want["people_backward"])
    assert r.backward > 0 and r.forward > r.backward  # the demo has steps back as well as forward
    for s in STAGES:
        assert (r.stays[s].ended, r.stays[s].median_ended) == want["ended"][s], s
        assert (r.stays[s].ongoing, r.stays[s].median_ongoing) == want["ongoing"][s], s
    assert r.left_daily_activity == want["left"] > 0
    assert [(x.known, x.still, x.not_yet_known) for x in r.retention] == want["retention"]
    assert (r.goals_achieved, r.people_with_goal_achieved) == want["goals"]
    fu = r.follow_ups
    assert (fu.on_time, fu.late, fu.overdue, fu.not_yet_due) == want["follow_ups"]


def test_demo_report_with_a_unit_filter_matches(demo) -> None:
    unit = demo.list_placement_units()[0]
    r = outcomes_report(demo, *PERIODS[0], unit.name, today=TODAY)
    want = _recompute(demo, *PERIODS[0], unit_id=unit.id)
    assert 0 < r.people == want["people"] < 160
    assert r.matrix == want["matrix"] and r.follow_ups.on_time == want["follow_ups"][0]


def test_demo_data_spans_two_years(demo) -> None:
    with demo.store.reading() as session:
        first = min(session.scalars(select(StageChange.changed_on)))
    assert (TODAY - first).days >= 700


# ------------------------------------------------------------------------------------------------ the files


def _identities(services) -> tuple[list[str], list[str]]:
    with services.store.reading() as session:
        rows = session.execute(select(Person.name, Person.preferred_name, Person.personal_number)).all()
    names = sorted({n for name, pref, _pn in rows for n in (name, pref) if n and " " in n} |
                   {name for name, _pref, _pn in rows})
    numbers = [pn for _n, _p, pn in rows if pn] + [pn[2:] for _n, _p, pn in rows if pn]
    return names, numbers


def _is_safe_count(text: str) -> bool:
    return text in ("<5", "..", "0") or (text.isdigit() and int(text) >= 5)


def test_csv_opens_in_excel_with_the_right_columns(demo) -> None:
    data = to_csv(outcomes_report(demo, *PERIODS[0], today=TODAY))
    assert data.startswith(b"\xef\xbb\xbf"), "a byte order mark, so Excel reads UTF-8"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == csv_header() == ["Table", "Row", "Column", "Value", "Kind"]
    assert all(len(row) == 5 for row in rows)
    tables = {row[0] for row in rows[1:]}
    assert {"About the report", "People per stage", "Changes of stage, from and to", "Time in each stage",
            "Left daily activity for work or studies", "Goals achieved", "Follow-ups"} <= tables
    kinds = Counter(row[4] for row in rows[1:])
    assert kinds["count"] > 100 and kinds["days"] > 0
    medians = [row[3] for row in rows if row[4] == "days" and row[3] not in ("..", "–")]
    assert medians and all(re.fullmatch(r"\d+(,\d)?", m) for m in medians), "decimal comma for Swedish Excel"


def test_csv_header_is_translated() -> None:
    from planner.i18n import using_language

    with using_language("sv"):
        header = csv_header()
    assert len(header) == 5


@pytest.mark.pdf
def test_no_exported_file_holds_a_name_an_identity_number_or_a_small_count(demo, tmp_path) -> None:
    import pdfplumber

    from planner.report_pdf import build_report_pdf

    report = outcomes_report(demo, *PERIODS[0], today=TODAY)
    tables = report_tables(report)
    assert any(c.text == "<5" for t in tables for _l, cells in t.rows for c in cells), "the demo has small cells"
    csv_text = to_csv(report, tables).decode("utf-8-sig")
    json_doc = json_text(report)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(build_report_pdf(report))
    with pdfplumber.open(pdf) as doc:
        pdf_text = "\n".join(page.extract_text() or "" for page in doc.pages)
    names, numbers = _identities(demo)
    for text in (csv_text, json_doc, pdf_text):
        for name in names:
            assert name not in text
        for number in numbers:
            assert number not in text

    for row in list(csv.reader(io.StringIO(csv_text), delimiter=";"))[1:]:
        if row[4] == "count":
            assert _is_safe_count(row[3]), row
    for table in json.loads(json_doc)["tables"]:
        for row in table["rows"]:
            for value, kind in zip(row["cells"], row["kinds"], strict=True):
                if kind == "count":
                    assert _is_safe_count(str(value)), (table["key"], row["label"], value)
    for line in pdf_text.splitlines():
        if "means" in line or line.startswith("Stegvis") or "days after the planned" in line:
            continue  # the legend ("1 to 4 people"), the footer ("Page 1") and the 7-day rule
        for token in re.findall(r"(?<![\d<.,-])\d+(?![\d,.-])", line):
            assert not 1 <= int(token) <= 4, f"a small count in the PDF: {line!r}"


def test_stegvis_report_writes_csv_pdf_and_json(tmp_path, capsys) -> None:
    from planner.cli import main
    from planner.services import Services
    from planner.store import open_store

    db = tmp_path / "demo.db"
    store = open_store(db)
    fill_demo(Services(store, user="t"), people=40, today=TODAY)
    store.close()
    base = ["report", "--db", str(db), "--from", "2025-07-01", "--to", "2026-06-30"]
    assert main([*base, "--csv", str(tmp_path / "r.csv")]) == 0
    assert (tmp_path / "r.csv").read_bytes().startswith(b"\xef\xbb\xbfTable;Row;Column;Value;Kind")
    assert main([*base, "--pdf", str(tmp_path / "r.pdf")]) == 0
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    capsys.readouterr()
    assert main([*base, "--unit", "Biblioteket", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["filters"]["unit"] == "Biblioteket" and doc["tables"]
    assert main([*base, "--unit", "Finns inte", "--json"]) == 1
    assert "Finns inte" in capsys.readouterr().err
    assert main([*base, "--coach", "nobody", "--json"]) == 1
    with pytest.raises(SystemExit) as usage:
        main(["report", "--db", str(db), "--from", "2025-13-01", "--to", "2026-06-30", "--json"])
    assert usage.value.code == 2 and "YYYY-MM-DD" in capsys.readouterr().err
    assert not list(tmp_path.glob(".*.tmp")), "no half-written file is left behind"


def test_report_modules_do_not_import_qt() -> None:
    import subprocess
    import sys

    code = ("import sys, planner.reports, planner.report_export, planner.report_pdf, planner.suppression, "
            "planner.cli_report; bad=[m for m in sys.modules if m.startswith('PySide6')]; sys.exit(1 if bad else 0)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0
