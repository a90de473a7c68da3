"""A programme in awkward time zones for the calendar-export tests, and ways to read .ics back.

Volunteers and hosts sit in zones with 30- and 45-minute offsets, a half-hour DST shift, no
DST at all and on both sides of the date line; the scheduler chooses every slot; webinar
sessions are anchored in such zones too. Some occurrences are moved or cancelled, several of
them on the weeks where a zone changes its offset.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import icalendar
import recurring_ical_events
import vobject
from sqlalchemy import select

from coordinator.db import Database
from coordinator.domain import Cadence, OccurrenceStatus, WebinarTrack
from coordinator.models import CheckInSeries, WebinarSession
from coordinator.scheduling import (
    CHECK_IN,
    WEBINAR,
    Event,
    build_schedule,
    cancel_check_in,
    create_webinar_series,
    events_between,
    move_check_in,
    set_webinar_status,
)
from tests.unit.scheduling_factory import assign, community, volunteer

START = date(2026, 9, 1)
END = date(2027, 11, 30)  # 15 months: every zone goes through both of its DST changes
WINDOW = (datetime.combine(START, time(), UTC), datetime.combine(END, time(), UTC))

# (volunteer zone, host zone): every pair must have shared working hours on some weekday.
PAIRS = (
    ("Asia/Kolkata", "Europe/London"),  # +05:30 without DST; the host's clock moves
    ("Asia/Kathmandu", "Australia/Adelaide"),  # +05:45; +09:30/+10:30 in the south
    ("America/St_Johns", "Europe/Berlin"),  # -03:30/-02:30
    ("Pacific/Chatham", "Pacific/Auckland"),  # +12:45/+13:45
    ("Australia/Lord_Howe", "Asia/Tokyo"),  # DST of half an hour; Tokyo has none
    ("Pacific/Kiritimati", "Pacific/Pago_Pago"),  # +14 and -11: same clock, a day apart
    ("Pacific/Auckland", "America/Los_Angeles"),  # across the date line, opposite seasons
    ("Asia/Tokyo", "Asia/Kolkata"),  # neither has DST
    ("Australia/Adelaide", "Asia/Kathmandu"),
)

# Awkward names: commas, semicolons, quotes, a backslash and non-Latin scripts.
COMMUNITY_NAMES = (
    'Ventas, Marketing; "Growth" Café',
    "東京 データ活用コミュニティ",
    "Data\\Analytics — Ops",
)


@dataclass
class OddProgramme:
    """Ids of what ``odd_zone_programme`` created."""

    volunteers: list[int] = field(default_factory=list)
    communities: list[int] = field(default_factory=list)
    series: list[int] = field(default_factory=list)
    sessions: list[int] = field(default_factory=list)


def odd_zone_programme(database: Database) -> OddProgramme:
    """Create the programme, let the scheduler place the check-ins, add webinars."""
    ids = OddProgramme()
    with database.unit_of_work() as s:
        assignments = []
        for n, (volunteer_zone, host_zone) in enumerate(PAIRS):
            person = volunteer(s, volunteer_zone, name=f"Volunteer in {volunteer_zone}")
            name = COMMUNITY_NAMES[n] if n < len(COMMUNITY_NAMES) else f"CoP in {host_zone}"
            item = community(s, host_zone, name=name)
            assignments.append(assign(s, person, item, START, END).id)
            ids.volunteers.append(person.id)
            ids.communities.append(item.id)
        # Every cadence: Kathmandu ↔ Adelaide fortnightly, Lord Howe ↔ Tokyo daily.
        cadences = {assignments[1]: (Cadence.FORTNIGHTLY, 45), assignments[4]: (Cadence.DAILY, 15)}
        report = build_schedule(s, start=START, months=15, overrides=cadences)
        assert report.count("unplaced") == 0, report.changes
        ids.series = list(s.scalars(select(CheckInSeries.id).order_by(CheckInSeries.id)))
        create_webinar_series(
            s,
            title='Facilitation, "hands-on"; part 1',
            ordinal=2,
            weekday=1,
            starts_on=START,
            sessions=[
                (time(9), "Australia/Lord_Howe", "APAC"),
                (time(9, 30), "America/St_Johns", "Atlantic"),
                (time(8), "Pacific/Chatham", "Chatham Islands"),
            ],
            track=WebinarTrack.TECHNICAL,
            description="Bring a question.\nSlides: shared drive, folder 'Webinars'.",
        )
        create_webinar_series(
            s,
            title="Participation practices",
            ordinal=-1,
            weekday=3,
            starts_on=START,
            sessions=[
                (time(19), "Asia/Kathmandu", "Asia"),
                (time(10), "Pacific/Pago_Pago", "Pacific"),
            ],
        )
        ids.sessions = list(s.scalars(select(WebinarSession.id).order_by(WebinarSession.id)))
    return ids


def occurrences(database: Database, **filters: object) -> list[Event]:
    """``events_between`` over the test window (cancelled ones included)."""
    with database.reading() as s:
        return events_between(s, *WINDOW, **filters)  # type: ignore[arg-type]


def change_programme(database: Database, ids: OddProgramme) -> None:
    """Move and cancel check-ins and webinars, several of them on DST weekends."""
    events = occurrences(database)
    check_ins = [e for e in events if e.kind == CHECK_IN]
    webinars = [e for e in events if e.kind == WEBINAR]

    def near(items: list[Event], when: date) -> Event:
        return min(items, key=lambda e: abs(e.start.date() - when))

    with database.unit_of_work() as s:
        # London starts summer time on 28 March 2027: move the Kolkata check-in of that week.
        kolkata = [e for e in check_ins if e.series_id == ids.series[0]]
        moved = near(kolkata, date(2027, 3, 29))
        move_check_in(s, moved.series_id, moved.original_start, moved.start + timedelta(days=1))
        # Chatham leaves summer time on 4 April 2027: cancel that week's check-in.
        chatham = [e for e in check_ins if e.series_id == ids.series[3]]
        gone = near(chatham, date(2027, 4, 5))
        cancel_check_in(s, gone.series_id, gone.original_start, notes="host on leave")
        # Lord Howe moves its clocks by half an hour on 3 October 2027.
        lord_howe = [e for e in check_ins if e.series_id == ids.series[4]]
        late = near(lord_howe, date(2027, 10, 4))
        move_check_in(s, late.series_id, late.original_start, late.start + timedelta(hours=2))
        # Across the date line: cancel one Kiritimati check-in, move another by a week.
        kiritimati = [e for e in check_ins if e.series_id == ids.series[5]]
        cancel_check_in(s, kiritimati[3].series_id, kiritimati[3].original_start)
        shifted = kiritimati[10]
        move_check_in(
            s, shifted.series_id, shifted.original_start, shifted.start + timedelta(days=7, hours=1)
        )
        first_session = [e for e in webinars if e.session_id == ids.sessions[0]]
        set_webinar_status(
            s, ids.sessions[0], first_session[2].original_start, OccurrenceStatus.CANCELLED
        )
        last_session = [e for e in webinars if e.session_id == ids.sessions[-1]]
        target = last_session[5]
        set_webinar_status(
            s,
            ids.sessions[-1],
            target.original_start,
            OccurrenceStatus.MOVED,
            new_start=target.start + timedelta(days=1),
        )


# -- reading .ics back ------------------------------------------------------------------------
Occurrence = tuple[str, datetime, datetime]  # (uid, start UTC, end UTC)


def expected(database: Database, **filters: object) -> set[Occurrence]:
    """What the program itself says: events that are not cancelled, in the window."""
    with database.reading() as s:
        events = events_between(s, *WINDOW, include_cancelled=False, **filters)  # type: ignore[arg-type]
    return {(e.uid, e.start, e.end) for e in events}


def _status(component: object) -> str:
    value = getattr(component, "status", None)
    return str(getattr(value, "value", "") or "").upper()


def vobject_occurrences(data: bytes) -> set[Occurrence]:
    """Radicale's parser: masters expanded by ``getrruleset``, overrides applied by hand."""
    calendar = vobject.readOne(data.decode("utf-8"))
    masters, overrides = {}, defaultdict(list)
    for event in calendar.vevent_list:
        if hasattr(event, "recurrence_id"):
            overrides[event.uid.value].append(event)
        else:
            masters[event.uid.value] = event
    found: set[Occurrence] = set()
    first, last = WINDOW
    for uid, master in masters.items():
        if _status(master) == "CANCELLED":
            continue
        length = master.dtend.value - master.dtstart.value
        replaced = {o.recurrence_id.value for o in overrides[uid]}
        rules = master.getrruleset(addRDate=True)
        for start in rules.between(first - timedelta(days=2), last + timedelta(days=2), inc=True):
            if start not in replaced:
                found.add((uid, start.astimezone(UTC), (start + length).astimezone(UTC)))
        for override in overrides[uid]:
            if _status(override) != "CANCELLED":
                start, end = override.dtstart.value, override.dtend.value
                found.add((uid, start.astimezone(UTC), end.astimezone(UTC)))
    return {o for o in found if first <= o[1] < last}


def recurring_occurrences(data: bytes) -> set[Occurrence]:
    """``recurring_ical_events.of(calendar).between(a, b)`` (on icalendar's parse)."""
    calendar = icalendar.Calendar.from_ical(data)
    first, last = WINDOW
    found = set()
    for event in recurring_ical_events.of(calendar).between(first, last):
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        start, end = event["DTSTART"].dt.astimezone(UTC), event["DTEND"].dt.astimezone(UTC)
        if first <= start < last:
            found.add((str(event["UID"]), start, end))
    return found
