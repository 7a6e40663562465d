"""The easy-read "Min plan" PDF: written for the person the plan is about, following shared/easy-read.md.

Sections: about me, my goals, next steps, who helps me, next meeting, consent. The person speaks ("jag"): one short
sentence per line, a pictogram to the left of every section heading, goal, step and support, dates with the weekday
and the month in words. The person's "large text" communication need scales the text up.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from reportlab.platypus import Flowable

from planner import pictograms
from planner.documents import fonts
from planner.documents.flowables import Line, PictoRow, TextBlock, make_lines
from planner.documents.styles import MUTED, Styles, make_styles
from planner.documents.template import PageFurniture, PlanDocTemplate
from planner.i18n import _, format_date, format_datetime, to_local
from planner.model import Achievement, GoalLifecycle, Plan

LANG_TAGS = {"sv": "sv-SE", "en": "en-GB"}


def sentence(text: str) -> str:
    """User text as a sentence: stripped, with a full stop added when it ends without punctuation."""
    text = text.strip()
    if text and text[-1] not in ".!?…:;)\"'”’":
        text += "."
    return text


@dataclass
class Item:
    """One pictogram row: the picture's key, an optional bold label line and the text below it."""

    key: str | None
    label: str = ""
    texts: list[str] = field(default_factory=list)


@dataclass
class Section:
    key: str
    heading: str
    items: list[Item]


def plan_sections(plan: Plan, today: date | None = None) -> list[Section]:
    """The content of "Min plan", already translated (call inside :func:`planner.i18n.using_language`)."""
    today = today or to_local(datetime.now(UTC)).date()
    return [_about_me(plan), _goals(plan), _steps(plan), _helpers(plan), _meeting(plan, today),
            _consent(plan, today)]


def _about_me(plan: Plan) -> Section:
    person = plan.person
    items = [Item(key, label, [text]) for key, label, text in (
        ("heart", _("This is important to me:"), person.what_matters),
        ("star", _("I am good at this:"), person.good_at),
        ("support", _("This is how you can help me:"), person.how_to_help),
        ("talk", _("In my own words:"), plan.own_words),
    ) if text.strip()]
    if not items:
        items = [Item("about_me", "", [_("We have not written about me yet."),
                                        _("I can do it with my coach.")])]
    return Section("about_me", _("About me"), items)


def _goals(plan: Plan) -> Section:
    goals = [g for g in plan.goals if g.lifecycle != GoalLifecycle.CANCELLED]
    items: list[Item] = []
    for number, goal in enumerate(goals, start=1):
        texts = [goal.easy_read.strip() or goal.own_words.strip()]
        if goal.achievement == Achievement.ACHIEVED or goal.lifecycle == GoalLifecycle.COMPLETED:
            texts.append(_("I have reached this goal!"))
        elif goal.lifecycle == GoalLifecycle.ON_HOLD:
            texts.append(_("This goal is paused for now."))
        items.append(Item(goal.pictogram or "goal", _("Goal {number}").format(number=number), texts))
    if not items:
        items = [Item("goal", "", [_("I have no goals in my plan yet."),
                                   _("We can talk about my goals at the next meeting.")])]
    return Section("goal", _("My goals"), items)


def _steps(plan: Plan) -> Section:
    open_goals = [g for g in plan.goals if g.lifecycle not in (GoalLifecycle.CANCELLED, GoalLifecycle.COMPLETED)]
    steps = [s for g in open_goals for s in g.steps if s.done_on is None]
    steps.sort(key=lambda s: (s.due_on or date.max,))
    items = []
    for step in steps:
        texts = [sentence(step.text)]
        if step.due_on:
            texts.append(_("By {date}.").format(date=format_date(step.due_on)))
        items.append(Item(step.pictogram or "step", "", texts))
    if not items:
        items = [Item("step", "", [_("There are no new steps right now.")])]
    return Section("step", _("Next steps"), items)


