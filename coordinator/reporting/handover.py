"""Hand-over packs: what the next volunteer needs about each community of an ending caseload.

Per community: contact details and host hours, who coached it before, the check-in history
with notes and outcomes, the health trend and the open follow-ups. Private notes are never
included (the pack leaves the lead's desk).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from coordinator.db import Database
from coordinator.domain import AssignmentStatus, HealthBand, OccurrenceStatus
from coordinator.health import Trend, band_rank
from coordinator.models import Assignment, Community, Facilitator
from coordinator.reporting.history import (
    CommunityHistory,
    latest_month,
    load_histories,
    month_span,
    month_start,
)
from coordinator.scheduling import CHECK_IN, Event, events_between
from coordinator.scheduling.parties import host_week
from coordinator.settings import Settings, load_settings

TREND_MONTHS = 12
RECENT_MISSED_DAYS = 60


@dataclass(frozen=True, slots=True)
class CheckInEntry:
    """One past check-in as the history lists it (times in the host's zone)."""

    start: datetime  # aware, in the host's zone
    status: OccurrenceStatus
    volunteer: str
    notes: str
    outcome: str


@dataclass(frozen=True, slots=True)
class FollowUp:
    """Something the next volunteer should pick up."""

    kind: str  # help / missed / unlogged / overdue / health / outcome
    text: str


@dataclass(frozen=True, slots=True)
class Coaching:
    """One caseload a community was part of."""

    volunteer: str
    email: str
    starts_on: date
    ends_on: date
    status: AssignmentStatus


@dataclass(frozen=True)
class CommunityPack:
    """Everything about one community that a new volunteer receives."""

    community_id: int
    name: str
    kind: str
    host_name: str
    host_email: str
    time_zone: str
    host_hours: str
    language: str
    members: int
    topics: tuple[str, ...]
    showcase: bool
    help_requested_on: date | None
    band: HealthBand
    trend: Trend
    coaching: tuple[Coaching, ...]  # newest first; the first is the ending caseload
    months: tuple[date, ...]
    bands: tuple[HealthBand, ...]
    active_members: tuple[int | None, ...]
    check_ins: tuple[CheckInEntry, ...]  # newest first
    follow_ups: tuple[FollowUp, ...]

    def count(self, status: OccurrenceStatus) -> int:
        """Past check-ins with ``status``."""
        return sum(1 for c in self.check_ins if c.status == status)


@dataclass(frozen=True)
class HandoverPack:
    """The pack for one or more communities, usually one volunteer's ending caseload."""

    made_on: date
    communities: tuple[CommunityPack, ...]

    @property
    def outgoing(self) -> str:
        """The volunteers handing over, by name."""
        names = {c.coaching[0].volunteer for c in self.communities if c.coaching}
        return ", ".join(sorted(names, key=str.casefold))


def handover_pack(
    database: Database,
    *,
    assignment_ids: Iterable[int] = (),
    community_ids: Iterable[int] = (),
    today: date | None = None,
    now: datetime | None = None,
) -> HandoverPack:
    """The pack for the communities of ``assignment_ids`` and ``community_ids`` (in that order)."""
    today = today or date.today()
    now = now or datetime.now(UTC)
    with database.reading() as session:
        settings = load_settings(session)
        wanted = _community_ids(session, assignment_ids, community_ids)
        histories = load_histories(session, settings.health)
        month = latest_month(histories) or month_start(today)
        packs = [
            _pack(session, settings, cid, histories.get(cid), month, today, now) for cid in wanted
        ]
    return HandoverPack(today, tuple(p for p in packs if p is not None))


def _community_ids(
    session: Session, assignment_ids: Iterable[int], community_ids: Iterable[int]
) -> list[int]:
    wanted = list(assignment_ids)
    by_assignment = dict(
        session.execute(
            select(Assignment.id, Assignment.community_id).where(Assignment.id.in_(wanted))
        ).all()
    )
    ids: list[int] = []
    for cid in [*(by_assignment[a] for a in wanted if a in by_assignment), *community_ids]:
        if cid not in ids:
            ids.append(cid)
    return ids


def _pack(
    session: Session,
    settings: Settings,
    community_id: int,
    history: CommunityHistory | None,
    month: date,
    today: date,
    now: datetime,
) -> CommunityPack | None:
    community = session.get(Community, community_id)
    if community is None:
        return None
    coaching = _coaching(session, community_id)
    since = min((c.starts_on for c in coaching), default=today)
    events = events_between(
        session,
        datetime.combine(since, time(), UTC),
        now,
        community_id=community_id,
        kinds=(CHECK_IN,),
        settings=settings,
    )
    zone = ZoneInfo(community.time_zone)
    names = dict(session.execute(select(Facilitator.id, Facilitator.name)).all())
    entries = [_entry(e, zone, names) for e in reversed(events) if e.end <= now]
    months = month_span(month, TREND_MONTHS)
    if history is not None and history.months:
        # No empty columns before the community's first imported month.
        months = [m for m in months if m >= history.months[0]] or months[-1:]
    week = host_week(community, settings)
    band = history.band_at(month) if history else HealthBand.UNKNOWN
    trend = history.trend_at(month) if history else Trend.FLAT
    follow_ups = open_follow_ups(
        entries, community.help_requested_on, history, coaching, band, trend, today, settings
    )
    return CommunityPack(
        community_id=community.id,
        name=community.name,
        kind=community.kind.value,
        host_name=community.host_name,
        host_email=community.host_email,
        time_zone=community.time_zone,
        host_hours=f"{week.start:%H:%M}–{week.end:%H:%M} {week.days.to_text()}",
        language=community.language,
        members=community.members,
        topics=tuple(community.topics or ()),
        showcase=community.showcase,
        help_requested_on=community.help_requested_on,
        band=band,
        trend=trend,
        coaching=tuple(coaching),
        months=tuple(months),
        bands=tuple(history.bands(months) if history else [HealthBand.UNKNOWN] * len(months)),
        active_members=tuple(history.active_members(months) if history else [None] * len(months)),
        check_ins=tuple(entries),
        follow_ups=tuple(follow_ups),
    )


def _coaching(session: Session, community_id: int) -> list[Coaching]:
    rows = session.execute(
        select(
            Facilitator.name,
            Facilitator.email,
            Assignment.starts_on,
            Assignment.ends_on,
            Assignment.status,
        )
        .join(Facilitator, Assignment.facilitator_id == Facilitator.id)
        .where(Assignment.community_id == community_id)
        .order_by(Assignment.starts_on.desc(), Assignment.id.desc())
    )
    return [Coaching(*row) for row in rows]


def _entry(event: Event, zone: ZoneInfo, names: dict[int, str]) -> CheckInEntry:
    volunteer = ", ".join(names.get(f, "") for f in event.facilitator_ids)
    status = event.status
    if status == OccurrenceStatus.MOVED:
        status = OccurrenceStatus.SCHEDULED  # moved but not logged: still to be logged
    return CheckInEntry(event.start.astimezone(zone), status, volunteer, event.notes, event.outcome)


def open_follow_ups(
    entries: Sequence[CheckInEntry],
    help_requested_on: date | None,
    history: CommunityHistory | None,
    coaching: Sequence[Coaching],
    band: HealthBand,
    trend: Trend,
    today: date,
    settings: Settings,
) -> list[FollowUp]:
    """What is still open: help asked for, missed or unlogged check-ins, silence, falling
    activity, and the last agreed outcome (``entries`` newest first)."""
    found: list[FollowUp] = []
    if help_requested_on is not None:
        days = (today - help_requested_on).days
        found.append(
            FollowUp(
                "help",
                f"The host asked for help on {help_requested_on:%d %b %Y} ({days} days ago).",
            )
        )
    recent = today - timedelta(days=RECENT_MISSED_DAYS)
    missed = [
        e for e in entries if e.status == OccurrenceStatus.MISSED and e.start.date() >= recent
    ]
    if missed:
        text = f"{len(missed)} check-in(s) missed in the last {RECENT_MISSED_DAYS} days"
        found.append(FollowUp("missed", f"{text}, the latest on {missed[0].start:%d %b %Y}."))
    unlogged = [e for e in entries if e.status == OccurrenceStatus.SCHEDULED]
    if unlogged:
        found.append(
            FollowUp(
                "unlogged", f"{len(unlogged)} past check-in(s) were never logged as done or missed."
            )
        )
    done = [e for e in entries if e.status == OccurrenceStatus.DONE]
    current = coaching[0] if coaching and coaching[0].status == AssignmentStatus.ACTIVE else None
    if current is not None:
        last = done[0].start.date() if done else None
        days = (today - (last or current.starts_on)).days
        if days > settings.overdue_days:
            what = f"since {last:%d %b %Y}" if last else "since the caseload started"
            found.append(FollowUp("overdue", f"No check-in done {what} ({days} days)."))
    if band in (HealthBand.DORMANT, HealthBand.QUIET) or trend == Trend.DOWN:
        found.append(FollowUp("health", _health_text(history, band, trend)))
    if done and done[0].outcome.strip():
        found.append(
            FollowUp(
                "outcome", f"Last agreed outcome ({done[0].start:%d %b}): {done[0].outcome.strip()}"
            )
        )
    return found


def _health_text(history: CommunityHistory | None, band: HealthBand, trend: Trend) -> str:
    parts = [f"Health is {band.value}"]
    if history is not None and len(history.activity) >= 2:
        recent = history.activity[-6:]
        figures = ", ".join(str(a.active_members) for a in recent)
        parts.append(f"active members {recent[0].month:%b}–{recent[-1].month:%b %Y}: {figures}")
    if trend == Trend.DOWN:
        parts.append("activity is falling")
    if band_rank(band) <= band_rank(HealthBand.DORMANT):
        parts.append("consider a revival plan with the host")
    return "; ".join(parts) + "."
