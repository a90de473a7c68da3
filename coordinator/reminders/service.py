"""Reminders against the database: the next due instant, firing once, snooze, dismiss, catch-up.

Every function takes ``now`` so tests (and the bridge) control the clock. The database is the
only memory: whatever fired is stored, so nothing fires twice, also across restarts.

The watermark ``reminders.last_seen`` (a ``Setting`` row) is the instant up to which every due
reminder has been handled; each ``fire_due``/``catch_up`` moves it to ``now``. A reminder is
due at ``now`` when it is pending, its due instant is at or before ``now`` and either it fell
due after the watermark or its occurrence has not started yet. So:

* while the app runs, the job fires exactly what fell due since the previous run;
* at start-up ``catch_up`` collects what fell due while the app was closed (back to the
  watermark, at most ``CATCH_UP_LIMIT``) as one list; on the very first run there is no
  watermark and only occurrences still ahead are reminded of;
* an occurrence created or moved so close that its lead time has already passed (or given a
  longer lead time) still reminds once, as long as it has not started.

State belongs to an ``owner`` (``coordinator.identity``): coordinators sharing a server each
have their own fired/snoozed/dismissed rows and their own watermark. The owner ``""`` is a
one-user database's, and what existed before owners did; the first named owner to fire or
catch up on such a database adopts it, so an upgrade never re-fires what was handled.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from coordinator.db import Database
from coordinator.models import CheckInSeries, ReminderState, Setting, WebinarSeries
from coordinator.reminders.model import (
    REMINDING,
    Reminder,
    ReminderKey,
    ReminderStatus,
    one_per_occurrence,
    reminders_of,
    utc,
)
from coordinator.scheduling.events import Event, events_between
from coordinator.settings import Settings, load_settings

LAST_SEEN_KEY = "reminders.last_seen"
DEFAULT_OWNER = ""  # a database with one user (and state from before owners existed)
CATCH_UP_LIMIT = timedelta(days=7)  # a longer absence is summarised by its last week only
ACTIVE_KEEP = timedelta(days=2)  # the panel drops fired reminders of older occurrences
PRUNE_AFTER = timedelta(days=60)  # state rows of older occurrences can never matter again
# next_due looks ahead in growing steps: most programmes have something due within a day.
_LOOK_AHEAD = (timedelta(days=1), timedelta(days=7), timedelta(days=40))
_TICK = timedelta(microseconds=1)

_LIVE_ROW = (ReminderState.fired_at.is_not(None), ReminderState.dismissed_at.is_(None))


def watermark_key(owner: str) -> str:
    """The ``Setting`` key of ``owner``'s watermark."""
    return LAST_SEEN_KEY if owner == DEFAULT_OWNER else f"{LAST_SEEN_KEY}:{owner}"


def last_seen(session: Session, owner: str = DEFAULT_OWNER) -> datetime | None:
    """The watermark: up to when every due reminder was handled (None before the first run)."""
    row = session.get(Setting, watermark_key(owner))
    if row is None or not row.value:
        return None
    return utc(datetime.fromisoformat(row.value))


def _set_last_seen(session: Session, owner: str, now: datetime) -> None:
    row = session.get(Setting, watermark_key(owner))
    if row is None:
        session.add(Setting(key=watermark_key(owner), value=now.isoformat()))
    else:
        row.value = now.isoformat()


def _adopt_unowned(session: Session, owner: str) -> None:
    """A named owner's first run on a database with unowned state takes that state over.

    Plain UPDATEs: when two coordinators start at once, the second finds nothing left.
    """
    if owner == DEFAULT_OWNER or session.get(Setting, watermark_key(owner)) is not None:
        return
    session.execute(
        update(ReminderState).where(ReminderState.owner == DEFAULT_OWNER).values(owner=owner)
    )
    session.execute(
        update(Setting).where(Setting.key == LAST_SEEN_KEY).values(key=watermark_key(owner))
    )


def _since(session: Session, owner: str, now: datetime, since: datetime | None = None) -> datetime:
    mark = since if since is not None else last_seen(session, owner)
    if mark is None:
        return now
    return max(utc(mark), now - CATCH_UP_LIMIT)


def _max_lead(session: Session, settings: Settings) -> timedelta:
    leads = set(settings.reminder_lead_minutes)
    for table in (CheckInSeries, WebinarSeries):
        # No DISTINCT: PostgreSQL's json type has no equality operator; the set dedupes.
        for value in session.scalars(select(table.reminder_minutes)):
            leads.update(value or ())
    return timedelta(minutes=max(leads, default=0))


