"""Monthly webinars: choosing session times that reach the most volunteers and hosts.

Candidate sessions are the 48 half-hour UTC starts of the webinar's real date; a person is
covered by a session that lies inside their working hours on that date (with that date's DST
offsets). Sessions are picked greedily by the number of people not yet covered, which is the
classic (1 − 1/e) approximation of maximum coverage.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from coordinator import audit
from coordinator.domain import AssignmentStatus, WebinarTrack
from coordinator.models import Assignment, Community, Facilitator, WebinarSeries, WebinarSession
from coordinator.scheduling.parties import Party, host_party, volunteer_party
from coordinator.scheduling.recurrence import ClockCache, monthly_dates, monthly_rule_text
from coordinator.settings import Settings, load_settings
from coordinator.worktime import WorkWeek


@dataclass(frozen=True, slots=True)
class SessionProposal:
    """A proposed session: its instant on the real date, its anchor zone and who it reaches."""

    start: datetime  # aware UTC
    end: datetime
    local_time: time  # wall time in ``time_zone``: what the series stores
    time_zone: str  # the zone most of the covered people share (its date is the rule's date)
    covered: frozenset[str]  # Party keys with the session inside their working hours
    share: float  # covered / everyone
    added_share: float  # people reached by no earlier-picked session / everyone


@dataclass(frozen=True, slots=True)
class SessionPlan:
    """Proposed sessions for one webinar date and the share of people reached by any of them."""

    day: date
    sessions: tuple[SessionProposal, ...]
    people: int
    total_share: float


def _covers(spans: list[tuple[datetime, datetime]], start: datetime, end: datetime) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def coverage(people: Sequence[Party], start: datetime, duration_minutes: int) -> frozenset[str]:
    """Keys of the people for whom ``[start, start + duration)`` is inside working hours."""
    end = start + timedelta(minutes=duration_minutes)
    by_week: dict[WorkWeek, list[str]] = {}
    for person in people:
        by_week.setdefault(person.week, []).append(person.key)
    covered: set[str] = set()
    for week, keys in by_week.items():
        local_day = start.astimezone(ZoneInfo(week.time_zone)).date()
        if _covers(list(week.intervals(local_day - timedelta(days=1), local_day)), start, end):
            covered.update(keys)
    return frozenset(covered)


def slot_coverage(
    people: Sequence[Party], day: date, duration_minutes: int, step_minutes: int = 30
) -> list[tuple[datetime, frozenset[str]]]:
    """Who each UTC start of ``day`` (every ``step_minutes``) reaches."""
    # People sharing a working week are evaluated once (hosts often share the defaults).
    groups: dict[WorkWeek, list[str]] = {}
    for person in people:
        groups.setdefault(person.week, []).append(person.key)
    spans = {
        week: list(week.intervals(day - timedelta(days=1), day + timedelta(days=1)))
        for week in groups
    }
    duration = timedelta(minutes=duration_minutes)
    midnight = datetime.combine(day, time(), UTC)
    result = []
    for k in range(0, 24 * 60, step_minutes):
        start = midnight + timedelta(minutes=k)
        end = start + duration
        covered: set[str] = set()
        for week, keys in groups.items():
            if _covers(spans[week], start, end):
                covered.update(keys)
        result.append((start, frozenset(covered)))
    return result


def anchor_zone(people: Sequence[Party], covered: Iterable[str], start: datetime, day: date) -> str:
    """The zone to store a session in: the commonest among the people it reaches whose local
    date is the rule's date (so "second Tuesday" stays Tuesday there); UTC if there is none.

    Storing it there keeps the session at the same wall time for its main audience across
    their DST changes; everyone else is re-checked on real dates.
    """
    keys = set(covered)
    zones = Counter(
        p.time_zone
        for p in people
        if p.key in keys and start.astimezone(ZoneInfo(p.time_zone)).date() == day
    )
    if not zones:
        return "UTC"
    return min(zones.items(), key=lambda item: (-item[1], item[0]))[0]


def plan_sessions(
    people: Sequence[Party],
    day: date,
    duration_minutes: int,
    count: int,
    *,
    step_minutes: int = 30,
) -> SessionPlan:
    """Up to ``count`` sessions on ``day`` reaching the most people (greedy max coverage)."""
    total = len(people)
    slots = slot_coverage(people, day, duration_minutes, step_minutes)
    reached: set[str] = set()
    picked: list[SessionProposal] = []
    for _ in range(count):
        # Most new people; ties go to the slot reaching more people overall, then the earliest.
        start, covered = max(
            slots, key=lambda s: (len(s[1] - reached), len(s[1]), -s[0].timestamp())
        )
        gain = len(covered - reached)
        if gain == 0:
            break
        zone = anchor_zone(people, covered, start, day)
        picked.append(
            SessionProposal(
                start,
                start + timedelta(minutes=duration_minutes),
                start.astimezone(ZoneInfo(zone)).time().replace(tzinfo=None),
                zone,
                covered,
                len(covered) / total if total else 0.0,
                gain / total if total else 0.0,
            )
        )
        reached |= covered
    picked.sort(key=lambda p: p.start)
    return SessionPlan(day, tuple(picked), total, len(reached) / total if total else 0.0)


def webinar_audience(session: Session, settings: Settings | None = None) -> list[Party]:
    """Everyone a webinar is for: active volunteers and hosts of actively coached communities."""
    settings = settings or load_settings(session)
    volunteers = session.scalars(
        select(Facilitator).where(Facilitator.active.is_(True)).order_by(Facilitator.name)
    ).all()
    hosts = session.scalars(
        select(Community)
        .where(
            Community.id.in_(
                select(Assignment.community_id).where(Assignment.status == AssignmentStatus.ACTIVE)
            )
        )
        .order_by(Community.name)
    ).all()
    return [volunteer_party(f) for f in volunteers] + [host_party(c, settings) for c in hosts]


def session_shares(
    people: Sequence[Party],
    local_time: time,
    time_zone: str,
    dates: Iterable[date],
    duration_minutes: int,
) -> list[tuple[date, float]]:
    """The share of people a stored session reaches on each of its real dates."""
    clock = ClockCache()[time_zone]
    total = len(people) or 1
    return [
        (day, len(coverage(people, clock.instant(day, local_time), duration_minutes)) / total)
        for day in dates
    ]


def series_dates(series: WebinarSeries, first: date, last: date) -> list[date]:
    """The rule's dates of a webinar series between ``first`` and ``last``."""
    rule = (series.ordinal, series.weekday, series.starts_on, series.until_on)
    return list(monthly_dates(*rule, first, last))


