"""Restore a backup: the backups beside the database with their dates, newest first, and one button.

The restore itself is :func:`planner.backups.restore`: it verifies the backup, saves the database as it is now
into the backups folder (so a restore can be undone), replaces the content in one transaction, erases again anyone
erased since the backup, and records the restore in the audit trail. The app's open store stays usable; the
dialog emits :attr:`RestoreDialog.restored` so the window reloads its lists.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.i18n import _, format_date, format_number, format_time, ngettext, to_local
from ui.views.flow_layout import FlowLayout
from ui.views.sizing import FittedDialog
from ui.widgets.form import button

if TYPE_CHECKING:
    from planner.backups import BackupInfo, RestoreResult
    from planner.services import Services

Index = QModelIndex | QPersistentModelIndex
PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class BackupListModel(QAbstractTableModel):
    """Backups as rows: date and time, how long ago, what kind, size."""

    WHEN, AGE, KIND, SIZE = range(4)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[BackupInfo] = []
        self._texts: list[tuple[str, ...]] = []
        self._headers = [_("Date and time"), _("How long ago"), _("Kind"), _("Size")]

    def set_rows(self, rows: list[BackupInfo]) -> None:
        from planner.backups import restore_age_text

        self.beginResetModel()
        self._rows = list(rows)
        self._texts = []
        for b in self._rows:
            local = to_local(b.taken_at)
            self._texts.append((f"{format_date(local.date(), 'long')} {format_time(local)}", restore_age_text(b),
                                b.label, _("{size} kB").format(size=format_number(round(b.size / 1024)))))
        self.endResetModel()

    def backup_at(self, row: int) -> BackupInfo:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        text = self._texts[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(self._rows[index.row()].path)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self._headers[index.column()]}: {text}"
        if role == PATH_ROLE:
            return str(self._rows[index.row()].path)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (Qt.ItemDataRole.DisplayRole,
                                                                 Qt.ItemDataRole.AccessibleTextRole):
            return self._headers[section]
        return None


class RestoreDialog(FittedDialog):
    """Lists the backups of the open database and restores the chosen one after a confirmation."""

    restored = Signal(object)  # planner.backups.RestoreResult
    fit_chars = 80

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.result_: RestoreResult | None = None
        self.setObjectName("restoreDialog")
        self.setWindowTitle(_("Restore a backup"))
        self.setModal(True)

        column = QVBoxLayout(self)
        heading = QLabel(_("Restore a backup"), self)
        heading.setProperty("role", "heading")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(heading)
        self.intro = QLabel(_("Choose the backup to go back to. What was saved after it is replaced by the backup. "
                              "First Stegvis keeps a copy of the database as it is now, so you can undo this."), self)
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.intro)

        self.model = BackupListModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("backupTable")
        self.table.setAccessibleName(_("Backups, newest first"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(self.fontMetrics().height() * 9)
        self.table.doubleClicked.connect(lambda _index: self.restore_chosen())
        column.addWidget(self.table, 1)

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName(_("Status"))
        column.addWidget(self.status)

        strip = QWidget(self)
        row = FlowLayout(strip, spacing=8)  # wraps at large text sizes instead of clipping the words
        self.restore_button = button(_("&Restore the chosen backup…"), self.restore_chosen, parent=self,
                                     description=_("Go back to the backup chosen in the list."), default=True)
        self.file_button = button(_("Restore from &another file…"), self.restore_other, parent=self,
                                  description=_("Choose a backup file somewhere else, for example on a USB stick."))
        self.close_button = button(_("Close"), self.reject, parent=self)
        row.addWidget(self.restore_button)
        row.addWidget(self.file_button)
        row.addWidget(self.close_button)
        column.addWidget(strip)
        self.load()
        self.table.setFocus()

    # ---------------------------------------------------------------- data

    def load(self) -> None:
        from planner.backups import list_backups

        path = self.services.store.path
        if path is None:
            self.model.set_rows([])
            self._say(_("Backups of a shared database server are made by its administrator."))
            for b in (self.restore_button, self.file_button):
                b.setEnabled(False)
            return
        backups = [b for b in list_backups(path) if b.reason != "damaged"]
        self.model.set_rows(backups)
        self.restore_button.setEnabled(bool(backups))
        if backups:
            self.table.selectRow(0)
            self._say(ngettext("{n} backup. It is selected.", "{n} backups. The newest is selected.",
                               len(backups)).format(n=len(backups)))
        else:
            self._say(_("There are no backups beside this database yet. Stegvis makes one each day it is opened."))

    def chosen(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.backup_at(rows[0].row()) if rows else None

    # ---------------------------------------------------------------- actions

    def confirm(self, when: str) -> bool:
        """Ask before restoring; the buttons say what they do."""
        box = QMessageBox(QMessageBox.Icon.Question, _("Restore a backup"),
                          _("Go back to the backup from {when}? What was saved after it is replaced. A copy of the "
                            "database as it is now is kept first.").format(when=when),
                          QMessageBox.StandardButton.NoButton, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        yes = box.addButton(_("Restore the backup"), QMessageBox.ButtonRole.YesRole)
        no = box.addButton(_("Do not restore"), QMessageBox.ButtonRole.NoRole)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        box.exec()
        return box.clickedButton() is yes

    def choose_file(self) -> str:
        folder = str(self.services.store.path.parent) if self.services.store.path else ""
        path, _filter = QFileDialog.getOpenFileName(self, _("Choose a backup file"), folder,
                                                    _("Stegvis databases (*.db *.sqlite);;All files (*)"))
        return path

    def restore_chosen(self) -> None:
        info = self.chosen()
        if info is None:
            self._say(_("Choose a backup in the list first."))
            return
        local = to_local(info.taken_at)
        self._restore(info.path, f"{format_date(local.date(), 'long')} {format_time(local)}")

    def restore_other(self) -> None:
        path = self.choose_file()
        if path:
            self._restore(Path(path), Path(path).name)

    def _restore(self, source: Path, when: str) -> None:
        from planner.backups import restore
        from planner.errors import StegvisError

        if not self.confirm(when):
            return
        store = self.services.store
        assert store.path is not None
        try:
            result = restore(store.path, source, user=self.services.user, store=store)
        except StegvisError as exc:
            self._say(exc.message + (" " + exc.advice if getattr(exc, "advice", "") else ""))
            return
        self.result_ = result
        text = _("The backup from {when} has been restored.").format(when=when)
        if result.safety_copy is not None:
            text += " " + _("The database as it was before is kept as {name}.").format(name=result.safety_copy.name)
        self.load()  # the copy taken before the restore is in the list now
        self._say(text)
        self.restored.emit(result)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleDescription(text)