def _rows(
    session: Session, owner: str, reminders: Sequence[Reminder]
) -> dict[ReminderKey, ReminderState]:
    """``owner``'s stored state rows of ``reminders`` (one query over their span of starts)."""
    if not reminders:
        return {}
    starts = [r.event.start for r in reminders]
    rows = session.scalars(
        select(ReminderState).where(
            ReminderState.owner == owner,
            ReminderState.occurrence_start >= min(starts),
            ReminderState.occurrence_start <= max(starts),
        )
    )
    return {ReminderKey(r.item_uid, r.occurrence_start, r.lead_minutes): r for r in rows}


def _with_state(session: Session, owner: str, reminders: Sequence[Reminder]) -> list[Reminder]:
    rows = _rows(session, owner, reminders)
    return [r.with_state(rows.get(r.key)) for r in reminders]


def _events_at(
    session: Session, occurrences: Iterable[tuple[str, datetime]], settings: Settings
) -> dict[tuple[str, datetime], Event]:
    """The events still reminding at the given (UID, start) pairs."""
    wanted = set(occurrences)
    if not wanted:
        return {}
    starts = [start for _uid, start in wanted]
    events = events_between(
        session, min(starts), max(starts) + _TICK, include_cancelled=False, settings=settings
    )
    return {
        (e.uid, e.start): e for e in events if (e.uid, e.start) in wanted and e.status in REMINDING
    }


def _pending_due(
    session: Session, owner: str, now: datetime, since: datetime, settings: Settings
) -> list[Reminder]:
    """Pending reminders due at ``now``: fell due after ``since``, or their event is ahead."""
    events = events_between(
        session,
        since,
        now + _max_lead(session, settings) + _TICK,
        include_cancelled=False,
        settings=settings,
    )
    candidates = [
        r
        for r in reminders_of(events, settings)
        if r.due_at <= now and (r.due_at > since or r.event.start > now)
    ]
    return [
        r for r in _with_state(session, owner, candidates) if r.status is ReminderStatus.PENDING
    ]


def _snoozes(
    session: Session, owner: str, settings: Settings, until: datetime | None = None
) -> tuple[list[Reminder], list[ReminderState]]:
    """``owner``'s live snoozes (ending by ``until`` if given), and rows whose event is gone."""
    query = select(ReminderState).where(
        *_LIVE_ROW,
        ReminderState.owner == owner,
        ReminderState.snoozed_until.is_not(None),
        ReminderState.snoozed_until > ReminderState.fired_at,
    )
    if until is not None:
        query = query.where(ReminderState.snoozed_until <= until)
    rows = list(session.scalars(query))
    events = _events_at(session, ((r.item_uid, r.occurrence_start) for r in rows), settings)
    live, orphans = [], []
    for row in rows:
        event = events.get((row.item_uid, row.occurrence_start))
        if event is None:
            orphans.append(row)
        else:
            live.append(Reminder(event, row.lead_minutes).with_state(row))
    return live, orphans


def _first_future_due(
    session: Session, owner: str, now: datetime, settings: Settings
) -> datetime | None:
    max_lead = _max_lead(session, settings)
    start = now
    for span in _LOOK_AHEAD:
        end = now + span
        events = events_between(
            session, start, end + max_lead + _TICK, include_cancelled=False, settings=settings
        )
        candidates = [r for r in reminders_of(events, settings) if start < r.due_at <= end]
        pending = [
            r.due_at
            for r in _with_state(session, owner, candidates)
            if r.status is ReminderStatus.PENDING
        ]
        if pending:
            return min(pending)
        start = end
    return None


def next_due(session: Session, now: datetime, owner: str = DEFAULT_OWNER) -> datetime | None:
    """The next instant anything is due (a pending reminder or a snooze's end); may be <= now.

    None when nothing is due within the look-ahead (about 40 days); the bridge re-plans on its
    safety tick anyway.
    """
    now = utc(now)
    settings = load_settings(session)
    instants: list[datetime] = []
    overdue = _pending_due(session, owner, now, _since(session, owner, now), settings)
    instants.extend(r.due_at for r in overdue)
    snoozes, _orphans = _snoozes(session, owner, settings)
    instants.extend(r.snoozed_until for r in snoozes if r.snoozed_until is not None)
    future = _first_future_due(session, owner, now, settings)
    if future is not None:
        instants.append(future)
    return min(instants, default=None)


