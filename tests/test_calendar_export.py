"""The .ics export: valid iCalendar, right times, and nothing sensitive beyond a first name."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from planner.calendar_export import calendar_bytes, event_uid, write_calendar
from planner.services import FollowUpRow

pytestmark = pytest.mark.core


def _row(**kw) -> FollowUpRow:  # type: ignore[no-untyped-def]
    values = dict(follow_up_id=7, plan_id=3, person_id=2, person="Amina Al-Hassan", first_name="Amina",
                  planned_at=datetime(2026, 3, 3, 9, 0, tzinfo=UTC), place="Psykiatrimottagningen",
                  coach="Lena Berg", coach_id=1, overdue=False)
    values.update(kw)
    return FollowUpRow(**values)


def test_one_event_has_time_and_first_name_only() -> None:
    data = calendar_bytes([_row()])
    cal = Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    ev = events[0]
    assert ev.decoded("dtstart") == datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    assert ev.decoded("dtend") - ev.decoded("dtstart") == timedelta(hours=1)
    assert "Amina" in str(ev["summary"])
    assert str(ev["uid"]) == event_uid(7)
    text = data.decode("utf-8")
    for secret in ("Al-Hassan", "Psykiatri", "Lena", "Berg"):
        assert secret not in text
    assert b"\r\n" in data  # RFC 5545 line endings


def test_many_events_and_unicode_names(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rows = [_row(follow_up_id=i, first_name=name, person=f"{name} Efternamn",
                 planned_at=datetime(2026, 4, 1 + i, 8, tzinfo=UTC))
            for i, name in enumerate(["Åsa", "عائشة", "Ali & <Bo>", ""])]
    path = tmp_path / "uppfoljningar.ics"
    assert write_calendar(str(path), rows) == 4
    cal = Calendar.from_ical(path.read_bytes())
    summaries = [str(e["summary"]) for e in cal.walk("VEVENT")]
    assert any("Åsa" in s for s in summaries)
    assert any("عائشة" in s for s in summaries)
    assert any("Ali & <Bo>" in s for s in summaries)
    assert "Efternamn" not in path.read_text(encoding="utf-8")
    assert len({str(e["uid"]) for e in cal.walk("VEVENT")}) == 4
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_from_real_follow_ups(sqlite_services) -> None:  # type: ignore[no-untyped-def]
    s = sqlite_services
    person = s.create_person("Omar Nasser Khalil")
    plan = s.create_plan(person.id, period_start=date.today())
    when = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    s.schedule_follow_up(plan.id, when, place="Vårdcentralen")
    rows = s.follow_ups_due(30)
    cal = Calendar.from_ical(calendar_bytes(rows))
    (ev,) = cal.walk("VEVENT")
    assert "Omar" in str(ev["summary"]) and "Nasser" not in str(ev["summary"])
    assert ev.decoded("dtstart") == when
    assert "Vårdcentralen" not in calendar_bytes(rows).decode()
