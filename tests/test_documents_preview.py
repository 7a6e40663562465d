"""The PDF preview dialog, printing and saving, offscreen with pytest-qt (modal dialogs are stubbed)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pypdf
import pytest

pytestmark = [pytest.mark.gui, pytest.mark.pdf]


@pytest.fixture
def pdf(sqlite_services) -> bytes:  # type: ignore[no-untyped-def]
    from planner.documents import build_easy_read_pdf

    person = sqlite_services.create_person("Amina Haddad", what_matters="Mina vänner & <jobbet>")
    plan = sqlite_services.create_plan(person.id, period_start=date(2026, 1, 5))
    for text in ("Jag vill jobba i en butik.", "Jag vill åka buss själv.", "Jag vill laga mat."):
        goal = sqlite_services.add_goal(plan.id, text, pictogram="shop")
        sqlite_services.add_step(goal.id, "Prova en dag i veckan.", due_on=date(2026, 3, 3))
    return build_easy_read_pdf(sqlite_services.get_plan(plan.id), "sv")


def page_count(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def test_preview_dialog_shows_every_page(qtbot, pdf: bytes, tmp_path: Path) -> None:
    from PySide6.QtPdf import QPdfDocument

    from ui.widgets.pdf_preview import PdfPreviewDialog

    dialog = PdfPreviewDialog(None, pdf, "Min plan")
    qtbot.addWidget(dialog)
    assert dialog.document.status() == QPdfDocument.Status.Ready
    assert dialog.document.pageCount() == page_count(pdf) >= 2
    assert str(page_count(pdf)) in dialog.pages_label.text()
    for button in (dialog.print_button, dialog.save_button, dialog.close_button):
        assert button.accessibleName() and button.text()
    assert dialog.view.accessibleName()
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.grab().isNull()
    dialog.close_button.click()
    assert dialog.result() == 0


def test_show_pdf_preview_opens_the_dialog_modally(qtbot, pdf: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.widgets import pdf_preview

    shown: list[int] = []

    def fake_exec(self) -> int:  # type: ignore[no-untyped-def]
        shown.append(self.document.pageCount())
        return 0

    monkeypatch.setattr(pdf_preview.PdfPreviewDialog, "exec", fake_exec)
    pdf_preview.show_pdf_preview(None, pdf, "Min plan")
    assert shown == [page_count(pdf)]


def test_save_pdf_writes_the_bytes(qtbot, pdf: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.widgets import pdf_preview

    asked: list[str] = []

    def fake_dialog(parent, caption, start, filters):  # type: ignore[no-untyped-def]
        asked.append(start)
        return str(tmp_path / "min plan"), filters

    monkeypatch.setattr(pdf_preview.QFileDialog, "getSaveFileName", fake_dialog)
    written = pdf_preview.save_pdf(None, pdf, "Min plan: Amina/2026")
    assert written == tmp_path / "min plan.pdf"
    assert written.read_bytes() == pdf
    assert asked[0].endswith("Min plan Amina 2026.pdf")  # no folder separators in the suggested name
    assert not list(tmp_path.glob("*.part"))

    monkeypatch.setattr(pdf_preview.QFileDialog, "getSaveFileName", lambda *a: ("", ""))
    assert pdf_preview.save_pdf(None, pdf, "Min plan") is None


def test_save_pdf_explains_a_folder_it_cannot_write(qtbot, pdf: bytes, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.widgets import pdf_preview

    warnings: list[str] = []
    monkeypatch.setattr(pdf_preview.QFileDialog, "getSaveFileName",
                        lambda *a: (str(tmp_path / "missing" / "plan.pdf"), ""))
    monkeypatch.setattr(pdf_preview.QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    assert pdf_preview.save_pdf(None, pdf, "Min plan") is None
    assert warnings and "missing" in warnings[0]


def test_print_pdf_prints_every_page(qtbot, pdf: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QDialog

    from ui.widgets import pdf_preview

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(150)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    monkeypatch.setattr(pdf_preview.QPrintDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    assert pdf_preview.print_pdf(None, pdf, "Min plan", printer=printer) is True
    assert page_count(out.read_bytes()) == page_count(pdf)

    monkeypatch.setattr(pdf_preview.QPrintDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert pdf_preview.print_pdf(None, pdf, "Min plan", printer=QPrinter()) is False


def test_without_qtpdf_the_system_viewer_opens_a_private_copy(qtbot, pdf: bytes,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import stat

    from ui.widgets import pdf_preview

    opened: list[str] = []
    monkeypatch.setattr(pdf_preview, "HAVE_QTPDF", False)
    monkeypatch.setattr(pdf_preview.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    pdf_preview.show_pdf_preview(None, pdf, "Min plan")
    assert len(opened) == 1
    assert Path(opened[0]).read_bytes() == pdf
    assert stat.S_IMODE(os.stat(opened[0]).st_mode) & 0o077 == 0  # nobody else can read it
    pdf_preview._remove_temporary_files()  # noqa: SLF001 - what happens at exit
    assert not Path(opened[0]).exists()
