"""Choosing a check-in slot inside both parties' working hours on every real date.

A series is kept in the *volunteer's* zone, so a volunteer's series all move together at DST
changes and one that does not collide on the dates checked never collides later. The host's
side is checked on each occurrence date with the real offsets of both zones, so a slot is
chosen that is valid on every date of the series period (a slot that is only valid on some
dates is used only when none is valid on all, and the share is reported).

Times are integers (minutes since the epoch, UTC) so the thousands of candidate × date checks
stay cheap; offsets are read once per date and exactly on the rare days with a transition.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from coordinator.domain import Cadence
from coordinator.scheduling.recurrence import (
    ClockCache,
    ZoneClock,
    daily_weekdays,
    first_on_or_after,
    rule_dates,
)
from coordinator.worktime import WorkWeek, is_ambiguous, is_nonexistent, to_utc

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
BUFFER_MINUTES = 15  # a breather between two check-ins of one person, when it fits


def epoch_minutes(instant: datetime) -> int:
    """An aware instant as whole minutes since 1970-01-01 UTC."""
    return (instant - EPOCH) // MINUTE


def _clock_minutes(value: time) -> int:
    return value.hour * 60 + value.minute


@dataclass
class Busy:
    """Booked intervals of one person, in epoch minutes, for double-booking checks."""

    _items: list[tuple[int, int]] = field(default_factory=list)
    _longest: int = 0

    def add(self, start: int, end: int) -> None:
        """Book ``[start, end)``."""
        bisect.insort(self._items, (start, end))
        if end - start > self._longest:
            self._longest = end - start

    def overlaps(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` meets any booked interval."""
        items = self._items
        i = bisect.bisect_left(items, (end, -1))
        floor = start - self._longest
        while i > 0:
            i -= 1
            booked_start, booked_end = items[i]
            if booked_start < floor:
                break
            if booked_end > start:
                return True
        return False

    def __len__(self) -> int:
        return len(self._items)


@dataclass(frozen=True, slots=True)
class SlotChoice:
    """A chosen check-in rule: weekday and wall time in the volunteer's zone, and its dates."""

    cadence: Cadence
    weekday: int
    local_time: time
    time_zone: str
    starts_on: date
    until_on: date
    duration_minutes: int
    days: tuple[int, ...] | None  # weekdays of a daily series
    valid_share: float  # share of dates inside both parties' working hours (1.0 = all)
    dates: int


