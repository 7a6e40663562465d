"""Follow-ups as an iCalendar (.ics) file, so a coach can put them in Outlook.

A calendar file leaves the protected database and lands on phones, mail servers and shared calendars, so an
event carries only what a coach needs to recognise the meeting: the person's first name and the time. No surname,
identity number, place, plan content or coach name. The UID is stable per follow-up, so importing the file again
updates the event instead of adding a second copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from icalendar import Calendar, Event

from planner.i18n import _

if TYPE_CHECKING:
    from planner.services import FollowUpRow

PRODID = "-//Stegvis//Stegvis follow-ups//EN"
UID_DOMAIN = "stegvis.invalid"  # .invalid: never a real host, so the UID cannot point anywhere
DEFAULT_DURATION = timedelta(hours=1)


def event_uid(follow_up_id: int) -> str:
    return f"stegvis-follow-up-{follow_up_id}@{UID_DOMAIN}"


def follow_up_event(row: FollowUpRow, *, duration: timedelta = DEFAULT_DURATION,
                    stamp: datetime | None = None) -> Event:
    """One VEVENT for one planned follow-up: first name and time only."""
    start = row.planned_at
    if start.tzinfo is None:  # stored times are UTC; be safe with a naive value
        start = start.replace(tzinfo=UTC)
    start = start.astimezone(UTC)
    event = Event()
    event.add("uid", event_uid(row.follow_up_id))
    event.add("dtstamp", (stamp or datetime.now(UTC)).astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", start + duration)
    name = row.first_name.strip()
    summary = (_("Follow-up meeting with {name}").format(name=name) if name else _("Follow-up meeting"))
    event.add("summary", summary)
    event.add("description", _("A follow-up of a plan in Stegvis. Open Stegvis to see the plan."))
    event.add("class", "PRIVATE")
    event.add("transp", "OPAQUE")
    return event


def calendar_for(rows: Iterable[FollowUpRow], *, duration: timedelta = DEFAULT_DURATION,
                 stamp: datetime | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    moment = stamp or datetime.now(UTC)
    for row in rows:
        cal.add_component(follow_up_event(row, duration=duration, stamp=moment))
    return cal


def calendar_bytes(rows: Iterable[FollowUpRow], *, duration: timedelta = DEFAULT_DURATION,
                   stamp: datetime | None = None) -> bytes:
    """The .ics file content (UTF-8, CRLF line endings as RFC 5545 asks)."""
    return calendar_for(rows, duration=duration, stamp=stamp).to_ical()


def write_calendar(path: str, rows: Iterable[FollowUpRow], *, duration: timedelta = DEFAULT_DURATION) -> int:
    """Write the .ics file atomically and owner-only. Returns the number of events."""
    from planner.files import write_private_file

    rows = list(rows)
    write_private_file(path, calendar_bytes(rows, duration=duration))
    return len(rows)
