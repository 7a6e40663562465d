"""The list sections: participants, supports, consent and the stage history."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from planner.i18n import _
from planner.model import STAGE_LABELS, Consent, Participant, Plan, Support
from ui.models.editor_table import (
    RecordTableModel,
    consent_columns,
    participant_columns,
    stage_change_columns,
    support_columns,
)
from ui.views.editor.base import RecordList, SaveRequest, Section, enum_items, fit_table_height, record_table
from ui.views.editor.undo import UndoEntry
from ui.widgets.date_picker import DatePicker
from ui.widgets.form import MIN_TARGET, Form, button, combo, message_banner, text_box
from ui.widgets.pictogram_picker import PictogramField

if TYPE_CHECKING:
    from ui.views.plan_editor import PlanEditor


def _line(max_length: int = 200) -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(max_length)
    return edit


def _page(section: Section, *parts: QWidget) -> None:
    layout = QVBoxLayout(section)
    for part in parts:
        layout.addWidget(part)
    layout.addStretch(1)


# ------------------------------------------------------------------------------------------------ participants


class ParticipantList(RecordList):
    entity = "participant"

    def __init__(self, editor: PlanEditor, parent: QWidget | None = None) -> None:
        super().__init__(editor, participant_columns(), parent)

    def texts(self) -> dict[str, str]:
        return {"title": _("Participants"),
                "intro": _("Everyone who takes part in the plan. One of them has the lead responsibility."),
                "empty": _("No participants yet."), "new": _("New participant"),
                "remove": _("Remove participant"), "save": _("Save participant"), "add": _("Add participant"),
                "new_title": _("New participant"), "edit_title": _("Edit participant")}

    def stretch_column(self) -> int:
        return 0

    def build_form(self, form: Form) -> None:
        form.add_row("name", _("Name"), _line())
        form.add_row("role", _("Role"), _line(500), _("For example: coach, guardian, mother, nurse."))
        form.add_row("actor_id", _("Actor"), combo(self.editor.lookups.actor_items(_("No actor"))))
        form.add_row("phone", _("Phone"), _line(40))
        form.add_row("email", _("E-mail"), _line(254))
        form.add_check("is_lead", _("Has the lead responsibility"),
                       _("Only one participant has it; choosing this person moves it from anyone else."))

    def defaults(self) -> dict[str, Any]:
        return {"name": "", "role": "", "actor_id": None, "phone": "", "email": "", "is_lead": False}

    def records(self, plan: Plan) -> list[Any]:
        return list(plan.participants)

    def values_of(self, p: Participant) -> dict[str, Any]:
        return {"name": p.name, "role": p.role, "actor_id": p.actor_id, "phone": p.phone, "email": p.email,
                "is_lead": p.is_lead}

    def create_record(self, values: dict[str, Any]) -> Any:
        values = dict(values)
        return self.editor.services.add_participant(self.editor.plan_id, values.pop("name"), **values)

    def update_record(self, record_id: int, version: int | None, changes: dict[str, Any]) -> Any:
        return self.editor.services.update_participant(record_id, version, **changes)

    def remove_record(self, record_id: int) -> None:
        self.editor.services.remove_participant(record_id)

    def recreate(self, record: Participant) -> Any:
        return self.create_record(self.values_of(record))


class ParticipantsSection(Section):
    key = "participants"

    @staticmethod
    def title() -> str:
        return _("Participants")

    def __init__(self, editor: PlanEditor, parent: QWidget | None = None) -> None:
        super().__init__(editor, parent)
        self.list = self.add_part(ParticipantList(editor, self))
        _page(self, self.list)


# ------------------------------------------------------------------------------------------------ supports


class SupportList(RecordList):
    entity = "support"

    def __init__(self, editor: PlanEditor, parent: QWidget | None = None) -> None:
        super().__init__(editor, support_columns(), parent)

    def texts(self) -> dict[str, str]:
        return {"title": _("Supports"),
                "intro": _("What each actor does: who, what, how often, from when to when."),
                "empty": _("No supports yet."), "new": _("New support"), "remove": _("Remove support"),
                "save": _("Save support"), "add": _("Add support"), "new_title": _("New support"),
                "edit_title": _("Edit support")}

    def stretch_column(self) -> int:
        return 2

    def build_form(self, form: Form) -> None:
        form.add_row("actor_id", _("Actor"), combo(self.editor.lookups.actor_items(_("No actor"))))
        form.add_row("contact_name", _("Contact person"), _line())
        form.add_row("contact_phone", _("Contact phone"), _line(40))
        form.add_row("contact_email", _("Contact e-mail"), _line(254))
        form.add_row("what", _("What they do"), text_box())
        form.add_row("frequency", _("How often"), _line(200), _("For example: every Tuesday morning."))
        form.add_row("start_on", _("Starts"), DatePicker())
        form.add_row("end_on", _("Ends"), DatePicker())
        form.add_row("pictogram", _("Picture"), PictogramField())

    def defaults(self) -> dict[str, Any]:
        return {"actor_id": None, "contact_name": "", "contact_phone": "", "contact_email": "", "what": "",
                "frequency": "", "start_on": None, "end_on": None, "pictogram": ""}

    def records(self, plan: Plan) -> list[Any]:
        return list(plan.supports)

    def values_of(self, s: Support) -> dict[str, Any]:
        return {name: getattr(s, name) for name in self.defaults()}

    def create_record(self, values: dict[str, Any]) -> Any:
        values = dict(values)
        return self.editor.services.add_support(self.editor.plan_id, values.pop("what"), **values)

    def update_record(self, record_id: int, version: int | None, changes: dict[str, Any]) -> Any:
        return self.editor.services.update_support(record_id, version, **changes)

    def remove_record(self, record_id: int) -> None:
        self.editor.services.remove_support(record_id)

    def recreate(self, record: Support) -> Any:
        return self.create_record(self.values_of(record))


class SupportsSection(Section):
    key = "supports"

    @staticmethod
    def title() -> str:
        return _("Supports")

    def __init__(self, editor: PlanEditor, parent: QWidget | None = None) -> None:
        super().__init__(editor, parent)
        self.list = self.add_part(SupportList(editor, self))
        _page(self, self.list)


# ------------------------------------------------------------------------------------------------ consent


class ActorChecklist(QListView):
    """Actors with a check box each (Space toggles). ``value()`` is the sorted list of checked actor ids."""

    valueChanged = Signal(object)  # noqa: N815 - Qt naming

    def __init__(self, actors: list[tuple[str, int]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = QStandardItemModel(self)
        for name, ident in actors:
            item = QStandardItem(name)
            item.setCheckable(True)
            item.setEditable(False)
            item.setData(ident, Qt.ItemDataRole.UserRole)
            item.setData(name, Qt.ItemDataRole.AccessibleTextRole)
            self._model.appendRow(item)
        self.setModel(self._model)
        self._model.itemChanged.connect(lambda _item: self.valueChanged.emit(self.value()))
        self._fit()

    def _fit(self) -> None:
        """Rows are 44 px click targets or more, and the list shows up to eight of them without scrolling."""
        row = max(MIN_TARGET, self.fontMetrics().height() + 16)
        for r in range(self._model.rowCount()):
            self._model.item(r).setSizeHint(QSize(0, row))
        rows = max(1, min(self._model.rowCount(), 8))
        self._height = row * rows + 2 * self.frameWidth() + 4
        self.setMinimumHeight(self._height)
        self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 - tall enough for eight actors (style sheets set a smaller minimum)
        return QSize(super().sizeHint().width(), self._height)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.FontChange:
            self._fit()
        super().changeEvent(event)

    def value(self) -> list[int]:
        return sorted(int(self._model.item(r).data(Qt.ItemDataRole.UserRole)) for r in range(self._model.rowCount())
                      if self._model.item(r).checkState() == Qt.CheckState.Checked)

    def setValue(self, ids: list[int] | None) -> None:  # noqa: N802 - Qt naming
        wanted = set(ids or [])
        self._model.blockSignals(True)
        try:
            for r in range(self._model.rowCount()):
                item = self._model.item(r)
                state = Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in wanted \
                    else Qt.CheckState.Unchecked
                item.setCheckState(state)
        finally:
            self._model.blockSignals(False)
        self.viewport().update()
        self.valueChanged.emit(self.value())


class ConsentList(RecordList):
    entity = "consent"

    def __init__(self, editor: PlanEditor, parent: QWidget | None = None) -> None:
        super().__init__(editor, consent_columns(), parent)
        self.withdraw_button = button(_("Withdraw consent today"), self.withdraw,
                                      description=_("The person has said no: record that the consent ends today."))
        self.save_row.insertWidget(2, self.withdraw_button)
        self.currentChanged.connect(self._withdraw_state)
        self._withdraw_state()

    def texts(self) -> dict[str, str]:
        return {"title": _("Consent"),
                "intro": _("Which actors may share information about the person with each other. "
                           "The person can say no at any time."),
                "empty": _("No consent recorded yet. A joint plan needs the person's consent."),
                "new": _("New consent"), "remove": _("Remove consent"), "save": _("Save consent"),
                "add": _("Record consent"), "new_title": _("New consent"), "edit_title": _("Edit consent")}

    def stretch_column(self) -> int:
        return 1

    def build_form(self, form: Form) -> None:
        # every actor, also those no longer used: a consent naming one must not lose it when it is edited
        actors = [(text, ident) for text, ident in self.editor.lookups.actor_items("") if ident is not None]
        form.add_row("actors", _("Actors that may share information"), ActorChecklist(actors))
        form.add_row("given_on", _("Given on"), DatePicker())
        form.add_row("valid_until", _("Valid until"), DatePicker(), _("Leave it empty if it has no end date."))
        form.add_row("given_by", _("Given by"), _line(), _("The person, or their guardian or trustee."))
        form.add_row("note", _("Note"), text_box(2))
        form.add_row("withdrawn_on", _("Withdrawn on"), DatePicker(),
                     _("Empty while the consent holds."))

    def defaults(self) -> dict[str, Any]:
        return {"actors": [], "given_on": date.today(), "valid_until": None, "given_by": "", "note": "",
                "withdrawn_on": None}

    def records(self, plan: Plan) -> list[Any]:
        return list(plan.consents)

    def values_of(self, c: Consent) -> dict[str, Any]:
        return {"actors": sorted(a.id for a in c.actors), "given_on": c.given_on, "valid_until": c.valid_until,
                "given_by": c.given_by, "note": c.note, "withdrawn_on": c.withdrawn_on}

    def _show_record(self, record: Any) -> None:
        self.form.set_row_visible("withdrawn_on", record is not None)
        super()._show_record(record)

    def create_record(self, values: dict[str, Any]) -> Any:
        services = self.editor.services
        return services.record_consent(self.editor.plan_id, values["actors"], given_on=values["given_on"],
                                       valid_until=values["valid_until"], given_by=values["given_by"],
                                       note=values["note"])

    def update_record(self, record_id: int, version: int | None, changes: dict[str, Any]) -> Any:
        changes = dict(changes)
        actor_ids = changes.pop("actors", None)
        return self.editor.services.update_consent(record_id, version, actor_ids=actor_ids, **changes)

    def remove_record(self, record_id: int) -> None:
        self.editor.services.remove_consent(record_id)

    def recreate(self, record: Consent) -> Any:
        new = self.create_record(self.values_of(record))
        if record.withdrawn_on is not None:
            new = self.editor.services.update_consent(new.id, new.version, withdrawn_on=record.withdrawn_on)
        return new

    def _withdraw_state(self) -> None:
        record = self.model.record(self.model.row_of(self.bound.record_id)) if self.bound.record_id else None
        self.withdraw_button.setEnabled(record is not None and record.withdrawn_on is None)

    def load(self, plan: Plan) -> None:
        super().load(plan)
        self._withdraw_state()

    def withdraw(self) -> None:
        ident = self.bound.record_id
        if ident is None or not self.save():
            return
        label = _("Withdraw consent")
        services = self.editor.services

        def reverse() -> Any:
            rid = self._resolve(ident)
            return services.update_consent(rid, self._known_version(rid), withdrawn_on=None)

        self.editor.write(SaveRequest(label, lambda: services.withdraw_consent(ident, date.today()),
                                      form=self.form, banner=self.banner,
                                      undo=lambda _r: UndoEntry(label, reverse, self.entity),
                                      after=lambda rec: self._after_save(rec)))


class ConsentSection(Section):
    key = "consent"

    @staticmethod
    def title() -> str:
        return _("Consent")

    def __init__(self, editor: PlanEditor, parent: QWidget | None = None) -> None:
        super().__init__(editor, parent)
        self.list = self.add_part(ConsentList(editor, self))
        _page(self, self.list)


# ------------------------------------------------------------------------------------------------ stages


class StagesSection(Section):
    """The pathway toward work: the stage now, a form to record a move, and every earlier move."""

    key = "stages"

    @staticmethod
    def title() -> str:
        return _("Stage history")

    def __init__(self, editor: PlanEditor, parent: QWidget | None = None) -> None:
        super().__init__(editor, parent)
        heading = QLabel(_("Stage history"), self)
        heading.setProperty("role", "subheading")
        self.now = QLabel(self)
        self.now.setWordWrap(True)
        self.move_title = QLabel(_("Record a move to another stage"), self)
        self.move_title.setProperty("role", "subheading")
        self.move_title.setWordWrap(True)
        self.model = RecordTableModel(stage_change_columns(), self)
        self.table = record_table(self.model, _("Stage history"), 3, self)
        self.form = Form(self)
        self.form.add_row("stage", _("New stage"), combo(enum_items(STAGE_LABELS)))
        self.form.add_row("changed_on", _("Date of the move"), DatePicker())
        self.form.add_row("note", _("Note"), text_box(2))
        self.banner = message_banner(self)
        self.move_button = button(_("Move to this stage"), self.move_stage,
                                  description=_("Records the move in the history. It cannot be undone; if it "
                                                "was a mistake, record another move."))
        self.form.set_values(self._defaults())
        self.form.changed.connect(self.dirtyChanged)
        row = QHBoxLayout()
        row.addWidget(self.move_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        for part in (heading, self.now, self.table, self.move_title, self.form, self.banner):
            layout.addWidget(part)
        layout.addLayout(row)
        layout.addStretch(1)

    def _defaults(self) -> dict[str, Any]:
        """The next stage on the pathway is the likeliest move; today the likeliest date."""
        combo_box = self.form.widget("stage")
        assert isinstance(combo_box, QComboBox)
        stage = self.editor.plan.stage.value if self.editor.plan is not None else None
        next_index = (combo_box.findData(stage) + 1) % combo_box.count()
        return {"stage": combo_box.itemData(next_index), "changed_on": date.today(), "note": ""}

    def load(self, plan: Plan) -> None:
        self.now.setText(_("Stage now: {stage}").format(stage=_(STAGE_LABELS[plan.stage])))
        self.model.set_rows(sorted(plan.person.stage_changes, key=lambda c: (c.changed_on, c.id)))
        fit_table_height(self.table)
        if not self.form.is_dirty():
            self.form.set_values(self._defaults())

    def is_dirty(self) -> bool:
        return self.form.is_dirty()

    def save(self) -> bool:
        return self.move_stage() if self.is_dirty() else True

    def discard(self) -> None:
        self.form.set_values(self._defaults())

    def move_stage(self) -> bool:
        values = self.form.values()
        services = self.editor.services
        request = SaveRequest(_("Move to this stage"),
                              lambda: services.move_stage(self.editor.plan_id, values["stage"],
                                                          values["changed_on"], values["note"]),
                              form=self.form, banner=self.banner, after=self._moved)
        return self.editor.write(request) is not None

    def _moved(self, _change: Any) -> None:
        self.form.set_values(self._defaults())
        self.editor.reload()
