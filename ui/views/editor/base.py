"""Building blocks of the plan editor's sections: a form bound to one record, a list with a detail form, and the
description of one save that the editor runs (errors next to fields, conflicts, undo).

Sections never catch service errors themselves: they describe the save in a :class:`SaveRequest` and hand it to
the editor, which is the one place that shows errors, conflict dialogs and status messages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.i18n import _, format_date, format_datetime
from planner.model import (
    ACHIEVEMENT_LABELS,
    GOAL_LIFECYCLE_LABELS,
    PLAN_STATUS_LABELS,
    STAGE_LABELS,
    Achievement,
    GoalLifecycle,
    Plan,
    PlanStatus,
    Stage,
)
from ui.models.editor_table import Column, RecordTableModel
from ui.views.editor.undo import UndoEntry
from ui.widgets.form import ErrorLabel, Form, button, floor, message_banner

if TYPE_CHECKING:
    from ui.views.plan_editor import PlanEditor


@dataclass
class SaveRequest:
    """One write through the services, and what the editor should do around it."""

    label: str  # what the change is, for the status line and the undo button ("Save goal")
    action: Callable[[], Any]
    form: Form | None = None  # where field errors go
    banner: ErrorLabel | None = None  # where errors without a field go
    undo: Callable[[Any], UndoEntry | None] | None = None  # the memento for a successful result
    retry: Callable[[int], Any] | None = None  # re-apply the same change on top of a newer version
    keep_theirs: Callable[[], None] | None = None  # show the saved version after a conflict
    describe: Callable[[str, Any], str] | None = None
    loaded: dict[str, Any] = field(default_factory=dict)  # the values the coach started from
    before: dict[str, Any] = field(default_factory=dict)  # what the undo puts back (theirs, after a conflict)
    after: Callable[[Any], None] | None = None  # e.g. select the record just created


# ------------------------------------------------------------------------------------------------ values in words


_ENUM_LABELS: dict[type, dict[Any, str]] = {
    Stage: STAGE_LABELS,  # type: ignore[dict-item]
    PlanStatus: PLAN_STATUS_LABELS,  # type: ignore[dict-item]
    GoalLifecycle: GOAL_LIFECYCLE_LABELS,  # type: ignore[dict-item]
    Achievement: ACHIEVEMENT_LABELS,  # type: ignore[dict-item]
}
_FIELD_ENUMS: dict[str, type] = {"stage": Stage, "target_stage": Stage, "status": PlanStatus,
                                 "lifecycle": GoalLifecycle, "achievement": Achievement}


def describe_value(editor: PlanEditor, name: str, value: Any) -> str:
    """A stored or typed value in words, for the conflict dialog."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value, "long")
    if isinstance(value, Enum):
        labels = _ENUM_LABELS.get(type(value), {})
        return _(labels[value]) if value in labels else str(value.value)
    if name in _FIELD_ENUMS:
        try:
            member = _FIELD_ENUMS[name](value)
        except ValueError:
            return str(value)
        return _(_ENUM_LABELS[type(member)][member])
    if name in ("lead_actor_id", "actor_id"):
        return editor.lookups.actor_name(value)
    if name == "coach_id":
        return editor.lookups.staff_name(value)
    if name == "placement_unit_id":
        return editor.lookups.unit_name(value)
    if name == "pictogram":
        from ui.models.editor_pictograms import pictogram_label

        return pictogram_label(str(value)) or str(value)
    if name in ("actor_ids", "actors") and isinstance(value, list | tuple):
        return ", ".join(editor.lookups.actor_name(v) for v in value)
    return str(value)


def enum_items(labels: dict[Any, str]) -> list[tuple[str, str]]:
    return [(_(text), member.value) for member, text in labels.items()]


# ------------------------------------------------------------------------------------------------ bound form


