"""The programme at a glance: what the Dashboard shows and the monthly report starts from.

``programme_health`` reads everything in a few set-based queries; the pure helpers
(``showcase_candidates``, ``revival_requests``) are tested on plain rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import ColumnElement, case, func, or_, select
from sqlalchemy.orm import Session

from coordinator.db import Database
from coordinator.domain import AssignmentStatus, HealthBand
from coordinator.models import (
    Assignment,
    Attendance,
    Community,
    Facilitator,
    WebinarOccurrence,
    WebinarSeries,
)
from coordinator.queries import (
    CommunityRow,
    DashboardSummary,
    FacilitatorRow,
    dashboard_summary,
    list_facilitators,
    read_communities,
)
from coordinator.reporting.history import (
    CommunityHistory,
    MonthBands,
    activity_by_community,
    band_counts,
    band_trend,
    latest_month,
    load_histories,
    month_span,
    shift_month,
)
from coordinator.reporting.recognition import Recognition, recognition_from
from coordinator.scheduling import WEBINAR, OverdueAssignment, events_between, overdue_assignments
from coordinator.scheduling.webinars import coverage, webinar_audience
from coordinator.settings import load_settings

SHOWCASE_MONTHS = 3  # really active this many months in a row makes a showcase candidate
TREND_MONTHS = 12
ENDING_DAYS = 30
WEBINAR_DAYS = 45


@dataclass(frozen=True, slots=True)
class VolunteerLoad:
    """A volunteer's caseload against their capacity."""

    facilitator_id: int
    name: str
    email: str
    load: int
    capacity: int

    @property
    def share(self) -> float:
        return self.load / self.capacity if self.capacity else (1.0 if self.load else 0.0)


@dataclass(frozen=True, slots=True)
class ShowcaseCandidate:
    """A community really active for ``months`` months in a row, not flagged showcase yet."""

    community_id: int
    name: str
    months: int
    members: int
    volunteer: str | None


@dataclass(frozen=True, slots=True)
class RevivalRequest:
    """A community that asked for help, with how long it has been waiting."""

    community_id: int
    name: str
    requested_on: date
    days_waiting: int
    band: HealthBand
    volunteer: str | None


@dataclass(frozen=True, slots=True)
class EndingCaseload:
    """An active assignment whose planned end is near (or past): a hand-over is due."""

    assignment_id: int
    community_id: int
    community_name: str
    facilitator_id: int
    facilitator_name: str
    starts_on: date
    ends_on: date
    days_left: int


@dataclass(frozen=True, slots=True)
class UpcomingWebinar:
    """One coming webinar session and how many people are expected."""

    session_id: int
    original_start: datetime
    start: datetime
    time_zone: str
    title: str
    expected: int  # volunteers and hosts with the session inside their working hours
    audience: int  # everyone the webinar is for
    last_attended: int | None  # attendance recorded at this session's previous occurrence


@dataclass(frozen=True)
class ProgrammeHealth:
    """Everything the Dashboard shows, read at one moment."""

    today: date
    month: date | None  # the newest activity month used for the health figures
    summary: DashboardSummary
    previous_bands: Mapping[HealthBand, int] | None  # a month before ``month``
    band_trend: tuple[MonthBands, ...]
    loads: tuple[VolunteerLoad, ...]
    overdue: tuple[OverdueAssignment, ...]
    ending: tuple[EndingCaseload, ...]
    showcase_candidates: tuple[ShowcaseCandidate, ...]
    revival_requests: tuple[RevivalRequest, ...]
    webinars: tuple[UpcomingWebinar, ...]
    histories: Mapping[int, CommunityHistory]
    recognition: tuple[Recognition, ...] = ()

    def band_change(self, band: HealthBand) -> int | None:
        """Communities more (or fewer) in ``band`` than a month before."""
        if self.previous_bands is None:
            return None
        return self.summary.bands.get(band, 0) - self.previous_bands.get(band, 0)


