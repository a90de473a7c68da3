"""Builders for small programmes used by the assignment tests, and a reader of their check-in
series (no tests in this module)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from coordinator.db import Database
from coordinator.domain import HealthBand, Weekdays
from coordinator.models import Assignment, CheckInSeries, Community, Facilitator
from tests.unit import scheduling_factory as factory

START = date(2026, 6, 1)  # a Monday; six months from here run to 2026-12-01

# Active members out of 100 that put a month in each band (see coordinator.health).
_ACTIVE_MEMBERS = {
    HealthBand.DORMANT: 0,
    HealthBand.QUIET: 5,
    HealthBand.ACTIVE: 15,
    HealthBand.REALLY_ACTIVE: 40,
}


def volunteer(
    session: Session,
    name: str,
    zone: str = "Europe/Berlin",
    *,
    languages: Sequence[str] = ("English",),
    skills: Sequence[str] = (),
    capacity: int = 10,
    hours: tuple[time, time] = (time(9), time(17)),
    days: str = "Mon-Fri",
    available_from: date | None = None,
    available_until: date | None = None,
    active: bool = True,
) -> Facilitator:
    """Add a volunteer (flushed, so it has an id)."""
    return factory.volunteer(
        session,
        zone,
        name=name,
        email=f"{name.lower().replace(' ', '.')}@example.org",
        start=hours[0],
        end=hours[1],
        days=Weekdays.parse(days),
        languages=list(languages),
        skills=list(skills),
        capacity=capacity,
        available_from=available_from,
        available_until=available_until,
        active=active,
    )


def community(
    session: Session,
    name: str,
    zone: str = "Europe/Berlin",
    *,
    language: str = "English",
    topics: Sequence[str] = (),
    band: HealthBand | None = HealthBand.ACTIVE,
    created_on: date | None = date(2020, 1, 1),
    help_requested_on: date | None = None,
    host_hours: tuple[time, time] | None = None,
    host_days: str | None = None,
) -> Community:
    """Add a community (no host named) with three months of activity putting it in ``band``."""
    row = factory.community(
        session,
        zone,
        name=name,
        host_name="",
        host_email="",
        start=host_hours[0] if host_hours else None,
        end=host_hours[1] if host_hours else None,
        days=Weekdays.parse(host_days) if host_days else None,
        language=language,
        topics=list(topics),
        members=100,
        created_on=created_on,
        help_requested_on=help_requested_on,
    )
    if band is not None and band != HealthBand.UNKNOWN:
        active = _ACTIVE_MEMBERS[band]
        factory.activity(
            session,
            row.id,
            (3, 4, 5),
            active_members=active,
            posts=10 if active else 0,
            replies=10 if active else 0,
        )
    return row


def assign(
    session: Session,
    who: Facilitator,
    what: Community,
    *,
    starts_on: date = date(2026, 1, 5),
    ends_on: date = date(2026, 7, 5),
    pinned: bool = False,
) -> Assignment:
    """Add an active assignment."""
    return factory.assign(session, who, what, starts_on, ends_on, pinned=pinned, reason="existing")


def series_of(database: Database, community_name: str) -> list[tuple[str, date, date | None]]:
    """(volunteer, first day, last day) of a community's check-in series, oldest first."""
    with database.reading() as s:
        rows = s.execute(
            select(Facilitator.name, CheckInSeries.starts_on, CheckInSeries.until_on)
            .join(Assignment, CheckInSeries.assignment_id == Assignment.id)
            .join(Facilitator, Assignment.facilitator_id == Facilitator.id)
            .join(Community, Assignment.community_id == Community.id)
            .where(Community.name == community_name)
            .order_by(CheckInSeries.starts_on, CheckInSeries.id)
        ).all()
    return [(v, first, last) for v, first, last in rows]
