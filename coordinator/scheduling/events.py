"""``events_between``: check-ins and webinars as ``Event``s, for the UI, reminders and exports.

Series are loaded in one query each and expanded with date arithmetic (a year of 5,000 weekly
series is about 260,000 events); stored occurrences (logged, moved, cancelled) replace the
rule's occurrence with the same original start.
"""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from operator import attrgetter
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import String, and_, or_, select, type_coerce
from sqlalchemy.orm import Session

from coordinator.domain import Cadence, OccurrenceStatus, Weekdays
from coordinator.models import (
    Assignment,
    CheckInOccurrence,
    CheckInSeries,
    Community,
    Facilitator,
)
from coordinator.scheduling.occurrence import CHECK_IN, WEBINAR, Event, check_in_uid, webinar_uid
from coordinator.scheduling.recurrence import (
    DAY,
    ClockCache,
    daily_weekdays,
    rule_ordinals,
)
from coordinator.scheduling.webinar_events import webinar_events
from coordinator.settings import Settings, load_settings

__all__ = ["CHECK_IN", "WEBINAR", "Event", "check_in_uid", "events_between", "webinar_uid"]

_SCHEDULED = OccurrenceStatus.SCHEDULED
_CANCELLED = OccurrenceStatus.CANCELLED


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: pass an aware instant")
    return value.astimezone(UTC)


def events_between(
    session: Session,
    start: datetime,
    end: datetime,
    *,
    facilitator_id: int | None = None,
    community_id: int | None = None,
    kinds: Collection[str] = (CHECK_IN, WEBINAR),
    include_cancelled: bool = True,
    settings: Settings | None = None,
) -> list[Event]:
    """Occurrences starting in ``[start, end)``, sorted by start (then series).

    The volunteer/community filters narrow check-ins; webinars (for everyone) stay unless
    ``kinds`` leaves them out. Cancelled occurrences come with status ``cancelled``.
    """
    start, end = _aware(start), _aware(end)
    settings = settings or load_settings(session)
    clocks = ClockCache()
    events: list[Event] = []
    with _collector_paused():
        if CHECK_IN in kinds:
            events.extend(
                _check_ins(session, start, end, facilitator_id, community_id, settings, clocks)
            )
        if WEBINAR in kinds:
            events.extend(webinar_events(session, start, end, clocks))
        if not include_cancelled:
            events = [e for e in events if e.status != _CANCELLED]
        events.sort(key=attrgetter("start"))  # stable: ties keep the series order of the queries
    return events


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a year of events is built.

    Hundreds of thousands of new tuples would trigger collections that scan them again and
    again (half the expansion time). They form no cycles, so instead of letting the young
    generation scan them once more on resume, freeze + unfreeze moves them (with whatever else
    was young) straight to the oldest generation; refcounting still frees them as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


_CHECK_IN_COLUMNS = (
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
    Assignment.id.label("assignment_id"),
    Assignment.facilitator_id,
    Assignment.community_id,
    Facilitator.name.label("facilitator_name"),
    Facilitator.time_zone.label("facilitator_zone"),
    # As text: parsing thousands of weekday sets is wasted unless a series is daily.
    type_coerce(Facilitator.work_days, String).label("work_days"),
    Community.name.label("community_name"),
    Community.time_zone.label("host_zone"),
    type_coerce(Community.host_work_days, String).label("host_work_days"),
)


def _check_in_query(columns: Iterable[Any], facilitator_id: int | None, community_id: int | None):  # type: ignore[no-untyped-def]
    query = (
        select(*columns)
        .join(Assignment, CheckInSeries.assignment_id == Assignment.id)
        .join(Facilitator, Assignment.facilitator_id == Facilitator.id)
        .join(Community, Assignment.community_id == Community.id)
    )
    if facilitator_id is not None:
        query = query.where(Assignment.facilitator_id == facilitator_id)
    if community_id is not None:
        query = query.where(Assignment.community_id == community_id)
    return query


class _CheckInTemplate(NamedTuple):
    uid: str
    title: str
    facilitator_ids: tuple[int, ...]
    duration: timedelta
    reminders: tuple[int, ...] | None


def _template(row: Any) -> _CheckInTemplate:
    return _CheckInTemplate(
        check_in_uid(row.id),
        f"Check-in: {row.community_name} · {row.facilitator_name}",
        (row.facilitator_id,),
        timedelta(minutes=row.duration_minutes),
        None if row.reminder_minutes is None else tuple(row.reminder_minutes),
    )


