"""Follow-ups: schedule a meeting, then record it (who came, notes, how each goal went, the next date)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from planner.i18n import _
from planner.model import ACHIEVEMENT_LABELS, FollowUp, Goal, Plan
from ui.models.editor_table import follow_up_columns, short
from ui.views.editor.base import RecordList, Section, enum_items
from ui.widgets.date_picker import DatePicker, DateTimePicker
from ui.widgets.form import Form, combo, ensure_target, text_box

if TYPE_CHECKING:
    from ui.views.plan_editor import PlanEditor

Outcomes = dict[int, tuple[str, str]]
RECORD_FIELDS = ("held_on", "attendees", "notes", "outcomes", "next_at")


class OutcomesEditor(QWidget):
    """One line per goal: how it went (a choice) and a short note. ``value()`` holds only the goals answered."""

    valueChanged = Signal(object)  # noqa: N815 - Qt naming

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setColumnStretch(2, 1)
        self._rows: dict[int, tuple[QLabel, QComboBox, QLineEdit]] = {}
        self._empty = QLabel(_("The plan has no goals yet."), self)
        self._grid.addWidget(self._empty, 0, 0, 1, 3)
        self._spoken = _("How each goal went")

    def focus_widget(self) -> QWidget:
        first = next(iter(self._rows.values()), None)
        return first[1] if first else self

    def set_accessible_label(self, text: str) -> None:
        self._spoken = text
        self.setAccessibleName(text)

    def set_goals(self, goals: list[Goal]) -> None:
        """Show one line per goal, keeping what was chosen for goals that are still there."""
        keep = self.value()
        ids = [g.id for g in goals]
        if ids == list(self._rows):
            for g in goals:
                self._rows[g.id][0].setText(short(g.easy_read or g.own_words, 90))
            return
        for label, box, note in self._rows.values():
            for w in (label, box, note):
                self._grid.removeWidget(w)
                w.deleteLater()
        self._rows.clear()
        self._empty.setVisible(not goals)
        for row, g in enumerate(goals, start=1):
            text = short(g.easy_read or g.own_words, 90)
            label = QLabel(text, self)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            box = combo([(_("Not talked about"), None), *enum_items(ACHIEVEMENT_LABELS)], self)
            box.setAccessibleName(_("How it went: {goal}").format(goal=text))
            label.setBuddy(box)
            note = QLineEdit(self)
            note.setMaxLength(2000)
            note.setPlaceholderText(_("Note"))
            note.setAccessibleName(_("Note about: {goal}").format(goal=text))
            ensure_target(note)
            box.currentIndexChanged.connect(lambda _i: self.valueChanged.emit(self.value()))
            note.textChanged.connect(lambda _t: self.valueChanged.emit(self.value()))
            self._grid.addWidget(label, row, 0)
            self._grid.addWidget(box, row, 1)
            self._grid.addWidget(note, row, 2)
            self._rows[g.id] = (label, box, note)
        self.setValue({gid: v for gid, v in keep.items() if gid in self._rows})

    def value(self) -> Outcomes:
        result: Outcomes = {}
        for gid, (_label, box, note) in self._rows.items():
            if box.currentData() is not None:
                result[gid] = (box.currentData(), note.text())
        return result

    def setValue(self, value: Outcomes | None) -> None:  # noqa: N802 - Qt naming
        value = value or {}
        for gid, (_label, box, note) in self._rows.items():
            achievement, text = value.get(gid, (None, ""))
            box.setCurrentIndex(max(0, box.findData(achievement)))
            note.setText(text)
        self.valueChanged.emit(self.value())


class FollowUpList(RecordList):
    entity = "follow_up"

    def __init__(self, editor: PlanEditor, parent: QWidget | None = None) -> None:
        super().__init__(editor, follow_up_columns(), parent)

    def texts(self) -> dict[str, str]:
        return {"title": _("Follow-ups"),
                "intro": _("Meetings where the plan is looked at again. Schedule one, and afterwards write "
                           "down what happened and when the next one is."),
                "empty": _("No follow-ups yet."), "new": _("New follow-up"), "remove": _("Remove follow-up"),
                "save": _("Save follow-up"), "add": _("Schedule follow-up"), "new_title": _("New follow-up"),
                "edit_title": _("Follow-up")}

    def stretch_column(self) -> int:
        return 1

    def build_form(self, form: Form) -> None:
        form.add_heading(_("The meeting"))
        form.add_row("planned_at", _("When"), DateTimePicker())
        form.add_row("place", _("Where"), QLineEdit())
        form.add_check("cancelled", _("The meeting is cancelled"))
        self.record_heading = form.add_heading(_("What happened at the meeting"))
        form.add_row("held_on", _("Held on"), DatePicker(), _("Fill this in when the meeting has taken place."))
        form.add_row("attendees", _("Who came"), text_box(2))
        form.add_row("notes", _("Notes"), text_box(3))
        form.add_row("outcomes", _("How each goal went"), OutcomesEditor())
        form.add_row("next_at", _("Next follow-up"), DateTimePicker(),
                     _("Saving books the next follow-up at this time."))

    def defaults(self) -> dict[str, Any]:
        return {"planned_at": None, "place": "", "cancelled": False, "held_on": None, "attendees": "",
                "notes": "", "outcomes": {}, "next_at": None}

    def records(self, plan: Plan) -> list[Any]:
        return sorted(plan.follow_ups, key=lambda f: (f.planned_at, f.id))

    def values_of(self, f: FollowUp) -> dict[str, Any]:
        return {"planned_at": f.planned_at, "place": f.place, "cancelled": f.cancelled, "held_on": f.held_on,
                "attendees": f.attendees, "notes": f.notes,
                "outcomes": {o.goal_id: (o.achievement.value, o.note) for o in f.outcomes}, "next_at": f.next_at}

    def load(self, plan: Plan) -> None:
        outcomes: OutcomesEditor = self.form.widget("outcomes")  # type: ignore[assignment]
        outcomes.set_goals(sorted(plan.goals, key=lambda g: (g.position, g.id)))
        super().load(plan)

    def _show_record(self, record: Any) -> None:
        """A new follow-up is only scheduled; what happened is written once it exists."""
        self.record_heading.setVisible(record is not None)
        for name in RECORD_FIELDS:
            self.form.set_row_visible(name, record is not None)
        super()._show_record(record)

    def create_record(self, values: dict[str, Any]) -> Any:
        return self.editor.services.schedule_follow_up(self.editor.plan_id, values["planned_at"], values["place"])

    def update_record(self, record_id: int, version: int | None, changes: dict[str, Any]) -> Any:
        """Meeting details through ``update_follow_up``; a held meeting through ``record_follow_up`` (which also
        updates each goal and books the next follow-up)."""
        services = self.editor.services
        changes = dict(changes)
        values = self.form.values()
        recording = any(k in changes for k in ("outcomes", "next_at")) or (
            "held_on" in changes and values["held_on"] is not None)
        if recording:
            for name in RECORD_FIELDS:
                changes.pop(name, None)
        result = None
        if changes:
            result = services.update_follow_up(record_id, version, **changes)
            version = result.version
        if recording:
            result = services.record_follow_up(
                record_id, held_on=values["held_on"] or date.today(), attendees=values["attendees"],
                notes=values["notes"], outcomes=values["outcomes"], next_at=values["next_at"], version=version)
        return result

    def undoable(self, changes: dict[str, Any]) -> bool:
        """Recording a meeting also changes goals and books the next meeting: that is not undone here."""
        return not any(name in changes for name in ("held_on", "outcomes", "next_at"))

    def remove_record(self, record_id: int) -> None:
        self.editor.services.remove_follow_up(record_id)

    def recreate(self, record: FollowUp) -> Any:
        services = self.editor.services
        new = services.schedule_follow_up(self.editor.plan_id, record.planned_at, record.place)
        rest = {"held_on": record.held_on, "attendees": record.attendees, "notes": record.notes,
                "next_at": record.next_at, "cancelled": record.cancelled}
        if any(rest.values()):
            new = services.update_follow_up(new.id, new.version, **rest)
        return new


class FollowUpsSection(Section):
    key = "follow_ups"

    @staticmethod
    def title() -> str:
        return _("Follow-ups")

    def __init__(self, editor: PlanEditor, parent: QWidget | None = None) -> None:
        super().__init__(editor, parent)
        self.list = self.add_part(FollowUpList(editor, self))
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addStretch(1)
