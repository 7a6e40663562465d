"""The audit trail view and the restore dialog: what they show, keyboard and accessible names, the menu entries,
and a restore through the dialog that the open window survives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QWidget

pytestmark = pytest.mark.gui


def _named(root: QWidget) -> list[str]:
    """Focusable widgets without an accessible name (should be none)."""
    missing = []
    for w in [root, *root.findChildren(QWidget)]:
        if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus:
            name = w.accessibleName() or (w.text().replace("&", "") if isinstance(w, QAbstractButton) else "")
            if not name.strip():
                missing.append(f"{type(w).__name__} {w.objectName()!r}")
    return missing


@pytest.fixture
def person_with_history(sqlite_services: Any) -> tuple[Any, int, int]:
    s = sqlite_services
    person = s.create_person("Ada Exempel", good_at="Att laga mat")
    plan = s.create_plan(person.id, title="Plan för Ada")
    s.update_person(person.id, None, good_at="Att baka")
    s.open_plan(plan.id)
    s.record_access("print", plan.id)
    goal = s.add_goal(plan.id, "Jobba på ett kafé")
    s.remove_goal(goal.id)
    return s, person.id, plan.id


def test_audit_view_shows_who_did_what_but_never_the_contents(qtbot: Any, person_with_history: Any,
                                                                tmp_path: Path) -> None:
    from ui.views.audit_view import AuditDialog

    services, person_id, plan_id = person_with_history
    dialog = AuditDialog(services, person_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    view = dialog.view
    model = view.model
    cells = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert model.rowCount() == len(services.audit_trail(person_id))
    assert cells[0][2] == "Removed" and cells[0][3].startswith("Goal")
    assert ["test.coach", "Printed", f"Plan {plan_id}"] == cells[2][1:4]
    assert any(row[2] == "Changed" and "what I am good at" in row[4] for row in cells)
    flat = " ".join(" ".join(row) for row in cells)
    for secret in ("laga mat", "baka", "kafé"):
        assert secret not in flat
    assert "Ada Exempel" in view.heading.text()
    assert _named(dialog) == []
    assert model.index(0, 2).data(Qt.ItemDataRole.AccessibleTextRole) == "What was done: Removed"
    dialog.grab().save(str(tmp_path / "audit.png"))

    assert view.check_chain() == []
    assert "nothing in the audit trail has been altered" in view.status.text()


def test_audit_view_warns_about_a_tampered_trail(qtbot: Any, person_with_history: Any) -> None:
    import sqlite3

    from ui.views.audit_view import AuditView

    services, person_id, _plan = person_with_history
    conn = sqlite3.connect(services.store.path)
    with conn:
        conn.execute("UPDATE audit_event SET user='someone.else' WHERE id=2")
    conn.close()
    view = AuditView(services, person_id)
    qtbot.addWidget(view)
    problems = view.check_chain()
    assert problems and "row 2" in view.status.text() and "altered" in view.status.text()


def test_audit_view_of_an_erased_person(qtbot: Any, person_with_history: Any) -> None:
    from planner.safety import erase_person
    from ui.views.audit_view import AuditView

    services, person_id, _plan = person_with_history
    erase_person(services, person_id, confirm=True)
    view = AuditView(services, person_id)
    qtbot.addWidget(view)
    assert "erased" in view.heading.text()
    assert view.model.index(0, 2).data() == "Erased (GDPR)"


def test_restore_dialog_lists_backups_and_restores_the_chosen_one(qtbot: Any, sqlite_services: Any,
                                                                   modals: Any, tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from planner.backups import take_backup
    from ui.views.restore_dialog import RestoreDialog

    s = sqlite_services
    s.create_person("Ada Exempel")
    db = s.store.path
    older = take_backup(db, "daily", now=datetime.now(UTC) - timedelta(days=2))
    s.create_person("Bo Exempel")
    take_backup(db, "daily", now=datetime.now(UTC) - timedelta(days=1))
    s.create_person("Cy Exempel")

    dialog = RestoreDialog(s)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.model.rowCount() == 2
    assert dialog.model.index(0, 1).data() == "yesterday" and dialog.model.index(1, 1).data() == "2 days ago"
    assert dialog.model.index(0, 2).data() == "Daily backup"
    assert _named(dialog) == []
    assert dialog.focusWidget() is dialog.table
    dialog.grab().save(str(tmp_path / "restore.png"))

    restored: list[Any] = []
    dialog.restored.connect(restored.append)
    dialog.table.selectRow(1)
    modals.answer("Do not restore")
    dialog.restore_chosen()
    assert restored == [] and len(s.find_people()) == 3

    modals.answer("Restore the backup")
    dialog.restore_chosen()
    assert restored and restored[0].restored_from == older.path
    assert [p.name for p in s.find_people()] == ["Ada Exempel"], "the app's own services see the restore"
    assert "has been restored" in dialog.status.text()
    assert any(b.reason == "pre-restore" for b in [dialog.model.backup_at(r) for r in range(dialog.model.rowCount())])
    s.create_person("Di Exempel")  # the app keeps working
    assert s.audit_chain_problems() == []


def test_restore_dialog_reports_a_bad_file_and_changes_nothing(qtbot: Any, sqlite_services: Any, modals: Any,
                                                               tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.views.restore_dialog import RestoreDialog

    s = sqlite_services
    s.create_person("Ada Exempel")
    bad = tmp_path / "not-a-backup.db"
    bad.write_text("hello")
    dialog = RestoreDialog(s)
    qtbot.addWidget(dialog)
    assert not dialog.restore_button.isEnabled() and "no backups" in dialog.status.text()
    monkeypatch.setattr(dialog, "choose_file", lambda: str(bad))
    modals.answer("Restore the backup")
    dialog.restore_other()
    assert "cannot be restored" in dialog.status.text() and "Nothing has been changed" in dialog.status.text()
    assert [p.name for p in s.find_people()] == ["Ada Exempel"]


def test_main_window_menu_entries(qtbot: Any, window: Any, modals: Any) -> None:
    texts = {a.text().replace("&", "") for a in window.menuBar().actions() for a in a.menu().actions()}
    assert "Audit trail of the chosen person…" in texts and "Restore a backup…" in texts
    window.table.selectRow(0)
    seen: list[Any] = []
    modals.then(seen.append)
    window.act_audit.trigger()
    assert seen and seen[0].objectName() == "auditDialog" and seen[0].view.model.rowCount() > 0
    modals.then(seen.append)
    window.act_restore.trigger()
    assert seen[-1].objectName() == "restoreDialog"


def test_opening_a_damaged_database_offers_and_restores_the_newest_backup(qapp: Any, tmp_path: Path,
                                                                          modals: Any) -> None:
    from planner.backups import list_backups, take_backup
    from planner.errors import StorageError
    from planner.services import Services
    from planner.store import open_store
    from ui.app import DatabaseProblem

    db = tmp_path / "plans.db"
    store = open_store(db)
    Services(store, user="t").create_person("Ada Exempel")
    store.close()
    take_backup(db, "daily")
    db.write_bytes(b"")  # the file was emptied by a broken sync tool
    with pytest.raises(StorageError) as info:
        open_store(db)

    class Window(QWidget):
        opened: list[Any] = []

        def open_database(self, target: Any) -> None:
            self.opened.append(target)

    window = Window()
    problem = DatabaseProblem(qapp, None, str(db))
    problem.window = window
    modals.answer("Restore the newest backup")
    problem.handle(info.value)
    (message,) = modals.messages
    assert str(info.value.newest_backup) in message.informative
    assert window.opened == [str(db)]
    store = open_store(db)
    try:
        assert [p.name for p in Services(store).find_people()] == ["Ada Exempel"]
    finally:
        store.close()
    damaged = [b for b in list_backups(db) if b.reason == "damaged"]
    assert len(damaged) == 1 and damaged[0].size == 0, "the emptied file is kept as it was"
