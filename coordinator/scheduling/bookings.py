"""Who is busy when, while a schedule is built: the bookings of volunteers and hosts.

Intervals are epoch minutes (see ``slots``). A host is identified by e-mail, since one person
may host several communities; a volunteer by id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from coordinator.domain import Cadence
from coordinator.models import Assignment, CheckInSeries, Community
from coordinator.scheduling.occurrence import Event
from coordinator.scheduling.parties import host_week, volunteer_week
from coordinator.scheduling.recurrence import ClockCache, rule_dates
from coordinator.scheduling.report import BuildReport
from coordinator.scheduling.slots import Busy, SlotChecker, SlotChoice, epoch_minutes
from coordinator.settings import Settings


def assignment_parties(session: Session) -> tuple[dict[int | None, int], dict[int | None, str]]:
    """Assignment → volunteer, and → host (one host may run several communities: same e-mail)."""
    rows = session.execute(
        select(Assignment.id, Assignment.facilitator_id, Community.id, Community.host_email).join(
            Community, Assignment.community_id == Community.id
        )
    ).all()
    volunteers = {a: f for a, f, _, _ in rows}
    hosts = {
        a: f"email:{email.strip().lower()}" if email.strip() else f"community:{c}"
        for a, _, c, email in rows
    }
    return volunteers, hosts


@dataclass
class BuildContext:
    """Everything one build shares: bookings, loads, caches and pending report lines."""

    session: Session
    settings: Settings
    start: date
    report: BuildReport
    clocks: ClockCache = field(default_factory=ClockCache)
    volunteer_busy: dict[int, Busy] = field(default_factory=lambda: defaultdict(Busy))
    host_busy: dict[str, Busy] = field(default_factory=lambda: defaultdict(Busy))
    load: dict[int, dict[int, float]] = field(default_factory=lambda: defaultdict(dict))
    events: dict[int, list[Event]] = field(default_factory=lambda: defaultdict(list))
    host_keys: dict[int | None, str] = field(default_factory=dict)
    volunteers: dict[int | None, int] = field(default_factory=dict)
    pending: list[tuple[str, int, CheckInSeries | None, str]] = field(default_factory=list)


def slot_checker(ctx: BuildContext, assignment: Assignment, first: date, last: date) -> SlotChecker:
    """A slot checker for the assignment's volunteer and host over ``first`` … ``last``."""
    return SlotChecker(
        volunteer_week(assignment.facilitator),
        host_week(assignment.community, ctx.settings),
        first,
        last,
        ctx.clocks,
    )


def rule_intervals(
    ctx: BuildContext, series: CheckInSeries | SlotChoice, last: date, first: date | None = None
) -> list[tuple[int, int]]:
    """Epoch-minute intervals the rule of a series gives from ``first`` (or ``start``) to ``last``.

    Read from the rule, not the stored rows, so the dates a build adds (a longer assignment)
    count too; stored occurrences are booked separately.
    """
    first = max(first or ctx.start, series.starts_on)
    days = None if series.days is None else tuple(series.days)
    if days is None and series.cadence == Cadence.DAILY:  # placed before weekdays were stored
        assignment = series.assignment  # type: ignore[union-attr]
        checker = slot_checker(ctx, assignment, first, last)
        days = checker.daily_days(series.local_time, series.starts_on)
    clock = ctx.clocks[series.time_zone]
    dates = rule_dates(series.cadence, series.weekday, series.starts_on, last, first, last, days)
    result = []
    for day in dates:
        begin = epoch_minutes(clock.instant(day, series.local_time))
        result.append((begin, begin + series.duration_minutes))
    return result


def book(ctx: BuildContext, assignment_id: int | None, intervals: list[tuple[int, int]]) -> None:
    """Book intervals for the assignment's volunteer and host."""
    volunteer = ctx.volunteer_busy[ctx.volunteers[assignment_id]]
    host = ctx.host_busy[ctx.host_keys[assignment_id]]
    for begin, end in intervals:
        volunteer.add(begin, end)
        host.add(begin, end)


def collides(ctx: BuildContext, assignment: Assignment, intervals: list[tuple[int, int]]) -> bool:
    """True when an interval meets a booking of either party; otherwise books them all."""
    volunteer = ctx.volunteer_busy[assignment.facilitator_id]
    host = ctx.host_busy[ctx.host_keys[assignment.id]]
    if any(volunteer.overlaps(*i) or host.overlaps(*i) for i in intervals):
        return True
    book(ctx, assignment.id, intervals)
    return False


def add_load(ctx: BuildContext, facilitator_id: int, load: Mapping[int, float]) -> None:
    """Add a series' check-ins per weekday to the volunteer's load."""
    mine = ctx.load[facilitator_id]
    for day, value in load.items():
        mine[day] = mine.get(day, 0.0) + value


def stored_at(ctx: BuildContext, series: CheckInSeries, interval: tuple[int, int]) -> bool:
    """True when the rule's occurrence at ``interval`` has a stored row (booked on its own)."""
    return any(
        e.occurrence_id is not None and epoch_minutes(e.original_start) == interval[0]
        for e in ctx.events.get(series.id, ())
    )
