"""iCalendar (RFC 5545) files: each series one VEVENT with RRULE, TZID times, compact VTIMEZONEs.

Choices, and why:

* DTSTART is the wall time of the rule's first occurrence with the series' TZID, so 09:00
  stays 09:00 across daylight saving; UNTIL is in UTC (RFC 5545 §3.3.10: required when
  DTSTART has a TZID), one second before the local midnight after the series' last date.
* A cancelled occurrence is an EXDATE (same TZID as DTSTART), not an override with
  STATUS:CANCELLED: Outlook files EXDATEs under the series' deleted instances but reads an
  instance's STATUS only as free/busy "free" (MS-OXCICAL §2.1.3.1.1.20.23), so a cancelled
  check-in would still be shown; khal lists a cancelled override as an event marked
  CANCELLED; vobject's ``getrruleset`` and recurring-ical-events apply EXDATE themselves;
  Google removes both. A series whose every occurrence is cancelled is STATUS:CANCELLED too.
* A moved occurrence is a RECURRENCE-ID override (the rule's instant, in the TZID) with its
  new DTSTART/DTEND; overrides carry the master's SEQUENCE.
* SEQUENCE is the series' ``sequence``, raised by the scheduler whenever what the file says
  changes (the series re-slotted or ended, an occurrence moved, cancelled or restored), so a
  client that imported an earlier file replaces its copy; a roster snapshot carries it too.
  UIDs are ``Event.uid`` (as in the JSON).
* ORGANIZER is the volunteer and the host an ATTENDEE (RSVP=FALSE): with METHOD:PUBLISH no
  client sends invitations, and both addresses are one click away in the entry.
* No X-WR-TIMEZONE: every time carries a TZID, so it could only change how a client reads
  values without one; a volunteer's calendar mixes zones (webinar sessions) anyway.
* VALARM per reminder lead time (Google drops VALARMs on import: its reminders are the
  user's own).
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar
from icalendar.prop import vDuration
from sqlalchemy.orm import Session

from coordinator import __version__
from coordinator.db import Database
from coordinator.exporting_csv import write_atomically
from coordinator.ics import writer as w
from coordinator.ics.items import CalendarItem, Moved
from coordinator.ics.scopes import CalendarScope
from coordinator.ics.sources import load_items
from coordinator.ics.vtimezone import vtimezone
from coordinator.ics.wording import moved_note
from coordinator.settings import Settings, load_settings

PRODID = f"-//Coordinator//CoP programme calendar {__version__}//EN"
DEFAULT_PAST_DAYS = 31  # series that ended longer ago than this are left out by default
REFRESH = timedelta(hours=1)  # how often subscribed clients should re-read a published file

# Serialised VTIMEZONEs by (zone, first year, last year): ``vtimezone`` only looks at the
# years, and publishing writes the same zones into hundreds of files.
ZoneCache = MutableMapping[tuple[str, int, int], bytes]


@dataclass(frozen=True, slots=True)
class CalendarFile:
    """What an export wrote."""

    path: Path
    scope: CalendarScope
    series: int  # VEVENT masters (one per check-in series or webinar session)
    size_bytes: int

    def __str__(self) -> str:
        return (
            f"Wrote {self.scope.title!r} to {self.path}: {self.series} recurring series, "
            f"{self.size_bytes / 1024:.0f} KiB"
        )


def _local(moment: datetime, zone: str) -> str:
    return w.local_stamp(moment.astimezone(ZoneInfo(zone)))


def _people_lines(item: CalendarItem) -> list[str]:
    lines = []
    if item.organizer is not None and item.organizer.email:
        params = {"CN": item.organizer.name} if item.organizer.name else None
        lines.append(w.line("ORGANIZER", f"mailto:{item.organizer.email}", params))
    for person in item.attendees:
        params = {"CN": person.name} if person.name else {}
        params.update({"ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE"})
        lines.append(w.line("ATTENDEE", f"mailto:{person.email}", params))
    return lines


def _alarm_lines(summary: str, reminders: tuple[int, ...]) -> list[str]:
    """One VALARM per lead time; ``summary`` is already escaped (so is "in 1 day" then)."""
    lines = []
    for minutes in reminders:
        trigger, lead = _lead(minutes)
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            w.fold(f"DESCRIPTION:{summary} {lead}"),
            trigger,
            "END:VALARM",
        ]
    return lines


@lru_cache(maxsize=256)
def _lead(minutes: int) -> tuple[str, str]:
    """The TRIGGER line and the words for a lead time (``in 1 day``, ``in 15 min``)."""
    trigger = f"TRIGGER:{w.duration(timedelta(minutes=-minutes))}"
    if minutes == 0:
        return trigger, "now"
    if minutes % 1440 == 0:
        days = minutes // 1440
        return trigger, f"in {days} day{'s' if days != 1 else ''}"
    if minutes % 60 == 0:
        return trigger, f"in {minutes // 60} h"
    return trigger, f"in {minutes} min"


def render_event(item: CalendarItem, stamp: datetime) -> str:
    """The VEVENT master of ``item`` and its overrides, as CRLF-terminated content lines."""
    zone = item.time_zone
    tzid = {"TZID": zone}
    common = [
        w.line("UID", w.text(item.uid)),
        f"DTSTAMP:{w.utc_stamp(stamp)}",
        f"SEQUENCE:{item.sequence}",
    ]
    shared = [
        w.line("CATEGORIES", ",".join(w.text(c) for c in item.categories)),
        "TRANSP:OPAQUE",
        *_people_lines(item),
    ]
    rule = item.rule
    summary = w.text(item.summary)
    alarms = _alarm_lines(summary, item.reminders)
    lines = [
        "BEGIN:VEVENT",
        *common,
        w.line("DTSTART", w.local_stamp(item.first), tzid),
        w.line("DTEND", w.local_stamp(item.first + item.duration), tzid),
        w.line("RRULE", w.rrule(rule.freq, rule.interval, rule.byday, item.until)),
        *(w.line("RDATE", _local(at, zone), tzid) for at in sorted(set(item.extra))),
        *(w.line("EXDATE", _local(at, zone), tzid) for at in sorted(set(item.cancelled))),
        w.fold(f"SUMMARY:{summary}"),
        w.line("DESCRIPTION", w.text(item.description)),
        f"STATUS:{'CANCELLED' if item.all_cancelled else 'CONFIRMED'}",
        *shared,
        *alarms,
        "END:VEVENT",
    ]
    for moved in item.moved:
        lines += _override(item, moved, [*common, w.fold(f"SUMMARY:{summary}")], shared, alarms)
    return w.CRLF.join(lines) + w.CRLF


def _override(
    item: CalendarItem, moved: Moved, common: list[str], shared: list[str], alarms: list[str]
) -> list[str]:
    """A RECURRENCE-ID override: the rule's instant, and when it happens instead."""
    zone = item.time_zone
    tzid = {"TZID": zone}
    note = moved_note(moved.original_start, moved.start, zone)
    return [
        "BEGIN:VEVENT",
        *common,
        w.line("RECURRENCE-ID", _local(moved.original_start, zone), tzid),
        w.line("DTSTART", _local(moved.start, zone), tzid),
        w.line("DTEND", _local(moved.end, zone), tzid),
        w.line("DESCRIPTION", w.text(f"{note}\n{item.description}")),
        "STATUS:CONFIRMED",
        *shared,
        *alarms,
        "END:VEVENT",
    ]


