"""The check-in log: done / missed, moves and cancellations stored as exception rows.

The rule is never touched: an occurrence that differs from it is a row keyed by (series,
original start), the iCalendar RECURRENCE-ID, and the expansion defers to it. What an .ics
file says does change (an EXDATE, an override), so moving, cancelling or restoring raises the
``sequence`` of the check-in series or webinar session (iCalendar SEQUENCE): a client that
imported an earlier file then replaces its copy. Logging done/missed changes nothing shown.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from coordinator import audit
from coordinator.domain import OccurrenceStatus
from coordinator.models import (
    Attendance,
    CheckInOccurrence,
    CheckInSeries,
    WebinarOccurrence,
    WebinarSession,
)
from coordinator.scheduling.events import CHECK_IN, Event, check_in_uid, events_between
from coordinator.scheduling.parties import host_week, volunteer_week
from coordinator.scheduling.recurrence import (
    ClockCache,
    monthly_dates,
)
from coordinator.scheduling.series import check_in_starts
from coordinator.settings import load_settings
from coordinator.worktime import WorkWeek

LOGGABLE = (OccurrenceStatus.DONE, OccurrenceStatus.MISSED)


class SchedulingError(ValueError):
    """A schedule change that cannot be made; the message is meant for a person."""


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise SchedulingError("times must carry a time zone")
    return value.astimezone(UTC)


def _check_in_row(
    session: Session, series_id: int, original_start: datetime
) -> tuple[CheckInSeries, CheckInOccurrence]:
    """The stored row of an occurrence, created from the rule when it is not stored yet."""
    series = session.get(CheckInSeries, series_id)
    if series is None:
        raise SchedulingError(f"There is no check-in series {series_id}.")
    original_start = _utc(original_start)
    row = session.scalars(
        select(CheckInOccurrence).where(
            CheckInOccurrence.series_id == series_id,
            CheckInOccurrence.original_start == original_start,
        )
    ).one_or_none()
    if row is not None:
        return series, row
    settings = load_settings(session)
    window = (original_start - timedelta(minutes=1), original_start + timedelta(minutes=1))
    if original_start not in check_in_starts(series, *window, settings):
        raise SchedulingError(
            f"The check-in series {series_id} has no occurrence at {original_start:%Y-%m-%d %H:%M}"
            " UTC."
        )
    row = CheckInOccurrence(
        series_id=series_id,
        original_start=original_start,
        start=original_start,
        duration_minutes=series.duration_minutes,
        status=OccurrenceStatus.SCHEDULED,
    )
    session.add(row)
    return series, row


def log_check_in(
    session: Session,
    series_id: int,
    original_start: datetime,
    status: OccurrenceStatus,
    *,
    notes: str = "",
    outcome: str = "",
    now: datetime | None = None,
) -> CheckInOccurrence:
    """Record an occurrence as done or missed, with notes and outcome; the series continues."""
    if status not in LOGGABLE:
        raise SchedulingError("A check-in is logged as done or missed.")
    now = _utc(now or datetime.now(UTC))
    _series, row = _check_in_row(session, series_id, original_start)
    if row.status == OccurrenceStatus.CANCELLED:
        raise SchedulingError("This check-in was cancelled; restore it before logging it.")
    if row.start > now:
        raise SchedulingError("This check-in has not happened yet; log it once it has.")
    old = (row.status.value, row.notes, row.outcome)
    row.status, row.notes, row.outcome, row.logged_at = status, notes, outcome, now
    session.flush()
    audit.record(
        session, "log", "check_in_occurrence", row.id,
        f"check-in {row.original_start:%Y-%m-%d %H:%M} UTC of series {series_id}: {status.value}",
        {"status": [old[0], status.value], "notes": [old[1], notes], "outcome": [old[2], outcome]},
    )  # fmt: skip
    return row


def move_warnings(
    session: Session,
    series_id: int,
    original_start: datetime,
    new_start: datetime,
    duration_minutes: int | None = None,
) -> tuple[list[Event], list[str]]:
    """Double bookings (other check-ins of the volunteer) and working-hour misses of a move."""
    series = session.get(CheckInSeries, series_id)
    if series is None:
        raise SchedulingError(f"There is no check-in series {series_id}.")
    settings = load_settings(session)
    new_start = _utc(new_start)
    end = new_start + timedelta(minutes=duration_minutes or series.duration_minutes)
    assignment = series.assignment
    nearby = events_between(
        session,
        new_start - timedelta(hours=6),
        end,
        facilitator_id=assignment.facilitator_id,
        kinds=(CHECK_IN,),
        include_cancelled=False,
        settings=settings,
    )
    key = (check_in_uid(series_id), _utc(original_start))
    conflicts = [e for e in nearby if e.key != key and e.start < end and e.end > new_start]
    notes = []
    for who, week in (
        ("the volunteer", volunteer_week(assignment.facilitator)),
        ("the host", host_week(assignment.community, settings)),
    ):
        if not _inside(week, new_start, end):
            local = new_start.astimezone(ZoneInfo(week.time_zone))
            notes.append(
                f"{local:%a %H:%M} {week.time_zone} is outside {who}'s working hours "
                f"({week.start:%H:%M}–{week.end:%H:%M} {week.days})."
            )
    return conflicts, notes


def _inside(week: WorkWeek, start: datetime, end: datetime) -> bool:
    local_day = start.astimezone(ZoneInfo(week.time_zone)).date()
    return any(a <= start and end <= b for a, b in week.intervals(local_day, local_day))


def move_check_in(
    session: Session,
    series_id: int,
    original_start: datetime,
    new_start: datetime,
    *,
    duration_minutes: int | None = None,
    allow_conflicts: bool = False,
) -> CheckInOccurrence:
    """Move one occurrence to ``new_start`` (aware); refuses a double booking unless allowed."""
    new_start = _utc(new_start)
    conflicts, _notes = move_warnings(
        session, series_id, original_start, new_start, duration_minutes
    )
    if conflicts and not allow_conflicts:
        first = conflicts[0]
        raise SchedulingError(
            f"The volunteer already has {first.title} at {first.start:%Y-%m-%d %H:%M} UTC."
        )
    series, row = _check_in_row(session, series_id, original_start)
    series.sequence += 1
    old_start = row.start
    row.start = new_start
    if duration_minutes:
        row.duration_minutes = duration_minutes
    if row.status in (OccurrenceStatus.SCHEDULED, OccurrenceStatus.CANCELLED):
        row.status = OccurrenceStatus.MOVED
    session.flush()
    audit.record(
        session, "move", "check_in_occurrence", row.id,
        f"check-in of series {series_id} moved to {new_start:%Y-%m-%d %H:%M} UTC",
        {"start": [old_start.isoformat(), new_start.isoformat()]},
    )  # fmt: skip
    return row


def cancel_check_in(
    session: Session, series_id: int, original_start: datetime, *, notes: str = ""
) -> CheckInOccurrence:
    """Cancel one occurrence (kept as a row with status cancelled, for EXDATE/STATUS)."""
    series, row = _check_in_row(session, series_id, original_start)
    if row.status is not OccurrenceStatus.CANCELLED:
        series.sequence += 1
    old = row.status.value
    row.status = OccurrenceStatus.CANCELLED
    if notes:
        row.notes = notes
    session.flush()
    audit.record(
        session, "cancel", "check_in_occurrence", row.id,
        f"check-in {row.original_start:%Y-%m-%d %H:%M} UTC of series {series_id} cancelled",
        {"status": [old, "cancelled"]},
    )  # fmt: skip
    return row


def restore_check_in(session: Session, series_id: int, original_start: datetime) -> bool:
    """Drop an occurrence's stored row so it follows the rule again; False if none stored."""
    row = session.scalars(
        select(CheckInOccurrence).where(
            CheckInOccurrence.series_id == series_id,
            CheckInOccurrence.original_start == _utc(original_start),
        )
    ).one_or_none()
    if row is None:
        return False
    shown = row.status in (OccurrenceStatus.CANCELLED, OccurrenceStatus.MOVED)
    if shown or row.start != row.original_start:
        row.series.sequence += 1  # its EXDATE or override goes away
    audit.record(
        session, "restore", "check_in_occurrence", row.id,
        f"check-in {row.original_start:%Y-%m-%d %H:%M} UTC of series {series_id} back to its rule",
        {"status": [row.status.value, None], "start": [row.start.isoformat(), None]},
    )  # fmt: skip
    session.delete(row)
    session.flush()
    return True


