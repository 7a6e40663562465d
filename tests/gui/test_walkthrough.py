"""Meeting mode, driven by the keyboard only, checked against the database field for field."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)

from planner.i18n import local_to_utc, to_local
from planner.model import Achievement, GoalLifecycle, PlanStatus, Stage

pytestmark = pytest.mark.gui

TODAY = date.today()
GOAL_1 = "Jag vill jobba i en butik & tjäna <egna> pengar 🙂"
GOAL_1_EASY = "Jag vill jobba i en butik."
GOAL_2 = "Åka buss själv till jobbet"
GOAL_2_EASY = "Jag vill åka buss själv."
WHAT_MATTERS = "Att ha vänner på jobbet"
GOOD_AT = "Sortera saker"
GOOD_AT_2 = "Prata med kunder"
HOW_TO_HELP = "Visa mig en gång och låt mig prova själv"


@pytest.fixture
def plan_id(sqlite_services) -> int:  # type: ignore[no-untyped-def]
    person = sqlite_services.create_person("Amina Haddad")
    return sqlite_services.create_plan(person.id, period_start=TODAY - timedelta(days=30)).id


def mock_voice() -> str:
    """The test voice when Qt has one, so "Read aloud" takes its place on the screen like a real voice."""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError:
        return "none"
    return "mock" if "mock" in QTextToSpeech.availableEngines() else "none"


def open_walkthrough(qtbot, services, plan_id: int, mode: str = "first", scale: float = 1.0, **kw):  # type: ignore[no-untyped-def]
    from ui.walkthrough import Walkthrough

    window = Walkthrough(services, plan_id, mode, scale=scale, speech_engine=kw.pop("speech_engine", "none"),
                         **kw)
    qtbot.addWidget(window)
    window.resize(1280, 900)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=5000)
    return window


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def key(k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
    for _ in range(times):
        QTest.keyClick(focus(), k, modifier)


def type_(text: str) -> None:
    """Type like a keyboard; letters outside ASCII (å, ä, ö, emoji) arrive as key events with their text."""
    for ch in text:
        if ch.isascii():
            QTest.keyClicks(focus(), ch)
        else:
            for action in (QTest.KeyAction.Press, QTest.KeyAction.Release):
                QTest.sendKeyEvent(action, focus(), Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def enter() -> None:
    key(Qt.Key.Key_Return)


def expect_screen(window, screen_key: str) -> None:  # type: ignore[no-untyped-def]
    assert screen_key == window.current_screen().KEY, window.current_screen().KEY


def expect_focus_name(name: str) -> None:
    assert focus().accessibleName() == name, focus().accessibleName()


# ------------------------------------------------------------------------------------------------ first meeting


def walk_first_meeting(window) -> None:  # type: ignore[no-untyped-def]
    """Every screen of a first meeting, with the keyboard only."""
    expect_screen(window, "participants")
    assert window.progress.text() == "Step 1 of 8"
    expect_focus_name("Name")
    type_("Lena Berg")
    enter()
    expect_focus_name("Comes from")
    key(Qt.Key.Key_Down)  # the first actor
    enter()
    type_("040-12 34 56")
    enter()
    expect_focus_name("Keeps the plan together")
    key(Qt.Key.Key_Space)
    key(Qt.Key.Key_Tab, times=2)  # past "Remove this person" to "Add a person"
    expect_focus_name("Add a person")
    enter()
    expect_focus_name("Name")
    type_("Omar Saleh")
    enter()
    key(Qt.Key.Key_Down, times=9)  # "Anhörig", the ninth actor
    enter()
    enter()  # no phone
    enter()  # not the lead: to the next screen
    expect_screen(window, "about_me")
    assert window.progress.text() == "Step 2 of 8"
    type_(WHAT_MATTERS)
    enter()
    type_("Sortera")
    key(Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)  # a new line in the same answer
    type_("saker")
    enter()
    type_(HOW_TO_HELP)
    enter()

    expect_screen(window, "goals")
    type_(GOAL_1)
    enter()
    type_(GOAL_1_EASY)
    key(Qt.Key.Key_Tab)
    assert "choose a picture" in focus().accessibleName()
    enter()  # opens the pictures in place
    type_("shop")
    enter()  # from the search box to the pictures
    enter()  # chooses the first match
    assert "choose a picture" in focus().accessibleName()
    key(Qt.Key.Key_Tab, times=2)
    expect_focus_name("Add a goal")
    enter()
    type_(GOAL_2)
    enter()
    type_(GOAL_2_EASY)
    enter()

    expect_screen(window, "steps")
    type_("Besöka butiken med min coach")
    enter()
    key(Qt.Key.Key_Down, times=8)  # "No day yet", today, ... today + 7
    enter()
    type_("Öva på bussresan")
    enter()
    key(Qt.Key.Key_Down, times=15)
    enter()

    expect_screen(window, "supports")
    expect_focus_name("What do they help with?")
    type_("Hjälper mig att hitta en praktikplats")
    enter()
    key(Qt.Key.Key_Down, times=4)  # Arbetsförmedlingen
    enter()
    type_("Sara Olsson")
    enter()
    type_("040-98 76 54")
    enter()
    type_("En gång i veckan")
    enter()
    key(Qt.Key.Key_Down, times=2)  # tomorrow
    enter()

    expect_screen(window, "next_meeting")
    expect_focus_name("Day")
    key(Qt.Key.Key_Down, times=14)  # tomorrow + 13 days
    enter()
    expect_focus_name("Time")
    key(Qt.Key.Key_Down, times=2)  # from 10.00 to 11.00
    enter()
    type_("Biblioteket, mötesrummet")
    enter()

    expect_screen(window, "consent")
    key(Qt.Key.Key_Space)  # Funktionsstödsförvaltningen
    enter()
    enter()
    enter()
    key(Qt.Key.Key_Space)  # Arbetsförmedlingen
    for _ in range(6):
        enter()
    expect_focus_name("Who says yes?")
    enter()

    expect_screen(window, "summary")
    assert window.progress.text() == "Step 8 of 8"
    texts = " ".join(label.text() for label in window.current_screen().findChildren(QLabel))
    assert GOAL_1_EASY in texts and "Besöka butiken med min coach" in texts
    enter()  # "Finish the meeting"


def check_first_meeting(services, plan_id: int) -> None:  # type: ignore[no-untyped-def]
    plan = services.get_plan(plan_id)
    actors = {a.name: a.id for a in services.list_actors()}
    person = plan.person
    assert (person.what_matters, person.good_at, person.how_to_help) == (WHAT_MATTERS, "Sortera\nsaker",
                                                                          HOW_TO_HELP)
    parts = [(p.name, p.actor_id, p.phone, p.is_lead) for p in plan.participants]
    assert parts == [("Lena Berg", actors["Funktionsstödsförvaltningen (daglig verksamhet)"], "040-12 34 56", True),
                     ("Omar Saleh", actors["Anhörig"], "", False)]
    assert plan.lead_person == "Lena Berg"
    assert plan.lead_actor_id == actors["Funktionsstödsförvaltningen (daglig verksamhet)"]
    goals = [(g.own_words, g.easy_read, g.pictogram) for g in plan.goals]
    assert goals == [(GOAL_1, GOAL_1_EASY, "shop"), (GOAL_2, GOAL_2_EASY, "")]
    steps = [[(s.text, s.due_on) for s in g.steps] for g in plan.goals]
    assert steps == [[("Besöka butiken med min coach", TODAY + timedelta(days=7))],
                     [("Öva på bussresan", TODAY + timedelta(days=14))]]
    [support] = plan.supports
    assert (support.what, support.actor_id, support.contact_name, support.contact_phone, support.frequency,
            support.start_on) == ("Hjälper mig att hitta en praktikplats", actors["Arbetsförmedlingen"],
                                  "Sara Olsson", "040-98 76 54", "En gång i veckan", TODAY + timedelta(days=1))
    [follow_up] = plan.follow_ups
    local = to_local(follow_up.planned_at)
    assert (local.date(), local.hour, local.minute) == (TODAY + timedelta(days=14), 11, 0)
    assert follow_up.place == "Biblioteket, mötesrummet"
    assert follow_up.held_on is None
    [consent] = plan.consents
    assert sorted(a.name for a in consent.actors) == ["Arbetsförmedlingen",
                                                      "Funktionsstödsförvaltningen (daglig verksamhet)"]
    assert (consent.given_by, consent.recorded_by, consent.given_on) == ("Amina Haddad", "test.coach", TODAY)
    assert plan.status == PlanStatus.ACTIVE
    assert services.audit_chain_problems() == []


def test_first_meeting_by_keyboard_only(qtbot, sqlite_services, plan_id) -> None:  # type: ignore[no-untyped-def]
    window = open_walkthrough(qtbot, sqlite_services, plan_id)
    with qtbot.waitSignal(window.finished, timeout=1000):
        walk_first_meeting(window)
    assert not window.isVisible()
    check_first_meeting(sqlite_services, plan_id)


# ------------------------------------------------------------------------------------------------ follow-up


def test_follow_up_meeting_by_keyboard_only(qtbot, sqlite_services, plan_id) -> None:  # type: ignore[no-untyped-def]
    first = open_walkthrough(qtbot, sqlite_services, plan_id)
    walk_first_meeting(first)
    services = sqlite_services
    before = services.get_plan(plan_id)
    booked = before.follow_ups[0].id
    first_consent = before.consents[0].id

    window = open_walkthrough(qtbot, services, plan_id, "follow_up")
    assert window.screen_keys()[:2] == ["how_it_went", "stage"]
    assert window.progress.text() == "Step 1 of 10"
    expect_screen(window, "how_it_went")
    expect_focus_name("Done!")  # goal 1: the first status button
    key(Qt.Key.Key_Tab)
    expect_focus_name("On the way")
    enter()  # chosen; on to "What happened?"
    expect_focus_name("What happened?")
    type_("Jag har varit på två butiker")
    enter()
    expect_focus_name("Done!")  # goal 2
    enter()
    type_("Jag åker själv nu!")
    enter()

    expect_screen(window, "stage")
    expect_focus_name("Daily activity")
    key(Qt.Key.Key_Tab)
    expect_focus_name("Work-oriented activity")
    enter()  # chosen, and on

    expect_screen(window, "participants")
    expect_focus_name("Amina Haddad is here today")
    for _ in range(10):  # Lena: name, from, phone, lead, here; Omar: name, from, phone, lead, here
        enter()
    expect_focus_name("Here today")
    key(Qt.Key.Key_Space)  # Omar did not come
    enter()

    expect_screen(window, "about_me")
    enter()
    key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_(GOOD_AT_2)
    enter()
    enter()

    expect_screen(window, "goals")  # goal 2 is done, goal 1 is left
    key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_("Jag vill jobba i en klädbutik")
    enter()
    enter()

    expect_screen(window, "steps")
    enter()
    enter()
    expect_focus_name("Done!")
    key(Qt.Key.Key_Space)  # the step is done
    key(Qt.Key.Key_Tab, times=2)
    assert focus().accessibleName().startswith("Add a step toward")
    enter()
    type_("Prova en dag i klädbutiken")
    enter()
    key(Qt.Key.Key_Down, times=21)
    enter()
    enter()  # not done yet: to the next screen

    expect_screen(window, "supports")
    for _ in range(6):
        enter()

    expect_screen(window, "next_meeting")
    key(Qt.Key.Key_Down, times=40)
    enter()
    enter()  # 10.00
    expect_focus_name("Place")
    assert focus().text() == "Biblioteket, mötesrummet"  # the place of this meeting, to start with
    enter()

    expect_screen(window, "consent")
    enter()
    enter()
    enter()
    key(Qt.Key.Key_Space)  # no longer Arbetsförmedlingen
    for _ in range(6):
        enter()
    expect_focus_name("Who says yes?")
    enter()

    expect_screen(window, "summary")
    texts = " ".join(label.text() for label in window.current_screen().findChildren(QLabel))
    assert GOAL_2_EASY in texts
    with qtbot.waitSignal(window.finished, timeout=1000):
        enter()

    plan = services.get_plan(plan_id)
    held = next(f for f in plan.follow_ups if f.id == booked)
    assert held.held_on == TODAY
    assert held.attendees == "Amina Haddad\nLena Berg"
    outcomes = {o.goal_id: (o.achievement, o.note) for o in held.outcomes}
    goal_1, goal_2 = plan.goals
    assert outcomes == {goal_1.id: (Achievement.IMPROVING, "Jag har varit på två butiker"),
                        goal_2.id: (Achievement.ACHIEVED, "Jag åker själv nu!")}
    assert (goal_2.lifecycle, goal_2.achieved_on) == (GoalLifecycle.COMPLETED, TODAY)
    assert goal_1.own_words == "Jag vill jobba i en klädbutik"
    assert goal_1.lifecycle == GoalLifecycle.ACTIVE
    assert [(s.text, s.due_on, s.done_on) for s in goal_1.steps] == [
        ("Besöka butiken med min coach", TODAY + timedelta(days=7), TODAY),
        ("Prova en dag i klädbutiken", TODAY + timedelta(days=20), None)]
    assert plan.person.good_at == GOOD_AT_2
    assert plan.stage == Stage.WORK_ORIENTED
    history = services.stage_history(plan.person_id)
    assert [(c.from_stage, c.to_stage, c.changed_on) for c in history][-1] == (
        Stage.DAILY_ACTIVITY, Stage.WORK_ORIENTED, TODAY)
    nxt = [f for f in plan.follow_ups if f.held_on is None]
    assert len(nxt) == 1
    assert nxt[0].planned_at == local_to_utc(TODAY + timedelta(days=40), to_local(nxt[0].planned_at).time())
    assert to_local(nxt[0].planned_at).hour == 10
    assert nxt[0].place == "Biblioteket, mötesrummet"
    assert held.next_at == nxt[0].planned_at
    standing = [c for c in plan.consents if c.is_valid_on(TODAY)]
    assert [sorted(a.name for a in c.actors) for c in standing] == [
        ["Funktionsstödsförvaltningen (daglig verksamhet)"]]
    old = next(c for c in plan.consents if c.id == first_consent)
    assert old.withdrawn_on == TODAY or old.id == standing[0].id
    assert services.audit_chain_problems() == []


# ------------------------------------------------------------------------------------------------ saved as you go


def test_closing_mid_way_keeps_everything(qtbot, sqlite_services, plan_id) -> None:  # type: ignore[no-untyped-def]
    window = open_walkthrough(qtbot, sqlite_services, plan_id)
    type_("Lena Berg")
    enter()
    key(Qt.Key.Key_Down)
    enter()
    key(Qt.Key.Key_Tab, times=3)  # to "Add a person", without pressing Next
    enter()
    type_("Omar Saleh")
    window.next()
    type_(WHAT_MATTERS)
    enter()
    type_(GOOD_AT)
    enter()  # left the field: saved before anything else happens
    person = sqlite_services.get_plan(plan_id).person
    assert (person.what_matters, person.good_at) == (WHAT_MATTERS, GOOD_AT), "a crash would lose a left field"
    assert [p.name for p in sqlite_services.get_plan(plan_id).participants] == ["Lena Berg", "Omar Saleh"]
    type_("Visa mig")  # being typed when the window closes
    window.close()
    plan = sqlite_services.get_plan(plan_id)
    assert plan.person.how_to_help == "Visa mig"
    assert plan.participants[0].actor_id == sqlite_services.list_actors()[0].id

    again = open_walkthrough(qtbot, sqlite_services, plan_id)
    again.next()
    screen = again.current_screen()
    assert [screen.fields.fields[k].text() for k in ("what_matters", "good_at", "how_to_help")] == [
        WHAT_MATTERS, GOOD_AT, "Visa mig"]
    again.close()


def test_going_back_loses_nothing(qtbot, sqlite_services, plan_id) -> None:  # type: ignore[no-untyped-def]
    window = open_walkthrough(qtbot, sqlite_services, plan_id)
    window.go_to(2)
    type_(GOAL_1)
    key(Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    expect_screen(window, "about_me")
    key(Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    expect_screen(window, "goals")
    card = window.current_screen().cards.cards[0]
    assert card.own_words.text() == GOAL_1
    assert [g.own_words for g in sqlite_services.get_plan(plan_id).goals] == [GOAL_1]
    # a step with a day but no words cannot be saved: Next says so, Back keeps it on the screen
    window.go_to(3)
    step = window.current_screen().sections[0].cards.cards[0]
    step.due.setFocus()
    key(Qt.Key.Key_Down, times=3)
    assert not window.next()
    expect_screen(window, "steps")
    assert step.problem.message()
    window.back()
    window.go_to(3)
    assert window.current_screen().sections[0].cards.cards[0].due.value() == TODAY + timedelta(days=2)
    window.close()


def test_bad_input_is_explained_and_kept(qtbot, sqlite_services, plan_id) -> None:  # type: ignore[no-untyped-def]
    window = open_walkthrough(qtbot, sqlite_services, plan_id)
    type_("Lena Berg")
    enter()
    enter()
    type_("ring mig")  # not a phone number
    enter()
    card = window.current_screen().cards.cards[0]
    assert "phone" in card.problem.message().lower()
    assert card.phone.text() == "ring mig"
    assert not window.next()
    expect_screen(window, "participants")
    card.phone.setFocus()
    key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_("040-11 22 33")
    assert window.next()
    assert sqlite_services.get_plan(plan_id).participants[0].phone == "040-11 22 33"
    window.close()


def test_escape_asks_before_leaving(qtbot, sqlite_services, plan_id) -> None:  # type: ignore[no-untyped-def]
    window = open_walkthrough(qtbot, sqlite_services, plan_id)
    type_("Lena Berg")
    key(Qt.Key.Key_Escape)
    assert window.confirming()
    expect_focus_name("No, go on")
    key(Qt.Key.Key_Escape)  # changed my mind
    assert not window.confirming() and window.isVisible()
    key(Qt.Key.Key_Escape)
    enter()  # "No, go on"
    assert not window.confirming()
    key(Qt.Key.Key_Escape)
    key(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    expect_focus_name("Yes, stop")
    with qtbot.waitSignal(window.closed, timeout=1000):
        enter()
    assert [p.name for p in sqlite_services.get_plan(plan_id).participants] == ["Lena Berg"]


# ------------------------------------------------------------------------------------------------ accessibility


def interactive(window) -> list[QWidget]:  # type: ignore[no-untyped-def]
    kinds = (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox, QListWidget, QCheckBox)
    return [w for w in window.findChildren(QWidget) if isinstance(w, kinds) and w.isVisibleTo(window)]


@pytest.mark.parametrize("mode", ["first", "follow_up"])
def test_every_control_has_an_accessible_name(qtbot, sqlite_services, plan_id, mode) -> None:  # type: ignore[no-untyped-def]
    from ui.walkthrough.demo import fill_meeting_demo

    fill_meeting_demo(sqlite_services, plan_id)
    window = open_walkthrough(qtbot, sqlite_services, plan_id, mode)
    for index in range(len(window.screens)):
        window.go_to(index)
        missing = [type(w).__name__ for w in interactive(window) if not w.accessibleName().strip()]
        assert not missing, (window.current_screen().KEY, missing)
        assert window.progress.text() and window.title.text()
        assert window.next_button.height() >= 60 and window.back_button.height() >= 60
    window.close()


def _clipped(window) -> list[str]:  # type: ignore[no-untyped-def]
    problems = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or not isinstance(widget, (QLabel, QAbstractButton)):
            continue
        if widget.hasHeightForWidth():  # words that wrap: tall enough for the lines at this width
            wanted = widget.heightForWidth(widget.width())
            if widget.height() < wanted:
                problems.append(f"{type(widget).__name__} {widget.text()[:30]!r}: {widget.height()} < {wanted}")
            continue
        hint = widget.sizeHint()
        if widget.width() < hint.width() or widget.height() < hint.height():
            text = widget.text() if hasattr(widget, "text") else ""
            problems.append(f"{type(widget).__name__} {text[:30]!r}: {widget.size().toTuple()} < {hint.toTuple()}")
    return problems


@pytest.mark.parametrize("mode", ["first", "follow_up"])
@pytest.mark.parametrize(("scale", "screen"), [(2.5, (1920, 1080)), (2.0, (1600, 1000))])
def test_nothing_is_clipped_at_250_percent(qtbot, sqlite_services, plan_id, mode, scale, screen) -> None:  # type: ignore[no-untyped-def]
    from ui.walkthrough.demo import fill_meeting_demo

    fill_meeting_demo(sqlite_services, plan_id)
    window = open_walkthrough(qtbot, sqlite_services, plan_id, mode, scale=scale, speech_engine=mock_voice())
    window.resize(*screen)
    assert window.title.font().pointSizeF() >= 24 * scale * 1.25
    for index in range(len(window.screens)):
        window.go_to(index)
        QApplication.processEvents()
        assert not _clipped(window), (window.current_screen().KEY, _clipped(window))
    window.close()


def test_text_is_24_point_by_default(qtbot, sqlite_services, plan_id) -> None:  # type: ignore[no-untyped-def]
    window = open_walkthrough(qtbot, sqlite_services, plan_id)
    name = window.current_screen().cards.cards[0].name
    assert name.font().pointSizeF() >= 24
    assert window.title.font().pointSizeF() > name.font().pointSizeF()
    key(Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.scale == 1.25
    assert window.current_screen().cards.cards[0].name.font().pointSizeF() >= 30
    window.close()


# ------------------------------------------------------------------------------------------------ read aloud


def test_read_aloud_uses_the_mock_voice(qtbot, sqlite_services, plan_id) -> None:  # type: ignore[no-untyped-def]
    tts = pytest.importorskip("PySide6.QtTextToSpeech", exc_type=ImportError)
    if "mock" not in tts.QTextToSpeech.availableEngines():
        pytest.skip("no mock text-to-speech engine")
    window = open_walkthrough(qtbot, sqlite_services, plan_id, speech_engine="mock")
    assert window.read_aloud.isVisible()
    text = window.current_screen().speech_text()
    assert text.startswith("Who is here today?") and "Amina Haddad" in text
    window.read_aloud.setFocus()
    enter()
    qtbot.waitUntil(lambda: window.read_aloud.text() == "Stop reading", timeout=2000)
    enter()
    qtbot.waitUntil(lambda: window.read_aloud.text() == "Read aloud", timeout=2000)
    window.close()


def test_read_aloud_is_hidden_without_a_voice(qtbot, sqlite_services, plan_id) -> None:  # type: ignore[no-untyped-def]
    window = open_walkthrough(qtbot, sqlite_services, plan_id, speech_engine="none")
    assert not window.read_aloud.isVisible()
    window.close()


@pytest.mark.parametrize(("scale", "screen"), [(1.0, (1280, 720)), (2.0, (1600, 1000)), (2.5, (1920, 1080))])
def test_the_window_fits_a_screen(qtbot, sqlite_services, plan_id, scale, screen) -> None:  # type: ignore[no-untyped-def]
    """Long pages scroll; the window itself never needs more room than a common screen at that text size."""
    from ui.walkthrough.demo import fill_meeting_demo

    fill_meeting_demo(sqlite_services, plan_id)
    window = open_walkthrough(qtbot, sqlite_services, plan_id, "follow_up", scale=scale, speech_engine=mock_voice())
    for index in range(len(window.screens)):
        window.go_to(index)
        need = window.minimumSizeHint()
        assert need.width() <= screen[0] and need.height() <= screen[1], (window.current_screen().KEY,
                                                                          need.toTuple())
    window.close()


# ------------------------------------------------------------------------------------------------ the plan on paper


def test_summary_prints_and_saves_the_easy_read_pdf(qtbot, sqlite_services, plan_id, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    preview = pytest.importorskip("ui.widgets.pdf_preview")
    from ui.walkthrough.demo import fill_meeting_demo

    fill_meeting_demo(sqlite_services, plan_id)
    printed: list[tuple[bytes, str]] = []
    saved: list[tuple[bytes, str]] = []
    monkeypatch.setattr(preview, "print_pdf", lambda parent, pdf, title="", printer=None: printed.append((pdf, title)))
    monkeypatch.setattr(preview, "save_pdf", lambda parent, pdf, name: saved.append((pdf, name)))
    window = open_walkthrough(qtbot, sqlite_services, plan_id)
    window.go_to(len(window.screens) - 1)
    expect_screen(window, "summary")
    expect_focus_name("Finish the meeting")
    key(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier, times=3)  # Back, Save, Print
    expect_focus_name("Print my plan")
    enter()
    key(Qt.Key.Key_Tab)
    expect_focus_name("Save my plan")
    enter()
    assert printed and printed[0][0].startswith(b"%PDF") and printed[0][1] == "My plan"
    assert saved and saved[0][0].startswith(b"%PDF") and saved[0][1].endswith(".pdf")
    assert [e.action for e in sqlite_services.audit_trail() if e.entity == "plan"].count("print") == 2
    assert window.isVisible()  # Enter on a button presses it; it does not move on
    window.close()


# ------------------------------------------------------------------------------------------------ two people at once


def test_a_change_made_elsewhere_is_not_overwritten_silently(qtbot, sqlite_services, plan_id) -> None:  # type: ignore[no-untyped-def]
    from ui.walkthrough.demo import fill_meeting_demo

    fill_meeting_demo(sqlite_services, plan_id)
    window = open_walkthrough(qtbot, sqlite_services, plan_id)
    window.go_to(1)
    goal_field = window.current_screen().fields.fields["what_matters"]
    person = sqlite_services.get_plan(plan_id).person
    sqlite_services.update_person(person.id, person.version, what_matters="Ändrat i planen av någon annan")
    type_(" och fika")
    enter()
    assert "Someone else" in window.current_screen().error.message()
    assert goal_field.text().endswith(" och fika")  # my words stay on the screen
    assert sqlite_services.get_plan(plan_id).person.what_matters == "Ändrat i planen av någon annan"
    assert window.next()  # saving again, having read the message, wins
    assert sqlite_services.get_plan(plan_id).person.what_matters.endswith(" och fika")
    window.close()


def test_read_aloud_text_follows_the_screen(qtbot, sqlite_services, plan_id) -> None:  # type: ignore[no-untyped-def]
    from ui.walkthrough.demo import fill_meeting_demo

    fill_meeting_demo(sqlite_services, plan_id)
    window = open_walkthrough(qtbot, sqlite_services, plan_id, "follow_up")
    text = window.current_screen().speech_text()
    assert text.splitlines()[0] == "How has it gone?"
    assert "My goal: Jag vill jobba i en butik." in text and "We change the goal." in text
    window.go_to(window.screen_keys().index("consent"))
    text = window.current_screen().speech_text()
    assert "Arbetsförmedlingen: yes." in text and "Försäkringskassan: no." in text
    window.close()


def test_removing_asks_twice(qtbot, sqlite_services, plan_id) -> None:  # type: ignore[no-untyped-def]
    from ui.walkthrough.demo import fill_meeting_demo

    fill_meeting_demo(sqlite_services, plan_id)
    window = open_walkthrough(qtbot, sqlite_services, plan_id)
    window.go_to(window.screen_keys().index("goals"))
    first = window.current_screen().cards.cards[0]
    first.remove_button.setFocus()
    enter()
    expect_focus_name("Press again to remove")
    key(Qt.Key.Key_Tab)  # moving on takes the question back
    assert first.remove_button.text() == "Remove this goal"
    key(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    enter()
    enter()
    assert [g.easy_read for g in sqlite_services.get_plan(plan_id).goals] == ["Jag vill åka buss själv."]
    assert len(window.current_screen().cards.cards) == 1
    window.close()


def test_days_are_written_in_words(qtbot, sqlite_services, plan_id) -> None:  # type: ignore[no-untyped-def]
    from planner.i18n import set_language

    set_language("sv")
    window = open_walkthrough(qtbot, sqlite_services, plan_id)
    window.go_to(window.screen_keys().index("next_meeting"))
    days = window.current_screen().day
    texts = [days.item(i).text() for i in range(6)]
    tomorrow = TODAY + timedelta(days=1)
    weekday = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"][tomorrow.weekday()]
    month = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
             "november", "december"][tomorrow.month - 1]
    assert texts[0] == f"{month} {tomorrow.year}"  # a heading for the month
    assert texts[1] == f"{weekday} {tomorrow.day} {month}"
    days.setFocus()
    key(Qt.Key.Key_Down)
    assert days.value() == tomorrow
    window.close()


@pytest.mark.slow
def test_make_screenshots_includes_every_meeting_screen(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``make screenshots`` runs ``python -m ui.screenshots``: every screen, both meetings, 100 % and 200 %."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"} | {"QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "ui.screenshots", str(tmp_path), "--only", "walkthrough"],
                            capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    names = {p.name for p in tmp_path.glob("*.png")}
    first = ["participants", "about-me", "goals", "steps", "supports", "next-meeting", "consent", "summary"]
    follow_up = ["how-it-went", "stage", *first]
    for scale in (100, 200):
        for mode, keys in (("first", first), ("follow-up", follow_up)):
            for number, screen_key in enumerate(keys, start=1):
                assert f"meeting-{mode}-{number:02d}-{screen_key}-{scale}-default.png" in names
        assert f"meeting-first-leave-{scale}-default.png" in names
        assert f"meeting-first-03-goals-pictures-{scale}-default.png" in names
