"""The full plan PDF for staff: every field of the plan, tables, and signature lines.

A header on every page names the person and the plan period; the footer has the print date, "Sida X av Y" and the
confidentiality marking. Tables may split inside a row, so a 10,000-character note flows over pages instead of
failing the layout.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, date, datetime

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from planner import pictograms
from planner.documents.flowables import SignatureLine
from planner.documents.markup import markup
from planner.documents.styles import INK, RULE, SHADE, Styles, make_styles
from planner.documents.template import PageFurniture, PlanDocTemplate
from planner.i18n import _, current_language, format_date, format_time, language_name, pgettext, to_local
from planner.model import (
    ACHIEVEMENT_LABELS,
    GOAL_LIFECYCLE_LABELS,
    PLAN_STATUS_LABELS,
    STAGE_LABELS,
    Plan,
)

LANG_TAGS = {"sv": "sv-SE", "en": "en-GB"}
DASH = "–"


def _d(day: date | datetime | None) -> str:
    return format_date(day, "short") if day else ""


def _dt(moment: datetime | None) -> str:
    return f"{format_date(moment, 'short')} {format_time(moment)}" if moment else ""


def _period(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{_d(start)} {DASH} {_d(end)}"
    if start:
        return _("from {date}").format(date=_d(start))
    return ""


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def personal_number(number: str | None) -> str:
    """"194001019802" as "19400101-9802"."""
    if not number:
        return ""
    return f"{number[:8]}-{number[8:]}" if len(number) == 12 and number.isdigit() else number


class _Full:
    def __init__(self, styles: Styles) -> None:
        self.s = styles
        self.p = styles.paragraph
        self.width = styles.frame_width

    # ------------------------------------------------------------------ building blocks

    def para(self, text: str, style: str = "body") -> Paragraph:
        st: ParagraphStyle = self.p[style]
        return Paragraph(markup(text, st.fontName, st.fontSize), st)

    def cell(self, text: str, style: str = "cell") -> Paragraph:
        return self.para(text or "", style)

    def heading(self, text: str, level: int = 2) -> Paragraph:
        return self.para(text, f"h{level}")

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str | Flowable]], widths: Sequence[float],
              empty: str) -> Flowable:
        if not rows:
            return self.para(empty)
        total = sum(widths)
        col_widths = [self.width * w / total for w in widths]
        data: list[list[Flowable]] = [[self.cell(h, "cell_head") for h in header]]
        data += [[c if isinstance(c, Flowable) else self.cell(c) for c in row] for row in rows]
        table = Table(data, colWidths=col_widths, repeatRows=1, splitByRow=1, splitInRow=1, hAlign="LEFT")
        table.setStyle(self._table_style(header=True))
        return table

    def facts(self, rows: Sequence[tuple[str, str]]) -> Flowable:
        """A two-column label/value table; empty values show a dash so a missing field is visibly empty."""
        data = [[self.cell(label, "label"), self.cell(value.strip() if value and value.strip() else DASH)]
                for label, value in rows]
        table = Table(data, colWidths=[self.width * 0.3, self.width * 0.7], splitByRow=1, splitInRow=1,
                      hAlign="LEFT")
        table.setStyle(self._table_style(header=False))
        return table

    @staticmethod
    def _table_style(header: bool) -> TableStyle:
        commands: list[tuple] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
        if header:
            commands += [("BACKGROUND", (0, 0), (-1, 0), SHADE), ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK)]
        return TableStyle(commands)

    # ------------------------------------------------------------------ sections

    def story(self, plan: Plan) -> list[Flowable]:
        person = plan.person
        lang = current_language()
        goal_numbers = {g.id: n for n, g in enumerate(plan.goals, start=1)}
        lead = next((p for p in plan.participants if p.is_lead), None)
        lead_text = ", ".join(x for x in (plan.lead_person or (lead.name if lead else ""),
                                          plan.lead_actor.name if plan.lead_actor else "") if x)
        out: list[Flowable] = [self.heading(_("Joint plan"), 1)]

        out += [self.heading(_("The person")), self.facts([
            (_("Name"), person.name),
            (_("Preferred name"), person.preferred_name),
            (_("Personal identity number"), personal_number(person.personal_number)),
            (_("Phone"), person.phone),
            (_("Email"), person.email),
            (_("Address"), person.address),
        ])]
        out += [self.heading(_("The plan")), self.facts([
            (_("Title"), plan.title),
            (_("Plan period"), _period(plan.period_start, plan.period_end)),
            (_("Status"), _(PLAN_STATUS_LABELS[plan.status])),
            (_("Stage"), _(STAGE_LABELS[plan.stage])),
            (_("Target stage"), _(STAGE_LABELS[plan.target_stage]) if plan.target_stage else ""),
            (_("Placement unit"), plan.placement_unit.name if plan.placement_unit else ""),
            (_("Coach"), plan.coach.display_name if plan.coach else ""),
            (_("Lead responsibility"), lead_text),
            (_("Closed on"), _d(plan.closed_on)),
        ])]
        interpreter = _yes_no(person.interpreter)
        if person.interpreter and person.interpreter_language:
            interpreter += f" ({person.interpreter_language})"
        out += [self.heading(_("Communication needs")), self.facts([
            (_("Easy-read language"), _yes_no(person.easy_read)),
            (_("Pictograms"), _yes_no(person.pictograms)),
            (_("Large text"), _yes_no(person.large_text)),
            (_("Preferred language"), language_name(person.preferred_language)),
            (_("Interpreter"), interpreter),
            (_("Notes on communication"), person.communication_notes),
        ])]
        out += [self.heading(_("About the person")), self.facts([
            (_("What matters to the person"), person.what_matters),
            (_("Good at"), person.good_at),
            (_("How to help"), person.how_to_help),
            (_("Interests"), person.interests),
            (_("Skills"), person.skills),
            (_("Work wishes"), person.work_wishes),
            (_("Support needs"), person.support_needs),
            (_("In the person's own words"), plan.own_words),
        ])]

        out += [self.heading(_("Participants")), self.table(
            [_("Name"), _("Role"), _("Organisation"), _("Phone"), _("Email"), _("Lead")],
            [[p.name, p.role, p.actor.name if p.actor else "", p.phone, p.email, _("Yes") if p.is_lead else ""]
             for p in plan.participants],
            [2.6, 2.2, 4.2, 2.4, 2.7, 2.3], _("No participants are recorded."))]  # room for "Huvudansvar"

        out.append(self.heading(_("Goals")))
        if not plan.goals:
            out.append(self.para(_("No goals are recorded.")))
        for number, goal in enumerate(plan.goals, start=1):
            picto = pictograms.get(goal.pictogram)
            out += [self.heading(_("Goal {number}").format(number=number), 3), self.facts([
                (_("In the person's own words"), goal.own_words),
                (_("Easy-read wording"), goal.easy_read),
                (_("Pictogram"), picto.label(lang) if picto else ""),
                (_("Status"), _(GOAL_LIFECYCLE_LABELS[goal.lifecycle])),
                (pgettext("goal", "Progress"), _(ACHIEVEMENT_LABELS[goal.achievement])),
                (_("Achieved on"), _d(goal.achieved_on)),
            ])]
            if goal.steps:
                out += [Spacer(1, 4), self.table([_("Step"), _("Due"), _("Done")],
                                                 [[s.text, _d(s.due_on), _d(s.done_on)] for s in goal.steps],
                                                 [7, 2, 2], "")]

        out += [self.heading(_("Supports")), self.table(
            [_("Organisation"), _("Contact"), _("What"), _("How often"), _("Period")],
            [[s.actor.name if s.actor else "",
              "\n".join(x for x in (s.contact_name, s.contact_phone, s.contact_email) if x),
              s.what, s.frequency, _period(s.start_on, s.end_on)] for s in plan.supports],
            [4.6, 2.8, 4.6, 2.2, 2.6], _("No supports are recorded."))]

        rows = []
        for fu in plan.follow_ups:
            if fu.cancelled:
                status = pgettext("follow-up", "Cancelled")
            elif fu.held_on:
                status = _("Held on {date}").format(date=_d(fu.held_on))
            else:
                status = _("Planned")
            notes = [fu.notes] if fu.notes else []
            for outcome in fu.outcomes:
                line = _("Goal {number}: {progress}").format(number=goal_numbers.get(outcome.goal_id, "?"),
                                                               progress=_(ACHIEVEMENT_LABELS[outcome.achievement]))
                notes.append(f"{line}. {outcome.note}" if outcome.note else line)
            if fu.next_at:
                notes.append(_("Next follow-up: {when}").format(when=_dt(fu.next_at)))
            rows.append([_dt(fu.planned_at), fu.place, status, fu.attendees, "\n".join(notes)])
        out += [self.heading(_("Follow-ups")), self.table(
            [_("Date"), _("Place"), _("Status"), _("Attendees"), _("Notes and outcomes")], rows,
            [2.4, 2.6, 2.2, 3, 5.5], _("No follow-ups are recorded."))]

        today = to_local(datetime.now(UTC)).date()
        out.append(self.heading(_("Consent")))
        if plan.consents:
            valid = any(c.is_valid_on(today) for c in plan.consents)
            out.append(self.para(_("Consent valid today: {answer}").format(answer=_yes_no(valid))))
        out.append(self.table(
            [_("Given"), _("Organisations that may share information"), _("Valid until"), _("Withdrawn"),
             _("Recorded"), _("Note")],
            [[f"{_d(c.given_on)}\n{c.given_by}".strip(), "\n".join(a.name for a in c.actors), _d(c.valid_until),
              _d(c.withdrawn_on), f"{c.recorded_by}\n{_dt(c.recorded_at)}".strip(), c.note]
             for c in plan.consents],
            [2.4, 4.2, 2, 2, 2.6, 3], _("No consent is recorded.")))

        stage = lambda value: _(STAGE_LABELS[value]) if value else DASH  # noqa: E731
        out += [self.heading(_("Stage history")), self.table(
            [_("Date"), _("From"), _("To"), _("Note"), _("Recorded by")],
            [[_d(c.changed_on), stage(c.from_stage), stage(c.to_stage), c.note, c.recorded_by]
             for c in plan.person.stage_changes],
            [2, 3.2, 3.2, 4, 2.4], _("No changes of stage are recorded."))]

        out += self.signatures(plan, lead_text)
        return out

    def signatures(self, plan: Plan, lead_text: str) -> list[Flowable]:
        signers = [(_("The person"), plan.person.name)]
        if lead_text:
            signers.append((_("Lead responsibility"), lead_text))
        if plan.coach and plan.coach.display_name:
            signers.append((_("Coach"), plan.coach.display_name))
        seen = {name for _role, name in signers}
        for p in plan.participants:
            if p.name not in seen and not p.is_lead:
                signers.append((p.role or (p.actor.name if p.actor else _("Participant")), p.name))
                seen.add(p.name)
        half = (self.width - 24) / 2
        labels = (_("Signature"), _("Place and date"))
        boxes = [SignatureLine(role, name, labels, half) for role, name in signers]
        rows = [boxes[i:i + 2] + ([Spacer(1, 1)] if i + 1 >= len(boxes) else []) for i in range(0, len(boxes), 2)]
        table = Table(rows, colWidths=[half + 12, half + 12], hAlign="LEFT")
        table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 14)]))
        return [KeepTogether([self.heading(_("Signatures")),
                              self.para(_("We have made this plan together.")), table])]


def build_full(plan: Plan) -> bytes:
    """Lay out and write the full plan PDF in the active language."""
    styles = make_styles("full")
    person = plan.person
    page_label = _("Page {page} of {total}")
    number = personal_number(person.personal_number)
    furniture = PageFurniture(
        page_label=lambda page, total: page_label.format(page=page, total=total),
        header_left=_("Joint plan") + " · " + person.name + (f" · {number}" if number else ""),
        header_right=_("Plan period {period}").format(period=_period(plan.period_start, plan.period_end)),
        footer_left=_("Printed {date}").format(date=_dt(datetime.now(UTC))),
        footer_right=_("Confidential under OSL"),
    )
    buffer = io.BytesIO()
    doc = PlanDocTemplate(
        buffer, styles, furniture,
        title=_("Joint plan") + " – " + person.name,
        author=plan.coach.display_name if plan.coach and plan.coach.display_name else "Stegvis",
        subject=_("Joint plan with every field, for staff"),
        lang=LANG_TAGS.get(current_language(), current_language()),
    )
    doc.render(_Full(styles).story(plan))
    return buffer.getvalue()