def _webinar_row(session: Session, session_id: int, original_start: datetime) -> WebinarOccurrence:
    sitting = session.get(WebinarSession, session_id)
    if sitting is None:
        raise SchedulingError(f"There is no webinar session {session_id}.")
    original_start = _utc(original_start)
    row = session.scalars(
        select(WebinarOccurrence).where(
            WebinarOccurrence.session_id == session_id,
            WebinarOccurrence.original_start == original_start,
        )
    ).one_or_none()
    if row is not None:
        return row
    series = sitting.series
    clock = ClockCache()[sitting.time_zone]
    local_day = original_start.astimezone(clock.zone).date()
    days = monthly_dates(
        series.ordinal, series.weekday, series.starts_on, series.until_on, local_day, local_day
    )
    if all(clock.instant(day, sitting.local_time) != original_start for day in days):
        raise SchedulingError(
            f"The webinar session {session_id} has no occurrence at {original_start:%Y-%m-%d %H:%M}"
            " UTC."
        )
    row = WebinarOccurrence(
        session_id=session_id,
        original_start=original_start,
        start=original_start,
        status=OccurrenceStatus.SCHEDULED,
    )
    session.add(row)
    return row


def set_webinar_status(
    session: Session,
    session_id: int,
    original_start: datetime,
    status: OccurrenceStatus,
    *,
    notes: str = "",
    new_start: datetime | None = None,
) -> WebinarOccurrence:
    """Log, move or cancel one webinar occurrence (the series and session stay as they are)."""
    row = _webinar_row(session, session_id, original_start)
    old = (row.status.value, row.start.isoformat())
    was_cancelled, old_start = row.status is OccurrenceStatus.CANCELLED, row.start
    if new_start is not None:
        row.start = _utc(new_start)
    row.status = status
    if (status is OccurrenceStatus.CANCELLED) != was_cancelled or row.start != old_start:
        sitting = session.get(WebinarSession, session_id)
        if sitting is not None:  # _webinar_row found it
            sitting.sequence += 1  # what its .ics entry shows changed
    if notes:
        row.notes = notes
    session.flush()
    audit.record(
        session, status.value, "webinar_occurrence", row.id,
        f"webinar session {session_id} on {row.original_start:%Y-%m-%d} {status.value}",
        {"status": [old[0], status.value], "start": [old[1], row.start.isoformat()]},
    )  # fmt: skip
    return row