class BoundForm:
    """A form showing one record, remembering which record and which version its saved state came from.

    On a refresh with the form unchanged it simply shows the new values. With unsaved typing it merges three
    ways: fields the coach did not touch take the newer saved value; if someone changed a field the coach also
    changed, the form keeps the old version, so the next save raises a conflict and shows both versions.
    """

    def __init__(self, form: Form) -> None:
        self.form = form
        self.record_id: int | None = None
        self.version: int | None = None

    def show(self, record: Any, values: dict[str, Any]) -> None:
        self.form.set_values(values)
        self.record_id = getattr(record, "id", None)
        self.version = getattr(record, "version", None)

    def refresh(self, record: Any, values: dict[str, Any]) -> None:
        if not self.form.is_dirty():
            self.show(record, values)
            return
        if record.version == self.version:
            return
        base, mine = self.form.baseline(), self.form.values()
        touched = {k for k in mine if mine[k] != base.get(k)}
        clash = [k for k in touched if k in values and values[k] != base.get(k) and values[k] != mine[k]]
        if clash:
            return  # keep the old version: saving will show both versions
        self.form.set_values(values)
        self.form.put_values({k: mine[k] for k in touched})
        self.version = record.version


# ------------------------------------------------------------------------------------------------ tables


class RecordTable(QTableView):
    """A read-only, row-selecting, keyboard-friendly table. Short columns get the width of their contents; one
    long-text column takes the rest and wraps, but never gets narrower than its heading (no clipped headers)."""

    def __init__(self, stretch_column: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stretch_column = stretch_column
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setStretchLastSection(False)

    def setModel(self, model: Any) -> None:  # noqa: N802 - Qt API
        super().setModel(model)
        model.modelReset.connect(self.fit_columns)
        self.fit_columns()

    def fit_columns(self) -> None:
        model = self.model()
        if model is None or model.columnCount() == 0:
            return
        side = max(24, round(self.fontMetrics().height() * 1.6))
        self.setIconSize(QSize(side, side))
        header = self.horizontalHeader()
        columns = range(model.columnCount())
        cap = self.fontMetrics().averageCharWidth() * 24  # longer cells wrap onto more lines
        natural = {c: max(header.sectionSizeFromContents(c).width(), min(cap, self.sizeHintForColumn(c))) + 4
                   for c in columns}
        stretch = self.stretch_column if self.stretch_column in natural else -1
        if stretch >= 0:
            floor = max(header.sectionSizeFromContents(stretch).width() + 4, self.fontMetrics().averageCharWidth() * 16)
            others = sum(w for c, w in natural.items() if c != stretch)
            natural[stretch] = max(floor, self.viewport().width() - others)
        for c, width in natural.items():
            header.resizeSection(c, width)
        self.resizeRowsToContents()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.fit_columns()

    def changeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_columns()


def record_table(model: RecordTableModel, name: str, stretch_column: int = 1,
                 parent: QWidget | None = None) -> QTableView:
    table = RecordTable(stretch_column, parent)
    table.setModel(model)
    table.setAccessibleName(name)
    return table


def fit_table_height(table: QTableView, max_rows: int = 8) -> None:
    """Tall enough for its rows (up to ``max_rows``) so a short list needs no scrolling of its own."""
    table.resizeRowsToContents()
    rows = table.model().rowCount()
    shown = sum(table.rowHeight(r) for r in range(min(rows, max_rows)))
    if rows == 0:
        shown = table.fontMetrics().lineSpacing() * 2
    header = table.horizontalHeader().sizeHint().height()
    extra = table.horizontalScrollBar().sizeHint().height() + 2 * table.frameWidth() + 4
    table.setMinimumHeight(header + shown + extra)
    table.setMaximumHeight(header + shown + extra)


class RecordList(QWidget):
    """A table of records, buttons with words (New, Remove, Move up, Move down) and a detail form below.

    Subclasses fill in the form and the service calls. Selecting another row while the form has unsaved typing
    first saves it; if that fails the selection stays and the error shows next to the field.
    """

    dirtyChanged = Signal()  # noqa: N815 - Qt naming
    currentChanged = Signal()  # noqa: N815 - Qt naming

    entity = ""  # the table name, for undo bookkeeping
    reorderable = False

    def __init__(self, editor: PlanEditor, columns: Sequence[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self._switching = False
        self.before_leave: Callable[[], bool] = lambda: True  # e.g. the goal list saves the step being typed
        self.t = t = self.texts()
        self.heading = QLabel(t["title"], self)
        self.heading.setProperty("role", "subheading")
        self.heading.setWordWrap(True)
        self.intro = QLabel(t.get("intro", ""), self)
        self.intro.setProperty("role", "hint")
        self.intro.setWordWrap(True)
        self.intro.setVisible(bool(t.get("intro")))
        self.empty = QLabel(t["empty"], self)
        self.empty.setWordWrap(True)

        self.model = RecordTableModel(columns, self)
        # created with their parent, in reading order: that order is the Tab order
        self.table = record_table(self.model, t["title"], self.stretch_column(), self)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.new_button = button(t["new"], self.new_record, parent=self)
        self.remove_button = button(t["remove"], self.remove_current, parent=self)
        self.up_button = button(_("Move up"), lambda: self.move_by(-1), parent=self,
                                description=_("Moves the chosen row up the list (Ctrl+Up)."))
        self.down_button = button(_("Move down"), lambda: self.move_by(1), parent=self,
                                  description=_("Moves the chosen row down the list (Ctrl+Down)."))
        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.remove_button)
        if self.reorderable:
            actions.addWidget(self.up_button)
            actions.addWidget(self.down_button)
            for keys, delta in (("Ctrl+Up", -1), ("Ctrl+Down", 1)):
                shortcut = QShortcut(QKeySequence(keys), self.table)
                shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
                shortcut.activated.connect(lambda d=delta: self.move_by(d))
        else:
            self.up_button.hide()
            self.down_button.hide()
        actions.addStretch(1)

        self.detail_title = QLabel(self)
        self.detail_title.setProperty("role", "subheading")
        self.detail_title.setWordWrap(True)
        self.form = Form(self)
        self.bound = BoundForm(self.form)
        self.build_form(self.form)
        self.banner = message_banner(self)
        self.save_button = button(t["save"], self.save)
        self.revert_button = button(_("Undo typing"), self.revert,
                                    description=_("Puts back what is saved, throwing away what you typed here."))
        self.save_row = save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.revert_button)
        save_row.addStretch(1)
        self.form.changed.connect(self._form_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        layout.addLayout(actions)
        layout.addSpacing(8)
        layout.addWidget(self.detail_title)
        layout.addWidget(self.form)
        layout.addWidget(self.banner)
        layout.addLayout(save_row)
        self._show_record(None)

    # -------------------------------------------------------------- for subclasses

    def texts(self) -> dict[str, str]:
        """Translated words: title, intro, empty, new, remove, save, add, new_title, edit_title."""
        raise NotImplementedError

    def stretch_column(self) -> int:
        return 1

    def build_form(self, form: Form) -> None:
        raise NotImplementedError

    def records(self, plan: Plan) -> list[Any]:
        raise NotImplementedError

    def values_of(self, record: Any) -> dict[str, Any]:
        raise NotImplementedError

    def defaults(self) -> dict[str, Any]:
        return {name: None for name in self.form.fields}

    def create_record(self, values: dict[str, Any]) -> Any:
        raise NotImplementedError

    def update_record(self, record_id: int, version: int | None, changes: dict[str, Any]) -> Any:
        raise NotImplementedError

    def remove_record(self, record_id: int) -> None:
        raise NotImplementedError

    def recreate(self, record: Any) -> Any:
        """Add a removed record again (undo of remove); returns the new record."""
        raise NotImplementedError

    def reorder(self, ids: list[int]) -> None:
        raise NotImplementedError

    def can_edit(self) -> bool:
        return True

    def undoable(self, changes: dict[str, Any]) -> bool:
        """Whether saving ``changes`` to an existing record can be undone by saving the old values back."""
        return True

    # -------------------------------------------------------------- state

    @contextmanager
    def _quiet(self) -> Iterator[None]:
        """Selection changes made by code (not by the coach) do not save or switch the form."""
        saved, self._switching = self._switching, True
        try:
            yield
        finally:
            self._switching = saved

    def current(self) -> Any:
        return self.model.record(self.table.currentIndex().row()) if self.table.currentIndex().isValid() else None

    def current_id(self) -> int | None:
        return self.bound.record_id

    def is_dirty(self) -> bool:
        return self.form.is_dirty()

    def load(self, plan: Plan) -> None:
        """Show the records of a freshly loaded plan, keeping the selection and any unsaved typing."""
        keep = self.bound.record_id
        rows = self.records(plan)
        with self._quiet():
            self.model.set_rows(rows)
            row = self.model.row_of(keep) if keep is not None else -1
            if row >= 0:
                self._select_row(row)
        self.empty.setVisible(not rows)
        fit_table_height(self.table)
        if keep is not None and row < 0:  # removed (here or elsewhere)
            if self.form.is_dirty():
                self.bound.record_id = None  # keep the typing as a new record rather than lose it
                self.banner.set_message(_("This was removed, perhaps by someone else. What you typed is kept: "
                                          "save to add it again."))
            else:
                self._show_record(None)
        elif keep is not None:
            self.bound.refresh(self.model.record(row), self.values_of(self.model.record(row)))
        self._update_buttons()

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def select_id(self, ident: int | None) -> None:
        row = self.model.row_of(ident)
        if row >= 0:
            self._select_row(row)

    def _show_record(self, record: Any) -> None:
        self.banner.set_message("")
        if record is None:
            self.bound.show(None, self.defaults())
            self.detail_title.setText(self.t["new_title"])
            self.save_button.setText(self.t["add"])
            self.save_button.setAccessibleName(self.t["add"])
            floor(self.save_button)
        else:
            self.bound.show(record, self.values_of(record))
            self.detail_title.setText(self.t["edit_title"])
            self.save_button.setText(self.t["save"])
            self.save_button.setAccessibleName(self.t["save"])
            floor(self.save_button)
        self._update_buttons()
        self.currentChanged.emit()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._switching:
            return
        target = self.model.record(current.row()) if current.isValid() else None
        target_id = target.id if target is not None else None
        if target_id is not None and target_id == self.bound.record_id:
            return
        with self._quiet():
            saved = self.before_leave() and (not self.form.is_dirty() or self.save())
        if not saved:  # stay on the row being edited; the error is shown next to its field
            with self._quiet():
                if self.bound.record_id is not None and self.model.row_of(self.bound.record_id) >= 0:
                    self._select_row(self.model.row_of(self.bound.record_id))
                else:
                    self.table.selectionModel().clearSelection()
                    self.table.setCurrentIndex(QModelIndex())
            return
        row = self.model.row_of(target_id) if target_id is not None else -1
        if row >= 0:
            with self._quiet():
                self._select_row(row)
        self._show_record(self.model.record(row) if row >= 0 else None)

    def _form_changed(self) -> None:
        self._update_buttons()
        self.dirtyChanged.emit()

    def _update_buttons(self) -> None:
        editing = self.bound.record_id is not None
        enabled = self.can_edit()
        self.new_button.setEnabled(enabled)
        self.form.setEnabled(enabled)
        self.save_button.setEnabled(enabled and self.form.is_dirty())
        self.revert_button.setEnabled(self.form.is_dirty())
        self.remove_button.setEnabled(enabled and editing)
        row = self.model.row_of(self.bound.record_id) if editing else -1
        self.up_button.setEnabled(enabled and row > 0)
        self.down_button.setEnabled(enabled and 0 <= row < self.model.rowCount() - 1)

    # -------------------------------------------------------------- actions

    def new_record(self) -> None:
        if not self.before_leave() or (self.form.is_dirty() and not self.save()):
            return
        with self._quiet():
            self.table.selectionModel().clearSelection()
            self.table.setCurrentIndex(QModelIndex())
        self._show_record(None)
        first = next(iter(self.form.fields.values()), None)
        if first is not None:
            from ui.widgets.form import focus_widget

            focus_widget(first.widget).setFocus(Qt.FocusReason.OtherFocusReason)

    def revert(self) -> None:
        record = self.model.record(self.model.row_of(self.bound.record_id)) if self.bound.record_id else None
        self._show_record(record)

    def describe(self, name: str, value: Any) -> str:
        return describe_value(self.editor, name, value)

    def save(self) -> bool:
        """Save the detail form (add or update). False when an error is shown; the typing is kept."""
        if not self.form.is_dirty():
            return True
        self.banner.set_message("")
        self.form.clear_errors()
        ident, version = self.bound.record_id, self.bound.version
        noun_add, noun_save = self.t["add"], self.t["save"]
        if ident is None:
            values = self.form.values()
            request = SaveRequest(
                noun_add, lambda: self.create_record(values), form=self.form, banner=self.banner,
                undo=lambda rec: UndoEntry(noun_add, lambda: self._undo_add(rec.id)),
                after=lambda rec: self._after_save(rec))
            return self.editor.write(request) is not None
        changes = self.form.changed_values()
        before = {k: v for k, v in self.form.baseline().items() if k in changes}

        def undo(rec: Any) -> UndoEntry:
            return UndoEntry(noun_save, lambda: self._undo_update(ident, before), self.entity)

        request = SaveRequest(
            noun_save, lambda: self.update_record(ident, version, changes), form=self.form, banner=self.banner,
            undo=undo if self.undoable(changes) else None,
            retry=lambda newer: self.update_record(ident, newer, self.form.changed_values()),
            keep_theirs=self._keep_theirs, describe=self.describe, loaded=self.form.baseline(), before=before,
            after=lambda rec: self._after_save(rec))
        return self.editor.write(request) is not None

    def _after_save(self, record: Any) -> None:
        self.form.mark_saved()
        self.bound.record_id = record.id
        self.bound.version = getattr(record, "version", None)
        self.editor.reload()
        self.select_id(record.id)
        self._show_record(self.model.record(self.model.row_of(record.id)))

    def _keep_theirs(self) -> None:
        self.editor.reload(force=True)
        self.revert()

    def remove_current(self) -> None:
        ident = self.bound.record_id
        record = self.model.record(self.model.row_of(ident)) if ident is not None else None
        if record is None:
            return
        label = self.t["remove"]
        def action() -> Any:
            self.remove_record(record.id)
            return record

        request = SaveRequest(label, action, banner=self.banner,
                              undo=lambda _r: UndoEntry(label, lambda: self._undo_remove(record)),
                              after=lambda _r: self._after_remove())
        self.editor.write(request)

    def _after_remove(self) -> None:
        self._show_record(None)
        self.editor.reload()

    def move_by(self, delta: int) -> None:
        if not self.reorderable or self.bound.record_id is None:
            return
        ids = [r.id for r in self.model.rows()]
        row = ids.index(self.bound.record_id) if self.bound.record_id in ids else -1
        target = row + delta
        if row < 0 or not 0 <= target < len(ids):
            return
        before = list(ids)
        ids[row], ids[target] = ids[target], ids[row]
        moved = self.bound.record_id
        label = _("Move up") if delta < 0 else _("Move down")
        def action() -> bool:
            self.reorder(ids)
            return True

        def after(_result: Any) -> None:
            self.editor.reload()
            self.select_id(moved)
            self.table.setFocus()

        request = SaveRequest(label, action, banner=self.banner,
                              undo=lambda _r: UndoEntry(label, lambda: self._undo_reorder(before)), after=after)
        self.editor.write(request)


    # -------------------------------------------------------------- reverse operations (run by the editor's undo)

    def _resolve(self, ident: int) -> int:
        return self.editor.undo_stack.resolve(self.entity, ident)

    def _known_version(self, ident: int) -> int | None:
        row = self.model.row_of(ident)
        loaded = getattr(self.model.record(row), "version", None) if row >= 0 else None
        return self.editor.undo_stack.version(self.entity, ident, loaded)

    def _undo_add(self, ident: int) -> Any:
        rid = self._resolve(ident)
        self.remove_record(rid)
        return True

    def _undo_update(self, ident: int, before: dict[str, Any]) -> Any:
        rid = self._resolve(ident)
        return self.update_record(rid, self._known_version(rid), before)

    def _undo_remove(self, record: Any) -> Any:
        new = self.recreate(record)
        self.editor.undo_stack.remap(self.entity, record.id, new.id)
        return new

    def _undo_reorder(self, ids: list[int]) -> Any:
        self.reorder([self._resolve(i) for i in ids])
        return True


class SingleRecord(QWidget):
    """A form for one record that always exists (the person, the plan), with its own Save and Undo typing."""

    dirtyChanged = Signal()  # noqa: N815 - Qt naming

    entity = ""
    save_text = ""

    def __init__(self, editor: PlanEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.form = Form(self)
        self.bound = BoundForm(self.form)
        self.build_form(self.form)
        self.banner = message_banner(self)
        self.save_button = button(self.save_text or _("Save"), self.save)
        self.revert_button = button(_("Undo typing"), self.revert,
                                    description=_("Puts back what is saved, throwing away what you typed here."))
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.revert_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        layout.addWidget(self.banner)
        layout.addLayout(row)
        self.form.changed.connect(self._changed)
        self._record: Any = None
        self._changed()

    # -------------------------------------------------------------- for subclasses

    def build_form(self, form: Form) -> None:
        raise NotImplementedError

    def record_of(self, plan: Plan) -> Any:
        raise NotImplementedError

    def values_of(self, record: Any) -> dict[str, Any]:
        raise NotImplementedError

    def update_record(self, record_id: int, version: int | None, changes: dict[str, Any]) -> Any:
        raise NotImplementedError

    # -------------------------------------------------------------- behaviour

    def _changed(self) -> None:
        dirty = self.form.is_dirty()
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        self.dirtyChanged.emit()

    def is_dirty(self) -> bool:
        return self.form.is_dirty()

    def load(self, plan: Plan) -> None:
        record = self.record_of(plan)
        self._record = record
        if self.bound.record_id is None:
            self.bound.show(record, self.values_of(record))
        else:
            self.bound.refresh(record, self.values_of(record))

    def revert(self) -> None:
        if self._record is not None:
            self.bound.show(self._record, self.values_of(self._record))
        self.banner.set_message("")

    def describe(self, name: str, value: Any) -> str:
        return describe_value(self.editor, name, value)

    def save(self) -> bool:
        if not self.form.is_dirty():
            return True
        self.banner.set_message("")
        self.form.clear_errors()
        ident, version = self.bound.record_id, self.bound.version
        assert ident is not None
        changes = self.form.changed_values()
        before = {k: v for k, v in self.form.baseline().items() if k in changes}
        stack = self.editor.undo_stack
        label = self.save_text or _("Save")

        def reverse() -> Any:
            return self.update_record(ident, stack.version(self.entity, ident, self.bound.version), before)

        def after(record: Any) -> None:
            self.form.mark_saved()
            self.bound.version = record.version
            self.editor.reload()

        def keep_theirs() -> None:
            self.editor.reload(force=True)
            self.revert()

        request = SaveRequest(label, lambda: self.update_record(ident, version, changes), form=self.form,
                              banner=self.banner, undo=lambda _rec: UndoEntry(label, reverse, self.entity),
                              retry=lambda newer: self.update_record(ident, newer, self.form.changed_values()),
                              keep_theirs=keep_theirs, describe=self.describe, loaded=self.form.baseline(),
                              before=before, after=after)
        return self.editor.write(request) is not None


class Section(QWidget):
    """One page of the editor. ``pending()`` lists what has unsaved typing; ``save()`` saves all of it."""

    dirtyChanged = Signal()  # noqa: N815 - Qt naming

    key = ""  # for show_section()

    @staticmethod
    def title() -> str:
        raise NotImplementedError

    def __init__(self, editor: PlanEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.parts: list[Any] = []  # RecordList or SingleRecord: load / is_dirty / save / revert

    def load(self, plan: Plan) -> None:
        for part in self.parts:
            part.load(plan)

    def is_dirty(self) -> bool:
        return any(part.is_dirty() for part in self.parts)

    def save(self) -> bool:
        return all(not (part.is_dirty() and not part.save()) for part in self.parts)

    def discard(self) -> None:
        for part in self.parts:
            if part.is_dirty():
                part.revert()

    def add_part(self, part: Any) -> Any:
        self.parts.append(part)
        part.dirtyChanged.connect(self.dirtyChanged)
        return part