def showcase_candidates(
    rows: Iterable[CommunityRow],
    histories: Mapping[int, CommunityHistory],
    month: date | None,
    min_months: int = SHOWCASE_MONTHS,
) -> list[ShowcaseCandidate]:
    """Active communities not flagged showcase whose last ``min_months`` months were really
    active; longest streak first, then by name."""
    if month is None:
        return []
    found = []
    for row in rows:
        history = histories.get(row.id)
        if not row.active or row.showcase or history is None:
            continue
        streak = history.really_active_streak(month)
        if streak >= min_months:
            found.append(ShowcaseCandidate(row.id, row.name, streak, row.members, row.volunteer))
    found.sort(key=lambda c: (-c.months, c.name.casefold()))
    return found


def revival_requests(rows: Iterable[CommunityRow], today: date) -> list[RevivalRequest]:
    """Active communities that asked for help, the longest waiting first."""
    found = [
        RevivalRequest(
            row.id,
            row.name,
            row.help_requested_on,
            max((today - row.help_requested_on).days, 0),
            row.band,
            row.volunteer,
        )
        for row in rows
        if row.active and row.help_requested_on is not None
    ]
    found.sort(key=lambda r: (r.requested_on, r.name.casefold()))
    return found


def volunteer_loads(facilitators: Iterable[FacilitatorRow]) -> list[VolunteerLoad]:
    """Active volunteers' load, the fullest first."""
    loads = [
        VolunteerLoad(f.id, f.name, f.email, f.load, f.capacity) for f in facilitators if f.active
    ]
    loads.sort(key=lambda v: (-v.share, -v.load, v.name.casefold()))
    return loads


def ending_caseloads(session: Session, today: date, within_days: int) -> list[EndingCaseload]:
    """Active assignments ending within ``within_days`` (overdue ones included), soonest first."""
    rows = session.execute(
        select(
            Assignment.id,
            Assignment.community_id,
            Community.name,
            Assignment.facilitator_id,
            Facilitator.name,
            Assignment.starts_on,
            Assignment.ends_on,
        )
        .join(Community, Assignment.community_id == Community.id)
        .join(Facilitator, Assignment.facilitator_id == Facilitator.id)
        .where(
            Assignment.status == AssignmentStatus.ACTIVE,
            Assignment.ends_on <= today + timedelta(days=within_days),
        )
        .order_by(Assignment.ends_on, Community.name)
    ).all()
    return [EndingCaseload(*row, (row[6] - today).days) for row in rows]


def upcoming_webinars(
    session: Session, now: datetime, days: int = WEBINAR_DAYS, limit: int = 6
) -> list[UpcomingWebinar]:
    """The next webinar sessions with the people expected: those whose working hours hold the
    session (on its real date), and how many came to the session's previous occurrence."""
    events = events_between(
        session, now, now + timedelta(days=days), kinds=(WEBINAR,), include_cancelled=False
    )[:limit]
    if not events:
        return []
    people = webinar_audience(session)
    durations = dict(
        session.execute(select(WebinarSeries.id, WebinarSeries.duration_minutes)).all()
    )
    last = _last_attendance(session, now)
    return [
        UpcomingWebinar(
            session_id=e.session_id or 0,
            original_start=e.original_start,
            start=e.start,
            time_zone=e.time_zone,
            title=e.title.removeprefix("Webinar: "),
            expected=len(coverage(people, e.start, durations.get(e.series_id, 60))),
            audience=len(people),
            last_attended=last.get(e.session_id or 0),
        )
        for e in events
    ]


def _last_attendance(session: Session, now: datetime) -> dict[int, int]:
    """Attendance recorded at each session's latest past occurrence that has any."""
    rows = session.execute(
        select(WebinarOccurrence.session_id, WebinarOccurrence.start, func.count(Attendance.id))
        .join(Attendance, Attendance.occurrence_id == WebinarOccurrence.id)
        .where(WebinarOccurrence.start < now)
        .group_by(WebinarOccurrence.id)
        .order_by(WebinarOccurrence.start)
    ).all()
    return {session_id: count for session_id, _start, count in rows}


