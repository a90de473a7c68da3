"""Compact, RRULE-style VTIMEZONE components built from the IANA database.

icalendar's own generator lists every transition as an RDATE; Outlook is known to shift events
by an hour with such zones and expects the classic form ("last Sunday of March at 01:00").
We scan the real transitions of a zone over the exported period (padded by a year either side),
group them by their yearly pattern and write one observance per pattern with a yearly RRULE.
A transition that fits no yearly pattern (e.g. a one-off change of offset, or rules tied to
another calendar) becomes an observance with RDATEs, so the offsets are right in any case.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

_EPOCH = datetime(1970, 1, 1)
_ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True, slots=True)
class Transition:
    """One change of UTC offset: the instant, the offsets and the wall time it happens at."""

    at: datetime  # aware UTC
    offset_from: timedelta
    offset_to: timedelta
    name: str
    is_dst: bool

    @property
    def local_start(self) -> datetime:
        """Wall-clock time of the change, read with the offset in force before it (RFC 5545)."""
        return (self.at + self.offset_from).replace(tzinfo=None)

    @property
    def yearly_key(self) -> tuple[object, ...]:
        """What must repeat each year for one RRULE to describe the transition."""
        local = self.local_start
        return (
            self.is_dst,
            self.offset_from,
            self.offset_to,
            local.month,
            local.weekday(),
            _ordinal(local.date()),
            local.time(),
        )


def _ordinal(day: date) -> int:
    """Weekday position in the month: 1..4, or -1 when it is the month's last such weekday."""
    if day.day + 7 > calendar.monthrange(day.year, day.month)[1]:
        return -1
    return (day.day - 1) // 7 + 1


def transitions(zone: ZoneInfo, first: datetime, last: datetime) -> Iterator[Transition]:
    """Every offset change of ``zone`` between two aware instants, found by bisection."""
    step = timedelta(days=1)
    cursor = first
    previous = cursor.astimezone(zone).utcoffset()
    while cursor < last:
        nxt = min(cursor + step, last)
        offset = nxt.astimezone(zone).utcoffset()
        if offset != previous:
            lo, hi = cursor, nxt
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                if mid.astimezone(zone).utcoffset() == previous:
                    lo = mid
                else:
                    hi = mid
            at = hi.replace(microsecond=0)
            local = at.astimezone(zone)
            yield Transition(
                at=at,
                offset_from=previous or timedelta(0),
                offset_to=offset or timedelta(0),
                name=local.tzname() or "",
                # By direction, not by tzdata's dst(): Morocco's Ramadan hour is a negative
                # DST in tzdata, which some parsers mishandle; clocks going forward is DAYLIGHT.
                is_dst=(offset or timedelta(0)) > (previous or timedelta(0)),
            )
            previous = offset
        cursor = nxt


def vtimezone(zone_name: str, first: date, last: date) -> Timezone:
    """A VTIMEZONE for ``zone_name`` valid for events from ``first`` to ``last``."""
    zone = ZoneInfo(zone_name)
    start = datetime(first.year - 1, 1, 1, tzinfo=UTC)
    end = datetime(last.year + 2, 1, 1, tzinfo=UTC)
    found = list(transitions(zone, start, end))
    tz = Timezone()
    tz.add("tzid", zone_name)
    tz.add("x-lic-location", zone_name)
    if not found:
        local = start.astimezone(zone)
        offset = local.utcoffset() or timedelta(0)
        tz.add_component(_observance(False, offset, offset, local.tzname() or "", _EPOCH))
        return tz
    groups: dict[tuple[object, ...], list[Transition]] = {}
    for transition in found:
        groups.setdefault(transition.yearly_key, []).append(transition)
    for members in groups.values():
        years = [t.at.year for t in members]
        consecutive = years == list(range(years[0], years[0] + len(years)))
        head = members[0]
        component = _observance(
            head.is_dst, head.offset_from, head.offset_to, head.name, head.local_start
        )
        if len(members) > 1 and consecutive:
            rule: dict[str, object] = {
                "freq": "YEARLY",
                "bymonth": head.local_start.month,
                "byday": f"{head.yearly_key[5]}{_ICAL_DAYS[head.local_start.weekday()]}",
            }
            if members[-1] is not _last_of_kind(found, head.is_dst):
                # The pattern stopped (the zone changed its rules): bound it. A day's margin
                # after the last onset, because some parsers compare UNTIL with wall time.
                rule["until"] = members[-1].at + timedelta(days=1)
            component.add("rrule", rule)
        else:
            for extra in members[1:]:
                component.add("rdate", extra.local_start)
        tz.add_component(component)
    return tz


def _last_of_kind(found: list[Transition], is_dst: bool) -> Transition:
    return [t for t in found if t.is_dst == is_dst][-1]


def _observance(
    is_dst: bool, offset_from: timedelta, offset_to: timedelta, name: str, start: datetime
) -> TimezoneDaylight | TimezoneStandard:
    component = TimezoneDaylight() if is_dst else TimezoneStandard()
    component.add("dtstart", start)
    component.add("tzoffsetfrom", offset_from)
    component.add("tzoffsetto", offset_to)
    if name:
        component.add("tzname", name)
    return component
