"""The “Resultat” view: the suppressed tables on screen, a chart beside each, names for screen readers, export."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QDateEdit, QTableView, QWidget

from planner.demo import fill_demo
from planner.report_export import report_tables
from planner.reports import outcomes_report

pytestmark = pytest.mark.gui

TODAY = date(2026, 6, 30)
START, END = date(2025, 7, 1), date(2026, 6, 30)


@pytest.fixture
def view(qtbot, sqlite_services):  # type: ignore[no-untyped-def]
    from ui.views.results_view import ResultsView

    fill_demo(sqlite_services, people=120, today=TODAY)
    v = ResultsView(sqlite_services, today=TODAY)
    qtbot.addWidget(v)
    v.resize(1280, 900)
    v.show()
    v.start_edit.setDate(START)
    v.end_edit.setDate(END)
    return v


def _settle(qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.wait(30)


def test_shows_the_same_suppressed_tables_as_the_export(view, qtbot, sqlite_services) -> None:
    assert view.period.currentData() == "own", "editing a date switches the period to own dates"
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    _settle(qtbot)
    want = report_tables(outcomes_report(sqlite_services, START, END, today=TODAY))
    sections = view.sections()
    assert [s.table_view.model().table.key for s in sections] == [t.key for t in want]
    for section, table in zip(sections, want, strict=True):
        model = section.table_view.model()
        shown = [[model.index(r, c).data() for c in range(1, model.columnCount())] for r in range(model.rowCount())]
        assert shown == [[c.text for c in cells] for _l, cells in table.rows]
        for row in shown:
            for text in row:
                assert not (text.isdigit() and 1 <= int(text) <= 4), "a small count on screen"
    assert any(c.text == "<5" for t in want for _l, cells in t.rows for c in cells)


def test_every_chart_has_its_table_beside_it_and_a_name(view, qtbot) -> None:
    view.refresh()
    _settle(qtbot)
    charts = [s for s in view.sections() if s.chart is not None]
    assert {s.table_view.model().table.key for s in charts} >= {"stages", "flow", "timeline", "follow_ups"}
    for section in charts:
        assert section.chart.accessibleName().startswith("Chart:")
        assert section.chart.accessibleDescription()
        assert section.chart.parent() is section.table_view.parent(), "chart and table in one section"
        assert section.chart.height() > 0 and section.table_view.isVisible()
    flow = next(s for s in charts if s.table_view.model().table.key == "flow")
    assert "Steps forward" in flow.chart.accessibleDescription()


def test_controls_have_accessible_names_and_are_reachable_by_keyboard(view, qtbot) -> None:
    view.refresh()
    _settle(qtbot)
    for widget in view.findChildren(QWidget):
        if isinstance(widget, QAbstractButton | QComboBox | QDateEdit | QTableView) and widget.isVisible():
            assert widget.accessibleName(), f"{type(widget).__name__} {widget.objectName()} has no accessible name"
    view.period.setFocus()
    seen = set()
    for _ in range(60):
        qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Tab)
        seen.add(view.focusWidget())
    for target in (view.show_button, view.csv_button, view.pdf_button, view.json_button, view.unit, view.actor):
        assert target in seen, target.accessibleName()


def test_the_filters_narrow_the_report(view, qtbot) -> None:
    view.refresh()
    everyone = view.sections()[0].table_view.model().index(0, 1).data()
    view.unit.setCurrentIndex(1)
    view.refresh()
    _settle(qtbot)
    some = view.sections()[0].table_view.model().index(0, 1).data()
    assert view.report.unit == view.unit.currentText()
    assert some != everyone


def test_export_buttons_write_csv_json_and_pdf(view, qtbot, tmp_path) -> None:
    assert not view.csv_button.isEnabled(), "nothing to export before the first count"
    view.refresh()
    chosen = {}

    def ask(title: str, suggested: str, file_filter: str) -> str:
        chosen["suggested"] = suggested
        return str(tmp_path / suggested)

    view.ask_path = ask
    qtbot.mouseClick(view.csv_button, Qt.MouseButton.LeftButton)
    path = tmp_path / chosen["suggested"]
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Table", "Row", "Column", "Value", "Kind"]
    assert view.export("json").read_text(encoding="utf-8").startswith("{")
    assert view.export("pdf").read_bytes().startswith(b"%PDF")
    view.ask_path = lambda *_a: ""
    assert view.export("csv") is None, "cancelling the dialog writes nothing"


@pytest.mark.parametrize("scale", [100, 200])
def test_screenshots_at_100_and_200_percent(qtbot, sqlite_services, tmp_path, scale) -> None:
    from PySide6.QtWidgets import QApplication

    from ui.theme import ThemeManager
    from ui.views.results_view import ResultsView

    fill_demo(sqlite_services, people=120, today=TODAY)
    app = QApplication.instance()
    theme = ThemeManager(scale, "default", app)
    theme.apply(app)
    try:
        v = ResultsView(sqlite_services, today=TODAY)
        qtbot.addWidget(v)
        v.resize(1280 if scale == 100 else 1600, 900)
        v.show()
        v.refresh()
        _settle(qtbot)
        out = tmp_path / f"results-{scale}.png"
        assert v.grab().save(str(out)) and out.stat().st_size > 10_000
        for section in v.sections():
            if section.chart is not None:  # beside when there is room, above the table when there is not
                beside = section.chart.geometry().right() < section.table_view.geometry().left()
                above = section.chart.geometry().bottom() < section.table_view.geometry().top()
                assert beside or above
            fm = section.table_view.fontMetrics()
            assert section.table_view.rowHeight(0) >= fm.height(), "rows grow with the text"
    finally:
        ThemeManager(100, "default", app).apply(app)