def _check_ins(
    session: Session,
    start: datetime,
    end: datetime,
    facilitator_id: int | None,
    community_id: int | None,
    settings: Settings,
    clocks: ClockCache,
) -> list[Event]:
    first, last = start.date() - DAY, end.date() + DAY  # local dates are within a day of UTC
    # Local dates whose wall times (UTC-12…UTC+14) are surely inside the window: no checks.
    safe_first = ((start + timedelta(hours=14)).date() + DAY).toordinal()
    safe_last = ((end - timedelta(hours=37)).date() - DAY).toordinal()
    series_rows = session.execute(
        _check_in_query(_CHECK_IN_COLUMNS, facilitator_id, community_id)
        .where(CheckInSeries.starts_on <= last)
        .where(or_(CheckInSeries.until_on.is_(None), CheckInSeries.until_on >= first))
        .order_by(CheckInSeries.id)
    ).all()
    stored_rows = session.execute(
        _check_in_query(
            (
                *_CHECK_IN_COLUMNS,
                CheckInOccurrence.id.label("occurrence_id"),
                CheckInOccurrence.original_start,
                CheckInOccurrence.start.label("actual_start"),
                CheckInOccurrence.duration_minutes.label("actual_minutes"),
                CheckInOccurrence.status,
                CheckInOccurrence.notes,
                CheckInOccurrence.outcome,
            ),
            facilitator_id,
            community_id,
        )
        .join(CheckInOccurrence, CheckInOccurrence.series_id == CheckInSeries.id)
        .where(
            or_(
                and_(
                    CheckInOccurrence.original_start >= start,
                    CheckInOccurrence.original_start < end,
                ),
                and_(CheckInOccurrence.start >= start, CheckInOccurrence.start < end),
            )
        )
        .order_by(CheckInSeries.id, CheckInOccurrence.original_start)
    ).all()
    replaced: dict[int, set[datetime]] = {}
    for row in stored_rows:
        replaced.setdefault(row.id, set()).add(row.original_start)
    events: list[Event] = []
    new = tuple.__new__
    bases: dict[str, tuple[dict[int, datetime | None], list[int]]] = {}
    for row in series_rows:
        tpl = _template(row)
        clock = clocks[row.time_zone]
        if row.time_zone not in bases:
            table = clock.bases(first, last)
            bases[row.time_zone] = (table, [o for o, base in table.items() if base is None])
        base_of, transition_days = bases[row.time_zone]
        wall = row.local_time
        tod = timedelta(hours=wall.hour, minutes=wall.minute, seconds=wall.second)
        days = None
        if row.cadence == Cadence.DAILY and row.days:
            days = tuple(Weekdays.parse(row.days))
        elif row.cadence == Cadence.DAILY:  # placed before its weekdays were stored
            host_days = Weekdays.parse(row.host_work_days or settings.host_work_days.to_text())
            volunteer_days = Weekdays.parse(row.work_days)
            days = daily_weekdays(
                volunteer_days, host_days, wall, clock, ZoneInfo(row.host_zone), row.starts_on
            )
        rule = (row.cadence, row.weekday, row.starts_on, row.until_on, first, last, days)
        ordinals = rule_ordinals(*rule)
        if not ordinals:
            continue
        # The fields every occurrence of the series shares, as locals for the tuple literal.
        uid, series_id, zone, title = tpl.uid, row.id, row.time_zone, tpl.title
        ids, community, assignment = tpl.facilitator_ids, row.community_id, row.assignment_id
        sequence = row.sequence
        reminders, volunteer_zone, host_zone = tpl.reminders, row.facilitator_zone, row.host_zone
        duration = tpl.duration
        if any(o in ordinals for o in transition_days):  # exact (and slower) around DST changes
            starts = [clock.instant(date.fromordinal(o), wall) for o in ordinals]
        else:
            starts = [base_of[o] + tod for o in ordinals]
        if ordinals[0] < safe_first or ordinals[-1] > safe_last:
            starts = [at for at in starts if start <= at < end]
        if row.id in replaced:
            skip = replaced[row.id]
            starts = [at for at in starts if at not in skip]
        # tuple.__new__ on a literal in field order: Event(...) or Event._make would add a
        # Python call per event, and building the tuple by unpacking an extra list.
        events.extend(
            [
                new(Event, (
                    uid, CHECK_IN, series_id, None, None, at, at, at + duration, zone, title,
                    _SCHEDULED, ids, community, assignment, sequence, reminders, "", "",
                    volunteer_zone, host_zone, None,
                ))
                for at in starts
            ]
        )  # fmt: skip
    for row in stored_rows:
        if start <= row.actual_start < end:
            tpl = _template(row)
            events.append(
                Event(
                    uid=tpl.uid,
                    kind=CHECK_IN,
                    series_id=row.id,
                    session_id=None,
                    occurrence_id=row.occurrence_id,
                    original_start=row.original_start,
                    start=row.actual_start,
                    end=row.actual_start + timedelta(minutes=row.actual_minutes),
                    time_zone=row.time_zone,
                    title=tpl.title,
                    status=row.status,
                    facilitator_ids=tpl.facilitator_ids,
                    community_id=row.community_id,
                    assignment_id=row.assignment_id,
                    sequence=row.sequence,
                    reminder_minutes=tpl.reminders,
                    notes=row.notes,
                    outcome=row.outcome,
                    facilitator_zone=row.facilitator_zone,
                    host_zone=row.host_zone,
                    track=None,
                )
            )
    return events
