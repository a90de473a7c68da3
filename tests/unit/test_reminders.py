"""Reminders with a controllable clock: lead times, firing once, snooze, catch-up, moves, DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from coordinator.db import Database, open_database
from coordinator.models import CheckInSeries, ReminderState, WebinarSeries, WebinarSession
from coordinator.reminders import (
    ReminderStatus,
    active_reminders,
    catch_up,
    dismiss,
    fire_due,
    last_seen,
    lead_times,
    next_due,
    snooze,
    snooze_until,
)
from coordinator.scheduling.events import check_in_uid, webinar_uid
from coordinator.scheduling.log import cancel_check_in, move_check_in
from coordinator.settings import load_settings, save_settings
from tests.unit.scheduling_factory import weekly_check_ins

LONDON = ZoneInfo("Europe/London")
# Mondays 09:00 London from 2 March 2026 (GMT; summer time starts on Sunday 29 March).
FIRST = datetime(2026, 3, 2, 9, tzinfo=LONDON).astimezone(UTC)
WEEK = timedelta(days=7)
DAY = timedelta(days=1)
MIN = timedelta(minutes=1)


def add_check_ins(
    database: Database,
    *,
    local: time = time(9),
    zone: str = "Europe/London",
    reminders: list[int] | None = None,
    starts_on: date = date(2026, 3, 2),
) -> int:
    """One weekly check-in series on Mondays; returns its id."""
    return weekly_check_ins(
        database,
        volunteer_name="Ada",
        community_name="Rust guild",
        home_zone="Europe/London",
        starts_on=starts_on,
        weekday=0,
        local_time=local,
        zone=zone,
        reminders=reminders,
    )


def fired(database: Database, now: datetime) -> list[tuple[str, datetime, int]]:
    return [(r.event.uid, r.event.start, r.lead_minutes) for r in fire_due(database, now)]


def due_after(database: Database, now: datetime) -> datetime | None:
    with database.reading() as s:
        return next_due(s, now)


def test_default_lead_times_fire_once_each(database: Database) -> None:
    series = add_check_ins(database)
    uid = check_in_uid(series)
    start = FIRST - 2 * DAY
    assert due_after(database, start) == FIRST - DAY
    assert fired(database, FIRST - DAY - MIN) == []
    assert fired(database, FIRST - DAY) == [(uid, FIRST, 1440)]
    assert fired(database, FIRST - DAY + MIN) == []  # once only
    assert due_after(database, FIRST - DAY + MIN) == FIRST - 15 * MIN
    assert fired(database, FIRST - 15 * MIN) == [(uid, FIRST, 15)]
    assert fired(database, FIRST - 14 * MIN) == []
    assert due_after(database, FIRST - 14 * MIN) == FIRST + WEEK - DAY


def test_series_override_and_settings_lead_times(database: Database) -> None:
    add_check_ins(database, reminders=[120, 30, 30])
    with database.reading() as s:
        assert next_due(s, FIRST - DAY) == FIRST - 120 * MIN
    assert [lead for *_, lead in fired(database, FIRST - 120 * MIN)] == [120]
    assert [lead for *_, lead in fired(database, FIRST - 30 * MIN)] == [30]
    # The settings' lead times apply to a series without its own.
    with database.unit_of_work() as s:
        series = s.get(CheckInSeries, 1)
        assert series is not None
        series.reminder_minutes = None
        settings = load_settings(s)
        save_settings(s, settings.__class__(reminder_lead_minutes=(60,)))
    assert due_after(database, FIRST) == FIRST + WEEK - 60 * MIN


def test_lead_times_dedupe_and_sort(database: Database) -> None:
    add_check_ins(database, reminders=[15, 1440, 15])
    from coordinator.scheduling.events import events_between

    with database.reading() as s:
        event = events_between(s, FIRST, FIRST + MIN)[0]
        assert lead_times(event, load_settings(s)) == (1440, 15)
        assert lead_times(event._replace(reminder_minutes=()), load_settings(s)) == ()


def test_empty_override_silences_a_series(database: Database) -> None:
    add_check_ins(database, reminders=[])
    assert due_after(database, FIRST - DAY) is None
    assert fired(database, FIRST - MIN) == []


def test_snooze_fires_again_once_at_its_end(database: Database) -> None:
    add_check_ins(database)
    [reminder] = fire_due(database, FIRST - DAY)
    until = FIRST - DAY + 10 * MIN
    snooze(database, reminder.key, until)
    with database.reading() as s:
        [shown] = active_reminders(s, FIRST - DAY + MIN)
        assert shown.status is ReminderStatus.SNOOZED
        assert next_due(s, FIRST - DAY + MIN) == until
    assert fired(database, until - MIN) == []
    again = fire_due(database, until)
    assert [(r.lead_minutes, r.status) for r in again] == [(1440, ReminderStatus.ACTIVE)]
    assert fired(database, until + MIN) == []
    assert due_after(database, until + MIN) == FIRST - 15 * MIN


def test_snooze_must_end_after_firing_and_needs_a_fired_reminder(database: Database) -> None:
    add_check_ins(database)
    [reminder] = fire_due(database, FIRST - DAY)
    with pytest.raises(ValueError, match="after"):
        snooze(database, reminder.key, FIRST - 2 * DAY)
    dismiss(database, reminder.key, FIRST - DAY + MIN)
    with pytest.raises(LookupError):
        snooze(database, reminder.key, FIRST)


def test_dismiss_clears_the_panel_but_later_leads_still_fire(database: Database) -> None:
    add_check_ins(database)
    [reminder] = fire_due(database, FIRST - DAY)
    with database.reading() as s:
        assert [r.key for r in active_reminders(s, FIRST - DAY)] == [reminder.key]
    assert dismiss(database, reminder.key, FIRST - DAY + MIN) == 1
    with database.reading() as s:
        assert active_reminders(s, FIRST - DAY + MIN) == []
    assert [lead for *_, lead in fired(database, FIRST - 15 * MIN)] == [15]


def test_a_newer_lead_supersedes_an_older_snooze(database: Database) -> None:
    add_check_ins(database)
    [day_before] = fire_due(database, FIRST - DAY)
    snooze(database, day_before.key, FIRST + 3 * DAY)  # "remind me later", far too late
    assert [lead for *_, lead in fired(database, FIRST - 15 * MIN)] == [15]
    with database.reading() as s:
        [shown] = active_reminders(s, FIRST - 14 * MIN)
        assert (shown.lead_minutes, shown.status) == (15, ReminderStatus.ACTIVE)
        # The day-before reminder does not come back after the check-in.
        assert next_due(s, FIRST - 14 * MIN) == FIRST + WEEK - DAY
    assert dismiss(database, shown.key, FIRST) == 2  # both reminders of the occurrence


def test_catch_up_after_a_closed_period_is_one_list_then_silence(database: Database) -> None:
    series = add_check_ins(database)
    uid = check_in_uid(series)
    opened = FIRST - DAY - 30 * MIN
    assert fire_due(database, opened) == []  # the app ran; watermark set
    # Closed through both reminders of the first check-in and the check-in itself.
    back = FIRST + 5 * DAY
    missed = catch_up(database, back)
    assert [(r.event.uid, r.event.start, r.lead_minutes) for r in missed] == [(uid, FIRST, 15)]
    assert fire_due(database, back) == []
    assert catch_up(database, back + MIN) == []
    with database.reading() as s:
        assert last_seen(s) == back + MIN
        assert next_due(s, back + MIN) == FIRST + WEEK - DAY
        assert s.query(ReminderState).count() == 2  # both leads are stored as fired
        # The panel keeps fired reminders of the last two days only; this one was listed once.
        assert active_reminders(s, back + MIN) == []
        assert [r.lead_minutes for r in active_reminders(s, FIRST + DAY)] == [15]


def test_catch_up_lists_one_reminder_per_occurrence(database: Database) -> None:
    add_check_ins(database)
    assert len(fire_due(database, FIRST - 20 * 60 * MIN)) == 1  # the day-before reminder
    back = FIRST + WEEK - DAY + 5 * MIN  # closed for six days and 20 hours
    missed = catch_up(database, back)
    assert [(r.event.start, r.lead_minutes) for r in missed] == [
        (FIRST, 15),
        (FIRST + WEEK, 1440),
    ]


def test_first_run_only_reminds_of_what_is_still_ahead(database: Database) -> None:
    add_check_ins(database)
    now = FIRST + WEEK - 2 * 60 * MIN  # no watermark yet: the app never ran on this database
    missed = catch_up(database, now)
    assert [(r.event.start, r.lead_minutes) for r in missed] == [(FIRST + WEEK, 1440)]


def test_catch_up_looks_back_one_week_at_most(database: Database) -> None:
    add_check_ins(database)
    fire_due(database, FIRST - 3 * DAY)
    back = FIRST + 5 * WEEK + 2 * DAY  # five weeks away
    starts = [r.event.start for r in catch_up(database, back)]
    assert starts == [datetime(2026, 4, 6, 9, tzinfo=LONDON)]


def test_explicit_since_limits_the_catch_up(database: Database) -> None:
    add_check_ins(database)
    fire_due(database, FIRST - 3 * DAY)
    back = FIRST + WEEK + DAY
    starts = [r.event.start for r in catch_up(database, back, since=FIRST + 2 * DAY)]
    assert starts == [FIRST + WEEK]


def test_no_double_firing_across_restarts(db_path: Path) -> None:
    first = open_database(db_path)
    add_check_ins(first)
    assert len(fire_due(first, FIRST - DAY)) == 1
    first.dispose()
    second = open_database(db_path)
    try:
        assert catch_up(second, FIRST - DAY + 5 * MIN) == []
        assert fire_due(second, FIRST - DAY + 6 * MIN) == []
        assert due_after(second, FIRST - DAY + 6 * MIN) == FIRST - 15 * MIN
    finally:
        second.dispose()


def test_moving_an_occurrence_replans_and_reminds_at_the_new_time(database: Database) -> None:
    series = add_check_ins(database)
    [day_before] = fire_due(database, FIRST - DAY)
    later = FIRST + 2 * DAY + 60 * MIN
    with database.unit_of_work() as s:
        move_check_in(s, series, FIRST, later, allow_conflicts=True)
    now = FIRST - DAY + MIN
    with database.reading() as s:
        # The reminder for the old time is gone from the panel; the new time reminds afresh.
        assert active_reminders(s, now) == []
        assert next_due(s, now) == later - DAY
    assert fired(database, FIRST - 15 * MIN) == []
    assert fired(database, later - DAY) == [(check_in_uid(series), later, 1440)]
    assert day_before.key.occurrence_start == FIRST


def test_moving_closer_than_the_lead_still_reminds_once(database: Database) -> None:
    series = add_check_ins(database)
    now = FIRST - 3 * DAY
    fire_due(database, now)
    soon = now + 10 * MIN
    with database.unit_of_work() as s:
        move_check_in(s, series, FIRST, soon, allow_conflicts=True)
    assert due_after(database, now + MIN) == soon - DAY  # already past: fire at once
    assert fired(database, now + MIN) == [(check_in_uid(series), soon, 15)]
    assert fired(database, now + 2 * MIN) == []


def test_cancelled_occurrences_never_remind(database: Database) -> None:
    series = add_check_ins(database)
    with database.unit_of_work() as s:
        cancel_check_in(s, series, FIRST)
    assert due_after(database, FIRST - 2 * DAY) == FIRST + WEEK - DAY
    assert fired(database, FIRST - DAY) == []
    assert fired(database, FIRST - 15 * MIN) == []


def test_a_snooze_of_a_cancelled_occurrence_is_dropped(database: Database) -> None:
    series = add_check_ins(database)
    [reminder] = fire_due(database, FIRST - DAY)
    snooze(database, reminder.key, FIRST - DAY + 60 * MIN)
    with database.unit_of_work() as s:
        cancel_check_in(s, series, FIRST)
    now = FIRST - DAY + 2 * MIN
    assert due_after(database, now) == FIRST + WEEK - DAY
    assert fire_due(database, FIRST - DAY + 60 * MIN) == []
    with database.reading() as s:
        row = s.query(ReminderState).one()
        assert row.dismissed_at == FIRST - DAY + 60 * MIN


@pytest.mark.parametrize("week", [0, 4])  # 23 March (GMT) and 30 March 2026 (BST)
def test_dst_a_nine_oclock_check_in_reminds_at_eight_forty_five_local(
    database: Database, week: int
) -> None:
    add_check_ins(database, starts_on=date(2026, 3, 2))
    day = date(2026, 3, 23) + timedelta(days=7 * (week // 4))
    start = datetime.combine(day, time(9), LONDON).astimezone(UTC)
    expected = datetime.combine(day, time(8, 45), LONDON).astimezone(UTC)
    assert expected.hour == (8 if week == 0 else 7)  # UTC differs; the wall clock does not
    fire_due(database, start - DAY)  # the day-before reminder is out of the way
    assert due_after(database, start - DAY + MIN) == expected
    assert fired(database, expected - MIN) == []
    [reminder] = fire_due(database, expected)
    assert reminder.due_at.astimezone(LONDON).time() == time(8, 45)
    assert reminder.event.start == start


def test_webinars_remind_too(database: Database) -> None:
    with database.unit_of_work() as s:
        series = WebinarSeries(
            title="Moderation",
            ordinal=2,
            weekday=1,
            starts_on=date(2026, 3, 1),
            reminder_minutes=[30],
        )
        series.sessions.append(WebinarSession(local_time=time(16), time_zone="Asia/Tokyo"))
        s.add(series)
        s.flush()
        session_id = series.sessions[0].id
    start = datetime(2026, 3, 10, 16, tzinfo=ZoneInfo("Asia/Tokyo")).astimezone(UTC)
    assert due_after(database, datetime(2026, 3, 1, tzinfo=UTC)) == start - 30 * MIN
    [reminder] = fire_due(database, start - 30 * MIN)
    assert (reminder.event.uid, reminder.event.kind) == (webinar_uid(session_id), "webinar")


def test_nothing_scheduled_means_nothing_due(database: Database) -> None:
    assert due_after(database, FIRST) is None
    assert fire_due(database, FIRST) == []


def test_naive_instants_are_refused(database: Database) -> None:
    with pytest.raises(ValueError, match="naive"):
        fire_due(database, datetime(2026, 3, 1))


def test_snooze_choices() -> None:
    now = datetime(2026, 3, 28, 22, 30, tzinfo=UTC)  # Saturday night in London
    assert snooze_until("10min", now) == now + 10 * MIN
    assert snooze_until("1h", now) == now + 60 * MIN
    # Tomorrow 09:00 London is already summer time (08:00 UTC).
    assert snooze_until("tomorrow", now, LONDON) == datetime(2026, 3, 29, 8, tzinfo=UTC)
    tokyo = snooze_until("tomorrow", now, ZoneInfo("Asia/Tokyo"))
    assert tokyo.astimezone(ZoneInfo("Asia/Tokyo")) == datetime(
        2026, 3, 30, 9, tzinfo=ZoneInfo("Asia/Tokyo")
    )
    with pytest.raises(ValueError):
        snooze_until("someday", now)


# --- coordinators sharing one database: each has their own reminders ------------------------


def test_each_coordinator_fires_snoozes_and_dismisses_their_own(database: Database) -> None:
    uid = check_in_uid(add_check_ins(database))
    [ada] = fire_due(database, FIRST - DAY, owner="ada")
    # Bea's copy of the app fires the same reminder for her, once, an hour later.
    assert [
        (r.event.uid, r.lead_minutes)
        for r in fire_due(database, FIRST - DAY + 60 * MIN, owner="bea")
    ] == [(uid, 1440)]
    assert fire_due(database, FIRST - DAY + 61 * MIN, owner="bea") == []
    assert fire_due(database, FIRST - DAY + 61 * MIN, owner="ada") == []

    snooze(database, ada.key, FIRST - 120 * MIN, owner="ada")
    assert dismiss(database, ada.key, FIRST - DAY + 2 * 60 * MIN, owner="bea") == 1
    with database.reading() as s:
        assert [r.status for r in active_reminders(s, FIRST - DAY + 3 * 60 * MIN, owner="ada")] == [
            ReminderStatus.SNOOZED
        ]
        assert active_reminders(s, FIRST - DAY + 3 * 60 * MIN, owner="bea") == []
        assert next_due(s, FIRST - DAY + 3 * 60 * MIN, owner="ada") == FIRST - 120 * MIN
        assert next_due(s, FIRST - DAY + 3 * 60 * MIN, owner="bea") == FIRST - 15 * MIN
        assert last_seen(s, "ada") == FIRST - DAY + 61 * MIN
        assert last_seen(s, "bea") == FIRST - DAY + 61 * MIN
        assert last_seen(s) is None  # nobody used the database unnamed
    # Ada's snooze ends: only she is reminded again.
    assert len(fire_due(database, FIRST - 120 * MIN, owner="ada")) == 1
    assert fire_due(database, FIRST - 120 * MIN, owner="bea") == []
    with database.reading() as s:
        owners = sorted(s.scalars(select(ReminderState.owner)))
    assert owners == ["ada", "bea"]


def test_catch_up_is_per_coordinator(database: Database) -> None:
    add_check_ins(database)
    fire_due(database, FIRST - 3 * DAY, owner="ada")  # Ada's app ran; Bea's never did
    fire_due(database, FIRST - 3 * DAY, owner="bea")
    assert len(fire_due(database, FIRST - DAY, owner="ada")) == 1  # Ada's app is open
    # Bea opens her app after the check-in: the day-before and the 15-minute reminders
    # fell due while she was away; she is told once, in one list.
    missed = catch_up(database, FIRST + 60 * MIN, owner="bea")
    assert [(r.event.start, r.lead_minutes) for r in missed] == [(FIRST, 15)]
    assert catch_up(database, FIRST + 61 * MIN, owner="bea") == []
    missed_by_ada = catch_up(database, FIRST + 60 * MIN, owner="ada")
    assert [(r.event.start, r.lead_minutes) for r in missed_by_ada] == [(FIRST, 15)]


def test_state_from_before_owners_is_adopted_once(database: Database) -> None:
    add_check_ins(database)
    assert len(fire_due(database, FIRST - DAY)) == 1  # unnamed: a one-user database
    # The upgraded app runs under the lead's name: nothing fires twice.
    assert catch_up(database, FIRST - DAY + 5 * MIN, owner="lead") == []
    with database.reading() as s:
        assert last_seen(s, "lead") == FIRST - DAY + 5 * MIN
        assert last_seen(s) is None
        assert list(s.scalars(select(ReminderState.owner))) == ["lead"]
    # A second coordinator joining later starts afresh (the state was the lead's): like any
    # first run, she is reminded of the check-in ahead whose day-before reminder has passed.
    joined = catch_up(database, FIRST - DAY + 6 * MIN, owner="bea")
    assert [(r.event.start, r.lead_minutes) for r in joined] == [(FIRST, 1440)]
    assert [r.lead_minutes for r in fire_due(database, FIRST - 15 * MIN, owner="bea")] == [15]
    assert [r.lead_minutes for r in fire_due(database, FIRST - 15 * MIN, owner="lead")] == [15]
