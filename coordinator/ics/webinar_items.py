"""Webinar sessions as calendar items: one VEVENT per session of a monthly webinar."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from coordinator.ics import wording
from coordinator.ics.items import (
    CANCELLED,
    CalendarItem,
    add_exceptions,
    all_gone,
    end_of_day,
    overlapping,
    reminders,
    rule_check,
)
from coordinator.models import WebinarOccurrence, WebinarSeries, WebinarSession
from coordinator.scheduling.occurrence import WEBINAR, webinar_uid
from coordinator.scheduling.recurrence import ClockCache, monthly_dates, webinar_rule
from coordinator.settings import Settings


def webinar_items(
    session: Session,
    settings: Settings,
    first: date | None,
    last: date | None,
    clocks: ClockCache,
) -> list[CalendarItem]:
    """Every session of every webinar series overlapping the period, one item each."""
    query = (
        select(WebinarSession, WebinarSeries)
        .join(WebinarSeries, WebinarSession.series_id == WebinarSeries.id)
        .order_by(WebinarSession.id)
    )
    query = overlapping(query, WebinarSeries.starts_on, WebinarSeries.until_on, first, last)
    rows = session.execute(query).all()
    siblings: dict[int, list[WebinarSession]] = defaultdict(list)
    for sitting, webinar in rows:
        siblings[webinar.id].append(sitting)
    stored: dict[int, list[Any]] = defaultdict(list)
    exceptions = select(
        WebinarOccurrence.session_id,
        WebinarOccurrence.original_start,
        WebinarOccurrence.start,
        WebinarOccurrence.status,
    ).where(
        or_(
            WebinarOccurrence.status == CANCELLED,
            WebinarOccurrence.start != WebinarOccurrence.original_start,
        )
    )
    for row in session.execute(exceptions.order_by(WebinarOccurrence.original_start)):
        stored[row.session_id].append(row)
    items = []
    for sitting, webinar in rows:
        horizon = webinar.until_on or webinar.starts_on + timedelta(days=70)
        dates = _dates(webinar, webinar.starts_on, horizon)
        if not dates:
            continue
        first_day = dates[0]
        others = [
            (s.local_time, s.time_zone, s.label) for s in siblings[webinar.id] if s is not sitting
        ]
        item = CalendarItem(
            uid=webinar_uid(sitting.id),
            kind=WEBINAR,
            facilitator_id=None,
            summary=wording.webinar_summary(webinar.title, sitting.label),
            description=wording.webinar_description(
                title=webinar.title,
                track=webinar.track.value,
                label=sitting.label,
                wall=sitting.local_time,
                zone=sitting.time_zone,
                ordinal=webinar.ordinal,
                weekday=webinar.weekday,
                minutes=webinar.duration_minutes,
                others=others,
                about=webinar.description,
            ),
            categories=("Webinar", webinar.track.value.capitalize()),
            time_zone=sitting.time_zone,
            first=datetime.combine(first_day, sitting.local_time),
            duration=timedelta(minutes=webinar.duration_minutes),
            rule=webinar_rule(webinar.ordinal, webinar.weekday, webinar.until_on),
            until=end_of_day(clocks, sitting.time_zone, webinar.until_on),
            sequence=webinar.sequence + sitting.sequence,
            reminders=reminders(webinar.reminder_minutes, settings),
        )
        clock = clocks[sitting.time_zone]
        on_rule = rule_check(clock, sitting.local_time, partial(_on_rule_date, webinar))
        add_exceptions(item, stored.get(sitting.id, ()), on_rule)
        if item.cancelled and webinar.until_on is not None:
            count = len(_dates(webinar, webinar.starts_on, webinar.until_on))
            item.all_cancelled = all_gone(item, count)
        items.append(item)
    return items


def _dates(webinar: WebinarSeries, first: date, last: date) -> list[date]:
    """The webinar rule's dates from ``first`` to ``last``."""
    rule = (webinar.ordinal, webinar.weekday, webinar.starts_on, webinar.until_on)
    return list(monthly_dates(*rule, first, last))


def _on_rule_date(webinar: WebinarSeries, day: date) -> bool:
    return bool(_dates(webinar, day, day))
