"""The dialog shown when someone else saved the same record first: both versions, field by field.

The coach chooses to keep the saved version, to save their own version on top of it, or to decide later (their
typing stays in the form, unsaved). "Copy my version" puts their text on the clipboard, so nothing is lost even
when they keep the other version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from planner.errors import ConflictError
from planner.i18n import _
from ui.views.sizing import FittedDialog
from ui.widgets.form import VScrollArea, button

KEEP_THEIRS = 10
USE_MINE = 11
LATER = 0


def _cell(text: str, parent: QWidget, *, bold: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


class ConflictDialog(FittedDialog):
    """``exec()`` returns KEEP_THEIRS, USE_MINE or LATER."""

    fit_chars = 80

    def __init__(self, parent: QWidget | None, error: ConflictError, *, captions: dict[str, str],
                 describe: Callable[[str, Any], str], loaded: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.error = error
        self.setWindowTitle(_("Someone else saved this first"))
        self.setAccessibleName(_("Someone else saved this first"))
        self.rows: list[tuple[str, str, str]] = []

        text = " ".join((error.message, _("Anything else they changed is kept whichever version you choose.")))
        intro = _cell(text, self)
        intro.setAccessibleName(text)
        grid_box = QWidget(self)
        grid = QGridLayout(grid_box)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setHorizontalSpacing(24)
        headers = (_("What"), _("Your version (not saved)"), _("Saved version"))
        for column, text in enumerate(headers):
            grid.addWidget(_cell(text, grid_box, bold=True), 0, column)
        loaded = loaded or {}
        for row, field in enumerate(error.mine, start=1):
            caption = captions.get(field, field)
            mine = describe(field, error.mine.get(field))
            theirs = describe(field, error.theirs.get(field))
            if field in loaded and describe(field, loaded[field]) != theirs:
                theirs = _("{value} (changed by someone else)").format(value=theirs or _("empty"))
            self.rows.append((caption, mine, theirs))
            grid.addWidget(_cell(caption, grid_box, bold=True), row, 0)
            grid.addWidget(_cell(mine or _("empty"), grid_box), row, 1)
            grid.addWidget(_cell(theirs or _("empty"), grid_box), row, 2)
        grid.setRowStretch(len(error.mine) + 1, 1)  # rows at the top, spare room below them
        scroller = VScrollArea(grid_box, self)
        self.fit_scroller = scroller

        self.keep_button = button(_("Keep the saved version"), lambda: self.done(KEEP_THEIRS),
                                  description=_("Your changes are not saved. The form shows the saved version."))
        self.mine_button = button(_("Save my version over it"), lambda: self.done(USE_MINE),
                                  description=_("Your version is saved on top of the newer saved version."))
        self.later_button = button(_("Decide later"), lambda: self.done(LATER),
                                   description=_("Nothing is saved. What you typed stays in the form."))
        self.copy_button = button(_("Copy my version"), self.copy_mine,
                                  description=_("Puts your version on the clipboard, to paste it somewhere."))
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.mine_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroller, 1)
        layout.addLayout(buttons)
        self.later_button.setFocus()

    def mine_as_text(self) -> str:
        return "\n".join(f"{caption}: {mine}" for caption, mine, _theirs in self.rows)

    def copy_mine(self) -> None:
        QGuiApplication.clipboard().setText(self.mine_as_text())

    def reject(self) -> None:  # Escape = decide later, never a silent choice
        self.done(LATER)
