"""The plan editor: every part of one joint plan, in sections, saved through :mod:`planner.services`.

What it guarantees:
- every update passes the version it loaded; when someone else saved first, a dialog shows both versions field by
  field and the coach keeps theirs, saves theirs over it, or decides later (nothing is overwritten silently);
- an error from the services appears next to the field it concerns, and what the coach typed stays in the form;
- "Undo" reverses the last saved changes one by one, through the services again;
- :meth:`PlanEditor.maybe_close` guards unsaved typing (Save / Discard / Cancel).
The editor runs no business rule itself: it describes each save (:class:`SaveRequest`) and reports the outcome.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from planner.errors import ConflictError, NotFoundError, StegvisError, StorageError, ValidationError
from planner.i18n import _, format_date
from planner.model import PLAN_STATUS_LABELS, Plan
from ui.views.editor.base import SaveRequest, Section, describe_value
from ui.views.editor.conflict import KEEP_THEIRS, USE_MINE, ConflictDialog
from ui.views.editor.follow_ups import FollowUpsSection
from ui.views.editor.goals import GoalsSection
from ui.views.editor.lists import ConsentSection, ParticipantsSection, StagesSection, SupportsSection
from ui.views.editor.lookups import Lookups
from ui.views.editor.person_plan import PersonSection, PlanSection
from ui.views.editor.undo import UndoEntry, UndoStack
from ui.widgets.form import VScrollArea, button, ensure_target, floor, message_banner

SECTION_CLASSES: tuple[type[Section], ...] = (PersonSection, PlanSection, ParticipantsSection, GoalsSection,
                                              SupportsSection, FollowUpsSection, ConsentSection, StagesSection)

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def ask_unsaved(parent: QWidget) -> str:
    """Save / Discard / Cancel for unsaved typing. A module function so a test can answer it."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Unsaved changes"))
    box.setText(_("You have changes that are not saved yet."))
    box.setInformativeText(_("Do you want to save them before you close the plan?"))
    save = box.addButton(_("Save changes"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_("Throw away changes"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole)
    for b in (save, discard, cancel):
        ensure_target(b)
        b.setAccessibleName(b.text())
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return SAVE if clicked is save else DISCARD if clicked is discard else CANCEL


class PlanEditor(QWidget):
    """Edits one plan. ``saved(plan_id)`` fires after every successful write; ``closeRequested`` when the coach
    closes the editor (after the unsaved-changes guard)."""

    saved = Signal(int)
    closeRequested = Signal()  # noqa: N815 - Qt naming

    def __init__(self, services: Any, plan_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.plan_id = plan_id
        self.undo_stack = UndoStack()
        self.conflict_dialog: ConflictDialog | None = None  # while one is shown (tests look at it)
        self.lookups = Lookups(services)
        self.plan: Plan | None = None
        self.plan = services.open_plan(plan_id)  # audited: a coach opened this person's plan
        self.setAccessibleName(_("Plan editor"))

        self.heading = QLabel(self)
        self.heading.setProperty("role", "heading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.subheading = QLabel(self)
        self.subheading.setTextFormat(Qt.TextFormat.PlainText)
        self.subheading.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("editorStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.banner = message_banner(self)

        self.save_button = button(_("Save all"), self.save_all,
                                  description=_("Saves everything you have typed in every section (Ctrl+S)."))
        self.undo_button = button(_("Undo"), self.undo_last,
                                  description=_("Undoes the last saved change (Ctrl+Z)."))
        self.close_button = button(_("Close plan"), self.request_close)
        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.heading)
        titles.addWidget(self.subheading)
        top.addLayout(titles, 1)
        top.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)

        self.sections: list[Section] = []
        self.section_buttons: list[QAbstractButton] = []
        self.pages = QStackedWidget(self)
        self.nav_group = QButtonGroup(self)
        self.nav_group.setExclusive(True)
        nav_box = QWidget(self)
        nav_box.setAccessibleName(_("Sections of the plan"))
        # the open section: underlined words as well as the highlight colour (not colour alone); nothing that
        # changes the button's size, so the words never get cut
        nav_box.setStyleSheet("QPushButton:checked { text-decoration: underline; "
                              "background: palette(highlight); color: palette(highlighted-text); }")
        nav = QVBoxLayout(nav_box)
        nav.setContentsMargins(0, 0, 0, 0)
        # the section buttons first, then the sections: Tab goes from the last button into the open section
        for number, cls in enumerate(SECTION_CLASSES):
            nav_button = button(cls.title(), partial(self.show_page, number))
            nav_button.setCheckable(True)
            nav_button.setAccessibleDescription(_("Section {n} of {total}. Ctrl+Page Down goes to the next one.")
                                                .format(n=number + 1, total=len(SECTION_CLASSES)))
            self.nav_group.addButton(nav_button, number)
            self.section_buttons.append(nav_button)
            nav.addWidget(nav_button)
        for cls in SECTION_CLASSES:
            section = cls(self)
            self.sections.append(section)
            self.pages.addWidget(VScrollArea(section))
            section.dirtyChanged.connect(self._update_actions)
        nav.addStretch(1)
        self.nav_box = nav_box
        self.nav_scroller = VScrollArea(nav_box, self)

        body = QHBoxLayout()
        body.addWidget(self.nav_scroller, 0)
        body.addWidget(self.pages, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)

        for keys, slot in ((QKeySequence.StandardKey.Save, self.save_all),
                           (QKeySequence.StandardKey.Undo, self.undo_last),
                           ("Ctrl+PgDown", lambda: self.show_page((self.pages.currentIndex() + 1) % len(self.sections))),
                           ("Ctrl+PgUp", lambda: self.show_page((self.pages.currentIndex() - 1) % len(self.sections)))):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        self._show(self.plan)
        self.show_page(0)
        self._update_actions()
        self._reserve_nav_width()

    # -------------------------------------------------------------- navigation

    def show_page(self, number: int) -> None:
        self.pages.setCurrentIndex(number)
        self.section_buttons[number].setChecked(True)

    def show_section(self, key: str) -> None:
        for number, section in enumerate(self.sections):
            if section.key == key:
                self.show_page(number)
                self.section_buttons[number].setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    # -------------------------------------------------------------- loading

    def _show(self, plan: Plan) -> None:
        self.plan = plan
        person = plan.person
        self.heading.setText(_("Plan for {name}").format(name=person.display_name))
        self.heading.setAccessibleName(self.heading.text())
        period = format_date(plan.period_start, "medium")
        if plan.period_end:
            period = _("{start} to {end}").format(start=period, end=format_date(plan.period_end, "medium"))
        self.subheading.setText(_("{title} · {period} · {status}").format(
            title=plan.title or _("Joint plan"), period=period, status=_(PLAN_STATUS_LABELS[plan.status])))
        for section in self.sections:
            section.load(plan)

    def reload(self, force: bool = False) -> None:
        """Read the plan again and show it; unsaved typing is kept (see ``BoundForm.refresh``)."""
        try:
            plan = self.services.get_plan(self.plan_id)
        except NotFoundError as err:
            self.banner.set_message(err.message)
            self.save_button.setEnabled(False)
            return
        except StegvisError as err:
            self.banner.set_message(_error_text(err))
            return
        if force:
            self.lookups.refresh()
        self._show(plan)
        self._update_actions()

    # -------------------------------------------------------------- saving

    def write(self, request: SaveRequest, *, push_undo: bool = True) -> Any | None:
        """Run one service call. Returns its result, or None when it did not happen (the reason is shown)."""
        self.banner.set_message("")
        try:
            result = request.action()
        except ValidationError as err:
            shown = request.form is not None and request.form.show_error(err.field, err.message)
            if not shown:
                (request.banner or self.banner).set_message(err.message)
            self._status(_("Not saved: {what}. Please look at the message next to the field.")
                         .format(what=request.label))
            return None
        except ConflictError as err:
            return self._conflict(request, err, push_undo)
        except NotFoundError as err:
            (request.banner or self.banner).set_message(err.message)
            self._status(_("Not saved: {what}.").format(what=request.label))
            self.reload()
            return None
        except StegvisError as err:
            (request.banner or self.banner).set_message(_error_text(err))
            self._status(_("Not saved: {what}. What you typed is still here.").format(what=request.label))
            return None
        self._succeeded(request, result, push_undo)
        return result

    def _succeeded(self, request: SaveRequest, result: Any, push_undo: bool) -> None:
        table = getattr(type(result), "__tablename__", None)
        if table and getattr(result, "id", None) is not None and getattr(result, "version", None) is not None:
            self.undo_stack.saw(table, result.id, result.version)
        entry = request.undo(result) if (push_undo and request.undo is not None) else None
        if entry is not None:
            self.undo_stack.push(entry)
        if request.after is not None:
            request.after(result)
        else:
            self.reload()
        self._status(_("Saved: {what}.").format(what=request.label))
        self._update_actions()
        self.saved.emit(self.plan_id)

    def _conflict(self, request: SaveRequest, err: ConflictError, push_undo: bool) -> Any | None:
        if not err.mine:  # two saves at the very same moment: nothing to compare, the typing stays
            (request.banner or self.banner).set_message(err.message)
            self._status(_("Not saved: {what}. What you typed is still here.").format(what=request.label))
            return None
        captions = {name: f.caption for name, f in request.form.fields.items()} if request.form else {}
        describe = request.describe or (lambda name, value: describe_value(self, name, value))
        dialog = ConflictDialog(self, err, captions=captions, describe=describe, loaded=request.loaded)
        dialog.mine_button.setVisible(request.retry is not None)
        dialog.keep_button.setVisible(request.keep_theirs is not None)
        self.conflict_dialog = dialog
        choice = self.run_dialog(dialog)
        self.conflict_dialog = None
        if choice == USE_MINE and request.retry is not None:
            retry = request.retry
            request.before.update({k: v for k, v in err.theirs.items() if k in request.before})
            again = SaveRequest(request.label, lambda: retry(err.current_version), form=request.form,
                                banner=request.banner, undo=request.undo, retry=request.retry,
                                keep_theirs=request.keep_theirs, describe=request.describe,
                                loaded=dict(err.theirs), before=request.before, after=request.after)
            return self.write(again, push_undo=push_undo)
        if choice == KEEP_THEIRS and request.keep_theirs is not None:
            request.keep_theirs()
            self._status(_("Kept the saved version. Your version was not saved."))
            return None
        (request.banner or self.banner).set_message(
            _("Not saved yet: someone else saved this first. What you typed is still in the form."))
        self._status(_("Not saved: {what}.").format(what=request.label))
        return None

    def run_dialog(self, dialog: QDialog) -> int:
        """Show a modal dialog and return its result (one place, so tests can drive it)."""
        return dialog.exec()

    def save_all(self) -> bool:
        """Save every section with unsaved typing; stop at the first that fails and show it."""
        for number, section in enumerate(self.sections):
            if section.is_dirty() and not section.save():
                self.show_page(number)
                return False
        self._update_actions()
        return True

    def is_dirty(self) -> bool:
        return any(section.is_dirty() for section in self.sections)

    def discard_all(self) -> None:
        for section in self.sections:
            section.discard()
        self._update_actions()

    # -------------------------------------------------------------- undo

    def undo_last(self) -> None:
        entry = self.undo_stack.pop()
        if entry is None:
            self._status(_("There is nothing to undo."))
            return
        label = _("Undo: {what}").format(what=entry.label)
        self.write(SaveRequest(label, entry.reverse, banner=self.banner), push_undo=False)
        self._update_actions()

    def push_undo(self, entry: UndoEntry) -> None:
        self.undo_stack.push(entry)
        self._update_actions()

    # -------------------------------------------------------------- closing

    def maybe_close(self) -> bool:
        """True when the editor may close: nothing unsaved, or the coach saved or threw it away."""
        if not self.is_dirty():
            return True
        answer = ask_unsaved(self)
        if answer == SAVE:
            return self.save_all()
        if answer == DISCARD:
            self.discard_all()
            return True
        return False

    def request_close(self) -> None:
        if self.maybe_close():
            self.closeRequested.emit()

    # -------------------------------------------------------------- small helpers

    def _status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleName(text)

    def _reserve_nav_width(self) -> None:
        """Room for the longest "(not saved)" label from the start, so the page does not jump sideways."""
        widest = 0
        for cls, nav_button in zip(SECTION_CLASSES, self.section_buttons, strict=True):
            fm = nav_button.fontMetrics()
            padding = nav_button.sizeHint().width() - fm.horizontalAdvance(nav_button.text())
            longest = _("{section} (not saved)").format(section=cls.title())
            widest = max(widest, padding + fm.horizontalAdvance(longest))
        self.nav_box.setMinimumWidth(widest)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._reserve_nav_width()

    def _update_actions(self) -> None:
        dirty = self.is_dirty()
        self.save_button.setEnabled(dirty)
        entry = self.undo_stack.peek()
        self.undo_button.setEnabled(entry is not None)
        tip = _("Undo: {what}").format(what=entry.label) if entry else _("There is nothing to undo.")
        self.undo_button.setToolTip(tip)
        self.undo_button.setAccessibleDescription(tip)
        for section, nav_button in zip(self.sections, self.section_buttons, strict=True):
            text = section.title()
            if section.is_dirty():
                text = _("{section} (not saved)").format(section=text)
            if nav_button.text() != text:
                nav_button.setText(text)
                nav_button.setAccessibleName(text)
                floor(nav_button)


def _error_text(err: StegvisError) -> str:
    advice = getattr(err, "advice", "") if isinstance(err, StorageError) else ""
    return f"{err.message} {advice}".strip()


# ------------------------------------------------------------------------------------------------ screenshots


def editor_screenshots(services: Any, outdir: str | Path, scale: int = 100, plan_id: int | None = None,
                       prefix: str = "plan_editor") -> list[Path]:
    """PNG of every editor section and of the pictogram picker, for ``make screenshots``.

    The caller applies theme and scale (``ui.theme.ThemeManager``); ``scale`` only names the files. Without a
    ``plan_id`` the first plan with goals is used.
    """
    from PySide6.QtWidgets import QApplication

    from ui.widgets.pictogram_picker import PictogramDialog

    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    if plan_id is None:
        rows = services.list_plans()
        plan_id = next((r.plan_id for r in rows if services.get_plan(r.plan_id).goals), rows[0].plan_id)
    editor = PlanEditor(services, plan_id)
    editor.resize(1280, 860)
    editor.show()
    written: list[Path] = []
    for number, section in enumerate(editor.sections):
        editor.show_page(number)
        select_first_rows(section)
        QApplication.processEvents()
        path = out / f"{prefix}_{section.key}_{scale}.png"
        editor.grab().save(str(path))
        written.append(path)
    dialog = PictogramDialog(None, "bus")
    dialog.show()
    QApplication.processEvents()
    path = out / f"pictogram_picker_{scale}.png"
    dialog.grab().save(str(path))
    written.append(path)
    dialog.close()
    editor.close()
    editor.deleteLater()
    return written


def select_first_rows(section: Section) -> None:
    """Choose the first row of each list so a screenshot shows a filled-in form."""
    for part in section.parts:
        table = getattr(part, "table", None)
        if table is not None and table.model().rowCount() and not table.currentIndex().isValid():
            table.selectRow(0)