class SlotChecker:
    """Checks wall-time slots of one volunteer zone against a host on every real date."""

    def __init__(
        self, volunteer: WorkWeek, host: WorkWeek, first: date, last: date, clocks: ClockCache
    ) -> None:
        self.volunteer, self.host = volunteer, host
        self.clock: ZoneClock = clocks[volunteer.time_zone]
        self.host_clock: ZoneClock = clocks[host.time_zone]
        self.host_zone = self.host_clock.zone
        self.first, self.last = first, last
        self._host_start = _clock_minutes(host.start)
        self._host_end = _clock_minutes(host.end)
        self._host_days = frozenset(host.days)
        # Per-zone facts per date, shared by every check within one operation.
        self._bases = clocks.facts.setdefault(("base", volunteer.time_zone), {})
        self._host_offsets = clocks.facts.setdefault(("offset", host.time_zone), {})

    def _base(self, day: date) -> int | None:
        """Epoch minutes of the volunteer's local midnight (None on a transition day)."""
        if day not in self._bases:
            base = self.clock.day_base(day)
            self._bases[day] = None if base is None else epoch_minutes(base)
        return self._bases[day]

    def _host_offset(self, day: date) -> int | None:
        """The host's UTC offset in minutes all around ``day`` (None when it changes)."""
        if day not in self._host_offsets:
            noon = datetime.combine(day, time(12), UTC)
            # The volunteer's local day and a check-in after it lie within noon UTC ± 27 h.
            early = (noon - timedelta(hours=27)).astimezone(self.host_zone).utcoffset()
            late = (noon + timedelta(hours=27)).astimezone(self.host_zone).utcoffset()
            same = early == late and early is not None
            self._host_offsets[day] = early // MINUTE if same else None  # type: ignore[operator]
        return self._host_offsets[day]

    def start_minutes(self, day: date, wall: time) -> int | None:
        """Epoch minutes of ``wall`` on ``day``; None in a gap, a fold or across a transition."""
        base = self._base(day)
        if base is not None:
            return base + _clock_minutes(wall)
        zone = self.clock.zone
        local = datetime.combine(day, wall)
        if is_nonexistent(local, zone) or is_ambiguous(local, zone):
            return None
        start = to_utc(local, zone)
        if (
            start.astimezone(zone).utcoffset()
            != (start + timedelta(hours=4)).astimezone(zone).utcoffset()
        ):
            return None  # a check-in (up to 4 h) that a clock change would cut short or stretch
        return epoch_minutes(start)

    def host_ok(self, day: date, start: int, duration: int) -> bool:
        """True when ``[start, start + duration)`` is inside the host's working hours and days."""
        offset = self._host_offset(day)
        if offset is None:
            begin = EPOCH + start * MINUTE
            offset = begin.astimezone(self.host_zone).utcoffset() // MINUTE  # type: ignore[operator]
            end_offset = (begin + duration * MINUTE).astimezone(self.host_zone).utcoffset()
            if end_offset // MINUTE != offset:  # type: ignore[operator]
                return False
        local = start + offset
        host_day, minute = divmod(local, 1440)
        return (
            (host_day + 3) % 7 in self._host_days  # 1970-01-01 was a Thursday
            and self._host_start <= minute
            and minute + duration <= self._host_end
        )

    def volunteer_ok(self, wall: time, duration: int) -> bool:
        """True when the wall-clock slot is inside the volunteer's working hours.

        Checked once per slot: the series is in the volunteer's zone, so the wall time is the
        same on every date (its dates are on the volunteer's working days by construction).
        """
        begin = _clock_minutes(wall)
        volunteer = self.volunteer
        return _clock_minutes(volunteer.start) <= begin <= _clock_minutes(volunteer.end) - duration

    def daily_days(self, wall: time, starts_on: date) -> tuple[int, ...]:
        """Weekdays of a daily series at ``wall`` (both parties' working days)."""
        return daily_weekdays(
            self.volunteer.days, self.host.days, wall, self.clock, self.host_zone, starts_on
        )


def evaluate(
    checker: SlotChecker,
    dates: list[date],
    wall: time,
    duration: int,
    busy: tuple[Busy, ...],
    buffer: int = 0,
    *,
    stop_at_first_miss: bool = False,
) -> int | None:
    """How many ``dates`` have the slot inside both parties' hours; None on a hard conflict.

    Hard conflicts (never accepted): a double booking in ``busy`` or a nonexistent, repeated
    or transition-spanning local time.
    """
    volunteer_ok = checker.volunteer_ok(wall, duration)
    if not volunteer_ok and stop_at_first_miss:
        return None
    good = 0
    for day in dates:
        start = checker.start_minutes(day, wall)
        if start is None:
            return None
        for booked in busy:
            if booked.overlaps(start - buffer, start + duration + buffer):
                return None
        if checker.host_ok(day, start, duration):
            good += 1
        elif stop_at_first_miss:
            return None
    return good if volunteer_ok else 0


