"""The overdue rule: an active assignment with no check-in logged done for too long."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coordinator.domain import AssignmentStatus, OccurrenceStatus
from coordinator.models import Assignment, CheckInOccurrence, CheckInSeries, Community, Facilitator
from coordinator.settings import load_settings


@dataclass(frozen=True, slots=True)
class OverdueAssignment:
    """An active assignment whose last check-in done is older than the overdue setting."""

    assignment_id: int
    facilitator_id: int
    community_id: int
    facilitator_name: str
    community_name: str
    last_done: date | None  # the volunteer's local date of the last check-in done
    days_since: int  # since ``last_done``, or since the assignment started when None


def overdue_assignments(
    session: Session, today: date, *, overdue_days: int | None = None
) -> list[OverdueAssignment]:
    """Active, started assignments with no check-in done within ``overdue_days`` (setting).

    Counted from the assignment's start while nothing has been logged done; most overdue first.
    """
    limit = overdue_days if overdue_days is not None else load_settings(session).overdue_days
    last_done = (
        select(
            CheckInSeries.assignment_id.label("assignment_id"),
            func.max(CheckInOccurrence.start).label("last_start"),
        )
        .join(CheckInOccurrence, CheckInOccurrence.series_id == CheckInSeries.id)
        .where(CheckInOccurrence.status == OccurrenceStatus.DONE)
        .group_by(CheckInSeries.assignment_id)
        .subquery()
    )
    rows = session.execute(
        select(
            Assignment.id,
            Assignment.facilitator_id,
            Assignment.community_id,
            Assignment.starts_on,
            Facilitator.name,
            Facilitator.time_zone,
            Community.name.label("community_name"),
            last_done.c.last_start,
        )
        .join(Facilitator, Assignment.facilitator_id == Facilitator.id)
        .join(Community, Assignment.community_id == Community.id)
        .outerjoin(last_done, last_done.c.assignment_id == Assignment.id)
        .where(Assignment.status == AssignmentStatus.ACTIVE, Assignment.starts_on <= today)
    ).all()
    result = []
    for row in rows:
        done_on = None
        if row.last_start is not None:
            # max() keeps the column's type, so this is an aware UTC instant.
            done_on = row.last_start.astimezone(ZoneInfo(row.time_zone)).date()
        since = (today - (done_on or row.starts_on)).days
        if since > limit:
            result.append(
                OverdueAssignment(
                    assignment_id=row.id,
                    facilitator_id=row.facilitator_id,
                    community_id=row.community_id,
                    facilitator_name=row.name,
                    community_name=row.community_name,
                    last_done=done_on,
                    days_since=since,
                )
            )
    result.sort(key=lambda o: (-o.days_since, o.community_name))
    return result
