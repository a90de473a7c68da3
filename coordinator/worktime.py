"""Working hours on real dates: local wall-clock windows turned into UTC intervals.

Overlap between two people changes with daylight saving, so it is always computed on the
actual dates of a period, never on a "typical" offset.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coordinator.domain import Weekdays


@dataclass(frozen=True, slots=True)
class WorkWeek:
    """Someone's working hours: local start/end on given weekdays in an IANA zone."""

    time_zone: str
    start: time
    end: time
    days: Weekdays

    def intervals(self, first: date, last: date) -> Iterator[tuple[datetime, datetime]]:
        """UTC intervals of working time for each local working day from ``first`` to ``last``."""
        zone = ZoneInfo(self.time_zone)
        day = first
        while day <= last:
            if day.weekday() in self.days:
                yield (
                    to_utc(datetime.combine(day, self.start), zone),
                    to_utc(datetime.combine(day, self.end), zone),
                )
            day += timedelta(days=1)


def to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    """Convert a naive local wall time to UTC, resolving DST gaps and folds on purpose.

    A time in a gap (e.g. 02:30 when clocks jump 02:00→03:00) moves forward by the gap's
    length, as people expect ("the 02:30 meeting happens at 03:30"); a repeated time in a fold
    takes its first occurrence. PEP 495's ``fold=0`` gives exactly both: it reads the wall
    time with the offset in force *before* the transition.
    """
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC)


def is_nonexistent(local: datetime, zone: ZoneInfo) -> bool:
    """True when ``local`` falls in a DST gap of ``zone``."""
    round_trip = local.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)
    return round_trip.replace(tzinfo=None) != local


def is_ambiguous(local: datetime, zone: ZoneInfo) -> bool:
    """True when ``local`` happens twice in ``zone`` (a DST fold)."""
    return local.replace(tzinfo=zone, fold=0).utcoffset() != local.replace(
        tzinfo=zone, fold=1
    ).utcoffset() and not is_nonexistent(local, zone)


def intersect(
    a: Iterable[tuple[datetime, datetime]], b: Iterable[tuple[datetime, datetime]]
) -> list[tuple[datetime, datetime]]:
    """Intersection of two sorted lists of disjoint intervals."""
    left, right = sorted(a), sorted(b)
    i = j = 0
    result: list[tuple[datetime, datetime]] = []
    while i < len(left) and j < len(right):
        start = max(left[i][0], right[j][0])
        end = min(left[i][1], right[j][1])
        if start < end:
            result.append((start, end))
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return result


def overlap_minutes_per_week(a: WorkWeek, b: WorkWeek, first: date, last: date) -> float:
    """Average shared working minutes per week over the real dates ``first`` … ``last``."""
    # Pad by a day either side so days that straddle UTC midnight are counted whole.
    shared = intersect(
        a.intervals(first - timedelta(days=1), last + timedelta(days=1)),
        b.intervals(first - timedelta(days=1), last + timedelta(days=1)),
    )
    lo = datetime.combine(first, time(0), UTC)
    hi = datetime.combine(last + timedelta(days=1), time(0), UTC)
    total = sum(
        (min(end, hi) - max(start, lo)).total_seconds() / 60
        for start, end in shared
        if min(end, hi) > max(start, lo)
    )
    weeks = ((last - first).days + 1) / 7
    return total / weeks if weeks > 0 else 0.0


def now_in(zone_name: str, now: datetime | None = None) -> datetime:
    """The current (or given) instant as local time in ``zone_name``."""
    return (now or datetime.now(UTC)).astimezone(ZoneInfo(zone_name))


def utc_offset_text(zone_name: str, at: datetime | None = None) -> str:
    """The zone's offset at an instant, as ``UTC+05:45`` / ``UTC-03:30`` / ``UTC``."""
    offset = now_in(zone_name, at).utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"