def _helpers(plan: Plan) -> Section:
    items: list[Item] = []
    lead = next((p for p in plan.participants if p.is_lead), None)
    lead_name = plan.lead_person or (lead.name if lead else "")
    if lead_name:
        texts = [_("{name} keeps my plan together.").format(name=lead_name)]
        organisation = plan.lead_actor.name if plan.lead_actor else (lead.actor.name if lead and lead.actor else "")
        if organisation:
            texts.append(sentence(organisation))
        if lead and lead.phone:
            texts.append(_("Phone {phone}").format(phone=lead.phone))
        if lead and lead.email:
            texts.append(_("Email {email}").format(email=lead.email))
        items.append(Item("contact_person", "", texts))
    if plan.coach and plan.coach.display_name and plan.coach.display_name != lead_name:
        items.append(Item("person", "", [_("{name} is my coach.").format(name=plan.coach.display_name)]))
    for support in plan.supports:
        organisation = support.actor.name if support.actor else ""
        if support.contact_name and organisation:
            who = _("{name} from {organisation}.").format(name=support.contact_name, organisation=organisation)
        else:
            who = sentence(support.contact_name or organisation)
        texts = [t for t in (who, sentence(support.what)) if t]
        if support.frequency.strip():
            texts.append(_("How often: {frequency}").format(frequency=support.frequency.strip()))
        if support.contact_phone:
            texts.append(_("Phone {phone}").format(phone=support.contact_phone))
        if support.contact_email:
            texts.append(_("Email {email}").format(email=support.contact_email))
        items.append(Item(support.pictogram or "support", "", texts))
    if not items:
        items = [Item("support", "", [_("No help is written in my plan yet.")])]
    return Section("people", _("Who helps me?"), items)


def _meeting(plan: Plan, today: date) -> Section:
    # a planned follow-up, or else the next date booked at a held one: (when, place)
    upcoming = sorted([(f.planned_at, f.place) for f in plan.follow_ups
                       if f.held_on is None and not f.cancelled and to_local(f.planned_at).date() >= today]
                      + [(f.next_at, f.place) for f in plan.follow_ups
                         if f.held_on is not None and f.next_at and to_local(f.next_at).date() >= today],
                      key=lambda pair: pair[0])
    if not upcoming:
        return Section("meeting", _("Next meeting"),
                       [Item("calendar", "", [_("We have not decided when we meet next time.")])])
    when, place = upcoming[0]
    texts = [_("We meet on {when}.").format(when=format_datetime(when))]
    if place.strip():
        texts.append(_("Place: {place}").format(place=place.strip()))
    return Section("meeting", _("Next meeting"), [Item("calendar", "", texts)])


def _consent(plan: Plan, today: date) -> Section:
    valid = [c for c in plan.consents if c.is_valid_on(today)]
    if valid:
        names = list(dict.fromkeys(a.name for c in valid for a in c.actors))
        texts = [_("I have said yes."), _("These may talk with each other about me:"), *names]
        ends = [c.valid_until for c in valid if c.valid_until]
        if ends and len(ends) == len(valid):
            texts.append(_("My yes is valid until {date}.").format(date=format_date(max(ends))))
        texts += [_("I can say no at any time."), _("Then I tell my coach.")]
    else:
        texts = [_("I have said no.") if any(c.withdrawn_on for c in plan.consents) else _("I have not said yes."),
                 _("Then the people who help me may not talk about me."),
                 _("I can say yes or no at any time.")]
    return Section("consent", _("Consent"), [Item("consent", "", texts)])


# ------------------------------------------------------------------------------------------------ layout


