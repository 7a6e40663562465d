"""The main window with real key and mouse events: create, filter, open, keyboard only, accessible names, 250 %."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

pytestmark = pytest.mark.gui


# ------------------------------------------------------------------------------------------------ helpers


def activate(qtbot: Any, widget: QWidget) -> None:
    widget.activateWindow()
    widget.raise_()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window())


def shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.window().isVisible()


def focusable(root: QWidget) -> list[QWidget]:
    """Every widget the Tab key can reach under ``root`` right now."""
    return [w for w in [root, *root.findChildren(QWidget)]
            if shown(w) and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus]


def accessible_name(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name) if iface is not None else ""


def clipped(root: QWidget) -> list[str]:
    """Labels and buttons that are smaller than they need to be (their text would be cut off)."""
    problems = []
    for w in [root, *root.findChildren(QWidget)]:
        if not shown(w) or not isinstance(w, QLabel | QAbstractButton | QComboBox | QLineEdit):
            continue
        if isinstance(w, QLabel) and not w.text():
            continue
        hint = w.sizeHint()
        need_h = w.heightForWidth(w.width()) if isinstance(w, QLabel) and w.wordWrap() else hint.height()
        need_w = w.minimumSizeHint().width() if isinstance(w, QLabel) and w.wordWrap() else hint.width()
        if isinstance(w, QLineEdit):  # a text field scrolls its text; it only must be tall enough
            need_w = 0
        if w.width() < need_w or w.height() < need_h:
            text = getattr(w, "text", lambda: "")() if not isinstance(w, QComboBox) else w.currentText()
            problems.append(f"{type(w).__name__} {w.objectName()!r} {text!r}: {w.width()}x{w.height()} "
                            f"< {need_w}x{need_h}")
    return problems


def list_names(window: Any) -> list[str]:
    proxy = window.plan_proxy
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def type_text(widget: QWidget, text: str) -> None:
    """Real key presses, also for å ä ö (QTest's own keyClicks only knows ASCII)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    for ch in text:
        if ch.isascii():
            QTest.keyClick(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def type_into(qtbot: Any, widget: QWidget, text: str) -> None:
    widget.setFocus()
    type_text(widget, text)


# ------------------------------------------------------------------------------------------------ the list


def test_list_loads_and_sorts_swedish(window: Any) -> None:
    names = list_names(window)
    assert len(names) == window.services.list_plans().__len__() > 0
    keys = [n.split()[0][0] for n in names]
    # Å, Ä and Ö come after Z, as in Swedish
    tail = "".join(k for k in keys if k in "ÅÄÖ")
    assert keys[len(keys) - len(tail):] == list(tail)
    assert "plans" in window.count_label.text()


def test_filter_as_you_type_and_clear_with_escape(qtbot: Any, window: Any) -> None:
    target = window.services.list_plans()[0].person.split()[0]
    total = window.plan_proxy.rowCount()
    type_into(qtbot, window.search, target.lower())
    qtbot.waitUntil(lambda: 0 < window.plan_proxy.rowCount() < total)
    assert all(target.lower() in n.lower() or target.lower() in window.plan_model.haystack(0)
               for n in list_names(window)[:1])
    assert "Showing" in window.count_label.text()
    QTest.keyClick(window.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.plan_proxy.rowCount() == total)
    type_into(qtbot, window.search, "qqqqxyz")
    qtbot.waitUntil(lambda: window.plan_proxy.rowCount() == 0)
    assert "Nothing matches" in window.count_label.text()


def test_stage_combo_filters_with_the_keyboard(qtbot: Any, window: Any) -> None:
    from planner.model import Stage

    box = window.stage_filter
    box.setFocus()
    index = box.findData(Stage.DAILY_ACTIVITY.value)
    for _ in range(index):
        QTest.keyClick(box, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: window.plan_proxy.rowCount() > 0)
    assert box.currentData() == Stage.DAILY_ACTIVITY.value
    qtbot.waitUntil(lambda: all(window.plan_proxy.index(r, 1).data() == "Daily activity"
                                for r in range(window.plan_proxy.rowCount())))


# ------------------------------------------------------------------------------------------------ creating


def fill_new_person(qtbot: Any, name: str, pnr: str = "") -> Any:
    def drive(dialog: Any) -> None:
        activate(qtbot, dialog)
        assert dialog.name.hasFocus()
        typed, pasted = (name[:-2], name[-2:]) if name.endswith(" 🙂") else (name, "")
        type_text(dialog.name, typed)
        dialog.name.insert(pasted)  # an emoji comes from the emoji picker, not from key presses
        QTest.keyClick(dialog.name, Qt.Key.Key_Tab)  # to "wants to be called"
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is dialog.pnr
        if pnr:
            type_text(dialog.pnr, pnr)
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        drive.dialog = dialog  # type: ignore[attr-defined]
        drive.errors = dialog.form.error("personal_number")  # type: ignore[attr-defined]
        drive.still_open = dialog.isVisible()  # type: ignore[attr-defined]
        drive.name_after = dialog.name.text()  # type: ignore[attr-defined]

    return drive


def test_create_person_and_plan_with_keys_and_mouse(qtbot: Any, window: Any, modals: Any) -> None:
    drive = fill_new_person(qtbot, "Ali & <Söderström> 🙂")
    modals.then(drive)
    qtbot.mouseClick(window.tool_buttons[0], Qt.MouseButton.LeftButton)  # "New person and plan"
    assert not drive.still_open
    people = [r for r in window.services.list_plans() if r.person == "Ali & <Söderström> 🙂"]
    assert len(people) == 1
    assert window.editor_plan_id == people[0].plan_id
    assert window.tabs.currentIndex() == window.PLAN_TAB
    assert "Ali & <Söderström> 🙂" in list_names(window)


def test_a_refused_value_is_shown_at_its_field_and_nothing_typed_is_lost(qtbot: Any, window: Any,
                                                                         modals: Any) -> None:
    drive = fill_new_person(qtbot, "Omar Saleh", pnr="12345")
    modals.then(drive)
    window.act_new.trigger()
    assert drive.still_open
    assert drive.errors  # the message is under the identity number field
    assert drive.name_after == "Omar Saleh"
    assert not [r for r in window.services.list_plans() if r.person == "Omar Saleh"]


def test_new_plan_for_the_chosen_person(qtbot: Any, window: Any, modals: Any) -> None:
    row = window.plan_model.row_at(0)
    window.select_plan(row.plan_id)
    before = len([r for r in window.services.list_plans() if r.person_id == row.person_id])

    def drive(dialog: Any) -> None:
        activate(qtbot, dialog)
        QTest.keyClick(dialog.create_button, Qt.Key.Key_Space)

    modals.then(drive)
    window.act_new_plan.trigger()
    after = [r for r in window.services.list_plans() if r.person_id == row.person_id]
    assert len(after) == before + 1


# ------------------------------------------------------------------------------------------------ keyboard only


def test_keyboard_only_find_open_and_close_a_plan(qtbot: Any, window: Any) -> None:
    activate(qtbot, window)
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    wanted = window.plan_model.row_at(3)
    type_text(window.search, wanted.person)
    qtbot.waitUntil(lambda: window.plan_proxy.rowCount() >= 1)
    QTest.keyClick(window.search, Qt.Key.Key_Down)
    assert window.table.hasFocus()
    assert window.current_list_plan_id() is not None
    QTest.keyClick(window.table, Qt.Key.Key_Return)
    assert window.tabs.currentIndex() == window.PLAN_TAB
    assert window.editor_plan_id is not None
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.editor is None
    assert window.tabs.currentIndex() == window.LIST_TAB


def test_tab_order_follows_the_screen(qtbot: Any, window: Any) -> None:
    activate(qtbot, window)
    window.search.setFocus()
    order = []
    for _ in range(5):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order[:4] == [window.stage_filter, window.status_filter, window.coach_filter, window.table]


def test_ctrl_plus_minus_and_zero_change_the_text_size_live(qtbot: Any, window: Any, theme: Any) -> None:
    activate(qtbot, window)
    window.search.setFocus()
    before = QApplication.font().pointSizeF()
    QTest.keyClick(window.search, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert theme.scale == 125
    assert QApplication.font().pointSizeF() > before
    assert window.search.font().pointSizeF() > before  # applied to widgets already on screen
    QTest.keyClick(window.search, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert theme.scale == 100
    for _ in range(8):
        QTest.keyClick(window.search, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert theme.scale == 250
    QTest.keyClick(window.search, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert theme.scale == 100
    assert window.settings.font_scale == 100


def test_high_contrast_from_the_view_menu(qtbot: Any, window: Any, theme: Any) -> None:
    from PySide6.QtGui import QPalette

    window.act_contrast.trigger()
    assert theme.theme == "high_contrast"
    assert QApplication.palette().color(QPalette.ColorRole.Window).name() == "#000000"
    assert window.settings.theme == "high_contrast"
    window.act_contrast.trigger()
    assert theme.theme == "default"


# ------------------------------------------------------------------------------------------------ accessibility


@pytest.mark.parametrize("tab", [0, 1, 2])
def test_every_focusable_widget_has_an_accessible_name(qtbot: Any, window: Any, tab: int) -> None:
    if tab == 2:
        window.open_plan(window.plan_model.row_at(0).plan_id)
    window.show_tab(tab)
    qtbot.wait(10)
    missing = [f"{type(w).__name__} {w.objectName()!r}" for w in focusable(window) if not accessible_name(w).strip()]
    assert not missing


def test_dialogs_have_accessible_names(qtbot: Any, window: Any, theme: Any) -> None:
    from ui.settings_dialog import SettingsDialog
    from ui.views.main_window import TourDialog
    from ui.views.new_plan_dialog import NewPlanDialog

    for dialog in (NewPlanDialog(window.services, window), SettingsDialog(theme, window.settings, window),
                   TourDialog(window)):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        missing = [f"{type(w).__name__} {w.objectName()!r}" for w in focusable(dialog)
                   if not accessible_name(w).strip()]
        assert not missing, type(dialog).__name__
        dialog.hide()


def test_click_targets_are_at_least_44_px_at_100_percent(window: Any) -> None:
    small = [f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r} {w.width()}x{w.height()}"
             for w in focusable(window) if isinstance(w, QAbstractButton | QComboBox | QLineEdit)
             and (w.width() < 44 or w.height() < 44)]
    assert not small


@pytest.mark.parametrize("theme_name", ["default", "high_contrast"])
def test_no_clipping_at_250_percent(qtbot: Any, window: Any, theme: Any, theme_name: str) -> None:
    from ui.settings_dialog import SettingsDialog
    from ui.views.main_window import TourDialog
    from ui.views.new_plan_dialog import NewPlanDialog

    theme.set_theme(theme_name)
    theme.set_scale(250)
    window.resize(1920, 1200)
    for tab in (window.LIST_TAB, window.FOLLOW_UP_TAB, window.PLAN_TAB):
        window.show_tab(tab)
        qtbot.wait(50)
        assert not clipped(window), tab
    for dialog in (NewPlanDialog(window.services, window), SettingsDialog(theme, window.settings, window),
                   TourDialog(window)):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.wait(50)
        assert not clipped(dialog), type(dialog).__name__
        dialog.hide()


# ------------------------------------------------------------------------------------------------ follow-ups and files


def test_follow_ups_overdue_first_then_coming(qtbot: Any, window: Any) -> None:
    model = window.follow_model
    flags = [model.row_at(r).overdue for r in range(model.rowCount())]
    assert flags == sorted(flags, reverse=True)  # every overdue one before every coming one
    assert any(flags)
    first = model.index(0, model.STATUS)
    assert first.data() == "Overdue"
    assert not first.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert "overdue" in window.follow_summary.text()
    latest = max(model.row_at(r).planned_at for r in range(model.rowCount()))
    assert latest < datetime.now(UTC) + timedelta(days=32)


def test_export_one_follow_up_and_all_of_a_coach_to_ics(qtbot: Any, window: Any, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from icalendar import Calendar

    import ui.views.main_window as mw

    target = tmp_path / "one.ics"
    monkeypatch.setattr(mw, "ask_save_path", lambda *_a: str(target))
    window.show_tab(window.FOLLOW_UP_TAB)
    window.follow_table.selectRow(0)
    qtbot.mouseClick(window.ics_one_button, Qt.MouseButton.LeftButton)
    row = window.follow_model.row_at(0)
    cal = Calendar.from_ical(target.read_bytes())
    (event,) = cal.walk("VEVENT")
    assert row.first_name in str(event["summary"])
    assert row.person.split()[-1] not in target.read_text(encoding="utf-8")

    everything = tmp_path / "coach"  # no extension given: .ics is added
    monkeypatch.setattr(mw, "ask_save_path", lambda *_a: str(everything))
    coach_index = window.follow_coach.findData(row.coach_id)
    window.follow_coach.setCurrentIndex(coach_index)
    qtbot.mouseClick(window.ics_all_button, Qt.MouseButton.LeftButton)
    cal = Calendar.from_ical((tmp_path / "coach.ics").read_bytes())
    expected = window.services.follow_ups_due(365, coach_id=row.coach_id, include_overdue=False)
    assert len(list(cal.walk("VEVENT"))) == len(expected) > 0
    assert "Saved" in window.status.text()


def test_export_all_without_a_coach_explains_what_to_do(window: Any, modals: Any) -> None:
    window.follow_coach.setCurrentIndex(0)
    window.export_coach_ics()
    assert "Choose a coach" in modals.texts()


# ------------------------------------------------------------------------------------------------ hooks


def test_print_and_preview_use_the_pdf_module_lazily(window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    import ui.views.main_window as mw

    calls: list[tuple[str, str, bytes]] = []
    fake = types.SimpleNamespace(
        show_pdf_preview=lambda parent, data, title: calls.append(("preview", title, data)),
        print_pdf=lambda parent, data, title: calls.append(("print", title, data)),
        save_pdf=lambda parent, data, title: calls.append(("save", title, data)))
    monkeypatch.setattr(mw, "_pdf_widgets", lambda: fake)
    documents = types.ModuleType("planner.documents")
    documents.render_plan_pdf = lambda services, plan_id, kind, lang: f"{plan_id}:{kind}:{lang}".encode()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "planner.documents", documents)
    window.select_plan(window.plan_model.row_at(0).plan_id)
    window.act_print_easy.trigger()
    window.act_preview_full.trigger()
    row = window.plan_model.row_at(0)
    first = (row.preferred_name or row.person).split()[0]
    assert calls == [("print", f"My plan – {first}", f"{row.plan_id}:easy_read:en".encode()),
                     ("preview", f"Joint plan – {first}", f"{row.plan_id}:full:en".encode())]


def test_start_meeting_hook_imports_the_walkthrough_lazily(window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    import types

    started: list[tuple[Any, ...]] = []
    fake = types.SimpleNamespace(FIRST="first", FOLLOW_UP="follow_up",
                                 start_meeting=lambda services, plan_id, mode, parent, **kw: started.append(
                                     (plan_id, mode)))
    real = importlib.import_module
    monkeypatch.setattr(importlib, "import_module",
                        lambda name, *a: fake if name == "ui.walkthrough" else real(name, *a))
    row = window.plan_model.row_at(0)
    window.select_plan(row.plan_id)
    window.act_meeting.trigger()
    assert started == [(row.plan_id, "follow_up" if row.next_follow_up else "first")]


def test_start_meeting_without_the_walkthrough_says_so(window: Any, modals: Any,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    real = importlib.import_module

    def no_walkthrough(name: str, *a: Any) -> Any:
        if name == "ui.walkthrough":
            raise ImportError(name)
        return real(name, *a)

    monkeypatch.setattr(importlib, "import_module", no_walkthrough)
    window.start_meeting(window.plan_model.row_at(0).plan_id)
    assert "not available" in modals.texts()


# ------------------------------------------------------------------------------------------------ first run, settings


def test_first_run_offers_demo_data_and_a_tour(qtbot: Any, theme: Any, sqlite_services: Any, modals: Any) -> None:
    from ui.settings import AppSettings
    from ui.views.main_window import MainWindow, TourDialog

    win = MainWindow(theme, services=sqlite_services)
    qtbot.addWidget(win)
    assert win.plan_model.rowCount() == 0
    modals.answer("example")
    win.first_run()
    assert win.plan_model.rowCount() > 0
    assert "Welcome" in modals.messages[0].title
    assert any(isinstance(d, TourDialog) for d in modals.dialogs)
    assert AppSettings().first_run_done
    modals.messages.clear()
    win.first_run()
    assert not modals.messages


def test_settings_dialog_changes_live_and_saves(qtbot: Any, window: Any, theme: Any, modals: Any) -> None:
    from ui.settings import AppSettings

    def drive(dialog: Any) -> None:
        activate(qtbot, dialog)
        assert dialog.scale.hasFocus()
        QTest.keyClick(dialog.scale, Qt.Key.Key_Down)
        QTest.keyClick(dialog.scale, Qt.Key.Key_Down)
        assert theme.scale == 150  # live
        qtbot.mouseClick(dialog.contrast, Qt.MouseButton.LeftButton)
        assert theme.theme == "high_contrast"
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    modals.then(drive)
    window.act_settings.trigger()
    assert AppSettings().font_scale == 150
    assert AppSettings().theme == "high_contrast"

    def cancel(dialog: Any) -> None:
        QTest.keyClick(dialog.scale, Qt.Key.Key_Down)
        assert theme.scale == 175
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    modals.then(cancel)
    window.act_settings.trigger()
    assert theme.scale == 150


def test_window_state_and_last_plan_persist(qtbot: Any, theme: Any, demo_services: Any) -> None:
    from ui.views.main_window import MainWindow

    first = MainWindow(theme, services=demo_services)
    qtbot.addWidget(first)
    first.resize(1000, 700)
    first.show()
    plan_id = first.plan_model.row_at(2).plan_id
    first.open_plan(plan_id)
    first.close()
    second = MainWindow(theme, services=demo_services)
    qtbot.addWidget(second)
    assert second.size().width() == 1000
    assert second.settings.last_plan_id == plan_id
    assert not second.reopen_button.isHidden()
    assert second.plan_model.row_at(second.plan_model.row_of_plan(plan_id)).person in second.reopen_button.text()
    second.reopen_button.click()
    assert second.editor_plan_id == plan_id


def test_printing_builds_a_real_pdf_only_when_asked(window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import types

    import ui.views.main_window as mw

    pytest.importorskip("planner.documents")
    got: list[bytes] = []
    monkeypatch.setattr(mw, "_pdf_widgets", lambda: types.SimpleNamespace(
        save_pdf=lambda parent, data, title: got.append(data)))
    window.select_plan(window.plan_model.row_at(0).plan_id)
    window.act_save_pdf.trigger()
    assert got and got[0].startswith(b"%PDF")
