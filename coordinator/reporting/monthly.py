"""The monthly report's content: the Dashboard's figures plus what happened in one month.

Health is taken as of the report's month; caseloads, load and follow-ups as of the day the
report is made (the database keeps no history of them), which the report says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coordinator.db import Database
from coordinator.domain import AssignmentStatus, HealthBand, OccurrenceStatus
from coordinator.health import band_rank
from coordinator.models import (
    Assignment,
    Attendance,
    Community,
    Facilitator,
    WebinarOccurrence,
    WebinarSeries,
)
from coordinator.queries import CommunityRow, read_communities
from coordinator.reporting.history import (
    CommunityHistory,
    activity_by_community,
    month_start,
    shift_month,
)
from coordinator.reporting.programme import ProgrammeHealth, programme_health
from coordinator.reporting.recognition import BandMove, Recognition
from coordinator.scheduling import CHECK_IN, WEBINAR, Event, events_between
from coordinator.scheduling.webinars import coverage, webinar_audience
from coordinator.settings import load_settings


@dataclass(frozen=True, slots=True)
class CaseloadChange:
    """An assignment that started or ended in the month."""

    community_id: int
    community: str
    volunteer: str
    starts_on: date
    ends_on: date
    status: AssignmentStatus


@dataclass(frozen=True, slots=True)
class CheckInTally:
    """One volunteer's check-ins in the month: planned (not cancelled) and what became of them."""

    facilitator_id: int
    name: str
    planned: int
    done: int
    missed: int
    not_logged: int  # past and still unlogged
    upcoming: int  # later in the month than the report was made

    @property
    def rate(self) -> float | None:
        """Done out of the planned ones that are past (None when none are)."""
        past = self.planned - self.upcoming
        return self.done / past if past else None


@dataclass(frozen=True, slots=True)
class WebinarTally:
    """One webinar occurrence in the month and who came."""

    title: str
    start: datetime
    time_zone: str
    status: OccurrenceStatus
    volunteers: int
    hosts: int
    expected: int
    audience: int

    @property
    def attended(self) -> int:
        return self.volunteers + self.hosts


@dataclass(frozen=True)
class MonthlyReport:
    """Everything the monthly report shows (HTML, PDF and CSV are made from this)."""

    month: date
    made_on: date
    source: str  # the database's name, for the title block
    health: ProgrammeHealth
    moved_up: tuple[BandMove, ...]
    moved_down: tuple[BandMove, ...]
    started: tuple[CaseloadChange, ...]
    ended: tuple[CaseloadChange, ...]
    check_ins: tuple[CheckInTally, ...]
    webinars: tuple[WebinarTally, ...]
    recognition: tuple[Recognition, ...]

    @property
    def previous_month(self) -> date:
        return shift_month(self.month, -1)

    @property
    def check_ins_planned(self) -> int:
        return sum(t.planned for t in self.check_ins)

    @property
    def check_ins_done(self) -> int:
        return sum(t.done for t in self.check_ins)


def default_month(today: date) -> date:
    """The month a report is about by default: the last full month before ``today``."""
    return shift_month(month_start(today), -1)


def band_moves(
    rows: Iterable[CommunityRow], histories: Mapping[int, CommunityHistory], month: date
) -> tuple[list[BandMove], list[BandMove]]:
    """(moved up, moved down) between the month before ``month`` and ``month``, by name."""
    previous = shift_month(month, -1)
    up, down = [], []
    for row in rows:
        history = histories.get(row.id)
        if not row.active or history is None:
            continue
        before, after = history.band_at(previous), history.band_at(month)
        if HealthBand.UNKNOWN in (before, after) or before == after:
            continue
        move = BandMove(row.id, row.name, before, after, row.volunteer)
        (up if band_rank(after) > band_rank(before) else down).append(move)
    up.sort(key=lambda m: m.name.casefold())
    down.sort(key=lambda m: m.name.casefold())
    return up, down


def caseload_changes(
    session: Session, month: date
) -> tuple[list[CaseloadChange], list[CaseloadChange]]:
    """(started, ended) assignments in ``month``: started by start date, ended by end date."""
    first, after = month, shift_month(month, 1)
    columns = (
        Assignment.community_id,
        Community.name,
        Facilitator.name,
        Assignment.starts_on,
        Assignment.ends_on,
        Assignment.status,
    )
    base = (
        select(*columns)
        .join(Community, Assignment.community_id == Community.id)
        .join(Facilitator, Assignment.facilitator_id == Facilitator.id)
    )
    started = session.execute(
        base.where(Assignment.starts_on >= first, Assignment.starts_on < after).order_by(
            Assignment.starts_on, Community.name
        )
    ).all()
    ended = session.execute(
        base.where(
            Assignment.status != AssignmentStatus.ACTIVE,
            Assignment.ends_on >= first,
            Assignment.ends_on < after,
        ).order_by(Assignment.ends_on, Community.name)
    ).all()
    return [CaseloadChange(*r) for r in started], [CaseloadChange(*r) for r in ended]


