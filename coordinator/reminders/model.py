"""What a reminder is: one lead time before one occurrence, and the state stored for it.

A reminder is identified by ``ReminderKey`` = (event UID, the occurrence's *actual* start, lead
minutes), the unique key of ``ReminderState``. Keying on the actual start (not the rule's
RECURRENCE-ID) is deliberate: a moved occurrence is a new reminder at its new time, and a
reminder still open for the old time goes away with it.

Life of a reminder (no state row = pending)::

    pending --due--> active (fired) --dismiss--> dismissed
                       |  ^
                 snooze|  |snooze ends: fired again (fired_at moves past snoozed_until)
                       v  |
                     snoozed
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import NamedTuple

from coordinator.domain import OccurrenceStatus
from coordinator.models import ReminderState
from coordinator.scheduling.events import Event
from coordinator.settings import Settings

# Only occurrences still to happen remind; logged (done/missed) and cancelled ones never do.
REMINDING = frozenset({OccurrenceStatus.SCHEDULED, OccurrenceStatus.MOVED})


class ReminderKey(NamedTuple):
    """Identifies one reminder: (event UID, actual start in UTC, lead minutes)."""

    item_uid: str
    occurrence_start: datetime
    lead_minutes: int

    @property
    def occurrence(self) -> tuple[str, datetime]:
        """(UID, start): the occurrence this reminder belongs to."""
        return (self.item_uid, self.occurrence_start)


class ReminderStatus(enum.StrEnum):
    PENDING = "pending"  # not fired yet
    ACTIVE = "active"  # fired, waiting for the lead to act on it
    SNOOZED = "snoozed"  # fired, to fire again at ``snoozed_until``
    DISMISSED = "dismissed"


@dataclass(frozen=True, slots=True)
class Reminder:
    """One reminder of one occurrence, with its stored state (immutable, safe across threads)."""

    event: Event
    lead_minutes: int
    fired_at: datetime | None = None
    snoozed_until: datetime | None = None
    dismissed_at: datetime | None = None

    @property
    def key(self) -> ReminderKey:
        """The reminder's identity (matches its ``ReminderState`` row)."""
        return ReminderKey(self.event.uid, self.event.start, self.lead_minutes)

    @property
    def due_at(self) -> datetime:
        """The instant the lead time gives: the event's start minus the lead."""
        return self.event.start - timedelta(minutes=self.lead_minutes)

    @property
    def status(self) -> ReminderStatus:
        """Where the reminder is in its life (see the module docstring)."""
        if self.dismissed_at is not None:
            return ReminderStatus.DISMISSED
        if self.fired_at is None:
            return ReminderStatus.PENDING
        if self.snoozed_until is not None and self.snoozed_until > self.fired_at:
            return ReminderStatus.SNOOZED
        return ReminderStatus.ACTIVE

    @property
    def wants_attention_at(self) -> datetime | None:
        """When this reminder next fires: its due instant, its snooze end, or never (None)."""
        status = self.status
        if status is ReminderStatus.PENDING:
            return self.due_at
        if status is ReminderStatus.SNOOZED:
            return self.snoozed_until
        return None

    def with_state(self, row: ReminderState | None) -> Reminder:
        """This reminder with the state stored in ``row`` (unchanged when there is none)."""
        if row is None:
            return self
        return replace(
            self,
            fired_at=row.fired_at,
            snoozed_until=row.snoozed_until,
            dismissed_at=row.dismissed_at,
        )


def lead_times(event: Event, settings: Settings) -> tuple[int, ...]:
    """The event's lead times in minutes, largest first: the series' own, else the settings'."""
    minutes = (
        settings.reminder_lead_minutes if event.reminder_minutes is None else event.reminder_minutes
    )
    return tuple(sorted({int(m) for m in minutes if m >= 0}, reverse=True))


def reminders_of(events: Iterable[Event], settings: Settings) -> list[Reminder]:
    """Every reminder (state not attached) of the events that still remind."""
    return [
        Reminder(event, lead)
        for event in events
        if event.status in REMINDING
        for lead in lead_times(event, settings)
    ]


def one_per_occurrence(reminders: Iterable[Reminder]) -> list[Reminder]:
    """Keep one reminder per occurrence: the one nearest the start (smallest lead), by start."""
    chosen: dict[tuple[str, datetime], Reminder] = {}
    for reminder in reminders:
        current = chosen.get(reminder.key.occurrence)
        if current is None or reminder.lead_minutes < current.lead_minutes:
            chosen[reminder.key.occurrence] = reminder
    return sorted(chosen.values(), key=lambda r: (r.event.start, r.event.uid))


def snooze_until(choice: str, now: datetime, zone: tzinfo | None = None) -> datetime:
    """The end of a snooze: ``"10min"``, ``"1h"`` or ``"tomorrow"`` (09:00 local, next day).

    ``zone`` is the lead's zone; None means the machine's zone as the C library sees it now.
    """
    now = utc(now)
    if choice == "10min":
        return now + timedelta(minutes=10)
    if choice == "1h":
        return now + timedelta(hours=1)
    if choice == "tomorrow":
        return _local_morning(now, zone)
    raise ValueError(f"unknown snooze {choice!r}: use 10min, 1h or tomorrow")


def _local_morning(now: datetime, zone: tzinfo | None, at: time = time(9)) -> datetime:
    local = now.astimezone(zone) if zone is not None else now.astimezone()
    day: date = local.date() + timedelta(days=1)
    if zone is not None:
        return datetime.combine(day, at, zone).astimezone(UTC)
    # A naive local time's astimezone() asks the C library for that day's offset (DST-safe).
    return datetime.combine(day, at).astimezone().astimezone(UTC)


def utc(value: datetime) -> datetime:
    """``value`` in UTC; refuses naive datetimes (every ``now`` must be an instant)."""
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: pass an aware instant")
    return value.astimezone(UTC)
