"""Builders for small programmes used by the assignment tests (no tests in this module)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

from sqlalchemy.orm import Session

from coordinator.domain import HealthBand, Weekdays
from coordinator.models import ActivitySnapshot, Assignment, Community, Facilitator

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
    row = Facilitator(
        name=name,
        email=f"{name.lower().replace(' ', '.')}@example.org",
        time_zone=zone,
        work_start=hours[0],
        work_end=hours[1],
        work_days=Weekdays.parse(days),
        languages=list(languages),
        skills=list(skills),
        capacity=capacity,
        available_from=available_from,
        available_until=available_until,
        active=active,
    )
    session.add(row)
    session.flush()
    return row


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
    """Add a community with three months of activity putting it in ``band``."""
    row = Community(
        name=name,
        time_zone=zone,
        language=language,
        topics=list(topics),
        members=100,
        created_on=created_on,
        help_requested_on=help_requested_on,
        host_work_start=host_hours[0] if host_hours else None,
        host_work_end=host_hours[1] if host_hours else None,
        host_work_days=Weekdays.parse(host_days) if host_days else None,
    )
    session.add(row)
    session.flush()
    if band is not None and band != HealthBand.UNKNOWN:
        active = _ACTIVE_MEMBERS[band]
        for month in (3, 4, 5):
            session.add(
                ActivitySnapshot(
                    community_id=row.id,
                    month=date(2026, month, 1),
                    active_members=active,
                    posts=10 if active else 0,
                    replies=10 if active else 0,
                )
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
    row = Assignment(
        facilitator_id=who.id,
        community_id=what.id,
        starts_on=starts_on,
        ends_on=ends_on,
        pinned=pinned,
        reason="existing",
    )
    session.add(row)
    session.flush()
    return row