def programme_health(
    database: Database,
    *,
    today: date | None = None,
    month: date | None = None,
    trend_months: int = TREND_MONTHS,
    ending_days: int = ENDING_DAYS,
    now: datetime | None = None,
) -> ProgrammeHealth:
    """Read the Dashboard's figures; health as of ``month`` (default: the newest activity)."""
    today = today or date.today()
    now = now or datetime.now(UTC)
    facilitators = list_facilitators(database)  # the volunteers: hundreds, not thousands
    with database.reading() as session:
        settings = load_settings(session)
        histories = load_histories(session, settings.health, until=month)
        # The listed communities' current bands come from the same snapshots, unless those
        # stop early (a past month): then their own are read.
        months = None if month else activity_by_community(histories)
        month = month or latest_month(histories)
        counts = _community_counts(session)
        active_ids = session.scalars(select(Community.id).where(Community.active.is_(True))).all()
        # Only the communities the lists name are read whole: showcase candidates (from the
        # histories) and those asking for help.
        streaks = [i for i, h in histories.items() if _showcase_streak(h, month)]
        listed = read_communities(
            session,
            settings.health,
            months=months,
            only=or_(Community.id.in_(streaks), Community.help_requested_on.is_not(None)),
        )
        overdue = overdue_assignments(session, today, overdue_days=settings.overdue_days)
        ending = ending_caseloads(session, today, ending_days)
        webinars = upcoming_webinars(session, now)
        recognition = recognition_from(session, histories, month or today)
    summary = replace(
        dashboard_summary((), facilitators),  # the volunteers' figures
        bands={**dict.fromkeys(HealthBand, 0), HealthBand.UNKNOWN: len(active_ids)},
        communities=len(active_ids),
        unassigned=counts.unassigned,
        showcase=counts.showcase,
        help_requested=counts.help_requested,
    )
    previous = None
    trend: list[MonthBands] = []
    if month is not None:
        summary = replace(summary, bands=band_counts(histories, active_ids, month))
        previous = band_counts(histories, active_ids, shift_month(month, -1))
        trend = band_trend(histories, active_ids, month_span(month, trend_months))
        trend = _from_first_data(trend)
    return ProgrammeHealth(
        today=today,
        month=month,
        summary=summary,
        previous_bands=previous,
        band_trend=tuple(trend),
        loads=tuple(volunteer_loads(facilitators)),
        overdue=tuple(overdue),
        ending=tuple(ending),
        showcase_candidates=tuple(showcase_candidates(listed, histories, month)),
        revival_requests=tuple(revival_requests(listed, today)),
        webinars=tuple(webinars),
        histories=histories,
        recognition=tuple(recognition),
    )


@dataclass(frozen=True, slots=True)
class _CommunityCounts:
    unassigned: int
    showcase: int
    help_requested: int


def _community_counts(session: Session) -> _CommunityCounts:
    """How many active communities have no volunteer, are showcases, asked for help: one
    aggregate query (the Dashboard never reads every community's row)."""
    assigned = select(Assignment.community_id).where(Assignment.status == AssignmentStatus.ACTIVE)

    def count(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    row = session.execute(
        select(
            count(Community.id.not_in(assigned)),
            count(Community.showcase.is_(True)),
            count(Community.help_requested_on.is_not(None)),
        ).where(Community.active.is_(True))
    ).one()
    return _CommunityCounts(*(int(n) for n in row))


def _showcase_streak(history: CommunityHistory, month: date | None) -> bool:
    """True when the community's months up to ``month`` make a showcase candidate's streak."""
    return month is not None and history.really_active_streak(month) >= SHOWCASE_MONTHS


def _from_first_data(trend: Sequence[MonthBands]) -> list[MonthBands]:
    """Drop the leading months in which no community had any activity data yet."""
    for i, point in enumerate(trend):
        if point.counts.get(HealthBand.UNKNOWN, 0) < point.total:
            return list(trend[i:])
    return list(trend[-1:])
