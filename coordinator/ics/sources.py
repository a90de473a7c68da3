"""Check-in series as calendar items, and ``load_items`` for any scope.

Check-in series are read with their people in one query (the whole programme is 5,000
series; webinar sessions are read in ``webinar_items``). Each gets its RRULE from
``check_in_rule`` and its DTSTART from the rule's first date (what ``series.first_date``
computes for one stored series), plus the stored occurrences that differ from the rule:
cancelled ones (EXDATE) and moved ones (RECURRENCE-ID overrides).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import String, or_, select, type_coerce
from sqlalchemy.orm import Session

from coordinator.domain import Cadence, Weekdays
from coordinator.ics import wording
from coordinator.ics.items import (
    CANCELLED,
    CalendarItem,
    Person,
    add_exceptions,
    all_gone,
    end_of_day,
    overlapping,
    reminders,
    rule_check,
)
from coordinator.ics.scopes import CalendarScope
from coordinator.ics.webinar_items import webinar_items
from coordinator.models import Assignment, CheckInOccurrence, CheckInSeries, Community, Facilitator
from coordinator.scheduling.occurrence import CHECK_IN, check_in_uid
from coordinator.scheduling.recurrence import (
    DAY,
    ClockCache,
    check_in_rule,
    daily_weekdays,
    rule_ordinals,
)
from coordinator.settings import Settings


def load_items(
    session: Session,
    scope: CalendarScope,
    settings: Settings,
    start: date | None = None,
    end: date | None = None,
) -> list[CalendarItem]:
    """The series of ``scope`` with an occurrence between ``start`` and ``end`` (dates)."""
    first = start - DAY if start else None  # local dates are within a day of UTC
    last = end + DAY if end else None
    clocks = ClockCache()
    items: list[CalendarItem] = []
    if scope.check_ins:
        items += check_in_items(session, scope, settings, first, last, clocks)
    if scope.webinars:
        items += webinar_items(session, settings, first, last, clocks)
    return items


# Columns rather than ORM objects: building 5,000 instances costs more than the rest of a read.
_SERIES_COLUMNS = (
    CheckInSeries.id,
    CheckInSeries.cadence,
    CheckInSeries.weekday,
    CheckInSeries.local_time,
    CheckInSeries.time_zone,
    CheckInSeries.duration_minutes,
    CheckInSeries.starts_on,
    CheckInSeries.until_on,
    CheckInSeries.reminder_minutes,
    CheckInSeries.sequence,
    type_coerce(CheckInSeries.days, String).label("days"),
)


def check_in_items(
    session: Session,
    scope: CalendarScope,
    settings: Settings,
    first: date | None,
    last: date | None,
    clocks: ClockCache,
) -> list[CalendarItem]:
    """Check-in series of the scope's volunteer or community (or all), one item each."""
    query = (
        select(
            *_SERIES_COLUMNS,
            Facilitator.id.label("facilitator_id"),
            Facilitator.name.label("volunteer"),
            Facilitator.email.label("volunteer_email"),
            Facilitator.time_zone.label("volunteer_zone"),
            type_coerce(Facilitator.work_days, String).label("work_days"),
            Community.name.label("community"),
            Community.host_name,
            Community.host_email,
            Community.time_zone.label("host_zone"),
            type_coerce(Community.host_work_days, String).label("host_days"),
        )
        .join(Assignment, CheckInSeries.assignment_id == Assignment.id)
        .join(Facilitator, Assignment.facilitator_id == Facilitator.id)
        .join(Community, Assignment.community_id == Community.id)
        .order_by(CheckInSeries.id)
    )
    if scope.facilitator_id is not None:
        query = query.where(Assignment.facilitator_id == scope.facilitator_id)
    if scope.community_id is not None:
        query = query.where(Assignment.community_id == scope.community_id)
    query = overlapping(query, CheckInSeries.starts_on, CheckInSeries.until_on, first, last)
    rows = session.execute(query).all()
    stored = _check_in_exceptions(session, [row.id for row in rows])
    default_host_days = settings.host_work_days.to_text()
    items = []
    for row in rows:  # the series' columns and its people's
        clock = clocks[row.time_zone]
        days = None
        if row.cadence == Cadence.DAILY and row.days:
            days = tuple(Weekdays.parse(row.days))
        elif row.cadence == Cadence.DAILY:  # placed before its weekdays were stored
            days = daily_weekdays(
                Weekdays.parse(row.work_days),
                Weekdays.parse(row.host_days or default_host_days),
                row.local_time,
                clock,
                ZoneInfo(row.host_zone),
                row.starts_on,
            )
        ordinals = _ordinals(row, days, row.until_on or row.starts_on + timedelta(days=14))
        if not ordinals:
            continue  # a rule without any date (e.g. a daily series on no shared day)
        first_day = date.fromordinal(ordinals[0])
        item = CalendarItem(
            uid=check_in_uid(row.id),
            kind=CHECK_IN,
            facilitator_id=row.facilitator_id,
            summary=wording.check_in_summary(row.community, row.volunteer),
            description=wording.check_in_description(
                community=row.community,
                volunteer=(row.volunteer, row.volunteer_email, row.volunteer_zone),
                host=(row.host_name, row.host_email, row.host_zone),
                cadence=row.cadence,
                weekday=row.weekday,
                days=days,
                wall=row.local_time,
                zone=row.time_zone,
                first=first_day,
                last=row.until_on,
                minutes=row.duration_minutes,
            ),
            categories=("Check-in",),
            time_zone=row.time_zone,
            first=datetime.combine(first_day, row.local_time),
            duration=timedelta(minutes=row.duration_minutes),
            rule=check_in_rule(row.cadence, row.weekday, row.until_on, days),
            until=end_of_day(clocks, row.time_zone, row.until_on),
            sequence=row.sequence,
            reminders=reminders(row.reminder_minutes, settings),
            organizer=Person(row.volunteer, row.volunteer_email),
            attendees=(Person(row.host_name, row.host_email),) if row.host_email else (),
        )
        on_rule = rule_check(clock, row.local_time, partial(_on_rule_date, row, days))
        add_exceptions(item, stored.get(row.id, ()), on_rule)
        if item.cancelled and row.until_on is not None:
            item.all_cancelled = all_gone(item, len(_ordinals(row, days, row.until_on)))
        items.append(item)
    return items