def choose_check_in_slot(
    volunteer: WorkWeek,
    host: WorkWeek,
    cadence: Cadence,
    duration_minutes: int,
    first: date,
    last: date,
    *,
    busy: tuple[Busy, ...] = (),
    load: Mapping[int, float] | None = None,
    clocks: ClockCache | None = None,
    step_minutes: int = 15,
    first_weekday: int = 0,
) -> SlotChoice | None:
    """The best slot for a new series from ``first`` to ``last`` (volunteer's local dates).

    Order of preference: valid on every date with a breather around other bookings, then valid
    on every date back to back, then valid on most dates; within each, the weekday with the
    fewest of the volunteer's check-ins (spread over the week; ties go round the week from
    ``first_weekday``, so volunteers do not all start on Monday), a time on the hour or half
    hour, then the earliest time. Returns None when there is no slot at all.
    """
    clocks = clocks if clocks is not None else ClockCache()
    load = load or {}
    checker = SlotChecker(volunteer, host, first, last, clocks)
    candidates = _candidates(
        volunteer, cadence, duration_minutes, first, step_minutes, load, first_weekday
    )
    date_lists: dict[tuple[int, date, time | None], list[date]] = {}

    def dates_of(weekday: int, starts_on: date, wall: time) -> tuple[list[date], tuple | None]:
        if cadence != Cadence.DAILY:
            key = (weekday, starts_on, None)
            if key not in date_lists:
                date_lists[key] = list(rule_dates(cadence, weekday, starts_on, last, first, last))
            return date_lists[key], None
        days = checker.daily_days(wall, starts_on)
        return list(rule_dates(cadence, 0, starts_on, last, first, last, days)), days

    for buffer in (BUFFER_MINUTES, 0):
        for weekday, starts_on, wall in candidates:
            dates, days = dates_of(weekday, starts_on, wall)
            if not dates:
                continue
            good = evaluate(
                checker, dates, wall, duration_minutes, busy, buffer, stop_at_first_miss=True
            )
            if good == len(dates):
                return SlotChoice(
                    cadence, weekday, wall, volunteer.time_zone, starts_on, last,
                    duration_minutes, days, 1.0, len(dates),
                )  # fmt: skip
    best: tuple[float, int, date, time, tuple | None, int] | None = None
    for weekday, starts_on, wall in candidates:
        dates, days = dates_of(weekday, starts_on, wall)
        good = evaluate(checker, dates, wall, duration_minutes, busy) if dates else None
        if good and (best is None or good / len(dates) > best[0]):
            best = (good / len(dates), weekday, starts_on, wall, days, len(dates))
    if best is None:
        return None
    share, weekday, starts_on, wall, days, count = best
    return SlotChoice(
        cadence, weekday, wall, volunteer.time_zone, starts_on, last, duration_minutes, days,
        share, count,
    )  # fmt: skip


def _candidates(
    volunteer: WorkWeek,
    cadence: Cadence,
    duration: int,
    first: date,
    step: int,
    load: Mapping[int, float],
    first_weekday: int,
) -> list[tuple[int, date, time]]:
    """(weekday, starts_on, wall time) candidates in order of preference."""
    begin, end = _clock_minutes(volunteer.start), _clock_minutes(volunteer.end)
    minutes = sorted(range(begin, end - duration + 1, step), key=lambda m: (m % 30 != 0, m))
    walls = [time(m // 60, m % 60) for m in minutes]  # on the hour or half hour first
    if cadence == Cadence.DAILY:
        return [(0, first, wall) for wall in walls]
    weekdays = sorted(volunteer.days, key=lambda d: (load.get(d, 0.0), (d - first_weekday) % 7))
    candidates = []
    for weekday in weekdays:
        starts = [first]
        if cadence == Cadence.FORTNIGHTLY:
            anchor = first_on_or_after(first, weekday)
            starts = [anchor, anchor + timedelta(weeks=1)]
        candidates += [(weekday, starts_on, wall) for wall in walls for starts_on in starts]
    return candidates


def weekly_load(
    cadence: Cadence, weekday: int, days: Collection[int] | None = None
) -> dict[int, float]:
    """Check-ins per week a series adds to each weekday (for spreading the next one)."""
    if cadence == Cadence.DAILY:
        return {d: 1.0 for d in (days if days is not None else range(7))}
    return {weekday: 0.5 if cadence == Cadence.FORTNIGHTLY else 1.0}
