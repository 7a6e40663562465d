"""“Resultat”: the anonymised outcomes report on screen — period and filters, tables, charts and export.

Every figure shown is a suppressed cell from :func:`planner.report_export.report_tables` (counts only, small
numbers as "<5"), and every chart is drawn from the table beside it, which is the accessible version of the chart:
screen readers read the table, the chart has a name and a one-line summary. Charts are drawn with QPainter, sized
from the font, so they grow with the text size; series differ in fill pattern and every bar carries its number,
so nothing is told by colour alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QBrush, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QBoxLayout,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.i18n import _, format_number
from planner.report_export import Cell, ReportTable, json_text, report_tables, to_csv
from planner.suppression import HIDDEN_TEXT, NO_DATA_TEXT, SMALL_TEXT, legend

if TYPE_CHECKING:
    from planner.reports import OutcomeReport
    from planner.services import Services

MIN_TARGET_PX = 44
_Index = QModelIndex | QPersistentModelIndex

# table key -> (value columns drawn, leave out the last row (a total)) ; "timeline" has its own line chart
CHARTS: dict[str, tuple[list[int], bool]] = {
    "stages": ([0, 1], True),
    "flow": ([0], True),
    "follow_ups": ([0], True),
}


def _explain(cell: Cell) -> str:
    if cell.text == SMALL_TEXT:
        return _("1 to 4 people: hidden to protect them")
    if cell.text == HIDDEN_TEXT:
        return _("hidden, so that a small number elsewhere cannot be worked out")
    if cell.text == NO_DATA_TEXT:
        return _("nothing to count")
    return cell.text


# ------------------------------------------------------------------------------------------------ table model


class ReportTableModel(QAbstractTableModel):
    """One suppressed report table; the row label is column 0 so it is read with every row."""

    def __init__(self, table: ReportTable, parent: Any = None) -> None:
        super().__init__(parent)
        self.table = table

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.table.columns) + 1

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        label, cells = self.table.rows[index.row()]
        if index.column() == 0:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return label
            return None
        cell = cells[index.column() - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{self.table.columns[index.column() - 1]}: {_explain(cell)}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (Qt.ItemDataRole.DisplayRole,
                                                                 Qt.ItemDataRole.AccessibleTextRole):
            return self.table.row_header if section == 0 else self.table.columns[section - 1]
        return None


class ReportTableView(QTableView):
    """A read-only table that is as tall as its rows (the page scrolls, not each table)."""

    def __init__(self, table: ReportTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(ReportTableModel(table, self))
        self.setObjectName(f"table_{table.key}")
        self.setAccessibleName(table.title)
        self.setAccessibleDescription(table.description)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.setWordWrap(True)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.fit()

    def fit(self) -> None:
        self.resizeColumnsToContents()
        self.resizeRowsToContents()
        height = self.horizontalHeader().height() + 2 * self.frameWidth() + 2
        height += sum(self.rowHeight(r) for r in range(self.model().rowCount()))
        scroll = self.horizontalScrollBar()
        if scroll.maximum() > 0:
            height += scroll.sizeHint().height()
        self.setFixedHeight(height)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        width = sum(self.columnWidth(c) for c in range(self.model().columnCount())) + 2 * self.frameWidth() + 4
        return QSize(width, self.height())

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.fit()  # the style sheet's fonts and padding are known only now

    def changeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit()


# ------------------------------------------------------------------------------------------------ charts


class BarChart(QWidget):
    """Horizontal bars, one group per row, one bar per column; a hidden figure shows its marker, no bar."""

    def __init__(self, table: ReportTable, columns: list[int], rows: list[int], parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.table, self.columns, self.rows = table, columns, rows
        self.setObjectName(f"chart_{table.key}")
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName(_("Chart: {title}").format(title=table.title))
        self.setAccessibleDescription(self.summary())
        self.setToolTip(self.summary())
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def summary(self) -> str:
        parts = []
        for r in self.rows:
            label, cells = self.table.rows[r]
            parts.append(f"{label}: " + ", ".join(cells[c].text for c in self.columns))
        return _("The same numbers as in the table beside it.") + " " + "; ".join(parts)

    def _metrics(self) -> tuple[int, int, int, int]:
        fm = self.fontMetrics()
        bar = fm.height() + 4
        gap = fm.height() // 2 + 4
        legend = fm.height() + 10 if len(self.columns) > 1 else 0
        label_w = min(max(fm.horizontalAdvance(self.table.rows[r][0]) for r in self.rows) + 12,
                      fm.averageCharWidth() * 40)
        return bar, gap, legend, label_w

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        bar, gap, legend, label_w = self._metrics()
        height = legend + len(self.rows) * (bar * len(self.columns) + gap) + 6
        return QSize(label_w + self.fontMetrics().averageCharWidth() * 40, height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        _bar, _gap, _legend, label_w = self._metrics()
        return QSize(label_w + self.fontMetrics().averageCharWidth() * 25, self.sizeHint().height())

    def paintEvent(self, _event: Any) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        accent = pal.color(QPalette.ColorRole.Link)
        fm = self.fontMetrics()
        bar, gap, legend, label_w = self._metrics()
        plot_w = max(40, self.width() - label_w - fm.horizontalAdvance("0000 ") - 8)
        styles = [QBrush(accent), QBrush(accent, Qt.BrushStyle.BDiagPattern), QBrush(accent, Qt.BrushStyle.Dense6Pattern)]
        values = [self.table.rows[r][1][c].value for r in self.rows for c in self.columns]
        top = max([v for v in values if isinstance(v, int | float)] or [1]) or 1
        if self.hasFocus():
            p.setPen(QPen(accent, 3))
            p.drawRect(self.rect().adjusted(1, 1, -2, -2))
        if legend:
            x = label_w
            for k, col in enumerate(self.columns):
                p.setPen(QPen(accent, 2))
                p.setBrush(styles[k % len(styles)])
                p.drawRect(QRectF(x, 4, fm.height(), fm.height()))
                p.setPen(text)
                name = self.table.columns[col]
                p.drawText(QRectF(x + fm.height() + 6, 2, fm.horizontalAdvance(name) + 4, fm.height() + 4),
                           Qt.AlignmentFlag.AlignVCenter, name)
                x += fm.height() + 24 + fm.horizontalAdvance(name)
        y = legend + 2
        for r in self.rows:
            label, cells = self.table.rows[r]
            group = bar * len(self.columns)
            p.setPen(text)
            p.drawText(QRectF(0, y, label_w - 8, group), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(label, Qt.TextElideMode.ElideRight, label_w - 8))
            for k, col in enumerate(self.columns):
                cell = cells[col]
                by = y + k * bar
                w = (cell.value / top) * plot_w if isinstance(cell.value, int | float) else 0
                if w:
                    p.setPen(QPen(accent, 2))
                    p.setBrush(styles[k % len(styles)])
                    p.drawRect(QRectF(label_w, by + 2, w, bar - 4))
                p.setPen(text)
                p.drawText(QRectF(label_w + w + 6, by, fm.horizontalAdvance(cell.text) + 8, bar),
                           Qt.AlignmentFlag.AlignVCenter, cell.text)
            y += group + gap
        p.end()


class LineChart(QWidget):
    """Stage counts over time: one line per stage, each named at its end and drawn in its own dash pattern."""

    DASHES = [Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine, Qt.PenStyle.DashDotLine,
              Qt.PenStyle.DashDotDotLine, Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine]

    def __init__(self, table: ReportTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.setObjectName(f"chart_{table.key}")
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName(_("Chart: {title}").format(title=table.title))
        self.setAccessibleDescription(_("The same numbers as in the table beside it."))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        fm = self.fontMetrics()
        return QSize(fm.averageCharWidth() * 70, fm.height() * 18)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(self.fontMetrics().averageCharWidth() * 40, self.sizeHint().height())

    def paintEvent(self, _event: Any) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        accent = pal.color(QPalette.ColorRole.Link)
        fm = self.fontMetrics()
        n_series = len(self.table.columns) - 1  # the last column is the total
        names = self.table.columns[:n_series]
        right = max(fm.horizontalAdvance(n) for n in names) + 16
        left, top, bottom = fm.horizontalAdvance("00000"), fm.height(), fm.height() * 2 + 6
        plot = QRectF(left, top, max(40, self.width() - left - right), max(40, self.height() - top - bottom))
        values = [c.value for _l, cells in self.table.rows for c in cells[:n_series]]
        high = max([v for v in values if isinstance(v, int | float)] or [1]) or 1
        if self.hasFocus():
            p.setPen(QPen(accent, 3))
            p.drawRect(self.rect().adjusted(1, 1, -2, -2))
        p.setPen(QPen(text, 1))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        p.drawLine(plot.bottomLeft(), plot.topLeft())
        p.drawText(QRectF(0, plot.top() - fm.height() / 2, left - 4, fm.height()), Qt.AlignmentFlag.AlignRight,
                   str(high))
        p.drawText(QRectF(0, plot.bottom() - fm.height() / 2, left - 4, fm.height()), Qt.AlignmentFlag.AlignRight,
                   "0")
        n = len(self.table.rows)
        step = plot.width() / max(1, n - 1)
        for i in (0, n - 1):
            label = self.table.rows[i][0]
            p.drawText(QRectF(plot.left() + i * step - fm.horizontalAdvance(label) / 2, plot.bottom() + 4,
                              fm.horizontalAdvance(label) + 4, fm.height()), 0, label)
        ends: list[tuple[float, str, int]] = []
        for s in range(n_series):
            pen = QPen(accent if s % 2 == 0 else text, 2.5 if s < 5 else 1.5, self.DASHES[s % len(self.DASHES)])
            p.setPen(pen)
            prev = None
            for i, (_label, cells) in enumerate(self.table.rows):
                v = cells[s].value
                if not isinstance(v, int | float):
                    prev = None  # a hidden figure breaks the line
                    continue
                point = (plot.left() + i * step, plot.bottom() - (v / high) * plot.height())
                if prev is not None:
                    p.drawLine(int(prev[0]), int(prev[1]), int(point[0]), int(point[1]))
                else:
                    p.drawEllipse(int(point[0]) - 2, int(point[1]) - 2, 4, 4)
                prev = point
            if prev is not None and prev[0] >= plot.right() - 1:
                ends.append((prev[1], names[s], s))
        ends.sort()
        last_y = -1e9
        p.setPen(text)
        for y, name, _s in ends:  # each line named at its end, nudged so names do not overlap
            y = max(y, last_y + fm.height())
            p.drawText(QRectF(plot.right() + 6, y - fm.height() / 2, right, fm.height()), 0, name)
            last_y = y
        p.end()


# ------------------------------------------------------------------------------------------------ sections


class Section(QFrame):
    """A table's heading and description, with its chart beside the table (above it when there is no room)."""

    def __init__(self, table: ReportTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"section_{table.key}")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 8, 0, 8)
        heading = QLabel(table.title, self)
        heading.setProperty("role", "subheading")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        about = QLabel(table.description, self)
        about.setProperty("role", "hint")
        about.setTextFormat(Qt.TextFormat.PlainText)
        about.setWordWrap(True)
        column.addWidget(heading)
        column.addWidget(about)
        self.table_view = ReportTableView(table, self)
        self.chart: QWidget | None = None
        if table.key in CHARTS:
            cols, drop_last = CHARTS[table.key]
            self.chart = BarChart(table, cols, list(range(len(table.rows) - (1 if drop_last else 0))), self)
        elif table.key == "timeline":
            self.chart = LineChart(table, self)
        self.pair = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.pair.setSpacing(16)
        if self.chart is not None:
            self.pair.addWidget(self.chart, 1)
        self.pair.addWidget(self.table_view, 0, Qt.AlignmentFlag.AlignTop)
        if self.chart is None:
            self.pair.addStretch(1)
        column.addLayout(self.pair)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self.chart is not None:
            need = self.table_view.sizeHint().width() + self.chart.minimumSizeHint().width() + 24
            wanted = (QBoxLayout.Direction.LeftToRight if self.width() >= need
                      else QBoxLayout.Direction.TopToBottom)
            if self.pair.direction() != wanted:
                self.pair.setDirection(wanted)


