"""A plain, detached snapshot of what the assignment engine needs, read in a few queries."""

from __future__ import annotations

import calendar
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from coordinator.domain import AssignmentStatus, HealthBand, Weekdays
from coordinator.health import MonthActivity, current_band
from coordinator.models import ActivitySnapshot, Assignment, Community, Facilitator
from coordinator.settings import Settings, load_settings
from coordinator.worktime import WorkWeek


@dataclass(frozen=True, slots=True)
class CommunityRow:
    """A community as the engine sees it (host hours already defaulted from settings)."""

    id: int
    name: str
    language: str
    topics: tuple[str, ...]
    created_on: date | None
    help_requested: bool
    band: HealthBand
    host_week: WorkWeek
    active: bool = True


@dataclass(frozen=True, slots=True)
class VolunteerRow:
    """A volunteer facilitator as the engine sees it."""

    id: int
    name: str
    week: WorkWeek
    languages: tuple[str, ...]
    skills: tuple[str, ...]
    capacity: int
    available_from: date | None
    available_until: date | None
    active: bool

    def available_on(self, day: date) -> bool:
        """Active, started and not yet finished on ``day`` (an assignment needs a next day)."""
        if not self.active:
            return False
        if self.available_from is not None and self.available_from > day:
            return False
        return self.available_until is None or self.available_until > day


@dataclass(frozen=True, slots=True)
class CurrentAssignment:
    """An active assignment (a caseload entry) as it is now."""

    id: int
    community_id: int
    facilitator_id: int
    starts_on: date
    ends_on: date
    pinned: bool
    reason: str


@dataclass(frozen=True)
class Programme:
    """Communities, volunteers, active assignments and settings at one moment."""

    communities: tuple[CommunityRow, ...]
    volunteers: tuple[VolunteerRow, ...]
    assignments: tuple[CurrentAssignment, ...]
    settings: Settings

    def fingerprint(self) -> str:
        """A digest of what a proposal depends on, to detect changes before applying it."""
        return _digest(
            ((a.id, a.community_id, a.facilitator_id, a.pinned) for a in self.assignments),
            (
                (v.id, v.capacity, v.active, v.available_from, v.available_until)
                for v in self.volunteers
            ),
            ((c.id, c.active) for c in self.communities),
        )


def _digest(
    assignments: Iterable[tuple], volunteers: Iterable[tuple], communities: Iterable[tuple]
) -> str:
    digest = hashlib.sha256()
    for label, rows in (("a", assignments), ("v", volunteers), ("c", communities)):
        for row in rows:
            digest.update(f"{label}{row!r};".encode())
    return digest.hexdigest()


def current_fingerprint(session: Session) -> str:
    """``Programme.fingerprint()`` of the data as it is now, read with three small queries."""
    return _digest(
        session.execute(
            select(
                Assignment.id, Assignment.community_id, Assignment.facilitator_id, Assignment.pinned
            )
            .where(Assignment.status == AssignmentStatus.ACTIVE)
            .order_by(Assignment.id)
        ),
        session.execute(
            select(
                Facilitator.id,
                Facilitator.capacity,
                Facilitator.active,
                Facilitator.available_from,
                Facilitator.available_until,
            ).order_by(Facilitator.id)
        ),
        session.execute(select(Community.id, Community.active).order_by(Community.id)),
    )


def host_week(
    settings: Settings, zone: str, start: time | None, end: time | None, days: Weekdays | None
) -> WorkWeek:
    """The host's working week; missing hours fall back to the programme setting."""
    if start is None or end is None or end <= start:
        start, end = settings.host_work_start, settings.host_work_end
    return WorkWeek(zone, start, end, days or settings.host_work_days)


def _bands(session: Session, members: dict[int, int], settings: Settings) -> dict[int, HealthBand]:
    months: dict[int, list[MonthActivity]] = defaultdict(list)
    rows = session.execute(
        select(
            ActivitySnapshot.community_id,
            ActivitySnapshot.month,
            ActivitySnapshot.active_members,
            ActivitySnapshot.posts,
            ActivitySnapshot.replies,
        )
    )
    for community_id, month, active_members, posts, replies in rows:
        months[community_id].append(MonthActivity(month, active_members, posts, replies))
    return {
        cid: current_band(months.get(cid, []), count, settings.health)
        for cid, count in members.items()
    }


