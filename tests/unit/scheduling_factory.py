"""Small builders for scheduling tests: people, communities and assignments made directly."""

from __future__ import annotations

from datetime import date, time
from itertools import count

from sqlalchemy.orm import Session

from coordinator.domain import MON_FRI, AssignmentStatus, Cadence, Weekdays
from coordinator.models import Assignment, CheckInSeries, Community, Facilitator

_numbers = count(1)


def volunteer(
    session: Session,
    zone: str,
    *,
    name: str | None = None,
    start: time = time(9),
    end: time = time(17),
    days: Weekdays = MON_FRI,
) -> Facilitator:
    """A volunteer in ``zone`` with the given working week."""
    n = next(_numbers)
    person = Facilitator(
        name=name or f"Volunteer {n}",
        email=f"volunteer{n}@example.org",
        time_zone=zone,
        work_start=start,
        work_end=end,
        work_days=days,
    )
    session.add(person)
    session.flush()
    return person


def community(
    session: Session,
    zone: str,
    *,
    name: str | None = None,
    host_email: str | None = None,
    start: time | None = None,
    end: time | None = None,
    days: Weekdays | None = None,
) -> Community:
    """A community whose host works in ``zone`` (hours default to the settings')."""
    n = next(_numbers)
    item = Community(
        name=name or f"Community {n}",
        host_name=f"Host {n}",
        host_email=host_email if host_email is not None else f"host{n}@example.org",
        time_zone=zone,
        host_work_start=start,
        host_work_end=end,
        host_work_days=days,
    )
    session.add(item)
    session.flush()
    return item


def assign(
    session: Session,
    person: Facilitator,
    item: Community,
    starts_on: date,
    ends_on: date,
    status: AssignmentStatus = AssignmentStatus.ACTIVE,
) -> Assignment:
    """An assignment made directly (the assignment engine is not needed here)."""
    row = Assignment(
        facilitator_id=person.id,
        community_id=item.id,
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
    )
    session.add(row)
    session.flush()
    return row


def series(
    session: Session,
    assignment: Assignment,
    *,
    local_time: time,
    zone: str,
    weekday: int = 0,
    cadence: Cadence = Cadence.WEEKLY,
    starts_on: date,
    until_on: date | None = None,
    minutes: int = 30,
) -> CheckInSeries:
    """A check-in series stored directly (not chosen by the slot chooser)."""
    row = CheckInSeries(
        assignment_id=assignment.id,
        cadence=cadence,
        weekday=weekday,
        local_time=local_time,
        time_zone=zone,
        duration_minutes=minutes,
        starts_on=starts_on,
        until_on=until_on,
    )
    session.add(row)
    session.flush()
    return row