def _fire(session: Session, owner: str, now: datetime, since: datetime) -> list[Reminder]:
    """Mark everything due at ``now`` fired; move the watermark; one reminder per occurrence."""
    settings = load_settings(session)
    due = _pending_due(session, owner, now, since, settings)
    snoozed, orphans = _snoozes(session, owner, settings, until=now)
    for row in orphans:  # the occurrence was cancelled, moved or deleted meanwhile
        row.dismissed_at = now
    fired = [*due, *snoozed]
    rows = _rows(session, owner, fired)
    for reminder in fired:
        row = rows.get(reminder.key)
        if row is None:
            key = reminder.key
            session.add(
                ReminderState(
                    owner=owner,
                    item_uid=key.item_uid,
                    occurrence_start=key.occurrence_start,
                    lead_minutes=key.lead_minutes,
                    fired_at=now,
                )
            )
        else:
            row.fired_at = now
    # A newer reminder of an occurrence supersedes its older ones: they no longer re-fire.
    occurrences = {r.key.occurrence for r in fired}
    for key, row in rows.items():
        if key.occurrence in occurrences and row.fired_at != now:
            row.snoozed_until = None
    _set_last_seen(session, owner, now)
    return one_per_occurrence(
        Reminder(r.event, r.lead_minutes, fired_at=now, dismissed_at=None) for r in fired
    )


def fire_due(database: Database, now: datetime, owner: str = DEFAULT_OWNER) -> list[Reminder]:
    """Mark ``owner``'s reminders due at ``now`` fired, in one transaction, and return them."""
    now = utc(now)
    with database.unit_of_work() as session:
        _adopt_unowned(session, owner)
        return _fire(session, owner, now, _since(session, owner, now))


def catch_up(
    database: Database,
    now: datetime,
    since: datetime | None = None,
    owner: str = DEFAULT_OWNER,
) -> list[Reminder]:
    """What fell due while the app was closed (since the watermark or ``since``), as one list.

    The reminders are marked fired like ``fire_due`` does, so they are never fired one by one
    afterwards; old state rows are pruned on the way.
    """
    now = utc(now)
    with database.unit_of_work() as session:
        _adopt_unowned(session, owner)
        fired = _fire(session, owner, now, _since(session, owner, now, since))
        session.execute(
            delete(ReminderState).where(ReminderState.occurrence_start < now - PRUNE_AFTER)
        )
        return fired


def _occurrence_rows(session: Session, owner: str, key: ReminderKey) -> list[ReminderState]:
    return list(
        session.scalars(
            select(ReminderState).where(
                *_LIVE_ROW,
                ReminderState.owner == owner,
                ReminderState.item_uid == key.item_uid,
                ReminderState.occurrence_start == utc(key.occurrence_start),
            )
        )
    )


def snooze(
    database: Database, key: ReminderKey, until: datetime, owner: str = DEFAULT_OWNER
) -> None:
    """Snooze the fired reminders of ``key``'s occurrence until ``until`` (they fire again once)."""
    until = utc(until)
    with database.unit_of_work() as session:
        rows = _occurrence_rows(session, owner, key)
        if not rows:
            raise LookupError("This reminder has not fired or was dismissed; nothing to snooze.")
        if any(row.fired_at is not None and until <= row.fired_at for row in rows):
            raise ValueError("A snooze must end after the reminder fired.")
        for row in rows:
            row.snoozed_until = until


def dismiss(database: Database, key: ReminderKey, now: datetime, owner: str = DEFAULT_OWNER) -> int:
    """Dismiss the fired reminders of ``key``'s occurrence; returns how many were open."""
    now = utc(now)
    with database.unit_of_work() as session:
        rows = _occurrence_rows(session, owner, key)
        for row in rows:
            row.dismissed_at = now
        return len(rows)


def active_reminders(session: Session, now: datetime, owner: str = DEFAULT_OWNER) -> list[Reminder]:
    """Fired, undismissed reminders (snoozed ones too) for the panel, one per occurrence."""
    now = utc(now)
    rows = list(
        session.scalars(
            select(ReminderState).where(
                *_LIVE_ROW,
                ReminderState.owner == owner,
                ReminderState.occurrence_start >= now - ACTIVE_KEEP,
            )
        )
    )
    settings = load_settings(session)
    events = _events_at(session, ((r.item_uid, r.occurrence_start) for r in rows), settings)
    reminders = [
        Reminder(events[(r.item_uid, r.occurrence_start)], r.lead_minutes).with_state(r)
        for r in rows
        if (r.item_uid, r.occurrence_start) in events
    ]
    return one_per_occurrence(reminders)
