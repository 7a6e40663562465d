"""Screen 8: "This is my plan" — the plan in easy words with its pictures, the same sentences as the easy-read
PDF ("Min plan"), and buttons to print it or save it.

The sentences come from :func:`planner.documents.easy_read.plan_sections`, so the screen and the paper say the
same thing in the same words. Printing uses the PDF preview widgets when they are installed; the buttons are
hidden when they are not.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from planner.errors import StegvisError
from planner.i18n import N_, _, current_language, format_date, format_datetime, to_local
from ui.walkthrough.base import Screen
from ui.walkthrough.widgets import BigButton, with_picto, words


@dataclass
class _Item:
    key: str | None
    label: str = ""
    texts: list[str] = field(default_factory=list)


@dataclass
class _Section:
    key: str
    heading: str
    items: list[Any]


def _fallback_sections(meeting: Any) -> list[_Section]:
    """Goals, steps and the next meeting, when the documents package is not there."""
    plan = meeting.plan
    goals = [_Item(g.pictogram or "goal", "", [g.easy_read or g.own_words]) for g in meeting.open_goals()]
    steps = [_Item("step", "", [s.text] + ([_("By {date}.").format(date=format_date(s.due_on))] if s.due_on else []))
             for g in meeting.open_goals() for s in g.steps if s.done_on is None]
    nxt = meeting.next_follow_up()
    when = [_Item("calendar", "", [_("We meet on {when}.").format(when=format_datetime(nxt.planned_at))])] if nxt \
        else []
    del plan
    return [_Section("goal", _("My goals"), goals), _Section("step", _("Next steps"), steps),
            _Section("meeting", _("Next meeting"), when)]


def plan_sections(meeting: Any) -> list[Any]:
    try:
        easy_read = importlib.import_module("planner.documents.easy_read")
    except ImportError:
        return _fallback_sections(meeting)
    return easy_read.plan_sections(meeting.plan, meeting.today)


def pdf_tools() -> tuple[Any, Any] | None:
    """(render_plan_pdf, pdf_preview module) when both are installed."""
    try:
        documents = importlib.import_module("planner.documents")
        preview = importlib.import_module("ui.widgets.pdf_preview")
    except ImportError:
        return None
    render = getattr(documents, "render_plan_pdf", None)
    if render is None or not all(hasattr(preview, n) for n in ("print_pdf", "save_pdf")):
        return None
    return render, preview


class SummaryScreen(Screen):
    KEY = "summary"
    TITLE = N_("This is my plan")
    PICTOGRAM = "plan"
    INTRO = N_("Here is your plan. You can print it or save it.")

    def build(self) -> None:
        self.content = QWidget()
        self.column = QVBoxLayout(self.content)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(self.m.gap * 2)
        self.body.addWidget(self.content)
        self.tools = pdf_tools()
        row = QHBoxLayout()
        self.print_button = BigButton(_("Print my plan"), self.m, "print")
        self.print_button.clicked.connect(lambda: self._pdf("print"))
        self.save_button = BigButton(_("Save my plan"), self.m, "save")
        self.save_button.clicked.connect(lambda: self._pdf("save"))
        row.addWidget(self.print_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        self.buttons = QWidget()
        self.buttons.setLayout(row)
        self.buttons.setVisible(self.tools is not None)
        self.body.addWidget(self.buttons)  # after the plan: first the person sees it, then prints it

    def enter(self) -> None:
        while self.column.count():
            item = self.column.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.hide()
                old.deleteLater()
        self.meeting.reload()
        done = self.meeting.done_goals()
        if done:
            self.column.addWidget(self._section("done", _("I have done this!"),
                                                [_Item(g.pictogram or "done", "", [g.easy_read or g.own_words])
                                                 for g in done]))
        for section in plan_sections(self.meeting):
            self.column.addWidget(self._section(section.key, section.heading, section.items))
        self.changed_layout()

    def _section(self, key: str, heading: str, items: list[Any]) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(self.m.gap)
        column.addWidget(with_picto(key, self.m.card_icon, words(heading, "heading")))
        for item in items:
            lines = QWidget()
            inner = QVBoxLayout(lines)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.setSpacing(0)
            if item.label:
                inner.addWidget(words(item.label, "heading"))
            inner.addWidget(words("\n".join(t for t in item.texts if t)))
            column.addWidget(with_picto(item.key or "", self.m.button_icon * 2, lines))
        return box

    def _pdf(self, action: str) -> None:
        if self.tools is None:
            return
        render, preview = self.tools
        try:
            pdf = render(self.meeting.services, self.meeting.plan_id, "easy_read", current_language())
        except StegvisError as exc:
            self.show_error(exc.message)
            return
        title = _("My plan")
        name = self.meeting.person.display_name
        if action == "print":
            preview.print_pdf(self, pdf, title)
        else:
            preview.save_pdf(self, pdf, f"{title} {name} {to_local(self.meeting.plan.updated_at).date()}.pdf")
