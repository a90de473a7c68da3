"""The .ics export: one VEVENT per series, TZIDs with VTIMEZONEs, alarms, escaping, scopes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest
from sqlalchemy import select

from coordinator.db import Database
from coordinator.ics.calendar import PRODID, build_ics, export_calendar
from coordinator.ics.scopes import (
    CalendarScope,
    ScopeError,
    ScopeKind,
    community_scope,
    resolve_scope,
    volunteer_scope,
)
from coordinator.models import CheckInSeries, Community, Facilitator
from coordinator.scheduling import CHECK_IN, first_date, series_rule
from coordinator.settings import load_settings
from tests.unit.ics_factory import COMMUNITY_NAMES, END, START, occurrences, odd_zone_programme

PROGRAMME = CalendarScope(ScopeKind.PROGRAMME)
NOW = datetime(2026, 8, 20, 12, 0, tzinfo=UTC)


def export(
    database: Database, scope: CalendarScope = PROGRAMME, **period: date
) -> icalendar.Calendar:
    with database.reading() as s:
        data, _count = build_ics(
            s, scope, period.get("start", START), period.get("end", END), now=NOW
        )
    return icalendar.Calendar.from_ical(data)


def masters(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" not in e}


@pytest.fixture
def odd(database: Database):  # type: ignore[no-untyped-def]
    return odd_zone_programme(database)


def test_calendar_properties_and_one_event_per_series(database, odd) -> None:  # type: ignore[no-untyped-def]
    calendar = export(database)
    assert calendar["METHOD"] == "PUBLISH" and calendar["PRODID"] == PRODID
    assert calendar["VERSION"] == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == str(calendar["NAME"]) == PROGRAMME.title
    assert "X-WR-TIMEZONE" not in calendar
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    events = masters(calendar)
    assert set(events) == {e.uid for e in occurrences(database)}
    assert len(events) == len(odd.series) + len(odd.sessions)
    zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    for uid, event in events.items():
        assert event["DTSTART"].params["TZID"] in zones, uid
        assert event["DTEND"].params["TZID"] == event["DTSTART"].params["TZID"]
        if uid.startswith("checkin-"):  # the webinars here never end
            until = event["RRULE"]["UNTIL"][0]
            assert until.tzinfo is not None and until.utcoffset() == timedelta(0)
        assert event["DTSTAMP"].dt == NOW and event["SEQUENCE"] == 0
        assert event["STATUS"] == "CONFIRMED"


def test_dtstart_and_rrule_are_the_schedulers(database, odd) -> None:  # type: ignore[no-untyped-def]
    events = masters(export(database))
    with database.reading() as s:
        settings = load_settings(s)
        for series in s.scalars(select(CheckInSeries)):
            event = events[f"checkin-{series.id}@coordinator"]
            start = event["DTSTART"].dt
            assert start.date() == first_date(series, settings)
            assert start.time() == series.local_time
            assert str(start.tzinfo) == series.time_zone or start.tzname()
            rule = series_rule(series, settings).as_ical()
            assert event["RRULE"]["FREQ"] == [rule["freq"].upper()]
            assert event["RRULE"]["INTERVAL"] == [rule["interval"]]
            assert event["RRULE"]["BYDAY"] == rule["byday"]
            until = event["RRULE"]["UNTIL"][0]
            last = until.astimezone(start.tzinfo)
            assert last.date() == series.until_on and last.time() == time(23, 59, 59)
            assert event["DTEND"].dt - start == timedelta(minutes=series.duration_minutes)


def test_alarms_follow_the_reminder_lead_times(database, odd) -> None:  # type: ignore[no-untyped-def]
    with database.unit_of_work() as s:
        s.get(CheckInSeries, odd.series[0]).reminder_minutes = [90]
        s.get(CheckInSeries, odd.series[1]).reminder_minutes = []
    events = masters(export(database))
    default = events[f"checkin-{odd.series[2]}@coordinator"].walk("VALARM")
    assert [a["TRIGGER"].dt for a in default] == [timedelta(days=-1), timedelta(minutes=-15)]
    assert all(a["ACTION"] == "DISPLAY" and "Check-in:" in a["DESCRIPTION"] for a in default)
    custom = events[f"checkin-{odd.series[0]}@coordinator"].walk("VALARM")
    assert [a["TRIGGER"].dt for a in custom] == [timedelta(minutes=-90)]
    assert events[f"checkin-{odd.series[1]}@coordinator"].walk("VALARM") == []


def test_text_escaping_people_and_descriptions(database, odd) -> None:  # type: ignore[no-untyped-def]
    events = masters(export(database))
    with database.reading() as s:
        kolkata = s.get(CheckInSeries, odd.series[0])
        volunteer = kolkata.assignment.facilitator
        host = kolkata.assignment.community
        assert host.name == COMMUNITY_NAMES[0]
        expected_summary = f"Check-in: {host.name} · {volunteer.name}"
    event = events[f"checkin-{odd.series[0]}@coordinator"]
    assert str(event["SUMMARY"]) == expected_summary  # commas, semicolons, quotes survive
    assert str(event["ORGANIZER"]) == f"mailto:{volunteer.email}"
    assert event["ORGANIZER"].params["CN"] == volunteer.name
    assert str(event["ATTENDEE"]) == f"mailto:{host.host_email}"
    assert event["ATTENDEE"].params["RSVP"] == "FALSE"
    description = str(event["DESCRIPTION"])
    assert host.host_email in description and volunteer.email in description
    assert "14:30 Asia/Kolkata" in description
    # London's clock moves in March, Kolkata's never: both of the host's times are named.
    assert "Tue 10:00 or Tue 09:00 Europe/London (as daylight saving changes)" in description
    assert "Repeats weekly on Tue at 14:30 Asia/Kolkata, 30 min" in description
    tokyo = str(events[f"checkin-{odd.series[1]}@coordinator"]["SUMMARY"])
    assert "東京 データ活用コミュニティ" in tokyo
    backslash = events[f"checkin-{odd.series[2]}@coordinator"]
    assert "Data\\Analytics — Ops" in str(backslash["SUMMARY"])

    webinar = events[f"webinar-{odd.sessions[0]}@coordinator"]
    assert str(webinar["SUMMARY"]) == 'Webinar: Facilitation, "hands-on"; part 1 (APAC)'
    text = str(webinar["DESCRIPTION"])
    assert "technical skills track" in text and "second Tuesday of every month" in text
    assert "09:30 America/St_Johns (Atlantic)" in text  # the other sessions to choose from
    assert "Bring a question.\nSlides: shared drive, folder 'Webinars'." in text
    assert list(webinar["CATEGORIES"].cats) == ["Webinar", "Technical skills"]


def test_scopes_hold_what_they_say(database, odd) -> None:  # type: ignore[no-untyped-def]
    with database.reading() as s:
        person = volunteer_scope(s, odd.volunteers[3])
        place = community_scope(s, odd.communities[3])
    mine = masters(export(database, person))
    own = {e.uid for e in occurrences(database, facilitator_id=person.facilitator_id)}
    assert set(mine) == own
    assert sum(uid.startswith("webinar-") for uid in mine) == len(odd.sessions)
    assert sum(uid.startswith("checkin-") for uid in mine) == 1
    theirs = masters(export(database, place))
    assert set(theirs) == {f"checkin-{odd.series[3]}@coordinator"}
    webinars = masters(export(database, CalendarScope(ScopeKind.WEBINARS)))
    assert set(webinars) == {f"webinar-{i}@coordinator" for i in odd.sessions}
    assert "Pacific_Chatham" in person.title or "Chatham" in person.title
    assert person.file_stem.endswith("-at-example.org")


def test_resolve_scope_explains_unknown_names(database, odd) -> None:  # type: ignore[no-untyped-def]
    with database.reading() as s:
        email = s.get(Facilitator, odd.volunteers[0]).email
        name = s.get(Community, odd.communities[0]).name
        assert resolve_scope(s, facilitator=email.upper()).facilitator_id == odd.volunteers[0]
        assert resolve_scope(s, community=name.lower()).community_id == odd.communities[0]
        assert resolve_scope(s).kind == ScopeKind.PROGRAMME
        with pytest.raises(ScopeError, match=f"Did you mean '{email}'"):
            resolve_scope(s, facilitator=email[:-1])
        with pytest.raises(ScopeError, match="No community is called 'Nowhere'"):
            resolve_scope(s, community="Nowhere")
        with pytest.raises(ScopeError, match="Choose one of --facilitator / --webinars"):
            resolve_scope(s, facilitator=email, webinars=True)


def test_the_period_leaves_out_series_outside_it(database, odd) -> None:  # type: ignore[no-untyped-def]
    with database.unit_of_work() as s:
        old = s.get(CheckInSeries, odd.series[0])
        old.until_on = date(2026, 10, 1)
    later = masters(export(database, start=date(2026, 11, 1), end=END))
    assert f"checkin-{odd.series[0]}@coordinator" not in later
    assert f"checkin-{odd.series[1]}@coordinator" in later
    before = masters(export(database, start=START, end=date(2026, 8, 1)))
    assert before == {}


def test_export_calendar_writes_the_file(database, odd, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "sub" / "programme.ics"
    result = export_calendar(database, out, PROGRAMME, START, END, now=NOW)
    assert result.path == out and result.series == len(odd.series) + len(odd.sessions)
    data = out.read_bytes()
    assert result.size_bytes == len(data) and data.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    assert [p.name for p in out.parent.iterdir()] == ["programme.ics"]  # no temporary left
    assert "recurring series" in str(result)
    with pytest.raises(ValueError, match="ends"):
        export_calendar(database, out, PROGRAMME, END, START)


def test_check_ins_only_in_a_community_calendar(database, odd) -> None:  # type: ignore[no-untyped-def]
    with database.reading() as s:
        place = community_scope(s, odd.communities[5])
    assert place.check_ins and not place.webinars
    events = occurrences(database, community_id=odd.communities[5], kinds=(CHECK_IN,))
    assert {e.uid for e in events} == set(masters(export(database, place)))
