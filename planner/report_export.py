"""The outcomes report as tables with small counts suppressed, and its CSV and JSON files.

Everything a person sees or exports goes through :func:`report_tables`: figures that are tied together (a count
that appears in two tables, or a total and its cells) are protected together, so no table can be combined with
another to work out a small count. The files hold these tables only: counts, medians and dates, never a name.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from planner.i18n import N_, _, format_date
from planner.model import STAGE_LABELS, STAGE_RANK, Stage
from planner.reports import GRACE_DAYS, STAGES, OutcomeReport
from planner.suppression import (
    HIDDEN_TEXT,
    NO_DATA_TEXT,
    SMALL_TEXT,
    Key,
    Protected,
    Status,
    legend,
    protect,
    protect_table,
)

COUNT, DAYS, DATE, TEXT = "count", "days", "date", "text"
KIND_LABELS = {COUNT: N_("count"), DAYS: N_("days"), DATE: N_("date"), TEXT: N_("text")}
# Short stage names for column headers, where the full names do not fit.
STAGE_SHORT_LABELS: dict[Stage, str] = {
    Stage.DAILY_ACTIVITY: N_("Daily activity"),
    Stage.WORK_ORIENTED: N_("Work-oriented"),
    Stage.INTERNSHIP: N_("Internship"),
    Stage.SUPPORTED_EMPLOYMENT: N_("Supported job"),
    Stage.REGULAR_EMPLOYMENT: N_("Regular job"),
    Stage.STUDIES: N_("Studies"),
    Stage.CONTINUED_SUPPORT: N_("Continued support"),
}


@dataclass(frozen=True)
class Cell:
    """One published figure: ``text`` is what is shown; ``value`` is set only when the figure may be shown."""

    text: str
    value: int | float | None
    kind: str = COUNT

    @property
    def suppressed(self) -> bool:
        return self.text in (SMALL_TEXT, HIDDEN_TEXT)


@dataclass(frozen=True)
class ReportTable:
    key: str
    title: str
    description: str  # one sentence: what the table shows and how it is counted
    columns: list[str]  # headers of the value columns (the row label column is ``row_header``)
    rows: list[tuple[str, list[Cell]]]
    row_header: str = ""

    def column(self, index: int) -> list[Cell]:
        return [cells[index] for _label, cells in self.rows]


def _cell(p: Protected, key: Key) -> Cell:
    return Cell(p.text(key), p.shown(key), COUNT)


def _days(value: float | None, count: int) -> Cell:
    """A median of days: hidden when it describes 1-4 people, "–" when there is none."""
    if value is None or count == 0:
        return Cell(NO_DATA_TEXT, None, DAYS)
    if 1 <= count <= 4:
        return Cell(HIDDEN_TEXT, None, DAYS)
    shown: int | float = int(value) if float(value).is_integer() else round(float(value), 1)
    return Cell(str(shown), shown, DAYS)


def _stage(stage: Stage) -> str:
    return _(STAGE_LABELS[stage])


def _short(stage: Stage) -> str:
    return _(STAGE_SHORT_LABELS[stage])


def _day(day: date) -> str:
    return format_date(day, "short")


def report_tables(report: OutcomeReport) -> list[ReportTable]:
    """The report as suppressed tables, in the order they are shown and printed."""
    n = len(STAGES)
    all_label = _("All")

    # stage counts over time: one row per day, with its total (people with a stage that day)
    days = [d for d, _counts in report.timeline]
    time_cells = [[counts[s] for s in STAGES] for _d, counts in report.timeline]
    timeline = protect_table(time_cells, row_totals=True, col_totals=False)

    # changes: from-to matrix with totals, and the forward / back / sideways sums tied to it
    matrix = [[report.matrix.get((a, b), 0) for b in STAGES] for a in STAGES]
    direction = {"forward": [], "backward": [], "sideways": []}  # type: dict[str, list[tuple[Key, int]]]
    for i, a in enumerate(STAGES):
        for j, b in enumerate(STAGES):
            if i != j:
                name = "forward" if STAGE_RANK[b] > STAGE_RANK[a] else "backward" if STAGE_RANK[b] < STAGE_RANK[a] \
                    else "sideways"
                direction[name].append((("cell", i, j), 1))
    sums: dict[Key, int] = {"forward": report.forward, "backward": report.backward, "sideways": report.sideways}
    changes = protect_table(matrix, extra=sums, extra_keep={"forward": 3, "backward": 3, "sideways": 1},
                            extra_lines=[[*cells, (name, -1)] for name, cells in direction.items()])
    people = protect({"people": report.people, "forward": report.people_forward,
                      "backward": report.people_backward})

    tables: list[ReportTable] = []
    tables.append(ReportTable(
        "summary", _("People in the report"),
        _("People with a plan that matches the filters, and how many of them changed stage in the period."),
        [_("Number")],
        [(_("People in the report"), [_cell(people, "people")]),
         (_("People who took at least one step forward"), [_cell(people, "forward")]),
         (_("People who took at least one step back"), [_cell(people, "backward")])]))

    first, last = 0, len(days) - 1
    tables.append(ReportTable(
        "stages", _("People per stage"),
        _("How many people were at each stage on the first and the last day of the period."),
        [_("On {day}").format(day=_day(days[first])), _("On {day}").format(day=_day(days[last]))],
        [*[(_stage(s), [_cell(timeline, ("cell", first, j)), _cell(timeline, ("cell", last, j))])
           for j, s in enumerate(STAGES)],
         (_("All people with a stage"), [_cell(timeline, ("row", first)), _cell(timeline, ("row", last))])],
        _("Stage")))

    tables.append(ReportTable(
        "flow", _("Steps on the pathway"),
        _("Changes of stage in the period. A step forward is a move to a stage closer to work."),
        [_("Changes")],
        [(_("Steps forward"), [_cell(changes, "forward")]),
         (_("Steps back"), [_cell(changes, "backward")]),
         (_("Changes to a stage at the same level"), [_cell(changes, "sideways")]),
         (_("All changes"), [_cell(changes, ("all",))])]))

    tables.append(ReportTable(
        "matrix", _("Changes of stage, from and to"),
        _("Each row is the stage people left, each column the stage they moved to."),
        [*(_short(s) for s in STAGES), all_label],
        [*[(_stage(a), [*(_cell(changes, ("cell", i, j)) for j in range(n)), _cell(changes, ("row", i))])
           for i, a in enumerate(STAGES)],
         (all_label, [*(_cell(changes, ("col", j)) for j in range(n)), _cell(changes, ("all",))])],
        _("From \\ to")))

    tables.append(ReportTable(
        "timeline", _("People per stage over time"),
        _("How many people were at each stage on each day, usually the last day of each month."),
        [*(_short(s) for s in STAGES), all_label],
        [(_day(d), [*(_cell(timeline, ("cell", i, j)) for j in range(n)), _cell(timeline, ("row", i))])
         for i, d in enumerate(days)],
        _("Day")))

    stay_rows = []
    for j, s in enumerate(STAGES):
        st = report.stays[s]  # the stays that ended are the changes away from the stage: one figure, one status
        stay_rows.append((_stage(s), [_cell(changes, ("row", j)), _days(st.median_ended, st.ended),
                                      _cell(timeline, ("cell", last, j)), _days(st.median_ongoing, st.ongoing)]))
    tables.append(ReportTable(
        "stays", _("Time in each stage"),
        _("The median number of days: half of the stays were shorter, half were longer."),
        [_("Stays that ended in the period"), _("Median days"), _("People in the stage at the end"),
         _("Median days so far")], stay_rows, _("Stage")))

    left = report.left_daily_activity
    values: dict[Key, int] = {"left": left}
    lines = []
    for i, r in enumerate(report.retention):
        values.update({(i, "still"): r.still, (i, "no"): r.no_longer, (i, "unknown"): r.not_yet_known})
        lines.append([((i, "still"), 1), ((i, "no"), 1), ((i, "unknown"), 1), ("left", -1)])
    kept = protect(values, lines, {"left": 2})
    unknown = _("not yet known")
    ret_rows = []
    for i, r in enumerate(report.retention):
        pending = r.known == 0 and left > 0
        ret_rows.append((_("{months} months later").format(months=r.months), [
            Cell(unknown, None, TEXT) if pending else _cell(kept, (i, "still")),
            Cell(unknown, None, TEXT) if pending else _cell(kept, (i, "no")),
            _cell(kept, (i, "unknown")), _cell(kept, "left")]))
    tables.append(ReportTable(
        "left", _("Left daily activity for work or studies"),
        _("People who moved from daily activity to a job, studies or continued support in the period, and "
          "where they were 6 and 12 months later. Later than today is not yet known."),
        [_("Still had work or studies"), _("No longer"), _("Not yet known"), _("All who left")], ret_rows))

    goals = protect({"goals": report.goals_achieved, "people": report.people_with_goal_achieved})
    tables.append(ReportTable(
        "goals", _("Goals achieved"), _("Goals marked as achieved with a date in the period."), [_("Number")],
        [(_("Goals achieved"), [_cell(goals, "goals")]),
         (_("People with at least one goal achieved"), [_cell(goals, "people")])]))

    fu = report.follow_ups
    follow = protect_table([[fu.on_time, fu.late, fu.overdue, fu.not_yet_due]], row_totals=True, col_totals=False)
    labels = [_("Held on time"), _("Held late"), _("Overdue, not held"), _("Not yet due")]
    tables.append(ReportTable(
        "follow_ups", _("Follow-ups"),
        _("Follow-up meetings planned in the period. On time means held at most {days} days after the planned "
          "day; overdue means not held and planned before today.").format(days=GRACE_DAYS),
        [_("Follow-ups")],
        [*[(label, [_cell(follow, ("cell", 0, j))]) for j, label in enumerate(labels)],
         (_("All planned follow-ups"), [_cell(follow, ("row", 0))])]))
    return tables


# ------------------------------------------------------------------------------------------------ about


def report_about(report: OutcomeReport) -> list[tuple[str, str, str]]:
    """Period and filters, for the top of every file: (label, value, kind)."""
    return [
        (_("From"), report.start.isoformat(), DATE),
        (_("To"), report.end.isoformat(), DATE),
        (_("Placement unit"), report.unit or _("All"), TEXT),
        (_("Coach"), report.coach or _("All"), TEXT),
        (_("Actor"), report.actor or _("All"), TEXT),
        (_("Counted on"), report.as_of.isoformat(), DATE),
    ]


def report_notes(report: OutcomeReport) -> list[str]:
    return [*report.notes, legend(), _("{none} means that there is nothing to count.").format(none=NO_DATA_TEXT)]


# ------------------------------------------------------------------------------------------------ files


def csv_header() -> list[str]:
    return [_("Table"), _("Row"), _("Column"), _("Value"), _("Kind")]


def to_csv(report: OutcomeReport, tables: list[ReportTable] | None = None) -> bytes:
    """UTF-8 with a byte order mark and semicolons: Excel set to Swedish opens it in columns, with å, ä, ö."""
    tables = tables if tables is not None else report_tables(report)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(csv_header())
    about = _("About the report")
    for label, value, kind in report_about(report):
        writer.writerow([about, label, "", value, _(KIND_LABELS[kind])])
    for note in report_notes(report):
        writer.writerow([about, _("Note"), "", note, _(KIND_LABELS[TEXT])])
    for table in tables:
        for row_label, cells in table.rows:
            for column, cell in zip(table.columns, cells, strict=True):
                writer.writerow([table.title, row_label, column, _csv_value(cell), _(KIND_LABELS[cell.kind])])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_value(cell: Cell) -> str:
    if isinstance(cell.value, float):
        return f"{cell.value:.1f}".replace(".", ",")  # Swedish decimal comma
    return cell.text


def to_json(report: OutcomeReport, tables: list[ReportTable] | None = None) -> dict[str, Any]:
    tables = tables if tables is not None else report_tables(report)
    return {
        "report": "stegvis-outcomes",
        "format": 1,
        "period": {"from": report.start.isoformat(), "to": report.end.isoformat()},
        "counted_on": report.as_of.isoformat(),
        "filters": {"unit": report.unit, "coach": report.coach, "actor": report.actor},
        "markers": {"small": SMALL_TEXT, "hidden": HIDDEN_TEXT, "none": NO_DATA_TEXT},
        "notes": report_notes(report),
        "tables": [{
            "key": t.key, "title": t.title, "description": t.description, "row_header": t.row_header,
            "columns": t.columns,
            "rows": [{"label": label, "cells": [c.value if c.value is not None else c.text for c in cells],
                      "kinds": [c.kind for c in cells]} for label, cells in t.rows],
        } for t in tables],
    }


def json_text(report: OutcomeReport) -> str:
    return json.dumps(to_json(report), ensure_ascii=False, indent=2) + "\n"


def statuses(tables: list[ReportTable]) -> dict[str, int]:
    """How many figures are shown, small and hidden (for a line under the tables)."""
    counts = {Status.SHOWN.value: 0, Status.SMALL.value: 0, Status.HIDDEN.value: 0}
    for t in tables:
        for _label, cells in t.rows:
            for c in cells:
                key = Status.SMALL if c.text == SMALL_TEXT else Status.HIDDEN if c.text == HIDDEN_TEXT \
                    else Status.SHOWN
                counts[key.value] += 1
    return counts
