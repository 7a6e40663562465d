"""The plan editor driven with real key and mouse events, checked against the database."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from planner.i18n import local_to_utc
from planner.model import Achievement, Stage

pytestmark = pytest.mark.gui

TODAY = date.today()
START = TODAY - timedelta(days=30)
GOAL = "Jag vill jobba i en butik & tjäna <egna> pengar, säger عائشة 🙂"
EASY = "Jag vill jobba i en butik."


@pytest.fixture
def plan_id(sqlite_services: Any) -> int:
    person = sqlite_services.create_person("Amina Haddad")
    return sqlite_services.create_plan(person.id, period_start=START).id


def open_editor(qtbot: Any, services: Any, plan_id: int) -> Any:
    from ui.views.plan_editor import PlanEditor

    editor = PlanEditor(services, plan_id)
    qtbot.addWidget(editor)
    editor.resize(1280, 900)
    editor.show()
    qtbot.waitExposed(editor)
    activate(qtbot, editor)
    return editor


def activate(qtbot: Any, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)


def click(widget: QWidget) -> None:
    assert widget.isEnabled(), f"{widget.accessibleName()!r} is disabled"
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def type_text(widget: QWidget, text: str) -> None:
    """Real key events. QTest.keyClicks only knows ASCII, so other characters (å, Arabic, emoji) are sent as
    key events carrying their text, as a keyboard layout or an input method does."""
    for char in text:
        if ord(char) < 128:
            QTest.keyClick(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier,
                                                         char))
    QApplication.processEvents()


def replace_text(widget: QWidget, text: str) -> None:
    """Select all with Ctrl+A and type over it."""
    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(widget, text)


def type_into(widget: QWidget, text: str) -> None:
    widget.setFocus()
    type_text(widget, text)


def key(widget: QWidget, k: Qt.Key, times: int = 1) -> None:
    for _ in range(times):
        QTest.keyClick(widget, k)
    QApplication.processEvents()


# ------------------------------------------------------------------------------------------------ adding things


def test_add_goal_with_pictogram_step_support_and_follow_up(qtbot: Any, theme: Any, sqlite_services: Any,
                                                            plan_id: int) -> None:
    services = sqlite_services
    editor = open_editor(qtbot, services, plan_id)

    # a goal, with its pictogram chosen in the picker by keyboard only
    editor.show_section("goals")
    goals = editor.section("goals").goals
    click(goals.new_button)
    own_words = goals.form.widget("own_words")
    assert QApplication.focusWidget() is own_words
    type_text(own_words, GOAL)
    type_into(goals.form.widget("easy_read"), EASY)
    field = goals.form.widget("pictogram")
    click(field.choose_button)
    dialog = field.dialog
    assert dialog is not None and dialog.isVisible()
    type_text(dialog.picker.search, "buss")
    assert dialog.picker.visibleKeys()[0] == "bus"
    key(dialog.picker.search, Qt.Key.Key_Down)  # into the grid, on the first match
    assert dialog.picker.grid.hasFocus() or QApplication.focusWidget() is dialog.picker.grid
    key(dialog.picker.grid, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert field.value() == "bus"
    activate(qtbot, editor)  # offscreen, closing a dialog does not give the activation back by itself
    assert QApplication.focusWidget() is field.choose_button
    click(goals.save_button)
    plan = services.get_plan(plan_id)
    assert [(g.own_words, g.easy_read, g.pictogram) for g in plan.goals] == [(GOAL, EASY, "bus")]
    goal_id = plan.goals[0].id
    assert goals.bound.record_id == goal_id  # the new goal stays chosen, so steps can be added to it

    # a step under it, with a date typed in
    steps = editor.section("goals").steps
    assert steps.new_button.isEnabled()
    click(steps.new_button)
    type_text(QApplication.focusWidget(), "Fråga butiken om praktik")
    due = steps.form.widget("due_on")
    type_into(due.edit, (TODAY + timedelta(days=14)).isoformat())
    click(steps.save_button)
    step = services.get_plan(plan_id).goals[0].steps[0]
    assert (step.text, step.due_on, step.goal_id) == ("Fråga butiken om praktik", TODAY + timedelta(days=14),
                                                      goal_id)

    # a support from an actor, chosen with the keyboard
    editor.show_section("supports")
    supports = editor.section("supports").list
    click(supports.new_button)
    actor_box = supports.form.widget("actor_id")
    actor_box.setFocus()
    key(actor_box, Qt.Key.Key_Down)
    type_into(supports.form.widget("contact_name"), "Anna Berg")
    type_into(supports.form.widget("what"), "Följer med till butiken första veckan")
    type_into(supports.form.widget("frequency"), "Varje tisdag")
    type_into(supports.form.widget("start_on").edit, TODAY.isoformat())
    click(supports.save_button)
    support = services.get_plan(plan_id).supports[0]
    assert support.actor_id == services.list_actors()[0].id
    assert (support.contact_name, support.what, support.frequency, support.start_on) == (
        "Anna Berg", "Följer med till butiken första veckan", "Varje tisdag", TODAY)

    # a follow-up, scheduled, then recorded with an outcome for the goal and the next date
    editor.show_section("follow_ups")
    follow = editor.section("follow_ups").list
    click(follow.new_button)
    when = follow.form.widget("planned_at")
    meeting_day = TODAY + timedelta(days=10)
    type_into(when.edit, meeting_day.isoformat())
    type_into(when.time_edit, "10.00")
    type_into(follow.form.widget("place"), "Lagret, fikarummet")
    click(follow.save_button)
    fu = services.get_plan(plan_id).follow_ups[0]
    assert fu.planned_at == local_to_utc(meeting_day, time(10, 0))
    assert fu.place == "Lagret, fikarummet"

    assert follow.bound.record_id == fu.id
    type_into(follow.form.widget("held_on").edit, meeting_day.isoformat())
    type_into(follow.form.widget("notes"), "Det gick bra.")
    outcome_box = follow.form.widget("outcomes")._rows[goal_id][1]
    outcome_box.setFocus()
    key(outcome_box, Qt.Key.Key_Down, times=2)  # "Not talked about" -> "In progress" -> "Improving"
    nxt = follow.form.widget("next_at")
    type_into(nxt.edit, (meeting_day + timedelta(days=28)).isoformat())
    type_into(nxt.time_edit, "9.30")
    click(follow.save_button)
    plan = services.get_plan(plan_id)
    held = next(f for f in plan.follow_ups if f.id == fu.id)
    assert (held.held_on, held.notes) == (meeting_day, "Det gick bra.")
    assert [(o.goal_id, o.achievement) for o in held.outcomes] == [(goal_id, Achievement.IMPROVING)]
    assert plan.goals[0].achievement == Achievement.IMPROVING
    assert any(f.planned_at == local_to_utc(meeting_day + timedelta(days=28), time(9, 30)) and f.held_on is None
               for f in plan.follow_ups)
    assert not editor.is_dirty()
    assert services.audit_chain_problems() == []


def test_keyboard_only_goal_reorder_and_section_switch(qtbot: Any, theme: Any, sqlite_services: Any,
                                                       plan_id: int) -> None:
    for text in ("Första", "Andra", "Tredje"):
        sqlite_services.add_goal(plan_id, text)
    editor = open_editor(qtbot, sqlite_services, plan_id)
    editor.show_section("goals")
    goals = editor.section("goals").goals
    goals.table.setFocus()  # focus alone chooses the first row
    QApplication.processEvents()
    assert goals.form.value("own_words") == "Första"
    QTest.keyClick(goals.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)  # move it down
    QApplication.processEvents()
    assert [g.own_words for g in sqlite_services.get_plan(plan_id).goals] == ["Andra", "Första", "Tredje"]
    click(goals.up_button)
    assert [g.own_words for g in sqlite_services.get_plan(plan_id).goals] == ["Första", "Andra", "Tredje"]
    QTest.keyClick(editor.pages.currentWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert editor.sections[editor.pages.currentIndex()].key == "supports"


# ------------------------------------------------------------------------------------------------ errors


def test_validation_error_is_shown_next_to_the_field_and_the_typing_is_kept(qtbot: Any, theme: Any,
                                                                            sqlite_services: Any,
                                                                            plan_id: int) -> None:
    editor = open_editor(qtbot, sqlite_services, plan_id)
    person = editor.section("person").record_form
    number = person.form.widget("personal_number")
    type_into(number, "19900101-1235")  # wrong check digit
    type_into(person.form.widget("good_at"), "Sortera saker")
    click(person.save_button)
    message = person.form.error("personal_number")
    assert "check digit" in message
    error = person.form.fields["personal_number"].error
    assert error.isVisible() and error._icon.pixmap() is not None and not error._icon.pixmap().isNull()
    assert number.text() == "19900101-1235"
    assert person.form.widget("good_at").toPlainText() == "Sortera saker"
    assert "check digit" in number.accessibleDescription()
    assert editor.is_dirty()
    assert sqlite_services.get_plan(plan_id).person.good_at == ""

    # a follow-up before the plan starts: the message sits under "When", the date stays typed
    editor.show_section("follow_ups")
    follow = editor.section("follow_ups").list
    click(follow.new_button)
    when = follow.form.widget("planned_at")
    early = (START - timedelta(days=3)).isoformat()
    type_into(when.edit, early)
    type_into(when.time_edit, "10.00")
    click(follow.save_button)
    assert follow.form.error("planned_at") == "A follow-up cannot be before the plan starts."
    assert when.edit.text() == early
    assert sqlite_services.get_plan(plan_id).follow_ups == []

    # a date that is not a date: the services name the field, the text is kept
    click(follow.revert_button)
    type_into(when.edit, "nästa tisdag")
    type_into(when.time_edit, "10")
    click(follow.save_button)
    assert follow.form.error("planned_at")
    assert when.edit.text() == "nästa tisdag"

    # correcting the number clears its message when typing starts, and saves
    editor.show_section("person")
    replace_text(number, "19900101-1239")
    assert person.form.error("personal_number") == ""
    click(person.save_button)
    assert person.form.error("personal_number") == "", person.form.error("personal_number")
    assert number.text() == "19900101-1239"
    saved = sqlite_services.get_plan(plan_id).person
    assert (saved.personal_number, saved.good_at) == ("199001011239", "Sortera saker")


def test_unsaved_changes_guard(qtbot: Any, theme: Any, sqlite_services: Any, plan_id: int,
                               modals: Any) -> None:
    editor = open_editor(qtbot, sqlite_services, plan_id)
    person = editor.section("person").record_form
    type_into(person.form.widget("what_matters"), "Mina vänner")
    assert editor.section_buttons[0].text().endswith("(not saved)")
    modals.answer("Keep editing")
    assert editor.maybe_close() is False
    assert person.form.widget("what_matters").toPlainText() == "Mina vänner"
    modals.answer("Save changes")
    assert editor.maybe_close() is True
    assert sqlite_services.get_plan(plan_id).person.what_matters == "Mina vänner"
    type_into(person.form.widget("what_matters"), " och min katt")
    modals.answer("Throw away")
    assert editor.maybe_close() is True
    assert person.form.widget("what_matters").toPlainText() == "Mina vänner"
    assert sqlite_services.get_plan(plan_id).person.what_matters == "Mina vänner"
    assert not editor.is_dirty()


# ------------------------------------------------------------------------------------------------ undo


def test_undo_add_update_remove_and_reorder(qtbot: Any, theme: Any, sqlite_services: Any, plan_id: int) -> None:
    services = sqlite_services
    first = services.add_goal(plan_id, "Första", pictogram="work")
    services.add_step(first.id, "Ett steg", TODAY)
    services.add_goal(plan_id, "Andra")
    editor = open_editor(qtbot, services, plan_id)
    editor.show_section("goals")
    goals = editor.section("goals").goals

    goals.select_id(first.id)
    easy = goals.form.widget("easy_read")
    type_into(easy, "Jag vill jobba.")
    click(goals.save_button)
    assert services.get_plan(plan_id).goals[0].easy_read == "Jag vill jobba."
    click(goals.remove_button)
    assert [g.own_words for g in services.get_plan(plan_id).goals] == ["Andra"]
    assert "Remove goal" in editor.undo_button.toolTip()

    click(editor.undo_button)  # the goal is back, in its place, with its step and picture
    plan = services.get_plan(plan_id)
    assert [g.own_words for g in plan.goals] == ["Första", "Andra"]
    assert [s.text for s in plan.goals[0].steps] == ["Ett steg"]
    assert plan.goals[0].pictogram == "work"
    click(editor.undo_button)  # the easy-read wording as before, on the re-created goal
    assert services.get_plan(plan_id).goals[0].easy_read == ""
    assert not editor.undo_button.isEnabled()

    click(goals.new_button)
    type_into(goals.form.widget("own_words"), "Tredje")
    click(goals.save_button)
    assert len(services.get_plan(plan_id).goals) == 3
    QTest.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Z outside a text field
    QApplication.processEvents()
    assert [g.own_words for g in services.get_plan(plan_id).goals] == ["Första", "Andra"]
    assert services.audit_chain_problems() == []


# ------------------------------------------------------------------------------------------------ conflicts


@pytest.fixture
def second_services(sqlite_services: Any) -> Any:
    """Another copy of the app on the same database file, as another coach."""
    from planner.services import Services
    from planner.store import open_store

    store = open_store(sqlite_services.store.path)
    yield Services(store, user="other.coach")
    store.close()


def test_two_editors_on_one_plan_refuse_the_later_save_and_lose_nothing(
        qtbot: Any, theme: Any, sqlite_services: Any, second_services: Any, plan_id: int, modals: Any) -> None:
    mine = open_editor(qtbot, sqlite_services, plan_id)
    theirs = open_editor(qtbot, second_services, plan_id)
    my_plan = mine.section("plan").record_form
    their_plan = theirs.section("plan").record_form

    their_title = their_plan.form.widget("title")
    replace_text(their_title, "Planen enligt Samir")
    click(their_plan.save_button)
    assert sqlite_services.get_plan(plan_id).title == "Planen enligt Samir"

    my_title = my_plan.form.widget("title")
    replace_text(my_title, "Planen enligt Lena")
    type_into(my_plan.form.widget("own_words"), "Jag vill ha ett jobb.")
    seen: list[list[tuple[str, str, str]]] = []

    def decide_later(dialog: Any) -> None:
        seen.append(list(dialog.rows))
        click(dialog.later_button)

    modals.then(decide_later)
    click(my_plan.save_button)
    rows = {caption: (m, t) for caption, m, t in seen[0]}
    assert rows["Title"][0] == "Planen enligt Lena"
    assert rows["Title"][1].startswith("Planen enligt Samir")  # marked "(changed by someone else)"
    assert rows["What the person says about the plan"] == ("Jag vill ha ett jobb.", "")
    assert sqlite_services.get_plan(plan_id).title == "Planen enligt Samir"  # not overwritten
    assert my_title.text() == "Planen enligt Lena"  # not lost
    assert "someone else saved this first" in my_plan.banner.message().lower()

    modals.then(lambda dialog: click(dialog.mine_button))
    click(my_plan.save_button)
    saved = sqlite_services.get_plan(plan_id)
    assert (saved.title, saved.own_words) == ("Planen enligt Lena", "Jag vill ha ett jobb.")
    assert not mine.is_dirty()

    # the other coach now saves on a stale version: refused, and they keep the saved version
    replace_text(their_title, "Samirs andra försök")
    modals.then(lambda dialog: click(dialog.keep_button))
    click(their_plan.save_button)
    assert sqlite_services.get_plan(plan_id).title == "Planen enligt Lena"
    assert their_title.text() == "Planen enligt Lena"
    assert their_plan.form.widget("own_words").toPlainText() == "Jag vill ha ett jobb."
    assert len(modals.dialogs) == 3


def test_conflict_on_a_goal_reapplies_mine_on_top_and_undo_restores_theirs(
        qtbot: Any, theme: Any, sqlite_services: Any, second_services: Any, plan_id: int, modals: Any) -> None:
    goal = sqlite_services.add_goal(plan_id, "Jobba i butik")
    editor = open_editor(qtbot, sqlite_services, plan_id)
    editor.show_section("goals")
    goals = editor.section("goals").goals
    goals.select_id(goal.id)
    second_services.update_goal(goal.id, goal.version, pictogram="shop", easy_read="Jag vill jobba i en butik.")

    type_into(goals.form.widget("easy_read"), "Butik!")
    modals.then(lambda dialog: click(dialog.mine_button))
    click(goals.save_button)
    saved = sqlite_services.get_plan(plan_id).goals[0]
    assert (saved.easy_read, saved.pictogram) == ("Butik!", "shop")  # their picture kept, my wording on top
    click(editor.undo_button)
    assert sqlite_services.get_plan(plan_id).goals[0].easy_read == "Jag vill jobba i en butik."


# ------------------------------------------------------------------------------------------------ other sections


def test_participant_consent_and_stage_move(qtbot: Any, theme: Any, sqlite_services: Any, plan_id: int) -> None:
    services = sqlite_services
    editor = open_editor(qtbot, services, plan_id)
    editor.show_section("participants")
    parts = editor.section("participants").list
    click(parts.new_button)
    type_text(QApplication.focusWidget(), "Jasmina Kovač")
    type_into(parts.form.widget("role"), "Arbetskonsulent")
    click(parts.form.widget("is_lead"))
    click(parts.save_button)
    plan = services.get_plan(plan_id)
    assert [(p.name, p.is_lead) for p in plan.participants] == [("Jasmina Kovač", True)]
    assert plan.lead_person == "Jasmina Kovač"

    editor.show_section("consent")
    consent = editor.section("consent").list
    click(consent.new_button)
    type_into(consent.form.widget("given_by"), "Amina Haddad")
    click(consent.save_button)  # no actor ticked: told so next to the list
    assert consent.form.error("actors")
    checklist = consent.form.widget("actors")
    checklist.setFocus()
    key(checklist, Qt.Key.Key_Down)
    key(checklist, Qt.Key.Key_Space)
    assert len(checklist.value()) == 1
    click(consent.save_button)
    recorded = services.get_plan(plan_id).consents
    assert len(recorded) == 1 and recorded[0].withdrawn_on is None
    click(consent.withdraw_button)
    assert services.get_plan(plan_id).consents[0].withdrawn_on == TODAY
    click(editor.undo_button)
    assert services.get_plan(plan_id).consents[0].withdrawn_on is None
    click(editor.undo_button)  # undo recording it
    assert services.get_plan(plan_id).consents == []

    editor.show_section("stages")
    stages = editor.section("stages")
    assert stages.form.value("stage") == Stage.WORK_ORIENTED.value  # the next step on the pathway
    type_into(stages.form.widget("note"), "Börjar på biblioteket")
    click(stages.move_button)
    plan = services.get_plan(plan_id)
    assert plan.stage == Stage.WORK_ORIENTED
    assert plan.person.stage_changes[-1].note == "Börjar på biblioteket"
    assert stages.model.rowCount() == 2


# ------------------------------------------------------------------------------------------------ accessibility


def _focusable(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget)
            if w.isVisibleTo(root) and w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isEnabled()]


def test_every_focusable_widget_has_an_accessible_name(qtbot: Any, theme: Any, sqlite_services: Any,
                                                       plan_id: int) -> None:
    goal = sqlite_services.add_goal(plan_id, "Jobba", pictogram="work")
    sqlite_services.add_step(goal.id, "Steg", TODAY)
    sqlite_services.schedule_follow_up(plan_id, local_to_utc(TODAY, time(10)))
    editor = open_editor(qtbot, sqlite_services, plan_id)
    checked = 0
    for number, section in enumerate(editor.sections):
        editor.show_page(number)
        for part in section.parts:
            if getattr(part, "table", None) is not None and part.model.rowCount():
                part.table.selectRow(0)
        QApplication.processEvents()
        for widget in _focusable(editor):
            if not widget.isVisible():
                continue
            checked += 1
            assert widget.accessibleName().strip(), (
                f"{section.key}: {type(widget).__name__} {widget.objectName()!r} has no accessible name")
    assert checked > 80


def test_targets_are_at_least_44_px(qtbot: Any, theme: Any, sqlite_services: Any, plan_id: int) -> None:
    editor = open_editor(qtbot, sqlite_services, plan_id)
    for number in range(len(editor.sections)):
        editor.show_page(number)
        QApplication.processEvents()
        for widget in editor.findChildren(QAbstractButton):
            if widget.isVisible():
                assert widget.height() >= 44 and widget.width() >= 44, widget.accessibleName()


def _clipped(root: QWidget) -> list[str]:
    """Labels and buttons shown smaller than they need to be (the text would be cut)."""
    problems = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, QLabel | QAbstractButton):
            continue
        if isinstance(widget, QLabel) and not widget.text():
            continue
        hint = widget.sizeHint()
        if isinstance(widget, QLabel) and widget.wordWrap():
            need = widget.heightForWidth(widget.width())
            if widget.height() < need:
                problems.append(f"{widget.text()[:40]!r}: height {widget.height()} < {need}")
            continue
        if widget.width() < hint.width() or widget.height() < hint.height():
            name = widget.text() if hasattr(widget, "text") else widget.accessibleName()
            problems.append(f"{type(widget).__name__} {name[:40]!r}: {widget.size().toTuple()} < "
                            f"{hint.toTuple()}")
    return problems


def test_nothing_is_clipped_at_250_percent(qtbot: Any, theme: Any, sqlite_services: Any, plan_id: int) -> None:
    goal = sqlite_services.add_goal(plan_id, "Åka buss själv till jobbet varje dag", pictogram="bus")
    sqlite_services.add_step(goal.id, "Öva på resan med en kompis", TODAY)
    theme.set_scale(250)
    editor = open_editor(qtbot, sqlite_services, plan_id)
    editor.resize(1900, 1150)
    for number, section in enumerate(editor.sections):
        editor.show_page(number)
        for part in section.parts:
            if getattr(part, "table", None) is not None and part.model.rowCount():
                part.table.selectRow(0)
        QApplication.processEvents()
        assert _clipped(editor) == [], section.key


def test_screenshots_of_every_section(qtbot: Any, theme: Any, demo_services: Any, tmp_path: Any) -> None:
    from ui.views.plan_editor import editor_screenshots

    files = editor_screenshots(demo_services, tmp_path, 100)
    theme.set_scale(200)
    files += editor_screenshots(demo_services, tmp_path, 200)
    assert len(files) == 18
    assert all(f.stat().st_size > 10_000 for f in files)


def test_storage_error_is_explained_and_the_typing_kept(qtbot: Any, theme: Any, sqlite_services: Any,
                                                        plan_id: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from planner.errors import StorageError

    editor = open_editor(qtbot, sqlite_services, plan_id)
    person = editor.section("person").record_form
    type_into(person.form.widget("how_to_help"), "Visa mig en gång")

    def read_only(*_args: Any, **_kw: Any) -> Any:
        raise StorageError("The database file is read-only.", "Ask IT to give you write access.", "readonly")

    monkeypatch.setattr(sqlite_services, "update_person", read_only)
    click(person.save_button)
    assert person.banner.message() == "The database file is read-only. Ask IT to give you write access."
    assert person.banner.isVisible()
    assert person.form.widget("how_to_help").toPlainText() == "Visa mig en gång"
    assert editor.is_dirty() and "Not saved" in editor.status.text()
    monkeypatch.undo()
    click(person.save_button)
    assert sqlite_services.get_plan(plan_id).person.how_to_help == "Visa mig en gång"
    assert person.banner.message() == ""


def test_tab_order_runs_from_the_buttons_through_the_sections_into_the_open_page(
        qtbot: Any, theme: Any, sqlite_services: Any, plan_id: int) -> None:
    editor = open_editor(qtbot, sqlite_services, plan_id)
    editor.close_button.setFocus()
    QTest.keyClick(editor.close_button, Qt.Key.Key_Tab)  # into the section list, on the open section
    assert QApplication.focusWidget() is editor.section_buttons[0]
    QTest.keyClick(editor.section_buttons[0], Qt.Key.Key_Tab)  # and on into that section's first field
    assert QApplication.focusWidget() is editor.section("person").record_form.form.widget("name")
    editor.section_buttons[0].setFocus()
    for _ in range(3):  # arrow keys move between the sections, Space opens one
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert QApplication.focusWidget() is editor.section_buttons[3]
    QTest.keyClick(editor.section_buttons[3], Qt.Key.Key_Space)
    assert editor.sections[editor.pages.currentIndex()].key == "goals"
    assert editor.section_buttons[3].isChecked()
    QTest.keyClick(editor.section_buttons[3], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor.section("goals").goals.table
    goals = editor.section("goals").goals
    QTest.keyClick(goals.table, Qt.Key.Key_Tab)  # the list, its buttons, then the form under it
    assert QApplication.focusWidget() is goals.new_button
    QTest.keyClick(goals.new_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is goals.form.widget("own_words")


def test_a_very_long_goal_is_saved_and_one_too_long_is_refused_with_its_text_kept(
        qtbot: Any, theme: Any, sqlite_services: Any, plan_id: int) -> None:
    editor = open_editor(qtbot, sqlite_services, plan_id)
    editor.show_section("goals")
    goals = editor.section("goals").goals
    click(goals.new_button)
    own_words = goals.form.widget("own_words")
    long_text = ("Jag vill jobba med böcker. " * 400)[:10_000]
    own_words.insertPlainText(long_text)  # pasted
    click(goals.save_button)
    assert sqlite_services.get_plan(plan_id).goals[0].own_words == long_text.strip()
    assert len(goals.model.data(goals.model.index(0, 1))) <= 120  # the list shows the start of it

    click(goals.new_button)
    too_long = "x" * 20_001
    own_words.insertPlainText(too_long)
    click(goals.save_button)
    assert "at most 20000 characters" in goals.form.error("own_words")
    assert own_words.toPlainText() == too_long
    assert len(sqlite_services.get_plan(plan_id).goals) == 1
