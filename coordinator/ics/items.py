"""A calendar's recurring series as plain values: one ``CalendarItem`` per VEVENT master."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import or_

from coordinator.domain import OccurrenceStatus
from coordinator.scheduling.recurrence import DAY, ClockCache, RecurrenceRule, ZoneClock
from coordinator.settings import Settings

CANCELLED = OccurrenceStatus.CANCELLED


@dataclass(frozen=True, slots=True)
class Person:
    """An ORGANIZER or ATTENDEE."""

    name: str
    email: str


@dataclass(frozen=True, slots=True)
class Moved:
    """An occurrence at another time than its rule gave (a RECURRENCE-ID override)."""

    original_start: datetime  # aware UTC: the RECURRENCE-ID
    start: datetime
    end: datetime


@dataclass(slots=True)
class CalendarItem:
    """One recurring series as one VEVENT, with its exceptions."""

    uid: str
    kind: str  # CHECK_IN or WEBINAR
    facilitator_id: int | None  # the volunteer of a check-in (None for webinars)
    summary: str
    description: str
    categories: tuple[str, ...]
    time_zone: str
    first: datetime  # the first occurrence, as wall time in ``time_zone`` (DTSTART)
    duration: timedelta
    rule: RecurrenceRule
    until: datetime | None  # aware UTC: the end of the rule's last local day
    sequence: int
    reminders: tuple[int, ...]
    organizer: Person | None = None
    attendees: tuple[Person, ...] = ()
    cancelled: list[datetime] = field(default_factory=list)  # aware UTC rule instants
    extra: list[datetime] = field(default_factory=list)  # RDATEs (aware UTC)
    moved: list[Moved] = field(default_factory=list)
    all_cancelled: bool = False

    @property
    def last_day(self) -> date | None:
        """The rule's last local date (None when it never ends)."""
        return self.rule.until


def reminders(own: list[int] | None, settings: Settings) -> tuple[int, ...]:
    """The series' own lead times (an empty list means none), else the settings'."""
    return tuple(settings.reminder_lead_minutes if own is None else own)


def end_of_day(clocks: ClockCache, zone: str, day: date | None) -> datetime | None:
    """UNTIL: one second before the local midnight after ``day`` (UTC, as RFC 5545 wants)."""
    if day is None:
        return None
    return clocks[zone].instant(day + DAY, time()) - timedelta(seconds=1)


def overlapping(query: Any, starts: Any, untils: Any, first: date | None, last: date | None) -> Any:
    """``query`` narrowed to series whose dates ``starts``…``untils`` meet ``first``…``last``."""
    if last is not None:
        query = query.where(starts <= last)
    if first is not None:
        query = query.where(or_(untils.is_(None), untils >= first))
    return query


def rule_check(
    clock: ZoneClock, wall: time, on_rule_date: Callable[[date], bool]
) -> Callable[[datetime], bool]:
    """Whether an instant is one the rule gives: a rule date, at the wall time, in the zone."""

    def check(instant: datetime) -> bool:
        day = instant.astimezone(clock.zone).date()
        return on_rule_date(day) and clock.instant(day, wall) == instant

    return check


def add_exceptions(
    item: CalendarItem, rows: Iterable[Any], in_rule: Callable[[datetime], bool]
) -> None:
    """EXDATEs for cancelled occurrences, overrides for moved ones.

    A stored occurrence the rule no longer gives (its series was shortened after the move)
    still happens: it gets an RDATE, so that its override replaces a real instance.
    """
    for row in rows:
        regular = in_rule(row.original_start)
        if row.status == CANCELLED:
            if regular:
                item.cancelled.append(row.original_start)
            continue
        minutes = getattr(row, "duration_minutes", None)
        end = row.start + (timedelta(minutes=minutes) if minutes else item.duration)
        item.moved.append(Moved(row.original_start, row.start, end))
        if not regular:
            item.extra.append(row.original_start)


def all_gone(item: CalendarItem, occurrences: int) -> bool:
    """True when every one of the rule's ``occurrences`` is cancelled (none moved)."""
    return not item.moved and len(set(item.cancelled)) >= occurrences
