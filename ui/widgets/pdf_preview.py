"""Preview, print and save a plan PDF. The bytes come from ``planner.documents``; this module only shows them.

The preview is QtPdf's ``QPdfView`` in a dialog with Print, Save as PDF and Close. Where QtPdf is missing (a trimmed
Qt build) the PDF opens in the system's PDF viewer instead, from a private temporary file removed when Stegvis
exits. Printing draws each page, rendered by QtPdf at the printer's resolution (at most 300 dpi), onto the page.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import tempfile
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QPainter, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.files import write_private_file
from planner.i18n import _, ngettext

try:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView

    HAVE_QTPDF = True
except ImportError:  # pragma: no cover - depends on the Qt build
    HAVE_QTPDF = False

MAX_PRINT_DPI = 300
LOAD_TIMEOUT_MS = 10_000


def load_document(pdf_bytes: bytes, parent: QWidget | None = None) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument reading from memory, loaded. Keep the buffer alive as long as the document."""
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(pdf_bytes))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument(parent)
    document.load(buffer)
    _wait_until_loaded(document)
    return document, buffer


def _wait_until_loaded(document: QPdfDocument) -> None:
    from PySide6.QtCore import QDeadlineTimer

    deadline = QDeadlineTimer(LOAD_TIMEOUT_MS)
    while document.status() == QPdfDocument.Status.Loading and not deadline.hasExpired():
        QApplication.processEvents()


class PdfPreviewDialog(QDialog):
    """The PDF on screen, page after page, fitted to the width, with Print, Save as PDF and Close."""

    def __init__(self, parent: QWidget | None, pdf_bytes: bytes, title: str) -> None:
        super().__init__(parent)
        self.pdf_bytes = pdf_bytes
        self.title = title
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(860, 980)
        self.document, self._buffer = load_document(pdf_bytes, self)

        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(16)
        self.view.setAccessibleName(_("Preview of {title}").format(title=title))
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        pages = self.document.pageCount()
        self.pages_label = QLabel(ngettext("{count} page", "{count} pages", pages).format(count=pages), self)
        self.print_button = self._button(_("&Print…"), _("Print"), QKeySequence.StandardKey.Print, self.print_)
        self.save_button = self._button(_("&Save as PDF…"), _("Save as PDF"), QKeySequence.StandardKey.Save,
                                        self.save)
        self.close_button = self._button(_("&Close"), _("Close"), QKeySequence.StandardKey.Close, self.reject)

        buttons = QHBoxLayout()
        buttons.addWidget(self.pages_label)
        buttons.addStretch(1)
        for button in (self.print_button, self.save_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.print_button.setDefault(True)
        self.view.setFocus()

    def _button(self, text: str, name: str, keys: QKeySequence.StandardKey, slot) -> QPushButton:  # type: ignore[no-untyped-def]
        button = QPushButton(text, self)
        button.setAccessibleName(name)
        shortcut = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
        button.setToolTip(f"{name} ({shortcut})" if shortcut else name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        QShortcut(QKeySequence(keys), self, activated=slot)
        return button

    def print_(self) -> bool:
        return print_pdf(self, self.pdf_bytes, self.title)

    def save(self) -> Path | None:
        return save_pdf(self, self.pdf_bytes, self.title)


def show_pdf_preview(parent: QWidget | None, pdf_bytes: bytes, title: str) -> None:
    """Show the PDF in a modal preview, or in the system viewer when QtPdf is missing."""
    if not HAVE_QTPDF:
        open_in_system_viewer(parent, pdf_bytes, title)
        return
    dialog = PdfPreviewDialog(parent, pdf_bytes, title)
    if dialog.document.status() != QPdfDocument.Status.Ready:
        dialog.deleteLater()
        open_in_system_viewer(parent, pdf_bytes, title)
        return
    dialog.exec()
    dialog.deleteLater()


def print_pdf(parent: QWidget | None, pdf_bytes: bytes, title: str = "", printer: QPrinter | None = None) -> bool:
    """Ask for a printer and print every page. False when cancelled or when it could not print."""
    if not HAVE_QTPDF:
        open_in_system_viewer(parent, pdf_bytes, title)  # print from the viewer
        return False
    if printer is None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title or _("Plan"))
    printer.setFullPage(True)  # the PDF has its own margins
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print {title}").format(title=title) if title else _("Print"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    ok = render_to_printer(pdf_bytes, printer)
    if not ok:
        QMessageBox.warning(parent, _("Print"), _("The plan could not be printed. Check the printer and try again."))
    return ok


def render_to_printer(pdf_bytes: bytes, printer: QPrinter) -> bool:
    """Draw each page of the PDF, fitted and centred, on a page of ``printer``."""
    document, _buffer = load_document(pdf_bytes)
    try:
        if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
            return False
        painter = QPainter()
        if not painter.begin(printer):
            return False
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        for index in range(document.pageCount()):
            if index and not printer.newPage():
                painter.end()
                return False
            points = document.pagePointSize(index)
            image = document.render(index, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72)))
            area = painter.viewport()
            scale = min(area.width() / image.width(), area.height() / image.height())
            width, height = round(image.width() * scale), round(image.height() * scale)
            target = QRect(area.x() + (area.width() - width) // 2, area.y() + (area.height() - height) // 2, width,
                           height)
            painter.drawImage(target, image)
        return painter.end()
    finally:
        document.close()


def _file_name(suggested: str) -> str:
    """A safe file name ending in .pdf: no folder separators or characters Windows refuses."""
    name = " ".join(re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", suggested).split()).strip(" .") or _("Plan")
    return name if name.lower().endswith(".pdf") else f"{name}.pdf"


def save_pdf(parent: QWidget | None, pdf_bytes: bytes, suggested_name: str) -> Path | None:
    """Ask where to save and write the PDF there (atomically). The path written, or None."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    chosen, _filter = QFileDialog.getSaveFileName(parent, _("Save as PDF"), str(Path(folder) / _file_name(
        suggested_name)), _("PDF files (*.pdf)"))
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    try:
        write_atomically(path, pdf_bytes)
    except OSError as exc:
        QMessageBox.warning(parent, _("Save as PDF"),
                            _("The PDF could not be saved in {folder}: {reason}. Choose another folder.")
                            .format(folder=str(path.parent), reason=exc.strerror or type(exc).__name__))
        return None
    return path


def write_atomically(path: Path, data: bytes) -> None:
    """A crash never leaves half a PDF; the file is the owner's only (it holds a plan)."""
    write_private_file(path, data)


_temporary_files: list[str] = []


def _remove_temporary_files() -> None:
    for name in _temporary_files:
        with contextlib.suppress(OSError):
            os.unlink(name)


atexit.register(_remove_temporary_files)


def open_in_system_viewer(parent: QWidget | None, pdf_bytes: bytes, title: str) -> Path | None:
    """Write the PDF to a private temporary file (removed at exit) and open it with the system's viewer."""
    handle, name = tempfile.mkstemp(prefix="stegvis-", suffix=".pdf")  # readable by this user only
    with os.fdopen(handle, "wb") as out:
        out.write(pdf_bytes)
    _temporary_files.append(name)
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(name)):
        QMessageBox.warning(parent, title or _("Plan"),
                            _("No program to show PDF files was found. Use Save as PDF instead."))
        return None
    return Path(name)