def record_attendance(
    session: Session,
    session_id: int,
    original_start: datetime,
    *,
    facilitator_ids: tuple[int, ...] | list[int] = (),
    community_ids: tuple[int, ...] | list[int] = (),
) -> WebinarOccurrence:
    """Set who attended one webinar occurrence (replaces the previous list; marks it done)."""
    row = _webinar_row(session, session_id, original_start)
    if row.status in (OccurrenceStatus.SCHEDULED, OccurrenceStatus.MOVED):
        row.status = OccurrenceStatus.DONE
    wanted = {(f, None) for f in facilitator_ids} | {(None, c) for c in community_ids}
    present = {(a.facilitator_id, a.community_id): a for a in row.attendance}
    for key, attendee in present.items():
        if key not in wanted:
            row.attendance.remove(attendee)
    for facilitator_id, community_id in wanted - present.keys():
        row.attendance.append(Attendance(facilitator_id=facilitator_id, community_id=community_id))
    session.flush()
    audit.record(
        session, "attendance", "webinar_occurrence", row.id,
        f"attendance of webinar session {session_id} on {row.original_start:%Y-%m-%d}: "
        f"{len(facilitator_ids)} volunteers, {len(community_ids)} hosts",
        {"attendees": [sorted(map(str, present)), sorted(map(str, wanted))]},
    )  # fmt: skip
    return row


def webinar_attendance(
    session: Session, session_id: int, original_start: datetime
) -> tuple[set[int], set[int]]:
    """(volunteer ids, community ids) recorded as attending one webinar occurrence."""
    rows = session.execute(
        select(Attendance.facilitator_id, Attendance.community_id)
        .join(WebinarOccurrence, Attendance.occurrence_id == WebinarOccurrence.id)
        .where(
            WebinarOccurrence.session_id == session_id,
            WebinarOccurrence.original_start == _utc(original_start),
        )
    ).all()
    return ({f for f, _ in rows if f is not None}, {c for _, c in rows if c is not None})