class _Layout:
    """Turns sections into flowables with the easy-read styles."""

    def __init__(self, styles: Styles) -> None:
        self.s = styles
        self.column = styles.heading_picto_size  # one picture column for headings and items: one left edge
        self.text_width = styles.frame_width - self.column - styles.picto_gap

    def lines(self, text: str, *, font: str = fonts.REGULAR, size: float | None = None,
              first_gap: float = 0.0, max_chars: int | None = None, width: float | None = None) -> list[Line]:
        return make_lines(text, font=font, size=size or self.s.body_size, width=width or self.text_width,
                          paragraph_gap=self.s.paragraph_gap, first_gap=first_gap,
                          **({"max_chars": max_chars} if max_chars else {}))

    def row(self, key: str | None, lines: list[Line], size: float, leading: float, picture: float,
            space_after: float, space_before: float = 0.0) -> PictoRow:
        if key and pictograms.get(key) is None:
            key = None
        flow = PictoRow(key, TextBlock(lines, size, leading), column=self.column, picture=picture,
                        gap=self.s.picto_gap, show=self.s.show_pictograms)
        flow.spaceBefore = space_before
        flow.spaceAfter = space_after
        return flow

    def title(self, text: str) -> PictoRow:
        s = self.s
        return self.row("plan", self.lines(text, font=fonts.BOLD, size=s.title_size), s.title_size,
                        s.title_leading, s.title_picto_size, s.item_gap)

    def heading(self, key: str, text: str) -> PictoRow:
        s = self.s
        flow = self.row(key, self.lines(text, font=fonts.BOLD, size=s.heading_size), s.heading_size,
                        s.heading_leading, s.heading_picto_size, s.item_gap, s.section_gap)
        flow.keepWithNext = True
        return flow

    def item(self, item: Item) -> PictoRow:
        s = self.s
        lines: list[Line] = []
        if item.label:
            lines += self.lines(item.label, font=fonts.BOLD)
        for text in item.texts:
            if text.strip():
                lines += self.lines(text, first_gap=0.0)
        return self.row(item.key, lines, s.body_size, s.body_leading, s.picto_size, s.item_gap)

    def small_print(self, text: str) -> TextBlock:
        s = self.s
        block = TextBlock(self.lines(text, size=s.small_size, max_chars=200, width=s.frame_width), s.small_size,
                          s.small_leading, MUTED)
        block.spaceBefore = s.section_gap * 1.5
        return block


def easy_read_story(plan: Plan, styles: Styles, today: date | None = None) -> list[Flowable]:
    """The flowables of "Min plan" (call inside :func:`planner.i18n.using_language`)."""
    layout = _Layout(styles)
    person = plan.person
    story: list[Flowable] = [layout.title(_("My plan"))]
    intro = [_("My name is {name}.").format(name=person.display_name),
             _("The plan starts on {date}.").format(date=format_date(plan.period_start))]
    if plan.period_end:
        intro.append(_("The plan ends on {date}.").format(date=format_date(plan.period_end)))
    story.append(layout.item(Item(None, "", intro)))
    for section in plan_sections(plan, today):
        story.append(layout.heading(section.key, section.heading))
        story += [layout.item(item) for item in section.items]
    story.append(layout.small_print(pictograms.attribution(_current_lang())))
    return story


def _current_lang() -> str:
    from planner.i18n import current_language

    return current_language()


def build_easy_read(plan: Plan, today: date | None = None) -> bytes:
    """Lay out and write the PDF in the active language."""
    person = plan.person
    styles = make_styles("easy_read", large_text=person.large_text)
    page_label = _("Page {page} of {total}")
    furniture = PageFurniture(page_label=lambda page, total: page_label.format(page=page, total=total))
    buffer = io.BytesIO()
    doc = PlanDocTemplate(
        buffer, styles, furniture,
        title=_("My plan") + " – " + person.display_name,
        author=(plan.coach.display_name if plan.coach and plan.coach.display_name else "Stegvis"),
        subject=_("My plan in easy-read language"),
        lang=LANG_TAGS.get(_current_lang(), _current_lang()),
    )
    doc.render(easy_read_story(plan, styles, today))
    return buffer.getvalue()