def _ordinals(series: Any, days: Any, last: date, first: date | None = None) -> Any:
    """Date ordinals the series' rule gives from ``first`` (default: its start) to ``last``."""
    rule = (series.cadence, series.weekday, series.starts_on, series.until_on)
    return rule_ordinals(*rule, first or series.starts_on, last, days)


def _on_rule_date(series: Any, days: Any, day: date) -> bool:
    return bool(_ordinals(series, days, day, day))


def _check_in_exceptions(session: Session, series_ids: list[int]) -> dict[int, list[Any]]:
    """Stored occurrences that differ from the rule, by series (cancelled, moved, resized)."""
    found: dict[int, list[Any]] = defaultdict(list)
    if not series_ids:
        return found
    query = (
        select(
            CheckInOccurrence.series_id,
            CheckInOccurrence.original_start,
            CheckInOccurrence.start,
            CheckInOccurrence.duration_minutes,
            CheckInOccurrence.status,
        )
        .join(CheckInSeries, CheckInOccurrence.series_id == CheckInSeries.id)
        .where(
            or_(
                CheckInOccurrence.status == CANCELLED,
                CheckInOccurrence.start != CheckInOccurrence.original_start,
                CheckInOccurrence.duration_minutes != CheckInSeries.duration_minutes,
            )
        )
        .order_by(CheckInOccurrence.original_start)
    )
    if len(series_ids) < 900:  # SQLite's bound-parameter limit; else filter here
        query = query.where(CheckInOccurrence.series_id.in_(series_ids))
    wanted = set(series_ids)
    for row in session.execute(query):
        if row.series_id in wanted:
            found[row.series_id].append(row)
    return found
