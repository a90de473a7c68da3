"""Recurrence rules expanded with date arithmetic, and a fast local→UTC clock per zone.

A series is *rule + local wall time + IANA zone*. Dates come from the rule (no zone involved);
each date's wall time becomes an instant through ``ZoneClock``, which is exact on every day:
on ordinary days it adds the time of day to the day's UTC midnight (cached), and on the few
days with a DST transition it falls back to ``worktime.to_utc`` (gap → forward by the gap's
length, fold → first occurrence).
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coordinator.domain import WEEKDAY_NAMES, Cadence
from coordinator.worktime import to_utc

DAY = timedelta(days=1)
ORDINAL_NAMES = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
_ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_FULL_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_UNSET = object()


class ZoneClock:
    """Local wall times of one zone turned into aware UTC instants, cached per day."""

    __slots__ = ("_bases", "_midnights", "name", "zone")

    def __init__(self, name: str) -> None:
        self.name = name
        self.zone = ZoneInfo(name)
        self._midnights: dict[date, datetime] = {}
        self._bases: dict[date, datetime | None] = {}

    def _midnight(self, day: date) -> datetime:
        found = self._midnights.get(day)
        if found is None:
            found = to_utc(datetime.combine(day, time()), self.zone)
            self._midnights[day] = found
        return found

    def day_base(self, day: date) -> datetime | None:
        """UTC instant of the day's local midnight if the offset holds all day, else None."""
        base = self._bases.get(day, _UNSET)
        if base is _UNSET:
            start, end = self._midnight(day), self._midnight(day + DAY)
            # A day of exactly 24 h has no transition: a gap makes it 23 h (also a gap at
            # midnight, read with the earlier offset), a fold 25 h, Lord Howe 23.5 h / 24.5 h.
            base = start if end - start == DAY else None
            self._bases[day] = base
        return base  # type: ignore[return-value]

    def instant(self, day: date, wall: time) -> datetime:
        """The UTC instant of ``wall`` on ``day`` (gaps forward, folds first)."""
        base = self.day_base(day)
        if base is None:
            return to_utc(datetime.combine(day, wall), self.zone)
        return base + timedelta(hours=wall.hour, minutes=wall.minute, seconds=wall.second)

    def bases(self, first: date, last: date) -> dict[int, datetime | None]:
        """``day_base`` by date ordinal from ``first`` to ``last`` (one lookup per occurrence)."""
        result = {}
        day = first
        while day <= last:
            result[day.toordinal()] = self.day_base(day)
            day += DAY
        return result

    def is_regular(self, day: date) -> bool:
        """True when ``day`` has no DST transition in this zone."""
        return self.day_base(day) is not None


class ClockCache(dict[str, ZoneClock]):
    """One ``ZoneClock`` per zone name, created on first use (share it within one operation).

    ``facts`` holds per-date facts about a zone for the slot chooser.
    """

    def __init__(self) -> None:
        super().__init__()
        self.facts: dict[tuple[str, str], dict] = {}

    def __missing__(self, name: str) -> ZoneClock:
        clock = ZoneClock(name)
        self[name] = clock
        return clock


