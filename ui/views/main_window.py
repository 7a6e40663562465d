"""The main window: people and plans, coming follow-ups, and the open plan.

Start-up order matters (the benchmark measures it): this module imports only Qt and light planner modules, the
window is shown empty, and the database is opened and the lists loaded on a background thread afterwards
(:meth:`MainWindow.open_database`). The plan editor, PDF code, ReportLab and the meeting mode are imported only
when first used.

The window holds no business rules: every change is one call to :mod:`planner.services`, followed by a reload of
the lists from the service layer.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QMargins, QModelIndex, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QColor, QFont, QFontMetrics, QIcon, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.i18n import _, ngettext
from ui.models.follow_ups import FollowUpModel
from ui.models.plans import PLAN_ID_ROLE, PlanFilterProxy, PlanListModel
from ui.settings import AppSettings
from ui.theme import COLOURS, MIN_TARGET_PX, ThemeManager, icon_px, row_height
from ui.views.flow_layout import FlowLayout
from ui.views.sizing import FittedDialog

if TYPE_CHECKING:
    from planner.services import FollowUpRow, PlanRow, Services

log = logging.getLogger(__name__)

FOLLOW_UP_DAYS = 30
CALENDAR_EXPORT_DAYS = 365
PLAN_CAPS = (34, 40, 16, 24, 24)  # widest column widths, in average characters
FOLLOW_UP_CAPS = (14, 44, 30, 34)


# ------------------------------------------------------------------------------------------------ small helpers


def pictogram_icon(key: str) -> QIcon:
    """An OpenMoji pictogram as an icon (the same picture for the same thing as in the plan and the PDF)."""
    try:
        from planner.pictograms import svg_path

        return QIcon(str(svg_path(key)))
    except Exception:  # noqa: BLE001 - a missing picture must never stop the window
        return QIcon()


def ask_save_path(parent: QWidget, title: str, suggested: str, file_filter: str) -> str:
    """Ask where to save a file. One function so tests can replace the OS dialog."""
    path, _filter = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return path


def ask_open_path(parent: QWidget, title: str, folder: str, file_filter: str) -> str:
    path, _filter = QFileDialog.getOpenFileName(parent, title, folder, file_filter)
    return path


def _label(text: str, parent: QWidget, role: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if role:
        label.setProperty("role", role)
    return label


def _button(text: str, slot: Callable[[], Any], parent: QWidget, description: str = "",
            icon: QIcon | None = None) -> QPushButton:
    btn = QPushButton(text, parent)
    plain = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    btn.setAccessibleName(plain)
    if description:
        btn.setAccessibleDescription(description)
        btn.setToolTip(description)
    if icon is not None and not icon.isNull():
        btn.setIcon(icon)
    btn.setMinimumSize(MIN_TARGET_PX, MIN_TARGET_PX)
    btn.setAutoDefault(False)
    btn.clicked.connect(lambda _checked=False: slot())
    return btn


def _labelled(label_text: str, widget: QWidget, parent: QWidget) -> QWidget:
    """A label above its field, as one unit for a flow layout; the label is the field's buddy."""
    unit = QWidget(parent)
    column = QVBoxLayout(unit)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    label = _label(label_text, unit, wrap=False)
    label.setBuddy(widget)
    column.addWidget(label)
    column.addWidget(widget)
    widget.setAccessibleName(label_text.replace("&", ""))
    return unit