# ------------------------------------------------------------------------------------------------ the view


def _button(text: str, slot: Callable[[], Any], parent: QWidget, description: str) -> QPushButton:
    btn = QPushButton(text, parent)
    btn.setAccessibleName(text.replace("&", ""))
    btn.setAccessibleDescription(description)
    btn.setToolTip(description)
    btn.setMinimumSize(MIN_TARGET_PX, MIN_TARGET_PX)
    btn.setAutoDefault(False)
    btn.clicked.connect(lambda _checked=False: slot())
    return btn


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(qd: QDate) -> date:
    return date(qd.year(), qd.month(), qd.day())


class ResultsView(QWidget):
    """The “Resultat” view. ``services`` may be set later with :meth:`set_services`."""

    PRESETS = ("last12", "this_year", "last_year", "own")

    def __init__(self, services: Services | None = None, parent: QWidget | None = None, *,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.services: Services | None = None
        self.report: OutcomeReport | None = None
        self.tables: list[ReportTable] = []
        self.today = today or date.today()
        self.ask_path: Callable[[str, str, str], str] = self._ask_path  # tests replace it
        self.setObjectName("resultsView")
        self.setAccessibleName(_("Results"))
        self.setWindowTitle(_("Results — Stegvis"))

        outer = QVBoxLayout(self)
        heading = QLabel(_("Results: steps toward work"), self)
        heading.setProperty("role", "heading")
        heading.setWordWrap(True)
        outer.addWidget(heading)
        intro = QLabel(_("Counts only, never names. Choose a period and, if you like, a placement unit, a coach "
                         "or an actor, then press Show."), self)
        intro.setWordWrap(True)
        outer.addWidget(intro)

        form = QWidget(self)
        form.setObjectName("resultsFilters")
        from ui.views.flow_layout import FlowLayout

        flow = FlowLayout(form, spacing=12)
        self.period = QComboBox(form)
        for key, text in (("last12", _("The last 12 months")), ("this_year", _("This year")),
                          ("last_year", _("Last year")), ("own", _("Own dates"))):
            self.period.addItem(text, key)
        self.period.currentIndexChanged.connect(self._preset_changed)
        self.start_edit = QDateEdit(form)
        self.end_edit = QDateEdit(form)
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setMinimumHeight(MIN_TARGET_PX)
            edit.dateChanged.connect(self._dates_edited)
        self.unit = QComboBox(form)
        self.coach = QComboBox(form)
        self.actor = QComboBox(form)
        for label, widget in ((_("&Period"), self.period), (_("&From"), self.start_edit), (_("&To"), self.end_edit),
                              (_("Placement &unit"), self.unit), (_("&Coach"), self.coach),
                              (_("&Actor"), self.actor)):
            widget.setMinimumHeight(MIN_TARGET_PX)
            flow.addWidget(self._labelled(label, widget, form))
        self.show_button = _button(_("&Show"), self.refresh, form, _("Count the results for the chosen period."))
        self.show_button.setObjectName("resultsShow")
        flow.addWidget(self.show_button)
        outer.addWidget(form)

        exports = FlowLayout(spacing=12)
        self.csv_button = _button(_("Save as &Excel file (CSV)…"), lambda: self.export("csv"), self,
                                  _("Save the tables as a CSV file that Excel opens."))
        self.pdf_button = _button(_("Save as P&DF…"), lambda: self.export("pdf"), self,
                                  _("Save the tables and charts as a PDF for a meeting."))
        self.json_button = _button(_("Save as &JSON…"), lambda: self.export("json"), self,
                                   _("Save the tables as JSON for other programs."))
        for btn in (self.csv_button, self.pdf_button, self.json_button):
            exports.addWidget(btn)
        outer.addLayout(exports)
        self.status = QLabel("", self)
        self.status.setObjectName("resultsStatus")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Status"))
        outer.addWidget(self.status)
        self.legend = QLabel(legend(), self)
        self.legend.setProperty("role", "hint")
        self.legend.setWordWrap(True)
        outer.addWidget(self.legend)

        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("resultsScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setAccessibleName(_("Results tables and charts"))
        self.body = QWidget(self.scroll)
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.addStretch(1)
        self.scroll.setWidget(self.body)
        outer.addWidget(self.scroll, 1)
        self._preset_changed()
        self._set_exports_enabled(False)
        if services is not None:
            self.set_services(services)

    @staticmethod
    def _labelled(text: str, widget: QWidget, parent: QWidget) -> QWidget:
        unit = QWidget(parent)
        column = QVBoxLayout(unit)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        label = QLabel(text, unit)
        label.setBuddy(widget)
        column.addWidget(label)
        column.addWidget(widget)
        widget.setAccessibleName(text.replace("&", ""))
        return unit

    # ---------------------------------------------------------------- data

    def set_services(self, services: Services) -> None:
        self.services = services
        for combo in (self.unit, self.coach, self.actor):
            combo.clear()
            combo.addItem(_("All"), None)
        for unit in services.list_placement_units(include_inactive=True):
            self.unit.addItem(unit.name, unit.name)
        for staff in services.list_staff():
            self.coach.addItem(staff.display_name or staff.login, staff.id)
        for actor in services.list_actors(include_inactive=True):
            self.actor.addItem(actor.name, actor.id)

    def _preset_changed(self, *_args: Any) -> None:
        key = self.period.currentData()
        today = self.today
        if key == "last12":
            start, end = today - timedelta(days=365), today
        elif key == "this_year":
            start, end = date(today.year, 1, 1), today
        elif key == "last_year":
            start, end = date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
        else:
            return
        for edit, day in ((self.start_edit, start), (self.end_edit, end)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)

    def _dates_edited(self, *_args: Any) -> None:
        own = self.period.findData("own")
        if self.period.currentIndex() != own:
            self.period.blockSignals(True)
            self.period.setCurrentIndex(own)
            self.period.blockSignals(False)

    def refresh(self) -> None:
        """Count the report for the chosen period and filters, and show it."""
        if self.services is None:
            return
        from planner.errors import StegvisError
        from planner.reports import outcomes_report

        start, end = _pydate(self.start_edit.date()), _pydate(self.end_edit.date())
        began = time.perf_counter()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            report = outcomes_report(self.services, start, end, self.unit.currentData(), self.coach.currentData(),
                                     self.actor.currentData(), today=self.today)
            tables = report_tables(report)
        except StegvisError as exc:
            self.status.setText(exc.message)
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.show_report(report, tables)
        self.status.setText(_("Counted for {start} – {end} in {seconds} s.").format(
            start=report.start.isoformat(), end=report.end.isoformat(),
            seconds=format_number(round(time.perf_counter() - began, 1))) + (" " + " ".join(report.notes) if report.notes else ""))

    def show_report(self, report: OutcomeReport, tables: list[ReportTable]) -> None:
        self.report, self.tables = report, tables
        while self.body_layout.count() > 1:
            item = self.body_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for position, table in enumerate(tables):
            self.body_layout.insertWidget(position, Section(table, self.body))
        self._set_exports_enabled(True)

    def sections(self) -> list[Section]:
        return self.body.findChildren(Section)

    def _set_exports_enabled(self, on: bool) -> None:
        for btn in (self.csv_button, self.pdf_button, self.json_button):
            btn.setEnabled(on)

    # ---------------------------------------------------------------- export

    def _ask_path(self, title: str, suggested: str, file_filter: str) -> str:
        path, _chosen = QFileDialog.getSaveFileName(self, title, str(Path.home() / suggested), file_filter)
        return path

    def export(self, kind: str) -> Path | None:
        if self.report is None:
            return None
        stem = f"stegvis-resultat-{self.report.start.isoformat()}-{self.report.end.isoformat()}"
        title, suffix, file_filter = {
            "csv": (_("Save as Excel file (CSV)"), ".csv", _("CSV files (*.csv)")),
            "pdf": (_("Save as PDF"), ".pdf", _("PDF files (*.pdf)")),
            "json": (_("Save as JSON"), ".json", _("JSON files (*.json)")),
        }[kind]
        chosen = self.ask_path(title, stem + suffix, file_filter)
        if not chosen:
            return None
        path = Path(chosen)
        if not path.suffix:
            path = path.with_suffix(suffix)
        if kind == "csv":
            data = to_csv(self.report, self.tables)
        elif kind == "json":
            data = json_text(self.report).encode("utf-8")
        else:
            from planner.report_pdf import build_report_pdf

            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                data = build_report_pdf(self.report)
            finally:
                QApplication.restoreOverrideCursor()
        tmp = path.with_name(f".{path.name}.tmp")
        try:
            tmp.write_bytes(data)
            tmp.replace(path)
        except OSError as exc:
            QMessageBox.warning(self, _("Could not save"), _("The file could not be saved: {reason}").format(
                reason=exc.strerror or type(exc).__name__))
            return None
        self.status.setText(_("Saved {path}.").format(path=path))
        return path


def open_results_window(services: Services, parent: QWidget | None = None) -> ResultsView:
    """The view as its own window (from the main window's menu)."""
    view = ResultsView(services, parent)
    view.setWindowFlag(Qt.WindowType.Window, True)
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    view.resize(1200, 850)
    view.show()
    view.refresh()
    return view
