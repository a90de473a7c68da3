"""Webinar sessions expanded into ``Event``s (monthly "Nth weekday" rules per session)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from coordinator.domain import OccurrenceStatus
from coordinator.models import WebinarOccurrence, WebinarSeries, WebinarSession
from coordinator.scheduling.occurrence import WEBINAR, Event, webinar_uid
from coordinator.scheduling.recurrence import DAY, ClockCache, monthly_dates

_WEBINAR_COLUMNS = (
    WebinarSession.id.label("session_id"),
    WebinarSession.label,
    WebinarSession.local_time,
    WebinarSession.time_zone,
    WebinarSeries.id,
    WebinarSeries.title,
    WebinarSeries.track,
    WebinarSeries.ordinal,
    WebinarSeries.weekday,
    WebinarSeries.duration_minutes,
    WebinarSeries.starts_on,
    WebinarSeries.until_on,
    WebinarSeries.reminder_minutes,
    # One entry per session: the series' changes plus the session's own (as in the .ics).
    (WebinarSeries.sequence + WebinarSession.sequence).label("sequence"),
)


def _webinar_title(row: Any) -> str:
    return f"Webinar: {row.title}" + (f" ({row.label})" if row.label else "")


def webinar_events(
    session: Session, start: datetime, end: datetime, clocks: ClockCache
) -> list[Event]:
    """Webinar occurrences starting in ``[start, end)`` (unsorted)."""
    first, last = start.date() - DAY, end.date() + DAY
    session_rows = session.execute(
        select(*_WEBINAR_COLUMNS)
        .join(WebinarSeries, WebinarSession.series_id == WebinarSeries.id)
        .where(WebinarSeries.starts_on <= last)
        .where(or_(WebinarSeries.until_on.is_(None), WebinarSeries.until_on >= first))
        .order_by(WebinarSession.id)
    ).all()
    stored_rows = session.execute(
        select(
            *_WEBINAR_COLUMNS,
            WebinarOccurrence.id.label("occurrence_id"),
            WebinarOccurrence.original_start,
            WebinarOccurrence.start.label("actual_start"),
            WebinarOccurrence.status,
            WebinarOccurrence.notes,
        )
        .join(WebinarSeries, WebinarSession.series_id == WebinarSeries.id)
        .join(WebinarOccurrence, WebinarOccurrence.session_id == WebinarSession.id)
        .where(
            or_(
                and_(
                    WebinarOccurrence.original_start >= start,
                    WebinarOccurrence.original_start < end,
                ),
                and_(WebinarOccurrence.start >= start, WebinarOccurrence.start < end),
            )
        )
    ).all()
    replaced = {(row.session_id, row.original_start) for row in stored_rows}
    events: list[Event] = []
    for row in session_rows:
        clock = clocks[row.time_zone]
        duration = timedelta(minutes=row.duration_minutes)
        head = (webinar_uid(row.session_id), WEBINAR, row.id, row.session_id, None)
        tail = (
            row.time_zone, _webinar_title(row), OccurrenceStatus.SCHEDULED, (), None, None,
            row.sequence, _reminders(row), "", "", None, None, row.track.value,
        )  # fmt: skip
        dates = monthly_dates(row.ordinal, row.weekday, row.starts_on, row.until_on, first, last)
        for day in dates:
            at = clock.instant(day, row.local_time)
            if start <= at < end and (row.session_id, at) not in replaced:
                events.append(Event._make((*head, at, at, at + duration, *tail)))
    for row in stored_rows:
        if start <= row.actual_start < end:
            events.append(
                Event(
                    uid=webinar_uid(row.session_id),
                    kind=WEBINAR,
                    series_id=row.id,
                    session_id=row.session_id,
                    occurrence_id=row.occurrence_id,
                    original_start=row.original_start,
                    start=row.actual_start,
                    end=row.actual_start + timedelta(minutes=row.duration_minutes),
                    time_zone=row.time_zone,
                    title=_webinar_title(row),
                    status=row.status,
                    facilitator_ids=(),
                    community_id=None,
                    assignment_id=None,
                    sequence=row.sequence,
                    reminder_minutes=_reminders(row),
                    notes=row.notes,
                    outcome="",
                    facilitator_zone=None,
                    host_zone=None,
                    track=row.track.value,
                )
            )
    return events


def _reminders(row: Any) -> tuple[int, ...] | None:
    return None if row.reminder_minutes is None else tuple(row.reminder_minutes)