def zone_ranges(items: Iterable[CalendarItem], horizon: date) -> dict[str, tuple[date, date]]:
    """Per zone, the first and last dates its VTIMEZONE must cover (open series: ``horizon``)."""
    ranges: dict[str, tuple[date, date]] = {}
    for item in items:
        first = item.first.date()
        candidates = [item.last_day or horizon, first]
        candidates += [m.start.astimezone(ZoneInfo(item.time_zone)).date() for m in item.moved]
        last = max(candidates)
        known = ranges.get(item.time_zone)
        if known is not None:
            first, last = min(first, known[0]), max(last, known[1])
        ranges[item.time_zone] = (first, last)
    return ranges


def timezones(ranges: dict[str, tuple[date, date]], cache: ZoneCache | None = None) -> bytes:
    """The VTIMEZONE components for ``ranges`` (sorted by zone name), serialised by icalendar."""
    cache = {} if cache is None else cache
    found = []
    for zone, (first, last) in sorted(ranges.items()):
        key = (zone, first.year, last.year)
        if key not in cache:
            cache[key] = vtimezone(zone, first, last).to_ical()
        found.append(cache[key])
    return b"".join(found)


def calendar_head(scope: CalendarScope) -> bytes:
    """The VCALENDAR's properties, built and serialised by icalendar (without its END line)."""
    calendar = Calendar.new(
        prodid=PRODID,
        method="PUBLISH",
        calscale="GREGORIAN",
        name=scope.title,
        uid=scope.uid,
    )
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    text = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert text.endswith(end)
    return text[: -len(end)]


def calendar_bytes(
    scope: CalendarScope,
    items: Sequence[CalendarItem],
    *,
    now: datetime | None = None,
    horizon: date | None = None,
    zone_cache: ZoneCache | None = None,
    rendered: MutableMapping[str, str] | None = None,
) -> bytes:
    """The whole .ics file for ``items`` (``rendered`` caches VEVENT text by UID)."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    horizon = horizon or stamp.date() + timedelta(days=366)
    head = calendar_head(scope) + timezones(zone_ranges(items, horizon), zone_cache)
    body = []
    for item in items:
        text = rendered.get(item.uid) if rendered is not None else None
        if text is None:
            text = render_event(item, stamp)
            if rendered is not None:
                rendered[item.uid] = text
        body.append(text)
    return head + "".join(body).encode("utf-8") + b"END:VCALENDAR\r\n"


def default_period(today: date | None = None) -> tuple[date, date | None]:
    """From a month ago, open-ended: recent history stays in subscribed calendars."""
    return (today or date.today()) - timedelta(days=DEFAULT_PAST_DAYS), None


def build_ics(
    session: Session,
    scope: CalendarScope,
    start: date | None = None,
    end: date | None = None,
    *,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> tuple[bytes, int]:
    """The .ics bytes of ``scope`` for series with occurrences from ``start`` to ``end``."""
    settings = settings or load_settings(session)
    items = load_items(session, scope, settings, start, end)
    data = calendar_bytes(scope, items, now=now, horizon=end)
    return data, len(items)


def export_calendar(
    database: Database,
    out: Path,
    scope: CalendarScope,
    start: date | None = None,
    end: date | None = None,
    *,
    now: datetime | None = None,
) -> CalendarFile:
    """Write the .ics of ``scope`` to ``out`` atomically (a temporary file, then a rename)."""
    if start is not None and end is not None and end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    with database.reading() as session:
        data, count = build_ics(session, scope, start, end, now=now)
    write_atomically({Path(out): data})
    return CalendarFile(Path(out), scope, count, len(data))
