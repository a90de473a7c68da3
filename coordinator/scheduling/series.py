"""Facts about one stored check-in series: its weekdays, its RRULE and its instants."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from coordinator.domain import Cadence
from coordinator.models import CheckInSeries
from coordinator.scheduling.parties import host_week
from coordinator.scheduling.recurrence import (
    DAY,
    ClockCache,
    RecurrenceRule,
    check_in_rule,
    daily_weekdays,
    rule_dates,
    rule_ordinals,
)
from coordinator.settings import Settings


def series_days(series: CheckInSeries, settings: Settings) -> tuple[int, ...] | None:
    """Weekdays of a daily series (both parties' working days); None for other cadences."""
    if series.cadence != Cadence.DAILY:
        return None
    if series.days is not None:
        return tuple(series.days)
    assignment = series.assignment  # placed before the weekdays were stored
    return daily_weekdays(
        assignment.facilitator.work_days,
        host_week(assignment.community, settings).days,
        series.local_time,
        ClockCache()[series.time_zone],
        ZoneInfo(assignment.community.time_zone),
        series.starts_on,
    )


def series_rule(series: CheckInSeries, settings: Settings) -> RecurrenceRule:
    """The RRULE of a stored series.

    DTSTART must be the first occurrence (RFC 5545 leaves an unsynchronised DTSTART
    undefined): ``first_date(series, settings)`` at ``local_time`` with TZID ``time_zone``.
    """
    return check_in_rule(
        series.cadence, series.weekday, series.until_on, series_days(series, settings)
    )


def first_date(series: CheckInSeries, settings: Settings) -> date | None:
    """The local date of the rule's first occurrence (None when the rule gives none)."""
    ordinals = rule_ordinals(
        series.cadence,
        series.weekday,
        series.starts_on,
        series.until_on,
        series.starts_on,
        series.until_on or series.starts_on + timedelta(days=14),
        series_days(series, settings),
    )
    return date.fromordinal(ordinals[0]) if ordinals else None


def check_in_starts(
    series: CheckInSeries, first: datetime, last: datetime, settings: Settings
) -> list[datetime]:
    """Instants the rule of ``series`` gives in ``[first, last)`` (ignoring stored rows)."""
    clock = ClockCache()[series.time_zone]
    dates = rule_dates(
        series.cadence,
        series.weekday,
        series.starts_on,
        series.until_on,
        first.date() - DAY,
        last.date() + DAY,
        series_days(series, settings),
    )
    starts = (clock.instant(day, series.local_time) for day in dates)
    return [at for at in starts if first <= at < last]
