"""Recognition of volunteers: check-ins done and communities that moved up a band with them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coordinator.db import Database
from coordinator.domain import AssignmentStatus, HealthBand, OccurrenceStatus
from coordinator.health import band_rank
from coordinator.models import Assignment, CheckInOccurrence, CheckInSeries, Community, Facilitator
from coordinator.reporting.history import (
    CommunityHistory,
    latest_month,
    load_histories,
    month_start,
    shift_month,
)
from coordinator.settings import load_settings


@dataclass(frozen=True, slots=True)
class BandMove:
    """A community whose band changed between two months."""

    community_id: int
    name: str
    before: HealthBand
    after: HealthBand
    volunteer: str | None = None

    @property
    def up(self) -> bool:
        return band_rank(self.after) > band_rank(self.before)


@dataclass(frozen=True, slots=True)
class Recognition:
    """What one volunteer achieved: check-ins done and communities lifted during a caseload."""

    facilitator_id: int
    name: str
    email: str
    check_ins_done: int  # every check-in logged done, up to the report's end
    communities_coached: int
    moved_up: tuple[BandMove, ...]


@dataclass(frozen=True, slots=True)
class _Caseload:
    facilitator_id: int
    community_id: int
    community_name: str
    starts_on: date
    ends_on: date
    status: AssignmentStatus


def moved_up_during(
    history: CommunityHistory | None, starts_on: date, ends_on: date, until: date
) -> tuple[HealthBand, HealthBand] | None:
    """(before, after) when the community's band rose between the month before the caseload
    started and its end (or ``until``, whichever is first); None otherwise."""
    if history is None:
        return None
    before = history.band_at(shift_month(month_start(starts_on), -1))
    if before == HealthBand.UNKNOWN:
        # No data before the start: judge from the first month of the caseload.
        before = history.band_at(month_start(starts_on))
    after = history.band_at(min(month_start(ends_on), month_start(until)))
    if before == HealthBand.UNKNOWN or band_rank(after) <= band_rank(before):
        return None
    return before, after


def check_ins_done(session: Session, until: datetime | None = None) -> Counter[int]:
    """Check-ins logged done per volunteer (up to ``until``)."""
    query = (
        select(Assignment.facilitator_id, func.count(CheckInOccurrence.id))
        .join(CheckInSeries, CheckInOccurrence.series_id == CheckInSeries.id)
        .join(Assignment, CheckInSeries.assignment_id == Assignment.id)
        .where(CheckInOccurrence.status == OccurrenceStatus.DONE)
        .group_by(Assignment.facilitator_id)
    )
    if until is not None:
        query = query.where(CheckInOccurrence.start < until)
    return Counter(dict(session.execute(query).all()))


def recognition_from(
    session: Session, histories: Mapping[int, CommunityHistory], until: date
) -> list[Recognition]:
    """Every volunteer's recognition up to the end of ``until``'s month, the most lifted first."""
    end = datetime.combine(shift_month(month_start(until), 1), time(), UTC)
    done = check_ins_done(session, end)
    caseloads = [
        _Caseload(*row)
        for row in session.execute(
            select(
                Assignment.facilitator_id,
                Assignment.community_id,
                Community.name,
                Assignment.starts_on,
                Assignment.ends_on,
                Assignment.status,
            )
            .join(Community, Assignment.community_id == Community.id)
            .where(Assignment.starts_on < end.date())
            .order_by(Assignment.starts_on)
        )
    ]
    people = session.execute(
        select(Facilitator.id, Facilitator.name, Facilitator.email, Facilitator.active)
    ).all()
    by_person: dict[int, list[_Caseload]] = {}
    for caseload in caseloads:
        by_person.setdefault(caseload.facilitator_id, []).append(caseload)
    result = []
    for fid, name, email, active in people:
        own = by_person.get(fid, [])
        if not active and not own:
            continue
        result.append(
            Recognition(fid, name, email, done.get(fid, 0), len(own), _moves(own, histories, until))
        )
    result.sort(key=lambda r: (-len(r.moved_up), -r.check_ins_done, r.name.casefold()))
    return result


def _moves(
    caseloads: Iterable[_Caseload], histories: Mapping[int, CommunityHistory], until: date
) -> tuple[BandMove, ...]:
    moves: dict[int, BandMove] = {}
    for c in caseloads:
        ends_on = c.ends_on if c.status != AssignmentStatus.ACTIVE else max(c.ends_on, until)
        change = moved_up_during(histories.get(c.community_id), c.starts_on, ends_on, until)
        if change is not None:
            moves[c.community_id] = BandMove(c.community_id, c.community_name, *change)
    return tuple(sorted(moves.values(), key=lambda m: m.name.casefold()))


def volunteer_recognition(database: Database, until: date | None = None) -> list[Recognition]:
    """Recognition of every volunteer up to ``until`` (default: the newest activity month)."""
    with database.reading() as session:
        histories = load_histories(session, load_settings(session).health, until=until)
        month = until or latest_month(histories) or date.today()
        return recognition_from(session, histories, month)
