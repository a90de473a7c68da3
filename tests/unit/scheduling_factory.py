"""Small builders for scheduling tests: people, communities and assignments made directly."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time, timedelta
from itertools import count
from typing import TypeVar

from sqlalchemy.orm import Session

from coordinator.db import Database
from coordinator.domain import MON_FRI, AssignmentStatus, Cadence, Weekdays
from coordinator.models import (
    ActivitySnapshot,
    Assignment,
    Base,
    CheckInSeries,
    Community,
    Facilitator,
)

_numbers = count(1)
RowT = TypeVar("RowT", bound=Base)


def added(session: Session, row: RowT) -> RowT:
    """``row`` added and flushed, so that it has its id."""
    session.add(row)
    session.flush()
    return row


def volunteer(
    session: Session,
    zone: str,
    *,
    name: str | None = None,
    email: str | None = None,
    start: time = time(9),
    end: time = time(17),
    days: Weekdays = MON_FRI,
    **fields: object,
) -> Facilitator:
    """A volunteer in ``zone`` with the given working week (``fields``: other columns)."""
    n = next(_numbers)
    row = Facilitator(
        name=name or f"Volunteer {n}",
        email=email or f"volunteer{n}@example.org",
        time_zone=zone,
        work_start=start,
        work_end=end,
        work_days=days,
        **fields,
    )
    return added(session, row)


def community(
    session: Session,
    zone: str,
    *,
    name: str | None = None,
    host_name: str | None = None,
    host_email: str | None = None,
    start: time | None = None,
    end: time | None = None,
    days: Weekdays | None = None,
    **fields: object,
) -> Community:
    """A community whose host works in ``zone`` (hours default to the settings'; ``fields``:
    other columns)."""
    n = next(_numbers)
    row = Community(
        name=name or f"Community {n}",
        host_name=host_name if host_name is not None else f"Host {n}",
        host_email=host_email if host_email is not None else f"host{n}@example.org",
        time_zone=zone,
        host_work_start=start,
        host_work_end=end,
        host_work_days=days,
        **fields,
    )
    return added(session, row)


def assign(
    session: Session,
    person: Facilitator,
    item: Community,
    starts_on: date,
    ends_on: date,
    status: AssignmentStatus = AssignmentStatus.ACTIVE,
    **fields: object,
) -> Assignment:
    """An assignment made directly (the assignment engine is not needed here)."""
    row = Assignment(
        facilitator_id=person.id,
        community_id=item.id,
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
        **fields,
    )
    return added(session, row)


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
    reminders: list[int] | None = None,
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
        reminder_minutes=reminders,
    )
    return added(session, row)


def activity(
    session: Session,
    community_id: int,
    months: Iterable[int],
    *,
    active_members: int,
    posts: int,
    replies: int,
) -> None:
    """The same activity snapshot for each of ``months`` of 2026."""
    session.add_all(
        ActivitySnapshot(
            community_id=community_id,
            month=date(2026, month, 1),
            active_members=active_members,
            posts=posts,
            replies=replies,
        )
        for month in months
    )


def weekly_check_ins(
    database: Database,
    *,
    volunteer_name: str,
    email: str = "ada@example.org",
    community_name: str,
    home_zone: str,
    starts_on: date,
    weekday: int,
    local_time: time,
    zone: str,
    reminders: list[int] | None,
) -> int:
    """A volunteer and a community in ``home_zone`` (nothing else set), an assignment of 180
    days from ``starts_on`` and its weekly check-in series; returns the series id."""
    with database.unit_of_work() as s:
        person = Facilitator(name=volunteer_name, email=email, time_zone=home_zone)
        item = Community(name=community_name, time_zone=home_zone)
        s.add_all([person, item])
        s.flush()
        a = assign(s, person, item, starts_on, starts_on + timedelta(days=180))
        return series(
            s,
            a,
            local_time=local_time,
            zone=zone,
            weekday=weekday,
            starts_on=starts_on,
            reminders=reminders,
        ).id