def first_on_or_after(day: date, weekday: int) -> date:
    """The first date on or after ``day`` that falls on ``weekday`` (0 = Monday)."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def rule_ordinals(
    cadence: Cadence,
    weekday: int,
    starts_on: date,
    until_on: date | None,
    first: date,
    last: date,
    days: Collection[int] | None = None,
) -> range | list[int]:
    """Proleptic ordinals of a check-in rule's dates from ``first`` to ``last`` (inclusive).

    Weekly and fortnightly series fall on ``weekday``; fortnightly counts from the first such
    date on or after ``starts_on``. Daily series fall on ``days`` (every day when None).
    Integers, because the expansion of a year of the programme makes a date per occurrence.
    """
    lo = max(first, starts_on).toordinal()
    hi = (last if until_on is None else min(last, until_on)).toordinal()
    if lo > hi:
        return range(0)
    if cadence == Cadence.DAILY:
        if days is None:
            return range(lo, hi + 1)
        return [o for o in range(lo, hi + 1) if (o - 1) % 7 in days]  # ordinal 1 is a Monday
    step = 14 if cadence == Cadence.FORTNIGHTLY else 7
    anchor = first_on_or_after(starts_on, weekday).toordinal()
    skip = max(0, -(-(lo - anchor) // step))
    return range(anchor + skip * step, hi + 1, step)


def rule_dates(
    cadence: Cadence,
    weekday: int,
    starts_on: date,
    until_on: date | None,
    first: date,
    last: date,
    days: Collection[int] | None = None,
) -> list[date]:
    """Dates of a check-in rule between ``first`` and ``last`` (see ``rule_ordinals``)."""
    ordinals = rule_ordinals(cadence, weekday, starts_on, until_on, first, last, days)
    return [date.fromordinal(o) for o in ordinals]


def nth_weekday(year: int, month: int, ordinal: int, weekday: int) -> date:
    """The ``ordinal``-th ``weekday`` of a month (1..4, or -1 for the last one)."""
    if ordinal == -1:
        last_day = calendar.monthrange(year, month)[1]
        end = date(year, month, last_day)
        return end - timedelta(days=(end.weekday() - weekday) % 7)
    if ordinal not in (1, 2, 3, 4):
        raise ValueError(f"ordinal must be 1..4 or -1 (last), not {ordinal}")
    return first_on_or_after(date(year, month, 1), weekday) + timedelta(weeks=ordinal - 1)


def monthly_dates(
    ordinal: int, weekday: int, starts_on: date, until_on: date | None, first: date, last: date
) -> Iterator[date]:
    """Dates of a monthly "Nth weekday" rule between ``first`` and ``last`` (inclusive)."""
    lo = max(first, starts_on)
    hi = last if until_on is None else min(last, until_on)
    year, month = lo.year, lo.month
    while date(year, month, 1) <= hi:
        day = nth_weekday(year, month, ordinal, weekday)
        if lo <= day <= hi:
            yield day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def monthly_rule_text(ordinal: int, weekday: int) -> str:
    """Human wording of a monthly rule, e.g. ``second Tuesday`` or ``last Thursday``."""
    return f"{ORDINAL_NAMES[ordinal]} {_FULL_DAY_NAMES[weekday]}"


def cadence_text(cadence: Cadence, weekday: int, days: Collection[int] | None = None) -> str:
    """Human wording of a check-in rule, e.g. ``weekly on Tue`` or ``daily Mon-Fri``."""
    if cadence == Cadence.DAILY:
        shown = sorted(days) if days is not None else range(7)
        return "daily " + ",".join(WEEKDAY_NAMES[d] for d in shown)
    return f"{cadence.value} on {WEEKDAY_NAMES[weekday]}"


@dataclass(frozen=True, slots=True)
class RecurrenceRule:
    """An iCalendar RRULE equivalent of a series (for the .ics export)."""

    freq: str  # "WEEKLY" or "MONTHLY"
    interval: int
    byday: tuple[str, ...]  # e.g. ("TU",) or ("2TU",) or ("-1TH",)
    until: date | None

    def as_ical(self) -> dict[str, object]:
        """The mapping ``icalendar``'s ``event.add("rrule", …)`` expects (UNTIL left to the caller).

        UNTIL must be an instant in UTC when DTSTART has a TZID (RFC 5545 §3.3.10), and only the
        exporter knows the occurrence time it should cover, so it is not filled in here.
        """
        return {"freq": self.freq.lower(), "interval": self.interval, "byday": list(self.byday)}


def check_in_rule(
    cadence: Cadence, weekday: int, until_on: date | None, days: Collection[int] | None
) -> RecurrenceRule:
    """The RRULE of a check-in series; daily series become weekly on their working days."""
    if cadence == Cadence.DAILY:
        shown = sorted(days) if days is not None else range(7)
        return RecurrenceRule("WEEKLY", 1, tuple(_ICAL_DAYS[d] for d in shown), until_on)
    interval = 2 if cadence == Cadence.FORTNIGHTLY else 1
    return RecurrenceRule("WEEKLY", interval, (_ICAL_DAYS[weekday],), until_on)


def webinar_rule(ordinal: int, weekday: int, until_on: date | None) -> RecurrenceRule:
    """The RRULE of a monthly webinar session, e.g. ``FREQ=MONTHLY;BYDAY=2TU``."""
    return RecurrenceRule("MONTHLY", 1, (f"{ordinal}{_ICAL_DAYS[weekday]}",), until_on)


def daily_weekdays(
    volunteer_days: Collection[int],
    host_days: Collection[int],
    wall: time,
    zone: ZoneClock,
    host_zone: ZoneInfo,
    starts_on: date,
) -> tuple[int, ...]:
    """Weekdays (series zone) of a daily series: the volunteer works and the host's day is a
    working day at the slot, judged on the first week of the series.

    Judged once, on the first week, so the expansion is a plain RRULE (BYDAY) and the .ics
    export matches it date for date; the slot chooser checks every real date.
    """
    chosen = []
    for weekday in sorted(volunteer_days):
        day = first_on_or_after(starts_on, weekday)
        host_weekday = zone.instant(day, wall).astimezone(host_zone).weekday()
        if host_weekday in host_days:
            chosen.append(weekday)
    return tuple(chosen)