def load_programme(session: Session) -> Programme:
    """Read the snapshot in a handful of column queries (no ORM objects: it must be fast)."""
    settings = load_settings(session)
    community_rows = session.execute(
        select(
            Community.id,
            Community.name,
            Community.time_zone,
            Community.language,
            Community.topics,
            Community.members,
            Community.created_on,
            Community.help_requested_on,
            Community.host_work_start,
            Community.host_work_end,
            Community.host_work_days,
            Community.active,
        ).order_by(Community.id)
    ).all()
    bands = _bands(session, {r.id: r.members for r in community_rows}, settings)
    communities = tuple(
        CommunityRow(
            id=r.id,
            name=r.name,
            language=(r.language or "").strip(),
            topics=tuple(r.topics or ()),
            created_on=r.created_on,
            help_requested=r.help_requested_on is not None,
            band=bands[r.id],
            host_week=host_week(
                settings, r.time_zone, r.host_work_start, r.host_work_end, r.host_work_days
            ),
            active=r.active,
        )
        for r in community_rows
    )
    volunteers = tuple(
        VolunteerRow(
            id=r.id,
            name=r.name,
            week=WorkWeek(r.time_zone, r.work_start, r.work_end, r.work_days),
            languages=tuple(r.languages or ()),
            skills=tuple(r.skills or ()),
            capacity=r.capacity,
            available_from=r.available_from,
            available_until=r.available_until,
            active=r.active,
        )
        for r in session.execute(
            select(
                Facilitator.id,
                Facilitator.name,
                Facilitator.time_zone,
                Facilitator.work_start,
                Facilitator.work_end,
                Facilitator.work_days,
                Facilitator.languages,
                Facilitator.skills,
                Facilitator.capacity,
                Facilitator.available_from,
                Facilitator.available_until,
                Facilitator.active,
            ).order_by(Facilitator.id)
        )
    )
    assignments = tuple(
        CurrentAssignment(
            id=r.id,
            community_id=r.community_id,
            facilitator_id=r.facilitator_id,
            starts_on=r.starts_on,
            ends_on=r.ends_on,
            pinned=r.pinned,
            reason=r.reason,
        )
        for r in session.execute(
            select(
                Assignment.id,
                Assignment.community_id,
                Assignment.facilitator_id,
                Assignment.starts_on,
                Assignment.ends_on,
                Assignment.pinned,
                Assignment.reason,
            )
            .where(Assignment.status == AssignmentStatus.ACTIVE)
            .order_by(Assignment.id)
        )
    )
    return Programme(communities, volunteers, assignments, settings)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when that month is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def community_row(community: Community, settings: Settings) -> CommunityRow:
    """One ORM community as an engine row (its health band from its own snapshots)."""
    months = [
        MonthActivity(s.month, s.active_members, s.posts, s.replies) for s in community.snapshots
    ]
    return CommunityRow(
        id=community.id,
        name=community.name,
        language=(community.language or "").strip(),
        topics=tuple(community.topics or ()),
        created_on=community.created_on,
        help_requested=community.help_requested_on is not None,
        band=current_band(months, community.members, settings.health),
        host_week=host_week(
            settings,
            community.time_zone,
            community.host_work_start,
            community.host_work_end,
            community.host_work_days,
        ),
        active=community.active,
    )


def volunteer_row(facilitator: Facilitator) -> VolunteerRow:
    """One ORM facilitator as an engine row."""
    return VolunteerRow(
        id=facilitator.id,
        name=facilitator.name,
        week=WorkWeek(
            facilitator.time_zone,
            facilitator.work_start,
            facilitator.work_end,
            facilitator.work_days,
        ),
        languages=tuple(facilitator.languages or ()),
        skills=tuple(facilitator.skills or ()),
        capacity=facilitator.capacity,
        available_from=facilitator.available_from,
        available_until=facilitator.available_until,
        active=facilitator.active,
    )