class _Background(QObject):
    """Runs a function on a worker thread and hands its result (or error) back on the GUI thread.

    :meth:`shutdown` waits for running jobs, so the window is never deleted while a thread may still signal it.
    """

    finished = Signal(object, object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.busy = 0
        self._threads: list[threading.Thread] = []
        self._closed = False
        self._lock = threading.Lock()

    def submit(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
               on_error: Callable[[BaseException], None]) -> None:
        if self._closed:
            return
        self.busy += 1

        def run() -> None:
            try:
                result, error = fn(), None
            except BaseException as exc:  # noqa: BLE001 - handed to on_error on the GUI thread
                result, error = None, exc
            with self._lock:
                if not self._closed:
                    self.finished.emit((on_done, on_error), result, error)

        thread = threading.Thread(target=run, name="stegvis-load", daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def shutdown(self, timeout: float = 10.0) -> None:
        for thread in self._threads:
            thread.join(timeout)
        with self._lock:
            self._closed = True
        self._threads = []

    def _deliver(self, callbacks: tuple[Callable[[Any], None], Callable[[BaseException], None]], result: Any,
                 error: BaseException | None) -> None:
        self.busy -= 1
        if self._closed:
            return
        on_done, on_error = callbacks
        if error is not None:
            on_error(error)
        else:
            on_done(result)


class _SearchField(QLineEdit):
    """The filter box: Down arrow moves into the list, Escape clears."""

    downPressed = Signal()  # noqa: N815 - Qt naming

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Down:
            self.downPressed.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class _Table(QTableView):
    """A read-only list of rows: Enter opens the current row, Tab leaves the table."""

    def __init__(self, name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(MIN_TARGET_PX * 3)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated.emit(self.currentIndex())
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        super().focusInEvent(event)
        model = self.model()
        if model is not None and model.rowCount() and not self.currentIndex().isValid():
            self.selectRow(0)


# ------------------------------------------------------------------------------------------------ the window


class MainWindow(QMainWindow):
    """People and plans, coming follow-ups and the open plan, in three tabs."""

    listLoaded = Signal()  # noqa: N815 - Qt naming
    followUpsLoaded = Signal()  # noqa: N815
    databaseOpened = Signal()  # noqa: N815
    databaseFailed = Signal(object)  # noqa: N815 - a StegvisError (or any exception) from opening
    planOpened = Signal(int)  # noqa: N815

    LIST_TAB, FOLLOW_UP_TAB, PLAN_TAB = range(3)

    def __init__(self, theme: ThemeManager, settings: AppSettings | None = None,
                 services: Services | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.settings = settings or AppSettings()
        self.services: Services | None = None
        self.editor: QWidget | None = None
        self.editor_plan_id: int | None = None
        self.meeting: Any = None
        self._staff: list[tuple[int, str, str]] = []  # (id, login, display name)
        self._load_generation = 0
        self._icon_keys: list[tuple[Any, str]] = []  # set after the first paint (SVG loading costs start-up time)
        self._icons_installed = False
        self._follow_generation = 0
        self._select_after_load: int | None = None
        self._background = _Background(self)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(0)
        self._filter_timer.timeout.connect(self._apply_filter)

        self.setObjectName("mainWindow")
        self.setWindowTitle("Stegvis")
        self.setAccessibleName(_("Stegvis main window"))
        self.resize(1200, 800)
        self.setMinimumSize(640, 480)

        self.plan_model = PlanListModel(self)
        self.plan_proxy = PlanFilterProxy(self)
        self.plan_proxy.setSourceModel(self.plan_model)
        self.follow_model = FollowUpModel(self)

        self._build_actions()
        self._build_menus()
        central = QWidget(self)
        central_column = QVBoxLayout(central)
        central_column.setContentsMargins(0, 0, 0, 0)
        central_column.setSpacing(0)
        central_column.addWidget(self._build_toolbar())
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setAccessibleName(_("Parts of the window"))
        self.tabs.tabBar().setAccessibleName(_("Parts of the window"))
        self.tabs.setDocumentMode(False)
        self.tabs.addTab(self._build_list_page(), _("&People and plans"))
        self.tabs.addTab(self._build_follow_page(), _("&Coming follow-ups"))
        self.tabs.addTab(self._build_plan_page(), _("P&lan"))
        self.tabs.currentChanged.connect(self._update_actions)
        central_column.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.status = _label("", self, wrap=False)
        self.status.setAccessibleName(_("Status"))
        self.statusBar().addWidget(self.status, 1)
        self._set_tab_order()

        self.theme.changed.connect(self._on_theme_changed)
        self._on_theme_changed(self.theme.scale, self.theme.theme)
        self._restore_window()
        self._update_actions()
        self._set_status(_("Opening the database…"))
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        if services is not None:
            self.set_services(services, load=True)

    # ================================================================== building

    def _action(self, text: str, slot: Callable[[], Any], shortcut: QKeySequence | str | None = None,
                description: str = "", icon: str = "", extra: tuple[QKeySequence | str, ...] = ()) -> QAction:
        act = QAction(text, self)
        if icon:
            self._icon_keys.append((act, icon))
        keys = [QKeySequence(k) for k in ((shortcut,) if shortcut else ()) + extra]
        if keys:
            act.setShortcuts(keys)
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if description:
            act.setStatusTip(description)
            act.setToolTip(description)
        act.triggered.connect(lambda _checked=False: slot())
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        a = self._action
        self.act_new = a(_("&New person and plan…"), self.new_person_and_plan, QKeySequence.StandardKey.New,
                         _("Add a new person and make a first plan for them."), "person")
        self.act_new_plan = a(_("New p&lan for the chosen person…"), self.new_plan_for_person,
                              "Ctrl+Shift+N", _("Make a new plan for the person chosen in the list."), "plan")
        self.act_open = a(_("&Open plan"), self.open_current_plan, QKeySequence.StandardKey.Open,
                          _("Open the chosen plan to read or change it."), "document")
        self.act_close_plan = a(_("&Close plan"), self.close_plan, "Ctrl+W", _("Close the open plan."))
        self.act_meeting = a(_("Start &meeting"), lambda: self.start_meeting(), "F9",
                             _("Go through the plan together, one question at a time."), "meeting")
        self.act_preview_easy = a(_("Show “My plan” (easy to read)"), lambda: self.preview_plan("easy_read"),
                                  description=_("Show the easy-to-read plan as it will be printed."))
        self.act_print_easy = a(_("&Print “My plan” (easy to read)…"), lambda: self.print_plan("easy_read"),
                                QKeySequence.StandardKey.Print, _("Print the easy-to-read plan for the person."),
                                "print")
        self.act_preview_full = a(_("Show the full plan"), lambda: self.preview_plan("full"),
                                  description=_("Show the full plan for staff as it will be printed."))
        self.act_print_full = a(_("Print the &full plan…"), lambda: self.print_plan("full"), "Ctrl+Shift+P",
                                _("Print the full plan for staff."))
        self.act_save_pdf = a(_("Save “My plan” as PDF…"), lambda: self.save_plan_pdf("easy_read"),
                              description=_("Save the easy-to-read plan as a PDF file."))
        self.act_ics_one = a(_("A&dd the chosen follow-up to a calendar…"), self.export_follow_up_ics,
                             description=_("Save the chosen follow-up as a calendar file (.ics) for Outlook."),
                             icon="calendar")
        self.act_ics_all = a(_("Add all coming follow-ups of a coach to a calendar…"), self.export_coach_ics,
                             description=_("Save every coming follow-up of the chosen coach as one calendar "
                                           "file (.ics)."))
        self.act_settings = a(_("&Settings…"), self.show_settings, QKeySequence.StandardKey.Preferences,
                              _("Text size, high contrast and language."), extra=("Ctrl+,",))
        self.act_quit = a(_("&Quit"), self.close, QKeySequence.StandardKey.Quit, _("Close Stegvis."))
        self.act_show_list = a(_("People and plans"), lambda: self.show_tab(self.LIST_TAB), "Ctrl+1")
        self.act_show_follow = a(_("Coming follow-ups"), lambda: self.show_tab(self.FOLLOW_UP_TAB), "Ctrl+2")
        self.act_show_plan = a(_("The open plan"), lambda: self.show_tab(self.PLAN_TAB), "Ctrl+3")
        self.act_results = a(_("&Results (counts only)…"), self.show_results, "Ctrl+4",
                             _("How many people took a step toward work: anonymised counts, charts and export."))
        self.act_search = a(_("&Search"), self.focus_search, QKeySequence.StandardKey.Find,
                            _("Go to the search field."), "search")
        self.act_refresh = a(_("Re&fresh the lists"), self.reload, QKeySequence.StandardKey.Refresh)
        self.act_zoom_in = a(_("&Larger text"), self.theme.zoom_in, QKeySequence.StandardKey.ZoomIn,
                             _("Make all text larger."), extra=("Ctrl+=", "Ctrl++"))
        self.act_zoom_out = a(_("S&maller text"), self.theme.zoom_out, QKeySequence.StandardKey.ZoomOut,
                              _("Make all text smaller."), extra=("Ctrl+_",))
        self.act_zoom_reset = a(_("&Normal text size"), self.theme.reset_zoom, "Ctrl+0",
                                _("Text at 100 %."))
        self.act_contrast = a(_("&High contrast"), self._toggle_contrast, "Ctrl+Shift+H",
                              _("White text on black, for low vision."))
        self.act_contrast.setCheckable(True)
        self.act_tour = a(_("Short &tour"), self.show_tour, QKeySequence.StandardKey.HelpContents,
                          _("A short tour of Stegvis in words."))
        self.act_keys = a(_("&Keyboard shortcuts"), self.show_shortcuts)
        self.act_about = a(_("&About Stegvis"), self.show_about)
        self.act_audit = a(_("&Audit trail of the chosen person…"), self.show_audit_trail,
                           description=_("Who opened, changed, printed or exported the person's information, "
                                         "and when."))
        self.act_restore = a(_("&Restore a backup…"), self.restore_backup,
                             description=_("Go back to an earlier backup of the database."))
        self._dedupe_shortcuts()

    def _dedupe_shortcuts(self) -> None:
        """Standard keys can map to the same sequence as an extra one (Ctrl++ on some platforms): keep one."""
        seen: set[str] = set()
        for act in self.actions():
            keys = []
            for key in act.shortcuts():
                text = key.toString()
                if text and text not in seen:
                    seen.add(text)
                    keys.append(key)
            act.setShortcuts(keys)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.setAccessibleName(_("Menu bar"))
        m = bar.addMenu(_("&File"))
        for act in (self.act_new, self.act_new_plan, self.act_open, self.act_close_plan, None,
                    self.act_preview_easy, self.act_print_easy, self.act_save_pdf, self.act_preview_full,
                    self.act_print_full, None, self.act_ics_one, self.act_ics_all, None, self.act_restore, None,
                    self.act_settings, None, self.act_quit):
            m.addSeparator() if act is None else m.addAction(act)
        m = bar.addMenu(_("&View"))
        for act in (self.act_show_list, self.act_show_follow, self.act_show_plan, self.act_results,
                    self.act_audit, self.act_search, None,
                    self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset, self.act_contrast, None,
                    self.act_refresh):
            m.addSeparator() if act is None else m.addAction(act)
        m = bar.addMenu(_("&Meeting"))
        m.addAction(self.act_meeting)
        m = bar.addMenu(_("&Help"))
        for act in (self.act_tour, self.act_keys, None, self.act_about):
            m.addSeparator() if act is None else m.addAction(act)

    def _build_toolbar(self) -> QWidget:
        """The tool strip: the most used actions as buttons with words. It wraps onto a second line at large
        text sizes instead of hiding buttons (a QToolBar would squeeze and elide their words)."""
        strip = QFrame(self)
        strip.setObjectName("mainToolbar")
        strip.setAccessibleName(_("Main tools"))
        flow = FlowLayout(strip, spacing=8)
        flow.setContentsMargins(QMargins(8, 6, 8, 6))
        self.act_new.setIconText(_("New person and plan"))
        self.act_print_easy.setIconText(_("Print “My plan”"))
        self.act_settings.setIconText(_("Settings"))
        self.tool_buttons: list[QToolButton] = []
        for act in (self.act_new, self.act_open, self.act_meeting, self.act_print_easy, None,
                    self.act_zoom_out, self.act_zoom_in, self.act_settings):
            if act is None:
                spacer = QWidget(strip)
                spacer.setFixedWidth(16)
                flow.addWidget(spacer)
                continue
            tool = QToolButton(strip)
            tool.setDefaultAction(act)
            tool.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            tool.setAccessibleName(act.iconText())
            tool.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            tool.setMinimumSize(MIN_TARGET_PX, MIN_TARGET_PX)
            flow.addWidget(tool)
            self.tool_buttons.append(tool)
        self.toolbar = strip
        return strip

    def _page(self, heading: str, name: str) -> tuple[QWidget, QVBoxLayout]:
        """A tab page; ``heading`` is shown only where the tab's own name does not already say it."""
        page = QWidget(self)
        page.setObjectName(name)
        page.setAccessibleName(heading)
        column = QVBoxLayout(page)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(10)
        if name == "planPlaceholder":
            title = _label(heading, page, "heading")
            title.setAccessibleName(heading)
            column.addWidget(title)
        return page, column

    def _build_list_page(self) -> QWidget:
        page, column = self._page(_("People and plans"), "listPage")
        filters = QWidget(page)
        flow = FlowLayout(filters, spacing=16)
        self.search = _SearchField(filters)
        self.search.setObjectName("search")
        self.search.setPlaceholderText(_("Name, stage, status or coach"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleDescription(_("The list shows only the plans that match what you type."))
        self.search.setMinimumWidth(self.fontMetrics().averageCharWidth() * 28)
        self.search.textChanged.connect(self._schedule_filter)
        self.search.downPressed.connect(self._focus_list)
        self.search.returnPressed.connect(self._focus_list)
        flow.addWidget(_labelled(_("&Search"), self.search, filters))

        self.stage_filter = QComboBox(filters)
        self.stage_filter.setObjectName("stageFilter")
        self.status_filter = QComboBox(filters)
        self.status_filter.setObjectName("statusFilter")
        self.coach_filter = QComboBox(filters)
        self.coach_filter.setObjectName("coachFilter")
        for box in (self.stage_filter, self.status_filter, self.coach_filter):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.setMinimumHeight(MIN_TARGET_PX)
            box.currentIndexChanged.connect(self._schedule_filter)
        flow.addWidget(_labelled(_("S&tage"), self.stage_filter, filters))
        flow.addWidget(_labelled(_("Stat&us"), self.status_filter, filters))
        flow.addWidget(_labelled(_("C&oach"), self.coach_filter, filters))
        self._fill_enum_filters()
        column.addWidget(filters)

        self.count_label = _label("", page)
        self.count_label.setObjectName("countLabel")
        column.addWidget(self.count_label)

        self.table = _Table(_("People and plans"), page)
        self.table.setObjectName("planTable")
        self.table.setModel(self.plan_proxy)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(PlanListModel.NAME, Qt.SortOrder.AscendingOrder)
        self.table.activated.connect(lambda _i: self.open_current_plan())
        self.table.doubleClicked.connect(lambda _i: self.open_current_plan())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_actions())
        column.addWidget(self.table, 1)

        return page

    def _build_follow_page(self) -> QWidget:
        page, column = self._page(_("Coming follow-ups"), "followUpPage")
        column.addWidget(_label(_("Follow-ups that are overdue come first. Then the follow-ups in the next "
                                  "{days} days.").format(days=FOLLOW_UP_DAYS), page, "hint"))
        filters = QWidget(page)
        flow = FlowLayout(filters, spacing=16)
        self.follow_coach = QComboBox(filters)
        self.follow_coach.setObjectName("followUpCoach")
        self.follow_coach.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.follow_coach.setMinimumHeight(MIN_TARGET_PX)
        self.follow_coach.addItem(_("All coaches"), None)
        self.follow_coach.currentIndexChanged.connect(lambda _i: self._reload_follow_ups(sync=True))
        flow.addWidget(_labelled(_("Show follow-ups &for"), self.follow_coach, filters))
        column.addWidget(filters)
        self.follow_summary = _label("", page, "subheading")
        self.follow_summary.setObjectName("followUpSummary")
        column.addWidget(self.follow_summary)

        self.follow_table = _Table(_("Coming follow-ups"), page)
        self.follow_table.setObjectName("followUpTable")
        self.follow_table.setModel(self.follow_model)
        self.follow_table.activated.connect(lambda _i: self.open_current_plan())
        self.follow_table.doubleClicked.connect(lambda _i: self.open_current_plan())
        self.follow_table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_actions())
        column.addWidget(self.follow_table, 1)

        buttons = QWidget(page)
        flow = FlowLayout(buttons, spacing=12)
        self.follow_open_button = _button(_("&Open plan"), self.open_current_plan, buttons,
                                          _("Open the plan of the chosen follow-up."))
        self._icon_keys.append((self.follow_open_button, "document"))
        self.ics_one_button = _button(_("Add to &calendar…"), self.export_follow_up_ics, buttons,
                                      _("Save the chosen follow-up as a calendar file (.ics) for Outlook."))
        self._icon_keys.append((self.ics_one_button, "calendar"))
        self.ics_all_button = _button(_("Add &all of this coach’s follow-ups to calendar…"), self.export_coach_ics,
                                      buttons, _("Save every coming follow-up of the chosen coach as one calendar "
                                                 "file (.ics)."))
        for b in (self.follow_open_button, self.ics_one_button, self.ics_all_button):
            flow.addWidget(b)
        column.addWidget(buttons)
        return page

    def _build_plan_page(self) -> QWidget:
        self.plan_stack = QStackedWidget(self)
        self.plan_stack.setObjectName("planStack")
        placeholder, column = self._page(_("No plan is open"), "planPlaceholder")
        self.placeholder_text = _label(_("Choose a person in “People and plans” and press “Open plan”."),
                                       placeholder)
        column.addWidget(self.placeholder_text)
        row = QWidget(placeholder)
        flow = FlowLayout(row, spacing=12)
        self.to_list_button = _button(_("Go to &people and plans"), lambda: self.show_tab(self.LIST_TAB), row)
        self.reopen_button = _button(_("Open the &last plan again"), self._reopen_last_plan, row,
                                     _("Open the plan that was open when Stegvis was closed."))
        self.reopen_button.hide()
        flow.addWidget(self.to_list_button)
        flow.addWidget(self.reopen_button)
        column.addWidget(row)
        column.addStretch(1)
        self.plan_placeholder = placeholder
        self.plan_stack.addWidget(placeholder)
        return self.plan_stack

    def _set_tab_order(self) -> None:
        chain = [*self.tool_buttons, self.tabs.tabBar(), self.search, self.stage_filter, self.status_filter,
                 self.coach_filter, self.table]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        chain = [self.tabs.tabBar(), self.follow_coach, self.follow_table, self.follow_open_button,
                 self.ics_one_button, self.ics_all_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _fill_enum_filters(self) -> None:
        """Stage and status labels need planner.model (SQLAlchemy): filled when the database is open."""
        for box, text in ((self.stage_filter, _("All stages")), (self.status_filter, _("All statuses")),
                          (self.coach_filter, _("All coaches"))):
            box.blockSignals(True)
            box.clear()
            box.addItem(text, None)
            box.blockSignals(False)

    def _fill_filters_from_services(self) -> None:
        from planner.model import PLAN_STATUS_LABELS, STAGE_LABELS

        for box, items in ((self.stage_filter, STAGE_LABELS), (self.status_filter, PLAN_STATUS_LABELS)):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(_("All stages") if box is self.stage_filter else _("All statuses"), None)
            for key, label in items.items():
                box.addItem(_(label), key.value)
            box.setCurrentIndex(max(0, box.findData(current)))
            box.blockSignals(False)
        for box, all_text in ((self.coach_filter, _("All coaches")), (self.follow_coach, _("All coaches"))):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(all_text, None)
            for ident, _login, name in self._staff:
                box.addItem(name, ident)
            index = box.findData(current)
            if box is self.follow_coach and current is None and index <= 0:
                index = box.findData(self._my_staff_id())
            box.setCurrentIndex(max(0, index))
            box.blockSignals(False)

    def _my_staff_id(self) -> int | None:
        if self.services is None:
            return None
        for ident, login, _name in self._staff:
            if login == self.services.user:
                return ident
        return None

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self._icons_installed:
            QTimer.singleShot(100, self, self.install_icons)  # after the first paint, which the benchmark times

    def install_icons(self) -> None:
        """The OpenMoji pictograms on actions, tabs and the follow-up status, after the window is on screen."""
        if self._icons_installed:
            return
        self._icons_installed = True
        for target, key in self._icon_keys:
            target.setIcon(pictogram_icon(key))
        for index, key in ((self.LIST_TAB, "people"), (self.FOLLOW_UP_TAB, "calendar"), (self.PLAN_TAB, "plan")):
            self.tabs.setTabIcon(index, pictogram_icon(key))
        self.follow_model.set_icons(pictogram_icon("warning"), pictogram_icon("calendar"))
        QTimer.singleShot(0, self, self._fit_after_theme)  # tool buttons grew by their icon

    # ================================================================== database and loading

    def open_database(self, target: str | None) -> None:
        """Open the database and load the list on a worker thread; the window stays responsive.

        The people-and-plans list comes first (it is the tab on screen); the follow-ups follow in a second job.
        """
        self._set_status(_("Opening the database…"))
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self._load_generation += 1
        generation = self._load_generation
        column, order = self.plan_model.sort_column, self.plan_model.sort_order

        def work() -> tuple[Services, tuple[Any, ...]]:
            from planner.services import Services
            from planner.store import open_store

            services = Services(open_store(target))
            return services, _load_plans(services, column, order)

        def done(result: tuple[Services, tuple[Any, ...]]) -> None:
            QApplication.restoreOverrideCursor()
            services, plans = result
            self.set_services(services, load=False)
            self._plans_loaded(generation, plans)
            self._reload_follow_ups()

        def failed(error: BaseException) -> None:
            QApplication.restoreOverrideCursor()
            self._set_status(_("The database could not be opened."))
            if not isinstance(error, Exception):
                raise error
            if not _is_user_error(error):
                log.error("opening the database failed", exc_info=error)
            self.databaseFailed.emit(error)

        self._background.submit(work, done, failed)

    def set_services(self, services: Services, *, load: bool = True) -> None:
        self.services = services
        store = services.store
        where = Path(store.path).name if store.path else store.display_url
        self.setWindowTitle(f"Stegvis – {where}")
        self.databaseOpened.emit()
        if load:
            self.reload(sync=True)

    def reload(self, sync: bool = False) -> None:
        """Fetch both lists again from the services (after a save, or F5)."""
        if self.services is None:
            return
        self._load_generation += 1
        generation = self._load_generation
        services = self.services
        column, order = self.plan_model.sort_column, self.plan_model.sort_order
        if sync:
            try:
                plans = _load_plans(services, column, order)
            except Exception as exc:  # noqa: BLE001 - shown as a message, never a traceback
                self.show_error(exc)
                return
            self._plans_loaded(generation, plans)
            self._reload_follow_ups(sync=True)
            return
        self._set_status(_("Loading…"))
        self._background.submit(lambda: _load_plans(services, column, order),
                                lambda plans: (self._plans_loaded(generation, plans), self._reload_follow_ups()),
                                self.show_error)

    def _plans_loaded(self, generation: int, loaded: tuple[Any, ...]) -> None:
        if generation != self._load_generation:
            return  # a newer load is on its way
        prepared, staff = loaded
        keep = self._select_after_load or self.current_list_plan_id()
        self._select_after_load = None
        self._staff = staff
        self._fill_filters_from_services()
        self._refresh_flow_units()
        self.plan_model.set_prepared(prepared)
        self._update_count()
        self._fit_tables()
        if keep is not None:
            self.select_plan(keep)
        self._update_reopen_button()
        self._update_actions()
        total = len(prepared.rows)
        self._set_status(ngettext("{n} plan in the database.", "{n} plans in the database.", total).format(n=total))
        self.listLoaded.emit()

    def _reload_follow_ups(self, sync: bool = False) -> None:
        if self.services is None:
            return
        self._follow_generation += 1
        generation = self._follow_generation
        services, coach = self.services, self.follow_coach.currentData()

        def load() -> list[FollowUpRow]:
            return services.follow_ups_due(FOLLOW_UP_DAYS, coach_id=coach)

        def done(rows: list[FollowUpRow]) -> None:
            if generation == self._follow_generation:
                self._set_follow_ups(rows)
                self.followUpsLoaded.emit()

        if not sync:
            self._background.submit(load, done, self.show_error)
            return
        try:
            rows = load()
        except Exception as exc:  # noqa: BLE001
            self.show_error(exc)
            return
        done(rows)

    def _set_follow_ups(self, rows: list[FollowUpRow]) -> None:
        self.install_icons()
        self.follow_model.set_rows(rows)
        overdue = sum(1 for r in rows if r.overdue)
        coming = len(rows) - overdue
        parts = []
        if overdue:
            parts.append(ngettext("{n} follow-up is overdue.", "{n} follow-ups are overdue.", overdue)
                         .format(n=overdue))
        parts.append(ngettext("{n} follow-up in the next {days} days.", "{n} follow-ups in the next {days} days.",
                              coming).format(n=coming, days=FOLLOW_UP_DAYS))
        self.follow_summary.setText(" ".join(parts))
        self.follow_summary.setAccessibleName(" ".join(parts))
        self._fit_table(self.follow_table, self.follow_model, FOLLOW_UP_CAPS)
        self._update_actions()

    # ================================================================== filtering and selection

    def _schedule_filter(self, *_args: Any) -> None:
        """Coalesce fast typing: one filter pass for all keystrokes already waiting."""
        self._filter_timer.start()

    def _apply_filter(self) -> None:
        self.plan_proxy.set_filter(self.search.text(), stage=self.stage_filter.currentData(),
                                   status=self.status_filter.currentData(),
                                   coach_id=self.coach_filter.currentData())
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.plan_proxy.rowCount(), self.plan_model.rowCount()
        if self.plan_proxy.is_filtered:
            text = ngettext("Showing {shown} of {total} plan.", "Showing {shown} of {total} plans.",
                            total).format(shown=shown, total=total)
        else:
            text = ngettext("{total} plan.", "{total} plans.", total).format(total=total)
        if self.plan_proxy.is_filtered and shown == 0:
            text += " " + _("Nothing matches. Try fewer letters, or choose “All” in the lists.")
        self.count_label.setText(text)
        self.count_label.setAccessibleName(text)
        self._update_actions()

    def focus_search(self) -> None:
        self.show_tab(self.LIST_TAB)
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _focus_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.plan_proxy.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def current_list_plan_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        return int(index.siblingAtColumn(0).data(PLAN_ID_ROLE))

    def current_list_row(self) -> PlanRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        source = self.plan_proxy.mapToSource(index)
        return self.plan_model.row_at(source.row())

    def current_follow_up(self) -> FollowUpRow | None:
        index = self.follow_table.currentIndex()
        if not index.isValid() or not self.follow_table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        return self.follow_model.row_at(index.row())

    def current_plan_id(self) -> int | None:
        """The plan the plan actions work on: the one in view on the current tab."""
        tab = self.tabs.currentIndex()
        if tab == self.PLAN_TAB:
            return self.editor_plan_id
        if tab == self.FOLLOW_UP_TAB:
            row = self.current_follow_up()
            return row.plan_id if row else None
        return self.current_list_plan_id()

    def select_plan(self, plan_id: int) -> bool:
        row = self.plan_model.row_of_plan(plan_id)
        if row < 0:
            return False
        proxy_index = self.plan_proxy.mapFromSource(self.plan_model.index(row, 0))
        if not proxy_index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            proxy_index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(proxy_index)
        return True

    def _update_actions(self, *_args: Any) -> None:
        has_db = self.services is not None
        has_plan = self.current_plan_id() is not None
        for act in (self.act_open, self.act_meeting, self.act_print_easy, self.act_preview_easy,
                    self.act_print_full, self.act_preview_full, self.act_save_pdf):
            act.setEnabled(has_db and has_plan)
        self.act_new.setEnabled(has_db)
        self.act_new_plan.setEnabled(has_db and self.current_list_row() is not None
                                     and self.tabs.currentIndex() == self.LIST_TAB)
        self.act_close_plan.setEnabled(self.editor is not None)
        self.act_ics_one.setEnabled(has_db and self.current_follow_up() is not None
                                    and self.tabs.currentIndex() == self.FOLLOW_UP_TAB)
        self.act_ics_all.setEnabled(has_db)
        self.act_refresh.setEnabled(has_db)
        # Buttons stay enabled (a disabled button cannot be found by Tab); they explain instead.

    # ================================================================== people and plans

    def new_person_and_plan(self) -> None:
        if self.services is None:
            return
        from ui.views.new_plan_dialog import NewPlanDialog

        dialog = NewPlanDialog(self.services, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.plan_id is not None:
            self._after_create(dialog.plan_id)

    def new_plan_for_person(self) -> None:
        row = self.current_list_row()
        if self.services is None or row is None:
            self._explain(_("Choose a person in the list first."))
            return
        from ui.views.new_plan_dialog import NewPlanDialog

        dialog = NewPlanDialog(self.services, self, person_id=row.person_id, person_name=row.person)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.plan_id is not None:
            self._after_create(dialog.plan_id)

    def _after_create(self, plan_id: int) -> None:
        self.search.clear()
        self._select_after_load = plan_id
        self.reload(sync=True)
        self.open_plan(plan_id)

    def open_current_plan(self) -> None:
        plan_id = self.current_plan_id()
        if plan_id is None:
            self._explain(_("Choose a plan in the list first."))
            return
        self.open_plan(plan_id)

    def open_plan(self, plan_id: int) -> bool:
        """Show the plan in the editor on the Plan tab. False when the coach kept the current one open."""
        if self.services is None:
            return False
        if self.editor is not None and self.editor_plan_id == plan_id:
            self.show_tab(self.PLAN_TAB)
            return True
        if not self.close_plan(switch=False):
            return False
        try:
            editor_cls = _plan_editor_class()
        except ImportError:
            editor_cls = None
        try:
            if editor_cls is None:
                editor: QWidget = _EditorMissing(self.services, plan_id, self.plan_stack)
            else:
                editor = editor_cls(self.services, plan_id, self.plan_stack)
        except Exception as exc:  # noqa: BLE001 - e.g. the plan was removed meanwhile
            self.show_error(exc)
            return False
        saved = getattr(editor, "saved", None)
        if saved is not None:
            saved.connect(self._on_plan_saved)
        close_requested = getattr(editor, "closeRequested", None)
        if close_requested is not None:
            close_requested.connect(lambda: self.close_plan())
        self.editor, self.editor_plan_id = editor, plan_id
        self.plan_stack.addWidget(editor)
        self.plan_stack.setCurrentWidget(editor)
        self.settings.last_plan_id = plan_id
        self.show_tab(self.PLAN_TAB)
        editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_actions()
        self.planOpened.emit(plan_id)
        return True

    def close_plan(self, switch: bool = True) -> bool:
        """Close the editor, asking first if something is unsaved. True when it is closed."""
        if self.editor is None:
            return True
        maybe_close = getattr(self.editor, "maybe_close", None)
        if callable(maybe_close) and not maybe_close():
            self.show_tab(self.PLAN_TAB)
            return False
        editor = self.editor
        self.editor, self.editor_plan_id = None, None
        self.plan_stack.setCurrentWidget(self.plan_placeholder)
        self.plan_stack.removeWidget(editor)
        editor.hide()
        editor.setParent(None)
        editor.deleteLater()
        self._update_reopen_button()
        self._update_actions()
        if switch:
            self.show_tab(self.LIST_TAB)
            self.table.setFocus()
        return True

    def _on_plan_saved(self, plan_id: int) -> None:
        self._select_after_load = plan_id
        self.reload()

    def _update_reopen_button(self) -> None:
        last = self.settings.last_plan_id
        row = self.plan_model.row_of_plan(last) if last else -1
        if row >= 0 and self.editor is None:
            name = self.plan_model.row_at(row).person
            self.reopen_button.setText(_("Open the last plan again: {name}").format(name=name))
            self.reopen_button.setAccessibleName(self.reopen_button.text())
            self.reopen_button.show()
        else:
            self.reopen_button.hide()

    def _reopen_last_plan(self) -> None:
        last = self.settings.last_plan_id
        if last:
            self.open_plan(last)

    # ================================================================== printing (lazy: ReportLab only now)

    def _render(self, kind: str) -> tuple[int, bytes] | None:
        plan_id = self.current_plan_id()
        if self.services is None or plan_id is None:
            self._explain(_("Choose a plan in the list first."))
            return None
        try:
            from planner.documents import render_plan_pdf
        except ImportError:
            self._explain(_("Printing is not available in this version of Stegvis."))
            return None
        from planner.i18n import current_language

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return plan_id, render_plan_pdf(self.services, plan_id, kind, current_language())
        except Exception as exc:  # noqa: BLE001
            self.show_error(exc)
            return None
        finally:
            QApplication.restoreOverrideCursor()

    def _pdf_title(self, kind: str, plan_id: int | None = None) -> str:
        """"My plan – Anna": the title of the preview and the print job, and the suggested file name."""
        title = _("My plan") if kind == "easy_read" else _("Joint plan")
        row = self.plan_model.row_of_plan(plan_id) if plan_id is not None else -1
        if row < 0:
            return title
        found = self.plan_model.row_at(row)
        first = (found.preferred_name or found.person).split()
        return _("{title} – {name}").format(title=title, name=first[0]) if first else title

    def preview_plan(self, kind: str) -> None:
        pdf = _pdf_widgets()
        if pdf is None:
            return
        rendered = self._render(kind)
        if rendered is not None:
            pdf.show_pdf_preview(self, rendered[1], self._pdf_title(kind, rendered[0]))

    def print_plan(self, kind: str) -> None:
        pdf = _pdf_widgets()
        if pdf is None:
            self._explain(_("Printing is not available in this version of Stegvis."))
            return
        rendered = self._render(kind)
        if rendered is not None:
            pdf.print_pdf(self, rendered[1], self._pdf_title(kind, rendered[0]))

    def save_plan_pdf(self, kind: str) -> None:
        pdf = _pdf_widgets()
        if pdf is None:
            self._explain(_("Saving as PDF is not available in this version of Stegvis."))
            return
        rendered = self._render(kind)
        if rendered is not None:
            pdf.save_pdf(self, rendered[1], self._pdf_title(kind, rendered[0]))

    # ================================================================== calendar files

    def export_follow_up_ics(self) -> None:
        row = self.current_follow_up()
        if row is None:
            self.show_tab(self.FOLLOW_UP_TAB)
            self._explain(_("Choose a follow-up in “Coming follow-ups” first."))
            return
        from planner.i18n import to_local

        day = to_local(row.planned_at).date().isoformat()
        self._write_ics([row], f"{_('follow-up')}-{row.first_name or row.follow_up_id}-{day}.ics")

    def export_coach_ics(self) -> None:
        if self.services is None:
            return
        coach_id = self.follow_coach.currentData()
        if coach_id is None:
            self.show_tab(self.FOLLOW_UP_TAB)
            self._explain(_("Choose a coach in “Show follow-ups for” first."))
            self.follow_coach.setFocus()
            return
        try:
            rows = self.services.follow_ups_due(CALENDAR_EXPORT_DAYS, coach_id=coach_id, include_overdue=False)
        except Exception as exc:  # noqa: BLE001
            self.show_error(exc)
            return
        if not rows:
            self._explain(_("This coach has no coming follow-ups."))
            return
        name = self.follow_coach.currentText().split()[0] if self.follow_coach.currentText() else "coach"
        self._write_ics(rows, f"{_('follow-ups')}-{name}.ics")

    def _write_ics(self, rows: list[FollowUpRow], suggested: str) -> None:
        folder = self.settings.last_folder or str(Path.home())
        path = ask_save_path(self, _("Save calendar file"), str(Path(folder) / suggested),
                             _("Calendar files (*.ics)"))
        if not path:
            return
        if not path.lower().endswith(".ics"):
            path += ".ics"
        from planner.calendar_export import write_calendar

        try:
            count = write_calendar(path, rows)
        except OSError as exc:
            self._explain(_("The calendar file could not be saved: {reason}. Choose another folder.")
                          .format(reason=exc.strerror or exc), icon=QMessageBox.Icon.Warning)
            return
        self.settings.last_folder = str(Path(path).parent)
        self._set_status(ngettext("Saved {n} follow-up in {file}. Open the file to add it to Outlook.",
                                  "Saved {n} follow-ups in {file}. Open the file to add them to Outlook.",
                                  count).format(n=count, file=Path(path).name))

    # ================================================================== meeting mode (hook)

    def start_meeting(self, plan_id: int | None = None, follow_up_id: int | None = None) -> None:
        """Start the meeting walkthrough for a plan.

        Hook for the meeting mode: ``ui.walkthrough`` is imported only now and offers
        ``start_meeting(services, plan_id, mode, parent, **options)`` returning the meeting window (kept alive here;
        its ``closed`` signal refreshes the lists). Without it the coach gets a message instead.
        """
        if plan_id is None:
            plan_id = self.current_plan_id()
            if self.tabs.currentIndex() == self.FOLLOW_UP_TAB and self.current_follow_up() is not None:
                follow_up_id = self.current_follow_up().follow_up_id  # type: ignore[union-attr]
        if self.services is None or plan_id is None:
            self._explain(_("Choose a plan in the list first."))
            return
        try:
            walkthrough = importlib.import_module("ui.walkthrough")
        except ImportError:
            walkthrough = None
        start = getattr(walkthrough, "start_meeting", None)
        if not callable(start):
            self._explain(_("The meeting mode is not available in this version of Stegvis."))
            return
        if self.editor is not None and self.editor_plan_id == plan_id and not self.close_plan(switch=False):
            return
        # A plan with a booked follow-up has had its first meeting: this is a follow-up meeting.
        row = self.plan_model.row_at(r) if (r := self.plan_model.row_of_plan(plan_id)) >= 0 else None
        has_follow_up = follow_up_id is not None or (row is not None and row.next_follow_up is not None)
        mode = getattr(walkthrough, "FOLLOW_UP", "follow_up") if has_follow_up else getattr(walkthrough, "FIRST",
                                                                                              "first")
        options: dict[str, Any] = {}  # the walkthrough reads the text size from the settings itself
        if follow_up_id is not None:
            options["follow_up_id"] = follow_up_id
        try:
            self.meeting = start(self.services, plan_id, mode, self, **options)
        except TypeError:  # an older walkthrough without these options
            self.meeting = start(self.services, plan_id, mode, self)
        except Exception as exc:  # noqa: BLE001
            self.show_error(exc)
            return
        closed = getattr(self.meeting, "closed", None)
        if closed is not None:
            closed.connect(lambda: self.reload())

    # ================================================================== settings, tour, help

    def show_results(self) -> None:
        """The anonymised outcomes report ("Resultat") in its own window; its code is imported only when asked for."""
        if self.services is None:
            return
        from ui.views.results_view import open_results_window

        self.results_window = open_results_window(self.services, self)

    def show_audit_trail(self) -> None:
        """The audit trail of the person chosen in the list (or of the open plan)."""
        if self.services is None:
            return
        row = self.current_list_row()
        person_id = row.person_id if row is not None else None
        if person_id is None and self.editor_plan_id is not None:
            person_id = self.services.get_plan(self.editor_plan_id).person_id
        if person_id is None:
            self._explain(_("Choose a person in the list first."))
            return
        from ui.views.audit_view import AuditDialog

        AuditDialog(self.services, person_id, self).exec()

    def restore_backup(self) -> None:
        """Go back to a backup; the open plan is closed first (asking about unsaved changes)."""
        if self.services is None or not self.close_plan(switch=True):
            return
        from ui.views.restore_dialog import RestoreDialog

        dialog = RestoreDialog(self.services, self)
        dialog.restored.connect(lambda _result: self.reload(sync=True))
        dialog.exec()

    def show_settings(self) -> None:
        from ui.settings_dialog import SettingsDialog

        SettingsDialog(self.theme, self.settings, self).exec()

    def _toggle_contrast(self) -> None:
        self.theme.set_theme("high_contrast" if self.act_contrast.isChecked() else "default")

    def _on_theme_changed(self, scale: int, theme: str) -> None:
        self.settings.font_scale = scale
        self.settings.theme = theme
        self.act_contrast.blockSignals(True)
        self.act_contrast.setChecked(theme == "high_contrast")
        self.act_contrast.blockSignals(False)
        side = icon_px(scale)
        self.tabs.setIconSize(QSize(side, side))
        for table in (self.table, self.follow_table):
            table.setIconSize(QSize(side, side))
        for btn in self.findChildren(QPushButton) + self.tool_buttons:
            btn.setIconSize(QSize(side, side))
        self.follow_model.set_warning_colour(QColor(COLOURS[theme].warning))
        QTimer.singleShot(0, self, self._fit_after_theme)

    def _fit_after_theme(self) -> None:
        self._refresh_flow_units()
        self._fit_tables()

    def _refresh_flow_units(self) -> None:
        """A label-above-field unit does not pass a changed size hint up to its flow layout by itself."""
        for box in (self.search, self.stage_filter, self.status_filter, self.coach_filter, self.follow_coach):
            unit = box.parentWidget()
            unit.updateGeometry()
            if unit.parentWidget() is not None and unit.parentWidget().layout() is not None:
                unit.parentWidget().layout().invalidate()

    def _fit_tables(self) -> None:
        self._fit_table(self.table, self.plan_model, PLAN_CAPS)
        self._fit_table(self.follow_table, self.follow_model, FOLLOW_UP_CAPS)

    def _fit_table(self, table: QTableView, model: Any, caps: tuple[int, ...]) -> None:
        """Row heights from the font; each column as wide as its widest text (capped, in average characters),
        so dates and stages are not cut off at any text size."""
        fm = table.fontMetrics()
        bold = QFont(table.font())
        bold.setBold(True)
        fm_bold = QFontMetrics(bold)
        table.verticalHeader().setDefaultSectionSize(row_height(fm.height()))
        header = table.horizontalHeader()
        header.setMinimumHeight(row_height(header.fontMetrics().height()))
        pad = round(fm.averageCharWidth() * 4) + table.iconSize().width() + 24
        for col, cap in enumerate(caps):
            title = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
            # the longest texts by length are the widest ones often enough; measuring all 10,000 names is not
            longest = sorted(model.column_texts(col), key=len, reverse=True)[:60]
            widest = max((fm_bold.horizontalAdvance(t) for t in longest), default=0)
            width = max(widest + pad, header.fontMetrics().horizontalAdvance(title) + 48)
            header.resizeSection(col, min(width, fm.averageCharWidth() * cap + pad))

    def show_tour(self) -> None:
        TourDialog(self).exec()

    def show_shortcuts(self) -> None:
        lines = []
        for act in (self.act_new, self.act_open, self.act_search, self.act_show_list, self.act_show_follow,
                    self.act_show_plan, self.act_meeting, self.act_print_easy, self.act_zoom_in,
                    self.act_zoom_out, self.act_zoom_reset, self.act_contrast, self.act_refresh, self.act_quit):
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in act.shortcuts())
            if keys:
                lines.append(f"{keys}: {act.text().replace('&', '')}")
        self._explain("\n".join(lines), title=_("Keyboard shortcuts"))

    def show_about(self) -> None:
        from planner import __version__ as version  # type: ignore[attr-defined]

        self._explain(_("Stegvis {version}. Joint plans made together with the person.").format(version=version)
                      + "\n\n" + _("Pictures: OpenMoji, CC BY-SA 4.0. Font: Atkinson Hyperlegible."),
                      title=_("About Stegvis"))

    def first_run(self) -> None:
        """The first start on this computer: offer made-up example people, then a short tour in words."""
        if self.settings.first_run_done or self.services is None:
            return
        self.settings.first_run_done = True
        if self.plan_model.rowCount() == 0 and self._ask(
                _("Welcome to Stegvis"),
                _("The database is empty. Do you want to add some example people to try Stegvis?") + "\n\n"
                + _("The examples are made up. You can remove them later."),
                yes=_("&Add example people"), no=_("&Start with an empty list")):
            self.load_demo_data()
        self.show_tour()

    def load_demo_data(self, people: int = 14) -> None:
        if self.services is None:
            return
        from planner.demo import fill_demo

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            fill_demo(self.services, people=people)
        except Exception as exc:  # noqa: BLE001
            self.show_error(exc)
        finally:
            QApplication.restoreOverrideCursor()
        self.reload(sync=True)

    # ================================================================== messages

    def _set_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleName(text or _("Status"))

    def _explain(self, text: str, *, title: str = "", icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> None:
        box = QMessageBox(icon, title or "Stegvis", text, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    def _ask(self, title: str, text: str, *, yes: str, no: str) -> bool:
        """A yes/no question whose buttons say what they do."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        yes_button = box.addButton(yes, QMessageBox.ButtonRole.YesRole)
        no_button = box.addButton(no, QMessageBox.ButtonRole.NoRole)
        box.setDefaultButton(yes_button)
        box.setEscapeButton(no_button)
        box.exec()
        return box.clickedButton() is yes_button

    def show_error(self, error: BaseException) -> None:
        """A service error as a message that says what happened and what to do; never a traceback."""
        from planner.errors import StegvisError

        if isinstance(error, StegvisError):
            text = error.message
            advice = getattr(error, "advice", "")
            if advice:
                text += "\n\n" + advice
        else:
            log.error("unexpected error", exc_info=error)
            text = _("Something went wrong. What you saved before is safe.") + "\n\n" + \
                _("Try again. If it happens again, tell your IT support.")
        self._explain(text, title=_("Stegvis"), icon=QMessageBox.Icon.Warning)

    # ================================================================== window state

    def _restore_window(self) -> None:
        geometry, state = self.settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.editor is not None:
            maybe_close = getattr(self.editor, "maybe_close", None)
            if callable(maybe_close) and not maybe_close():
                event.ignore()
                return
        if self.editor_plan_id is None:
            pass  # keep the last plan id from when it was open
        self.settings.set_window_state(self.saveGeometry(), self.saveState())
        self.settings.sync()
        self._background.shutdown()
        super().closeEvent(event)


# ------------------------------------------------------------------------------------------------ pieces


def _load_plans(services: Services, column: int, order: Qt.SortOrder) -> tuple[Any, ...]:
    """Runs on the loading thread: the rows, ready for the list model, and the staff for the coach filters."""
    prepared = PlanListModel.prepare(services.list_plans(), column, order)
    staff = [(s.id, s.login, s.display_name) for s in services.list_staff()]
    return prepared, staff


def _is_user_error(error: BaseException) -> bool:
    from planner.errors import StegvisError

    return isinstance(error, StegvisError)


def _plan_editor_class() -> type[QWidget]:
    from ui.views.plan_editor import PlanEditor

    return PlanEditor  # type: ignore[no-any-return]


def _pdf_widgets() -> Any:
    try:
        return importlib.import_module("ui.widgets.pdf_preview")
    except ImportError:
        return None


class _EditorMissing(QFrame):
    """Shown in the Plan tab when this build has no plan editor."""

    saved = Signal(int)
    closeRequested = Signal()  # noqa: N815

    def __init__(self, services: Services, plan_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        plan = services.get_plan(plan_id)
        column = QVBoxLayout(self)
        column.addWidget(_label(plan.person.name, self, "heading"))
        column.addWidget(_label(_("The plan editor is not available in this version of Stegvis."), self))
        close = _button(_("&Close plan"), self._request_close, self)
        row = QHBoxLayout()
        row.addWidget(close)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)

    def _request_close(self) -> None:
        self.closeRequested.emit()

    def maybe_close(self) -> bool:
        return True


class TourDialog(FittedDialog):
    """A short tour in words: what is where, and how to make the text larger."""

    fit_chars = 60

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from ui.widgets.form import VScrollArea

        self.setWindowTitle(_("A short tour of Stegvis"))
        self.setObjectName("tourDialog")
        outer = QVBoxLayout(self)
        outer.addWidget(_label(_("A short tour of Stegvis"), self, "heading"))
        content = QWidget(self)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        steps = [
            (_("People and plans"), _("The list shows every person and their plan. Type in the search field to "
                                      "find someone. Press Enter to open the plan.")),
            (_("New person and plan"), _("Press “New person and plan” to add someone. Write the person’s name "
                                         "and when the plan starts.")),
            (_("Coming follow-ups"), _("Here you see the follow-up meetings. Overdue ones come first and say "
                                       "“Overdue”. You can add a meeting to your Outlook calendar.")),
            (_("Start meeting"), _("In a meeting, press “Start meeting”. Stegvis shows one question at a time, "
                                   "with large text and pictures.")),
            (_("Print “My plan”"), _("Print the plan in easy-to-read language for the person.")),
            (_("Larger text"), _("Hold Ctrl and press + to make the text larger, − to make it smaller, and 0 "
                                 "to go back. High contrast is in the View menu.")),
        ]
        for number, (title, text) in enumerate(steps, start=1):
            column.addWidget(_label(_("Step {n} of {total}: {title}").format(n=number, total=len(steps),
                                                                          title=title), content, "subheading"))
            column.addWidget(_label(text, content))
            column.addSpacing(8)
        column.addStretch(1)
        self.fit_scroller = VScrollArea(content, self)
        outer.addWidget(self.fit_scroller, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        close = _button(_("&Start using Stegvis"), self.accept, self)
        close.setDefault(True)
        row.addWidget(close)
        outer.addLayout(row)
        close.setFocus()