def create_webinar_series(
    session: Session,
    *,
    title: str,
    ordinal: int,
    weekday: int,
    starts_on: date,
    sessions: Sequence[tuple[time, str, str]],
    duration_minutes: int = 60,
    track: WebinarTrack = WebinarTrack.PARTICIPATION,
    until_on: date | None = None,
    description: str = "",
) -> WebinarSeries:
    """Store a monthly webinar with its sessions given as (local time, zone, label)."""
    if not title.strip():
        raise ValueError("a webinar needs a title")
    if not sessions:
        raise ValueError("a webinar needs at least one session")
    series = WebinarSeries(
        title=title.strip(), track=track, description=description, ordinal=ordinal,
        weekday=weekday, duration_minutes=duration_minutes, starts_on=starts_on,
        until_on=until_on,
    )  # fmt: skip
    for local_time, zone, label in sessions:
        series.sessions.append(WebinarSession(local_time=local_time, time_zone=zone, label=label))
    session.add(series)
    session.flush()
    audit.record(
        session, "create", "webinar_series", series.id,
        f"webinar {series.title!r}: {monthly_rule_text(ordinal, weekday)}, "
        f"{len(sessions)} session(s)",
        {"sessions": [None, [f"{t:%H:%M} {z}" for t, z, _ in sessions]]},
    )  # fmt: skip
    return series


def proposal_label(proposal: SessionProposal) -> str:
    """A short label for a session, e.g. ``09:00 Europe/Berlin``."""
    return f"{proposal.local_time:%H:%M} {proposal.time_zone}"