def tally_check_ins(
    events: Iterable[Event], names: Mapping[int, str], now: datetime, listed: Iterable[int] = ()
) -> list[CheckInTally]:
    """Check-ins done vs planned per volunteer (those in ``listed`` even without any)."""
    counts: dict[int, list[int]] = {fid: [0, 0, 0, 0, 0] for fid in listed}
    for event in events:
        if event.kind != CHECK_IN or event.status == OccurrenceStatus.CANCELLED:
            continue
        for fid in event.facilitator_ids:
            c = counts.setdefault(fid, [0, 0, 0, 0, 0])
            c[0] += 1
            if event.status == OccurrenceStatus.DONE:
                c[1] += 1
            elif event.status == OccurrenceStatus.MISSED:
                c[2] += 1
            elif event.start <= now:
                c[3] += 1
            else:
                c[4] += 1
    tallies = [CheckInTally(fid, names.get(fid, f"#{fid}"), *c) for fid, c in counts.items()]
    tallies.sort(key=lambda t: t.name.casefold())
    return tallies


def webinar_tallies(session: Session, events: Sequence[Event]) -> list[WebinarTally]:
    """Each webinar occurrence of ``events`` with its recorded and expected attendance."""
    webinars = [e for e in events if e.kind == WEBINAR]
    if not webinars:
        return []
    attended: dict[tuple[int, datetime], tuple[int, int]] = {}
    rows = session.execute(
        select(
            WebinarOccurrence.session_id,
            WebinarOccurrence.original_start,
            func.count(Attendance.facilitator_id),
            func.count(Attendance.community_id),
        )
        .join(Attendance, Attendance.occurrence_id == WebinarOccurrence.id)
        .group_by(WebinarOccurrence.id)
    )
    for session_id, original_start, volunteers, hosts in rows:
        attended[(session_id, original_start)] = (volunteers, hosts)
    people = webinar_audience(session)
    durations = dict(
        session.execute(select(WebinarSeries.id, WebinarSeries.duration_minutes)).all()
    )
    result = []
    for e in webinars:
        volunteers, hosts = attended.get((e.session_id or 0, e.original_start), (0, 0))
        expected = len(coverage(people, e.start, durations.get(e.series_id, 60)))
        title = e.title.removeprefix("Webinar: ")
        result.append(
            WebinarTally(
                title, e.start, e.time_zone, e.status, volunteers, hosts, expected, len(people)
            )
        )
    return result


def monthly_report(
    database: Database,
    month: date | None = None,
    *,
    today: date | None = None,
    now: datetime | None = None,
) -> MonthlyReport:
    """Gather the report for ``month`` (default: the last full month before today)."""
    today = today or date.today()
    now = now or datetime.now(UTC)
    month = month_start(month) if month else default_month(today)
    health = programme_health(database, today=today, month=month, now=now)
    first = datetime.combine(month, time(), UTC)
    after = datetime.combine(shift_month(month, 1), time(), UTC)
    with database.reading() as session:
        events = events_between(session, first, after)
        people = session.execute(select(Facilitator.id, Facilitator.name, Facilitator.active))
        names: dict[int, str] = {}
        active: list[int] = []
        for fid, name, is_active in people:
            names[fid] = name
            if is_active:
                active.append(fid)
        started, ended = caseload_changes(session, month)
        webinars = webinar_tallies(session, events)
        # Names, volunteers and whether active; the snapshots are the ones already read.
        communities = read_communities(
            session, load_settings(session).health, months=activity_by_community(health.histories)
        )
    up, down = band_moves(communities, health.histories, month)
    return MonthlyReport(
        month=month,
        made_on=today,
        source=database.path.name if database.path else database.display_name,
        health=health,
        moved_up=tuple(up),
        moved_down=tuple(down),
        started=tuple(started),
        ended=tuple(ended),
        check_ins=tuple(tally_check_ins(events, names, now, active)),
        webinars=tuple(webinars),
        recognition=health.recognition,
    )
