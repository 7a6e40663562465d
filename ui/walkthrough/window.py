"""The meeting window: one question per screen, in large type, with Back and Next, progress in words, "Read
aloud", and a calm way out (Esc, then "Yes, stop").

Keys: Enter moves on (to the next field, and from the last field to the next screen; on a button it presses the
button), Shift+Enter makes a new line, Esc asks before leaving, Alt+Left and Alt+Right go back and forward,
Ctrl+plus and Ctrl+minus change the text size. Everything is saved as it is typed: when a field is left, when
the screen changes and when the window closes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QPlainTextEdit,
    QScrollArea,
    QStackedLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from planner.errors import StegvisError
from planner.i18n import _
from planner.services import Services
from ui.walkthrough.about_me import AboutMeScreen
from ui.walkthrough.base import Context, Screen
from ui.walkthrough.consent import ConsentScreen
from ui.walkthrough.goals import GoalsScreen
from ui.walkthrough.how_it_went import HowItWentScreen, StageScreen
from ui.walkthrough.meeting import FIRST, FOLLOW_UP, Meeting
from ui.walkthrough.next_meeting import NextMeetingScreen
from ui.walkthrough.participants import ParticipantsScreen
from ui.walkthrough.picture import OWN_KEYS, PicturePage
from ui.walkthrough.speech import Speaker
from ui.walkthrough.steps import StepsScreen
from ui.walkthrough.style import Metrics, app_font_scale
from ui.walkthrough.summary import SummaryScreen
from ui.walkthrough.supports import SupportsScreen
from ui.walkthrough.widgets import BigButton, Picto, words

FIRST_SCREENS: tuple[type[Screen], ...] = (ParticipantsScreen, AboutMeScreen, GoalsScreen, StepsScreen,
                                           SupportsScreen, NextMeetingScreen, ConsentScreen, SummaryScreen)
FOLLOW_UP_SCREENS: tuple[type[Screen], ...] = (HowItWentScreen, StageScreen, *FIRST_SCREENS)
SCALE_STEP = 0.25
SCALE_MIN, SCALE_MAX = 1.0, 2.5
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class Walkthrough(QWidget):
    """The meeting on one plan. ``finished`` fires after "Finish the meeting"; ``closed`` whenever it closes."""

    finished = Signal()
    closed = Signal()

    def __init__(self, services: Services, plan_id: int, mode: str = FIRST, parent: QWidget | None = None, *,
                 scale: float | None = None, speech_engine: str | None = None, today: Any = None,
                 follow_up_id: int | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.meeting = Meeting(services, plan_id, mode, today=today, follow_up_id=follow_up_id)
        self.speaker = Speaker(speech_engine, self)
        self.scale = max(SCALE_MIN, min(SCALE_MAX, scale if scale is not None else app_font_scale()))
        self.index = 0
        self.screens: list[Screen] = []
        self.pages: QStackedWidget | None = None
        self._filtering = False
        self.setWindowTitle(_("Meeting with {name}").format(name=self.meeting.person.display_name))
        self.setAccessibleName(self.windowTitle())
        self.stack = QStackedLayout(self)
        self._build()
        self.speaker.speakingChanged.connect(self._speaking_changed)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.installEventFilter(self)
            app.focusChanged.connect(self._focus_changed)
        self._filtering = True

    # ---------------------------------------------------------------- building

    @property
    def metrics(self) -> Metrics:
        return Metrics(self.scale)

    def _build(self) -> None:
        m = self.metrics
        self.setFont(m.font())
        self.setStyleSheet(m.style_sheet())
        self.meeting_page = QWidget()
        outer = QVBoxLayout(self.meeting_page)
        outer.setContentsMargins(m.gap * 3, m.gap * 2, m.gap * 3, m.gap * 2)
        outer.setSpacing(m.gap * 2)

        header = QHBoxLayout()
        header.setSpacing(m.gap * 2)
        self.title_picto = Picto("", m.title_icon)
        self.title = words("", "title")
        self.title.setAccessibleName(_("Question"))
        header.addWidget(self.title_picto, 0, Qt.AlignmentFlag.AlignTop)
        self.title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.title.setMinimumHeight(m.title_icon)
        header.addWidget(self.title, 1)
        self.read_aloud = BigButton(_("Read aloud"), m, "speaker")
        self.read_aloud.clicked.connect(self.toggle_reading)
        self.read_aloud.setVisible(self.speaker.available)
        header.addWidget(self.read_aloud, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(header)

        ctx = Context(self.meeting, m, self)
        kinds = FOLLOW_UP_SCREENS if self.meeting.mode == FOLLOW_UP else FIRST_SCREENS
        self.pages = QStackedWidget()
        self.screens = []
        for kind in kinds:
            screen = kind(ctx)
            area = QScrollArea()
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.Shape.NoFrame)
            area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            area.setWidget(screen)
            self.pages.addWidget(area)
            self.screens.append(screen)
        outer.addWidget(self.pages, 1)

        footer = QHBoxLayout()
        footer.setSpacing(m.gap * 2)
        self.back_button = BigButton(_("Back"), m, "", description=_("Go back to the question before"))
        self.back_button.clicked.connect(self.back)
        self.progress = words("", "heading")
        self.progress.setAccessibleName(_("Progress"))
        self.progress.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_button = BigButton(_("Next"), m, "", description=_("Go on to the next question"))
        self.next_button.setProperty("role", "primary")
        self.next_button.clicked.connect(self.next)
        footer.addWidget(self.back_button)
        footer.addWidget(self.progress, 1)
        footer.addWidget(self.next_button)
        outer.addLayout(footer)
        self.stack.addWidget(self.meeting_page)

        self.confirm_page = self._build_confirm(m)
        self.stack.addWidget(self.confirm_page)
        self.picture_page = PicturePage(m)
        self.stack.addWidget(self.picture_page)
        self.stack.setCurrentWidget(self.meeting_page)
        self.go_to(self.index)

    def _build_confirm(self, m: Metrics) -> QWidget:
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setContentsMargins(m.gap * 3, m.gap * 2, m.gap * 3, m.gap * 2)
        column.setSpacing(m.gap * 3)
        column.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(Picto("stop", m.title_icon), 0, Qt.AlignmentFlag.AlignTop)
        question = words(_("Do you want to stop the meeting now?"), "title")
        row.addWidget(question, 1)
        column.addLayout(row)
        saved = QHBoxLayout()
        saved.addWidget(Picto("save", m.card_icon), 0, Qt.AlignmentFlag.AlignTop)
        saved.addWidget(words(_("Everything you have said is saved.")), 1)
        column.addLayout(saved)
        buttons = QHBoxLayout()
        self.stop_button = BigButton(_("Yes, stop"), m, "done")
        self.stop_button.clicked.connect(self.close)
        self.stay_button = BigButton(_("No, go on"), m, "no")
        self.stay_button.clicked.connect(self.hide_confirm)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.stay_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        column.addStretch(2)
        page = QScrollArea()  # never taller than the screen, whatever the text size
        page.setWidgetResizable(True)
        page.setFrameShape(QFrame.Shape.NoFrame)
        page.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        page.setWidget(inner)
        return page

    # ---------------------------------------------------------------- moving

    def current_screen(self) -> Screen:
        return self.screens[self.index]

    def screen_keys(self) -> list[str]:
        return [s.KEY for s in self.screens]

    def go_to(self, index: int) -> None:
        assert self.pages is not None
        self.speaker.stop()
        self.index = max(0, min(index, len(self.screens) - 1))
        screen = self.screens[self.index]
        screen.enter()
        self.pages.setCurrentIndex(self.index)
        total = len(self.screens)
        self.progress.setText(_("Step {number} of {total}").format(number=self.index + 1, total=total))
        self.title.setText(screen.title())
        self.title_picto.set_key(screen.PICTOGRAM)
        self.back_button.setEnabled(self.index > 0)
        last = self.index == total - 1
        self.next_button.setText(_("Finish the meeting") if last else _("Next"))
        self.fix_tab_order()
        area = self.pages.currentWidget()
        if isinstance(area, QScrollArea):
            area.verticalScrollBar().setValue(0)  # from the top, then as far as the first field needs
        self.focus_first()

    def focus_first(self) -> None:
        target = self.current_screen().first_focus() or self.next_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        focus = QApplication.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            self.focus_first()

    def next(self) -> bool:
        screen = self.current_screen()
        if not screen.commit(leaving=True):
            return False
        if self.index == len(self.screens) - 1:
            self.finish()
            return True
        self.go_to(self.index + 1)
        return True

    def back(self) -> None:
        if self.index == 0:
            return
        self.current_screen().commit()  # words that cannot be saved yet stay on the screen
        self.go_to(self.index - 1)

    def finish(self) -> None:
        try:
            self.meeting.finish()
        except StegvisError as exc:  # shown, and the window stays open
            self.current_screen().show_error(exc.message)
            return
        self.finished.emit()
        self.close()

    def fix_tab_order(self) -> None:
        chain: list[QWidget] = [self.read_aloud] if self.read_aloud.isVisibleTo(self) else []
        chain += [*self.current_screen().tab_stops(), self.back_button, self.next_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # ---------------------------------------------------------------- keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if not self._filtering or event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        if watched is not self and not self.isAncestorOf(watched):
            return False
        assert isinstance(event, QKeyEvent)
        if self._owns_keys(watched) and event.key() in (*ENTER_KEYS, Qt.Key.Key_Escape):
            if event.key() == Qt.Key.Key_Escape:
                return self._escape_inside(watched)
            return False
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_Escape:
            self.escape()
            return True
        if key in ENTER_KEYS:
            if mods & Qt.KeyboardModifier.ShiftModifier and isinstance(watched, QPlainTextEdit):
                return False
            self.enter_pressed(watched)
            return True
        if mods & Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            if self.stack.currentWidget() is self.meeting_page:
                self.back() if key == Qt.Key.Key_Left else self.next()
            return True
        if mods & Qt.KeyboardModifier.ControlModifier and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal,
                                                                    Qt.Key.Key_Minus):
            self.set_scale(self.scale + (SCALE_STEP if key != Qt.Key.Key_Minus else -SCALE_STEP))
            return True
        return False

    def _owns_keys(self, widget: QWidget) -> bool:
        w: QWidget | None = widget
        while w is not None and w is not self:
            if w.property(OWN_KEYS):
                return True
            w = w.parentWidget()
        return False

    def _escape_inside(self, widget: QWidget) -> bool:
        w: QWidget | None = widget
        while w is not None and w is not self:
            handler = getattr(w, "handle_escape", None)
            if handler is not None and handler():
                return True
            w = w.parentWidget()
        return False

    def enter_pressed(self, widget: QWidget) -> None:
        if self.stack.currentWidget() is self.confirm_page:
            if isinstance(widget, QAbstractButton):
                widget.click()
            return
        if isinstance(widget, QAbstractButton) and not isinstance(widget, QCheckBox):
            widget.click()
            if widget.isCheckable() and widget.hasFocus() and not self.isHidden():
                self.advance(widget)
            return
        self.advance(widget)

    def advance(self, widget: QWidget) -> None:
        """Enter: to the next field on this screen, or to the next screen from the last field."""
        screen = self.current_screen()
        stops = screen.tab_stops()
        inputs = set(screen.inputs())
        if widget in stops:
            after = stops[stops.index(widget) + 1:]
            following = next((w for w in after if w in inputs), None)
            if following is not None:
                following.setFocus(Qt.FocusReason.TabFocusReason)
                return
        self.next()

    def escape(self) -> None:
        if self.stack.currentWidget() is self.confirm_page:
            self.hide_confirm()
            return
        focus = QApplication.focusWidget()
        if focus is not None and self.isAncestorOf(focus) and self._escape_inside(focus):
            return
        self._focus_before = focus
        self.current_screen().commit()
        self.stack.setCurrentWidget(self.confirm_page)
        self.stay_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def hide_confirm(self) -> None:
        self.stack.setCurrentWidget(self.meeting_page)
        before = getattr(self, "_focus_before", None)
        (before if before is not None and self.isAncestorOf(before) else self.next_button).setFocus()

    def choose_picture(self, question: str, current: str, done: Callable[[str | None], None]) -> None:
        """Give the meeting area to the pictures; ``done`` gets the key, "" for none, None for no change."""
        def finished(key: str | None) -> None:
            self.stack.setCurrentWidget(self.meeting_page)
            done(key)

        self.stack.setCurrentWidget(self.picture_page)
        self.picture_page.start(question, current, finished)

    def confirming(self) -> bool:
        return self.stack.currentWidget() is self.confirm_page

    # ---------------------------------------------------------------- reading aloud, size, focus

    def toggle_reading(self) -> None:
        if self.speaker.is_speaking():
            self.speaker.stop()
        else:
            self.speaker.say(self.current_screen().speech_text())

    def _speaking_changed(self, speaking: bool) -> None:
        self.read_aloud.setText(_("Stop reading") if speaking else _("Read aloud"))

    def set_scale(self, scale: float) -> None:
        """A new text size: save, then build the screens again at the new size, on the same question."""
        scale = max(SCALE_MIN, min(SCALE_MAX, round(scale / SCALE_STEP) * SCALE_STEP))
        if scale == self.scale:
            return
        self.current_screen().commit()
        self.scale = scale
        for page in (self.meeting_page, self.confirm_page, self.picture_page):
            self.stack.removeWidget(page)
            page.hide()
            page.deleteLater()
        self.meeting.reload()
        self._build()

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or self.pages is None or not self.isAncestorOf(new):
            return
        area = self.pages.currentWidget()
        if isinstance(area, QScrollArea) and area.isAncestorOf(new):
            margin = self.metrics.line
            area.ensureWidgetVisible(new, margin, margin)

    # ---------------------------------------------------------------- closing

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.screens:
            self.current_screen().commit()
        self.speaker.stop()
        self._filtering = False
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.removeEventFilter(self)
            with contextlib.suppress(RuntimeError, TypeError):  # already gone
                app.focusChanged.disconnect(self._focus_changed)
        super().closeEvent(event)
        self.closed.emit()


def _other_screen(parent: QWidget | None) -> Any:
    """A second screen, when there is one, so the person can see the meeting while the coach keeps theirs."""
    screens = QGuiApplication.screens()
    if len(screens) < 2 or parent is None:
        return None
    mine = parent.screen()
    return next((s for s in screens if s is not mine), None)


def start_meeting(services: Services, plan_id: int, mode: str = FIRST, parent: QWidget | None = None,
                  **options: Any) -> Walkthrough:
    """Open the meeting full screen (on a second screen when there is one) and return the window."""
    window = Walkthrough(services, plan_id, mode, parent, **options)
    other = _other_screen(parent)
    if other is not None:
        window.setScreen(other)
        window.move(other.geometry().topLeft())
    changed = getattr(getattr(parent, "theme", None), "changed", None)  # the app's text size, changed live
    if changed is not None:
        changed.connect(lambda scale, _theme: window.set_scale(scale / 100) if window.isVisible() else None)
    window.showFullScreen()
    window.activateWindow()
    if window.windowHandle() is not None:
        window.windowHandle().requestActivate()
    return window
